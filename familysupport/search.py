"""Search that ignores case and diacritics: "zolc" finds "Żółć".

One normaliser (`normalised`) says what a text is compared as: lower case, without diacritics. A
searched column is matched in its normalised form, per column (so that each column's index serves
it), and only ever within what the caller's queryset already bounds (the user's centre):

- on PostgreSQL the database normalises the column itself: `fs_search_normalised(column)`, lower
  case of unaccent (familysupport/migrations/0003_search_normaliser.py), with a GIN trigram index
  of that expression per searched column (pg_trgm), so rows written by any means are found;
- on SQLite, which has neither, the model keeps a normalised copy of the column (e.g.
  `Family.search_name`) that the services write with the column, from this same normaliser.
"""

import unicodedata

from django.db import connection
from django.db.models import CharField, Func, Q
from django.db.models.lookups import Contains

# Letters that Unicode does not decompose into a base letter and a diacritic (unaccent maps them).
UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})

# pg_trgm indexes a text by its three-character pieces: a shorter search text has none to look up.
INDEXED_LENGTH = 3


def normalised(text: str) -> str:
    """`text` as the search compares it: lower case, without diacritics ("Żółć" → "zolc")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


class Normalised(Func):
    """A column as the search compares it, computed by PostgreSQL (lower case of unaccent)."""

    function = "fs_search_normalised"
    output_field = CharField()


def contains(column: str, text: str, *, stored: str | None = None) -> Q:
    """Rows whose `column` contains `text`, ignoring case and diacritics: on PostgreSQL by the
    column's normalised expression (trigram-indexed), elsewhere by its normalised copy `stored`
    (None: a column that holds no diacritics, such as a reference, compared in any case)."""
    needle = normalised(text)
    if connection.vendor == "postgresql":
        return Q(Contains(Normalised(column), needle))
    if stored is None:
        return Q(**{f"{column}__icontains": text})
    return Q(**{f"{stored}__contains": needle})
