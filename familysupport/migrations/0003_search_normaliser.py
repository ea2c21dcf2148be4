"""The search's normaliser in PostgreSQL: lower case of unaccent, for expression indexes.

`unaccent()` is only STABLE (its dictionary could change), so it cannot be indexed; the usual
remedy is an IMMUTABLE wrapper naming the dictionary. It must agree with
familysupport.search.normalised, which normalises the searched text (a test compares them).
unaccent and pg_trgm are trusted extensions (PostgreSQL 13+): the database's owner may create
them; where the application's role may not, an administrator runs `CREATE EXTENSION unaccent;
CREATE EXTENSION pg_trgm` once before migrating (docs/deploy.md). On SQLite this does nothing.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION fs_search_normalised(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP FUNCTION IF EXISTS fs_search_normalised(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("familysupport", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
