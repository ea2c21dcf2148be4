"""An invoice registered in error is withdrawn with a reason while it awaits the head's decision:
kept in the record and the audit trail, gone from the lists, the contract's totals, the head's
queue and deadline, and the reimbursement exports."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from cases.services import archive_family
from conftest import days_ago, whole_family_page
from familysupport.deadlines import deadlines_for
from familysupport.models import AuditAction, AuditEvent
from supportfamilies import selectors, services
from supportfamilies.deadlines import INVOICE_DECISION
from supportfamilies.models import Invoice
from supportfamilies.tests.builders import invoice_data, signed_contract

REASON = "Faktura innej rodziny"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def contract(anna, helena, adam):
    return signed_contract(anna, head=helena, assistant=adam)


@pytest.fixture
def invoice(contract, stefan):
    return services.invoice_register(
        actor=stefan, contract=contract, data=invoice_data(number="ZLA/1", amount=Decimal("250.00"))
    )


def withdraw_url(invoice) -> str:
    return reverse("supportfamilies:invoice_withdraw", args=[invoice.pk])


def decisions_due(helena, contract) -> list[int]:
    family = contract.support_family.family
    mine = deadlines_for(helena, visible=type(family).objects.all())
    return [item.object_id for item in mine if item.kind == INVOICE_DECISION]


def test_staff_withdraw_it_and_it_leaves_the_lists_totals_queue_and_deadline(
    client, contract, invoice, stefan, helena
):
    assert decisions_due(helena, contract) == [invoice.pk]
    client.force_login(stefan)
    assert client.post(withdraw_url(invoice), {"reason": REASON}).status_code == 302
    invoice.refresh_from_db()
    assert (invoice.withdrawal_reason, invoice.withdrawn_by) == (REASON, stefan)
    assert AuditEvent.objects.filter(action=AuditAction.WITHDRAW, object_id=str(invoice.pk)).exists()
    assert "ZLA/1" not in client.get(reverse("supportfamilies:invoice_list")).content.decode()
    assert client.get(reverse("supportfamilies:invoice_detail", args=[invoice.pk])).status_code == 404
    assert selectors.contract_totals(contract).awaiting == 0
    assert not selectors.invoices_awaiting_decision(helena).exists()
    assert decisions_due(helena, contract) == []
    client.force_login(helena)
    page = client.get(reverse("supportfamilies:contract_detail", args=[contract.pk])).content.decode()
    assert "ZLA/1" not in page
    assert REASON in whole_family_page(client, contract.support_family.family_id)
    assert Invoice.objects.filter(pk=invoice.pk).exists()


def test_the_same_number_can_then_be_registered_again(contract, invoice, stefan):
    services.invoice_withdraw(actor=stefan, invoice=invoice, reason=REASON)
    again = services.invoice_register(actor=stefan, contract=contract, data=invoice_data(number="ZLA/1"))
    assert again.pk != invoice.pk


def test_a_withdrawn_invoice_is_in_no_export(client, contract, invoice, stefan, helena):
    kept = services.invoice_register(actor=stefan, contract=contract, data=invoice_data(number="DOBRA/1"))
    services.invoice_approve(actor=helena, invoice=kept)
    services.invoice_withdraw(actor=stefan, invoice=invoice, reason=REASON)
    client.force_login(stefan)
    period = {"date_from": days_ago(10).isoformat(), "date_to": days_ago(0).isoformat()}
    response = client.get(reverse("supportfamilies:reimbursement_export_csv"), period)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[2] for row in rows[1:]] == ["DOBRA/1"]


def test_the_head_cannot_decide_a_withdrawn_invoice(invoice, stefan, helena):
    services.invoice_withdraw(actor=stefan, invoice=invoice, reason=REASON)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.invoice_approve(actor=helena, invoice=invoice)


def test_a_decided_invoice_is_not_withdrawn(client, invoice, stefan, helena):
    services.invoice_approve(actor=helena, invoice=invoice)
    with pytest.raises(ValidationError, match="decided invoice"):
        services.invoice_withdraw(actor=stefan, invoice=invoice, reason=REASON)
    client.force_login(stefan)
    detail = client.get(reverse("supportfamilies:invoice_detail", args=[invoice.pk])).content.decode()
    assert withdraw_url(invoice) not in detail


def test_the_detail_page_offers_it_to_staff(client, invoice, stefan, adam):
    client.force_login(stefan)
    page = client.get(reverse("supportfamilies:invoice_detail", args=[invoice.pk])).content.decode()
    assert withdraw_url(invoice) in page
    client.force_login(adam)
    page = client.get(reverse("supportfamilies:invoice_detail", args=[invoice.pk])).content.decode()
    assert withdraw_url(invoice) not in page


@pytest.mark.parametrize("persona", ["adam", "anna"])
def test_only_staff_and_the_head_withdraw_it(client, request, invoice, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.invoice_withdraw(actor=user, invoice=invoice, reason=REASON)
    client.force_login(user)
    assert client.post(withdraw_url(invoice), {"reason": REASON}).status_code in (403, 404)


def test_another_centre_finds_nothing(client, invoice, bartosz):
    client.force_login(bartosz)
    assert client.post(withdraw_url(invoice), {"reason": REASON}).status_code == 404
    invoice.refresh_from_db()
    assert invoice.withdrawn_at is None


def test_a_reason_is_required(client, invoice, stefan):
    with pytest.raises(ValidationError, match="Say why"):
        services.invoice_withdraw(actor=stefan, invoice=invoice, reason="")
    client.force_login(stefan)
    client.post(withdraw_url(invoice), {"reason": " "})
    invoice.refresh_from_db()
    assert invoice.withdrawn_at is None


def test_an_archived_case_refuses_it(invoice, stefan, helena):
    archive_family(actor=helena, family=invoice.contract.support_family.family)
    with pytest.raises(ValidationError, match="archived"):
        services.invoice_withdraw(actor=stefan, invoice=invoice, reason=REASON)
    invoice.refresh_from_db()
    assert invoice.withdrawn_at is None
