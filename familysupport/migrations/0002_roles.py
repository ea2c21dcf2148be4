"""The roles of the department, each a Django group of the same name (familysupport.models.Role).

A role added later gets a migration of its own that creates its group."""

from django.db import migrations

ROLES = ["social_worker", "family_assistant", "head", "staff", "admin", "dpo"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("familysupport", "0001_centres_users_and_the_audit_record")]

    operations = [migrations.RunPython(create_roles, remove_roles)]
