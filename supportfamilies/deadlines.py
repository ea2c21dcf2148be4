"""The deadlines whose rule the supportfamilies app owns, declared for the register
(familysupport.deadlines): the end of a support family's contract and the head's decision on an
invoice.
"""

import datetime
from operator import attrgetter

from django.db.models import Case, DateField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Least
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familysupport.deadlines import (
    Branch,
    Deadline,
    Kind,
    count_met_and_missed,
    earliest_start,
    on_the_day,
    role_owner,
)
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


def _support_fields(row) -> dict:
    family = row.support_family.family
    return {"family_id": family.pk, "family_reference": family.reference}


def _contract_rows(scope):
    return (
        Contract.objects.filter(scope("support_family__family"))
        .filter(status=ContractStatus.SIGNED, support_family__family__archived_on__isnull=True)
        .filter(~Exists(_SUCCESSOR))
        .select_related("support_family__family")
    )


def _contract_build(kind, contract, centres, today):
    return kind.deadline(
        centres[contract.centre_id],
        today,
        contract.valid_to,
        object_id=contract.pk,
        owner_id=None,
        owner_role=Role.HEAD,
        **_support_fields(contract),
    )


def _contract_branches(centre):
    return [Branch(Q(), "valid_to", on_the_day)]


def _contract_overdue(centre, today):
    late = Contract.objects.filter(
        support_family__family=OuterRef("pk"), status=ContractStatus.SIGNED, valid_to__lt=today
    ).filter(~Exists(_SUCCESSOR))
    return Q(Exists(late))


def _contract_met_and_missed(centre, start, end, today):
    successor_from = Subquery(_SUCCESSOR.order_by("valid_from").values("valid_from")[:1])
    contracts = (
        Contract.objects.filter(centre=centre, valid_to__gte=start, valid_to__lte=end)
        .exclude(status=ContractStatus.DRAFT)
        .annotate(successor_from=successor_from)
        .annotate(
            # Ended by a termination, or taken over by the next contract (at the latest on its end).
            satisfied_on=Case(
                When(status=ContractStatus.TERMINATED, then=F("terminated_on")),
                When(successor_from__isnull=False, then=Least("successor_from", "valid_to")),
                default=Value(None),
                output_field=DateField(),
            )
        )
    )
    return count_met_and_missed(contracts, _contract_branches(centre), start, end, today)


def _invoice_rows(scope):
    return (
        Invoice.objects.current()
        .filter(scope("contract__support_family__family"), status=InvoiceStatus.REGISTERED)
        .select_related("contract__support_family__family")
    )


def _invoice_build(kind, invoice, centres, today):
    centre = centres[invoice.contract.centre_id]
    return kind.deadline(
        centre,
        today,
        invoice_decision_due(invoice.registered_on, centre),
        object_id=invoice.pk,
        owner_id=None,
        owner_role=Role.HEAD,
        **_support_fields(invoice.contract),
    )


def _invoice_branches(centre):
    return [Branch(Q(), "registered_on", lambda day: invoice_decision_due(day, centre))]


def _invoice_overdue(centre, today):
    (branch,) = _invoice_branches(centre)
    late = (
        Invoice.objects.current()
        .filter(contract__support_family__family=OuterRef("pk"), status=InvoiceStatus.REGISTERED)
        .filter(branch.due_before(today))
    )
    return Q(Exists(late))


def _invoice_met_and_missed(centre, start, end, today):
    branches = _invoice_branches(centre)
    # The first invoice whose decision can fall due in the period, by the centre's days.
    invoices = (
        Invoice.objects.current()
        .filter(
            contract__centre=centre,
            registered_on__gte=earliest_start(branches, start),
            registered_on__lte=end,
        )
        .annotate(satisfied_on=F("decided_on"))
    )
    return count_met_and_missed(invoices, branches, start, end, today)


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
        rows=_contract_rows,
        build=_contract_build,
        branches=_contract_branches,
        owner=role_owner(Role.HEAD),
        overdue_in=_contract_overdue,
        met_and_missed=_contract_met_and_missed,
    ),
    Kind(
        INVOICE_DECISION,
        label=_("decision on an invoice"),
        roles=(Role.HEAD,),
        window=attrgetter("invoice_decision_soon_days"),
        url=_invoice_page,
        rows=_invoice_rows,
        build=_invoice_build,
        branches=_invoice_branches,
        owner=role_owner(Role.HEAD),
        overdue_in=_invoice_overdue,
        met_and_missed=_invoice_met_and_missed,
    ),
)
