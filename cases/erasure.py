"""What a case disposed of at the end of its retention loses of the cases app's records, and what
holds it back (registered in CasesConfig.ready as a CASE_ERASER; familysupport/erasure.py)."""

from django.utils.translation import gettext as _

from cases.models import (
    Analysis,
    AssignmentRequest,
    Consent,
    Family,
    FamilyMember,
    Interview,
    Report,
)
from familysupport.erasure import Eraser, Personal


def holds(family: Family) -> list[str]:
    """A Niebieska Karta procedure still open in the family holds its case back."""
    if family.blue_card:
        return [_("A Niebieska Karta procedure is open in the family.")]
    return []


ERASER = Eraser(
    app="cases",
    order=10,
    parts=(
        # The reference stays: the protocol, the audit record and the statistics name the case by it.
        Personal(
            Family,
            family="pk",
            erase=("name", "search_name", "street", "postal_code", "city"),
            keep=("reference",),
        ),
        # The date of birth and the place in the family stay: the statistics count the children.
        Personal(
            FamilyMember,
            family="family",
            erase=("first_name", "last_name", "search_last_name", "pesel", "withdrawal_reason"),
        ),
        Personal(Report, family="family", erase=("description", "intervention")),
        Personal(
            Interview,
            family="family",
            erase=(
                "place",
                "present",
                "composition",
                "housing",
                "income",
                "health",
                "work_education",
                "care_upbringing",
                "problems_description",
                "needs",
                "diagnosis",
            ),
            keep=("problems",),  # the codes of the problems, counted by the statistics
        ),
        Personal(Analysis, family="family", erase=("justification",), keep=("support_forms",)),
        Personal(Consent, family="family", erase=("given_by", "court", "case_signature", "notes", "scan")),
        Personal(AssignmentRequest, family="family", erase=("justification",)),
    ),
    holds=holds,
)
