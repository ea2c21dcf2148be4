"""What the monitoring app adds to the pages of cases (declared in MonitoringConfig.ready()): the
family page's section of its monitoring plans, the plans' steps on the family's path, and the next
step: the review owed while a plan is active, or, where the path ended without an assistant, the
offer to set up a plan. A review withdrawn as logged by mistake is listed, with its reason, on
the plan's own page (the family page's path reads no more than its query budget allows)."""

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Family
from cases.selectors import (
    FamilyPathPart,
    FamilySection,
    NextStep,
    PathSource,
    path_rows,
)
from familysupport.models import User
from monitoring import policies
from monitoring.models import MonitoringReview, PlanStatus
from monitoring.selectors import family_plans

SHARED = "monitoring.plans"


def _plans(family: Family, shared: dict) -> list:
    if SHARED not in shared:
        shared[SHARED] = family_plans(family)
    plans: list = shared[SHARED]
    return plans


def _section(user: User, family: Family, shared: dict) -> dict:
    plans = _plans(family, shared)
    return {
        "monitoring_plans": [
            (plan, plan.review_schedule(list(plan.reviews.all()))[-1][0] if plan.is_active else None)
            for plan in plans
        ]
    }


def next_step(user: User | None, family: Family, shared: dict) -> NextStep | None:
    """The review an active plan owes; or, where the path ended without an assistant and no plan
    is active, the offer to set one up (to the worker whose step it is)."""
    if user is None:
        return None
    if policies.has_active_plan(family):
        if not policies.can_view_monitoring(user, family):
            return None
        plan = next(plan for plan in _plans(family, shared) if plan.status == PlanStatus.ACTIVE)
        return NextStep(
            _("Monitoring review of the child's situation"),
            plan.review_schedule(list(plan.reviews.all()))[-1][0],
            url=reverse("monitoring:plan_detail", args=[plan.pk]),
        )
    if family.status in policies.ENDED_WITHOUT_ASSISTANT and policies.can_create_plan(user, family):
        return NextStep(
            _("Set up a monitoring plan"), url=reverse("monitoring:plan_create", args=[family.pk])
        )
    return None


PATH_SOURCES = (
    PathSource(
        rows=lambda family: path_rows(
            family.monitoring_plans.all(), on=F("started_on"), actor=F("author_id")
        ),
        label=lambda row: _("Monitoring of the child's situation began"),
    ),
    PathSource(
        rows=lambda family: path_rows(
            MonitoringReview.objects.current().filter(plan__family=family),
            on=F("reviewed_on"),
            actor=F("author_id"),
            code=F("situation"),
        ),
        label=lambda row: _("Monitoring review"),
    ),
    PathSource(
        rows=lambda family: path_rows(
            family.monitoring_plans.filter(status=PlanStatus.ENDED), on=F("ended_on"), actor=F("author_id")
        ),
        label=lambda row: _("Monitoring ended"),
    ),
    PathSource(
        rows=lambda family: path_rows(
            family.monitoring_plans.filter(status=PlanStatus.ESCALATED),
            on=F("escalated_on"),
            actor=F("author_id"),
        ),
        label=lambda row: _("Monitoring escalated to a request for a family assistant"),
    ),
)


FAMILY_PATH = FamilyPathPart(key="monitoring", sources=PATH_SOURCES, next_step=next_step, order=50)
FAMILY_SECTIONS = (
    FamilySection(
        "monitoring",
        60,
        "monitoring/_family_monitoring.html",
        _section,
        label=gettext_lazy("Monitoring"),
        shown=policies.can_view_monitoring,
    ),
)
