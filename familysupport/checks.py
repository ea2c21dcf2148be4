from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

AppConfigs = Sequence[AppConfig] | None

# `make serve` runs the checks of this tag with --fail-level WARNING: a server refuses to start
# without the settings that every application server of one installation must share.
PRODUCTION = "production"


@register(Tags.security, PRODUCTION, deploy=True)
def secret_key_from_environment(app_configs: AppConfigs, **kwargs: Any) -> list[CheckMessage]:
    """Production must share one secret key between its servers: it comes from the environment."""
    if settings.SECRET_KEY_FROM_ENVIRONMENT:
        return []
    return [
        Warning(
            "DJANGO_SECRET_KEY is not set; the key is generated in var/ on this machine only.",
            hint="Set DJANGO_SECRET_KEY in the environment of every application server.",
            id="familysupport.W001",
        )
    ]


@register(Tags.security, PRODUCTION, deploy=True)
def allowed_hosts_from_environment(app_configs: AppConfigs, **kwargs: Any) -> list[CheckMessage]:
    """Production names the host names it answers to; the default is the local machine only."""
    if settings.ALLOWED_HOSTS_FROM_ENVIRONMENT:
        return []
    return [
        Warning(
            "DJANGO_ALLOWED_HOSTS is not set; only 127.0.0.1 and localhost are answered.",
            hint="Set DJANGO_ALLOWED_HOSTS to the host names of the installation (comma-separated).",
            id="familysupport.W002",
        )
    ]
