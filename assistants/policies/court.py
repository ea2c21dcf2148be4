"""Court requests and opinions (art. 15 ust. 1 pkt 14): staff (or the head) keep the register of
the courts' letters and record the dispatch; the family's assistant writes the opinion; the head
signs it off, which issues it."""

from django.utils.translation import gettext as _

from assistants.models import CourtOpinion, CourtRequest, OpinionStatus
from assistants.policies.lifecycle import is_assistant_of
from assistants.selectors.court import newest_opinion_id
from cases.models import Family
from cases.policies import family_open
from cases.selectors import family_visible
from familysupport.models import Role, User
from familysupport.policies import (
    ALLOWED,
    FORBIDDEN,
    Verdict,
    allowed_if,
    allowed_when,
    is_head_of,
    policy,
    refused,
)
from familysupport.transitions import can_move

REGISTER_KEEPERS = (Role.STAFF, Role.HEAD)
COURT_READERS = (Role.FAMILY_ASSISTANT, Role.HEAD)
EDITABLE_OPINION = (OpinionStatus.DRAFT, OpinionStatus.RETURNED)


def _keeps_register(user: User, centre_id: int | None) -> bool:
    return (
        user.is_authenticated
        and centre_id is not None
        and user.centre_id == centre_id
        and user.has_role(*REGISTER_KEEPERS)
    )


# The register --------------------------------------------------------------------------------


@policy
def can_register_court_request(user: User, family: Family | None) -> Verdict:
    """Staff (or the head) register a court's letter about a family of their centre. Without a
    family (its reference was not found): whether the user keeps the register at all."""
    if family is None:
        return allowed_if(_keeps_register(user, user.centre_id))
    if not _keeps_register(user, family.centre_id):
        return FORBIDDEN
    return family_open(family)


@policy
def can_withdraw_court_request(user: User, court_request: CourtRequest) -> Verdict:
    """Staff (or the head) withdraw a letter registered by mistake (the wrong family, twice) while
    no opinion has been started for it; withdrawn, it leaves the register and the deadlines."""
    if not _keeps_register(user, court_request.centre_id):
        return FORBIDDEN
    return (
        family_open(court_request.family)
        and allowed_when(court_request.withdrawn_at is None, _("The letter has already been withdrawn."))
        and allowed_when(
            not court_request.opinions.exists(),
            _("An opinion has been started for this letter; it can no longer be withdrawn."),
        )
    )


@policy
def can_view_court_requests(user: User, family: Family) -> Verdict:
    """The court part of a family's case is for its assistant and the head; staff see the register,
    never the case."""
    return allowed_if(
        user.is_authenticated and user.has_role(*COURT_READERS) and family_visible(user, family)
    )


@policy
def can_dispatch_opinion(user: User, opinion: CourtOpinion) -> Verdict:
    """Staff (or the head) record that the issued opinion was sent to the court, once."""
    if not _keeps_register(user, opinion.court_request.centre_id):
        return FORBIDDEN
    guard = family_open(opinion.family)
    if not guard:
        return guard
    if opinion.status != OpinionStatus.ISSUED:
        return refused(_("Only an issued opinion can be dispatched."))
    return allowed_when(opinion.dispatched_on is None, _("The opinion has already been dispatched."))


# The opinion: the assistant's part -----------------------------------------------------------


def _editable(opinion: CourtOpinion) -> Verdict:
    if opinion.status == OpinionStatus.ISSUED:
        return refused(_("An issued opinion cannot be changed; prepare a correction instead."))
    return allowed_when(
        opinion.status in EDITABLE_OPINION,
        _("The opinion is with the head for sign-off and cannot be changed now."),
    )


@policy
def can_start_opinion(user: User, court_request: CourtRequest) -> Verdict:
    """The family's assistant starts the opinion the court asked for, once per request."""
    family = court_request.family
    if not is_assistant_of(user, family):
        return FORBIDDEN
    return (
        family_open(family)
        and allowed_when(court_request.withdrawn_at is None, _("The letter has been withdrawn."))
        and allowed_when(
            not court_request.opinions.exists(),
            _("The opinion for this court request has already been started."),
        )
    )


@policy
def can_edit_opinion(user: User, opinion: CourtOpinion) -> Verdict:
    """The family's assistant writes a draft or a returned opinion."""
    if not is_assistant_of(user, opinion.family):
        return FORBIDDEN
    return family_open(opinion.family) and _editable(opinion)


@policy
def can_submit_opinion(user: User, opinion: CourtOpinion) -> Verdict:
    """The assistant passes the opinion to the head for sign-off (whether every section is filled
    in, the service checks)."""
    if not is_assistant_of(user, opinion.family):
        return FORBIDDEN
    return family_open(opinion.family) and (
        ALLOWED if can_move(opinion, OpinionStatus.SUBMITTED) else _editable(opinion)
    )


@policy
def can_correct_opinion(user: User, opinion: CourtOpinion) -> Verdict:
    """The assistant starts a correction of the newest issued version: a new version replacing it."""
    if not is_assistant_of(user, opinion.family):
        return FORBIDDEN
    guard = family_open(opinion.family)
    if not guard:
        return guard
    if opinion.status != OpinionStatus.ISSUED:
        return refused(_("Only an issued opinion is corrected; change the draft instead."))
    return allowed_when(
        newest_opinion_id(opinion.court_request) == opinion.pk,
        _("A correction of this opinion has already been started."),
    )


# The opinion: the head's part ----------------------------------------------------------------


def _sign_off(user: User, opinion: CourtOpinion, to: str) -> Verdict:
    if not is_head_of(user, opinion.family.centre_id):
        return FORBIDDEN
    return family_open(opinion.family) and allowed_when(
        can_move(opinion, to), _("The opinion is not waiting for sign-off.")
    )


@policy
def can_return_opinion(user: User, opinion: CourtOpinion) -> Verdict:
    """The head returns a submitted opinion to the assistant with a comment."""
    return _sign_off(user, opinion, OpinionStatus.RETURNED)


@policy
def can_approve_opinion(user: User, opinion: CourtOpinion) -> Verdict:
    """The head signs a submitted opinion off, which issues it."""
    return _sign_off(user, opinion, OpinionStatus.APPROVED)


@policy
def can_issue_opinion(user: User, opinion: CourtOpinion) -> Verdict:
    """The head's sign-off prints the opinion once and locks it."""
    if not is_head_of(user, opinion.family.centre_id):
        return FORBIDDEN
    guard = family_open(opinion.family)
    if not guard:
        return guard
    if opinion.status == OpinionStatus.ISSUED:
        return refused(_("The opinion has already been issued."))
    return allowed_when(
        can_move(opinion, OpinionStatus.ISSUED), _("Only an opinion signed off by the head can be issued.")
    )
