"""The work plan (art. 15 ust. 1 pkt 1–2), the documentation of work (art. 15 ust. 1 pkt 15) and the
assistant's month: read by the family's assistant, its responsible social worker and the head.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    QuerySet,
    Sum,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from assistants.models import (
    Assignment,
    PlanGoal,
    PlanStatus,
    Visit,
    WorkPlan,
)
from assistants.selectors.lifecycle import FamilyWork, family_work
from cases.models import Family, FamilyRole
from familysupport.models import Role, User

# A specialist engaged on the family reads the plan and the visits too (seed 002: the team
# writes the plan together); the family_view lets them in only while engaged.
PLAN_READERS = (Role.FAMILY_ASSISTANT, Role.SOCIAL_WORKER, Role.HEAD, Role.SPECIALIST)
VISITS_ON_FAMILY_PAGE = 5


def current_work_plan(family: Family) -> WorkPlan | None:
    """The plan in force: the newest version the family accepted."""
    return family.work_plans.filter(status=PlanStatus.ACCEPTED).order_by("-version").first()


def draft_work_plan(family: Family) -> WorkPlan | None:
    """The plan or revision being drafted (at most one, a database constraint)."""
    return family.work_plans.filter(status=PlanStatus.DRAFT).first()


def work_plan_versions(family: Family) -> QuerySet[WorkPlan]:
    return family.work_plans.select_related("author").order_by("-version")


def family_work_plan(family: Family, plan_id: int) -> WorkPlan:
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


def family_visits(family: Family) -> QuerySet[Visit]:
    """The documentation of work with the family, newest first."""
    return family.visits.current().select_related("assistant").order_by("-date", "-id")


def family_visit(family: Family, visit_id: int) -> Visit:
    visit: Visit = get_object_or_404(
        family.visits.current().select_related("assistant", "assignment"), pk=visit_id
    )
    return visit


def plan_context(family: Family, user: User, work: FamilyWork | None = None) -> dict:
    """The family page's part on the work plan and the visits (its buttons follow the policies,
    assistants.policies.plans)."""
    work = work or family_work(family, user)
    assignment = work.active_assignment
    current = work.current_plan
    due = first_plan_due(assignment) if assignment is not None and current is None else None
    # One more row than shown tells whether there are more, without counting them all.
    visits = list(family_visits(family)[: VISITS_ON_FAMILY_PAGE + 1])
    return {
        "plans": {
            "current": current,
            "draft": work.draft_plan,
            "versions": work.plans,
            "first_due": due,
            "first_overdue": due is not None and due < timezone.localdate(),
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
        "signing_members": family.members.current().exclude(role=FamilyRole.CHILD),
        "children_in_foster_care": family.members.current().filter(in_foster_care=True),
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
    centre_id = user.centre_id
    assert centre_id is not None  # the assistant's page: a role holder has a centre (`User.roles`)
    start, end = month, month + relativedelta(months=1)
    visits = Visit.objects.current().filter(
        assistant=user, family__centre_id=centre_id, date__gte=start, date__lt=end
    )
    per_family = {
        row["family_id"]: row
        for row in visits.values("family_id").annotate(minutes=Sum("duration_minutes"), contacts=Count("id"))
    }
    assigned = Assignment.objects.during(start, end - datetime.timedelta(days=1)).filter(
        assistant__user=user, assistant__centre_id=centre_id
    )
    family_ids = set(per_family) | set(assigned.values_list("family_id", flat=True))
    rows = []
    for family in Family.objects.filter(pk__in=family_ids, centre_id=centre_id).order_by("reference"):
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
