from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = _("Disposal of cases")

    def ready(self) -> None:
        # What the app adds to the family page; its policies declare themselves for `{% may %}`.
        from familysupport import registry
        from retention import (
            case_pages,
            policies,  # noqa: F401
        )

        registry.contribute(registry.FAMILY_SECTIONS, *case_pages.FAMILY_SECTIONS)
