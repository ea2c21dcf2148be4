"""The specialists' role (psychologist, pedagogue, lawyer, mediator, therapist), a group of its own."""

from django.db import migrations

ROLE = "specialist"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ROLE).delete()


class Migration(migrations.Migration):
    dependencies = [("familysupport", "0005_stored_deadlines")]

    operations = [migrations.RunPython(create_role, remove_role)]
