"""The head's decision (art. 11 ust. 2), the assignment under the cap and the handover (art. 15
ust. 4), the assistant's profile (art. 12), the end of work, the monitoring and the closing of the
case. Also the two questions every seam's policies ask: is the user the head of the centre, is the
user the family's assistant now."""

from django.utils import timezone
from django.utils.translation import gettext as _

from assistants.models import AssistantProfile
from assistants.selectors.lifecycle import active_assignment, assignment_of, open_monitoring, page_work
from cases.models import AssignmentRequest, Family, RequestStatus
from cases.policies import family_open
from cases.selectors import is_page_family
from familysupport.access import is_responsible_worker
from familysupport.models import Role, User
from familysupport.policies import (
    FORBIDDEN,
    Verdict,
    allowed_if,
    allowed_when,
    is_head_of,
    policy,
    refused,
)
from familysupport.transitions import can_move


def is_assistant_of(user: User, family: Family) -> bool:
    """The user is the family's assistant now (not only during the monitoring after the work)."""
    return assignment_of(user, family) is not None


# The head's decision and the assignment ------------------------------------------------------


@policy
def can_decide_request(user: User, request: AssignmentRequest) -> Verdict:
    """The head of the family's centre decides a submitted request, once (art. 11 ust. 2)."""
    family = request.family
    if not is_head_of(user, family.centre_id):
        return FORBIDDEN
    return family_open(family) and allowed_when(
        can_move(request, RequestStatus.DECIDED),
        _("This request is not waiting for a decision; it may have just been decided."),
    )


@policy
def can_start_assignment(user: User, family: Family) -> Verdict:
    """The head of the family's centre starts an assistant's work with it (a decision, a handover)."""
    if not is_head_of(user, family.centre_id):
        return FORBIDDEN
    return family_open(family)


@policy
def can_reassign(user: User, family: Family) -> Verdict:
    """The head hands a family that has an assistant over to another assistant of the centre."""
    if not is_head_of(user, family.centre_id):
        return FORBIDDEN
    return family_open(family) and allowed_when(
        active_assignment(family) is not None, _("The family has no active family assistant.")
    )


@policy
def can_update_profile(user: User, profile: AssistantProfile) -> Verdict:
    """The head of the assistant's centre records the qualifications, statements, employment and
    cap (art. 12, art. 15 ust. 4). Nothing of a family: no archive to ask about."""
    return allowed_if(is_head_of(user, profile.centre_id))


# The end of work, the monitoring, the closing of the case ------------------------------------


@policy
def can_end_work(user: User, family: Family) -> Verdict:
    """The family's assistant or the head ends the assistant's work with the family."""
    if not (is_head_of(user, family.centre_id) or is_assistant_of(user, family)):
        return FORBIDDEN
    return family_open(family) and allowed_when(
        active_assignment(family) is not None, _("The family has no active family assistant.")
    )


def _worked_with(user: User, family: Family) -> bool:
    if user.centre_id != family.centre_id:
        return False
    if is_page_family(family):  # the assignments the page read
        return any(item.assistant.user_id == user.pk for item in page_work(family).assignments)
    return family.assignments.filter(assistant__user=user).exists()


@policy
def can_add_monitoring_note(user: User, family: Family) -> Verdict:
    """While the family is monitored after the end of work, the assistant whose work ended and the
    family's responsible social worker write notes on its functioning."""
    monitoring = open_monitoring(family)
    if monitoring is None:
        if not (_worked_with(user, family) or is_responsible_worker(user, family)):
            return FORBIDDEN
        return family_open(family) and refused(
            _("Monitoring notes are written only while the family is being monitored.")
        )
    ended_here = (
        user.centre_id == family.centre_id
        and user.has_role(Role.FAMILY_ASSISTANT)
        and monitoring.assignment.assistant.user_id == user.pk
    )
    if not (ended_here or is_responsible_worker(user, family)):
        return FORBIDDEN
    return family_open(family)


@policy
def can_close_case(user: User | None, family: Family) -> Verdict:
    """The head closes the case at any time during the monitoring; the system (no user, the daily
    `close_ended_monitoring`) once the monitoring period is over."""
    if user is not None and not is_head_of(user, family.centre_id):
        return FORBIDDEN
    guard = family_open(family)
    if not guard:
        return guard
    monitoring = open_monitoring(family)
    if monitoring is None:
        return refused(_("The family is not being monitored."))
    return allowed_when(
        user is not None or monitoring.monitoring_until < timezone.localdate(),
        _("The monitoring has not ended yet."),
    )
