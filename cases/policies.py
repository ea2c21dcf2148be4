"""The guard every app's policies share, an archived case is read-only; then the case's own steps.

A closed case is archived (cases.services.family_archive): from then on nothing of the family
changes until it is destroyed at the end of the retention period, whatever app the change belongs
to: its members, reports and interviews, its assistant's plans, visits and court letters, its
support families, their contracts and invoices. Every policy of an action that changes anything of
a family ends with this guard:

    @policy
    def can_sign_contract(user, contract) -> Verdict:
        if not is_head_of(user, contract.centre_id):
            return FORBIDDEN
        return family_open(contract.support_family.family) and <the contract's own state>

(`Verdict` is falsy when it refuses, so `family_open(family) and other` gives the guard's
refusal first.) A service with no policy of its own calls `require_family_open(family)`.
"""

from django.utils.translation import gettext as _

from cases.models import (
    AssignmentRequest,
    Family,
    FamilyMember,
    FamilyStatus,
    Interview,
    InterviewStatus,
    RequestStatus,
)
from cases.selectors import CASE_WORKERS, family_has_interview, family_visible, open_request, pending_report
from familysupport.access import is_responsible_worker
from familysupport.models import Role, User, Withdrawable
from familysupport.policies import (
    ALLOWED,
    FORBIDDEN,
    Verdict,
    allowed_if,
    allowed_when,
    is_head_of,
    policy,
    refused,
    require,
)
from familysupport.transitions import can_move


def family_open(family: Family) -> Verdict:
    """ALLOWED while the case is not archived; refused, with the reason the user is shown, once it is."""
    if family.archived_on is not None:
        return refused(_("The case is archived and can no longer be changed."))
    return ALLOWED


def require_family_open(family: Family) -> None:
    """Refuse (ValidationError with the reason) any change to a family whose case is archived."""
    require(family_open(family))


# One policy per step of the case (cases.services asks it; the templates show the button by it).
#
# FORBIDDEN when the step is not the user's: the family's steps are its responsible social worker's
# (familysupport.access.is_responsible_worker), the head's are the head's of the family's centre.
# Refused, with the reason the user reads, when the state does not allow it now: first of all an
# archived case (family_open above), then the step's own state, in the order the service asked.

# The path's statuses at which the worker records an analysis (after the interview, again after
# another form of support, or to complete a returned request).
ANALYSIS_STATUSES = (
    FamilyStatus.INTERVIEWED,
    FamilyStatus.ANALYSED,
    FamilyStatus.NO_ASSISTANT,
    FamilyStatus.REQUEST_RETURNED,
)
# The ends of the path after which the head may archive the case.
ARCHIVABLE_STATUSES = (
    FamilyStatus.CLOSED,
    FamilyStatus.NO_ASSISTANT,
    FamilyStatus.REQUEST_REFUSED,
    FamilyStatus.REFERRED,
)


def _worker_step(user: User, family: Family) -> Verdict:
    """A step of the family's responsible social worker, while the case is open."""
    if not is_responsible_worker(user, family):
        return FORBIDDEN
    return family_open(family)


# What of a case a role needs to know (cases.selectors.CASE_WORKERS: not a specialist) ----------


@policy
def can_view_income(user: User, family: Family) -> Verdict:
    """The interview's income and material situation: for the case's worker, assistant and head."""
    return allowed_if(user.has_role(*CASE_WORKERS) and family_visible(user, family))


@policy
def can_view_blue_card(user: User, family: Family) -> Verdict:
    """The Niebieska Karta flag and the reports from its procedure: for the case's worker,
    assistant and head."""
    return allowed_if(user.has_role(*CASE_WORKERS) and family_visible(user, family))


# The family (art. 11 ust. 1) -----------------------------------------------------------------


@policy
def can_register_family(user: User, family: None) -> Verdict:
    """A social worker of a centre opens a case from a report; there is no family yet (None)."""
    return allowed_if(
        user.is_authenticated and user.centre_id is not None and user.has_role(Role.SOCIAL_WORKER)
    )


@policy
def can_update_family(user: User, family: Family) -> Verdict:
    """The responsible worker corrects the family's name, address or Niebieska Karta flag."""
    return _worker_step(user, family)


@policy
def can_change_social_worker(user: User, family: Family) -> Verdict:
    """The head makes another social worker of the centre responsible for the family."""
    if not is_head_of(user, family.centre_id):
        return FORBIDDEN
    return family_open(family)


@policy
def can_archive_family(user: User, family: Family) -> Verdict:
    """The head archives a case whose path has ended (cases.services.family_archive)."""
    if not is_head_of(user, family.centre_id):
        return FORBIDDEN
    return family_open(family) and allowed_when(
        family.status in ARCHIVABLE_STATUSES, _("Only a case whose path has ended can be archived.")
    )


@policy
def can_add_member(user: User, family: Family) -> Verdict:
    """The responsible worker adds a person to the family's composition."""
    return _worker_step(user, family)


@policy
def can_update_member(user: User, member: FamilyMember) -> Verdict:
    """The responsible worker corrects a family member's data."""
    return _worker_step(user, member.family) and _not_withdrawn(member)


@policy
def can_withdraw_member(user: User, member: FamilyMember) -> Verdict:
    """The responsible worker withdraws a person added to the family by mistake; withdrawn, they
    stay in the family's history with the reason, and leave the composition, the counts and the
    documents."""
    return _worker_step(user, member.family) and _not_withdrawn(member)


def _not_withdrawn(record: Withdrawable) -> Verdict:
    return allowed_when(record.withdrawn_at is None, _("The record has been withdrawn."))


@policy
def can_export_member(user: User, member: FamilyMember) -> Verdict:
    """The head answers a person's access request (RODO art. 15) with the data held about them;
    a read, so also of an archived case (the overview's person export)."""
    return allowed_if(is_head_of(user, member.centre_id))


@policy
def can_register_report(user: User, family: Family) -> Verdict:
    """The responsible worker registers a further report about the family."""
    return _worker_step(user, family)


# The environmental interview (art. 11 ust. 1) ------------------------------------------------


@policy
def can_start_interview(user: User, family: Family) -> Verdict:
    """The responsible worker opens the interview of the newest unanswered report (or resumes the
    draft already open)."""
    return _worker_step(user, family) and allowed_when(
        family_has_interview(family, InterviewStatus.DRAFT) or pending_report(family) is not None,
        _("Every report already has a signed interview; start an update of the interview instead."),
    )


@policy
def can_update_interview(user: User, interview: Interview) -> Verdict:
    """The responsible worker begins an update of a signed interview, one draft at a time."""
    family = interview.family
    guard = _worker_step(user, family)
    if not guard:
        return guard
    if not interview.is_signed:
        return refused(_("Only a signed interview can be updated."))
    return allowed_when(
        not family_has_interview(family, InterviewStatus.DRAFT),
        _("Finish the interview draft that is already open first."),
    )


@policy
def can_edit_interview(user: User, interview: Interview) -> Verdict:
    """The responsible worker fills in the draft; a signed interview stays as signed."""
    return _worker_step(user, interview.family) and allowed_when(
        not interview.is_signed, _("The interview is signed and can no longer be changed.")
    )


@policy
def can_sign_interview(user: User, interview: Interview) -> Verdict:
    """The responsible worker signs the draft (whether it is complete, the service checks)."""
    return _worker_step(user, interview.family) and allowed_when(
        can_move(interview, InterviewStatus.SIGNED), _("The interview is already signed.")
    )


# The analysis and the basis of the support (art. 11 ust. 1, art. 8 ust. 3) -------------------


@policy
def can_record_analysis(user: User, family: Family) -> Verdict:
    """The responsible worker records the analysis after a signed interview."""
    guard = _worker_step(user, family)
    if not guard:
        return guard
    if family.status not in ANALYSIS_STATUSES:
        return refused(_("An analysis cannot be recorded at this step of the path."))
    return allowed_when(
        family_has_interview(family, InterviewStatus.SIGNED),
        _("The analysis follows a signed interview."),
    )


@policy
def can_record_consent(user: User, family: Family) -> Verdict:
    """The responsible worker records the family's consent or the statutory exception to it."""
    return _worker_step(user, family)


# The request for a family assistant (art. 11 ust. 1–2) ---------------------------------------


@policy
def can_create_request(user: User, family: Family) -> Verdict:
    """The responsible worker drafts the request after an analysis asking for an assistant."""
    guard = _worker_step(user, family)
    if not guard:
        return guard
    if family.status != FamilyStatus.ANALYSED:
        return refused(_("A request follows an analysis that concludes a family assistant is needed."))
    return allowed_when(open_request(family) is None, _("The family already has an open request."))


@policy
def can_update_request(user: User, request: AssignmentRequest) -> Verdict:
    """The responsible worker completes a draft or a returned request."""
    return _worker_step(user, request.family) and allowed_when(
        request.status in (RequestStatus.DRAFT, RequestStatus.RETURNED),
        _("Only a draft or a returned request can be changed."),
    )


@policy
def can_submit_request(user: User, request: AssignmentRequest) -> Verdict:
    """The responsible worker submits the request to the head (what it rests on, the service checks)."""
    return _worker_step(user, request.family) and allowed_when(
        can_move(request, RequestStatus.SUBMITTED), _("This request has already been submitted.")
    )
