"""What the assistants app adds to the pages of cases (declared in AssistantsConfig.ready()).

The family page's sections (the assistant among the family's data, court requests, the work plan
and visits, assessments and the end of work), the family's path from the head's decision on, the
next step while an assistant works with the family and during the monitoring; the families list's
column of the assistant; the head's decisions on a request's page and in its letter. The family's
work is read once per page (`shared_family_work`).
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assistants.filters import assessment_waiting_filter, family_assistant_filter
from assistants.models import AssessmentStatus, Assignment, PlanStatus
from assistants.policies import court as court_policies
from assistants.policies import plans as plan_policies
from assistants.selectors.assessments import next_assessment_due
from assistants.selectors.court import court_context
from assistants.selectors.lifecycle import (
    lifecycle_context,
    request_decisions,
    shared_family_work,
    with_active_assignments,
)
from assistants.selectors.plans import first_plan_due, plan_context
from cases.models import AssignmentRequest, Family, FamilyStatus
from cases.selectors import (
    DATA,
    SHARED_RECORDS,
    FamilyCircle,
    FamilyListColumn,
    FamilyPathPart,
    FamilySection,
    NextStep,
    PathStep,
    RequestSection,
)
from familysupport.models import Role, User


def path_steps(user: User | None, family: Family, shared: dict) -> list[PathStep]:
    """The head's decisions, then the assistant's work: assignments, accepted plans, submitted
    assessments, issued court opinions, the end of work and the closing of the case."""
    requests = list(reversed(shared[SHARED_RECORDS].requests))  # oldest first
    steps = [
        PathStep(
            timezone.localdate(decision.decided_at),
            _("Decision: %(outcome)s") % {"outcome": decision.get_outcome_display()},
            decision.decided_by,
            decision.entity,
        )
        for decision in request_decisions(requests)
    ]
    work = shared_family_work(user, family, shared)
    for assignment in work.assignments:
        steps.append(
            PathStep(
                assignment.started_on, _("Work with a family assistant began"), assignment.assistant.user
            )
        )
    for plan in (plan for plan in work.plans if plan.status == PlanStatus.ACCEPTED):
        label = _("Work plan accepted by the family (version %(version)d)") % {"version": plan.version}
        assert plan.accepted_on is not None  # set with the status (plan_services.work_plan_accept)
        steps.append(PathStep(plan.accepted_on, label, plan.author))
    for assessment in (item for item in work.assessments if item.status != AssessmentStatus.DRAFT):
        label = _("Periodic assessment submitted")
        steps.append(PathStep(timezone.localdate(assessment.submitted_at), label, assessment.author))
    for opinion in work.issued_opinions:
        label = _("Opinion issued for the court")
        detail = opinion.court_request.case_signature
        steps.append(PathStep(timezone.localdate(opinion.issued_at), label, opinion.approved_by, detail))
    for work_end in work.work_ends:
        label = _("End of work: %(reason)s") % {"reason": work_end.get_reason_display()}
        steps.append(PathStep(work_end.ended_on, label, work_end.author))
        if work_end.closed_on:
            steps.append(PathStep(work_end.closed_on, _("Case closed"), None))
    return steps


def next_step(user: User | None, family: Family, shared: dict) -> NextStep | None:
    """While an assistant works with the family: the first plan, then the periodic assessment;
    during the monitoring: its end."""
    if family.status == FamilyStatus.ASSISTANT_ASSIGNED:
        work = shared_family_work(user, family, shared)
        assignment = work.active_assignment
        if assignment is None:
            return None
        if work.current_plan is None:
            return NextStep(
                _("The family assistant draws up the first work plan"), first_plan_due(assignment)
            )
        return NextStep(
            _("Periodic assessment of the family's situation"),
            next_assessment_due(assignment, work.assessments),
        )
    if family.status == FamilyStatus.MONITORING:
        work_end = shared_family_work(user, family, shared).open_monitoring
        if work_end is not None:
            return NextStep(_("Monitoring of the family's functioning ends"), work_end.monitoring_until)
    return None


def _assignment(user: User, family: Family, shared: dict) -> dict:
    return {"assignment": shared_family_work(user, family, shared).active_assignment}


# The sections a policy shows only to some read nothing for the others (their templates ask the
# same policy).


def _court(user: User, family: Family, shared: dict) -> dict:
    return court_context(family) if court_policies.can_view_court_requests(user, family) else {}


def _plans(user: User, family: Family, shared: dict) -> dict:
    if not plan_policies.can_view_plans(user, family):
        return {}
    return plan_context(family, user, shared_family_work(user, family, shared))


def _lifecycle(user: User, family: Family, shared: dict) -> dict:
    return lifecycle_context(family, user, shared_family_work(user, family, shared))


def _decisions(request: AssignmentRequest) -> dict:
    return {"decisions": request.decisions.select_related("decided_by", "assistant__user")}


REQUEST_SECTIONS = (
    RequestSection(
        "assistants.decisions",
        10,
        "assistants/_request_decisions.html",
        "pdf/_request_decisions.html",
        _decisions,
    ),
)
FAMILY_PATH = FamilyPathPart(key="assistants", steps=path_steps, next_step=next_step, order=10)
FAMILY_SECTIONS = (
    FamilySection("assistants.assignment", 10, "assistants/_family_assignment.html", _assignment, place=DATA),
    FamilySection("assistants.court", 20, "assistants/_family_court.html", _court),
    FamilySection("assistants.plans", 30, "assistants/_family_plans.html", _plans),
    FamilySection("assistants.lifecycle", 40, "assistants/_family_lifecycle.html", _lifecycle),
)
FAMILY_LIST_COLUMNS = (
    FamilyListColumn(
        key="assistants.assistant",
        order=10,
        label=gettext_lazy("Family assistant"),
        template="assistants/_family_list_assistant.html",
        prepare=with_active_assignments,
        filters=(("assistant", family_assistant_filter), ("assessment", assessment_waiting_filter)),
    ),
)


def assisted_families(user: User) -> Q:
    """The assistant's families on the lists: those of their assignments with access (the work goes
    on, or its monitoring), as the object rights granted at the start and revoked at the end say."""
    return Q(pk__in=Assignment.objects.with_access().filter(assistant__user=user).values("family_id"))


FAMILY_CIRCLE = FamilyCircle(Role.FAMILY_ASSISTANT, assisted_families)
