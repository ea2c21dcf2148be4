"""The family search ignores case and diacritics ("zolc" finds "Żółć"), per column, within the centre.

SQLite: the normalised copies of the family's name and the members' surnames (written by the
services from now on), filled here for the rows already there. PostgreSQL: GIN trigram indexes of
the normalised expression (`fs_search_normalised`, familysupport/migrations/0003_search_normaliser.py)
of the reference, the name and the surnames, which replace the indexes of their upper case (0002).
The indexes are not part of the models' state, so `makemigrations` does not see them.
"""

from django.db import migrations, models

from familysupport.search import normalised

INDEXES = (
    ("family_reference_search", "cases_family", "reference"),
    ("family_name_search", "cases_family", "name"),
    ("member_last_name_search", "cases_familymember", "last_name"),
)
REPLACED = (
    ("family_reference_trgm", "cases_family", "reference"),
    ("family_name_trgm", "cases_family", "name"),
    ("member_last_name_trgm", "cases_familymember", "last_name"),
)


def fill(apps, schema_editor):
    for model, column, stored in (("Family", "name", "search_name"), ("FamilyMember", "last_name", "search_last_name")):
        Model = apps.get_model("cases", model)
        rows = list(Model.objects.only("pk", column))
        for row in rows:
            setattr(row, stored, normalised(getattr(row, column)))
        Model.objects.bulk_update(rows, [stored], batch_size=2000)


def _index(schema_editor, name, table, column):
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((fs_search_normalised({column})) gin_trgm_ops)"
    )


def _upper_index(schema_editor, name, table, column):
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)"
    )


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in REPLACED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for index in INDEXES:
        _index(schema_editor, *index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for index in REPLACED:
        _upper_index(schema_editor, *index)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_social_worker_list_index"),
        ("familysupport", "0003_search_normaliser"),
    ]

    operations = [
        migrations.AddField(
            model_name="family",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name="familymember",
            name="search_last_name",
            field=models.CharField(default="", editable=False, max_length=120),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
