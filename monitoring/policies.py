"""Who may do what with the monitoring of a child's situation, and when (one policy per action:
the service refuses by it, the templates show the button by it).

The plan is the responsible social worker's: they set it up, correct it, log its reviews,
escalate and end it. The head of the centre reads every plan of the centre. Nobody else reads
them: an assistant works with a family that has one, and a plan is for the families without.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from cases.models import Family, FamilyStatus
from cases.policies import family_open
from cases.selectors import page_memo
from familysupport.access import is_responsible_worker
from familysupport.models import User
from familysupport.policies import FORBIDDEN, Verdict, allowed_if, allowed_when, is_head_of, policy
from monitoring.models import MonitoringPlan, MonitoringReview, PlanStatus

# The path's statuses at which an assistant works with the family (or watches it after the work):
# the monitoring after the end of work is the assistant's (assistants app), not a plan's.
WITH_AN_ASSISTANT = (FamilyStatus.ASSISTANT_ASSIGNED, FamilyStatus.MONITORING, FamilyStatus.CLOSED)
# Where the path ended without an assistant: the family page offers a plan as the next step.
ENDED_WITHOUT_ASSISTANT = (FamilyStatus.NO_ASSISTANT, FamilyStatus.REQUEST_REFUSED, FamilyStatus.REFERRED)


def has_active_plan(family: Family) -> bool:
    """The family has an active plan (asked once per page for the page's family)."""
    return page_memo(
        family,
        "monitoring.active",
        lambda: MonitoringPlan.objects.filter(family=family, status=PlanStatus.ACTIVE).exists(),
    )


@policy
def can_view_monitoring(user: User, family: Family) -> Verdict:
    """The responsible social worker and the head of the centre read the family's plans."""
    return allowed_if(is_responsible_worker(user, family) or is_head_of(user, family.centre_id))


@policy
def can_create_plan(user: User, family: Family) -> Verdict:
    """The responsible worker sets up a plan for a family no assistant works with, one at a time."""
    if not is_responsible_worker(user, family):
        return FORBIDDEN
    return (
        family_open(family)
        and allowed_when(
            family.status not in WITH_AN_ASSISTANT,
            _("A family assistant works with the family; the monitoring after the work is theirs."),
        )
        and allowed_when(not has_active_plan(family), _("The family already has an active monitoring plan."))
    )


def _plan_step(user: User, plan: MonitoringPlan) -> Verdict:
    if not is_responsible_worker(user, plan.family):
        return FORBIDDEN
    return family_open(plan.family) and allowed_when(
        plan.status == PlanStatus.ACTIVE, _("The monitoring plan has ended.")
    )


@policy
def can_edit_plan(user: User, plan: MonitoringPlan) -> Verdict:
    """The responsible worker corrects an active plan (the children, what is watched, how often)."""
    return _plan_step(user, plan)


@policy
def can_end_plan(user: User, plan: MonitoringPlan) -> Verdict:
    """The responsible worker ends an active plan, with the reason."""
    return _plan_step(user, plan)


@policy
def can_log_review(user: User, plan: MonitoringPlan) -> Verdict:
    """The responsible worker logs a review of an active plan (and may escalate at it)."""
    return _plan_step(user, plan)


@policy
def can_withdraw_review(user: User, review: MonitoringReview) -> Verdict:
    """The responsible worker withdraws the newest review, logged by mistake, while the plan is
    active: the review it met is owed again."""
    return (
        _plan_step(user, review.plan)
        and allowed_when(review.withdrawn_at is None, _("The record has been withdrawn."))
        and allowed_when(
            not review.plan.reviews.current()
            .filter(
                Q(reviewed_on__gt=review.reviewed_on) | Q(reviewed_on=review.reviewed_on, pk__gt=review.pk)
            )
            .exists(),
            _("Only the newest review can be withdrawn."),
        )
    )
