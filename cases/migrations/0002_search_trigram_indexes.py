"""Trigram indexes for the family search, on PostgreSQL only.

The search (cases.selectors.search_families) finds a part of the reference, the family's name or a
member's surname in any case: Django's `icontains`, which PostgreSQL runs as
`UPPER(column::text) LIKE UPPER('%text%')`. No B-tree index serves a pattern with a leading
wildcard; a GIN index of trigrams (pg_trgm) of the same `UPPER(...)` expression does, so the
search reads the index instead of every family and every member.

pg_trgm is a trusted extension (PostgreSQL 13+): the owner of the database may create it; where
the application's role may not, an administrator runs `CREATE EXTENSION pg_trgm` once before
migrating (docs/deploy.md). SQLite has neither; there this migration does nothing, and the
indexes are not part of the models' state, so `makemigrations` does not see them.
"""

from django.db import migrations

INDEXES = (
    ("family_reference_trgm", "cases_family", "reference"),
    ("family_name_trgm", "cases_family", "name"),
    ("member_last_name_trgm", "cases_familymember", "last_name"),
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_families_and_their_path"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
