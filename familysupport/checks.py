from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
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
