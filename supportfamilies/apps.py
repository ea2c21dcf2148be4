from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportFamiliesConfig(AppConfig):
    name = "supportfamilies"
    verbose_name = _("Support families")

    def ready(self) -> None:
        # The policies declare themselves (`@policy`) for the `{% may %}` tag of every template.
        from supportfamilies import policies  # noqa: F401
