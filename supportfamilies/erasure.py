"""What a case disposed of at the end of its retention loses of its support families' records, and
what holds it back (registered in SupportFamiliesConfig.ready as a CASE_ERASER;
familysupport/erasure.py)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.models import Family
from familysupport.erasure import Eraser, Personal
from supportfamilies.models import (
    Contract,
    ContractStatus,
    EligibilityInterview,
    Exclusion,
    Invoice,
    InvoiceStatus,
    SupportFamily,
    SupportFamilyMember,
)


def holds(family: Family) -> list[str]:
    """A contract still in force, or an invoice not yet decided or paid, holds the case back: the
    centre still owes or decides a reimbursement under it."""
    reasons = [
        _("The support family contract %(number)s is in force until %(date)s.")
        % {"number": contract.number, "date": date_format(contract.valid_to, "SHORT_DATE_FORMAT")}
        for contract in Contract.objects.filter(
            support_family__family=family, status=ContractStatus.SIGNED, valid_to__gte=timezone.localdate()
        ).order_by("valid_to", "id")
    ]
    unsettled = (
        Invoice.objects.current()
        .filter(
            contract__support_family__family=family,
            status__in=(InvoiceStatus.REGISTERED, InvoiceStatus.APPROVED),
        )
        .count()
    )
    if unsettled:
        reasons.append(
            _("Invoices of the support family await a decision or the payment: %(count)d.")
            % {"count": unsettled}
        )
    return reasons


ERASER = Eraser(
    app="supportfamilies",
    order=30,
    parts=(
        Personal(
            SupportFamily,
            family="family",
            erase=(
                "name",
                "street",
                "postal_code",
                "city",
                "phone",
                "relation",
                "consent_given_by",
                "consent_scan",
                "reasons",
                "withdrawn_reason",
            ),
            # The mayor's authorisation of the head names no family; scope and forms are codes.
            keep=("authorisation", "scope", "help_forms"),
        ),
        Personal(
            SupportFamilyMember, family="support_family__family", erase=("first_name", "last_name", "role")
        ),
        Personal(
            EligibilityInterview,
            family="support_family__family",
            erase=("place", "findings", *(f"{code}_basis" for code in Exclusion.values)),
        ),
        # The contract's number and categories stay: the statistics count contracts and their costs.
        Personal(
            Contract,
            family="support_family__family",
            erase=("support_family_signatories", "scope", "reimbursement_rules", "termination_details"),
            keep=("number", "categories"),
        ),
        Personal(
            Invoice,
            family="contract__support_family__family",
            erase=("issuer", "description", "scan", "refusal_reason", "withdrawal_reason"),
            keep=("number",),
        ),
    ),
    holds=holds,
)
