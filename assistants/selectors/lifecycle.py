"""Assistants and their caseload (art. 12, art. 15 ust. 4), their assignments, the end of work and
the monitoring after it, and the family's work read once for the family page.
"""

from functools import cached_property

from django.db.models import (
    Count,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from assistants.models import (
    Assessment,
    AssessmentStatus,
    Assignment,
    AssistantProfile,
    Decision,
    PlanStatus,
    WorkEnd,
    WorkPlan,
)
from assistants.selectors.assessments import assessments_visible_to, next_assessment_due
from cases.models import Family, FamilyStatus
from cases.selectors import PAGE_USER, is_page_family, page_memo
from familysupport.models import Role, User


def assistants_of_centre(centre_id: int) -> QuerySet[AssistantProfile]:
    """Active assistants of the centre, each with `active_families` (their caseload, `with_caseload`)."""
    return (
        AssistantProfile.objects.filter(
            centre_id=centre_id, user__is_active=True, user__groups__name=Role.FAMILY_ASSISTANT
        )
        .select_related("user")
        .with_caseload()
    )


def _active_assignments() -> QuerySet[Assignment]:
    return Assignment.objects.active().select_related("assistant__user")


def active_assignment(family: Family) -> Assignment | None:
    # A list's rows carry it already (with_active_assignments, a column of the families list).
    if hasattr(family, "active_assignments"):
        return family.active_assignments[0] if family.active_assignments else None
    if is_page_family(family):
        return page_work(family).active_assignment
    return _active_assignments().filter(family=family).first()


def with_active_assignments(families: QuerySet) -> QuerySet:
    """Each family with `active_assignments`: the assistant working with it now, if any (one query)."""
    return families.prefetch_related(
        Prefetch("assignments", queryset=_active_assignments(), to_attr="active_assignments")
    )


def assignments_of(user: User) -> QuerySet[Assignment]:
    """The assistant's own active assignments."""
    centre_id = user.centre_id
    assert centre_id is not None  # the assistant's panel: a role holder has a centre (`User.roles`)
    return (
        Assignment.objects.active()
        .filter(assistant__user=user, assistant__centre_id=centre_id)
        .select_related("family")
    )


def is_active_assistant(user: User, family: Family) -> bool:
    """True when `user` is the family's assistant now (not only during monitoring)."""
    return (
        user.has_role(Role.FAMILY_ASSISTANT)
        and family.assignments.active().filter(assistant__user=user).exists()
    )


def assignment_of(user: User, family: Family) -> Assignment | None:
    """The user's active assignment with the family: the user is its assistant now, in its centre."""
    if not (
        user.is_authenticated and user.centre_id == family.centre_id and user.has_role(Role.FAMILY_ASSISTANT)
    ):
        return None
    if is_page_family(family):  # the rows the page read once
        work = page_work(family)
        return next(
            (
                item
                for item in work.assignments
                if item.ended_on is None and item.assistant.user_id == user.pk
            ),
            None,
        )
    return Assignment.objects.active().filter(family=family, assistant__user=user).first()


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
    centre_id = user.centre_id
    assert centre_id is not None  # the head's page: a role holder has a centre (`User.roles`)
    profile: AssistantProfile = get_object_or_404(
        AssistantProfile.objects.filter(centre_id=centre_id).select_related("user"), pk=profile_id
    )
    return profile


def family_work_end(family: Family, work_end_id: int) -> WorkEnd:
    return get_object_or_404(
        family.work_ends.select_related("assignment__assistant__user", "author"), pk=work_end_id
    )


def open_monitoring(family: Family) -> WorkEnd | None:
    """The end of work whose monitoring is under way, if the family is being monitored."""
    if family.status != FamilyStatus.MONITORING:
        return None
    if is_page_family(family):
        return page_work(family).open_monitoring
    return (
        family.work_ends.filter(closed_on__isnull=True)
        .select_related("assignment__assistant__user")
        .order_by("-ended_on", "-id")
        .first()
    )


class FamilyWork:
    """The assistant's records of one family, read once for the family page (`family_work`): its
    sections, its next step and its path share them instead of each asking the database again.

    Each kind is read (one query) when first asked for, so a section that shows the plans reads
    no assessment. A snapshot for one page that only reads: after a change, read it again.
    """

    def __init__(self, family: Family, user: User | None = None) -> None:
        self.family = family
        self.user = user

    @cached_property
    def assignments(self) -> list[Assignment]:
        """Newest first, each with assistant.user."""
        return list(self.family.assignments.select_related("assistant__user"))

    @cached_property
    def plans(self) -> list[WorkPlan]:
        """Newest version first, each with its author."""
        return list(self.family.work_plans.select_related("author").order_by("-version"))

    @cached_property
    def assessments(self) -> list[Assessment]:
        """Those the user may see (`assessments_visible_to`), newest period first; without a user,
        only those submitted."""
        if self.user is not None:
            return list(assessments_visible_to(self.family, self.user))
        return list(self.family.assessments.exclude(status=AssessmentStatus.DRAFT).select_related("author"))

    @cached_property
    def work_ends(self) -> list[WorkEnd]:
        """Newest first, each with its author and assignment.assistant.user."""
        return list(self.family.work_ends.select_related("author", "assignment__assistant__user"))

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


def family_work(family: Family, user: User | None = None) -> FamilyWork:
    """The family's assignments, plans, assessments and ends of work, each read once, when first
    needed.

    The assessments are those `user` may see (`assessments_visible_to`); without a user, only
    those submitted.
    """
    return FamilyWork(family, user)


# Where the family page keeps the family's work it read (cases.selectors.FamilyPathPart).
SHARED_WORK = "assistants.work"


def page_work(family: Family) -> FamilyWork:
    """`family_work` of the family of a page for the page's user, read once for the request
    (`page_memo`): the page's sections, its path, its next step and its buttons' policies share it."""
    return page_memo(family, SHARED_WORK, lambda: family_work(family, getattr(family, PAGE_USER)))


def has_work_plan(family: Family, user: User) -> bool:
    """The family has a work plan (any version); a page answers from the plans it read."""
    if is_page_family(family):
        return bool(page_work(family).plans)
    return family.work_plans.exists()


def shared_family_work(user: User | None, family: Family, shared: dict) -> FamilyWork:
    """`family_work` read once for one page: its sections, its path and its next step share it."""
    if SHARED_WORK not in shared:
        shared[SHARED_WORK] = page_work(family) if is_page_family(family) else family_work(family, user)
    work: FamilyWork = shared[SHARED_WORK]
    return work


def request_decisions(requests: list) -> list[Decision]:
    """The head's decisions on `requests`, request by request, each with its author; read in one
    query, none when there is no request."""
    prefetch_related_objects(
        requests, Prefetch("decisions", queryset=Decision.objects.select_related("decided_by"))
    )
    return [decision for request in requests for decision in request.decisions.all()]


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


def lifecycle_context(family: Family, user: User, work: FamilyWork | None = None) -> dict:
    """The family page's part on assessments, the end of work, monitoring and reassignment (its
    buttons follow the policies, assistants.policies.lifecycle and .assessments)."""
    work = work or family_work(family, user)
    assignment = work.active_assignment
    due = next_assessment_due(assignment, work.assessments) if assignment else None
    return {
        "lifecycle": {
            "assignment": assignment,
            "assessment_due": due,
            "assessment_overdue": due is not None and due < timezone.localdate(),
            "assessments": work.assessments,
            "work_ends": work.work_ends,
            "monitoring": work.open_monitoring,
            "monitoring_notes": family.monitoring_notes.select_related("author"),
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
