"""The deadlines whose rule the assistants app owns, declared for the register
(familysupport.deadlines): the head's decision on a request for an assistant, the first work plan,
the periodic assessment, the opinion a court asked for, and the end of monitoring.
"""

import datetime
from operator import attrgetter

from django.db.models import (
    BigIntegerField,
    Case,
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
from django.db.models.functions import Coalesce
from django.urls import reverse
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
from cases.deadlines import family_page

# Decision is moving from cases to the assistants app (branch `decouple`): read from cases meanwhile.
from cases.models import AssignmentRequest, FamilyStatus, RequestStatus
from familysupport.deadlines import (
    Branch,
    Deadline,
    Kind,
    added,
    count_met_and_missed,
    earliest_start,
    family_fields,
    latest_start,
    local_date,
    local_day,
    on_the_day,
    person_owner,
    role_owner,
)
from familysupport.models import Centre, Role
from familysupport.workdays import add_working_days

REQUEST_DECISION = "request_decision"
FIRST_PLAN = "first_plan"
ASSESSMENT = "assessment"
COURT_OPINION = "court_opinion"
MONITORING_END = "monitoring_end"


def request_decision_due(submitted_on: datetime.date, centre: Centre) -> datetime.date:
    """The head decides a submitted request within the centre's number of working days."""
    return add_working_days(submitted_on, centre.request_decision_days)


# The head's decision on a submitted request (art. 11 ust. 2): within the centre's working days.


def _request_rows(scope):
    return (
        AssignmentRequest.objects.filter(
            scope("family"), status=RequestStatus.SUBMITTED, family__archived_on__isnull=True
        )
        .select_related("family")
        .only("id", "submitted_at", "family__id", "family__reference", "family__centre_id")
    )


def _request_build(kind, request, centres, today):
    centre = centres[request.family.centre_id]
    submitted_on = local_date(request.submitted_at)
    assert submitted_on is not None  # the requests read are submitted (their scope above)
    return kind.deadline(
        centre,
        today,
        request_decision_due(submitted_on, centre),
        object_id=request.pk,
        owner_id=None,
        owner_role=Role.HEAD,
        **family_fields(request),
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
        .annotate(day=local_day("decided_at"))
        .values("day")[:1]
    )
    branches = _request_branches(centre)
    # The first request whose decision can fall due in the period, by the centre's days.
    requests = (
        AssignmentRequest.objects.filter(family__centre=centre, submitted_at__isnull=False)
        .filter(submitted_at__date__gte=earliest_start(branches, start), submitted_at__date__lte=end)
        .annotate(satisfied_on=Subquery(decided_on))
    )
    return count_met_and_missed(requests, branches, start, end, today)


# The assistant's first work plan (art. 15 ust. 1 pkt 1): the centre's days after work started;
# met once the family has accepted a plan.

_ACCEPTED_PLAN = WorkPlan.objects.filter(family=OuterRef("family"), status=PlanStatus.ACCEPTED)


def _active_assignments(scope) -> QuerySet[Assignment]:
    return (
        Assignment.objects.active()
        .filter(scope, family__archived_on__isnull=True)
        .select_related("family__centre", "assistant")
    )


def _first_plan_rows(scope):
    return _active_assignments(scope("family")).filter(~Exists(_ACCEPTED_PLAN))


def _first_plan_build(kind, assignment, centres, today):
    return kind.deadline(
        centres[assignment.family.centre_id],
        today,
        first_plan_due(assignment),
        object_id=assignment.pk,
        owner_id=assignment.assistant.user_id,
        owner_role=Role.FAMILY_ASSISTANT,
        **family_fields(assignment),
    )


def _first_plan_branches(centre):
    return [Branch(Q(), "started_on", lambda day: first_plan_due_after(day, centre))]


def _first_plan_overdue(centre, today):
    (branch,) = _first_plan_branches(centre)
    late = (
        Assignment.objects.active()
        .filter(family=OuterRef("pk"))
        .filter(branch.due_before(today), ~Exists(_ACCEPTED_PLAN))
    )
    return Q(Exists(late))


def _first_plan_met_and_missed(centre, start, end, today):
    branches = _first_plan_branches(centre)
    assignments = (
        Assignment.objects.filter(family__centre=centre, started_on__lte=end)
        .filter(started_on__gte=earliest_start(branches, start))
        .annotate(satisfied_on=Subquery(_ACCEPTED_PLAN.order_by("accepted_on").values("accepted_on")[:1]))
    )
    return count_met_and_missed(
        assignments, branches, start, end, today, extra=("ended_on",), skip=_ended_first
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


def _assessment_build(kind, assignment, centres, today):
    return kind.deadline(
        centres[assignment.family.centre_id],
        today,
        assessment_due_after(assignment.assessed_from),
        object_id=assignment.pk,
        owner_id=assignment.assistant.user_id,
        owner_role=Role.FAMILY_ASSISTANT,
        **family_fields(assignment),
    )


def _assessment_branches(centre):
    return [Branch(Q(), "assessed_from", assessment_due_after)]


def _assessment_overdue(centre, today):
    cutoff = latest_start(assessment_due_after, today)
    recent = Assessment.objects.filter(assignment=OuterRef("pk"), status__in=_ASSESSED, period_to__gt=cutoff)
    late = (
        Assignment.objects.active()
        .filter(family=OuterRef("pk"), started_on__lte=cutoff)
        .filter(~Exists(recent))
    )
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
        satisfied_on=local_day("submitted_at"),
    )
    # ... and the next one runs from the last period assessed, unless the work ended before it.
    waiting = Assignment.objects.filter(family__centre=centre, started_on__lte=end).annotate(
        assessed_from=Coalesce(_last_assessed(OuterRef("pk")), F("started_on")),
        satisfied_on=Value(None, output_field=DateField()),
    )
    branches = _assessment_branches(centre)
    return added(
        count_met_and_missed(made, branches, start, end, today),
        count_met_and_missed(waiting, branches, start, end, today, extra=("ended_on",), skip=_ended_first),
    )


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
    assistant = Assignment.objects.active().filter(family=OuterRef("family"))
    owner_id, owner_role = _court_owner_expressions()
    return (
        CourtRequest.objects.current()
        .filter(scope("family"))
        .filter(~Exists(_DISPATCHED))
        .select_related("family")
        .annotate(
            opinion_status=Subquery(newest.values("status")[:1]),
            assistant_user_id=Subquery(assistant.values("assistant__user_id")[:1]),
        )
        .annotate(court_owner_id=owner_id, court_owner_role=owner_role)
    )


def _court_build(kind, request, centres, today):
    return kind.deadline(
        centres[request.centre_id],
        today,
        request.deadline,
        object_id=request.pk,
        owner_id=request.court_owner_id,
        owner_role=request.court_owner_role,
        **family_fields(request),
    )


def _court_branches(centre):
    return [Branch(Q(), "deadline", on_the_day)]


def _court_overdue(centre, today):
    late = (
        CourtRequest.objects.current()
        .filter(family=OuterRef("pk"), deadline__lt=today)
        .filter(~Exists(_DISPATCHED))
    )
    return Q(Exists(late))


def _court_met_and_missed(centre, start, end, today):
    dispatched_on = _DISPATCHED.order_by("dispatched_on").values("dispatched_on")[:1]
    requests = (
        CourtRequest.objects.current()
        .filter(centre=centre, deadline__gte=start, deadline__lte=end)
        .annotate(satisfied_on=Subquery(dispatched_on))
    )
    return count_met_and_missed(requests, _court_branches(centre), start, end, today)


# The end of monitoring after the work: the case is closed when the period is over (the daily
# close_ended_monitoring command or the head). The assistant whose work ended watches it.

# The daily command closes the case the day after the last day of monitoring: that is on time.
MONITORING_CLOSING_GRACE_DAYS = 1


def _monitoring_rows(scope):
    return WorkEnd.objects.filter(
        scope("family"), closed_on__isnull=True, family__status=FamilyStatus.MONITORING
    ).select_related("family", "assignment__assistant")


def _monitoring_build(kind, work_end, centres, today):
    return kind.deadline(
        centres[work_end.family.centre_id],
        today,
        work_end.monitoring_until,
        object_id=work_end.pk,
        owner_id=work_end.assignment.assistant.user_id,
        owner_role=Role.FAMILY_ASSISTANT,
        **family_fields(work_end),
    )


def _monitoring_branches(centre):
    return [Branch(Q(), "monitoring_until", on_the_day)]


def _monitoring_overdue(centre, today):
    late = WorkEnd.objects.filter(family=OuterRef("pk"), closed_on__isnull=True, monitoring_until__lt=today)
    return Q(status=FamilyStatus.MONITORING) & Q(Exists(late))


def _monitoring_met_and_missed(centre, start, end, today):
    work_ends = WorkEnd.objects.filter(
        family__centre=centre, monitoring_until__gte=start, monitoring_until__lte=end
    ).annotate(satisfied_on=F("closed_on"))
    return count_met_and_missed(
        work_ends, _monitoring_branches(centre), start, end, today, grace=MONITORING_CLOSING_GRACE_DAYS
    )


def _request_page(deadline: Deadline) -> str:
    return reverse("assistants:request_decide", args=[deadline.family_id, deadline.object_id])


def _court_page(deadline: Deadline) -> str:
    """Staff dispatch from the court register; the assistant and the head work on the family's."""
    if deadline.owner_role == Role.STAFF:
        return reverse("assistants:court_register_detail", args=[deadline.object_id])
    return reverse("assistants:court_request_detail", args=[deadline.family_id, deadline.object_id])


KINDS = (
    Kind(
        REQUEST_DECISION,
        label=_("decision on a request for an assistant"),
        roles=(Role.HEAD,),
        window=attrgetter("request_decision_soon_days"),
        url=_request_page,
        rows=_request_rows,
        build=_request_build,
        branches=_request_branches,
        owner=role_owner(Role.HEAD),
        overdue_in=_request_overdue,
        met_and_missed=_request_met_and_missed,
    ),
    Kind(
        FIRST_PLAN,
        label=_("first work plan"),
        roles=(Role.FAMILY_ASSISTANT,),
        window=attrgetter("first_plan_soon_days"),
        url=family_page,
        rows=_first_plan_rows,
        build=_first_plan_build,
        branches=_first_plan_branches,
        owner=person_owner("assistant__user_id", Role.FAMILY_ASSISTANT),
        overdue_in=_first_plan_overdue,
        met_and_missed=_first_plan_met_and_missed,
    ),
    Kind(
        ASSESSMENT,
        label=_("periodic assessment"),
        roles=(Role.FAMILY_ASSISTANT,),
        window=attrgetter("assessment_soon_days"),
        url=family_page,
        rows=_assessment_rows,
        build=_assessment_build,
        branches=_assessment_branches,
        owner=person_owner("assistant__user_id", Role.FAMILY_ASSISTANT),
        overdue_in=_assessment_overdue,
        met_and_missed=_assessment_met_and_missed,
    ),
    Kind(
        COURT_OPINION,
        label=_("opinion for a court"),
        roles=(Role.FAMILY_ASSISTANT, Role.HEAD, Role.STAFF),
        window=attrgetter("court_opinion_soon_days"),
        url=_court_page,
        rows=_court_rows,
        build=_court_build,
        branches=_court_branches,
        owner=lambda: (F("court_owner_id"), F("court_owner_role")),
        overdue_in=_court_overdue,
        met_and_missed=_court_met_and_missed,
    ),
    Kind(
        MONITORING_END,
        label=_("end of monitoring"),
        roles=(Role.FAMILY_ASSISTANT,),
        window=attrgetter("monitoring_end_soon_days"),
        url=family_page,
        rows=_monitoring_rows,
        build=_monitoring_build,
        branches=_monitoring_branches,
        owner=person_owner("assignment__assistant__user_id", Role.FAMILY_ASSISTANT),
        overdue_in=_monitoring_overdue,
        met_and_missed=_monitoring_met_and_missed,
    ),
)
