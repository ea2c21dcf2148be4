"""Reads about support families, already scoped to what the user may see.

- The head sees every support family, contract and invoice of the centre.
- A family assistant sees the support families of the families they can open (while assigned and
  during monitoring), with their contracts and invoices; not the interview's answers.
- The social worker named to interview a candidate sees that candidate and the interview.
- Staff see the centre's signed contracts by number, the support family's name and period only,
  and the invoices: what they register and pay, never the case.
- Nobody sees another centre's anything.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.models import Family
from cases.selectors import families_visible_to
from familysupport.models import Role, User
from familysupport.money import format_money
from supportfamilies.models import (
    COUNTED,
    Contract,
    ContractStatus,
    EligibilityInterview,
    Invoice,
    InvoiceStatus,
    SupportFamily,
)

ZERO = Decimal("0.00")
# The fields of a contract that staff may load: what picks it out on the invoice, nothing of the case.
CONTRACT_REGISTER_FIELDS = (
    "id",
    "centre_id",
    "number",
    "valid_from",
    "valid_to",
    "status",
    "terminated_on",
    "categories",
    "support_family_id",
    "support_family__name",
)


def _centre_id(user: User) -> int | None:
    """The centre whose records `user` may see; None for a user outside every centre (nothing)."""
    return user.centre_id if user.is_authenticated else None


def support_families_visible_to(user: User) -> QuerySet[SupportFamily]:
    """The support families whose page `user` may open: the head's centre, the assistant's families."""
    centre_id = _centre_id(user)
    if centre_id is None:
        return SupportFamily.objects.none()
    in_centre = SupportFamily.objects.filter(centre_id=centre_id)
    if user.has_role(Role.HEAD):
        return in_centre
    if user.has_role(Role.FAMILY_ASSISTANT):
        return in_centre.filter(family__in=families_visible_to(user).values("pk"))
    return SupportFamily.objects.none()


def support_family_list(user: User) -> QuerySet[SupportFamily]:
    return support_families_visible_to(user).select_related("family", "proposed_by", "interviewer")


def support_family_of(user: User, support_family_id: int) -> SupportFamily:
    return get_object_or_404(
        support_family_list(user).select_related("established_by", "family__centre"), pk=support_family_id
    )


def candidates_to_interview(user: User) -> QuerySet[SupportFamily]:
    """The candidates the social worker was named to interview, the interview still due first."""
    centre_id = _centre_id(user)
    if centre_id is None or not user.has_role(Role.SOCIAL_WORKER):
        return SupportFamily.objects.none()
    return SupportFamily.objects.filter(centre_id=centre_id, interviewer=user).select_related("interview")


def interviews_visible_to(user: User) -> QuerySet[SupportFamily]:
    """The candidates whose interview `user` may open: the named social worker's, and the head's."""
    centre_id = _centre_id(user)
    if centre_id is None:
        return SupportFamily.objects.none()
    if user.has_role(Role.HEAD):
        return SupportFamily.objects.filter(centre_id=centre_id)
    return candidates_to_interview(user)


def interview_candidate(user: User, support_family_id: int) -> SupportFamily:
    return get_object_or_404(
        interviews_visible_to(user).select_related("interviewer", "proposed_by", "family"),
        pk=support_family_id,
    )


def family_interview(support_family: SupportFamily) -> EligibilityInterview | None:
    return EligibilityInterview.objects.filter(support_family=support_family).select_related("author").first()


def show_support_families(user: User, family: Family) -> bool:
    """The support family part of the family page is for the family's assistant and the head."""
    return _centre_id(user) is not None and user.has_role(Role.FAMILY_ASSISTANT, Role.HEAD)


def family_support_context(family: Family, user: User) -> dict[str, Any]:
    """The support family part of the family page: for the family's assistant and the head."""
    centre_id = _centre_id(user)
    if centre_id is None or not show_support_families(user, family):
        return {"show_support_families": False}
    return {
        "show_support_families": True,
        "support_families": SupportFamily.objects.filter(family=family, centre_id=centre_id),
    }


# Contracts -------------------------------------------------------------------------------------


def contracts_visible_to(user: User) -> QuerySet[Contract]:
    """Contracts on the pages of the head and the assistant (scoped as their support families)."""
    return Contract.objects.filter(support_family__in=support_families_visible_to(user).values("pk"))


def contract_list(user: User) -> QuerySet[Contract]:
    return (
        contracts_visible_to(user)
        .select_related("support_family__family")
        .annotate(
            approved_total=_sum_of(
                "invoices", Q(invoices__status__in=COUNTED, invoices__withdrawn_at__isnull=True)
            )
        )
    )


def contract_of(user: User, contract_id: int) -> Contract:
    return get_object_or_404(
        contracts_visible_to(user).select_related("support_family__family__centre", "signed_by"),
        pk=contract_id,
    )


def contracts_awaiting_signature(user: User) -> QuerySet[Contract]:
    """Draft contracts of the head's centre, waiting for the head to sign them, the oldest first
    (the head's queue on the start page); a case archived meanwhile is left out."""
    if not user.has_role(Role.HEAD):
        return Contract.objects.none()
    return (
        contracts_visible_to(user)
        .filter(status=ContractStatus.DRAFT, support_family__family__archived_on__isnull=True)
        .order_by("created_at", "id")
    )


def contracts_for_invoicing(user: User) -> QuerySet[Contract]:
    """The centre's signed contracts to register an invoice on, for staff and the head.

    Only the number, the support family's name and the period are loaded: staff see no case.
    """
    centre_id = _centre_id(user)
    if centre_id is None or not user.has_role(Role.STAFF, Role.HEAD):
        return Contract.objects.none()
    return (
        Contract.objects.filter(centre_id=centre_id, status=ContractStatus.SIGNED)
        .select_related("support_family")
        .only(*CONTRACT_REGISTER_FIELDS)
        .order_by("number")
    )


def contract_for_invoicing(user: User, contract_id: int) -> Contract:
    return get_object_or_404(contracts_for_invoicing(user), pk=contract_id)


def contracts_ending(user: User, within_days: int | None = None) -> QuerySet[Contract]:
    """Signed contracts whose period ends within `within_days` (the centre's setting, else 30),
    soonest first; for the head of the centre and the assistant of the family."""
    if within_days is None:
        within_days = (
            getattr(user.centre, "contract_end_soon_days", 30) if _centre_id(user) is not None else 30
        )
    today = timezone.localdate()
    return (
        contracts_visible_to(user)
        .filter(status=ContractStatus.SIGNED, valid_to__gte=today)
        .filter(valid_to__lte=today + datetime.timedelta(days=within_days))
        .select_related("support_family__family")
        .order_by("valid_to", "id")
    )


# Invoices --------------------------------------------------------------------------------------


def invoices_visible_to(user: User) -> QuerySet[Invoice]:
    """The head and staff see the centre's invoices; the assistant those of their families."""
    centre_id = _centre_id(user)
    if centre_id is None:
        return Invoice.objects.none()
    if user.has_role(Role.HEAD, Role.STAFF):
        return Invoice.objects.current().filter(contract__centre_id=centre_id)
    return Invoice.objects.current().filter(contract__in=contracts_visible_to(user).values("pk"))


def invoice_list(user: User) -> QuerySet[Invoice]:
    return (
        invoices_visible_to(user)
        .select_related("contract__support_family")
        .defer(*(f"contract__{name}" for name in ("scope", "reimbursement_rules", "termination_details")))
    )


def invoice_of(user: User, invoice_id: int) -> Invoice:
    return get_object_or_404(invoice_list(user).select_related("registered_by", "decided_by"), pk=invoice_id)


def invoices_awaiting_decision(user: User) -> QuerySet[Invoice]:
    """Registered invoices of the head's centre, the oldest registered first."""
    centre_id = _centre_id(user)
    if centre_id is None or not user.has_role(Role.HEAD):
        return Invoice.objects.none()
    return (
        Invoice.objects.current()
        .filter(contract__centre_id=centre_id, status=InvoiceStatus.REGISTERED)
        .select_related("contract__support_family")
        .order_by("registered_on", "id")
    )


def reimbursements(user: User, *, date_from: datetime.date, date_to: datetime.date) -> QuerySet[Invoice]:
    """Invoices approved for reimbursement between the two dates (inclusive), paid or not yet:
    the list the accounting department pays from. For the head and staff."""
    centre_id = _centre_id(user)
    if centre_id is None or not user.has_role(Role.HEAD, Role.STAFF):
        return Invoice.objects.none()
    return (
        Invoice.objects.current()
        .filter(
            contract__centre_id=centre_id,
            status__in=COUNTED,
            decided_on__gte=date_from,
            decided_on__lte=date_to,
        )
        .select_related("contract__support_family")
        .order_by("decided_on", "contract__number", "id")
    )


# Money -----------------------------------------------------------------------------------------


def _sum_of(relation: str, condition: Q) -> Coalesce:
    return Coalesce(
        Sum(f"{relation}__amount", filter=condition),
        Value(ZERO),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def _total(invoices: QuerySet[Invoice]) -> Decimal:
    total = invoices.aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=DecimalField(max_digits=14, decimal_places=2))
    )["total"]
    return Decimal(total).quantize(Decimal("0.01"))


def month_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = day.replace(day=1)
    return start, start + relativedelta(months=1) - datetime.timedelta(days=1)


def approved_total(contract: Contract, *, month: datetime.date | None = None) -> Decimal:
    """The amount approved on the contract (approved and paid invoices), in one month if given."""
    invoices = Invoice.objects.current().filter(contract_id=contract.pk, status__in=COUNTED)
    if month is not None:
        start, end = month_bounds(month)
        invoices = invoices.filter(issue_date__gte=start, issue_date__lte=end)
    return _total(invoices)


@dataclass(frozen=True)
class MonthTotal:
    month: datetime.date
    approved: Decimal
    remaining: Decimal


@dataclass(frozen=True)
class ContractTotals:
    approved: Decimal
    paid: Decimal
    awaiting: Decimal
    remaining: Decimal
    months: list[MonthTotal]


def contract_totals(contract: Contract) -> ContractTotals:
    """What the contract has approved, paid and awaits, the remaining total limit, and each month's
    approved amount against the monthly limit."""
    invoices = Invoice.objects.current().filter(contract_id=contract.pk)
    approved = _total(invoices.filter(status__in=COUNTED))
    by_month: dict[datetime.date, Decimal] = {}
    for issue_date, amount in invoices.filter(status__in=COUNTED).values_list("issue_date", "amount"):
        start = issue_date.replace(day=1)
        by_month[start] = by_month.get(start, ZERO) + Decimal(amount)
    months = [
        MonthTotal(month, total, contract.monthly_limit - total) for month, total in sorted(by_month.items())
    ]
    return ContractTotals(
        approved=approved,
        paid=_total(invoices.filter(status=InvoiceStatus.PAID)),
        awaiting=_total(invoices.filter(status=InvoiceStatus.REGISTERED)),
        remaining=contract.total_limit - approved,
        months=months,
    )


def reimbursement_problems(
    contract: Contract, *, issue_date: datetime.date, category: str, amount: Decimal
) -> dict[str, str]:
    """Why an invoice cannot be reimbursed under the contract, by the field concerned; empty if it can.

    The period and the categories are the contract's terms; the limits count the invoices already
    approved. The service that approves calls this with the contract's row locked.
    """
    problems: dict[str, str] = {}
    if contract.status == ContractStatus.DRAFT:
        problems["contract"] = _("The contract has not been signed yet.")
    if not contract.valid_from <= issue_date <= contract.last_day:
        problems["issue_date"] = _(
            "The invoice is dated outside the contract's period (%(start)s – %(end)s)."
        ) % {"start": _date(contract.valid_from), "end": _date(contract.last_day)}
    if category not in contract.categories:
        problems["category"] = _("The contract does not reimburse costs of this category.")
    month_approved = approved_total(contract, month=issue_date)
    if month_approved + amount > contract.monthly_limit:
        problems["amount"] = _(
            "The invoice would exceed the monthly limit of %(limit)s; %(remaining)s remain in it."
        ) % {
            "limit": format_money(contract.monthly_limit),
            "remaining": format_money(max(contract.monthly_limit - month_approved, ZERO)),
        }
    total = approved_total(contract)
    # A key of its own: when both limits are exceeded, the head is told of both.
    if total + amount > contract.total_limit:
        problems["total_limit"] = _(
            "The invoice would exceed the total limit of %(limit)s: %(remaining)s remain."
        ) % {
            "limit": format_money(contract.total_limit),
            "remaining": format_money(max(contract.total_limit - total, ZERO)),
        }
    return problems


def approval_problems(invoice: Invoice) -> dict[str, str]:
    """Why the head could not approve the invoice now: its reimbursement problems while it awaits
    the decision; nothing once it is decided."""
    if invoice.status != InvoiceStatus.REGISTERED:
        return {}
    return reimbursement_problems(
        invoice.contract, issue_date=invoice.issue_date, category=invoice.category, amount=invoice.amount
    )


def _date(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def contract_document(contract: Contract) -> dict:
    """What the printed contract shows (templates/pdf/support_family_contract.html)."""
    support_family = contract.support_family
    return {
        "centre": support_family.family.centre,
        "contract": contract,
        "support_family": support_family,
        "members": support_family.members.all(),
        "family": support_family.family,
        "interview": family_interview(support_family),
    }
