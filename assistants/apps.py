from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantsConfig(AppConfig):
    name = "assistants"
    verbose_name = _("Family assistants")

    def ready(self) -> None:
        from assistants import dashboard, deadlines, statistics
        from familysupport import registry

        registry.contribute(registry.DEADLINE_KINDS, *deadlines.KINDS)
        registry.contribute(registry.START_PANELS, *dashboard.PANELS)
        registry.contribute(registry.STATISTICS_SECTIONS, *statistics.SECTIONS)
