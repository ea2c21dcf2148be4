"""Periodic assessments of the family's situation (art. 15 ust. 1 pkt 16): when the next is due,
who may read them, what the printed assessment shows.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Q,
    QuerySet,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import Promise

from assistants.models import (
    ASSESSMENT_MONTHS,
    Assessment,
    AssessmentStatus,
    Assignment,
    PlanGoal,
)
from cases.models import Family
from cases.selectors import families_visible_to
from familysupport.models import Role, User

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
    due: datetime.date = start + relativedelta(months=ASSESSMENT_MONTHS)  # dateutil has no types
    return due


def new_assessment_period(assignment: Assignment) -> dict[str, datetime.date]:
    """The period a new assessment proposes: from the day after the last period passed to the head
    (or from the start of work) until today."""
    last = assignment.assessments.exclude(status=AssessmentStatus.DRAFT).order_by("-period_to").first()
    return {
        "period_from": last.period_to + datetime.timedelta(days=1) if last else assignment.started_on,
        "period_to": timezone.localdate(),
    }


def assessments_visible_to(family: Family, user: User) -> QuerySet[Assessment]:
    """The family's assessments; a draft exists only for its author."""
    return (
        family.assessments.filter(~Q(status=AssessmentStatus.DRAFT) | Q(author=user))
        .select_related("author", "acknowledged_by", "plan")
        .order_by("-period_to", "-id")
    )


def assessments_awaiting_acknowledgement(user: User) -> QuerySet[Assessment]:
    """Assessments submitted to the head and not yet acknowledged, of the open cases of the head's
    centre, the first submitted first (the head's queue on the start page)."""
    if not user.has_role(Role.HEAD):
        return Assessment.objects.none()
    return (
        Assessment.objects.filter(
            family__in=families_visible_to(user).filter(archived_on__isnull=True).values("pk"),
            status=AssessmentStatus.SUBMITTED,
        )
        .select_related("family")
        .order_by("submitted_at", "id")
    )


def family_assessment(family: Family, assessment_id: int, user: User) -> Assessment:
    return get_object_or_404(assessments_visible_to(family, user), pk=assessment_id)


def assessment_areas(assessment: Assessment) -> list[tuple[str | Promise, str]]:
    """(label, text) of each area of the family's situation, in the document's order."""
    return [(Assessment.area_label(name), getattr(assessment, name)) for name in Assessment.AREAS]


def assessment_goals(assessment: Assessment) -> list[tuple[PlanGoal, str]]:
    """Each goal of the plan the assessment rests on, with the progress written against it."""
    plan = assessment.plan
    if plan is None:
        return []
    return [(goal, assessment.goal_progress.get(str(goal.pk), "")) for goal in plan.goals.all()]


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
