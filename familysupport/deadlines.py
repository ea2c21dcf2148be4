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
module, so a deadline is shown, reminded and filtered the same way everywhere. The window in which a
deadline counts as "due soon" is set per centre (Centre.<kind>_soon_days).
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Exists, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistants.models import (
    Assessment,
    AssessmentStatus,
    Assignment,
    CourtOpinion,
    CourtRequest,
    OpinionStatus,
    PlanStatus,
    WorkEnd,
    WorkPlan,
)
from assistants.selectors import assessment_due_after, first_plan_due, first_plan_due_after
from cases.models import (
    AssignmentRequest,
    FamilyStatus,
    Interview,
    InterviewStatus,
    Report,
    RequestStatus,
)
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
            return reverse("cases:request_decide", args=[self.family_id, self.object_id])
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
class Kind:
    """How one kind of deadline is found, dated and owned."""

    code: str
    # (centres by id, today, scope) -> the open rows as Deadlines, from one query; `scope(path)` is
    # the Q narrowing the rows, given the path from the kind's model to its family.
    open: Callable[[dict[int, Centre], datetime.date, Callable[[str], Q]], list[Deadline]]
    # (centre, today) -> Q on Family: the family has this deadline overdue.
    overdue_in: Callable[[Centre, datetime.date], Q]
    # (centre, start, end, today) -> every deadline of this kind falling due in the period.
    in_period: Callable[[Centre, datetime.date, datetime.date, datetime.date], list[Deadline]]
    # The roles that may own it (the dashboards ask only the kinds of the user's roles).
    roles: tuple[str, ...]


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


# The environmental interview (art. 11): 14 working days from the report, 2 when a child is at risk.
# Open while the family waits for its first interview; met by the signed interview of the report.

_SIGNED_FOR_REPORT = Interview.objects.filter(report=OuterRef("pk"), status=InterviewStatus.SIGNED)


def _interview_open(centres, today, scope):
    reports = (
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
    due_dates = {}  # many reports share a day: run the calendar once per day and urgency

    def due(report):
        key = (report.received_on, report.urgent)
        if key not in due_dates:
            due_dates[key] = interview_due_date(report)
        return due_dates[key]

    return [
        _deadline(
            DeadlineKind.INTERVIEW,
            centres[report.family.centre_id],
            today,
            due(report),
            object_id=report.pk,
            owner_id=report.family.social_worker_id,
            owner_role=Role.SOCIAL_WORKER,
            **_family_fields(report),
        )
        for report in reports
    ]


def _interview_overdue(centre, today):
    def due(urgent):
        return lambda day: interview_due_date(Report(received_on=day, urgent=urgent))

    late = (
        Report.objects.filter(family=OuterRef("pk"))
        .filter(~Exists(_SIGNED_FOR_REPORT))
        .filter(
            Q(urgent=True, received_on__lte=_latest_start(due(True), today))
            | Q(urgent=False, received_on__lte=_latest_start(due(False), today))
        )
    )
    return Q(status=FamilyStatus.REPORTED) & Q(Exists(late))


def _interview_period(centre, start, end, today):
    # A report is at most 14 working days (under four weeks) before its deadline.
    reports = (
        Report.objects.filter(family__centre=centre, received_on__gte=start - datetime.timedelta(days=31))
        .filter(received_on__lte=end)
        .select_related("family")
        .annotate(signed_at=Min("interviews__signed_at", filter=Q(interviews__status=InterviewStatus.SIGNED)))
    )
    rows = []
    for report in reports:
        due = interview_due_date(report)
        # A report answered by no interview of its own while the family moved on was superseded.
        if report.signed_at is None and report.family.status != FamilyStatus.REPORTED:
            continue
        rows.append(
            _deadline(
                DeadlineKind.INTERVIEW,
                centre,
                today,
                due,
                satisfied_on=_day(report.signed_at),
                object_id=report.pk,
                owner_id=report.family.social_worker_id,
                owner_role=Role.SOCIAL_WORKER,
                **_family_fields(report),
            )
        )
    return rows


# The head's decision on a submitted request (art. 11 ust. 2): within the centre's working days.


def _request_open(centres, today, scope):
    requests = (
        AssignmentRequest.objects.filter(
            scope("family"), status=RequestStatus.SUBMITTED, family__archived_on__isnull=True
        )
        .select_related("family")
        .only("id", "submitted_at", "family__id", "family__reference", "family__centre_id")
    )
    return [
        _deadline(
            DeadlineKind.REQUEST_DECISION,
            centres[request.family.centre_id],
            today,
            request_decision_due(_day(request.submitted_at), centres[request.family.centre_id]),
            object_id=request.pk,
            owner_id=None,
            owner_role=Role.HEAD,
            **_family_fields(request),
        )
        for request in requests
    ]


def _request_overdue(centre, today):
    cutoff = _latest_start(lambda day: request_decision_due(day, centre), today)
    waiting = AssignmentRequest.objects.filter(
        family=OuterRef("pk"), status=RequestStatus.SUBMITTED, submitted_at__date__lte=cutoff
    )
    return Q(Exists(waiting))


def _request_period(centre, start, end, today):
    requests = (
        AssignmentRequest.objects.filter(family__centre=centre, submitted_at__isnull=False)
        .filter(submitted_at__date__gte=start - datetime.timedelta(days=62), submitted_at__date__lte=end)
        .select_related("family")
        .annotate(
            decided_at=Min("decisions__decided_at", filter=Q(decisions__decided_at__gte=F("submitted_at")))
        )
    )
    rows = []
    for request in requests:
        due = request_decision_due(_day(request.submitted_at), centre)
        rows.append(
            _deadline(
                DeadlineKind.REQUEST_DECISION,
                centre,
                today,
                due,
                satisfied_on=_day(request.decided_at),
                object_id=request.pk,
                owner_id=None,
                owner_role=Role.HEAD,
                **_family_fields(request),
            )
        )
    return rows


# The assistant's first work plan (art. 15 ust. 1 pkt 1): the centre's days after work started;
# met once the family has accepted a plan.

_ACCEPTED_PLAN = WorkPlan.objects.filter(family=OuterRef("family"), status=PlanStatus.ACCEPTED)


def _active_assignments(scope) -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        scope, ended_on__isnull=True, family__archived_on__isnull=True
    ).select_related("family__centre", "assistant")


def _first_plan_open(centres, today, scope):
    return [
        _deadline(
            DeadlineKind.FIRST_PLAN,
            centres[assignment.family.centre_id],
            today,
            first_plan_due(assignment),
            object_id=assignment.pk,
            owner_id=assignment.assistant.user_id,
            owner_role=Role.FAMILY_ASSISTANT,
            **_family_fields(assignment),
        )
        for assignment in _active_assignments(scope("family")).filter(~Exists(_ACCEPTED_PLAN))
    ]


def _first_plan_overdue(centre, today):
    cutoff = _latest_start(lambda day: first_plan_due_after(day, centre), today)
    late = Assignment.objects.filter(
        family=OuterRef("pk"), ended_on__isnull=True, started_on__lte=cutoff
    ).filter(~Exists(_ACCEPTED_PLAN))
    return Q(Exists(late))


def _first_plan_period(centre, start, end, today):
    assignments = (
        Assignment.objects.filter(family__centre=centre, started_on__lte=end)
        .filter(started_on__gte=start - datetime.timedelta(days=centre.first_plan_days + 1))
        .select_related("family__centre", "assistant")
        .annotate(accepted_on=Subquery(_ACCEPTED_PLAN.order_by("accepted_on").values("accepted_on")[:1]))
    )
    rows = []
    for assignment in assignments:
        due = first_plan_due(assignment)
        if assignment.accepted_on is None and assignment.ended_on is not None and assignment.ended_on <= due:
            continue  # the work ended before a plan was due
        rows.append(
            _deadline(
                DeadlineKind.FIRST_PLAN,
                centre,
                today,
                due,
                satisfied_on=assignment.accepted_on,
                object_id=assignment.pk,
                owner_id=assignment.assistant.user_id,
                owner_role=Role.FAMILY_ASSISTANT,
                **_family_fields(assignment),
            )
        )
    return rows


# The periodic assessment (art. 15 ust. 1 pkt 16): six months from the start of work, then from the
# end of the period last assessed (assistants.selectors.next_assessment_due).

_ASSESSED = (AssessmentStatus.SUBMITTED, AssessmentStatus.ACKNOWLEDGED)


def _assessment_open(centres, today, scope):
    assignments = _active_assignments(scope("family")).annotate(
        last_period_to=Max("assessments__period_to", filter=Q(assessments__status__in=_ASSESSED))
    )
    return [
        _deadline(
            DeadlineKind.ASSESSMENT,
            centres[assignment.family.centre_id],
            today,
            assessment_due_after(assignment.last_period_to or assignment.started_on),
            object_id=assignment.pk,
            owner_id=assignment.assistant.user_id,
            owner_role=Role.FAMILY_ASSISTANT,
            **_family_fields(assignment),
        )
        for assignment in assignments
    ]


def _assessment_overdue(centre, today):
    cutoff = _latest_start(assessment_due_after, today)
    recent = Assessment.objects.filter(assignment=OuterRef("pk"), status__in=_ASSESSED, period_to__gt=cutoff)
    late = Assignment.objects.filter(
        family=OuterRef("pk"), ended_on__isnull=True, started_on__lte=cutoff
    ).filter(~Exists(recent))
    return Q(Exists(late))


def _assessment_period(centre, start, end, today):
    assignments = (
        Assignment.objects.filter(family__centre=centre, started_on__lte=end)
        .select_related("family", "assistant")
        .prefetch_related("assessments")
    )
    rows = []
    for assignment in assignments:
        base = assignment.started_on
        assessed = sorted(
            (a for a in assignment.assessments.all() if a.status in _ASSESSED), key=lambda a: a.period_to
        )
        chain = [(assessment_due_after(base), _day(a.submitted_at), a.period_to) for a in assessed]
        due_dates = []
        for due, submitted_on, period_to in chain:
            due_dates.append((due, submitted_on))
            base = period_to
        last_due = assessment_due_after(base)
        if assignment.ended_on is None or assignment.ended_on > last_due:
            due_dates.append((last_due, None))
        for due, submitted_on in due_dates:
            if start <= due <= end:
                rows.append(
                    _deadline(
                        DeadlineKind.ASSESSMENT,
                        centre,
                        today,
                        due,
                        satisfied_on=submitted_on,
                        object_id=assignment.pk,
                        owner_id=assignment.assistant.user_id,
                        owner_role=Role.FAMILY_ASSISTANT,
                        **_family_fields(assignment),
                    )
                )
    return rows


# The opinion a court asked for (art. 15 ust. 1 pkt 14): by the court's date, met when dispatched
# (as on the court register). Whose step it is follows the newest version of the opinion: the
# assistant writes it, the head signs it off, staff print and dispatch it.


def _court_owner(status: str | None, assistant_id: int | None) -> tuple[int | None, str]:
    if status == OpinionStatus.SUBMITTED:
        return None, Role.HEAD
    if status in (OpinionStatus.APPROVED, OpinionStatus.ISSUED):
        return None, Role.STAFF
    if assistant_id is None:  # nobody works with the family now: the head answers the court
        return None, Role.HEAD
    return assistant_id, Role.FAMILY_ASSISTANT


def _court_requests(scope) -> QuerySet[CourtRequest]:
    newest = CourtOpinion.objects.filter(court_request=OuterRef("pk")).order_by("-version")
    assistant = Assignment.objects.filter(family=OuterRef("family"), ended_on__isnull=True)
    return (
        CourtRequest.objects.filter(scope)
        .select_related("family")
        .annotate(
            answered_on=Min("opinions__dispatched_on"),
            opinion_status=Subquery(newest.values("status")[:1]),
            assistant_user_id=Subquery(assistant.values("assistant__user_id")[:1]),
        )
    )


def _court_deadline(request, centre, today) -> Deadline:
    owner_id, owner_role = _court_owner(request.opinion_status, request.assistant_user_id)
    return _deadline(
        DeadlineKind.COURT_OPINION,
        centre,
        today,
        request.deadline,
        satisfied_on=request.answered_on,
        object_id=request.pk,
        owner_id=owner_id,
        owner_role=owner_role,
        **_family_fields(request),
    )


def _court_open(centres, today, scope):
    requests = _court_requests(scope("family")).filter(answered_on__isnull=True)
    return [_court_deadline(request, centres[request.centre_id], today) for request in requests]


def _court_overdue(centre, today):
    late = CourtRequest.objects.filter(family=OuterRef("pk"), deadline__lt=today).filter(
        ~Exists(CourtOpinion.objects.filter(court_request=OuterRef("pk"), dispatched_on__isnull=False))
    )
    return Q(Exists(late))


def _court_period(centre, start, end, today):
    requests = _court_requests(Q(centre=centre)).filter(deadline__gte=start, deadline__lte=end)
    return [_court_deadline(request, centre, today) for request in requests]


# The end of monitoring after the work: the case is closed when the period is over (the daily
# close_ended_monitoring command or the head). The assistant whose work ended watches it.


def _monitoring_deadline(work_end, centre, today) -> Deadline:
    closed_on = work_end.closed_on
    # The daily command closes the case the day after the last day of monitoring: that is on time.
    if closed_on is not None and closed_on <= work_end.monitoring_until + datetime.timedelta(days=1):
        closed_on = min(closed_on, work_end.monitoring_until)
    return _deadline(
        DeadlineKind.MONITORING_END,
        centre,
        today,
        work_end.monitoring_until,
        satisfied_on=closed_on,
        object_id=work_end.pk,
        owner_id=work_end.assignment.assistant.user_id,
        owner_role=Role.FAMILY_ASSISTANT,
        **_family_fields(work_end),
    )


def _monitoring_open(centres, today, scope):
    work_ends = WorkEnd.objects.filter(
        scope("family"), closed_on__isnull=True, family__status=FamilyStatus.MONITORING
    )
    return [
        _monitoring_deadline(work_end, centres[work_end.family.centre_id], today)
        for work_end in work_ends.select_related("family", "assignment__assistant")
    ]


def _monitoring_overdue(centre, today):
    late = WorkEnd.objects.filter(family=OuterRef("pk"), closed_on__isnull=True, monitoring_until__lt=today)
    return Q(status=FamilyStatus.MONITORING) & Q(Exists(late))


def _monitoring_period(centre, start, end, today):
    work_ends = WorkEnd.objects.filter(
        family__centre=centre, monitoring_until__gte=start, monitoring_until__lte=end
    ).select_related("family", "assignment__assistant")
    return [_monitoring_deadline(work_end, centre, today) for work_end in work_ends]


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


def _contracts(scope) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(scope)
        .select_related("support_family__family")
        .annotate(successor_from=Subquery(_SUCCESSOR.order_by("valid_from").values("valid_from")[:1]))
    )


def _contract_deadline(contract, centre, today) -> Deadline:
    satisfied_on = None
    if contract.status == ContractStatus.TERMINATED:
        satisfied_on = contract.terminated_on
    elif contract.successor_from is not None:
        satisfied_on = min(contract.successor_from, contract.valid_to)
    return _deadline(
        DeadlineKind.CONTRACT_END,
        centre,
        today,
        contract.valid_to,
        satisfied_on=satisfied_on,
        object_id=contract.pk,
        owner_id=None,
        owner_role=Role.HEAD,
        **_support_fields(contract),
    )


def _contract_open(centres, today, scope):
    contracts = _contracts(scope("support_family__family")).filter(
        status=ContractStatus.SIGNED, support_family__family__archived_on__isnull=True
    )
    return [
        deadline
        for deadline in (_contract_deadline(c, centres[c.centre_id], today) for c in contracts)
        if deadline.satisfied_on is None
    ]


def _contract_overdue(centre, today):
    late = Contract.objects.filter(
        support_family__family=OuterRef("pk"), status=ContractStatus.SIGNED, valid_to__lt=today
    ).filter(~Exists(_SUCCESSOR))
    return Q(Exists(late))


def _contract_period(centre, start, end, today):
    contracts = _contracts(Q(centre=centre)).filter(valid_to__gte=start, valid_to__lte=end)
    return [
        _contract_deadline(contract, centre, today)
        for contract in contracts.exclude(status=ContractStatus.DRAFT)
    ]


def _invoice_deadline(invoice, centre, today) -> Deadline:
    return _deadline(
        DeadlineKind.INVOICE_DECISION,
        centre,
        today,
        invoice_decision_due(invoice.registered_on, centre),
        satisfied_on=invoice.decided_on,
        object_id=invoice.pk,
        owner_id=None,
        owner_role=Role.HEAD,
        **_support_fields(invoice.contract),
    )


def _invoice_open(centres, today, scope):
    invoices = Invoice.objects.filter(
        scope("contract__support_family__family"), status=InvoiceStatus.REGISTERED
    ).select_related("contract__support_family__family")
    return [_invoice_deadline(invoice, centres[invoice.contract.centre_id], today) for invoice in invoices]


def _invoice_overdue(centre, today):
    cutoff = _latest_start(lambda day: invoice_decision_due(day, centre), today)
    late = Invoice.objects.filter(
        contract__support_family__family=OuterRef("pk"),
        status=InvoiceStatus.REGISTERED,
        registered_on__lte=cutoff,
    )
    return Q(Exists(late))


def _invoice_period(centre, start, end, today):
    invoices = Invoice.objects.filter(
        contract__centre=centre,
        registered_on__gte=start - datetime.timedelta(days=62),
        registered_on__lte=end,
    ).select_related("contract__support_family__family")
    return [_invoice_deadline(invoice, centre, today) for invoice in invoices]


REGISTER: tuple[Kind, ...] = (
    Kind(
        DeadlineKind.INTERVIEW,
        _interview_open,
        _interview_overdue,
        _interview_period,
        (Role.SOCIAL_WORKER,),
    ),
    Kind(
        DeadlineKind.REQUEST_DECISION,
        _request_open,
        _request_overdue,
        _request_period,
        (Role.HEAD,),
    ),
    Kind(
        DeadlineKind.FIRST_PLAN,
        _first_plan_open,
        _first_plan_overdue,
        _first_plan_period,
        (Role.FAMILY_ASSISTANT,),
    ),
    Kind(
        DeadlineKind.ASSESSMENT,
        _assessment_open,
        _assessment_overdue,
        _assessment_period,
        (Role.FAMILY_ASSISTANT,),
    ),
    Kind(
        DeadlineKind.COURT_OPINION,
        _court_open,
        _court_overdue,
        _court_period,
        (Role.FAMILY_ASSISTANT, Role.HEAD, Role.STAFF),
    ),
    Kind(
        DeadlineKind.MONITORING_END,
        _monitoring_open,
        _monitoring_overdue,
        _monitoring_period,
        (Role.FAMILY_ASSISTANT,),
    ),
    Kind(
        DeadlineKind.CONTRACT_END,
        _contract_open,
        _contract_overdue,
        _contract_period,
        (Role.HEAD,),
    ),
    Kind(
        DeadlineKind.INVOICE_DECISION,
        _invoice_open,
        _invoice_overdue,
        _invoice_period,
        (Role.HEAD,),
    ),
)

# Narrowing each kind's query to one owner, so a dashboard reads only the user's own rows.
_OWNER_SCOPE = {
    DeadlineKind.INTERVIEW: lambda user: Q(family__social_worker=user),
    DeadlineKind.FIRST_PLAN: lambda user: Q(assistant__user=user),
    DeadlineKind.ASSESSMENT: lambda user: Q(assistant__user=user),
    DeadlineKind.MONITORING_END: lambda user: Q(assignment__assistant__user=user),
}


def _sorted(deadlines: Iterable[Deadline]) -> list[Deadline]:
    return sorted(deadlines, key=lambda d: (d.due, d.kind, d.object_id))


def centre_deadlines(centre: Centre, *, today: datetime.date | None = None) -> list[Deadline]:
    """Every open deadline of the centre, soonest first (the head's view; not scoped to a user)."""
    today = today or timezone.localdate()
    centres = {centre.pk: centre}

    def scope(path: str) -> Q:
        return Q(**{f"{path}__centre_id": centre.pk})

    rows = []
    for kind in REGISTER:
        rows += kind.open(centres, today, scope)
    return _sorted(rows)


def deadlines_for(user: User, *, today: datetime.date | None = None) -> list[Deadline]:
    """The open deadlines `user` owns, soonest first: only of families the user may see, and for
    staff only court letters of the register."""
    from cases.selectors import families_visible_to

    if not user.is_authenticated or user.centre_id is None:
        return []
    today = today or timezone.localdate()
    centre = user.centre
    centres = {centre.pk: centre}
    visible = families_visible_to(user).values("pk")
    # The register is staff's, the case is not: they own court letters of the whole centre.
    staff_only = user.has_role(Role.STAFF) and not user.has_role(Role.HEAD)
    rows = []
    for kind in REGISTER:
        if not user.has_role(*kind.roles):
            continue
        owner = Q()
        if kind.code in _OWNER_SCOPE and not user.has_role(Role.HEAD):
            owner = _OWNER_SCOPE[kind.code](user)

        def scope(path: str, owner: Q = owner) -> Q:
            narrowed = Q(**{f"{path}__centre_id": centre.pk}) & owner
            return narrowed if staff_only else narrowed & Q(**{f"{path}__in": visible})

        rows += [row for row in kind.open(centres, today, scope) if row.is_owned_by(user)]
    return _sorted(rows)


def needing_attention(deadlines: Iterable[Deadline]) -> list[Deadline]:
    """The overdue and the due-soon ones: what the reminders and the notices carry."""
    return [d for d in deadlines if d.state in (DeadlineState.OVERDUE, DeadlineState.DUE_SOON)]


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
    yet due and still open count as neither."""
    today = today or timezone.localdate()
    figures = {}
    for kind in REGISTER:
        met = missed = 0
        for row in kind.in_period(centre, start, end, today):
            if not start <= row.due <= end:
                continue
            if row.satisfied_on is not None and row.satisfied_on <= row.due:
                met += 1
            elif row.satisfied_on is not None or row.due < today:
                missed += 1
        figures[kind.code] = {"met": met, "missed": missed}
    return figures


def by_owner(deadlines: Iterable[Deadline], users: dict[int, User]) -> list[tuple[str, list[Deadline]]]:
    """Deadlines grouped under their owner's name (a person) or role, for the head's overview."""
    groups: dict[str, list[Deadline]] = defaultdict(list)
    for deadline in deadlines:
        if deadline.owner_id is not None and deadline.owner_id in users:
            name = str(users[deadline.owner_id])
        else:
            name = str(Role(deadline.owner_role).label)
        groups[name].append(deadline)
    return sorted(groups.items(), key=lambda item: item[0])
