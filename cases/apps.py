from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Family cases")

    def ready(self) -> None:
        # What the app adds to the overview; its policies declare themselves for `{% may %}`.
        from cases import (
            dashboard,
            deadlines,
            erasure,
            policies,  # noqa: F401
            statistics,
        )
        from familysupport import registry

        registry.contribute(registry.DEADLINE_KINDS, *deadlines.KINDS)
        registry.contribute(registry.START_PANELS, *dashboard.PANELS)
        registry.contribute(registry.STATISTICS_SECTIONS, *statistics.SECTIONS)
        registry.contribute(registry.CASE_ERASERS, erasure.ERASER)
