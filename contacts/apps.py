from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Contacts, notes and attachments")

    def ready(self) -> None:
        # What the app adds to the other apps' pages; its policies declare themselves for `{% may %}`.
        from contacts import (
            case_pages,
            dashboard,
            erasure,
            policies,  # noqa: F401
        )
        from familysupport import registry

        registry.contribute(registry.START_PANELS, *dashboard.PANELS)
        registry.contribute(registry.CASE_ERASERS, erasure.ERASER)
        registry.contribute(registry.FAMILY_SECTIONS, *case_pages.FAMILY_SECTIONS)
