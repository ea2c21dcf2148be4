"""Reads about assistants, scoped to the user's centre."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from assistants.models import (
    ASSESSMENT_MONTHS,
    Assessment,
    AssessmentStatus,
    Assignment,
    AssistantProfile,
    CourtOpinion,
    CourtRequest,
    OpinionStatus,
    PlanGoal,
    PlanStatus,
    Visit,
    WorkEnd,
    WorkPlan,
)
from cases.models import Family, FamilyRole, FamilyStatus
from familysupport.models import Role, User


def assistants_of_centre(centre_id: int) -> QuerySet[AssistantProfile]:
    """Active assistants of the centre, each with `active_families` counted."""
    return (
        AssistantProfile.objects.filter(
            centre_id=centre_id, user__is_active=True, user__groups__name=Role.FAMILY_ASSISTANT
        )
        .select_related("user")
        .annotate(active_families=Count("assignments", filter=Q(assignments__ended_on__isnull=True)))
    )


def _active_assignments() -> QuerySet[Assignment]:
    return Assignment.objects.filter(ended_on__isnull=True).select_related("assistant__user")


def active_assignment(family) -> Assignment | None:
    # A list's rows carry it already (cases.selectors.family_list).
    if hasattr(family, "active_assignments"):
        return family.active_assignments[0] if family.active_assignments else None
    return _active_assignments().filter(family=family).first()


def assignments_of(user: User) -> QuerySet[Assignment]:
    """The assistant's own active assignments."""
    return Assignment.objects.filter(
        assistant__user=user, assistant__centre_id=user.centre_id, ended_on__isnull=True
    ).select_related("family")


# Court requests and opinions (art. 15 ust. 1 pkt 14). The register is what staff see: the
# court's letter and the state of the opinion, never the case; the opinion itself is reached
# through the family.

# The fields of an opinion the register may load: its state, never its text.
OPINION_STATE_FIELDS = (
    "id",
    "court_request_id",
    "family_id",
    "version",
    "status",
    "issued_at",
    "dispatched_on",
    "dispatch_method",
)


def _opinion_versions() -> Prefetch:
    return Prefetch(
        "opinions",
        queryset=CourtOpinion.objects.only(*OPINION_STATE_FIELDS).order_by("-version"),
        to_attr="versions",
    )


def _with_answer(requests: QuerySet[CourtRequest]) -> QuerySet[CourtRequest]:
    """`answered_on`: the first day an opinion was dispatched to the court; `overdue`: the deadline
    passed and nothing has been dispatched yet."""
    return requests.annotate(answered_on=Min("opinions__dispatched_on")).annotate(
        overdue=Case(
            When(answered_on__isnull=True, deadline__lt=timezone.localdate(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def court_requests_visible_to(user: User) -> QuerySet[CourtRequest]:
    """The court letters of the user's centre, for staff and the head; nothing for anyone else."""
    if not (user.is_authenticated and user.centre_id and user.has_role(Role.STAFF, Role.HEAD)):
        return CourtRequest.objects.none()
    return CourtRequest.objects.filter(centre_id=user.centre_id)


def court_register(user: User) -> QuerySet[CourtRequest]:
    """The register: soonest deadline first, each letter with its opinion's versions (newest first).

    `family_reference` is the only thing about the family it carries.
    """
    latest = CourtOpinion.objects.filter(court_request=OuterRef("pk")).order_by("-version")
    return (
        _with_answer(court_requests_visible_to(user))
        .annotate(
            family_reference=F("family__reference"),
            # The newest version's state, for the register's filter by the state of the opinion.
            opinion_status=Subquery(latest.values("status")[:1]),
            opinion_dispatched_on=Subquery(latest.values("dispatched_on")[:1]),
        )
        .prefetch_related(_opinion_versions())
        .order_by("deadline", "id")
    )


def court_register_entry(user: User, court_request_id: int) -> CourtRequest:
    return get_object_or_404(court_register(user), pk=court_request_id)


def court_register_opinion(court_request: CourtRequest, opinion_id: int) -> CourtOpinion:
    """An issued opinion of a register entry; drafts do not exist for staff."""
    return get_object_or_404(
        court_request.opinions.only(*OPINION_STATE_FIELDS, "pdf", "pdf_sha256"),
        pk=opinion_id,
        status=OpinionStatus.ISSUED,
    )


def is_active_assistant(user: User, family) -> bool:
    """True when `user` is the family's assistant now (not only during monitoring)."""
    return (
        user.has_role(Role.FAMILY_ASSISTANT)
        and family.assignments.filter(ended_on__isnull=True, assistant__user=user).exists()
    )


def court_context(family, user: User) -> dict:
    """The court part of the family page: shown to the family's assistant and to the head."""
    if not user.has_role(Role.FAMILY_ASSISTANT, Role.HEAD):
        return {"show_court": False}
    return {
        "show_court": True,
        "court_requests": _with_answer(family.court_requests.all()).prefetch_related(_opinion_versions()),
    }


def family_court_request(family, court_request_id: int) -> CourtRequest:
    return get_object_or_404(_with_answer(family.court_requests.all()), pk=court_request_id)


def family_court_opinion(family, opinion_id: int) -> CourtOpinion:
    return get_object_or_404(
        family.court_opinions.select_related("court_request", "author", "approved_by"), pk=opinion_id
    )


def court_opinion_sections(opinion: CourtOpinion) -> list[tuple[str, str]]:
    """(label, text) of each section, in the order of the printed opinion."""
    return [
        (CourtOpinion._meta.get_field(name).verbose_name, getattr(opinion, name))
        for name in CourtOpinion.SECTIONS
    ]


def court_opinion_document(opinion: CourtOpinion) -> dict:
    """What the printed opinion shows (templates/pdf/court_opinion.html)."""
    family = opinion.family
    return {
        "centre": family.centre,
        "family": family,
        "court_request": opinion.court_request,
        "opinion": opinion,
        "sections": court_opinion_sections(opinion),
    }


# Assistant profiles and caseload (art. 12, art. 15 ust. 4), periodic assessments (art. 15 ust. 1
# pkt 16), the end of work and the monitoring after it.


def caseload_of_centre(centre_id: int) -> QuerySet[AssistantProfile]:
    """The head's caseload: each assistant with `active_families` and `monitoring_families`."""
    return assistants_of_centre(centre_id).annotate(
        monitoring_families=Count(
            "assignments",
            filter=Q(
                assignments__work_end__monitoring_until__isnull=False,
                assignments__work_end__closed_on__isnull=True,
            ),
        )
    )


def centre_assistant(user: User, profile_id: int) -> AssistantProfile:
    """An assistant of the user's own centre; another centre's answers 404."""
    return get_object_or_404(
        AssistantProfile.objects.filter(centre_id=user.centre_id).select_related("user"), pk=profile_id
    )


ASSESSED = (AssessmentStatus.SUBMITTED, AssessmentStatus.ACKNOWLEDGED)


def next_assessment_due(assignment: Assignment, assessments: list[Assessment] | None = None) -> datetime.date:
    """Art. 15 ust. 1 pkt 16: an assessment at least every six months.

    Six months after the assistant started work, then six months after the end of the period of
    the last assessment submitted to the head. `assessments`: the family's, already read (the
    family page), instead of a query.
    """
    if assessments is None:
        last = assignment.assessments.filter(status__in=ASSESSED).order_by("-period_to").first()
    else:
        last = max(
            (item for item in assessments if item.assignment_id == assignment.pk and item.status in ASSESSED),
            key=lambda item: item.period_to,
            default=None,
        )
    return assessment_due_after(last.period_to if last else assignment.started_on)


def assessment_due_after(start: datetime.date) -> datetime.date:
    """The next assessment is due six months after the start of work or the last assessed period."""
    return start + relativedelta(months=ASSESSMENT_MONTHS)


def assessments_visible_to(family, user: User) -> QuerySet[Assessment]:
    """The family's assessments; a draft exists only for its author."""
    return (
        family.assessments.filter(~Q(status=AssessmentStatus.DRAFT) | Q(author=user))
        .select_related("author", "acknowledged_by", "plan")
        .order_by("-period_to", "-id")
    )


def family_assessment(family, assessment_id: int, user: User) -> Assessment:
    return get_object_or_404(assessments_visible_to(family, user), pk=assessment_id)


def assessment_areas(assessment: Assessment) -> list[tuple[str, str]]:
    """(label, text) of each area of the family's situation, in the document's order."""
    return [
        (Assessment._meta.get_field(name).verbose_name, getattr(assessment, name))
        for name in Assessment.AREAS
    ]


def assessment_goals(assessment: Assessment) -> list[tuple[PlanGoal, str]]:
    """Each goal of the plan the assessment rests on, with the progress written against it."""
    if assessment.plan_id is None:
        return []
    return [(goal, assessment.goal_progress.get(str(goal.pk), "")) for goal in assessment.plan.goals.all()]


def assessment_document(assessment: Assessment) -> dict:
    """What the printed assessment shows (templates/pdf/assessment.html)."""
    family = assessment.family
    return {
        "centre": family.centre,
        "family": family,
        "assessment": assessment,
        "assistant": assessment.assignment.assistant,
        "areas": assessment_areas(assessment),
        "goals": assessment_goals(assessment),
    }


def family_work_end(family, work_end_id: int) -> WorkEnd:
    return get_object_or_404(
        family.work_ends.select_related("assignment__assistant__user", "author"), pk=work_end_id
    )


def open_monitoring(family) -> WorkEnd | None:
    """The end of work whose monitoring is under way, if the family is being monitored."""
    if family.status != FamilyStatus.MONITORING:
        return None
    return (
        family.work_ends.filter(closed_on__isnull=True)
        .select_related("assignment__assistant__user")
        .order_by("-ended_on", "-id")
        .first()
    )


@dataclass
class FamilyWork:
    """The assistant's records of one family, read once for the family page (`family_work`): its
    sections, its next step and its path share them instead of each asking the database again."""

    family: Family
    assignments: list[Assignment]  # newest first, each with assistant.user
    plans: list[WorkPlan]  # newest version first, each with its author
    assessments: list[Assessment]  # those the user may see, newest period first
    work_ends: list[WorkEnd]  # newest first, each with its author and assignment.assistant.user
    issued_opinions: list[CourtOpinion]  # each with approved_by and court_request

    @property
    def active_assignment(self) -> Assignment | None:
        return next((item for item in self.assignments if item.ended_on is None), None)

    @property
    def current_plan(self) -> WorkPlan | None:
        """As `current_work_plan`: the newest version the family accepted."""
        return next((plan for plan in self.plans if plan.status == PlanStatus.ACCEPTED), None)

    @property
    def draft_plan(self) -> WorkPlan | None:
        return next((plan for plan in self.plans if plan.status == PlanStatus.DRAFT), None)

    @property
    def open_monitoring(self) -> WorkEnd | None:
        """As `open_monitoring`."""
        if self.family.status != FamilyStatus.MONITORING:
            return None
        return next((item for item in self.work_ends if item.closed_on is None), None)


def family_work(family, user: User | None = None) -> FamilyWork:
    """Read the family's assignments, plans, assessments, ends of work and issued opinions once.

    The assessments are those `user` may see (`assessments_visible_to`); without a user, only
    those submitted. A snapshot for one page that only reads: after a change, read it again.
    """
    assessments = (
        assessments_visible_to(family, user)
        if user is not None
        else family.assessments.exclude(status=AssessmentStatus.DRAFT).select_related("author")
    )
    return FamilyWork(
        family=family,
        assignments=list(family.assignments.select_related("assistant__user")),
        plans=list(family.work_plans.select_related("author").order_by("-version")),
        assessments=list(assessments),
        work_ends=list(family.work_ends.select_related("author", "assignment__assistant__user")),
        issued_opinions=list(
            family.court_opinions.filter(status=OpinionStatus.ISSUED).select_related(
                "approved_by", "court_request"
            )
        ),
    )


def may_add_monitoring_note(user: User, family, work_end: WorkEnd) -> bool:
    """The assistant whose work ended, or the family's responsible social worker."""
    if user.centre_id != family.centre_id:
        return False
    if user.has_role(Role.FAMILY_ASSISTANT) and work_end.assignment.assistant.user_id == user.pk:
        return True
    return user.has_role(Role.SOCIAL_WORKER) and family.social_worker_id == user.pk


def work_end_document(work_end: WorkEnd) -> dict:
    """What the printed end-of-work summary shows (templates/pdf/work_end.html)."""
    family = work_end.family
    return {
        "centre": family.centre,
        "family": family,
        "work_end": work_end,
        "assignment": work_end.assignment,
        "assessments": work_end.assignment.assessments.exclude(status=AssessmentStatus.DRAFT).order_by(
            "period_to"
        ),
    }


def lifecycle_context(family, user: User, work: FamilyWork | None = None) -> dict:
    """The family page's part on assessments, the end of work, monitoring and reassignment."""
    work = work or family_work(family, user)
    assignment = work.active_assignment
    is_head = user.has_role(Role.HEAD) and user.centre_id == family.centre_id
    is_assistant = (
        assignment is not None
        and assignment.assistant.user_id == user.pk
        and user.has_role(Role.FAMILY_ASSISTANT)
    )
    due = next_assessment_due(assignment, work.assessments) if assignment else None
    monitoring = work.open_monitoring
    return {
        "lifecycle": {
            "assignment": assignment,
            "assessment_due": due,
            "assessment_overdue": due is not None and due < timezone.localdate(),
            "assessments": work.assessments,
            "can_assess": is_assistant,
            "can_end": assignment is not None and (is_assistant or is_head),
            "can_reassign": assignment is not None and is_head,
            "work_ends": work.work_ends,
            "monitoring": monitoring,
            "monitoring_notes": family.monitoring_notes.select_related("author"),
            "can_note": monitoring is not None and may_add_monitoring_note(user, family, monitoring),
            "can_close": monitoring is not None and is_head,
        }
    }


def families_with_monitoring_ended() -> QuerySet[Family]:
    """Every centre's families whose monitoring period is over and whose case is still open.

    For the daily `close_ended_monitoring` command only: it is not scoped to a user.
    """
    return Family.objects.filter(
        status=FamilyStatus.MONITORING,
        work_ends__closed_on__isnull=True,
        work_ends__monitoring_until__lt=timezone.localdate(),
    ).distinct()


# The work plan (art. 15 ust. 1 pkt 1–2) and the documentation of work (art. 15 ust. 1 pkt 15):
# read by the family's assistant, its responsible social worker and the head.

PLAN_READERS = (Role.FAMILY_ASSISTANT, Role.SOCIAL_WORKER, Role.HEAD)
VISITS_ON_FAMILY_PAGE = 5


def current_work_plan(family) -> WorkPlan | None:
    """The plan in force: the newest version the family accepted."""
    return family.work_plans.filter(status=PlanStatus.ACCEPTED).order_by("-version").first()


def draft_work_plan(family) -> WorkPlan | None:
    """The plan or revision being drafted (at most one, a database constraint)."""
    return family.work_plans.filter(status=PlanStatus.DRAFT).first()


def work_plan_versions(family) -> QuerySet[WorkPlan]:
    return family.work_plans.select_related("author").order_by("-version")


def family_work_plan(family, plan_id: int) -> WorkPlan:
    return get_object_or_404(
        family.work_plans.select_related("author", "revises", "assignment__assistant__user"), pk=plan_id
    )


def family_plan_goal(plan: WorkPlan, goal_id: int) -> PlanGoal:
    return get_object_or_404(plan.goals.all(), pk=goal_id)


def first_plan_due(assignment: Assignment) -> datetime.date:
    """The first work plan is due the centre's number of days after the assistant started work."""
    return first_plan_due_after(assignment.started_on, assignment.family.centre)


def first_plan_due_after(started_on: datetime.date, centre) -> datetime.date:
    return started_on + datetime.timedelta(days=centre.first_plan_days)


def family_visits(family) -> QuerySet[Visit]:
    """The documentation of work with the family, newest first."""
    return family.visits.select_related("assistant").order_by("-date", "-id")


def family_visit(family, visit_id: int) -> Visit:
    return get_object_or_404(family.visits.select_related("assistant", "assignment"), pk=visit_id)


def plan_context(family, user: User, work: FamilyWork | None = None) -> dict:
    """The family page's part on the work plan and the visits."""
    if not user.has_role(*PLAN_READERS):
        return {"plans": {"show": False}}
    work = work or family_work(family, user)
    assignment = work.active_assignment
    # As is_active_assistant: the family's assistant now (one active assignment, a constraint).
    is_assistant = (
        assignment is not None
        and assignment.assistant.user_id == user.pk
        and user.has_role(Role.FAMILY_ASSISTANT)
    )
    current = work.current_plan
    draft = work.draft_plan
    due = first_plan_due(assignment) if assignment is not None and current is None else None
    # One more row than shown tells whether there are more, without counting them all.
    visits = list(family_visits(family)[: VISITS_ON_FAMILY_PAGE + 1])
    return {
        "plans": {
            "show": True,
            "current": current,
            "draft": draft,
            "versions": work.plans,
            "first_due": due,
            "first_overdue": due is not None and due < timezone.localdate(),
            "can_create": is_assistant and current is None and draft is None,
            "is_assistant": is_assistant,
            "visits": visits[:VISITS_ON_FAMILY_PAGE],
            "more_visits": len(visits) > VISITS_ON_FAMILY_PAGE,
        }
    }


def work_plan_document(plan: WorkPlan) -> dict:
    """What the printed plan for signatures shows (templates/pdf/work_plan.html)."""
    family = plan.family
    return {
        "centre": family.centre,
        "family": family,
        "plan": plan,
        "goals": plan.goals.all(),
        "signing_members": family.members.exclude(role=FamilyRole.CHILD),
        "children_in_foster_care": family.members.filter(in_foster_care=True),
        "assistant": plan.assignment.assistant,
        "social_worker": family.social_worker,
    }


def parse_month(value: str | None) -> tuple[datetime.date, bool]:
    """The first day of the month written as YYYY-MM; the current month when it is missing or bad.

    Returns the month and whether the value was understood (an empty value counts as understood).
    """
    current = timezone.localdate().replace(day=1)
    if not value:
        return current, True
    try:
        month = datetime.datetime.strptime(value, "%Y-%m").date()
    except (TypeError, ValueError):
        return current, False
    if not 2000 <= month.year <= current.year + 1:
        return current, False
    return month, True


def assistant_month(user: User, month: datetime.date) -> dict:
    """The assistant's own month: per family the hours and the number of contacts, and the totals.

    The families are those the assistant worked with during the month (an assignment covering
    part of it) and any family with a contact recorded by the assistant in it.
    """
    start, end = month, month + relativedelta(months=1)
    visits = Visit.objects.filter(
        assistant=user, family__centre_id=user.centre_id, date__gte=start, date__lt=end
    )
    per_family = {
        row["family_id"]: row
        for row in visits.values("family_id").annotate(minutes=Sum("duration_minutes"), contacts=Count("id"))
    }
    assigned = Assignment.objects.filter(
        assistant__user=user, assistant__centre_id=user.centre_id, started_on__lt=end
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    family_ids = set(per_family) | set(assigned.values_list("family_id", flat=True))
    rows = []
    for family in Family.objects.filter(pk__in=family_ids, centre_id=user.centre_id).order_by("reference"):
        row = per_family.get(family.pk, {})
        minutes = row.get("minutes") or 0
        rows.append(
            {"family": family, "contacts": row.get("contacts", 0), "minutes": minutes, "hours": minutes / 60}
        )
    minutes = sum(row["minutes"] for row in rows)
    return {
        "month": month,
        "previous": start - relativedelta(months=1),
        "next": end,
        "rows": rows,
        "total_contacts": sum(row["contacts"] for row in rows),
        "total_minutes": minutes,
        "total_hours": minutes / 60,
    }


def work_path(family, work: FamilyWork | None = None) -> list[tuple[datetime.date, str, User | None, str]]:
    """The assistant's steps for the family page's path: (date, label, actor, detail)."""
    work = work or family_work(family)
    steps = []
    for assignment in work.assignments:
        label = _("Work with a family assistant began")
        steps.append((assignment.started_on, label, assignment.assistant.user, ""))
    for plan in (plan for plan in work.plans if plan.status == PlanStatus.ACCEPTED):
        label = _("Work plan accepted by the family (version %(version)d)") % {"version": plan.version}
        steps.append((plan.accepted_on, label, plan.author, ""))
    for assessment in (item for item in work.assessments if item.status != AssessmentStatus.DRAFT):
        label = _("Periodic assessment submitted")
        steps.append((timezone.localdate(assessment.submitted_at), label, assessment.author, ""))
    for opinion in work.issued_opinions:
        label = _("Opinion issued for the court")
        detail = opinion.court_request.case_signature
        steps.append((timezone.localdate(opinion.issued_at), label, opinion.approved_by, detail))
    for work_end in work.work_ends:
        label = _("End of work: %(reason)s") % {"reason": work_end.get_reason_display()}
        steps.append((work_end.ended_on, label, work_end.author, ""))
        if work_end.closed_on:
            steps.append((work_end.closed_on, _("Case closed"), None, ""))
    return steps
