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


def grant_admin_role_permissions(sender, **kwargs) -> None:
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
        from familysupport import checks  # noqa: F401  (registers the system checks)

        post_migrate.connect(grant_admin_role_permissions, sender=self)
