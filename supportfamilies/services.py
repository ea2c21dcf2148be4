"""Support families (art. 29–31 of the Act): one function per step. Each asks the step's policy
(supportfamilies.policies: the actor's right, the state, an archived case) on the row it has
locked, moves the state through the model's table and writes the audit record in the same
transaction."""

import datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import ConsentForm, Family
from familysupport import audit
from familysupport.models import AuditAction, Role, User
from familysupport.policies import require
from familysupport.transitions import move
from supportfamilies import policies
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
    is_eligible,
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
# The support family's data a person corrects later (supportfamilies.forms.SupportFamilyForm).
DATA_FIELDS = ("name", "street", "postal_code", "city", "phone", "relation")
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
M = TypeVar("M", bound=models.Model)


def _not_in_future(errors: dict[str, str], field: str, day: datetime.date | None) -> None:
    if day and day > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")


def _lock(model: type[M], obj: M, *related: str) -> M:
    """The row of `obj` again, locked until the transaction ends (its `related` rows read along)."""
    return model._default_manager.select_for_update(of=("self",)).select_related(*related).get(pk=obj.pk)


# Proposal (art. 29 ust. 3) ---------------------------------------------------------------------


@transaction.atomic
def support_family_propose(*, actor: User, family: Family, data: dict) -> SupportFamily:
    """The family's assistant proposes a support family, at the family's request or with its consent.

    Art. 29 ust. 3 of the Act: a support family is chosen by the family assistant, at the request
    or with the consent of the family. The assistant names the social worker who interviews the
    candidate (art. 30 ust. 1: the head establishes it on the basis of that interview).
    """
    family = _lock(Family, family)
    require(policies.can_propose(actor, family))
    errors: dict[str, str] = {}
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


@transaction.atomic
def support_family_member_add(
    *, actor: User, support_family: SupportFamily, data: dict
) -> SupportFamilyMember:
    """The assistant lists the members of the candidate household before the interview."""
    support_family = _lock(SupportFamily, support_family, "family")
    require(policies.can_add_member(actor, support_family))
    errors: dict[str, str] = {}
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
def support_family_update(
    *, actor: User, support_family: SupportFamily, data: dict, version: int | None = None
) -> SupportFamily:
    """The head or the family's assistant corrects the support family's name, address, phone or
    relation to the family, while it is proposed, eligible or established.

    A form drawn from an older version of the record is refused (`version`, audit.save_changes).
    """
    support_family = _lock(SupportFamily, support_family, "family")
    require(policies.can_edit_support_family(actor, support_family))
    errors = {
        field: _("This field is required.")
        for field in ("name", "street", "postal_code", "city", "relation")
        if field in data and not str(data[field]).strip()
    }
    if errors:
        raise ValidationError(errors)
    audit.save_changes(
        actor=actor,
        target=support_family,
        data=data,
        fields=DATA_FIELDS,
        family_id=support_family.family_id,
        expected_version=version,
    )
    return support_family


@transaction.atomic
def support_family_withdraw(*, actor: User, support_family: SupportFamily, reason: str) -> SupportFamily:
    """The assistant or the head withdraws a proposal not yet established (art. 29 ust. 3)."""
    support_family = _lock(SupportFamily, support_family, "family")
    require(policies.can_withdraw(actor, support_family))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the proposal is withdrawn.")})
    support_family.withdrawn_reason = reason.strip()
    move(support_family, SupportFamilyStatus.WITHDRAWN, also_update=("withdrawn_reason",))
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
    ust. 1). A family cannot be a support family if any of the seven exclusions applies (the one
    list: `supportfamilies.models.Exclusion`). Each is answered with its basis; any that applies
    makes the candidate ineligible (`is_eligible`), and the candidate moves to the outcome.
    """
    support_family = _lock(SupportFamily, support_family, "family")
    require(policies.can_interview(actor, support_family))
    errors: dict[str, str] = {}
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
    eligible = is_eligible(data)
    try:
        with transaction.atomic():
            interview = EligibilityInterview.objects.create(
                support_family=support_family,
                author=actor,
                conducted_on=data["conducted_on"],
                place=data["place"].strip(),
                findings=data["findings"].strip(),
                **{code: data[code] for code in Exclusion.values},
                **{f"{code}_basis": data[f"{code}_basis"].strip() for code in Exclusion.values},
            )
    except IntegrityError:
        raise ValidationError(_("The candidate has already been interviewed.")) from None
    move(support_family, SupportFamilyStatus.ELIGIBLE if eligible else SupportFamilyStatus.INELIGIBLE)
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
    support_family = _lock(SupportFamily, support_family, "family")
    require(policies.can_establish(actor, support_family))
    interview = EligibilityInterview.objects.get(support_family=support_family)
    errors: dict[str, str] = {}
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
    support_family.established_on = established_on
    support_family.established_by = actor
    support_family.authorisation = data["authorisation"].strip()
    support_family.scope = scope
    support_family.help_forms = help_forms
    move(
        support_family,
        SupportFamilyStatus.ESTABLISHED,
        also_update=("established_on", "established_by", "authorisation", "scope", "help_forms"),
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
    errors: dict[str, str] = {}
    if data["valid_to"] < data["valid_from"]:
        errors["valid_to"] = _("The contract cannot end before it starts.")
    # The draft saves whatever else is filled in; signing asks for it (Contract.missing_parts).
    categories = list(data.get("categories") or [])
    if not set(categories) <= set(CostCategory.values):
        errors["categories"] = _("Choose the categories of costs the contract reimburses.")
    monthly, total = data["monthly_limit"], data["total_limit"]
    if monthly is None or monthly <= 0:
        errors["monthly_limit"] = _("The limit must be more than zero.")
    if total is None or total <= 0:
        errors["total_limit"] = _("The limit must be more than zero.")
    elif monthly and monthly > total:
        errors["monthly_limit"] = _("The monthly limit cannot be more than the total limit.")
    if errors:
        raise ValidationError(errors)


def _overlapping(
    support_family_id: int, data: dict[str, Any], exclude: int | None = None
) -> QuerySet[Contract]:
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
    support_family = _lock(SupportFamily, support_family, "family__centre")
    require(policies.can_create_contract(actor, support_family))
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
def contract_update(*, actor: User, contract: Contract, data: dict, version: int | None = None) -> Contract:
    """The head changes the terms of a draft contract; a signed contract stays as signed.

    A form drawn from an older version of the draft is refused (`version`, audit.save_changes).
    """
    contract = _lock(Contract, contract, "support_family__family")
    require(policies.can_update_contract(actor, contract))
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
        expected_version=version,
    )
    return contract


@transaction.atomic
def contract_sign(*, actor: User, contract: Contract, signed_on: datetime.date) -> Contract:
    """The head signs the contract for the centre (art. 30 ust. 2); from then on it is in force."""
    contract = _lock(Contract, contract, "support_family__family")
    require(policies.can_sign_contract(actor, contract))
    support_family = contract.support_family
    missing = contract.missing_parts()
    if missing:
        raise ValidationError(_("Fill in before signing: %(sections)s.") % {"sections": ", ".join(missing)})
    errors: dict[str, str] = {}
    _not_in_future(errors, "signed_on", signed_on)
    if support_family.established_on and signed_on < support_family.established_on:
        errors["signed_on"] = _("The contract cannot be signed before the support family was established.")
    if signed_on > contract.valid_to:
        errors["signed_on"] = _("The contract cannot be signed after its period has ended.")
    if errors:
        raise ValidationError(errors)
    contract.signed_on = signed_on
    contract.signed_by = actor
    move(contract, ContractStatus.SIGNED, also_update=("signed_on", "signed_by"))
    audit.record(actor=actor, action=AuditAction.SIGN, target=contract, family_id=support_family.family_id)
    return contract


@transaction.atomic
def contract_terminate(
    *, actor: User, contract: Contract, terminated_on: datetime.date, reason: str, details: str = ""
) -> Contract:
    """The head records the termination of a signed contract: its date and reason.

    Costs dated up to the day of termination are still reimbursed; later ones are not.
    """
    contract = _lock(Contract, contract, "support_family__family")
    require(policies.can_terminate_contract(actor, contract))
    errors: dict[str, str] = {}
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
    contract.terminated_on = terminated_on
    contract.termination_reason = reason
    contract.termination_details = details.strip()
    move(
        contract,
        ContractStatus.TERMINATED,
        also_update=("terminated_on", "termination_reason", "termination_details"),
    )
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
    contract = Contract.objects.select_related("support_family__family").get(pk=contract.pk)  # its state now
    require(policies.can_register_invoice(actor, contract))
    errors: dict[str, str] = {}
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
    if (
        contract.invoices.current()
        .filter(issuer=data["issuer"].strip(), number=data["number"].strip())
        .exists()
    ):
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
    contract = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("support_family__family")
        .get(pk=invoice.contract_id)
    )
    invoice = Invoice.objects.select_for_update(of=("self",)).get(pk=invoice.pk)
    invoice.contract = contract
    return contract, invoice


@transaction.atomic
def invoice_approve(*, actor: User, invoice: Invoice) -> Invoice:
    """The head approves the invoice for reimbursement (art. 30 ust. 2).

    Approved, the invoice must fit the contract: its period (up to a termination), its categories,
    the monthly limit for the month of the invoice and the total limit. The contract's row is
    locked and the approved amounts counted again inside the transaction, so two approvals at the
    same moment can never together exceed a limit.
    """
    contract, invoice = _lock_for_decision(invoice)
    require(policies.can_approve_invoice(actor, invoice))
    problems = reimbursement_problems(
        contract, issue_date=invoice.issue_date, category=invoice.category, amount=invoice.amount
    )
    if problems:
        raise ValidationError(list(problems.values()))
    invoice.decided_by = actor
    invoice.decided_on = timezone.localdate()
    move(invoice, InvoiceStatus.APPROVED, also_update=("decided_by", "decided_on"))
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
    contract, invoice = _lock_for_decision(invoice)
    require(policies.can_refuse_invoice(actor, invoice))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    invoice.decided_by = actor
    invoice.decided_on = timezone.localdate()
    invoice.refusal_reason = reason.strip()
    move(invoice, InvoiceStatus.REFUSED, also_update=("decided_by", "decided_on", "refusal_reason"))
    audit.record(
        actor=actor,
        action=AuditAction.DECIDE,
        target=invoice,
        family_id=contract.support_family.family_id,
        outcome="refused",
    )
    return invoice


@transaction.atomic
def invoice_withdraw(*, actor: User, invoice: Invoice, reason: str) -> Invoice:
    """Staff withdraw an invoice registered in error, with the reason, before the head decides it:
    kept in the record and the audit trail, gone from the lists, the contract's totals, the
    statistics and the reimbursement lists."""
    contract, invoice = _lock_for_decision(invoice)
    require(policies.can_withdraw_invoice(actor, invoice))
    audit.withdraw(actor=actor, target=invoice, reason=reason, family_id=contract.support_family.family_id)
    return invoice


@transaction.atomic
def invoice_mark_paid(*, actor: User, invoice: Invoice, paid_on: datetime.date) -> Invoice:
    """Record that the reimbursement was paid out; only an approved invoice is paid."""
    contract, invoice = _lock_for_decision(invoice)
    require(policies.can_mark_paid(actor, invoice))
    errors: dict[str, str] = {}
    _not_in_future(errors, "paid_on", paid_on)
    # The policy lets only an approved invoice be paid, and its approval has its date.
    assert invoice.decided_on is not None
    if paid_on < invoice.decided_on:
        errors["paid_on"] = _("The payment cannot be earlier than the approval.")
    if errors:
        raise ValidationError(errors)
    invoice.paid_on = paid_on
    move(invoice, InvoiceStatus.PAID, also_update=("paid_on",))
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=invoice,
        family_id=contract.support_family.family_id,
        status=InvoiceStatus.PAID.value,
    )
    return invoice
