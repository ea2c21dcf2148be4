from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamilyServicesConfig(AppConfig):
    name = "familyservices"
    verbose_name = _("Services of the forms of work with the family")

    def ready(self) -> None:
        # What the app adds to the other apps' pages; its policies declare themselves for `{% may %}`.
        from familyservices import (
            case_pages,
            dashboard,
            erasure,
            policies,  # noqa: F401
            services,
            statistics,
        )
        from familysupport import registry

        registry.contribute(registry.START_PANELS, *dashboard.PANELS)
        registry.contribute(registry.STATISTICS_SECTIONS, *statistics.SECTIONS)
        registry.contribute(registry.CASE_ERASERS, erasure.ERASER)
        registry.contribute(registry.FAMILY_SECTIONS, *case_pages.FAMILY_SECTIONS)
        registry.contribute(registry.FAMILY_PATH, case_pages.FAMILY_PATH)
        registry.contribute(registry.WITHDRAWN_RECORDS, *case_pages.WITHDRAWN_RECORDS)
        registry.contribute(registry.ANALYSIS_FOLLOW_UPS, services.episodes_from_analysis)
