"""The periodic assessment of the family's situation (art. 15 ust. 1 pkt 16): drafted and
submitted by the family's assistant, acknowledged by the head."""

from django.utils.translation import gettext as _

from assistants.models import Assessment, AssessmentStatus
from assistants.selectors.lifecycle import assignment_of
from cases.models import Family
from cases.policies import family_open
from familysupport.models import User
from familysupport.policies import FORBIDDEN, Verdict, allowed_when, is_head_of, policy, refused
from familysupport.transitions import can_move


@policy
def can_create_assessment(user: User, family: Family) -> Verdict:
    """The family's assistant drafts an assessment, one draft at a time."""
    assignment = assignment_of(user, family)
    if assignment is None:
        return FORBIDDEN
    return family_open(family) and allowed_when(
        not family.assessments.filter(status=AssessmentStatus.DRAFT, assignment=assignment).exists(),
        _("Finish the assessment draft that is already open first."),
    )


def _written_now(user: User, assessment: Assessment) -> bool:
    """The user is the assistant of the assignment the assessment belongs to, and it goes on."""
    assignment = assignment_of(user, assessment.family)
    return assignment is not None and assessment.assignment_id == assignment.pk


@policy
def can_update_assessment(user: User, assessment: Assessment) -> Verdict:
    """The assistant changes the draft; a submitted assessment stays as the head got it."""
    if not _written_now(user, assessment):
        return FORBIDDEN
    return family_open(assessment.family) and allowed_when(
        assessment.status == AssessmentStatus.DRAFT,
        _("The assessment has been submitted and can no longer be changed."),
    )


@policy
def can_submit_assessment(user: User, assessment: Assessment) -> Verdict:
    """The assistant passes the draft to the head (whether every goal has its progress, the
    service checks)."""
    if not _written_now(user, assessment):
        return FORBIDDEN
    return family_open(assessment.family) and allowed_when(
        can_move(assessment, AssessmentStatus.SUBMITTED), _("The assessment has already been submitted.")
    )


@policy
def can_acknowledge_assessment(user: User, assessment: Assessment) -> Verdict:
    """The head, as the assistant's employer, acknowledges a submitted assessment."""
    if not is_head_of(user, assessment.family.centre_id):
        return FORBIDDEN
    guard = family_open(assessment.family)
    if not guard:
        return guard
    if assessment.status == AssessmentStatus.ACKNOWLEDGED:
        return refused(_("The assessment has already been acknowledged."))
    return allowed_when(
        can_move(assessment, AssessmentStatus.ACKNOWLEDGED), _("The assessment has not been submitted yet.")
    )
