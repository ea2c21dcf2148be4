"""Support families in the demo (seed_demo): one at each stage, through the same services as the pages.

Called by tools.demo.DemoSeeder for each centre, after its showcase families exist. Each
support family is proposed by the family's assistant and interviewed by the family's own social
worker, so nobody meets a family reference the manifest does not already give them.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from assistants.models import Assignment
from assistants.selectors.lifecycle import active_assignment
from cases.models import Family
from supportfamilies import services
from supportfamilies.models import Exclusion
from tools.demo.scans import scan_pdf


def _proposal(family: Family, name: str, relation: str, street: str, today: datetime.date) -> dict:
    return {
        "name": name,
        "street": street,
        "postal_code": "02-031",
        "city": "Warszawa",
        "phone": "",
        "relation": relation,
        "basis": "consent",
        "consent_given_by": "Matka",
        "consent_given_on": today,
        "consent_form": "written",
        "reasons": "Rodzina zna dzieci i może pomóc w opiece po szkole oraz w nauce.",
        "interviewer": family.social_worker,
    }


def _interview(today: datetime.date, **applying) -> dict:
    data = {
        "conducted_on": today,
        "place": "mieszkanie kandydatów",
        "findings": "Dom zadbany, rodzina zgodna.",
    }
    for code in Exclusion.values:
        data[code] = applying.get(code, False)
        data[f"{code}_basis"] = applying.get(f"{code}_basis", "Oświadczenie kandydatów i rozmowa.")
    return data


def _establish(today: datetime.date) -> dict:
    return {
        "established_on": today,
        "authorisation": "Upoważnienie Prezydenta m.st. Warszawy nr 187/2024 z dnia 15.01.2024",
        "scope": ["care_upbringing", "household", "social_roles"],
        "help_forms": ["advice", "family_time", "learning", "budget"],
    }


def _terms(today: datetime.date, signatories: str, **changes) -> dict:
    return {
        "support_family_signatories": signatories,
        "valid_from": today - datetime.timedelta(days=100),
        "valid_to": today + datetime.timedelta(days=265),
        "scope": "Opieka nad dziećmi po szkole dwa razy w tygodniu, pomoc w odrabianiu lekcji, "
        "wspólne planowanie budżetu domowego.",
        "categories": ["food", "child", "learning", "travel"],
        "monthly_limit": Decimal("600.00"),
        "total_limit": Decimal("2000.00"),
        "reimbursement_rules": "Zwrot kosztów na podstawie faktur wystawionych na członka rodziny "
        "wspierającej, "
        "złożonych do 10. dnia następnego miesiąca; wypłata przelewem w ciągu 14 dni od zatwierdzenia.",
        **changes,
    }


def _invoice(contract, staff, *, number: str, issuer: str, day: datetime.date, amount: str, category: str):
    return services.invoice_register(
        actor=staff,
        contract=contract,
        data={
            "number": number,
            "issuer": issuer,
            "issue_date": day,
            "amount": Decimal(amount),
            "category": category,
            "description": "",
            "scan": SimpleUploadedFile("faktura.pdf", scan_pdf("faktura"), content_type="application/pdf"),
        },
    )


def seed_support_families(*, centre, head, staff, today: datetime.date) -> None:
    """Support families at each stage in the centre: a proposal, an ineligible candidate, an eligible
    one, one established with a draft contract, and one with a signed contract near its limit."""
    families = {
        family.name.removeprefix("Rodzina "): family
        for family in Family.objects.filter(
            centre=centre, pk__in=Assignment.objects.active().values("family")
        )
    }
    near_limit, court, second = families["Malinowski"], families["Górski"], families["Sikora"]

    def propose(family, name, relation, street):
        assistant = active_assignment(family).assistant.user
        return services.support_family_propose(
            actor=assistant, family=family, data=_proposal(family, name, relation, street, today)
        )

    # Proposed: the interview is due.
    propose(court, "Ewa i Piotr Górscy", "wujostwo dzieci", "ul. Opaczewska 12")
    # Ineligible: no stable source of income; it can never be established.
    candidate = propose(court, "Halina Zawadzka", "sąsiadka", "ul. Szczęśliwicka 40")
    services.support_family_interview(
        actor=court.social_worker,
        support_family=candidate,
        data=_interview(
            today, no_stable_income=True, no_stable_income_basis="Brak stałego dochodu od pół roku, zasiłek."
        ),
    )
    # Eligible: the head's establishment is due.
    candidate = propose(second, "Teresa Sikora", "babcia dzieci", "ul. Kaliska 7")
    services.support_family_interview(
        actor=second.social_worker, support_family=candidate, data=_interview(today)
    )
    # Established, with a contract drafted for signatures.
    candidate = propose(second, "Maria i Adam Rutkowscy", "chrzestni Filipa", "ul. Banacha 21")
    services.support_family_interview(
        actor=second.social_worker, support_family=candidate, data=_interview(today)
    )
    services.support_family_establish(actor=head, support_family=candidate, data=_establish(today))
    services.contract_create(
        actor=head,
        support_family=candidate,
        data=_terms(today, "Maria Rutkowska, Adam Rutkowski", valid_from=today),
    )
    # A signed contract near its total limit, with invoices paid, approved, refused and waiting.
    candidate = propose(near_limit, "Zofia i Marek Malinowscy", "dziadkowie dzieci", "ul. Grójecka 88")
    services.support_family_interview(
        actor=near_limit.social_worker, support_family=candidate, data=_interview(today)
    )
    services.support_family_establish(actor=head, support_family=candidate, data=_establish(today))
    contract = services.contract_create(
        actor=head, support_family=candidate, data=_terms(today, "Zofia Malinowska, Marek Malinowski")
    )
    contract = services.contract_sign(actor=head, contract=contract, signed_on=today)
    # 35 days apart: each invoice falls in a month of its own, under the monthly limit.
    approved = [
        ("FV/2031/01", "Społem WSS Śródmieście", 85, "500.00", "food"),
        ("FV/877/02", "Księgarnia Matras", 50, "550.00", "learning"),
        ("12/03/RACH", "ZTM Warszawa", 15, "580.00", "travel"),
    ]
    for n, (number, issuer, days, amount, category) in enumerate(approved):
        invoice = _invoice(
            contract,
            staff,
            number=number,
            issuer=issuer,
            day=today - datetime.timedelta(days=days),
            amount=amount,
            category=category,
        )
        services.invoice_approve(actor=head, invoice=invoice)
        if n == 0:
            services.invoice_mark_paid(actor=staff, invoice=invoice, paid_on=today)
    refused = _invoice(
        contract,
        staff,
        number="FV/55/2026",
        issuer="Sklep Odzieżowy Kubuś",
        day=today - datetime.timedelta(days=14),
        amount="120.00",
        category="child",
    )
    services.invoice_refuse(
        actor=head, invoice=refused, reason="Faktura wystawiona na osobę spoza rodziny wspierającej."
    )
    # Registered in error (another family's receipt) and withdrawn before the head's decision.
    mistaken = _invoice(
        contract,
        staff,
        number="PAR/17/2026",
        issuer="Apteka Na Grójeckiej",
        day=today - datetime.timedelta(days=3),
        amount="37.50",
        category="child",
    )
    services.invoice_withdraw(
        actor=staff, invoice=mistaken, reason="Paragon innej rodziny, dołączony do teczki omyłkowo."
    )
    # Waiting: it would take the contract over its limits, which the head's page shows.
    _invoice(
        contract,
        staff,
        number="FV/98/2026",
        issuer="Społem WSS Śródmieście",
        day=today - datetime.timedelta(days=2),
        amount="400.00",
        category="food",
    )
