from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "institutions"
    verbose_name = _("Cooperation with institutions")

    def ready(self) -> None:
        # What the app adds to the other apps' pages; its policies declare themselves for `{% may %}`.
        from familysupport import registry
        from institutions import case_pages, deadlines, erasure, policies  # noqa: F401

        registry.contribute(registry.DEADLINE_KINDS, *deadlines.KINDS)
        registry.contribute(registry.FAMILY_SECTIONS, *case_pages.FAMILY_SECTIONS)
        registry.contribute(registry.CASE_ERASERS, erasure.ERASER)
