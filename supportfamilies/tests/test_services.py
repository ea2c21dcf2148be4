"""The rules of art. 29–31: proposal, eligibility, establishment, contract, invoices and limits."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import build_family, days_ago
from familysupport.models import AuditAction, AuditEvent
from supportfamilies import selectors, services
from supportfamilies.models import (
    Contract,
    ContractStatus,
    Exclusion,
    Invoice,
    InvoiceStatus,
    SupportFamily,
    SupportFamilyStatus,
)
from supportfamilies.tests.builders import (
    build_support_family,
    establishment,
    interview_data,
    invoice_data,
    proposal,
    signed_contract,
    terms,
)


def audited(target, action) -> bool:
    return AuditEvent.objects.filter(
        action=action, object_type=target._meta.label_lower, object_id=str(target.pk)
    ).exists()


# Proposal --------------------------------------------------------------------------------------


def test_assistant_proposes_a_support_family_for_their_family(anna, helena, adam):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    support_family = services.support_family_propose(actor=adam, family=family, data=proposal(anna))
    assert support_family.status == SupportFamilyStatus.PROPOSED
    assert support_family.centre_id == family.centre_id and support_family.interviewer == anna
    assert audited(support_family, AuditAction.CREATE)


@pytest.mark.parametrize("persona", ["agata", "anna", "helena", "stefan", "borys"])
def test_only_the_familys_assistant_proposes(request, anna, helena, adam, persona):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    with pytest.raises(PermissionDenied):
        services.support_family_propose(
            actor=request.getfixturevalue(persona), family=family, data=proposal(anna)
        )


def test_proposal_needs_the_familys_request_or_consent_and_a_worker_of_the_centre(anna, helena, adam, bozena):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    with pytest.raises(ValidationError) as error:
        services.support_family_propose(
            actor=adam,
            family=family,
            data=proposal(bozena, basis="", consent_given_by="", consent_given_on=days_ago(-3)),
        )
    assert set(error.value.error_dict) == {"basis", "consent_given_by", "consent_given_on", "interviewer"}
    assert not SupportFamily.objects.exists()


def test_members_are_listed_only_before_the_interview(anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="proposed")
    member = {
        "first_name": "Jan",
        "last_name": "Kowalski",
        "birth_date": datetime.date(1960, 1, 1),
        "role": "dziadek",
    }
    created = services.support_family_member_add(actor=adam, support_family=support_family, data=member)
    assert audited(created, AuditAction.CREATE)
    services.support_family_interview(actor=anna, support_family=support_family, data=interview_data())
    with pytest.raises(ValidationError):
        services.support_family_member_add(actor=adam, support_family=support_family, data=member)


def test_withdrawn_proposal_cannot_be_interviewed(anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="proposed")
    services.support_family_withdraw(
        actor=adam, support_family=support_family, reason="Rodzina się rozmyśliła"
    )
    with pytest.raises(ValidationError):
        services.support_family_interview(actor=anna, support_family=support_family, data=interview_data())


# Interview and eligibility ---------------------------------------------------------------------


def test_interview_without_exclusions_makes_the_candidate_eligible(anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="proposed")
    interview = services.support_family_interview(
        actor=anna, support_family=support_family, data=interview_data()
    )
    support_family.refresh_from_db()
    assert interview.eligible and support_family.status == SupportFamilyStatus.ELIGIBLE
    event = AuditEvent.objects.get(
        action=AuditAction.SIGN,
        object_id=str(interview.pk),
        object_type="supportfamilies.eligibilityinterview",
    )
    assert event.details["outcome"] == "eligible" and event.family_id == support_family.family_id


@pytest.mark.parametrize("exclusion", Exclusion.values)
def test_each_exclusion_makes_the_candidate_ineligible_and_establishment_is_refused(
    anna, helena, adam, exclusion
):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="proposed")
    interview = services.support_family_interview(
        actor=anna, support_family=support_family, data=interview_data(**{exclusion: True})
    )
    support_family.refresh_from_db()
    assert not interview.eligible and interview.applying() == [exclusion]
    assert support_family.status == SupportFamilyStatus.INELIGIBLE
    with pytest.raises(ValidationError):
        services.support_family_establish(actor=helena, support_family=support_family, data=establishment())
    support_family.refresh_from_db()
    assert support_family.status == SupportFamilyStatus.INELIGIBLE and support_family.established_on is None
    with pytest.raises(ValidationError):
        services.contract_create(actor=helena, support_family=support_family, data=terms())


def test_each_exclusion_must_be_answered_with_its_basis(anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="proposed")
    data = interview_data()
    data["conviction"] = None
    data["mental_disorder_basis"] = " "
    with pytest.raises(ValidationError) as error:
        services.support_family_interview(actor=anna, support_family=support_family, data=data)
    assert set(error.value.error_dict) == {"conviction", "mental_disorder_basis"}


@pytest.mark.parametrize("persona", ["sam", "adam", "helena", "bozena"])
def test_only_the_named_social_worker_interviews(request, anna, helena, adam, persona):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="proposed")
    with pytest.raises(PermissionDenied):
        services.support_family_interview(
            actor=request.getfixturevalue(persona), support_family=support_family, data=interview_data()
        )


def test_candidate_is_interviewed_once(anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="eligible")
    with pytest.raises(ValidationError):
        services.support_family_interview(actor=anna, support_family=support_family, data=interview_data())


# Establishment ---------------------------------------------------------------------------------


def test_head_establishes_an_eligible_candidate(anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="eligible")
    services.support_family_establish(actor=helena, support_family=support_family, data=establishment())
    support_family.refresh_from_db()
    assert (
        support_family.status == SupportFamilyStatus.ESTABLISHED and support_family.established_by == helena
    )
    assert support_family.scope == ["care_upbringing", "household"]
    assert audited(support_family, AuditAction.DECIDE)


def test_establishment_is_refused_before_the_interview(anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="proposed")
    with pytest.raises(ValidationError):
        services.support_family_establish(actor=helena, support_family=support_family, data=establishment())


def test_establishment_names_the_authorisation_and_the_scope(anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="eligible")
    with pytest.raises(ValidationError) as error:
        services.support_family_establish(
            actor=helena,
            support_family=support_family,
            data=establishment(authorisation="", scope=[], help_forms=["nonsense"]),
        )
    assert set(error.value.error_dict) == {"authorisation", "scope", "help_forms"}


@pytest.mark.parametrize("persona", ["anna", "adam", "stefan", "bartosz"])
def test_only_the_head_of_the_centre_establishes(request, anna, helena, adam, persona):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="eligible")
    with pytest.raises(PermissionDenied):
        services.support_family_establish(
            actor=request.getfixturevalue(persona), support_family=support_family, data=establishment()
        )


# Contract --------------------------------------------------------------------------------------


def test_contract_is_drafted_signed_and_numbered_in_the_centre(anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="contract")
    contract = support_family.contracts.get()
    assert contract.status == ContractStatus.DRAFT
    assert contract.number == f"OCH/RW/1/{timezone.localdate().year}"
    services.contract_sign(actor=helena, contract=contract, signed_on=timezone.localdate())
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED and contract.signed_by == helena
    assert audited(contract, AuditAction.CREATE) and audited(contract, AuditAction.SIGN)
    with pytest.raises(ValidationError):
        services.contract_sign(actor=helena, contract=contract, signed_on=timezone.localdate())


def test_contract_terms_are_checked(anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="established")
    bad = terms(
        valid_to=days_ago(100),
        categories=[],
        monthly_limit=Decimal("0"),
        total_limit=Decimal("100"),
        reimbursement_rules="",
    )
    with pytest.raises(ValidationError) as error:
        services.contract_create(actor=helena, support_family=support_family, data=bad)
    # The categories and the rules may wait in the draft; signing asks for them (Contract.missing_parts).
    assert set(error.value.error_dict) == {"valid_to", "monthly_limit"}
    with pytest.raises(ValidationError) as error:
        services.contract_create(
            actor=helena,
            support_family=support_family,
            data=terms(monthly_limit=Decimal("600"), total_limit=Decimal("500")),
        )
    assert "monthly_limit" in error.value.error_dict


def test_contracts_of_one_support_family_do_not_overlap(anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="signed")
    with pytest.raises(ValidationError):
        services.contract_create(actor=helena, support_family=support_family, data=terms())


def test_only_a_draft_contract_changes(anna, helena, adam):
    contract = signed_contract(anna, head=helena, assistant=adam)
    with pytest.raises(ValidationError):
        services.contract_update(actor=helena, contract=contract, data=terms(monthly_limit=Decimal("900")))


def test_termination_has_a_date_and_a_reason_and_ends_reimbursement(anna, helena, adam, stefan):
    contract = signed_contract(anna, head=helena, assistant=adam)
    Contract.objects.filter(pk=contract.pk).update(signed_on=days_ago(30))  # signed a month ago
    with pytest.raises(ValidationError) as error:
        services.contract_terminate(
            actor=helena, contract=contract, terminated_on=days_ago(31), reason="agreement"
        )
    assert "terminated_on" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.contract_terminate(
            actor=helena, contract=contract, terminated_on=days_ago(5), reason="other"
        )
    assert "details" in error.value.error_dict
    services.contract_terminate(
        actor=helena, contract=contract, terminated_on=days_ago(5), reason="agreement"
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.TERMINATED and contract.last_day == days_ago(5)
    assert audited(contract, AuditAction.UPDATE)
    services.invoice_register(actor=stefan, contract=contract, data=invoice_data(issue_date=days_ago(6)))
    with pytest.raises(ValidationError) as error:
        services.invoice_register(
            actor=stefan, contract=contract, data=invoice_data(number="FV/2", issue_date=days_ago(4))
        )
    assert "issue_date" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.contract_terminate(
            actor=helena, contract=contract, terminated_on=days_ago(1), reason="agreement"
        )


# Invoices: registration ------------------------------------------------------------------------


def test_staff_register_an_invoice_with_its_scan(anna, helena, adam, stefan):
    contract = signed_contract(anna, head=helena, assistant=adam)
    invoice = services.invoice_register(actor=stefan, contract=contract, data=invoice_data())
    assert invoice.status == InvoiceStatus.REGISTERED and invoice.scan.name.startswith("invoices/")
    assert ".pdf" not in invoice.scan.name  # stored under a generated name
    event = AuditEvent.objects.get(
        action=AuditAction.CREATE, object_id=str(invoice.pk), object_type="supportfamilies.invoice"
    )
    assert event.family_id == contract.support_family.family_id and event.details == {"contract": contract.pk}


@pytest.mark.parametrize("persona", ["anna", "adam", "ada", "bartosz"])
def test_others_cannot_register_invoices(request, anna, helena, adam, persona):
    contract = signed_contract(anna, head=helena, assistant=adam)
    with pytest.raises(PermissionDenied):
        services.invoice_register(
            actor=request.getfixturevalue(persona), contract=contract, data=invoice_data()
        )


def test_invoice_outside_the_period_is_refused(anna, helena, adam, stefan):
    contract = signed_contract(anna, head=helena, assistant=adam)
    with pytest.raises(ValidationError) as error:
        services.invoice_register(
            actor=stefan,
            contract=contract,
            data=invoice_data(issue_date=contract.valid_from - datetime.timedelta(days=1)),
        )
    assert set(error.value.error_dict) == {"issue_date"}
    assert not Invoice.objects.exists()


def test_invoice_outside_the_categories_is_refused(anna, helena, adam, stefan):
    contract = signed_contract(anna, head=helena, assistant=adam)
    with pytest.raises(ValidationError) as error:
        services.invoice_register(actor=stefan, contract=contract, data=invoice_data(category="leisure"))
    assert set(error.value.error_dict) == {"category"}


def test_invoice_on_a_draft_contract_is_refused(anna, helena, adam, stefan):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="contract")
    with pytest.raises(ValidationError):
        services.invoice_register(actor=stefan, contract=support_family.contracts.get(), data=invoice_data())


def test_the_same_invoice_is_registered_once(anna, helena, adam, stefan):
    contract = signed_contract(anna, head=helena, assistant=adam)
    services.invoice_register(actor=stefan, contract=contract, data=invoice_data())
    with pytest.raises(ValidationError) as error:
        services.invoice_register(actor=stefan, contract=contract, data=invoice_data())
    assert "number" in error.value.error_dict


def test_amount_has_at_most_two_decimal_places_and_is_positive(anna, helena, adam, stefan):
    contract = signed_contract(anna, head=helena, assistant=adam)
    for amount in (Decimal("10.005"), Decimal("0"), Decimal("-5.00")):
        with pytest.raises(ValidationError) as error:
            services.invoice_register(actor=stefan, contract=contract, data=invoice_data(amount=amount))
        assert "amount" in error.value.error_dict


# Invoices: decisions and limits ----------------------------------------------------------------


def register(contract, staff, *, number, amount, issue_date=None, category="food"):
    return services.invoice_register(
        actor=staff,
        contract=contract,
        data=invoice_data(
            number=number, amount=Decimal(amount), issue_date=issue_date or days_ago(2), category=category
        ),
    )


def test_head_approves_within_the_limits(anna, helena, adam, stefan):
    contract = signed_contract(anna, head=helena, assistant=adam)
    invoice = register(contract, stefan, number="1", amount="120.50")
    services.invoice_approve(actor=helena, invoice=invoice)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.APPROVED and invoice.decided_by == helena
    assert audited(invoice, AuditAction.DECIDE)
    totals = selectors.contract_totals(contract)
    assert totals.approved == Decimal("120.50") and totals.remaining == Decimal("2879.50")


def test_head_cannot_approve_over_the_monthly_limit(anna, helena, adam, stefan):
    contract = signed_contract(anna, head=helena, assistant=adam)
    day = timezone.localdate().replace(day=1)
    first = register(contract, stefan, number="1", amount="400.00", issue_date=day)
    second = register(contract, stefan, number="2", amount="100.01", issue_date=day)
    services.invoice_approve(actor=helena, invoice=first)
    with pytest.raises(ValidationError):
        services.invoice_approve(actor=helena, invoice=second)
    second.refresh_from_db()
    assert second.status == InvoiceStatus.REGISTERED
    # Another month has its own monthly limit.
    previous = register(
        contract, stefan, number="3", amount="500.00", issue_date=day - datetime.timedelta(days=1)
    )
    services.invoice_approve(actor=helena, invoice=previous)


def test_head_cannot_approve_over_the_total_limit(anna, helena, adam, stefan):
    today = timezone.localdate()
    contract = signed_contract(
        anna,
        head=helena,
        assistant=adam,
        valid_from=today - datetime.timedelta(days=100),
        total_limit=Decimal("700.00"),
    )
    months = [today, today - datetime.timedelta(days=40), today - datetime.timedelta(days=80)]
    invoices = [
        register(contract, stefan, number=str(n), amount="300.00", issue_date=day)
        for n, day in enumerate(months)
    ]
    services.invoice_approve(actor=helena, invoice=invoices[0])
    services.invoice_approve(actor=helena, invoice=invoices[1])
    with pytest.raises(ValidationError):
        services.invoice_approve(actor=helena, invoice=invoices[2])
    assert selectors.contract_totals(contract).remaining == Decimal("100.00")


def test_both_exceeded_limits_are_reported(anna, helena, adam, stefan):
    contract = signed_contract(
        anna, head=helena, assistant=adam, monthly_limit=Decimal("500.00"), total_limit=Decimal("600.00")
    )
    day = timezone.localdate().replace(day=1)
    services.invoice_approve(
        actor=helena,
        invoice=register(
            contract, stefan, number="1", amount="400.00", issue_date=day - datetime.timedelta(days=1)
        ),
    )
    problems = selectors.reimbursement_problems(
        contract, issue_date=day, category="food", amount=Decimal("200.01")
    )
    assert set(problems) == {"total_limit"}
    problems = selectors.reimbursement_problems(
        contract, issue_date=day, category="food", amount=Decimal("500.01")
    )
    assert set(problems) == {"amount", "total_limit"}
    over = register(contract, stefan, number="2", amount="500.01", issue_date=day)
    with pytest.raises(ValidationError) as error:
        services.invoice_approve(actor=helena, invoice=over)
    assert len(error.value.messages) == 2


def test_limits_are_exact_in_decimal(anna, helena, adam, stefan):
    """0.10 + 0.20 is exactly 0.30: a limit of 0.30 takes both, and not a grosz more."""
    contract = signed_contract(
        anna, head=helena, assistant=adam, monthly_limit=Decimal("0.30"), total_limit=Decimal("0.30")
    )
    first = register(contract, stefan, number="1", amount="0.10")
    second = register(contract, stefan, number="2", amount="0.20")
    third = register(contract, stefan, number="3", amount="0.01")
    services.invoice_approve(actor=helena, invoice=first)
    services.invoice_approve(actor=helena, invoice=second)
    with pytest.raises(ValidationError):
        services.invoice_approve(actor=helena, invoice=third)
    totals = selectors.contract_totals(contract)
    assert totals.approved == Decimal("0.30") and totals.remaining == Decimal("0.00")
    assert isinstance(totals.approved, Decimal) and isinstance(totals.months[0].approved, Decimal)


def test_refusal_needs_a_reason(anna, helena, adam, stefan):
    contract = signed_contract(anna, head=helena, assistant=adam)
    invoice = register(contract, stefan, number="1", amount="50.00")
    with pytest.raises(ValidationError) as error:
        services.invoice_refuse(actor=helena, invoice=invoice, reason=" ")
    assert "reason" in error.value.error_dict
    services.invoice_refuse(actor=helena, invoice=invoice, reason="Faktura nieczytelna")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.REFUSED and invoice.refusal_reason == "Faktura nieczytelna"
    assert audited(invoice, AuditAction.DECIDE)
    with pytest.raises(ValidationError):
        services.invoice_approve(actor=helena, invoice=invoice)
    assert selectors.contract_totals(contract).approved == Decimal("0.00")


@pytest.mark.parametrize("persona", ["stefan", "adam", "anna", "bartosz"])
def test_only_the_head_of_the_centre_decides_invoices(request, anna, helena, adam, stefan, persona):
    contract = signed_contract(anna, head=helena, assistant=adam)
    invoice = register(contract, stefan, number="1", amount="50.00")
    with pytest.raises(PermissionDenied):
        services.invoice_approve(actor=request.getfixturevalue(persona), invoice=invoice)
    with pytest.raises(PermissionDenied):
        services.invoice_refuse(actor=request.getfixturevalue(persona), invoice=invoice, reason="x")


def test_paid_only_after_approved(anna, helena, adam, stefan):
    contract = signed_contract(anna, head=helena, assistant=adam)
    invoice = register(contract, stefan, number="1", amount="50.00")
    with pytest.raises(ValidationError):
        services.invoice_mark_paid(actor=stefan, invoice=invoice, paid_on=timezone.localdate())
    services.invoice_approve(actor=helena, invoice=invoice)
    with pytest.raises(ValidationError) as error:
        services.invoice_mark_paid(actor=stefan, invoice=invoice, paid_on=days_ago(-1))
    assert "paid_on" in error.value.error_dict
    services.invoice_mark_paid(actor=stefan, invoice=invoice, paid_on=timezone.localdate())
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID and invoice.paid_on == timezone.localdate()
    assert audited(invoice, AuditAction.UPDATE)
    with pytest.raises(ValidationError):
        services.invoice_mark_paid(actor=stefan, invoice=invoice, paid_on=timezone.localdate())
    totals = selectors.contract_totals(contract)
    assert totals.approved == Decimal("50.00") and totals.paid == Decimal("50.00")


def test_refused_invoice_is_never_paid(anna, helena, adam, stefan):
    contract = signed_contract(anna, head=helena, assistant=adam)
    invoice = register(contract, stefan, number="1", amount="50.00")
    services.invoice_refuse(actor=helena, invoice=invoice, reason="Poza umową")
    with pytest.raises(ValidationError):
        services.invoice_mark_paid(actor=helena, invoice=invoice, paid_on=timezone.localdate())


# Selectors for the dashboards and the deadline register ----------------------------------------


def test_invoices_awaiting_decision_are_the_heads_of_the_centre(anna, helena, adam, stefan, bartosz):
    contract = signed_contract(anna, head=helena, assistant=adam)
    waiting = register(contract, stefan, number="1", amount="50.00")
    approved = register(contract, stefan, number="2", amount="50.00")
    services.invoice_approve(actor=helena, invoice=approved)
    assert list(selectors.invoices_awaiting_decision(helena)) == [waiting]
    for other in (bartosz, stefan, adam):
        assert not selectors.invoices_awaiting_decision(other).exists()


def test_contracts_ending_soon(anna, helena, adam, agata, bartosz):
    soon = signed_contract(anna, head=helena, assistant=adam, valid_to=days_ago(-10))
    signed_contract(anna, head=helena, assistant=agata, valid_to=days_ago(-200))
    assert list(selectors.contracts_ending(helena, within_days=30)) == [soon]
    assert list(selectors.contracts_ending(adam, within_days=30)) == [soon]
    assert not selectors.contracts_ending(agata, within_days=30).exists()
    assert not selectors.contracts_ending(bartosz, within_days=30).exists()
