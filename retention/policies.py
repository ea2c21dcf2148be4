"""Who may take each step of a disposal protocol, now (retention.services asks; the templates show
the buttons by them). Nothing is disposed of without both approvals: the head's and the data
protection officer's, given by two different persons."""

from django.utils.translation import gettext as _

from familysupport.models import Centre, Role, User
from familysupport.policies import (
    FORBIDDEN,
    Verdict,
    acts_in,
    allowed_if,
    allowed_when,
    is_head_of,
    policy,
    refused,
)
from familysupport.transitions import can_move
from retention.models import DisposalProtocol, ProtocolStatus

# The approval each role gives: (role, the protocol's field of the person who gave it).
APPROVALS = ((Role.HEAD, "head_approved_by_id"), (Role.DPO, "dpo_approved_by_id"))


def approving_role(user: User, protocol: DisposalProtocol) -> str | None:
    """The role in which `user` would approve `protocol` now: the first of their approving roles
    whose approval is still missing (None: theirs are all given)."""
    for role, field in APPROVALS:
        if user.has_role(role) and getattr(protocol, field) is None:
            return role
    return None


@policy
def can_propose_disposal(user: User | None, centre: Centre) -> Verdict:
    """The daily step (no user) or the head of the centre lists the cases whose retention ended."""
    return allowed_if(user is None or is_head_of(user, centre.pk))


@policy
def can_approve_protocol(user: User, protocol: DisposalProtocol) -> Verdict:
    """The head and the data protection officer of the centre each approve the proposal once."""
    if not acts_in(user, protocol.centre_id, Role.HEAD, Role.DPO):
        return FORBIDDEN
    if protocol.status != ProtocolStatus.PROPOSED:
        return refused(_("The protocol is no longer awaiting approval."))
    role = approving_role(user, protocol)
    if role is None:
        return refused(_("You have already approved this protocol."))
    others = [getattr(protocol, field) for other, field in APPROVALS if other != role]
    return allowed_when(
        user.pk not in others,
        _("The head and the data protection officer approve the protocol as two different persons."),
    )


@policy
def can_carry_out_protocol(user: User, protocol: DisposalProtocol) -> Verdict:
    """The head carries out the protocol once both the head and the data protection officer approved it."""
    if not is_head_of(user, protocol.centre_id):
        return FORBIDDEN
    if protocol.status == ProtocolStatus.CARRIED_OUT:
        return refused(_("The protocol has already been carried out."))
    return allowed_when(
        can_move(protocol, ProtocolStatus.CARRIED_OUT),
        _("The protocol must first be approved by both the head and the data protection officer."),
    )
