"""The deadlines whose rule the supportfamilies app owns, declared for the register
(familysupport.deadlines): the end of a support family's contract and the head's decision on an
invoice.
"""

import datetime
from operator import attrgetter

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familysupport.deadlines import Deadline, Kind, Obligation
from familysupport.models import Centre, Role
from familysupport.workdays import add_working_days
from supportfamilies.models import Contract, ContractStatus, Invoice, InvoiceStatus

CONTRACT_END = "contract_end"
INVOICE_DECISION = "invoice_decision"

# Support families (art. 29–31): the end of a signed contract, which the head renews or lets end,
# and an invoice waiting for the head's decision, within the centre's working days.


def invoice_decision_due(registered_on: datetime.date, centre: Centre) -> datetime.date:
    """The head decides a registered invoice within the centre's number of working days."""
    return add_working_days(registered_on, centre.invoice_decision_days)


# A later contract with the same support family takes the ended one's place.
_SUCCESSOR = Contract.objects.filter(
    support_family=OuterRef("support_family"), valid_from__gt=OuterRef("valid_from")
).exclude(status=ContractStatus.DRAFT)


def _contract_obligations(scope):
    successor_from = Subquery(_SUCCESSOR.order_by("valid_from").values("valid_from")[:1])
    contracts = (
        Contract.objects.filter(scope("support_family__family"))
        .exclude(status=ContractStatus.DRAFT)
        .annotate(successor_from=successor_from)
        .select_related("support_family__family")
    )
    for contract in contracts:
        family = contract.support_family.family
        # Ended by a termination, or taken over by the next contract (at the latest on its end).
        met_on = None
        if contract.status == ContractStatus.TERMINATED:
            met_on = contract.terminated_on
        elif contract.successor_from is not None:
            met_on = min(contract.successor_from, contract.valid_to)
        yield Obligation(
            object_id=contract.pk,
            centre_id=contract.centre_id,
            family_id=family.pk,
            family_reference=family.reference,
            due=contract.valid_to,
            owner_id=None,
            owner_role=Role.HEAD,
            met_on=met_on,
            is_open=contract.status == ContractStatus.SIGNED
            and family.archived_on is None
            and contract.successor_from is None,
        )


def _invoice_obligations(scope):
    invoices = (
        Invoice.objects.current()
        .filter(scope("contract__support_family__family"))
        .select_related("contract__centre", "contract__support_family__family")
    )
    for invoice in invoices:
        family = invoice.contract.support_family.family
        yield Obligation(
            object_id=invoice.pk,
            centre_id=invoice.contract.centre_id,
            family_id=family.pk,
            family_reference=family.reference,
            due=invoice_decision_due(invoice.registered_on, invoice.contract.centre),
            owner_id=None,
            owner_role=Role.HEAD,
            met_on=invoice.decided_on,
            is_open=invoice.status == InvoiceStatus.REGISTERED,
        )


def _contract_page(deadline: Deadline) -> str:
    return reverse("supportfamilies:contract_detail", args=[deadline.object_id])


def _invoice_page(deadline: Deadline) -> str:
    return reverse("supportfamilies:invoice_detail", args=[deadline.object_id])


KINDS = (
    Kind(
        CONTRACT_END,
        label=_("end of a support family contract"),
        roles=(Role.HEAD,),
        window=attrgetter("contract_end_soon_days"),
        url=_contract_page,
        obligations=_contract_obligations,
    ),
    Kind(
        INVOICE_DECISION,
        label=_("decision on an invoice"),
        roles=(Role.HEAD,),
        window=attrgetter("invoice_decision_soon_days"),
        url=_invoice_page,
        obligations=_invoice_obligations,
    ),
)
