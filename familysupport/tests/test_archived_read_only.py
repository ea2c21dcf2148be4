"""An archived case is read-only: every service that changes anything of a family refuses it.

For each public service (a function of a services module taking the keyword `actor`), an entry
builds the arguments of a call that would succeed on an open case: a valid actor, a valid object
in the right state, valid data. The test archives the family and expects the call refused with
the archived reason and no audit row of a change; the same entry on the open case must succeed
(so the refusal is the archive's, not a bad argument's). A service without an entry fails the
completeness check.

To cover another app, add its services module to SERVICE_MODULES and an entry per function in
ENTRIES: "module.function" -> a function of the `World` giving the keyword arguments. The world
builds, lazily, what the entries need in one family (`World.family`).
"""

import datetime
import inspect
from collections.abc import Callable
from functools import cached_property

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cases.models import Family
from conftest import build_family, days_ago
from familysupport import audit
from familysupport.models import AuditEvent
from supportfamilies import services as supportfamilies_services
from supportfamilies.models import Contract, Invoice, SupportFamily
from supportfamilies.tests.builders import (
    build_support_family,
    establishment,
    interview_data,
    invoice_data,
    proposal,
    terms,
)

SERVICE_MODULES = [supportfamilies_services]
ARCHIVED = "The case is archived and can no longer be changed."


class World:
    """One family of Adam's (assigned), with its support families at each stage, built on demand.

    The personas: Anna the family's social worker and the candidates' interviewer, Helena the
    head, Adam the assistant, Stefan of the staff.
    """

    def __init__(self, *, anna, helena, adam, stefan):
        self.anna, self.helena, self.adam, self.stefan = anna, helena, adam, stefan

    @cached_property
    def family(self) -> Family:
        return build_family(self.anna, stage="assigned", head=self.helena, assistant=self.adam)

    def _support_family(self, stage: str) -> SupportFamily:
        return build_support_family(
            self.anna, head=self.helena, assistant=self.adam, stage=stage, family=self.family
        )

    @cached_property
    def proposed(self) -> SupportFamily:
        return self._support_family("proposed")

    @cached_property
    def eligible(self) -> SupportFamily:
        return self._support_family("eligible")

    @cached_property
    def established(self) -> SupportFamily:
        return self._support_family("established")

    @cached_property
    def draft(self) -> Contract:
        return self._support_family("contract").contracts.get()

    @cached_property
    def signed(self) -> Contract:
        return self._support_family("signed").contracts.get()

    @cached_property
    def registered(self) -> Invoice:
        return supportfamilies_services.invoice_register(
            actor=self.stefan, contract=self.signed, data=invoice_data(number="R/1")
        )

    @cached_property
    def approved(self) -> Invoice:
        invoice = supportfamilies_services.invoice_register(
            actor=self.stefan, contract=self.signed, data=invoice_data(number="A/1")
        )
        return supportfamilies_services.invoice_approve(actor=self.helena, invoice=invoice)


MEMBER = {
    "first_name": "Jan",
    "last_name": "Kowalski",
    "birth_date": datetime.date(1960, 1, 1),
    "role": "dziadek",
}

ENTRIES: dict[str, Callable[[World], dict]] = {
    # Support families: the candidate, its interview and establishment.
    "supportfamilies.services.support_family_propose": lambda w: {
        "actor": w.adam,
        "family": w.family,
        "data": proposal(w.anna),
    },
    "supportfamilies.services.support_family_member_add": lambda w: {
        "actor": w.adam,
        "support_family": w.proposed,
        "data": MEMBER,
    },
    "supportfamilies.services.support_family_withdraw": lambda w: {
        "actor": w.helena,
        "support_family": w.proposed,
        "reason": "Rodzina się rozmyśliła",
    },
    "supportfamilies.services.support_family_interview": lambda w: {
        "actor": w.anna,
        "support_family": w.proposed,
        "data": interview_data(),
    },
    "supportfamilies.services.support_family_establish": lambda w: {
        "actor": w.helena,
        "support_family": w.eligible,
        "data": establishment(),
    },
    # Contracts of a support family whose supported family is archived.
    "supportfamilies.services.contract_create": lambda w: {
        "actor": w.helena,
        "support_family": w.established,
        "data": terms(),
    },
    "supportfamilies.services.contract_update": lambda w: {
        "actor": w.helena,
        "contract": w.draft,
        "data": terms(monthly_limit=w.draft.monthly_limit + 1),
    },
    "supportfamilies.services.contract_sign": lambda w: {
        "actor": w.helena,
        "contract": w.draft,
        "signed_on": timezone.localdate(),
    },
    "supportfamilies.services.contract_terminate": lambda w: {
        "actor": w.helena,
        "contract": w.signed,
        "terminated_on": timezone.localdate(),
        "reason": "agreement",
    },
    # Invoices on such a contract.
    "supportfamilies.services.invoice_register": lambda w: {
        "actor": w.stefan,
        "contract": w.signed,
        "data": invoice_data(number="N/1"),
    },
    "supportfamilies.services.invoice_approve": lambda w: {"actor": w.helena, "invoice": w.registered},
    "supportfamilies.services.invoice_refuse": lambda w: {
        "actor": w.helena,
        "invoice": w.registered,
        "reason": "Faktura nieczytelna",
    },
    "supportfamilies.services.invoice_mark_paid": lambda w: {
        "actor": w.stefan,
        "invoice": w.approved,
        "paid_on": timezone.localdate(),
    },
}


def public_services(module) -> dict[str, Callable]:
    """The module's own public functions that take the keyword `actor`: its services."""
    found = {}
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or function.__module__ != module.__name__:
            continue
        parameter = inspect.signature(function).parameters.get("actor")
        if parameter is not None and parameter.kind == inspect.Parameter.KEYWORD_ONLY:
            found[f"{module.__name__}.{name}"] = function
    return found


SERVICES = {
    name: function for module in SERVICE_MODULES for name, function in public_services(module).items()
}


def test_every_service_has_an_entry():
    assert set(SERVICES) - set(ENTRIES) == set(), "a service that nobody checks against an archived case"
    assert set(ENTRIES) - set(SERVICES) == set(), "an entry for a service that is gone"


def test_the_services_are_found():
    # The introspection itself: a rename of the keyword or the module would find nothing silently.
    assert len(SERVICES) >= 13


@pytest.fixture
def world(anna, helena, adam, stefan) -> World:
    return World(anna=anna, helena=helena, adam=adam, stefan=stefan)


def changes() -> int:
    return AuditEvent.objects.filter(action__in=audit.CHANGES).count()


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_the_service_refuses_an_archived_case(world, name):
    kwargs = ENTRIES[name](world)
    Family.objects.filter(pk=world.family.pk).update(archived_on=days_ago(0))
    # The objects the entry holds were read before the archive, as a page's form would have been.
    before = changes()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        SERVICES[name](**kwargs)
    assert error.value.messages == [ARCHIVED]
    assert changes() == before


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_the_same_call_succeeds_while_the_case_is_open(world, name):
    kwargs = ENTRIES[name](world)
    before = changes()
    SERVICES[name](**kwargs)
    assert changes() == before + 1
