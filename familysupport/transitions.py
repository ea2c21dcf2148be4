"""The one helper through which every model with states moves from one to the next.

A model with states declares `TRANSITIONS = {status: {statuses it may move to}}` next to its
fields (the table is written once); services ask `can_move(obj, to)` and change the state only with
`move(obj, to)`, which refuses a move the table does not allow.
"""

from collections.abc import Collection, Iterable, Mapping
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class WithStates(Protocol):
    """A model with states: its table of the moves allowed from each state."""

    @property
    def TRANSITIONS(self) -> Mapping[Any, Collection[Any]]: ...

    def save(self, *, update_fields: Iterable[str] | None = ...) -> None: ...


def can_move(obj: WithStates, to: str, *, field: str = "status") -> bool:
    """True when the model's table allows `obj` to move from its current state to `to`."""
    return to in obj.TRANSITIONS.get(getattr(obj, field), ())


def move(obj: WithStates, to: str, *, field: str = "status", also_update: tuple[str, ...] = ()) -> None:
    """Move `obj` to the state `to` and save that field (and `also_update`), or refuse."""
    if not can_move(obj, to, field=field):
        raise ValidationError(_("This step is not possible in the current state."))
    setattr(obj, field, to)
    obj.save(update_fields=[field, *also_update])
