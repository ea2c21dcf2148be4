"""The deadline whose rule the monitoring app owns, declared for the register
(familysupport.deadlines): the next review of a monitoring plan.

The first review falls due a period after the plan's start (monitoring.models.review_due_after),
each next one on the date the review before it set (MonitoringPlan.review_schedule). The
responsible social worker owes it while the plan is active and the case open; a review meets it.
An ended or escalated plan owes no more: the review it still awaited lapsed, unless it was already
due on the day the plan closed (then it counts as missed).
"""

from operator import attrgetter

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familysupport.deadlines import Deadline, Kind, Obligation
from familysupport.models import Role
from monitoring.models import MonitoringPlan, MonitoringReview, PlanStatus

REVIEW = "monitoring_review"


def _review_obligations(scope):
    plans = (
        MonitoringPlan.objects.filter(scope("family"))
        .select_related("family")
        .prefetch_related(
            Prefetch("reviews", queryset=MonitoringReview.objects.current().order_by("reviewed_on", "id"))
        )
        .order_by("pk")
    )
    for plan in plans:
        family = plan.family
        closed_on = plan.closed_on
        for due, review in plan.review_schedule(list(plan.reviews.all())):
            met_on = review.reviewed_on if review is not None else None
            is_open = met_on is None and plan.status == PlanStatus.ACTIVE and family.archived_on is None
            yield Obligation(
                object_id=plan.pk,
                centre_id=plan.centre_id,
                family_id=family.pk,
                family_reference=family.reference,
                due=due,
                owner_id=family.social_worker_id,
                owner_role=Role.SOCIAL_WORKER,
                met_on=met_on,
                is_open=is_open,
                counted=met_on is not None or is_open or (closed_on is not None and due < closed_on),
            )


def _plan_page(deadline: Deadline) -> str:
    return reverse("monitoring:plan_detail", args=[deadline.object_id])


KINDS = (
    Kind(
        REVIEW,
        label=_("monitoring review"),
        roles=(Role.SOCIAL_WORKER,),
        window=attrgetter("monitoring_review_soon_days"),
        url=_plan_page,
        obligations=_review_obligations,
    ),
)
