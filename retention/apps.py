from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = _("Disposal of cases")

    def ready(self) -> None:
        # Its policies declare themselves for `{% may %}`.
        from retention import policies  # noqa: F401
