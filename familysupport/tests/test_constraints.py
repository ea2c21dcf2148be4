"""A rule the database holds speaks to the person in words, never in the database's own."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import translation

from familysupport.constraints import constraint_refusal
from familysupport.forms import call_service
from supportfamilies.forms import InvoiceForm
from supportfamilies.models import Contract, Invoice
from supportfamilies.tests.builders import invoice_data, signed_contract

PRODUCT_APPS = ("familysupport", "cases", "monitoring", "assistants", "supportfamilies")


def test_every_constraint_of_the_product_has_a_message_of_its_own():
    without = [
        f"{model._meta.label}.{constraint.name}"
        for model in apps.get_models()
        if model._meta.app_label in PRODUCT_APPS
        for constraint in model._meta.constraints
        if constraint.violation_error_message in (None, constraint.default_violation_error_message)
    ]
    assert without == []


def refused(write) -> dict:
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        write()
    with translation.override("pl"):
        return constraint_refusal(raised.value).message_dict


@pytest.fixture
def contract(anna, helena, adam):
    return signed_contract(anna, head=helena, assistant=adam)


def test_a_contract_ending_before_it_starts_is_refused_on_its_end_date(contract):
    before = contract.valid_from - datetime.timedelta(days=1)
    errors = refused(lambda: Contract.objects.filter(pk=contract.pk).update(valid_to=before))
    assert errors == {"valid_to": ["Data końca umowy nie może być wcześniejsza niż data jej początku."]}


def invoice(contract, staff, **changes) -> Invoice:
    """An invoice written straight to the database, past the services' own checks."""
    data = {key: value for key, value in invoice_data(**changes).items() if key != "scan"}
    return Invoice.objects.create(
        contract=contract, registered_by=staff, registered_on=contract.valid_from, **data
    )


def test_a_second_invoice_of_the_same_number_is_refused_on_the_number(contract, stefan):
    invoice(contract, stefan)
    errors = refused(lambda: invoice(contract, stefan))
    assert list(errors) == ["number"] and "zarejestrowana" in errors["number"][0]


def test_an_amount_of_zero_is_refused_on_the_amount(contract, stefan):
    errors = refused(lambda: invoice(contract, stefan, amount=Decimal("0")))
    assert errors == {"amount": ["Kwota musi być większa od zera."]}


def test_a_form_shows_the_refusal_beside_its_field_instead_of_an_error_page(contract, stefan):
    invoice(contract, stefan)
    data = invoice_data()
    form = InvoiceForm(data={**data, "scan": None}, files={"scan": data["scan"]}, contract=contract)
    assert form.is_valid(), form.errors

    @transaction.atomic
    def register_again():
        return invoice(contract, stefan)

    with translation.override("pl"):
        assert call_service(form, register_again) is None
    assert form.errors["number"] == [
        "Faktura tego wystawcy o tym numerze jest już zarejestrowana w ramach umowy."
    ]
