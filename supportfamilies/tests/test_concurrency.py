"""Parallel approvals: the contract's limits hold when heads approve invoices at the same moment.

Each thread approves in its own database connection. On PostgreSQL the contract's row lock
serialises the count of approved amounts; on SQLite the IMMEDIATE transaction does.
"""

from decimal import Decimal

import pytest
from django.db import connection

from assistants.tests.test_concurrency import run_in_parallel
from supportfamilies import selectors, services
from supportfamilies.models import Invoice, InvoiceStatus
from supportfamilies.tests.builders import invoice_data, signed_contract

pytestmark = pytest.mark.slow


def parallel_approvals() -> int:
    return 20 if connection.vendor == "postgresql" else 10


@pytest.mark.django_db(transaction=True)
def test_parallel_approvals_never_exceed_the_total_limit(anna, helena, adam, stefan):
    count = parallel_approvals()
    # Invoices of one day would meet the monthly limit first; make it the total limit that binds.
    contract = signed_contract(
        anna, head=helena, assistant=adam, monthly_limit=Decimal("1000.00"), total_limit=Decimal("1000.00")
    )
    invoices = [
        services.invoice_register(
            actor=stefan, contract=contract, data=invoice_data(number=f"FV/{n}", amount=Decimal("333.33"))
        )
        for n in range(count)
    ]

    outcomes = run_in_parallel(
        [
            lambda invoice=invoice: services.invoice_approve(actor=helena, invoice=invoice)
            for invoice in invoices
        ]
    )

    assert [kind for kind, _ in outcomes].count("ok") == 3
    assert Invoice.objects.filter(contract=contract, status=InvoiceStatus.APPROVED).count() == 3
    assert selectors.contract_totals(contract).approved == Decimal("999.99")


@pytest.mark.django_db(transaction=True)
def test_parallel_approvals_never_exceed_the_monthly_limit(anna, helena, adam, stefan):
    count = parallel_approvals()
    contract = signed_contract(
        anna, head=helena, assistant=adam, monthly_limit=Decimal("250.00"), total_limit=Decimal("5000.00")
    )
    invoices = [
        services.invoice_register(
            actor=stefan, contract=contract, data=invoice_data(number=f"FV/{n}", amount=Decimal("50.00"))
        )
        for n in range(count)
    ]

    outcomes = run_in_parallel(
        [
            lambda invoice=invoice: services.invoice_approve(actor=helena, invoice=invoice)
            for invoice in invoices
        ]
    )

    assert [kind for kind, _ in outcomes].count("ok") == 5
    assert selectors.contract_totals(contract).approved == Decimal("250.00")


@pytest.mark.django_db(transaction=True)
def test_parallel_approvals_of_one_invoice_approve_it_once(anna, helena, adam, stefan):
    contract = signed_contract(anna, head=helena, assistant=adam)
    invoice = services.invoice_register(actor=stefan, contract=contract, data=invoice_data())

    outcomes = run_in_parallel(
        [lambda: services.invoice_approve(actor=helena, invoice=invoice) for _ in range(6)]
    )

    assert [kind for kind, _ in outcomes].count("ok") == 1
    assert selectors.contract_totals(contract).approved == Decimal("100.00")
