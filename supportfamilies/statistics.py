"""The supportfamilies app's section of the centre's figures (registered in
SupportFamiliesConfig.ready as a STATISTICS_SECTION, familysupport.figures): the support families,
their contracts and the costs reimbursed."""

import datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from familysupport.figures import Row, Section, SectionBuilder, aggregated, read_figures
from familysupport.models import Centre
from supportfamilies.models import (
    COUNTED,
    Contract,
    ContractStatus,
    Invoice,
    InvoiceStatus,
    SupportFamily,
    SupportFamilyStatus,
)


def support_families_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """Support families (art. 29–30), their contracts, and the costs reimbursed under them.

    A support family or a contract counts for the period when its contract was in force on at
    least one day of it (from its start to its end or termination). Amounts are reimbursed when
    the reimbursement was paid out in the period; approved is what the head approved in it.
    """
    in_force = (
        Q(status__in=(ContractStatus.SIGNED, ContractStatus.TERMINATED))
        & Q(valid_from__lte=end, valid_to__gte=start)
        & (Q(terminated_on__isnull=True) | Q(terminated_on__gte=start))
    )
    supporting = Exists(Contract.objects.filter(in_force, support_family=OuterRef("pk"), centre=centre))
    established = Q(
        status=SupportFamilyStatus.ESTABLISHED, established_on__gte=start, established_on__lte=end
    )
    terminated = Q(status=ContractStatus.TERMINATED, terminated_on__gte=start, terminated_on__lte=end)
    paid = Q(status=InvoiceStatus.PAID, paid_on__gte=start, paid_on__lte=end)
    approved = Q(status__in=COUNTED, decided_on__gte=start, decided_on__lte=end)
    families = SupportFamily.objects.filter(centre=centre)
    contracts = Contract.objects.filter(centre=centre)
    invoices = Invoice.objects.current().filter(contract__centre=centre)
    figures = read_figures(
        centre,
        supporting=aggregated(families, Count("pk", filter=supporting)),
        established=aggregated(families, Count("pk", filter=established)),
        in_force=aggregated(contracts, Count("pk", filter=in_force)),
        signed=aggregated(contracts, Count("pk", filter=Q(signed_on__gte=start, signed_on__lte=end))),
        terminated=aggregated(contracts, Count("pk", filter=terminated)),
        paid_count=aggregated(invoices, Count("pk", filter=paid)),
        paid=aggregated(invoices, Sum("amount", filter=paid, default=Decimal(0))),
        approved=aggregated(invoices, Sum("amount", filter=approved, default=Decimal(0))),
    )
    rows = [
        Row("supporting", _("Support families helping a family"), figures["supporting"]),
        Row("established", _("Support families established"), figures["established"]),
        Row("contracts_in_force", _("Contracts in force"), figures["in_force"]),
        Row("contracts_signed", _("of which signed in the period"), figures["signed"], indent=1),
        Row("contracts_terminated", _("Contracts terminated"), figures["terminated"]),
        Row("invoices_paid", _("Invoices reimbursed"), figures["paid_count"]),
        Row("reimbursed", _("Amount reimbursed"), figures["paid"], money=True),
        Row("approved", _("Amount approved for reimbursement"), figures["approved"], money=True),
    ]
    return Section("support_families", _("Support families and their costs"), rows)


SECTIONS = (SectionBuilder("support_families", order=60, build=support_families_section),)
