"""One final decision per request (only returns for completion may precede it), on the moved table."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("assistants", "0005_decision"),
        ("cases", "0007_decision_moved_to_assistants"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.UniqueConstraint(condition=models.Q(('outcome', 'return'), _negated=True), fields=('request',), name='one_final_decision_per_request'),
        ),
    ]
