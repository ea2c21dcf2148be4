from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportFamiliesConfig(AppConfig):
    name = "supportfamilies"
    verbose_name = _("Support families")

    def ready(self) -> None:
        # What the app adds to the other apps' pages; its policies declare themselves for `{% may %}`.
        from familysupport import registry
        from supportfamilies import (
            case_pages,
            dashboard,
            deadlines,
            erasure,
            policies,  # noqa: F401
            statistics,
        )

        registry.contribute(registry.DEADLINE_KINDS, *deadlines.KINDS)
        registry.contribute(registry.START_PANELS, *dashboard.PANELS)
        registry.contribute(registry.STATISTICS_SECTIONS, *statistics.SECTIONS)
        registry.contribute(registry.CASE_ERASERS, erasure.ERASER)
        registry.contribute(registry.FAMILY_SECTIONS, *case_pages.FAMILY_SECTIONS)
        registry.contribute(registry.WITHDRAWN_RECORDS, *case_pages.WITHDRAWN_RECORDS)
