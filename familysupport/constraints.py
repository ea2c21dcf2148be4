"""The rules the database holds speak to a person, never in the database's own words.

Every constraint of a model declares its `violation_error_message` (a test holds them all to it).
When the database refuses a write (an IntegrityError, for example when two people save at the
same moment), `constraint_refusal` finds the constraint that refused and gives its message, on
the field it concerns: the model's `CONSTRAINT_FIELDS` names it for a check, a unique constraint
speaks of its last field.
"""

import re

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models


def _columns_text(model: type[models.Model], constraint: models.UniqueConstraint) -> str:
    """How SQLite names a unique constraint it enforced: `table.column, table.column`."""
    table = model._meta.db_table
    fields = [model._meta.get_field(name) for name in constraint.fields]
    return ", ".join(f"{table}.{field.column}" for field in fields if isinstance(field, models.Field))


def _refused_by(model: type[models.Model], constraint: models.BaseConstraint, text: str) -> bool:
    if re.search(rf"\b{re.escape(constraint.name)}\b", text):
        return True  # PostgreSQL names every constraint, SQLite its checks
    if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
        return text.rstrip().endswith(_columns_text(model, constraint))
    return False


def _field_of(model: type[models.Model], constraint: models.BaseConstraint) -> str | None:
    named: dict[str, str] = getattr(model, "CONSTRAINT_FIELDS", {})
    if constraint.name in named:
        return named[constraint.name]
    if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
        return str(constraint.fields[-1])
    return None


def constraint_refusal(error: IntegrityError) -> ValidationError | None:
    """The refusal, in the person's language, of the constraint that made the database refuse a
    write; None when no constraint of the product's models explains the error."""
    text = str(error)
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if _refused_by(model, constraint, text):
                message = constraint.get_violation_error_message()
                field = _field_of(model, constraint)
                return ValidationError({field: message} if field else message)
    return None
