from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """The layer on top: start pages, the deadline overview, reminders, statistics, the audit pages.

    It reads what the case apps declare (familysupport.registry) and no app imports it.
    """

    name = "overview"
    verbose_name = _("Overview")

    def ready(self) -> None:
        from familysupport import registry
        from overview import dashboard, statistics

        # Its own parts, ordered among the apps': the head's overdue deadlines of every kind, and
        # the deadlines met and missed.
        registry.contribute(registry.START_PANELS, *dashboard.PANELS)
        registry.contribute(registry.STATISTICS_SECTIONS, *statistics.SECTIONS)
