"""Reads of the monitoring, already scoped to what the user may see: the head the centre's plans,
the social worker the plans of the families they are responsible for, nobody else any."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import Family
from familysupport import registry
from familysupport.models import Role, StoredDeadline, User
from monitoring.deadlines import REVIEW
from monitoring.models import MonitoringPlan, MonitoringReview, PlanStatus


def plans_visible_to(user: User) -> QuerySet[MonitoringPlan]:
    """The plans `user` may read: the head's whole centre, the social worker's own families."""
    if not user.is_authenticated or user.centre_id is None:
        return MonitoringPlan.objects.none()
    plans = MonitoringPlan.objects.filter(centre_id=user.centre_id, family__centre_id=user.centre_id)
    if user.has_role(Role.HEAD):
        return plans
    if user.has_role(Role.SOCIAL_WORKER):
        return plans.filter(family__social_worker_id=user.pk)
    return MonitoringPlan.objects.none()


def plan_for(user: User, plan_id: int) -> MonitoringPlan:
    """The plan of a page, or 404 when `user` may not read it, as when it does not exist."""
    return get_object_or_404(
        plans_visible_to(user).select_related("family__centre", "family__social_worker", "author"), pk=plan_id
    )


def current_reviews(plan: MonitoringPlan) -> QuerySet[MonitoringReview]:
    return (
        plan.reviews.current().select_related("author", "interview", "request").order_by("reviewed_on", "id")
    )


def withdrawn_reviews(plan: MonitoringPlan) -> QuerySet[MonitoringReview]:
    """The plan's reviews withdrawn as logged by mistake, with who withdrew them and why."""
    return plan.reviews.withdrawn().select_related("withdrawn_by").order_by("-withdrawn_at")


def next_review_due(plan: MonitoringPlan) -> datetime.date | None:
    """The review the plan owes now (None when it owes none: ended or escalated)."""
    if plan.status != PlanStatus.ACTIVE:
        return None
    due, review = plan.review_schedule(list(plan.reviews.current().order_by("reviewed_on", "id")))[-1]
    return due if review is None else None


def family_plans(family: Family) -> list[MonitoringPlan]:
    """The family's plans, newest first, each with its children and current reviews."""
    return list(
        family.monitoring_plans.select_related("author")
        .prefetch_related(
            "children",
            Prefetch(
                "reviews",
                queryset=MonitoringReview.objects.current()
                .select_related("author")
                .order_by("reviewed_on", "id"),
            ),
        )
        .order_by("-started_on", "-id")
    )


def active_plan(family: Family) -> MonitoringPlan | None:
    return family.monitoring_plans.filter(status=PlanStatus.ACTIVE).first()


# The list of monitored families: the plans of this app, and what the apps above declare ----------


@dataclass(frozen=True)
class MonitoredFamily:
    """One family being monitored, as the "Monitoring" list shows it: its reference (never a
    name of a person), the kind of monitoring, since when, the next date that matters, who keeps
    it, and the page where it is kept."""

    family_id: int
    reference: str
    kind: str | Promise
    since: datetime.date
    next_date: datetime.date | None
    next_label: str | Promise
    keeper: str
    url: str
    overdue: bool = False


@dataclass(frozen=True)
class MonitoringSource:
    """A kind of monitoring an app keeps (registry.MONITORING_SOURCES): `families(user)` lists the
    families of that kind `user` may see, bounded by their centre."""

    key: str
    families: Callable[[User], list[MonitoredFamily]]
    order: int = 0


def _plan_families(user: User) -> list[MonitoredFamily]:
    if user.centre_id is None:
        return []
    plans = list(
        plans_visible_to(user)
        .filter(status=PlanStatus.ACTIVE, family__archived_on__isnull=True)
        .select_related("family__social_worker")
        .order_by("family__reference")
    )
    due = dict(
        StoredDeadline.objects.filter(
            kind=REVIEW, is_open=True, centre_id=user.centre_id, object_id__in=[plan.pk for plan in plans]
        ).values_list("object_id", "due")
    )
    today = timezone.localdate()
    return [
        MonitoredFamily(
            family_id=plan.family_id,
            reference=plan.family.reference,
            kind=_("monitoring plan of the social worker"),
            since=plan.started_on,
            next_date=due.get(plan.pk),
            next_label=_("next review"),
            keeper=str(plan.family.social_worker),
            url=reverse("monitoring:plan_detail", args=[plan.pk]),
            overdue=plan.pk in due and due[plan.pk] < today,
        )
        for plan in plans
    ]


OWN_SOURCE = MonitoringSource("monitoring.plans", _plan_families, order=0)


def monitored_families(user: User) -> list[MonitoredFamily]:
    """Every family `user` may see that is being monitored, of every kind (this app's plans and
    those the apps above declare), by reference."""
    found: list[MonitoredFamily] = []
    for source in [OWN_SOURCE, *registry.contributions(registry.MONITORING_SOURCES)]:
        found += source.families(user)
    return sorted(found, key=lambda item: (item.reference, str(item.kind)))
