"""The head's decision on a request moves from cases to assistants, beside the assignment it
starts: its table is made here, the old one is dropped by cases 0007, and the constraint that a
request is decided once is added by 0006 after that (its name is free only then)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assistants', '0004_dispatch_method_label'),
        ('cases', '0006_search_trigram_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Decision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('outcome', models.CharField(choices=[('assign', 'assign an assistant of the centre'), ('municipal_unit', 'ask the municipal unit organising work with families'), ('commissioned', 'ask the entity commissioned by the municipality'), ('return', 'return to the social worker for completion'), ('refuse', 'refuse')], max_length=16, verbose_name='decision')),
                ('entity', models.CharField(blank=True, max_length=200, verbose_name='entity asked')),
                ('comment', models.TextField(blank=True, verbose_name='comment or reason')),
                ('decided_at', models.DateTimeField(auto_now_add=True, verbose_name='date decided')),
                ('assistant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='assistants.assistantprofile', verbose_name='family assistant')),
                ('decided_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='cases.assignmentrequest', verbose_name='request')),
            ],
            options={
                'verbose_name': 'decision',
                'verbose_name_plural': 'decisions',
                'ordering': ['decided_at', 'id'],
            },
        ),
        migrations.AlterField(
            model_name='assignment',
            name='decision',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assignment', to='assistants.decision', verbose_name='decision'),
        ),
    ]
