from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring of a child's situation")

    def ready(self) -> None:
        # What the app adds to the other apps' pages; its policies declare themselves for `{% may %}`.
        from familysupport import registry
        from monitoring import (
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
        registry.contribute(registry.FAMILY_PATH, case_pages.FAMILY_PATH)
