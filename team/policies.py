"""Who engages a specialist on a family and who ends the engagement (one policy per action).

FORBIDDEN when the step is not the user's; refused, with the reason the user reads, when it is
theirs but the state does not allow it now (an archived case, an engagement already over).
"""

from django.utils.translation import gettext as _

from assistants.models import PlanStatus, WorkPlan
from cases.models import Family, Interview, InterviewStatus
from cases.policies import family_open
from contacts.policies import works_with
from familysupport.access import is_responsible_worker
from familysupport.models import Role, User
from familysupport.policies import FORBIDDEN, Verdict, acts_in, allowed_if, allowed_when, is_head_of, policy
from team.models import Contribution, Engagement


def _engages(user: User, family: Family) -> bool:
    """The family's responsible social worker and the head of its centre engage specialists."""
    return is_responsible_worker(user, family) or is_head_of(user, family.centre_id)


@policy
def can_engage_specialist(user: User, family: Family) -> Verdict:
    """The responsible social worker or the head engages a specialist of the centre on the family."""
    if not _engages(user, family):
        return FORBIDDEN
    return family_open(family)


@policy
def can_end_engagement(user: User, engagement: Engagement) -> Verdict:
    """The responsible worker, the head, or the specialist themself ends an engagement by hand."""
    family = engagement.family
    is_the_specialist = (
        acts_in(user, engagement.centre_id, Role.SPECIALIST) and engagement.specialist.user_id == user.pk
    )
    if not (_engages(user, family) or is_the_specialist):
        return FORBIDDEN
    return family_open(family) and allowed_when(engagement.is_active, _("The engagement has already ended."))


@policy
def can_view_engagements(user: User, family: Family) -> Verdict:
    """The engagements are read by everyone who works with the family in its centre."""
    return allowed_if(
        acts_in(user, family.centre_id, Role.SOCIAL_WORKER, Role.HEAD, Role.FAMILY_ASSISTANT, Role.SPECIALIST)
    )


# Co-authors of the diagnosis and the work plan ----------------------------------------------


def _contributes(user: User, family: Family, author_id: int, *, draft: bool, locked: str) -> Verdict:
    """Someone of the family's team other than the document's author writes their part of it
    while it is a draft (a signed interview, an accepted plan stay as they were signed)."""
    if user.pk == author_id or not works_with(user, family):
        return FORBIDDEN
    return family_open(family) and allowed_when(draft, locked)


@policy
def can_contribute_to_interview(user: User, interview: Interview) -> Verdict:
    """The team co-writes the diagnosis of a draft interview with the social worker."""
    return _contributes(
        user,
        interview.family,
        interview.author_id,
        draft=interview.status == InterviewStatus.DRAFT,
        locked=_("The interview is signed; a contribution goes into its update."),
    )


@policy
def can_contribute_to_plan(user: User, plan: WorkPlan) -> Verdict:
    """The team co-writes a draft work plan with the assistant."""
    return _contributes(
        user,
        plan.family,
        plan.author_id,
        draft=plan.status == PlanStatus.DRAFT,
        locked=_("The plan is accepted; a contribution goes into its revision."),
    )


@policy
def can_withdraw_contribution(user: User, contribution: Contribution) -> Verdict:
    """The co-author withdraws their own contribution, written by mistake, while the document is
    still a draft and they still work with the family."""
    if contribution.author_id != user.pk or not works_with(user, contribution.family):
        return FORBIDDEN
    document = contribution.interview or contribution.work_plan
    draft = (
        document.status == InterviewStatus.DRAFT
        if isinstance(document, Interview)
        else document is not None and document.status == PlanStatus.DRAFT
    )
    return (
        family_open(contribution.family)
        and allowed_when(contribution.withdrawn_at is None, _("The record has been withdrawn."))
        and allowed_when(draft, _("The document is signed; its contributions stay as they were."))
    )
