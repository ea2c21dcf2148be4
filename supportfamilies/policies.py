"""May this user take this step of the support families' path, now? One policy per action.

Each answers with a Verdict (familysupport.policies): FORBIDDEN when the step is not the user's
(another role, another centre, not the family's assistant, not the named social worker); refused,
with the reason the user reads, when it is theirs but the state does not allow it now, first of
all when the supported family's case is archived (cases.policies.family_open). The service of the
step calls `require(can_<action>(actor, obj))` on the row it has locked; the templates show the
step's button by `{% may "supportfamilies.<action>" obj as ... %}`.
"""

from django.utils.translation import gettext as _

from assistants.selectors.lifecycle import is_active_assistant
from cases.models import Family
from cases.policies import family_open
from familysupport.models import Role, User
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
from supportfamilies.models import (
    Contract,
    ContractStatus,
    Invoice,
    InvoiceStatus,
    SupportFamily,
    SupportFamilyStatus,
)
from supportfamilies.selectors import contracts_visible_to, family_interview, interviews_visible_to


def _keeps_invoices(user: User, centre_id: int) -> bool:
    """Staff register invoices and record payments; the head may do their part too."""
    return acts_in(user, centre_id, Role.STAFF, Role.HEAD)


def _is_assistant_of(user: User, family: Family) -> bool:
    return acts_in(user, family.centre_id, Role.FAMILY_ASSISTANT) and is_active_assistant(user, family)


# The candidate: proposal, household, withdrawal (art. 29) ------------------------------------


@policy
def can_propose(user: User, family: Family) -> Verdict:
    """The family's assistant proposes a support family, at the family's request or with its consent."""
    if not _is_assistant_of(user, family):
        return FORBIDDEN
    return family_open(family)


@policy
def can_add_member(user: User, support_family: SupportFamily) -> Verdict:
    """The assistant lists the candidate household, before the interview."""
    if not _is_assistant_of(user, support_family.family):
        return FORBIDDEN
    return family_open(support_family.family) and allowed_when(
        support_family.status == SupportFamilyStatus.PROPOSED,
        _("The household is listed before the interview; it can no longer be changed."),
    )


@policy
def can_withdraw(user: User, support_family: SupportFamily) -> Verdict:
    """The head or the family's assistant withdraws a proposal not yet established or refused."""
    if not (is_head_of(user, support_family.centre_id) or _is_assistant_of(user, support_family.family)):
        return FORBIDDEN
    return family_open(support_family.family) and allowed_when(
        can_move(support_family, SupportFamilyStatus.WITHDRAWN),
        _("Only a proposal not yet established or refused can be withdrawn."),
    )


# The statuses in which the support family's data may still be corrected.
EDITABLE_STATUSES = {
    SupportFamilyStatus.PROPOSED,
    SupportFamilyStatus.ELIGIBLE,
    SupportFamilyStatus.ESTABLISHED,
}


@policy
def can_edit_support_family(user: User, support_family: SupportFamily) -> Verdict:
    """The head or the family's assistant corrects the support family's data (name, address,
    phone, relation) while it is proposed, eligible or established; a refused or withdrawn
    proposal stays as it was closed."""
    if not (is_head_of(user, support_family.centre_id) or _is_assistant_of(user, support_family.family)):
        return FORBIDDEN
    return family_open(support_family.family) and allowed_when(
        support_family.status in EDITABLE_STATUSES,
        _("The proposal was refused or withdrawn; its data can no longer be changed."),
    )


# Interview and establishment (art. 30) -------------------------------------------------------


@policy
def can_interview(user: User, support_family: SupportFamily) -> Verdict:
    """The social worker the assistant named interviews the candidate, once."""
    if not (
        acts_in(user, support_family.centre_id, Role.SOCIAL_WORKER)
        and support_family.interviewer_id == user.pk
    ):
        return FORBIDDEN
    # The interview decides between the two outcomes; both must still be open.
    return family_open(support_family.family) and allowed_when(
        can_move(support_family, SupportFamilyStatus.ELIGIBLE)
        and can_move(support_family, SupportFamilyStatus.INELIGIBLE),
        _("The candidate has already been interviewed or the proposal withdrawn."),
    )


@policy
def can_view_interview(user: User, support_family: SupportFamily) -> Verdict:
    """The interview's answers are for the head and the social worker who interviewed."""
    return allowed_if(interviews_visible_to(user).filter(pk=support_family.pk).exists())


@policy
def can_establish(user: User, support_family: SupportFamily) -> Verdict:
    """The head establishes a candidate the interview found eligible; an ineligible one, never."""
    if not is_head_of(user, support_family.centre_id):
        return FORBIDDEN
    guard = family_open(support_family.family)
    if not guard:
        return guard
    interview = family_interview(support_family)
    if support_family.status == SupportFamilyStatus.INELIGIBLE or (interview and not interview.eligible):
        return refused(
            _("The interview found the candidate ineligible; it cannot be established as a support family.")
        )
    return allowed_when(
        interview is not None and can_move(support_family, SupportFamilyStatus.ESTABLISHED),
        _("A support family is established after an interview found it eligible."),
    )


# The contract (art. 31) ----------------------------------------------------------------------


@policy
def can_create_contract(user: User, support_family: SupportFamily) -> Verdict:
    """The head drafts a contract with an established support family."""
    if not is_head_of(user, support_family.centre_id):
        return FORBIDDEN
    return family_open(support_family.family) and allowed_when(
        support_family.status == SupportFamilyStatus.ESTABLISHED,
        _("A contract is made only with an established support family."),
    )


@policy
def can_view_contract(user: User, contract: Contract) -> Verdict:
    """The contract's page is for the head and the family's assistant (staff see its number only)."""
    return allowed_if(contracts_visible_to(user).filter(pk=contract.pk).exists())


@policy
def can_update_contract(user: User, contract: Contract) -> Verdict:
    """The head changes the terms of a draft; a signed contract stays as signed."""
    if not is_head_of(user, contract.centre_id):
        return FORBIDDEN
    return family_open(contract.support_family.family) and allowed_when(
        contract.status == ContractStatus.DRAFT, _("A signed contract cannot be changed.")
    )


@policy
def can_sign_contract(user: User, contract: Contract) -> Verdict:
    """The head signs the draft for the centre."""
    if not is_head_of(user, contract.centre_id):
        return FORBIDDEN
    return family_open(contract.support_family.family) and allowed_when(
        can_move(contract, ContractStatus.SIGNED), _("The contract has already been signed.")
    )


@policy
def can_terminate_contract(user: User, contract: Contract) -> Verdict:
    """The head records the termination of a signed contract."""
    if not is_head_of(user, contract.centre_id):
        return FORBIDDEN
    return family_open(contract.support_family.family) and allowed_when(
        can_move(contract, ContractStatus.TERMINATED), _("Only a signed contract can be terminated.")
    )


# Invoices (art. 31: the reimbursement of costs) ----------------------------------------------


@policy
def can_register_invoice(user: User, contract: Contract | None) -> Verdict:
    """Staff (or the head) register an invoice on a signed contract, also after its termination
    (costs up to that day are reimbursed). Without a contract: whether the user registers any."""
    if contract is None:
        return allowed_if(
            user.is_authenticated and user.centre_id is not None and user.has_role(Role.STAFF, Role.HEAD)
        )
    if not _keeps_invoices(user, contract.centre_id):
        return FORBIDDEN
    return family_open(contract.support_family.family) and allowed_when(
        contract.status != ContractStatus.DRAFT, _("The contract has not been signed yet.")
    )


def _decision(user: User, invoice: Invoice, to: str) -> Verdict:
    if not is_head_of(user, invoice.contract.centre_id):
        return FORBIDDEN
    return (
        family_open(invoice.contract.support_family.family)
        and allowed_when(invoice.withdrawn_at is None, _("The invoice has been withdrawn."))
        and allowed_when(can_move(invoice, to), _("The invoice has already been decided."))
    )


@policy
def can_withdraw_invoice(user: User, invoice: Invoice) -> Verdict:
    """Staff (or the head) withdraw an invoice registered in error while it awaits the head's
    decision; a decided invoice is the head's record of the reimbursement and stays."""
    if not _keeps_invoices(user, invoice.contract.centre_id):
        return FORBIDDEN
    return (
        family_open(invoice.contract.support_family.family)
        and allowed_when(invoice.withdrawn_at is None, _("The invoice has already been withdrawn."))
        and allowed_when(
            invoice.status == InvoiceStatus.REGISTERED,
            _("A decided invoice can no longer be withdrawn."),
        )
    )


@policy
def can_approve_invoice(user: User, invoice: Invoice) -> Verdict:
    """The head approves a registered invoice (whether it fits the limits, the service checks)."""
    return _decision(user, invoice, InvoiceStatus.APPROVED)


@policy
def can_refuse_invoice(user: User, invoice: Invoice) -> Verdict:
    """The head refuses a registered invoice."""
    return _decision(user, invoice, InvoiceStatus.REFUSED)


@policy
def can_mark_paid(user: User, invoice: Invoice) -> Verdict:
    """Staff (or the head) record the payment of an approved invoice."""
    if not _keeps_invoices(user, invoice.contract.centre_id):
        return FORBIDDEN
    guard = family_open(invoice.contract.support_family.family)
    if not guard:
        return guard
    if invoice.status == InvoiceStatus.PAID:
        return refused(_("The invoice has already been paid."))
    return allowed_when(can_move(invoice, InvoiceStatus.PAID), _("Only an approved invoice can be paid."))
