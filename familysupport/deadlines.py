"""The register of deadlines: the machinery every kind of deadline plugs into, and the questions
asked of all of them at once.

Each case app declares the kinds of deadline whose rule it owns (`cases/deadlines.py`,
`assistants/deadlines.py`, `supportfamilies/deadlines.py`) and registers them in its
`AppConfig.ready()` (familysupport.registry.DEADLINE_KINDS). A kind says once
- which objects carry it and when it is met (`open` rows, fetched in bulk: one query per kind),
- its due date, through the rule that already computes it (cases.models.interview_due,
  assistants.selectors.first_plan_due and assessment_due_after, the court's date, the end of
  monitoring), never a copy of it,
- who owns it: a person (the family's social worker, its assistant) or a role of the centre (the
  head, staff),
- how the database finds the families where it is overdue (an Exists subquery), for the family
  list's "overdue" filter,
- its label, its due-soon window (Centre.<kind>_soon_days) and the page where its owner acts.

This module imports no case app. The start pages, the "My deadlines" page, the daily reminders and
the family list all read the registered kinds through the functions below, so a deadline is shown,
reminded and filtered the same way everywhere.

Every rule is non-decreasing in the date it starts from (the Branch of a kind), so the database
orders the rows by their due date and picks those due before a day without running the calendar
per row: a person's own items are loaded (they are few), the centre's are counted by owner and
state with one GROUP BY query per kind (`open_counts`), only the first few loaded (`first_open`),
and the half-year's met and missed ones counted per distinct start day (`deadlines_met_and_missed`).
"""

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import BigIntegerField, Count, F, Q, QuerySet, Value
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from familysupport import registry
from familysupport.models import Centre, Role, User


class DeadlineState:
    DUE = "due"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    SATISFIED = "satisfied"


STATE_LABELS = {
    DeadlineState.DUE: _("due"),
    DeadlineState.DUE_SOON: _("due soon"),
    DeadlineState.OVERDUE: _("overdue"),
    DeadlineState.SATISFIED: _("met"),
}


def deadline_state(
    due: datetime.date, *, today: datetime.date, window: int, satisfied_on: datetime.date | None = None
) -> str:
    if satisfied_on is not None:
        return DeadlineState.SATISFIED
    if due < today:
        return DeadlineState.OVERDUE
    if due <= today + datetime.timedelta(days=window):
        return DeadlineState.DUE_SOON
    return DeadlineState.DUE


@dataclass(frozen=True)
class Deadline:
    """One deadline: what, for which family (by reference only), when, and whose."""

    # The code of its Kind.
    kind: str
    due: datetime.date
    centre_id: int
    object_id: int
    family_id: int | None
    family_reference: str
    # The person who owns it, or None when it is a role's of the centre (the head, staff).
    owner_id: int | None
    owner_role: str
    state: str
    satisfied_on: datetime.date | None = None

    @property
    def label(self) -> str | Promise:
        return kind_of(self.kind).label

    @property
    def state_label(self) -> str | Promise:
        return STATE_LABELS[self.state]

    @property
    def overdue(self) -> bool:
        return self.state == DeadlineState.OVERDUE

    @property
    def due_soon(self) -> bool:
        return self.state == DeadlineState.DUE_SOON

    def url(self) -> str:
        """The page where the owner acts on it (the kind's own)."""
        return kind_of(self.kind).url(self)

    def is_owned_by(self, user: User) -> bool:
        if user.centre_id != self.centre_id or not user.has_role(self.owner_role):
            return False
        return self.owner_id is None or self.owner_id == user.pk


@dataclass(frozen=True)
class Branch:
    """Rows of a kind whose due date is one rule of one start date: `due_of(row.<field>)`.

    Every rule is non-decreasing in its start, so the database orders the rows by their due date
    by ordering them by the start, and finds those due before a day by comparing the start with
    `latest_start`; the calendar runs a few times per query, never once per row.
    """

    condition: Q
    field: str
    due_of: Callable[[datetime.date], datetime.date]
    # The column to order by, when the field is a transform of it (submitted_at__date).
    order: str = ""

    def due_before(self, day: datetime.date) -> Q:
        return self.condition & Q(**{f"{self.field}__lte": latest_start(self.due_of, day)})


def on_the_day(day: datetime.date) -> datetime.date:
    """The rule of a deadline that is a date of its own (the court's, the end of a contract)."""
    return day


@dataclass(frozen=True)
class Kind:
    """How one kind of deadline is found, dated, owned, named and acted on (declared by its app)."""

    code: str
    label: str | Promise
    # The roles that may own it (the start pages ask only the kinds of the user's roles).
    roles: tuple[str, ...]
    # centre -> the days before the due date in which it is "due soon" (Centre.<kind>_soon_days).
    window: Callable[[Centre], int]
    # The page where the owner acts on a deadline of this kind.
    url: Callable[[Deadline], str]
    # scope -> the open rows (a QuerySet, not run); `scope(path)` is the Q narrowing the rows,
    # given the path from the kind's model to its family.
    rows: Callable[[Callable[[str], Q]], QuerySet]
    # (kind, row, centres by id, today) -> the row as a Deadline (through `kind.deadline`).
    build: Callable[["Kind", object, dict[int, Centre], datetime.date], Deadline]
    # centre -> the branches dating the rows (see Branch).
    branches: Callable[[Centre], list[Branch]]
    # -> (owner id, owner role): expressions on the rows, so the database groups and narrows by owner.
    owner: Callable[[], tuple]
    # (centre, today) -> Q on Family: the family has this deadline overdue.
    overdue_in: Callable[[Centre, datetime.date], Q]
    # (centre, start, end, today) -> {"met": n, "missed": n} of the deadlines falling due in the period.
    met_and_missed: Callable[[Centre, datetime.date, datetime.date, datetime.date], dict[str, int]]

    def deadline(
        self,
        centre: Centre,
        today: datetime.date,
        due: datetime.date,
        satisfied_on: datetime.date | None = None,
        **fields: Any,
    ) -> Deadline:
        """A Deadline of this kind, its state read against the centre's due-soon window."""
        return Deadline(
            kind=self.code,
            due=due,
            centre_id=centre.pk,
            state=deadline_state(due, today=today, window=self.window(centre), satisfied_on=satisfied_on),
            satisfied_on=satisfied_on,
            **fields,
        )

    def open(self, centres: dict[int, Centre], today: datetime.date, scope: Callable[[str], Q]) -> list:
        """Every open row of the scope as a Deadline (one query)."""
        return [self.build(self, row, centres, today) for row in self.rows(scope)]

    def owned_rows(self, scope: Callable[[str], Q]) -> QuerySet[Any]:
        owner_id, owner_role = self.owner()
        annotated: QuerySet[Any] = self.rows(scope).annotate(
            deadline_owner_id=owner_id, deadline_owner_role=owner_role
        )
        return annotated

    def due_before(self, centre: Centre, day: datetime.date) -> Q:
        """The rows due before `day`, for the database."""
        condition = Q(pk__in=[])
        for branch in self.branches(centre):
            condition |= branch.due_before(day)
        return condition


def latest_start(due_of: Callable[[datetime.date], datetime.date], today: datetime.date) -> datetime.date:
    """The latest start date whose deadline (by the kind's own rule) fell before `today`.

    Every rule here is non-decreasing in its start, so "overdue" is "started on or before this
    day": the database compares a date instead of running the calendar. Found by bisection.
    """
    span = 32
    while due_of(today - datetime.timedelta(days=span)) >= today:
        span *= 2
    late, early = today, today - datetime.timedelta(days=span)  # due_of(early) < today <= due_of(late)
    while (late - early).days > 1:
        middle = early + datetime.timedelta(days=(late - early).days // 2)
        if due_of(middle) < today:
            early = middle
        else:
            late = middle
    return early


def earliest_start(branches: Iterable[Branch], day: datetime.date) -> datetime.date:
    """The earliest start date whose deadline, by any of the branches' rules, falls on `day` or
    later: the bound of a period's rows that follows the rules instead of a number of days."""
    return min(latest_start(branch.due_of, day) for branch in branches) + datetime.timedelta(days=1)


# Helpers for the kinds' declarations -------------------------------------------------------------


def local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return None if moment is None else timezone.localdate(moment)


def family_fields(row: Any) -> dict[str, Any]:
    """The family a row belongs to, for Deadline (the row has a `family`)."""
    return {"family_id": row.family_id, "family_reference": row.family.reference}


def person_owner(field: str, role: str) -> Callable[[], tuple]:
    """Owned by the person in `field` of the row, in `role`."""
    return lambda: (F(field), Value(role))


def role_owner(role: str) -> Callable[[], tuple]:
    """Owned by a role of the centre (whoever holds it)."""
    return lambda: (Value(None, output_field=BigIntegerField()), Value(role))


def local_day(field: str) -> TruncDate:
    """The local calendar day of a moment (as timezone.localdate), computed by the database."""
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def count_met_and_missed(
    rows: QuerySet,
    branches: list[Branch],
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    *,
    grace: int = 0,
    extra: tuple[str, ...] = (),
    skip: Callable[..., bool] | None = None,
) -> dict[str, int]:
    """Met and missed among `rows` (annotated with `satisfied_on`, a date) falling due in the period.

    Met on or before the due day (`grace` days later still counts as met), missed when met later
    or still open after it. The database counts the rows by start day and day met (plain values,
    no row is loaded), so the calendar runs once per distinct start day, not per row. `skip(due,
    satisfied_on, *extra)` leaves out the rows that never fell due (given the `extra` values).
    """
    met = missed = 0
    for branch in branches:
        due_of = functools.cache(branch.due_of)
        # Only the start days due in the period (the rules are monotone).
        started = {
            f"{branch.field}__gt": latest_start(branch.due_of, start),
            f"{branch.field}__lte": latest_start(branch.due_of, end + datetime.timedelta(days=1)),
        }
        groups = (
            rows.filter(branch.condition, **started)
            .order_by()
            .values_list(branch.field, "satisfied_on", *extra)
            .annotate(count=Count("pk"))
        )
        for started, satisfied_on, *values, count in groups:
            due = due_of(started)
            if not start <= due <= end or (skip is not None and skip(due, satisfied_on, *values)):
                continue
            if satisfied_on is not None and satisfied_on <= due + datetime.timedelta(days=grace):
                met += count
            elif satisfied_on is not None or due < today:
                missed += count
    return {"met": met, "missed": missed}


def added(*figures: dict[str, int]) -> dict[str, int]:
    """The sum of several {"met", "missed"} counts (of a kind counted in parts)."""
    return {key: sum(part[key] for part in figures) for key in ("met", "missed")}


# The register ------------------------------------------------------------------------------------


def kinds() -> list[Kind]:
    """Every kind of deadline the apps registered, in the order of INSTALLED_APPS."""
    return registry.contributions(registry.DEADLINE_KINDS)


def kind_of(code: str) -> Kind:
    """The registered kind of `code` (LookupError when no app declares it)."""
    for kind in kinds():
        if kind.code == code:
            return kind
    raise LookupError(f"No app registers the deadline kind {code!r}")


def of_kind(deadlines: Iterable[Deadline], *codes: str) -> list[Deadline]:
    return [deadline for deadline in deadlines if deadline.kind in codes]


def summary_of_deadlines(deadlines: list[Deadline]) -> dict[str, int]:
    """{"overdue", "due_soon", "total"} of loaded deadlines (see `summary_of` for counted ones)."""
    return {
        "overdue": sum(deadline.overdue for deadline in deadlines),
        "due_soon": sum(deadline.due_soon for deadline in deadlines),
        "total": len(deadlines),
    }


def _sorted(deadlines: Iterable[Deadline]) -> list[Deadline]:
    return sorted(deadlines, key=lambda d: (d.due, d.kind, d.object_id))


def _centre_scope(centre: Centre) -> Callable[[str], Q]:
    return lambda path: Q(**{f"{path}__centre_id": centre.pk})


def _owned_by(user: User) -> Q:
    """The rows (annotated by Kind.owned_rows) `user` owns: by a role, or as the person."""
    return Q(deadline_owner_role__in=sorted(user.roles)) & (
        Q(deadline_owner_id__isnull=True) | Q(deadline_owner_id=user.pk)
    )


def centre_deadlines(centre: Centre, *, today: datetime.date | None = None) -> list[Deadline]:
    """Every open deadline of the centre, soonest first (not scoped to a user).

    It loads every open item: the dashboards count with `open_counts` and list with `first_open`.
    """
    today = today or timezone.localdate()
    centres = {centre.pk: centre}
    rows = []
    for kind in kinds():
        rows += kind.open(centres, today, _centre_scope(centre))
    return _sorted(rows)


def deadlines_for(user: User, *, visible: QuerySet, today: datetime.date | None = None) -> list[Deadline]:
    """The open deadlines `user` owns, soonest first: only of the families `visible` (those the user
    may see, as the caller's selector scopes them), and for staff only court letters of the
    register. The database narrows the rows to the user's own."""
    if not user.is_authenticated or user.centre_id is None:
        return []
    today = today or timezone.localdate()
    centre = user.centre
    assert centre is not None  # the user has a centre (checked above)
    centres = {centre.pk: centre}
    visible = visible.values("pk")
    # The register is staff's, the case is not: they own court letters of the whole centre.
    staff_only = user.has_role(Role.STAFF) and not user.has_role(Role.HEAD)

    def scope(path: str) -> Q:
        narrowed = Q(**{f"{path}__centre_id": centre.pk})
        return narrowed if staff_only else narrowed & Q(**{f"{path}__in": visible})

    rows = []
    for kind in kinds():
        if not user.has_role(*kind.roles):
            continue
        owned = kind.owned_rows(scope).filter(_owned_by(user))
        rows += [row for row in (kind.build(kind, r, centres, today) for r in owned) if row.is_owned_by(user)]
    return _sorted(rows)


def needing_attention(deadlines: Iterable[Deadline]) -> list[Deadline]:
    """The overdue and the due-soon ones: what the reminders and the notices carry."""
    return [d for d in deadlines if d.state in (DeadlineState.OVERDUE, DeadlineState.DUE_SOON)]


# The centre's overview, counted and listed by the database -------------------------------------

OVERDUE = "overdue"
ATTENTION = "attention"  # overdue or due soon


@dataclass(frozen=True)
class OwnerCount:
    """How many open deadlines of one kind one owner (a person, or a role) has, by state."""

    kind: str
    owner_id: int | None
    owner_role: str
    overdue: int
    due_soon: int
    total: int

    def is_owned_by(self, user: User) -> bool:
        if not user.has_role(self.owner_role):
            return False
        return self.owner_id is None or self.owner_id == user.pk


def counts_of(counts: Iterable[OwnerCount], *codes: str) -> list[OwnerCount]:
    return [count for count in counts if count.kind in codes]


def present(counts: Iterable[OwnerCount], code: str) -> list[str]:
    """[code] when the counts have open deadlines of that kind, else [] (nothing to ask the
    database): the `kinds` of `first_open`."""
    return [code] if any(count.kind == code for count in counts) else []


def _kinds(codes: Iterable[str] | None) -> list[Kind]:
    return [kind for kind in kinds() if codes is None or kind.code in codes]


def _soon_end(centre: Centre, kind: Kind, today: datetime.date) -> datetime.date:
    """The first day after the kind's due-soon window."""
    return today + datetime.timedelta(days=kind.window(centre) + 1)


def open_counts(
    centre: Centre, *, today: datetime.date | None = None, kinds: Iterable[str] | None = None
) -> list[OwnerCount]:
    """The centre's open deadlines counted by kind, owner and state: one GROUP BY query per kind,
    whatever the number of items."""
    today = today or timezone.localdate()
    counts = []
    for kind in _kinds(kinds):
        overdue = kind.due_before(centre, today)
        soon = kind.due_before(centre, _soon_end(centre, kind, today)) & ~overdue
        groups = (
            kind.owned_rows(_centre_scope(centre))
            .order_by()
            .values("deadline_owner_id", "deadline_owner_role")
            .annotate(
                overdue=Count("pk", filter=overdue), due_soon=Count("pk", filter=soon), total=Count("pk")
            )
        )
        counts += [
            OwnerCount(
                kind.code,
                group["deadline_owner_id"],
                group["deadline_owner_role"],
                group["overdue"],
                group["due_soon"],
                group["total"],
            )
            for group in groups
            # Grouped by a constant role only, an empty kind still answers one row of zeros.
            if group["total"]
        ]
    return counts


def summary_of(counts: Iterable[OwnerCount], *, states: str | None = None) -> dict[str, int]:
    """{"overdue", "due_soon", "total"} of the counts; `states=ATTENTION` totals only those two."""
    counts = list(counts)
    overdue = sum(count.overdue for count in counts)
    due_soon = sum(count.due_soon for count in counts)
    total = overdue + due_soon if states == ATTENTION else sum(count.total for count in counts)
    return {"overdue": overdue, "due_soon": due_soon, "total": total}


def first_open(
    centre: Centre,
    limit: int,
    *,
    today: datetime.date | None = None,
    kinds: Iterable[str] | None = None,
    owner: User | None = None,
    states: str | None = None,
    due_from: datetime.date | None = None,
    due_to: datetime.date | None = None,
) -> list[Deadline]:
    """The first `limit` open deadlines of the centre by due date, loading at most `limit` rows per
    kind and branch: of `owner` only, if given; only the overdue (OVERDUE) or those needing
    attention (ATTENTION); only those due from `due_from` to `due_to` (inclusive)."""
    today = today or timezone.localdate()
    centres = {centre.pk: centre}
    rows = []
    for kind in _kinds(kinds):
        if owner is not None and not owner.has_role(*kind.roles):
            continue
        queryset = kind.owned_rows(_centre_scope(centre))
        if owner is not None:
            queryset = queryset.filter(_owned_by(owner))
        if states == OVERDUE:
            queryset = queryset.filter(kind.due_before(centre, today))
        elif states == ATTENTION:
            queryset = queryset.filter(kind.due_before(centre, _soon_end(centre, kind, today)))
        if due_to is not None:
            queryset = queryset.filter(kind.due_before(centre, due_to + datetime.timedelta(days=1)))
        if due_from is not None:
            queryset = queryset.exclude(kind.due_before(centre, due_from))
        for branch in kind.branches(centre):
            first = queryset.filter(branch.condition).order_by(branch.order or branch.field, "pk")[:limit]
            rows += [kind.build(kind, row, centres, today) for row in first]
    return _sorted(rows)[:limit]


def families_with_overdue(queryset: QuerySet[Any], *, today: datetime.date | None = None) -> QuerySet[Any]:
    """The families of `queryset` with at least one overdue deadline, decided in the database.

    One query reads the centres (each has its own settings); the filter itself is a set of Exists
    subqueries, so a filtered list costs the same number of queries whatever its size.
    """
    today = today or timezone.localdate()
    condition = Q(pk__in=[])
    for centre in Centre.objects.all():
        overdue = Q(pk__in=[])
        for kind in kinds():
            overdue |= kind.overdue_in(centre, today)
        condition |= Q(centre_id=centre.pk) & overdue
    return queryset.filter(condition, archived_on__isnull=True)


def deadlines_met_and_missed(
    centre: Centre, start: datetime.date, end: datetime.date, *, today: datetime.date | None = None
) -> dict[str, dict[str, int]]:
    """Per kind, how many deadlines falling due from `start` to `end` (inclusive) were met and
    missed: met on or before the day, missed when met later or still open after it. Deadlines not
    yet due and still open count as neither. Counted by the database, a few queries per kind."""
    today = today or timezone.localdate()
    return {kind.code: kind.met_and_missed(centre, start, end, today) for kind in kinds()}


def owner_name(owner_id: int | None, owner_role: str, users: dict[int, User]) -> str:
    """The owner's name (a person) or role, for the head's overview."""
    if owner_id is not None and owner_id in users:
        return str(users[owner_id])
    return str(Role(owner_role).label)


def by_owner(deadlines: Iterable[Deadline], users: dict[int, User]) -> list[tuple[str, list[Deadline]]]:
    """Deadlines grouped under their owner's name (a person) or role."""
    groups: dict[str, list[Deadline]] = defaultdict(list)
    for deadline in deadlines:
        groups[owner_name(deadline.owner_id, deadline.owner_role, users)].append(deadline)
    return sorted(groups.items(), key=lambda item: item[0])
