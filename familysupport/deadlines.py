"""The register of deadlines: the machinery every kind of deadline plugs into, the stored rows,
and the questions asked of all of them at once.

Each case app declares the kinds of deadline whose rule it owns (`cases/deadlines.py`,
`assistants/deadlines.py`, `supportfamilies/deadlines.py`) and registers them in its
`AppConfig.ready()` (familysupport.registry.DEADLINE_KINDS). A kind says once
- every obligation of its kind for a set of families (`obligations`): the object carrying it, its
  due date through the rule that already computes it (cases.models.interview_due,
  assistants.selectors.first_plan_due and assessment_due_after, the court's date, the end of
  monitoring), never a copy of it, who owns it (a person, or a role of the centre), the day it
  was met, whether it is still owed, and whether it lapsed before falling due;
- its label, its due-soon window (Centre.<kind>_soon_days) and the page where its owner acts.

The obligations are stored (familysupport.models.StoredDeadline), dated once when their step
happens: `audit.record` calls `refresh(family_id=...)` for every change of a family, in the
service's transaction, after its last write (a test reads every service for it). One place
instead of a call in each service: no step can forget the kinds it touches (a decision on a
request also starts the first plan's deadline and moves a court letter's owner), and a family has
a few obligations, read again by a few indexed queries. `recompute` stores them all anew: after an
upgrade of the calendar (the holidays package), a change of the centre's days in the admin, and
bulk loads (`manage.py recompute_deadlines`, seed_demo, the benchmark's seed).

This module imports no case app. The start pages, the "My deadlines" page, the daily reminders,
the family list's overdue filter and the statistics' met and missed all read the stored rows
through the functions below, one query each (the open ones by the partial index on centre, owner
and due date), so a deadline is shown, reminded, filtered and counted the same way everywhere.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from familysupport import registry
from familysupport.models import Centre, Role, StoredDeadline, User


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
class Obligation:
    """One obligation as a kind's rule states it, before it is stored (StoredDeadline)."""

    object_id: int
    centre_id: int
    family_id: int
    family_reference: str
    due: datetime.date
    owner_id: int | None
    owner_role: str
    # The day it was met (on time or late), or None.
    met_on: datetime.date | None
    # Still owed: on the owner's lists.
    is_open: bool
    # Counted among the met and missed (False: it lapsed before it fell due, nothing was owed).
    counted: bool = True


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
    # scope -> every obligation of the kind, open, met or missed, of the families in the scope:
    # `scope(path)` is the Q narrowing the kind's model, given the path from it to its family.
    # The rule dates each one (cases.models.interview_due, assistants.selectors.first_plan_due,
    # assessment_due_after, the court's date, the end of monitoring), never a copy of it.
    obligations: Callable[[Callable[[str], Q]], Iterable[Obligation]]
    # Days after the due date that still count as met (the daily command closes the day after).
    grace: int = 0


def local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return None if moment is None else timezone.localdate(moment)


def local_day(field: str) -> TruncDate:
    """The local calendar day of a moment (as timezone.localdate), computed by the database."""
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


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


# Storing the obligations ---------------------------------------------------------------------------


def _stored(kind: Kind, obligation: Obligation) -> StoredDeadline:
    met_on = obligation.met_on
    return StoredDeadline(
        kind=kind.code,
        object_id=obligation.object_id,
        centre_id=obligation.centre_id,
        family_id=obligation.family_id,
        family_reference=obligation.family_reference,
        owner_id=obligation.owner_id,
        owner_role=obligation.owner_role,
        due=obligation.due,
        met_on=met_on,
        on_time=met_on is not None and met_on <= obligation.due + datetime.timedelta(days=kind.grace),
        is_open=obligation.is_open,
        counted=obligation.counted,
    )


def _store(scope: Callable[[str], Q]) -> int:
    rows = [_stored(kind, obligation) for kind in kinds() for obligation in kind.obligations(scope)]
    StoredDeadline.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def refresh(*, family_id: int) -> None:
    """Store the family's obligations anew from each kind's rule, in the caller's transaction.

    `audit.record` calls it for every change of a family: every service writes its audit record
    last in its transaction, so the rows follow the step that created or met the obligation and
    commit (or roll back) with it. A family has a few obligations; reading them again from the
    rules is a few indexed queries, and nothing has to know which step touched which kind.
    """
    refresh_families([family_id])


def refresh_families(family_ids: Iterable[int]) -> None:
    """`refresh` of several families at once (the tests' back-dating, a bulk change)."""
    ids = sorted({pk for pk in family_ids if pk is not None})
    if not ids:
        return
    with transaction.atomic():
        _lock_families(ids)
        StoredDeadline.objects.filter(family_id__in=ids).delete()
        _store(lambda path: Q(**{f"{path}__in": ids}))


# The namespaces of the register's advisory locks (PostgreSQL's two-key form: namespace, key):
# one lock per family, and one the whole register's recomputation takes against every step.
_LOCKS = 20141
_RECOMPUTE = 20142


def _lock_families(ids: list[int]) -> None:
    """One transaction at a time stores a family's rows: a second step on the family waits until
    the first commits, then deletes what the first stored (else both steps' rows would stay). A
    recomputation of the register waits for the steps under way, and steps wait for it (the shared
    and the exclusive form of one lock): else a family's rows stored by a step while a centre is
    recomputed would stay beside the recomputed ones. On PostgreSQL advisory locks held to the end
    of the transaction; SQLite's IMMEDIATE transactions are serialised already."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s, 0)", [_RECOMPUTE])
        for pk in ids:  # sorted: two steps lock in the same order
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCKS, pk])


def _lock_register() -> None:
    """The recomputation's side of `_lock_families`: no step stores rows until it commits."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, 0)", [_RECOMPUTE])


def _centre_scope(centre: Centre) -> Callable[[str], Q]:
    """The obligations of the centre's families (a family's rows are its centre's)."""
    return lambda path: Q(**{f"{path}__centre_id": centre.pk})


def recompute(*, centre: Centre | None = None) -> int:
    """Every obligation of the centre (or of the installation) stored anew: after a change of the
    holiday calendar or of the centre's days, and after bulk loads that bypass the services.
    Returns the number of rows stored."""
    centres = [centre] if centre is not None else list(Centre.objects.order_by("pk"))
    stored = 0
    for each in centres:
        with transaction.atomic():
            _lock_register()
            StoredDeadline.objects.filter(centre_id=each.pk).delete()
            stored += _store(_centre_scope(each))
    return stored


# Reading the stored rows ---------------------------------------------------------------------------


def _as_deadline(row: StoredDeadline, centre: Centre, today: datetime.date) -> Deadline:
    return Deadline(
        kind=row.kind,
        due=row.due,
        centre_id=row.centre_id,
        object_id=row.object_id,
        family_id=row.family_id,
        family_reference=row.family_reference,
        owner_id=row.owner_id,
        owner_role=row.owner_role,
        state=deadline_state(
            row.due, today=today, window=kind_of(row.kind).window(centre), satisfied_on=None
        ),
    )


def as_deadlines(
    rows: Iterable[StoredDeadline], centre: Centre, today: datetime.date | None = None
) -> list[Deadline]:
    """Stored open rows as Deadlines, their state read against the centre's due-soon windows."""
    today = today or timezone.localdate()
    return [_as_deadline(row, centre, today) for row in rows]


def _open(centre: Centre) -> QuerySet[StoredDeadline]:
    return StoredDeadline.objects.filter(centre_id=centre.pk, is_open=True)


def _owned_by(user: User) -> Q:
    """The rows `user` owns: by a role, or as the person."""
    return Q(owner_role__in=sorted(user.roles)) & (Q(owner_id__isnull=True) | Q(owner_id=user.pk))


def centre_deadlines(centre: Centre, *, today: datetime.date | None = None) -> list[Deadline]:
    """Every open deadline of the centre, soonest first (not scoped to a user)."""
    return as_deadlines(_open(centre), centre, today)


def owned_rows(user: User, *, visible: QuerySet) -> QuerySet[StoredDeadline]:
    """The open rows `user` owns, soonest first (a QuerySet: one query, to page and count): only of
    the families `visible` (those the user may see, as the caller's selector scopes them), and for
    staff only the court letters of the register, which are theirs in the whole centre."""
    if not user.is_authenticated or user.centre_id is None:
        return StoredDeadline.objects.none()
    rows = StoredDeadline.objects.filter(centre_id=user.centre_id, is_open=True).filter(_owned_by(user))
    # The register is staff's, the case is not: they own court letters of the whole centre.
    if not (user.has_role(Role.STAFF) and not user.has_role(Role.HEAD)):
        rows = rows.filter(family_id__in=visible.values("pk"))
    return rows.order_by("due", "kind", "object_id")


def deadlines_for(user: User, *, visible: QuerySet, today: datetime.date | None = None) -> list[Deadline]:
    """The open deadlines `user` owns, soonest first (see `owned_rows`), in one query."""
    if not user.is_authenticated or user.centre is None:
        return []
    return as_deadlines(owned_rows(user, visible=visible), user.centre, today)


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


def _needing_attention(centre: Centre, today: datetime.date, codes: Iterable[str] | None = None) -> Q:
    """Open rows overdue or within their kind's due-soon window (each kind has its own)."""
    condition = Q(pk__in=[])
    for kind in _kinds(codes):
        condition |= Q(kind=kind.code, due__lte=today + datetime.timedelta(days=kind.window(centre)))
    return condition


def open_counts(
    centre: Centre, *, today: datetime.date | None = None, kinds: Iterable[str] | None = None
) -> list[OwnerCount]:
    """The centre's open deadlines counted by kind, owner and state: one GROUP BY query."""
    today = today or timezone.localdate()
    codes = [kind.code for kind in _kinds(kinds)]
    overdue = Q(due__lt=today)
    soon = _needing_attention(centre, today, codes) & ~overdue
    groups = (
        _open(centre)
        .filter(kind__in=codes)
        .order_by()
        .values("kind", "owner_id", "owner_role")
        # Counted by a column of the index (never null, as the key): read from the index alone.
        .annotate(
            overdue=Count("due", filter=overdue), due_soon=Count("due", filter=soon), total=Count("due")
        )
    )
    order = {code: index for index, code in enumerate(codes)}
    counts = [
        OwnerCount(g["kind"], g["owner_id"], g["owner_role"], g["overdue"], g["due_soon"], g["total"])
        for g in groups
    ]
    return sorted(counts, key=lambda c: (order[c.kind], c.owner_role, c.owner_id or 0))


def summary_of(counts: Iterable[OwnerCount], *, states: str | None = None) -> dict[str, int]:
    """{"overdue", "due_soon", "total"} of the counts; `states=ATTENTION` totals only those two."""
    counts = list(counts)
    overdue = sum(count.overdue for count in counts)
    due_soon = sum(count.due_soon for count in counts)
    total = overdue + due_soon if states == ATTENTION else sum(count.total for count in counts)
    return {"overdue": overdue, "due_soon": due_soon, "total": total}


@dataclass(frozen=True)
class OpenList:
    """A list a page shows: the first `limit` open deadlines of the centre by due date, of `kinds`
    (every kind when None), of `owner` only if given, only the overdue (OVERDUE) or those needing
    attention (ATTENTION), only those due from `due_from` to `due_to` (inclusive)."""

    limit: int
    kinds: tuple[str, ...] | None = None
    owner: User | None = None
    states: str | None = None
    due_from: datetime.date | None = None
    due_to: datetime.date | None = None


def _first_rows(centre: Centre, wanted: OpenList, today: datetime.date) -> QuerySet[StoredDeadline]:
    owner = wanted.owner
    chosen = [kind for kind in _kinds(wanted.kinds) if owner is None or owner.has_role(*kind.roles)]
    rows = _open(centre).filter(kind__in=[kind.code for kind in chosen])
    if owner is not None:
        rows = rows.filter(_owned_by(owner))
    if wanted.states == OVERDUE:
        rows = rows.filter(due__lt=today)
    elif wanted.states == ATTENTION:
        rows = rows.filter(_needing_attention(centre, today, [kind.code for kind in chosen]))
    if wanted.due_to is not None:
        rows = rows.filter(due__lte=wanted.due_to)
    if wanted.due_from is not None:
        rows = rows.filter(due__gte=wanted.due_from)
    return rows.order_by("due", "kind", "object_id")[: wanted.limit]


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
    """The first `limit` open deadlines of the centre by due date (one query): see OpenList."""
    today = today or timezone.localdate()
    wanted = OpenList(
        limit,
        kinds=None if kinds is None else tuple(kinds),
        owner=owner,
        states=states,
        due_from=due_from,
        due_to=due_to,
    )
    return as_deadlines(_first_rows(centre, wanted, today), centre, today)


def first_open_lists(
    centre: Centre, lists: dict[str, OpenList], *, today: datetime.date | None = None
) -> dict[str, list[Deadline]]:
    """Several lists of `first_open` in one query: each list is its own subquery, its first rows
    read by the index, and the lists are joined by UNION ALL with each row marked with its list
    (a row on two lists comes twice). The start page's panels read their lists so."""
    today = today or timezone.localdate()
    names = list(lists)
    if not names:
        return {}
    parts = [
        StoredDeadline.objects.filter(pk__in=_first_rows(centre, lists[name], today).values("pk"))
        .annotate(list_index=Value(index))
        .order_by()
        for index, name in enumerate(names)
    ]
    rows = parts[0].union(*parts[1:], all=True).order_by("due", "kind", "object_id")
    found: dict[str, list[StoredDeadline]] = {name: [] for name in names}
    for row in rows:
        found[names[row.list_index]].append(row)
    return {name: as_deadlines(found[name], centre, today) for name in names}


def families_with_overdue(queryset: QuerySet[Any], *, today: datetime.date | None = None) -> QuerySet[Any]:
    """The families of `queryset` with at least one overdue deadline: an Exists on the stored rows."""
    today = today or timezone.localdate()
    overdue = StoredDeadline.objects.filter(
        family_id=OuterRef("pk"), centre_id=OuterRef("centre_id"), is_open=True, due__lt=today
    )
    return queryset.filter(Exists(overdue), archived_on__isnull=True)


def deadlines_met_and_missed(
    centre: Centre, start: datetime.date, end: datetime.date, *, today: datetime.date | None = None
) -> dict[str, dict[str, int]]:
    """Per kind, how many deadlines falling due from `start` to `end` (inclusive) were met and
    missed: met on or before the day, missed when met later or still open after it. Deadlines not
    yet due and still open count as neither. One GROUP BY query on the stored rows."""
    today = today or timezone.localdate()
    missed = Q(met_on__isnull=False, on_time=False) | Q(met_on__isnull=True, due__lt=today)
    groups = (
        StoredDeadline.objects.filter(centre_id=centre.pk, counted=True, due__gte=start, due__lte=end)
        .order_by()
        .values("kind")
        # Counted by a column of the index (never null): read from the index alone.
        .annotate(met=Count("due", filter=Q(on_time=True)), missed=Count("due", filter=missed))
    )
    figures = {group["kind"]: {"met": group["met"], "missed": group["missed"]} for group in groups}
    return {kind.code: figures.get(kind.code, {"met": 0, "missed": 0}) for kind in kinds()}


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
