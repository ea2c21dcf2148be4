"""Support families (art. 29–31 of the Act): one function per step, each checking the actor and the
state and writing the audit record in the same transaction."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assistants.services.lifecycle import require_active_assistant
from cases.models import ConsentForm, Family
from cases.services import require_not_archived
from familysupport import audit
from familysupport.models import AuditAction, Role, User
from supportfamilies.models import (
    Contract,
    ContractStatus,
    CostCategory,
    EligibilityInterview,
    Exclusion,
    HelpForm,
    HelpScope,
    Invoice,
    InvoiceStatus,
    ProposalBasis,
    SupportFamily,
    SupportFamilyMember,
    SupportFamilyStatus,
    TerminationReason,
)
from supportfamilies.selectors import reimbursement_problems

PROPOSAL_FIELDS = (
    "name",
    "street",
    "postal_code",
    "city",
    "phone",
    "relation",
    "basis",
    "consent_given_by",
    "consent_given_on",
    "consent_form",
    "reasons",
)
MEMBER_FIELDS = ("first_name", "last_name", "birth_date", "role")
CONTRACT_FIELDS = (
    "support_family_signatories",
    "valid_from",
    "valid_to",
    "scope",
    "categories",
    "monthly_limit",
    "total_limit",
    "reimbursement_rules",
)
INVOICE_FIELDS = ("number", "issuer", "issue_date", "amount", "category", "description")
CENT = Decimal("0.01")


def _require_head(actor: User, centre_id: int) -> None:
    if not (actor.has_role(Role.HEAD) and actor.centre_id == centre_id):
        raise PermissionDenied


def _require_invoice_keeper(actor: User, centre_id: int) -> None:
    """Staff register invoices and record payments; the head may do their part too."""
    if not (actor.has_role(Role.STAFF, Role.HEAD) and actor.centre_id == centre_id):
        raise PermissionDenied


def _not_in_future(errors: dict, field: str, day: datetime.date | None) -> None:
    if day and day > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")


def _can_move(obj, status) -> bool:
    return status in type(obj).TRANSITIONS[obj.status]


def _lock(model, obj):
    return model.objects.select_for_update(of=("self",)).get(pk=obj.pk)


# Proposal (art. 29 ust. 3) ---------------------------------------------------------------------


@transaction.atomic
def support_family_propose(*, actor: User, family: Family, data: dict) -> SupportFamily:
    """The family's assistant proposes a support family, at the family's request or with its consent.

    Art. 29 ust. 3 of the Act: a support family is chosen by the family assistant, at the request
    or with the consent of the family. The assistant names the social worker who interviews the
    candidate (art. 30 ust. 1: the head establishes it on the basis of that interview).
    """
    require_active_assistant(actor, family)
    require_not_archived(family)
    errors = {}
    if data["basis"] not in ProposalBasis.values:
        errors["basis"] = _("Say whether the family asked for it or consented.")
    if data["consent_form"] not in ConsentForm.values:
        errors["consent_form"] = _("Choose the form of the request or consent.")
    _not_in_future(errors, "consent_given_on", data["consent_given_on"])
    for field in ("name", "street", "city", "relation", "consent_given_by", "reasons"):
        if not str(data.get(field, "")).strip():
            errors[field] = _("This field is required.")
    interviewer = data["interviewer"]
    if not (
        interviewer.is_active
        and interviewer.centre_id == family.centre_id
        and interviewer.has_role(Role.SOCIAL_WORKER)
    ):
        errors["interviewer"] = _("Choose a social worker of this centre.")
    if errors:
        raise ValidationError(errors)
    support_family = SupportFamily.objects.create(
        centre_id=family.centre_id,
        family=family,
        proposed_by=actor,
        proposed_on=timezone.localdate(),
        interviewer=interviewer,
        consent_scan=data.get("consent_scan") or "",
        **{field: data.get(field, "") for field in PROPOSAL_FIELDS},
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        target=support_family,
        family_id=family.pk,
        interviewer=interviewer.pk,
    )
    return support_family


def _require_proposer(actor: User, support_family: SupportFamily) -> None:
    require_active_assistant(actor, support_family.family)


@transaction.atomic
def support_family_member_add(
    *, actor: User, support_family: SupportFamily, data: dict
) -> SupportFamilyMember:
    """The assistant lists the members of the candidate household before the interview."""
    _require_proposer(actor, support_family)
    support_family = _lock(SupportFamily, support_family)
    if support_family.status != SupportFamilyStatus.PROPOSED:
        raise ValidationError(_("The household is listed before the interview; it can no longer be changed."))
    errors = {}
    for field in ("first_name", "last_name", "role"):
        if not str(data.get(field, "")).strip():
            errors[field] = _("This field is required.")
    _not_in_future(errors, "birth_date", data.get("birth_date"))
    if errors:
        raise ValidationError(errors)
    member = SupportFamilyMember.objects.create(
        support_family=support_family, **{field: data[field] for field in MEMBER_FIELDS}
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        target=member,
        family_id=support_family.family_id,
        support_family=support_family.pk,
    )
    return member


@transaction.atomic
def support_family_withdraw(*, actor: User, support_family: SupportFamily, reason: str) -> SupportFamily:
    """The assistant or the head withdraws a proposal not yet established (art. 29 ust. 3)."""
    if not (actor.has_role(Role.HEAD) and actor.centre_id == support_family.centre_id):
        _require_proposer(actor, support_family)
    support_family = _lock(SupportFamily, support_family)
    if not _can_move(support_family, SupportFamilyStatus.WITHDRAWN):
        raise ValidationError(_("Only a proposal not yet established or refused can be withdrawn."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the proposal is withdrawn.")})
    support_family.status = SupportFamilyStatus.WITHDRAWN
    support_family.withdrawn_reason = reason.strip()
    support_family.save(update_fields=["status", "withdrawn_reason"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=support_family,
        family_id=support_family.family_id,
        status=SupportFamilyStatus.WITHDRAWN.value,
    )
    return support_family


# Interview and eligibility (art. 30 ust. 1; the exclusions of the seed) ------------------------


@transaction.atomic
def support_family_interview(
    *, actor: User, support_family: SupportFamily, data: dict
) -> EligibilityInterview:
    """The named social worker records the interview with the candidate and the eligibility check.

    The head establishes a support family on the basis of the social worker's interview (art. 30
    ust. 1). A family cannot be a support family if any of the seven exclusions applies: an
    alcohol problem; no stable income; upbringing problems with its own children; a member deprived
    of or limited in parental authority; a member not meeting a maintenance duty; a member
    convicted of an offence prosecuted by public indictment; a mental disorder or illness. Each is
    answered with its basis; any that applies makes the candidate ineligible.
    """
    if not (
        actor.has_role(Role.SOCIAL_WORKER)
        and actor.centre_id == support_family.centre_id
        and support_family.interviewer_id == actor.pk
    ):
        raise PermissionDenied
    support_family = _lock(SupportFamily, support_family)
    if support_family.status != SupportFamilyStatus.PROPOSED:
        raise ValidationError(_("The candidate has already been interviewed or the proposal withdrawn."))
    errors = {}
    _not_in_future(errors, "conducted_on", data.get("conducted_on"))
    if data.get("conducted_on") and data["conducted_on"] < support_family.proposed_on:
        errors["conducted_on"] = _("The interview cannot be earlier than the proposal.")
    for field in ("conducted_on", "place", "findings"):
        if not data.get(field) or not str(data[field]).strip():
            errors.setdefault(field, _("This field is required."))
    for code in Exclusion.values:
        if data.get(code) not in (True, False):
            errors[code] = _("Answer whether this applies.")
        if not str(data.get(f"{code}_basis", "")).strip():
            errors[f"{code}_basis"] = _("Give the basis of the answer.")
    if errors:
        raise ValidationError(errors)
    eligible = not any(data[code] for code in Exclusion.values)
    try:
        with transaction.atomic():
            interview = EligibilityInterview.objects.create(
                support_family=support_family,
                author=actor,
                eligible=eligible,
                conducted_on=data["conducted_on"],
                place=data["place"].strip(),
                findings=data["findings"].strip(),
                **{code: data[code] for code in Exclusion.values},
                **{f"{code}_basis": data[f"{code}_basis"].strip() for code in Exclusion.values},
            )
    except IntegrityError:
        raise ValidationError(_("The candidate has already been interviewed.")) from None
    support_family.status = SupportFamilyStatus.ELIGIBLE if eligible else SupportFamilyStatus.INELIGIBLE
    support_family.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action=AuditAction.SIGN,
        target=interview,
        family_id=support_family.family_id,
        support_family=support_family.pk,
        outcome="eligible" if eligible else "ineligible",
    )
    return interview


# Establishment (art. 30 ust. 1) ----------------------------------------------------------------


@transaction.atomic
def support_family_establish(*, actor: User, support_family: SupportFamily, data: dict) -> SupportFamily:
    """The head, authorised by the mayor or wójt, establishes the support family (art. 30 ust. 1).

    Only on an interview that found the candidate eligible: a candidate to whom any exclusion
    applies can never be established. The decision names the scope of help (art. 29 ust. 1) and
    its forms.
    """
    _require_head(actor, support_family.centre_id)
    require_not_archived(support_family.family)
    support_family = _lock(SupportFamily, support_family)
    interview = EligibilityInterview.objects.filter(support_family=support_family).first()
    if support_family.status == SupportFamilyStatus.INELIGIBLE or (interview and not interview.eligible):
        raise ValidationError(
            _("The interview found the candidate ineligible; it cannot be established as a support family.")
        )
    if interview is None or not _can_move(support_family, SupportFamilyStatus.ESTABLISHED):
        raise ValidationError(_("A support family is established after an interview found it eligible."))
    errors = {}
    established_on = data["established_on"]
    _not_in_future(errors, "established_on", established_on)
    if established_on and established_on < interview.conducted_on:
        errors["established_on"] = _("The decision cannot be earlier than the interview.")
    if not data.get("authorisation", "").strip():
        errors["authorisation"] = _("Name the authorisation of the mayor or wójt the decision rests on.")
    scope, help_forms = list(data.get("scope") or []), list(data.get("help_forms") or [])
    if not scope or not set(scope) <= set(HelpScope.values):
        errors["scope"] = _("Choose what the support family helps with.")
    if not help_forms or not set(help_forms) <= set(HelpForm.values):
        errors["help_forms"] = _("Choose the forms of help.")
    if errors:
        raise ValidationError(errors)
    support_family.status = SupportFamilyStatus.ESTABLISHED
    support_family.established_on = established_on
    support_family.established_by = actor
    support_family.authorisation = data["authorisation"].strip()
    support_family.scope = scope
    support_family.help_forms = help_forms
    support_family.save(
        update_fields=["status", "established_on", "established_by", "authorisation", "scope", "help_forms"]
    )
    audit.record(
        actor=actor,
        action=AuditAction.DECIDE,
        target=support_family,
        family_id=support_family.family_id,
        outcome="established",
    )
    return support_family


# The contract (art. 30 ust. 2) -----------------------------------------------------------------


def _validate_terms(data: dict) -> None:
    errors = {}
    if data["valid_to"] < data["valid_from"]:
        errors["valid_to"] = _("The contract cannot end before it starts.")
    categories = list(data.get("categories") or [])
    if not categories or not set(categories) <= set(CostCategory.values):
        errors["categories"] = _("Choose the categories of costs the contract reimburses.")
    monthly, total = data["monthly_limit"], data["total_limit"]
    if monthly is None or monthly <= 0:
        errors["monthly_limit"] = _("The limit must be more than zero.")
    if total is None or total <= 0:
        errors["total_limit"] = _("The limit must be more than zero.")
    elif monthly and monthly > total:
        errors["monthly_limit"] = _("The monthly limit cannot be more than the total limit.")
    for field in ("support_family_signatories", "scope", "reimbursement_rules"):
        if not str(data.get(field, "")).strip():
            errors[field] = _("This field is required.")
    if errors:
        raise ValidationError(errors)


def _overlapping(support_family_id: int, data: dict, exclude: int | None = None):
    contracts = Contract.objects.filter(
        support_family_id=support_family_id,
        status__in=[ContractStatus.DRAFT, ContractStatus.SIGNED],
        valid_from__lte=data["valid_to"],
        valid_to__gte=data["valid_from"],
    )
    return contracts.exclude(pk=exclude) if exclude else contracts


def _next_contract_number(support_family: SupportFamily, year: int) -> str:
    """`<centre code>/RW/<n>/<year>`: unique in the centre (a database constraint)."""
    taken = Contract.objects.filter(centre_id=support_family.centre_id, created_at__year=year).count()
    return f"{support_family.family.centre.code}/RW/{taken + 1}/{year}"


@transaction.atomic
def contract_create(*, actor: User, support_family: SupportFamily, data: dict) -> Contract:
    """The head drafts the contract with an established support family (art. 30 ust. 2).

    The contract sets the scope of help, the period, and the rules of reimbursing the support
    family's costs: the categories of costs and a monthly and a total limit.
    """
    _require_head(actor, support_family.centre_id)
    support_family = _lock(SupportFamily, support_family)
    if support_family.status != SupportFamilyStatus.ESTABLISHED:
        raise ValidationError(_("A contract is made only with an established support family."))
    _validate_terms(data)
    if _overlapping(support_family.pk, data).exists():
        raise ValidationError(
            {"valid_from": _("Another contract with this support family covers part of this period.")}
        )
    number = _next_contract_number(support_family, timezone.localdate().year)
    try:
        with transaction.atomic():
            contract = Contract.objects.create(
                centre_id=support_family.centre_id,
                support_family=support_family,
                number=number,
                created_by=actor,
                **{field: data[field] for field in CONTRACT_FIELDS},
            )
    except IntegrityError:
        raise ValidationError(_("Another contract took this number at the same moment; try again.")) from None
    audit.record(actor=actor, action=AuditAction.CREATE, target=contract, family_id=support_family.family_id)
    return contract


@transaction.atomic
def contract_update(*, actor: User, contract: Contract, data: dict) -> Contract:
    """The head changes the terms of a draft contract; a signed contract stays as signed."""
    _require_head(actor, contract.centre_id)
    contract = _lock(Contract, contract)
    if contract.status != ContractStatus.DRAFT:
        raise ValidationError(_("A signed contract cannot be changed."))
    _validate_terms(data)
    if _overlapping(contract.support_family_id, data, exclude=contract.pk).exists():
        raise ValidationError(
            {"valid_from": _("Another contract with this support family covers part of this period.")}
        )
    audit.save_changes(
        actor=actor,
        target=contract,
        data=data,
        fields=CONTRACT_FIELDS,
        family_id=contract.support_family.family_id,
    )
    return contract


@transaction.atomic
def contract_sign(*, actor: User, contract: Contract, signed_on: datetime.date) -> Contract:
    """The head signs the contract for the centre (art. 30 ust. 2); from then on it is in force."""
    _require_head(actor, contract.centre_id)
    contract = _lock(Contract, contract)
    if not _can_move(contract, ContractStatus.SIGNED):
        raise ValidationError(_("The contract has already been signed."))
    support_family = contract.support_family
    errors = {}
    _not_in_future(errors, "signed_on", signed_on)
    if support_family.established_on and signed_on < support_family.established_on:
        errors["signed_on"] = _("The contract cannot be signed before the support family was established.")
    if signed_on > contract.valid_to:
        errors["signed_on"] = _("The contract cannot be signed after its period has ended.")
    if errors:
        raise ValidationError(errors)
    contract.status = ContractStatus.SIGNED
    contract.signed_on = signed_on
    contract.signed_by = actor
    contract.save(update_fields=["status", "signed_on", "signed_by"])
    audit.record(actor=actor, action=AuditAction.SIGN, target=contract, family_id=support_family.family_id)
    return contract


@transaction.atomic
def contract_terminate(
    *, actor: User, contract: Contract, terminated_on: datetime.date, reason: str, details: str = ""
) -> Contract:
    """The head records the termination of a signed contract: its date and reason.

    Costs dated up to the day of termination are still reimbursed; later ones are not.
    """
    _require_head(actor, contract.centre_id)
    contract = _lock(Contract, contract)
    if not _can_move(contract, ContractStatus.TERMINATED):
        raise ValidationError(_("Only a signed contract can be terminated."))
    errors = {}
    if reason not in TerminationReason.values:
        errors["reason"] = _("Choose the reason for the termination.")
    elif reason == TerminationReason.OTHER and not details.strip():
        errors["details"] = _("Describe the reason for the termination.")
    if terminated_on < contract.valid_from or (contract.signed_on and terminated_on < contract.signed_on):
        errors["terminated_on"] = _("The contract cannot end before it was signed and in force.")
    elif terminated_on > contract.valid_to:
        errors["terminated_on"] = _("The contract ends on its own on the last day of its period.")
    if errors:
        raise ValidationError(errors)
    contract.status = ContractStatus.TERMINATED
    contract.terminated_on = terminated_on
    contract.termination_reason = reason
    contract.termination_details = details.strip()
    contract.save(update_fields=["status", "terminated_on", "termination_reason", "termination_details"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=contract,
        family_id=contract.support_family.family_id,
        status=ContractStatus.TERMINATED.value,
        reason=reason,
    )
    return contract


# Invoices and reimbursement (art. 30 ust. 2) ---------------------------------------------------


@transaction.atomic
def invoice_register(*, actor: User, contract: Contract, data: dict) -> Invoice:
    """Staff register the support family's invoice against its contract, with the scan.

    The invoice must fall within the contract's period and categories (the contract reimburses
    nothing else); whether it fits the remaining limits is decided when the head approves it.
    """
    _require_invoice_keeper(actor, contract.centre_id)
    contract = Contract.objects.select_related("support_family").get(pk=contract.pk)  # its state now
    errors = {}
    if contract.status == ContractStatus.DRAFT:
        raise ValidationError(_("The contract has not been signed yet."))
    for field in ("number", "issuer"):
        if not str(data.get(field, "")).strip():
            errors[field] = _("This field is required.")
    _not_in_future(errors, "issue_date", data["issue_date"])
    amount = data["amount"]
    if amount is None or amount <= 0:
        errors["amount"] = _("The amount must be more than zero.")
    elif amount != amount.quantize(CENT):
        errors["amount"] = _("The amount is in złoty and grosze: at most two decimal places.")
    if not data.get("scan"):
        errors["scan"] = _("Attach the scan of the invoice.")
    if not errors:
        problems = reimbursement_problems(
            contract, issue_date=data["issue_date"], category=data["category"], amount=Decimal(0)
        )
        errors.update({field: problems[field] for field in ("issue_date", "category") if field in problems})
    if errors:
        raise ValidationError(errors)
    duplicate = _("This invoice has already been registered on the contract.")
    if contract.invoices.filter(issuer=data["issuer"].strip(), number=data["number"].strip()).exists():
        raise ValidationError({"number": duplicate})
    try:
        with transaction.atomic():
            invoice = Invoice.objects.create(
                contract=contract,
                registered_by=actor,
                registered_on=timezone.localdate(),
                scan=data["scan"],
                **{
                    **{field: data.get(field, "") for field in INVOICE_FIELDS},
                    "number": data["number"].strip(),
                    "issuer": data["issuer"].strip(),
                },
            )
    except IntegrityError:
        raise ValidationError({"number": duplicate}) from None
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        target=invoice,
        family_id=contract.support_family.family_id,
        contract=contract.pk,
    )
    return invoice


def _lock_for_decision(invoice: Invoice) -> tuple[Contract, Invoice]:
    """Lock the contract first, then the invoice: every approval on a contract waits for the one
    before it, so the approved amounts it counts are final."""
    contract = Contract.objects.select_for_update(of=("self",)).get(pk=invoice.contract_id)
    return contract, Invoice.objects.select_for_update(of=("self",)).get(pk=invoice.pk)


@transaction.atomic
def invoice_approve(*, actor: User, invoice: Invoice) -> Invoice:
    """The head approves the invoice for reimbursement (art. 30 ust. 2).

    Approved, the invoice must fit the contract: its period (up to a termination), its categories,
    the monthly limit for the month of the invoice and the total limit. The contract's row is
    locked and the approved amounts counted again inside the transaction, so two approvals at the
    same moment can never together exceed a limit.
    """
    _require_head(actor, invoice.contract.centre_id)
    contract, invoice = _lock_for_decision(invoice)
    if not _can_move(invoice, InvoiceStatus.APPROVED):
        raise ValidationError(_("The invoice has already been decided."))
    problems = reimbursement_problems(
        contract, issue_date=invoice.issue_date, category=invoice.category, amount=invoice.amount
    )
    if problems:
        raise ValidationError(list(problems.values()))
    invoice.status = InvoiceStatus.APPROVED
    invoice.decided_by = actor
    invoice.decided_on = timezone.localdate()
    invoice.save(update_fields=["status", "decided_by", "decided_on"])
    audit.record(
        actor=actor,
        action=AuditAction.DECIDE,
        target=invoice,
        family_id=contract.support_family.family_id,
        outcome="approved",
    )
    return invoice


@transaction.atomic
def invoice_refuse(*, actor: User, invoice: Invoice, reason: str) -> Invoice:
    """The head refuses to reimburse the invoice, with the reason the support family is told."""
    _require_head(actor, invoice.contract.centre_id)
    contract, invoice = _lock_for_decision(invoice)
    if not _can_move(invoice, InvoiceStatus.REFUSED):
        raise ValidationError(_("The invoice has already been decided."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    invoice.status = InvoiceStatus.REFUSED
    invoice.decided_by = actor
    invoice.decided_on = timezone.localdate()
    invoice.refusal_reason = reason.strip()
    invoice.save(update_fields=["status", "decided_by", "decided_on", "refusal_reason"])
    audit.record(
        actor=actor,
        action=AuditAction.DECIDE,
        target=invoice,
        family_id=contract.support_family.family_id,
        outcome="refused",
    )
    return invoice


@transaction.atomic
def invoice_mark_paid(*, actor: User, invoice: Invoice, paid_on: datetime.date) -> Invoice:
    """Record that the reimbursement was paid out; only an approved invoice is paid."""
    _require_invoice_keeper(actor, invoice.contract.centre_id)
    contract, invoice = _lock_for_decision(invoice)
    if invoice.status == InvoiceStatus.PAID:
        raise ValidationError(_("The invoice has already been paid."))
    if not _can_move(invoice, InvoiceStatus.PAID):
        raise ValidationError(_("Only an approved invoice can be paid."))
    errors = {}
    _not_in_future(errors, "paid_on", paid_on)
    if paid_on < invoice.decided_on:
        errors["paid_on"] = _("The payment cannot be earlier than the approval.")
    if errors:
        raise ValidationError(errors)
    invoice.status = InvoiceStatus.PAID
    invoice.paid_on = paid_on
    invoice.save(update_fields=["status", "paid_on"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=invoice,
        family_id=contract.support_family.family_id,
        status=InvoiceStatus.PAID.value,
    )
    return invoice
