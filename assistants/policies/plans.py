"""The work plan (art. 15 ust. 1 pkt 1, ust. 3), its goals and the social worker's comments, and
the documentation of work: visits and contacts (art. 15 ust. 1 pkt 15)."""

from django.utils.translation import gettext as _

from assistants.models import PlanGoal, PlanStatus, Visit, WorkPlan
from assistants.policies.lifecycle import is_assistant_of
from assistants.selectors.lifecycle import assignment_of, has_work_plan
from assistants.selectors.plans import PLAN_READERS, current_work_plan, draft_work_plan
from cases.models import Family
from cases.policies import family_open
from familysupport.access import is_responsible_worker
from familysupport.models import User
from familysupport.policies import FORBIDDEN, Verdict, allowed_if, allowed_when, policy, refused
from familysupport.transitions import can_move


@policy
def can_view_plans(user: User, family: Family) -> Verdict:
    """The work plan and the visits are read by the assistant, the social worker, the head and a
    specialist engaged on the family."""
    return allowed_if(
        user.is_authenticated and user.centre_id == family.centre_id and user.has_role(*PLAN_READERS)
    )


# The plan ------------------------------------------------------------------------------------


@policy
def can_create_plan(user: User, family: Family) -> Verdict:
    """The family's assistant opens the first plan; every later change is a revision."""
    if not is_assistant_of(user, family):
        return FORBIDDEN
    return family_open(family) and allowed_when(
        not has_work_plan(family, user),
        _("The family already has a work plan; revise it to make a new version."),
    )


@policy
def can_edit_plan(user: User, plan: WorkPlan) -> Verdict:
    """The family's assistant writes the draft; an accepted plan stays as the family signed it."""
    if not is_assistant_of(user, plan.family):
        return FORBIDDEN
    return family_open(plan.family) and allowed_when(
        plan.status == PlanStatus.DRAFT,
        _("An accepted plan cannot be changed; revise it to make a new version."),
    )


@policy
def can_accept_plan(user: User, plan: WorkPlan) -> Verdict:
    """The assistant records the family's acceptance and signature of the draft."""
    if not is_assistant_of(user, plan.family):
        return FORBIDDEN
    return family_open(plan.family) and allowed_when(
        can_move(plan, PlanStatus.ACCEPTED), _("The plan has already been accepted by the family.")
    )


@policy
def can_revise_plan(user: User, plan: WorkPlan) -> Verdict:
    """The assistant opens a revision of the current plan, one at a time."""
    family = plan.family
    if not is_assistant_of(user, family):
        return FORBIDDEN
    guard = family_open(family)
    if not guard:
        return guard
    if plan.status != PlanStatus.ACCEPTED:
        return refused(_("Only an accepted plan is revised; change the draft instead."))
    current = current_work_plan(family)
    if current is None or current.pk != plan.pk:
        return refused(_("Only the current plan is revised."))
    return allowed_when(
        draft_work_plan(family) is None, _("A revision of the plan is already open; finish it first.")
    )


@policy
def can_update_goal_status(user: User, goal: PlanGoal) -> Verdict:
    """The assistant records how a goal of the current accepted plan stands."""
    family = goal.plan.family
    if not is_assistant_of(user, family):
        return FORBIDDEN
    guard = family_open(family)
    if not guard:
        return guard
    current = current_work_plan(family)
    return allowed_when(
        current is not None and current.pk == goal.plan_id,
        _("The status is updated only on the goals of the current accepted plan."),
    )


@policy
def can_comment_plan(user: User, plan: WorkPlan) -> Verdict:
    """The family's responsible social worker comments on the plan (the consultation)."""
    if not is_responsible_worker(user, plan.family):
        return FORBIDDEN
    return family_open(plan.family)


# Visits and contacts -------------------------------------------------------------------------


@policy
def can_record_visit(user: User, family: Family) -> Verdict:
    """The family's assistant documents a visit or another contact."""
    if not is_assistant_of(user, family):
        return FORBIDDEN
    return family_open(family)


@policy
def can_update_visit(user: User, visit: Visit) -> Verdict:
    """The author corrects the record while their work with the family goes on; a visit of an
    earlier assignment stays as it was."""
    if visit.assistant_id != user.pk:
        return FORBIDDEN
    assignment = assignment_of(user, visit.family)
    if assignment is None:
        return FORBIDDEN
    return (
        family_open(visit.family)
        and allowed_when(visit.withdrawn_at is None, _("The record has been withdrawn."))
        and allowed_when(
            visit.assignment_id == assignment.pk,
            _("A visit of an earlier assignment can no longer be changed."),
        )
    )


@policy
def can_withdraw_visit(user: User, visit: Visit) -> Verdict:
    """The author withdraws a visit recorded by mistake (the wrong family, twice) while they may
    still correct it; withdrawn, it stays in the family's history with the reason."""
    return can_update_visit(user, visit)
