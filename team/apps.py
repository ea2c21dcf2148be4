from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamConfig(AppConfig):
    name = "team"
    verbose_name = _("Specialists of the team")

    def ready(self) -> None:
        # What the app adds to the other apps' pages; its policies declare themselves for `{% may %}`.
        from familysupport import registry
        from team import case_pages, dashboard, erasure, policies  # noqa: F401

        registry.contribute(registry.START_PANELS, *dashboard.PANELS)
        registry.contribute(registry.CASE_ERASERS, erasure.ERASER)
        registry.contribute(registry.FAMILY_SECTIONS, *case_pages.FAMILY_SECTIONS)
        registry.contribute(registry.FAMILY_CIRCLES, case_pages.FAMILY_CIRCLE)
        registry.contribute(registry.DOCUMENT_PARTS, *case_pages.DOCUMENT_PARTS)
        registry.contribute(registry.WITHDRAWN_RECORDS, *case_pages.WITHDRAWN_RECORDS)
