"""A report's and an interview's centre is required, and indexed for the centre's pages."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_reports_and_interviews_name_their_centre"),
    ]

    operations = [
        migrations.AlterField(
            model_name="report",
            name="centre",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="familysupport.centre"
            ),
        ),
        migrations.AlterField(
            model_name="interview",
            name="centre",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="familysupport.centre"
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["centre", "received_on"], name="report_in_centre"),
        ),
        migrations.AddIndex(
            model_name="interview",
            index=models.Index(
                condition=models.Q(("status", "signed")),
                fields=["centre", "conducted_on"],
                name="interview_signed_in_centre",
            ),
        ),
    ]
