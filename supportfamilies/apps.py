from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportFamiliesConfig(AppConfig):
    name = "supportfamilies"
    verbose_name = _("Support families")

    def ready(self) -> None:
        from familysupport import registry
        from supportfamilies import dashboard, deadlines, statistics

        registry.contribute(registry.DEADLINE_KINDS, *deadlines.KINDS)
        registry.contribute(registry.START_PANELS, *dashboard.PANELS)
        registry.contribute(registry.STATISTICS_SECTIONS, *statistics.SECTIONS)
