"""The deadlines whose rule the assistants app owns, declared for the register
(familysupport.deadlines): the head's decision on a request for an assistant, the first work plan,
the periodic assessment, the opinion a court asked for, and the end of monitoring.
"""

import datetime
from collections import defaultdict
from operator import attrgetter

from django.db.models import BigIntegerField, Case, F, OuterRef, Q, Subquery, Value, When
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
from assistants.selectors.plans import first_plan_due
from cases.deadlines import family_page

# Decision is moving from cases to the assistants app (branch `decouple`): read from cases meanwhile.
from cases.models import AssignmentRequest, FamilyStatus, RequestStatus
from familysupport.deadlines import Deadline, Kind, Obligation, local_date
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


def _of_family(family, **fields) -> Obligation:
    return Obligation(
        family_id=family.pk, family_reference=family.reference, centre_id=family.centre_id, **fields
    )


# The head's decision on a submitted request (art. 11 ust. 2): within the centre's working days,
# met by the first decision given after the (last) submission.


def _request_obligations(scope):
    decided = (
        Decision.objects.filter(request=OuterRef("pk"), decided_at__gte=OuterRef("submitted_at"))
        .order_by("decided_at")
        .values("decided_at")[:1]
    )
    requests = (
        AssignmentRequest.objects.filter(scope("family"), submitted_at__isnull=False)
        .annotate(first_decided_at=Subquery(decided))
        .select_related("family__centre")
    )
    for request in requests:
        family = request.family
        submitted_on = local_date(request.submitted_at)
        assert submitted_on is not None  # the requests read are submitted (filtered above)
        yield _of_family(
            family,
            object_id=request.pk,
            due=request_decision_due(submitted_on, family.centre),
            owner_id=None,
            owner_role=Role.HEAD,
            met_on=local_date(request.first_decided_at),
            is_open=request.status == RequestStatus.SUBMITTED and family.archived_on is None,
        )


# The assistant's first work plan (art. 15 ust. 1 pkt 1): the centre's days after work started;
# met once the family has accepted a plan. Work that ended before the day with nothing done owed
# nothing: it lapsed.

_ACCEPTED_PLAN = WorkPlan.objects.filter(family=OuterRef("family"), status=PlanStatus.ACCEPTED)


def _assignments(scope):
    return Assignment.objects.filter(scope("family")).select_related("family__centre", "assistant")


def _ended_first(due: datetime.date, met_on: datetime.date | None, ended_on: datetime.date | None) -> bool:
    """The work ended before the deadline with nothing done: nothing was owed."""
    return met_on is None and ended_on is not None and ended_on <= due


def _first_plan_obligations(scope):
    accepted_on = Subquery(_ACCEPTED_PLAN.order_by("accepted_on").values("accepted_on")[:1])
    for assignment in _assignments(scope).annotate(plan_accepted_on=accepted_on):
        due = first_plan_due(assignment)
        met_on = assignment.plan_accepted_on
        yield _of_family(
            assignment.family,
            object_id=assignment.pk,
            due=due,
            owner_id=assignment.assistant.user_id,
            owner_role=Role.FAMILY_ASSISTANT,
            met_on=met_on,
            is_open=met_on is None and assignment.ended_on is None and assignment.family.archived_on is None,
            counted=not _ended_first(due, met_on, assignment.ended_on),
        )


# The periodic assessment (art. 15 ust. 1 pkt 16): six months from the start of work, then from the
# end of the period last assessed (assistants.selectors.next_assessment_due). Each assessment made
# met the one that ran from the period before it; the next runs from the last, unless the work
# ended before it.

_ASSESSED = (AssessmentStatus.SUBMITTED, AssessmentStatus.ACKNOWLEDGED)


def _assessment_obligations(scope):
    made = defaultdict(list)
    assessed = Assessment.objects.filter(scope("assignment__family"), status__in=_ASSESSED)
    for assignment_id, period_to, submitted_at in assessed.values_list(
        "assignment_id", "period_to", "submitted_at"
    ):
        made[assignment_id].append((period_to, local_date(submitted_at)))
    for assignment in _assignments(scope):
        owner = {"owner_id": assignment.assistant.user_id, "owner_role": Role.FAMILY_ASSISTANT}
        periods = sorted(made[assignment.pk], key=lambda item: item[0])
        for period_to, submitted_on in periods:
            earlier = [end for end, _day in periods if end < period_to]
            yield _of_family(
                assignment.family,
                object_id=assignment.pk,
                due=assessment_due_after(max(earlier, default=assignment.started_on)),
                met_on=submitted_on,
                is_open=False,
                **owner,
            )
        due = assessment_due_after(max((end for end, _day in periods), default=assignment.started_on))
        yield _of_family(
            assignment.family,
            object_id=assignment.pk,
            due=due,
            met_on=None,
            is_open=assignment.ended_on is None and assignment.family.archived_on is None,
            counted=not _ended_first(due, None, assignment.ended_on),
            **owner,
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


def _court_obligations(scope):
    newest = CourtOpinion.objects.filter(court_request=OuterRef("pk")).order_by("-version")
    assistant = Assignment.objects.active().filter(family=OuterRef("family"))
    owner_id, owner_role = _court_owner_expressions()
    requests = (
        CourtRequest.objects.current()
        .filter(scope("family"))
        .select_related("family")
        .annotate(
            opinion_status=Subquery(newest.values("status")[:1]),
            assistant_user_id=Subquery(assistant.values("assistant__user_id")[:1]),
            first_dispatched_on=Subquery(_DISPATCHED.order_by("dispatched_on").values("dispatched_on")[:1]),
        )
        .annotate(court_owner_id=owner_id, court_owner_role=owner_role)
    )
    for request in requests:
        yield Obligation(
            object_id=request.pk,
            centre_id=request.centre_id,
            family_id=request.family_id,
            family_reference=request.family.reference,
            due=request.deadline,
            owner_id=request.court_owner_id,
            owner_role=request.court_owner_role,
            met_on=request.first_dispatched_on,
            is_open=request.first_dispatched_on is None,
        )


# The end of monitoring after the work: the case is closed when the period is over (the daily
# close_ended_monitoring command or the head). The assistant whose work ended watches it.

# The daily command closes the case the day after the last day of monitoring: that is on time.
MONITORING_CLOSING_GRACE_DAYS = 1


def _monitoring_obligations(scope):
    work_ends = WorkEnd.objects.filter(scope("family")).select_related("family", "assignment__assistant")
    for work_end in work_ends:
        yield _of_family(
            work_end.family,
            object_id=work_end.pk,
            due=work_end.monitoring_until,
            owner_id=work_end.assignment.assistant.user_id,
            owner_role=Role.FAMILY_ASSISTANT,
            met_on=work_end.closed_on,
            is_open=work_end.closed_on is None and work_end.family.status == FamilyStatus.MONITORING,
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
        obligations=_request_obligations,
    ),
    Kind(
        FIRST_PLAN,
        label=_("first work plan"),
        roles=(Role.FAMILY_ASSISTANT,),
        window=attrgetter("first_plan_soon_days"),
        url=family_page,
        obligations=_first_plan_obligations,
    ),
    Kind(
        ASSESSMENT,
        label=_("periodic assessment"),
        roles=(Role.FAMILY_ASSISTANT,),
        window=attrgetter("assessment_soon_days"),
        url=family_page,
        obligations=_assessment_obligations,
    ),
    Kind(
        COURT_OPINION,
        label=_("opinion for a court"),
        roles=(Role.FAMILY_ASSISTANT, Role.HEAD, Role.STAFF),
        window=attrgetter("court_opinion_soon_days"),
        url=_court_page,
        obligations=_court_obligations,
    ),
    Kind(
        MONITORING_END,
        label=_("end of monitoring"),
        roles=(Role.FAMILY_ASSISTANT,),
        window=attrgetter("monitoring_end_soon_days"),
        url=family_page,
        obligations=_monitoring_obligations,
        grace=MONITORING_CLOSING_GRACE_DAYS,
    ),
)
