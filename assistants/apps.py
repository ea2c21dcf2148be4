from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantsConfig(AppConfig):
    name = "assistants"
    verbose_name = _("Family assistants")

    def ready(self) -> None:
        # What the app adds to the other apps' pages; its policies declare themselves for `{% may %}`.
        from assistants import (
            case_pages,
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
        registry.contribute(registry.FAMILY_SECTIONS, *case_pages.FAMILY_SECTIONS)
        registry.contribute(registry.WITHDRAWN_RECORDS, *case_pages.WITHDRAWN_RECORDS)
        registry.contribute(registry.FAMILY_PATH, case_pages.FAMILY_PATH)
        registry.contribute(registry.FAMILY_LIST_COLUMNS, *case_pages.FAMILY_LIST_COLUMNS)
        registry.contribute(registry.REQUEST_SECTIONS, *case_pages.REQUEST_SECTIONS)
        registry.contribute(registry.FAMILY_CIRCLES, case_pages.FAMILY_CIRCLE)
        registry.contribute(registry.MONITORING_SOURCES, case_pages.MONITORING_SOURCE)
