"""Reports and interviews name their family's centre, so that a centre's are counted by an index.

Filled here from the family for the rows already there; the services write it from now on. The
column is required from 0006 on (PostgreSQL alters no table with the fill's checks still pending).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Family = apps.get_model("cases", "Family")
    centre_of_family = Subquery(Family.objects.filter(pk=OuterRef("family_id")).values("centre_id")[:1])
    for model in ("Report", "Interview"):
        apps.get_model("cases", model).objects.update(centre_id=centre_of_family)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_search_ignores_diacritics"),
        ("familysupport", "0003_search_normaliser"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="centre",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="familysupport.centre",
            ),
        ),
        migrations.AddField(
            model_name="interview",
            name="centre",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="familysupport.centre",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
