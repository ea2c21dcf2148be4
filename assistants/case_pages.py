"""What the assistants app adds to the pages of cases (declared in AssistantsConfig.ready()).

The family page's sections (the assistant among the family's data, court requests, the work plan
and visits, assessments and the end of work), the family's path from the head's decision on, the
next step while an assistant works with the family and during the monitoring; the families list's
column of the assistant; the head's decisions on a request's page and in its letter. The family's
work is read once per page (`shared_family_work`).
"""

from django.db.models import CharField, F, Q, TextChoices
from django.db.models.functions import Cast, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assistants.filters import assessment_waiting_filter, family_assistant_filter
from assistants.models import (
    AssessmentStatus,
    Assignment,
    Decision,
    DecisionOutcome,
    EndReason,
    OpinionStatus,
    PlanStatus,
    WorkEnd,
)
from assistants.policies import court as court_policies
from assistants.policies import plans as plan_policies
from assistants.selectors.assessments import next_assessment_due
from assistants.selectors.court import court_context
from assistants.selectors.lifecycle import (
    lifecycle_context,
    shared_family_work,
    with_active_assignments,
)
from assistants.selectors.plans import first_plan_due, plan_context
from cases.models import AssignmentRequest, Family, FamilyStatus
from cases.selectors import (
    DATA,
    FamilyCircle,
    FamilyListColumn,
    FamilyPathPart,
    FamilySection,
    NextStep,
    PathSource,
    RequestSection,
    WithdrawnKind,
    WithdrawnRecord,
    families_visible_to,
    path_rows,
)
from familysupport.models import Role, User
from monitoring.selectors import MonitoredFamily, MonitoringSource


def _labels(choices: type[TextChoices]) -> dict[str, str]:
    return dict(choices.choices)


# The head's decisions, then the assistant's work: assignments, accepted plans, submitted
# assessments, issued court opinions, the end of work and the closing of the case.
PATH_SOURCES = (
    PathSource(
        rows=lambda family: path_rows(
            Decision.objects.filter(request__family=family),
            on=TruncDate("decided_at"),
            actor=F("decided_by_id"),
            code=F("outcome"),
            detail=F("entity"),
            seq=F("request_id") * 1_000_000 + F("id"),  # request by request, as decided
        ),
        label=lambda row: (
            _("Decision: %(outcome)s")
            % {"outcome": _labels(DecisionOutcome).get(row["path_code"], row["path_code"])}
        ),
    ),
    PathSource(
        rows=lambda family: path_rows(
            family.assignments.all(), on=F("started_on"), actor=F("assistant__user_id"), seq=-F("id")
        ),
        label=lambda row: _("Work with a family assistant began"),
    ),
    PathSource(
        rows=lambda family: path_rows(
            family.work_plans.filter(status=PlanStatus.ACCEPTED, accepted_on__isnull=False),
            on=F("accepted_on"),
            actor=F("author_id"),
            code=Cast("version", CharField()),
            seq=-F("version"),
        ),
        label=lambda row: (
            _("Work plan accepted by the family (version %(version)d)") % {"version": int(row["path_code"])}
        ),
    ),
    PathSource(
        rows=lambda family: path_rows(
            family.assessments.exclude(status=AssessmentStatus.DRAFT).filter(submitted_at__isnull=False),
            on=TruncDate("submitted_at"),
            actor=F("author_id"),
            seq=-F("id"),
        ),
        label=lambda row: _("Periodic assessment submitted"),
    ),
    PathSource(
        rows=lambda family: path_rows(
            family.court_opinions.filter(status=OpinionStatus.ISSUED, issued_at__isnull=False),
            on=TruncDate("issued_at"),
            actor=F("approved_by_id"),
            detail=F("court_request__case_signature"),
        ),
        label=lambda row: _("Opinion issued for the court"),
    ),
    PathSource(
        rows=lambda family: path_rows(
            family.work_ends.all(), on=F("ended_on"), actor=F("author_id"), code=F("reason"), seq=-F("id")
        ),
        label=lambda row: (
            _("End of work: %(reason)s")
            % {"reason": _labels(EndReason).get(row["path_code"], row["path_code"])}
        ),
    ),
    PathSource(
        rows=lambda family: path_rows(
            family.work_ends.filter(closed_on__isnull=False), on=F("closed_on"), seq=-F("id")
        ),
        label=lambda row: _("Case closed"),
    ),
)


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


def _withdrawn_visits(user: User, family: Family) -> list[WithdrawnRecord]:
    if not plan_policies.can_view_plans(user, family):
        return []
    what = _("visit or contact of %(date)s")
    return [
        WithdrawnRecord.of(visit, what % {"date": date_format(visit.date, "SHORT_DATE_FORMAT")})
        for visit in family.visits.withdrawn().select_related("withdrawn_by")
    ]


def _withdrawn_court_letters(user: User, family: Family) -> list[WithdrawnRecord]:
    if not court_policies.can_view_court_requests(user, family):
        return []
    what = _("court's letter received on %(date)s")
    return [
        WithdrawnRecord.of(letter, what % {"date": date_format(letter.received_on, "SHORT_DATE_FORMAT")})
        for letter in family.court_requests.withdrawn().select_related("withdrawn_by")
    ]


WITHDRAWN_RECORDS = (
    WithdrawnKind("assistants.visits", _withdrawn_visits, order=10),
    WithdrawnKind("assistants.court_requests", _withdrawn_court_letters, order=20),
)


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
FAMILY_PATH = FamilyPathPart(key="assistants", sources=PATH_SOURCES, next_step=next_step, order=10)
FAMILY_SECTIONS = (
    FamilySection("assistants.assignment", 10, "assistants/_family_assignment.html", _assignment, place=DATA),
    FamilySection(
        "plan",
        20,
        "assistants/_family_plans.html",
        _plans,
        label=gettext_lazy("Work plan and visits"),
        shown=plan_policies.can_view_plans,
    ),
    FamilySection(
        "assessments",
        30,
        "assistants/_family_lifecycle.html",
        _lifecycle,
        label=gettext_lazy("Assessments and end of work"),
    ),
    FamilySection(
        "court",
        40,
        "assistants/_family_court.html",
        _court,
        label=gettext_lazy("Court letters"),
        shown=court_policies.can_view_court_requests,
    ),
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


def _monitored_after_work(user: User) -> list[MonitoredFamily]:
    """The families monitored after the end of an assistant's work, among those `user` may see,
    for the "Monitoring" list beside the social workers' own plans."""
    if not user.has_role(Role.HEAD, Role.SOCIAL_WORKER):
        return []
    families = families_visible_to(user).filter(status=FamilyStatus.MONITORING, archived_on__isnull=True)
    if not user.has_role(Role.HEAD):
        families = families.filter(social_worker_id=user.pk)
    ends = (
        WorkEnd.objects.filter(family__in=families, closed_on__isnull=True)
        .select_related("family", "assignment__assistant__user")
        .order_by("family__reference", "-ended_on")
    )
    today = timezone.localdate()
    return [
        MonitoredFamily(
            family_id=end.family_id,
            reference=end.family.reference,
            kind=gettext_lazy("monitoring after the end of an assistant's work"),
            since=end.ended_on,
            next_date=end.monitoring_until,
            next_label=gettext_lazy("monitoring until"),
            keeper=str(end.assignment.assistant),
            url=reverse("cases:family_detail", args=[end.family_id]),
            overdue=end.monitoring_until < today,
        )
        for end in ends
    ]


MONITORING_SOURCE = MonitoringSource("assistants.after_work", _monitored_after_work, order=10)
