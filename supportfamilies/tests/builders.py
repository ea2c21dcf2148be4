"""Support families carried along their path through the services, for the tests."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import build_family, days_ago, scan_pdf
from supportfamilies import services
from supportfamilies.models import Exclusion

STAGES = ("proposed", "eligible", "ineligible", "established", "contract", "signed")

PROPOSAL = {
    "name": "Anna i Jan Kowalscy",
    "street": "ul. Banacha 3",
    "postal_code": "02-097",
    "city": "Warszawa",
    "phone": "",
    "relation": "dziadkowie dziecka",
    "basis": "consent",
    "consent_given_by": "Matka",
    "consent_form": "written",
    "reasons": "Dziadkowie pomogą w opiece nad dziećmi i w nauce.",
}


def proposal(interviewer, **changes) -> dict:
    return {**PROPOSAL, "consent_given_on": days_ago(3), "interviewer": interviewer, **changes}


def interview_data(**exclusions) -> dict:
    data = {
        "conducted_on": timezone.localdate(),
        "place": "mieszkanie kandydatów",
        "findings": "Stabilna sytuacja, dobre relacje z wnukami.",
    }
    for code in Exclusion.values:
        data[code] = exclusions.get(code, False)
        data[f"{code}_basis"] = "Oświadczenie i rozmowa z rodziną"
    return data


def establishment(**changes) -> dict:
    return {
        "established_on": timezone.localdate(),
        "authorisation": "Upoważnienie Prezydenta m.st. Warszawy nr 12/2024",
        "scope": ["care_upbringing", "household"],
        "help_forms": ["advice", "learning"],
        **changes,
    }


def terms(**changes) -> dict:
    today = timezone.localdate()
    return {
        "support_family_signatories": "Anna Kowalska, Jan Kowalski",
        "valid_from": today - datetime.timedelta(days=60),
        "valid_to": today + datetime.timedelta(days=300),
        "scope": "Pomoc w opiece nad dziećmi po szkole i w nauce.",
        "categories": ["food", "learning", "travel"],
        "monthly_limit": Decimal("500.00"),
        "total_limit": Decimal("3000.00"),
        "reimbursement_rules": "Zwrot na podstawie faktur złożonych do 10. dnia następnego miesiąca.",
        **changes,
    }


def scan(name: str = "faktura.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, scan_pdf("invoice"), content_type="application/pdf")


def invoice_data(**changes) -> dict:
    return {
        "number": "FV/1/2026",
        "issuer": "Sklep Społem",
        "issue_date": days_ago(2),
        "amount": Decimal("100.00"),
        "category": "food",
        "description": "Artykuły spożywcze",
        "scan": scan(),
        **changes,
    }


def build_support_family(
    worker, *, head, assistant, stage: str = "signed", family=None, contract_terms: dict | None = None
):
    """A support family of a family `assistant` works with, up to `stage`; returns the support family
    (its contract, if any, is `support_family.contracts.get()`)."""
    family = family or build_family(worker, stage="assigned", head=head, assistant=assistant)
    support_family = services.support_family_propose(actor=assistant, family=family, data=proposal(worker))
    if stage == "proposed":
        return support_family
    exclusions = {"alcohol_problem": True} if stage == "ineligible" else {}
    services.support_family_interview(
        actor=worker, support_family=support_family, data=interview_data(**exclusions)
    )
    support_family.refresh_from_db()
    if stage in ("eligible", "ineligible"):
        return support_family
    services.support_family_establish(actor=head, support_family=support_family, data=establishment())
    support_family.refresh_from_db()
    if stage == "established":
        return support_family
    contract = services.contract_create(
        actor=head, support_family=support_family, data=terms(**(contract_terms or {}))
    )
    if stage == "signed":
        services.contract_sign(actor=head, contract=contract, signed_on=timezone.localdate())
    support_family.refresh_from_db()
    return support_family


def signed_contract(worker, *, head, assistant, **contract_terms):
    support_family = build_support_family(
        worker, head=head, assistant=assistant, stage="signed", contract_terms=contract_terms
    )
    return support_family.contracts.get()
