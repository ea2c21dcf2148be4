from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The administrator role manages users and centres in the Django admin, and nothing else.
ADMIN_ROLE_PERMISSIONS = (
    "familysupport.view_user",
    "familysupport.add_user",
    "familysupport.change_user",
    "familysupport.view_centre",
    "familysupport.change_centre",
)


def grant_admin_role_permissions(sender: AppConfig, **kwargs: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.filter(name="admin").first()
    if group is None:
        return
    for label in ADMIN_ROLE_PERMISSIONS:
        app_label, codename = label.split(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission:
            group.permissions.add(permission)


class FamilySupportConfig(AppConfig):
    name = "familysupport"
    verbose_name = _("Family support")

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth import signals as auth_signals

        from familysupport import (
            audit,
            checks,  # noqa: F401  (registers the system checks)
            middleware,
        )

        post_migrate.connect(grant_admin_role_permissions, sender=self)
        auth_signals.user_logged_in.connect(audit.on_logged_in, dispatch_uid="audit-login")
        auth_signals.user_logged_in.connect(
            middleware.renewed_at_login, dispatch_uid="session-renewed-at-login"
        )
        auth_signals.user_logged_out.connect(audit.on_logged_out, dispatch_uid="audit-logout")
        auth_signals.user_login_failed.connect(audit.on_login_failed, dispatch_uid="audit-login-failed")
        user_locked_out.connect(audit.on_locked_out, dispatch_uid="audit-locked-out")
