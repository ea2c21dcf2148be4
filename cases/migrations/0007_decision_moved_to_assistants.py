"""The decision now lives in assistants (assistants 0005), which points the assignment at it."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('assistants', '0005_decision'),
        ('cases', '0006_search_trigram_indexes'),
    ]

    operations = [
        migrations.DeleteModel(
            name='Decision',
        ),
    ]
