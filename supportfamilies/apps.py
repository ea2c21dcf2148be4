from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportFamiliesConfig(AppConfig):
    name = "supportfamilies"
    verbose_name = _("Support families")
