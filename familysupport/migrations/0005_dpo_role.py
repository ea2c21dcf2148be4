from django.db import migrations

ROLE = "dpo"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ROLE).delete()


class Migration(migrations.Migration):
    """The data protection officer (inspektor ochrony danych): sees the audit record, no case content."""

    dependencies = [("familysupport", "0004_auth_audit_actions")]

    operations = [migrations.RunPython(create_role, remove_role)]
