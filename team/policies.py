"""Who engages a specialist on a family and who ends the engagement (one policy per action).

FORBIDDEN when the step is not the user's; refused, with the reason the user reads, when it is
theirs but the state does not allow it now (an archived case, an engagement already over).
"""

from django.utils.translation import gettext as _

from cases.models import Family
from cases.policies import family_open
from familysupport.access import is_responsible_worker
from familysupport.models import Role, User
from familysupport.policies import FORBIDDEN, Verdict, acts_in, allowed_if, allowed_when, is_head_of, policy
from team.models import Engagement


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
