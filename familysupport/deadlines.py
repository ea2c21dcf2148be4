"""The one register of deadlines: every deadline of the path, computed in one place, with its owner.

Each kind of deadline says once
- which objects carry it and when it is met (`open` rows, fetched in bulk: one query per kind),
- its due date, through the rule that already computes it (cases.selectors.interview_due_date,
  assistants.selectors.first_plan_due and assessment_due_after, the court's date, the end of
  monitoring), never a copy of it,
- who owns it: a person (the family's social worker, its assistant) or a role of the centre (the
  head, staff),
- how the database finds the families where it is overdue (an Exists subquery), for the family
  list's "overdue" filter.

The dashboards, the "My deadlines" page, the daily reminders and the family list all read this
module, so a deadline is shown, reminded and filtered the same way everywhere.

Every rule is non-decreasing in the date it starts from (the Branch of a kind), so the database
orders the rows by their due date and picks those due before a day without running the calendar
per row: a person's own items are loaded (they are few), the centre's are counted by owner and
state with one GROUP BY query per kind (`open_counts`), only the first few loaded (`first_open`),
and the half-year's met and missed ones counted per distinct start day (`deadlines_met_and_missed`).
The window in which a deadline counts as "due soon" is set per centre (Centre.<kind>_soon_days).
"""

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistants.models import (
    Assessment,
    AssessmentStatus,
    Assignment,
    CourtOpinion,
    CourtRequest,
    Decision,
    OpinionStatus,
    PlanStatus,
    WorkEnd,
    WorkPlan,
)
from assistants.selectors.assessments import assessment_due_after
from assistants.selectors.plans import first_plan_due, first_plan_due_after
from cases.models import AssignmentRequest, FamilyStatus, Interview, InterviewStatus, Report, RequestStatus
from cases.selectors import interview_due_date
from familysupport.models import Centre, Role, User
from familysupport.workdays import add_working_days
from supportfamilies.models import Contract, ContractStatus, Invoice, InvoiceStatus


class DeadlineKind:
    INTERVIEW = "interview"
    REQUEST_DECISION = "request_decision"
    FIRST_PLAN = "first_plan"
    ASSESSMENT = "assessment"
    COURT_OPINION = "court_opinion"
    MONITORING_END = "monitoring_end"
    CONTRACT_END = "contract_end"
    INVOICE_DECISION = "invoice_decision"


KIND_LABELS = {
    DeadlineKind.INTERVIEW: _("environmental interview"),
    DeadlineKind.REQUEST_DECISION: _("decision on a request for an assistant"),
    DeadlineKind.FIRST_PLAN: _("first work plan"),
    DeadlineKind.ASSESSMENT: _("periodic assessment"),
    DeadlineKind.COURT_OPINION: _("opinion for a court"),
    DeadlineKind.MONITORING_END: _("end of monitoring"),
    DeadlineKind.CONTRACT_END: _("end of a support family contract"),
    DeadlineKind.INVOICE_DECISION: _("decision on an invoice"),
}


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


def request_decision_due(submitted_on: datetime.date, centre: Centre) -> datetime.date:
    """The head decides a submitted request within the centre's number of working days."""
    return add_working_days(submitted_on, centre.request_decision_days)


def soon_days(centre: Centre, kind: str) -> int:
    return getattr(centre, f"{kind}_soon_days")


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
    def label(self):
        return KIND_LABELS[self.kind]

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def overdue(self) -> bool:
        return self.state == DeadlineState.OVERDUE

    @property
    def due_soon(self) -> bool:
        return self.state == DeadlineState.DUE_SOON

    def url(self) -> str:
        """The page where the owner acts on it."""
        if self.kind == DeadlineKind.REQUEST_DECISION:
            return reverse("assistants:request_decide", args=[self.family_id, self.object_id])
        if self.kind == DeadlineKind.COURT_OPINION:
            if self.owner_role == Role.STAFF:
                return reverse("assistants:court_register_detail", args=[self.object_id])
            return reverse("assistants:court_request_detail", args=[self.family_id, self.object_id])
        if self.kind == DeadlineKind.CONTRACT_END:
            return reverse("supportfamilies:contract_detail", args=[self.object_id])
        if self.kind == DeadlineKind.INVOICE_DECISION:
            return reverse("supportfamilies:invoice_detail", args=[self.object_id])
        if self.family_id is None:
            return reverse("home")
        return reverse("cases:family_detail", args=[self.family_id])

    def is_owned_by(self, user: User) -> bool:
        if user.centre_id != self.centre_id or not user.has_role(self.owner_role):
            return False
        return self.owner_id is None or self.owner_id == user.pk


@dataclass(frozen=True)
class Branch:
    """Rows of a kind whose due date is one rule of one start date: `due_of(row.<field>)`.

    Every rule is non-decreasing in its start, so the database orders the rows by their due date
    by ordering them by the start, and finds those due before a day by comparing the start with
    `_latest_start`; the calendar runs a few times per query, never once per row.
    """

    condition: Q
    field: str
    due_of: Callable[[datetime.date], datetime.date]
    # The column to order by, when the field is a transform of it (submitted_at__date).
    order: str = ""

    def due_before(self, day: datetime.date) -> Q:
        return self.condition & Q(**{f"{self.field}__lte": _latest_start(self.due_of, day)})


def _on_the_day(day: datetime.date) -> datetime.date:
    return day


@dataclass(frozen=True)
class Kind:
    """How one kind of deadline is found, dated and owned."""

    code: str
    # scope -> the open rows (a QuerySet, not run); `scope(path)` is the Q narrowing the rows,
    # given the path from the kind's model to its family.
    rows: Callable[[Callable[[str], Q]], QuerySet]
    # (row, centres by id, today) -> the row as a Deadline.
    build: Callable[[object, dict[int, Centre], datetime.date], Deadline]
    # centre -> the branches dating the rows (see Branch).
    branches: Callable[[Centre], list[Branch]]
    # -> (owner id, owner role): expressions on the rows, so the database groups and narrows by owner.
    owner: Callable[[], tuple]
    # (centre, today) -> Q on Family: the family has this deadline overdue.
    overdue_in: Callable[[Centre, datetime.date], Q]
    # (centre, start, end, today) -> {"met": n, "missed": n} of the deadlines falling due in the period.
    met_and_missed: Callable[[Centre, datetime.date, datetime.date, datetime.date], dict[str, int]]
    # The roles that may own it (the dashboards ask only the kinds of the user's roles).
    roles: tuple[str, ...]

    def open(self, centres: dict[int, Centre], today: datetime.date, scope: Callable[[str], Q]) -> list:
        """Every open row of the scope as a Deadline (one query)."""
        return [self.build(row, centres, today) for row in self.rows(scope)]

    def owned_rows(self, scope: Callable[[str], Q]) -> QuerySet:
        owner_id, owner_role = self.owner()
        return self.rows(scope).annotate(deadline_owner_id=owner_id, deadline_owner_role=owner_role)

    def due_before(self, centre: Centre, day: datetime.date) -> Q:
        """The rows due before `day`, for the database."""
        condition = Q(pk__in=[])
        for branch in self.branches(centre):
            condition |= branch.due_before(day)
        return condition


def _latest_start(due_of: Callable[[datetime.date], datetime.date], today: datetime.date) -> datetime.date:
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


def _deadline(kind: str, centre: Centre, today: datetime.date, due, satisfied_on=None, **fields) -> Deadline:
    return Deadline(
        kind=kind,
        due=due,
        centre_id=centre.pk,
        state=deadline_state(due, today=today, window=soon_days(centre, kind), satisfied_on=satisfied_on),
        satisfied_on=satisfied_on,
        **fields,
    )


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return None if moment is None else timezone.localdate(moment)


def _family_fields(row) -> dict:
    return {"family_id": row.family_id, "family_reference": row.family.reference}


def _person(field: str, role: str):
    return lambda: (F(field), Value(role))


def _role(role: str):
    return lambda: (Value(None, output_field=BigIntegerField()), Value(role))


def _local_day(field: str):
    """The local calendar day of a moment (as timezone.localdate), computed by the database."""
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def _met_and_missed(
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
            f"{branch.field}__gt": _latest_start(branch.due_of, start),
            f"{branch.field}__lte": _latest_start(branch.due_of, end + datetime.timedelta(days=1)),
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


# The environmental interview (art. 11): 14 working days from the report, 2 when a child is at risk.
# Open while the family waits for its first interview; met by the signed interview of the report.

_SIGNED_FOR_REPORT = Interview.objects.filter(report=OuterRef("pk"), status=InterviewStatus.SIGNED)


def _interview_rows(scope):
    return (
        Report.objects.filter(
            scope("family"), family__status=FamilyStatus.REPORTED, family__archived_on__isnull=True
        )
        .filter(~Exists(_SIGNED_FOR_REPORT))
        .select_related("family")
        .only(
            "id",
            "received_on",
            "urgent",
            "family__id",
            "family__reference",
            "family__social_worker_id",
            "family__centre_id",
        )
    )


def _interview_build(report, centres, today):
    return _deadline(
        DeadlineKind.INTERVIEW,
        centres[report.family.centre_id],
        today,
        interview_due_date(report),
        object_id=report.pk,
        owner_id=report.family.social_worker_id,
        owner_role=Role.SOCIAL_WORKER,
        **_family_fields(report),
    )


def _interview_due_of(urgent: bool) -> Callable[[datetime.date], datetime.date]:
    return lambda day: interview_due_date(Report(received_on=day, urgent=urgent))


def _interview_branches(centre):
    return [Branch(Q(urgent=urgent), "received_on", _interview_due_of(urgent)) for urgent in (True, False)]


def _interview_overdue(centre, today):
    late = Report.objects.filter(family=OuterRef("pk")).filter(~Exists(_SIGNED_FOR_REPORT))
    due_before = Q(pk__in=[])
    for branch in _interview_branches(centre):
        due_before |= branch.due_before(today)
    return Q(status=FamilyStatus.REPORTED) & Q(Exists(late.filter(due_before)))


def _interview_met_and_missed(centre, start, end, today):
    signed_on = (
        Interview.objects.filter(report=OuterRef("pk"), status=InterviewStatus.SIGNED)
        .order_by("signed_at")
        .annotate(day=_local_day("signed_at"))
        .values("day")[:1]
    )
    # A report is at most 14 working days (under four weeks) before its deadline.
    reports = Report.objects.filter(
        family__centre=centre, received_on__gte=start - datetime.timedelta(days=31), received_on__lte=end
    )
    # Counted apart, so that the day of the interview is looked up only for the reports it answered.
    answered = reports.filter(Exists(_SIGNED_FOR_REPORT)).annotate(satisfied_on=Subquery(signed_on))
    # A report answered by no interview of its own while the family moved on was superseded.
    waiting = reports.filter(~Exists(_SIGNED_FOR_REPORT), family__status=FamilyStatus.REPORTED).annotate(
        satisfied_on=Value(None, output_field=DateField())
    )
    branches = _interview_branches(centre)
    figures = _met_and_missed(answered, branches, start, end, today)
    more = _met_and_missed(waiting, branches, start, end, today)
    return {key: figures[key] + more[key] for key in figures}


# The head's decision on a submitted request (art. 11 ust. 2): within the centre's working days.


def _request_rows(scope):
    return (
        AssignmentRequest.objects.filter(
            scope("family"), status=RequestStatus.SUBMITTED, family__archived_on__isnull=True
        )
        .select_related("family")
        .only("id", "submitted_at", "family__id", "family__reference", "family__centre_id")
    )


def _request_build(request, centres, today):
    centre = centres[request.family.centre_id]
    return _deadline(
        DeadlineKind.REQUEST_DECISION,
        centre,
        today,
        request_decision_due(_day(request.submitted_at), centre),
        object_id=request.pk,
        owner_id=None,
        owner_role=Role.HEAD,
        **_family_fields(request),
    )


def _request_branches(centre):
    return [Branch(Q(), "submitted_at__date", lambda day: request_decision_due(day, centre), "submitted_at")]


def _request_overdue(centre, today):
    waiting = AssignmentRequest.objects.filter(family=OuterRef("pk"), status=RequestStatus.SUBMITTED)
    (branch,) = _request_branches(centre)
    return Q(Exists(waiting.filter(branch.due_before(today))))


def _request_met_and_missed(centre, start, end, today):
    decided_on = (
        Decision.objects.filter(request=OuterRef("pk"), decided_at__gte=OuterRef("submitted_at"))
        .order_by("decided_at")
        .annotate(day=_local_day("decided_at"))
        .values("day")[:1]
    )
    requests = (
        AssignmentRequest.objects.filter(family__centre=centre, submitted_at__isnull=False)
        .filter(submitted_at__date__gte=start - datetime.timedelta(days=62), submitted_at__date__lte=end)
        .annotate(satisfied_on=Subquery(decided_on))
    )
    return _met_and_missed(requests, _request_branches(centre), start, end, today)


# The assistant's first work plan (art. 15 ust. 1 pkt 1): the centre's days after work started;
# met once the family has accepted a plan.

_ACCEPTED_PLAN = WorkPlan.objects.filter(family=OuterRef("family"), status=PlanStatus.ACCEPTED)


def _active_assignments(scope) -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        scope, ended_on__isnull=True, family__archived_on__isnull=True
    ).select_related("family__centre", "assistant")


def _first_plan_rows(scope):
    return _active_assignments(scope("family")).filter(~Exists(_ACCEPTED_PLAN))


def _first_plan_build(assignment, centres, today):
    return _deadline(
        DeadlineKind.FIRST_PLAN,
        centres[assignment.family.centre_id],
        today,
        first_plan_due(assignment),
        object_id=assignment.pk,
        owner_id=assignment.assistant.user_id,
        owner_role=Role.FAMILY_ASSISTANT,
        **_family_fields(assignment),
    )


def _first_plan_branches(centre):
    return [Branch(Q(), "started_on", lambda day: first_plan_due_after(day, centre))]


def _first_plan_overdue(centre, today):
    (branch,) = _first_plan_branches(centre)
    late = Assignment.objects.filter(family=OuterRef("pk"), ended_on__isnull=True).filter(
        branch.due_before(today), ~Exists(_ACCEPTED_PLAN)
    )
    return Q(Exists(late))


def _first_plan_met_and_missed(centre, start, end, today):
    assignments = (
        Assignment.objects.filter(family__centre=centre, started_on__lte=end)
        .filter(started_on__gte=start - datetime.timedelta(days=centre.first_plan_days + 1))
        .annotate(satisfied_on=Subquery(_ACCEPTED_PLAN.order_by("accepted_on").values("accepted_on")[:1]))
    )
    return _met_and_missed(
        assignments, _first_plan_branches(centre), start, end, today, extra=("ended_on",), skip=_ended_first
    )


def _ended_first(due, satisfied_on, ended_on) -> bool:
    """The work ended before the deadline with nothing done: nothing was owed."""
    return satisfied_on is None and ended_on is not None and ended_on <= due


# The periodic assessment (art. 15 ust. 1 pkt 16): six months from the start of work, then from the
# end of the period last assessed (assistants.selectors.next_assessment_due).

_ASSESSED = (AssessmentStatus.SUBMITTED, AssessmentStatus.ACKNOWLEDGED)


def _last_assessed(assignment: OuterRef, **before) -> Subquery:
    assessed = Assessment.objects.filter(assignment=assignment, status__in=_ASSESSED, **before)
    return Subquery(assessed.order_by("-period_to").values("period_to")[:1])


def _assessment_rows(scope):
    # The next assessment is due after the end of the period last assessed, or after the start.
    return _active_assignments(scope("family")).annotate(
        assessed_from=Coalesce(_last_assessed(OuterRef("pk")), F("started_on"))
    )


def _assessment_build(assignment, centres, today):
    return _deadline(
        DeadlineKind.ASSESSMENT,
        centres[assignment.family.centre_id],
        today,
        assessment_due_after(assignment.assessed_from),
        object_id=assignment.pk,
        owner_id=assignment.assistant.user_id,
        owner_role=Role.FAMILY_ASSISTANT,
        **_family_fields(assignment),
    )


def _assessment_branches(centre):
    return [Branch(Q(), "assessed_from", assessment_due_after)]


def _assessment_overdue(centre, today):
    cutoff = _latest_start(assessment_due_after, today)
    recent = Assessment.objects.filter(assignment=OuterRef("pk"), status__in=_ASSESSED, period_to__gt=cutoff)
    late = Assignment.objects.filter(
        family=OuterRef("pk"), ended_on__isnull=True, started_on__lte=cutoff
    ).filter(~Exists(recent))
    return Q(Exists(late))


def _assessment_met_and_missed(centre, start, end, today):
    # Each assessment made met the deadline that ran from the period assessed before it (or from
    # the start of work) ...
    made = Assessment.objects.filter(
        assignment__family__centre=centre, assignment__started_on__lte=end, status__in=_ASSESSED
    ).annotate(
        assessed_from=Coalesce(
            _last_assessed(OuterRef("assignment"), period_to__lt=OuterRef("period_to")),
            F("assignment__started_on"),
        ),
        satisfied_on=_local_day("submitted_at"),
    )
    # ... and the next one runs from the last period assessed, unless the work ended before it.
    waiting = Assignment.objects.filter(family__centre=centre, started_on__lte=end).annotate(
        assessed_from=Coalesce(_last_assessed(OuterRef("pk")), F("started_on")),
        satisfied_on=Value(None, output_field=DateField()),
    )
    branches = _assessment_branches(centre)
    figures = _met_and_missed(made, branches, start, end, today)
    more = _met_and_missed(waiting, branches, start, end, today, extra=("ended_on",), skip=_ended_first)
    return {key: figures[key] + more[key] for key in figures}


# The opinion a court asked for (art. 15 ust. 1 pkt 14): by the court's date, met when dispatched
# (as on the court register). Whose step it is follows the newest version of the opinion: the
# assistant writes it, the head signs it off, staff print and dispatch it.

_DISPATCHED = CourtOpinion.objects.filter(court_request=OuterRef("pk"), dispatched_on__isnull=False)


def _court_owner_expressions():
    """(owner id, owner role) of a court request, from its newest opinion and the family's assistant."""
    role = Case(
        When(opinion_status=OpinionStatus.SUBMITTED, then=Value(Role.HEAD)),
        When(opinion_status__in=(OpinionStatus.APPROVED, OpinionStatus.ISSUED), then=Value(Role.STAFF)),
        # Nobody works with the family now: the head answers the court.
        When(assistant_user_id__isnull=True, then=Value(Role.HEAD)),
        default=Value(Role.FAMILY_ASSISTANT),
    )
    person = Case(
        When(
            Q(assistant_user_id__isnull=False)
            & ~Q(opinion_status__in=(OpinionStatus.SUBMITTED, OpinionStatus.APPROVED, OpinionStatus.ISSUED)),
            then=F("assistant_user_id"),
        ),
        default=Value(None),
        output_field=BigIntegerField(),
    )
    return person, role


def _court_rows(scope):
    newest = CourtOpinion.objects.filter(court_request=OuterRef("pk")).order_by("-version")
    assistant = Assignment.objects.filter(family=OuterRef("family"), ended_on__isnull=True)
    owner_id, owner_role = _court_owner_expressions()
    return (
        CourtRequest.objects.filter(scope("family"))
        .filter(~Exists(_DISPATCHED))
        .select_related("family")
        .annotate(
            opinion_status=Subquery(newest.values("status")[:1]),
            assistant_user_id=Subquery(assistant.values("assistant__user_id")[:1]),
        )
        .annotate(court_owner_id=owner_id, court_owner_role=owner_role)
    )


def _court_build(request, centres, today):
    return _deadline(
        DeadlineKind.COURT_OPINION,
        centres[request.centre_id],
        today,
        request.deadline,
        object_id=request.pk,
        owner_id=request.court_owner_id,
        owner_role=request.court_owner_role,
        **_family_fields(request),
    )


def _court_branches(centre):
    return [Branch(Q(), "deadline", _on_the_day)]


def _court_overdue(centre, today):
    late = CourtRequest.objects.filter(family=OuterRef("pk"), deadline__lt=today).filter(~Exists(_DISPATCHED))
    return Q(Exists(late))


def _court_met_and_missed(centre, start, end, today):
    dispatched_on = _DISPATCHED.order_by("dispatched_on").values("dispatched_on")[:1]
    requests = CourtRequest.objects.filter(centre=centre, deadline__gte=start, deadline__lte=end).annotate(
        satisfied_on=Subquery(dispatched_on)
    )
    return _met_and_missed(requests, _court_branches(centre), start, end, today)


# The end of monitoring after the work: the case is closed when the period is over (the daily
# close_ended_monitoring command or the head). The assistant whose work ended watches it.

# The daily command closes the case the day after the last day of monitoring: that is on time.
MONITORING_CLOSING_GRACE_DAYS = 1


def _monitoring_rows(scope):
    return WorkEnd.objects.filter(
        scope("family"), closed_on__isnull=True, family__status=FamilyStatus.MONITORING
    ).select_related("family", "assignment__assistant")


def _monitoring_build(work_end, centres, today):
    return _deadline(
        DeadlineKind.MONITORING_END,
        centres[work_end.family.centre_id],
        today,
        work_end.monitoring_until,
        object_id=work_end.pk,
        owner_id=work_end.assignment.assistant.user_id,
        owner_role=Role.FAMILY_ASSISTANT,
        **_family_fields(work_end),
    )


def _monitoring_branches(centre):
    return [Branch(Q(), "monitoring_until", _on_the_day)]


def _monitoring_overdue(centre, today):
    late = WorkEnd.objects.filter(family=OuterRef("pk"), closed_on__isnull=True, monitoring_until__lt=today)
    return Q(status=FamilyStatus.MONITORING) & Q(Exists(late))


def _monitoring_met_and_missed(centre, start, end, today):
    work_ends = WorkEnd.objects.filter(
        family__centre=centre, monitoring_until__gte=start, monitoring_until__lte=end
    ).annotate(satisfied_on=F("closed_on"))
    return _met_and_missed(
        work_ends, _monitoring_branches(centre), start, end, today, grace=MONITORING_CLOSING_GRACE_DAYS
    )


# Support families (art. 29–31): the end of a signed contract, which the head renews or lets end,
# and an invoice waiting for the head's decision, within the centre's working days.


def invoice_decision_due(registered_on: datetime.date, centre: Centre) -> datetime.date:
    """The head decides a registered invoice within the centre's number of working days."""
    return add_working_days(registered_on, centre.invoice_decision_days)


# A later contract with the same support family takes the ended one's place.
_SUCCESSOR = Contract.objects.filter(
    support_family=OuterRef("support_family"), valid_from__gt=OuterRef("valid_from")
).exclude(status=ContractStatus.DRAFT)


def _support_fields(row) -> dict:
    family = row.support_family.family
    return {"family_id": family.pk, "family_reference": family.reference}


def _contract_rows(scope):
    return (
        Contract.objects.filter(scope("support_family__family"))
        .filter(status=ContractStatus.SIGNED, support_family__family__archived_on__isnull=True)
        .filter(~Exists(_SUCCESSOR))
        .select_related("support_family__family")
    )


def _contract_build(contract, centres, today):
    return _deadline(
        DeadlineKind.CONTRACT_END,
        centres[contract.centre_id],
        today,
        contract.valid_to,
        object_id=contract.pk,
        owner_id=None,
        owner_role=Role.HEAD,
        **_support_fields(contract),
    )


def _contract_branches(centre):
    return [Branch(Q(), "valid_to", _on_the_day)]


def _contract_overdue(centre, today):
    late = Contract.objects.filter(
        support_family__family=OuterRef("pk"), status=ContractStatus.SIGNED, valid_to__lt=today
    ).filter(~Exists(_SUCCESSOR))
    return Q(Exists(late))


def _contract_met_and_missed(centre, start, end, today):
    successor_from = Subquery(_SUCCESSOR.order_by("valid_from").values("valid_from")[:1])
    contracts = (
        Contract.objects.filter(centre=centre, valid_to__gte=start, valid_to__lte=end)
        .exclude(status=ContractStatus.DRAFT)
        .annotate(successor_from=successor_from)
        .annotate(
            # Ended by a termination, or taken over by the next contract (at the latest on its end).
            satisfied_on=Case(
                When(status=ContractStatus.TERMINATED, then=F("terminated_on")),
                When(successor_from__isnull=False, then=Least("successor_from", "valid_to")),
                default=Value(None),
                output_field=DateField(),
            )
        )
    )
    return _met_and_missed(contracts, _contract_branches(centre), start, end, today)


def _invoice_rows(scope):
    return Invoice.objects.filter(
        scope("contract__support_family__family"), status=InvoiceStatus.REGISTERED
    ).select_related("contract__support_family__family")


def _invoice_build(invoice, centres, today):
    centre = centres[invoice.contract.centre_id]
    return _deadline(
        DeadlineKind.INVOICE_DECISION,
        centre,
        today,
        invoice_decision_due(invoice.registered_on, centre),
        object_id=invoice.pk,
        owner_id=None,
        owner_role=Role.HEAD,
        **_support_fields(invoice.contract),
    )


def _invoice_branches(centre):
    return [Branch(Q(), "registered_on", lambda day: invoice_decision_due(day, centre))]


def _invoice_overdue(centre, today):
    (branch,) = _invoice_branches(centre)
    late = Invoice.objects.filter(
        contract__support_family__family=OuterRef("pk"), status=InvoiceStatus.REGISTERED
    ).filter(branch.due_before(today))
    return Q(Exists(late))


def _invoice_met_and_missed(centre, start, end, today):
    invoices = Invoice.objects.filter(
        contract__centre=centre,
        registered_on__gte=start - datetime.timedelta(days=62),
        registered_on__lte=end,
    ).annotate(satisfied_on=F("decided_on"))
    return _met_and_missed(invoices, _invoice_branches(centre), start, end, today)


REGISTER: tuple[Kind, ...] = (
    Kind(
        DeadlineKind.INTERVIEW,
        rows=_interview_rows,
        build=_interview_build,
        branches=_interview_branches,
        owner=_person("family__social_worker_id", Role.SOCIAL_WORKER),
        overdue_in=_interview_overdue,
        met_and_missed=_interview_met_and_missed,
        roles=(Role.SOCIAL_WORKER,),
    ),
    Kind(
        DeadlineKind.REQUEST_DECISION,
        rows=_request_rows,
        build=_request_build,
        branches=_request_branches,
        owner=_role(Role.HEAD),
        overdue_in=_request_overdue,
        met_and_missed=_request_met_and_missed,
        roles=(Role.HEAD,),
    ),
    Kind(
        DeadlineKind.FIRST_PLAN,
        rows=_first_plan_rows,
        build=_first_plan_build,
        branches=_first_plan_branches,
        owner=_person("assistant__user_id", Role.FAMILY_ASSISTANT),
        overdue_in=_first_plan_overdue,
        met_and_missed=_first_plan_met_and_missed,
        roles=(Role.FAMILY_ASSISTANT,),
    ),
    Kind(
        DeadlineKind.ASSESSMENT,
        rows=_assessment_rows,
        build=_assessment_build,
        branches=_assessment_branches,
        owner=_person("assistant__user_id", Role.FAMILY_ASSISTANT),
        overdue_in=_assessment_overdue,
        met_and_missed=_assessment_met_and_missed,
        roles=(Role.FAMILY_ASSISTANT,),
    ),
    Kind(
        DeadlineKind.COURT_OPINION,
        rows=_court_rows,
        build=_court_build,
        branches=_court_branches,
        owner=lambda: (F("court_owner_id"), F("court_owner_role")),
        overdue_in=_court_overdue,
        met_and_missed=_court_met_and_missed,
        roles=(Role.FAMILY_ASSISTANT, Role.HEAD, Role.STAFF),
    ),
    Kind(
        DeadlineKind.MONITORING_END,
        rows=_monitoring_rows,
        build=_monitoring_build,
        branches=_monitoring_branches,
        owner=_person("assignment__assistant__user_id", Role.FAMILY_ASSISTANT),
        overdue_in=_monitoring_overdue,
        met_and_missed=_monitoring_met_and_missed,
        roles=(Role.FAMILY_ASSISTANT,),
    ),
    Kind(
        DeadlineKind.CONTRACT_END,
        rows=_contract_rows,
        build=_contract_build,
        branches=_contract_branches,
        owner=_role(Role.HEAD),
        overdue_in=_contract_overdue,
        met_and_missed=_contract_met_and_missed,
        roles=(Role.HEAD,),
    ),
    Kind(
        DeadlineKind.INVOICE_DECISION,
        rows=_invoice_rows,
        build=_invoice_build,
        branches=_invoice_branches,
        owner=_role(Role.HEAD),
        overdue_in=_invoice_overdue,
        met_and_missed=_invoice_met_and_missed,
        roles=(Role.HEAD,),
    ),
)


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
    for kind in REGISTER:
        rows += kind.open(centres, today, _centre_scope(centre))
    return _sorted(rows)


def deadlines_for(user: User, *, today: datetime.date | None = None) -> list[Deadline]:
    """The open deadlines `user` owns, soonest first: only of families the user may see, and for
    staff only court letters of the register. The database narrows the rows to the user's own."""
    from cases.selectors import families_visible_to

    if not user.is_authenticated or user.centre_id is None:
        return []
    today = today or timezone.localdate()
    centre = user.centre
    centres = {centre.pk: centre}
    visible = families_visible_to(user).values("pk")
    # The register is staff's, the case is not: they own court letters of the whole centre.
    staff_only = user.has_role(Role.STAFF) and not user.has_role(Role.HEAD)

    def scope(path: str) -> Q:
        narrowed = Q(**{f"{path}__centre_id": centre.pk})
        return narrowed if staff_only else narrowed & Q(**{f"{path}__in": visible})

    rows = []
    for kind in REGISTER:
        if not user.has_role(*kind.roles):
            continue
        owned = kind.owned_rows(scope).filter(_owned_by(user))
        rows += [row for row in (kind.build(r, centres, today) for r in owned) if row.is_owned_by(user)]
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


def _kinds(kinds: Iterable[str] | None) -> list[Kind]:
    return [kind for kind in REGISTER if kinds is None or kind.code in kinds]


def _soon_end(centre: Centre, kind: Kind, today: datetime.date) -> datetime.date:
    """The first day after the kind's due-soon window."""
    return today + datetime.timedelta(days=soon_days(centre, kind.code) + 1)


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
            rows += [kind.build(row, centres, today) for row in first]
    return _sorted(rows)[:limit]


def families_with_overdue(queryset, *, today: datetime.date | None = None):
    """The families of `queryset` with at least one overdue deadline, decided in the database.

    One query reads the centres (each has its own settings); the filter itself is a set of Exists
    subqueries, so a filtered list costs the same number of queries whatever its size.
    """
    today = today or timezone.localdate()
    condition = Q(pk__in=[])
    for centre in Centre.objects.all():
        overdue = Q(pk__in=[])
        for kind in REGISTER:
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
    return {kind.code: kind.met_and_missed(centre, start, end, today) for kind in REGISTER}


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
