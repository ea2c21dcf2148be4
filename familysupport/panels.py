"""The parts of the start page, each declared by the app whose work it shows.

An app registers its panels in its `AppConfig.ready()`:

    registry.contribute(registry.START_PANELS, *PANELS)

and the overview (overview/dashboard.py) shows a user the panels of their roles, in `order`. A
panel's figures go under its `part` of the page's context: the panels of one role share it (the
head's requests, caseload and court week are all under "head"), so the page and its tests read
one role's figures in one place.
"""

from collections.abc import Callable
from dataclasses import dataclass

from familysupport.models import User

# How many items a list of the start page shows (each links to the whole list).
DASHBOARD_ROWS = 10


@dataclass(frozen=True)
class Panel:
    """One part of the start page: who sees it, where, drawn by which template from which figures."""

    key: str
    # The name its figures go under in the page's context, shared by the panels of one role.
    part: str
    roles: tuple[str, ...]
    order: int
    template: str
    # (user, today, *, mine, counts) -> the panel's figures: `mine` are the user's own open
    # deadlines (loaded), `counts` the centre's counted by owner (the head's page only, else []).
    # A panel with `lists` gets `lists=` too: each of its lists by name, read as it asked.
    context: Callable[..., dict]
    # (user, today) -> {name: familysupport.deadlines.OpenList}: the lists of the centre's open
    # deadlines the panel shows. The start page reads the lists of all its panels in one query
    # (deadlines.first_open_lists) rather than one query each.
    lists: Callable[..., dict] | None = None

    def shown_to(self, user: User) -> bool:
        return user.has_role(*self.roles)


@dataclass(frozen=True)
class QueueItem:
    """One thing waiting for the user: what picks it out (a family's reference, a contract's
    number: never a person's name), a line about it, and the page where the user acts on it."""

    label: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Queue:
    """What waits for the head's step, as a start-page panel shows it (familysupport/_queue.html):
    how many, a link to the list filtered to them (or to the one item), and the first few."""

    title: str
    count: int
    url: str
    items: list[QueueItem]
    # What the panel says when nothing waits.
    empty: str

    @property
    def more(self) -> int:
        """How many wait beyond the items shown."""
        return max(self.count - len(self.items), 0)
