from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportFamiliesConfig(AppConfig):
    name = "supportfamilies"
    verbose_name = _("Support families")

    def ready(self) -> None:
        from familysupport import registry
        from supportfamilies import case_pages

        registry.contribute(registry.FAMILY_SECTIONS, *case_pages.FAMILY_SECTIONS)
