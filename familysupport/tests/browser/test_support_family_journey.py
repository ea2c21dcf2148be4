"""A support family's whole path, clicked through in Chromium by each person in turn (issue 4).

The family's assistant proposes two candidate households and lists their members; the social
worker interviews both: one is eligible, to the other an exclusion applies, and the head can
never establish it. The head establishes the eligible one, drafts and signs its contract and
prints it. Staff register two invoices with their scans; the head approves the first, and the
second, which would exceed the monthly limit, cannot be approved (the rule refuses it even when
the disabled button is forced), so the head refuses it with a reason. Staff record the payment of
the approved one and the contract shows its remaining limit lowered by it. The head of the other
centre finds none of it.

As in test_journey.py, buttons and links are found by where they lead, never by their words.
"""

import io
import zlib
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from conftest import build_family, scan_pdf
from familysupport.models import AuditAction, AuditEvent
from familysupport.steps import CONFIRMED
from familysupport.tests.browser.test_journey import (
    confirm_step,
    expect_at,
    follow,
    iso,
    link,
    navigate,
    open_section,
    submit,
    url,
)
from supportfamilies.models import (
    Contract,
    ContractStatus,
    EligibilityInterview,
    Exclusion,
    Invoice,
    InvoiceStatus,
    SupportFamily,
    SupportFamilyStatus,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ELIGIBLE = "Maria i Tomasz Wróblewscy"
INELIGIBLE = "Ewa i Piotr Nowaccy"
LIMITS = "aside[aria-labelledby=limits-heading] dl strong"


def png() -> bytes:
    """A valid 1×1 white PNG, built here so the test carries no binary file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def propose(page: Page, family, *, name: str, relation: str, members: list[tuple[str, str, str, str]]):
    page.goto(url("cases:family_detail", family_id=family.pk))
    open_section(page, family, "support")
    follow(page, "supportfamilies:support_family_propose", family_id=family.pk)
    page.fill("#id_name", name)
    page.fill("#id_street", "ul. Grójecka 40 m. 2")
    page.fill("#id_postal_code", "02-320")
    page.fill("#id_city", "Warszawa")
    page.fill("#id_relation", relation)
    page.fill("#id_reasons", "Pomogą matce w opiece nad dziećmi po szkole i w odrabianiu lekcji.")
    page.select_option("#id_basis", "consent")
    page.fill("#id_consent_given_by", "Matka, Joanna Zielińska")
    page.fill("#id_consent_given_on", iso(1))
    page.select_option("#id_consent_form", "written")
    page.set_input_files(
        "#id_consent_scan",
        files=[{"name": "zgoda.pdf", "mimeType": "application/pdf", "buffer": scan_pdf("zgoda")}],
    )
    submit(page)
    support_family = SupportFamily.objects.get(family=family, name=name)
    expect_at(page, "supportfamilies:support_family_detail", support_family_id=support_family.pk)
    assert support_family.status == SupportFamilyStatus.PROPOSED
    assert support_family.proposed_by.username == "adam"
    assert support_family.interviewer.username == "anna"  # the family's social worker, proposed by default
    assert support_family.consent_scan
    expect(page.locator("h1")).to_have_text(name)

    for first_name, last_name, birth_date, role in members:
        follow(page, "supportfamilies:support_family_member_add", support_family_id=support_family.pk)
        page.fill("#id_first_name", first_name)
        page.fill("#id_last_name", last_name)
        page.fill("#id_birth_date", birth_date)
        page.fill("#id_role", role)
        submit(page)
        expect_at(page, "supportfamilies:support_family_detail", support_family_id=support_family.pk)
        expect(page.locator("#candidate-heading ~ .table-responsive table")).to_contain_text(
            f"{first_name} {last_name}"
        )
    assert support_family.members.count() == len(members)
    return support_family


def interview(page: Page, support_family: SupportFamily, *, applies: set[str]) -> None:
    navigate(page, "supportfamilies:interview_list")
    follow(page, "supportfamilies:interview_detail", support_family_id=support_family.pk)
    follow(page, "supportfamilies:interview_record", support_family_id=support_family.pk)
    page.fill("#id_conducted_on", iso(0))
    page.fill("#id_place", "mieszkanie kandydatów")
    page.fill("#id_findings", "Rozmowa z oboma małżonkami; mieszkanie zadbane.")
    for code in Exclusion.values:
        page.check(f"input[name={code}][value={'yes' if code in applies else 'no'}]")
        page.fill(f"#id_{code}_basis", "Oświadczenie kandydatów i wywiad środowiskowy")
    submit(page)
    expect_at(page, "supportfamilies:interview_detail", support_family_id=support_family.pk)
    support_family.refresh_from_db()
    record = EligibilityInterview.objects.get(support_family=support_family)
    assert record.author.username == "anna"
    assert record.eligible == (not applies)
    assert support_family.status == (
        SupportFamilyStatus.INELIGIBLE if applies else SupportFamilyStatus.ELIGIBLE
    )
    # Recorded once: the page offers no second interview.
    expect(
        page.locator(link("supportfamilies:interview_record", support_family_id=support_family.pk))
    ).to_have_count(0)


def establish_refused(page: Page, support_family: SupportFamily) -> None:
    """An ineligible candidate is not offered to the head for establishment, and forced, is refused."""
    navigate(page, "supportfamilies:support_family_list")
    follow(page, "supportfamilies:support_family_detail", support_family_id=support_family.pk)
    expect(page.locator("h1")).to_have_text(support_family.name)
    expect(
        page.locator(link("supportfamilies:support_family_establish", support_family_id=support_family.pk))
    ).to_have_count(0)
    expect(
        page.locator(link("supportfamilies:contract_create", support_family_id=support_family.pk))
    ).to_have_count(0)
    page.goto(url("supportfamilies:support_family_establish", support_family_id=support_family.pk))
    fill_establishment(page)
    submit(page)
    # The confirm page says why not, and offers no button to establish it.
    expect_at(page, "supportfamilies:support_family_establish", support_family_id=support_family.pk)
    expect(page.locator("main .alert-info[role=status]")).to_be_visible()
    expect(page.locator(f"button[name={CONFIRMED}]")).to_have_count(0)
    support_family.refresh_from_db()
    assert support_family.status == SupportFamilyStatus.INELIGIBLE
    assert support_family.established_on is None


def fill_establishment(page: Page) -> None:
    page.fill("#id_established_on", iso(0))
    page.fill("#id_authorisation", "Upoważnienie Prezydenta m.st. Warszawy nr 12/2024")
    page.check("input[name=scope][value=care_upbringing]")
    page.check("input[name=scope][value=household]")
    page.check("input[name=help_forms][value=advice]")
    page.check("input[name=help_forms][value=learning]")


def establish(page: Page, support_family: SupportFamily) -> None:
    navigate(page, "supportfamilies:support_family_list")
    follow(page, "supportfamilies:support_family_detail", support_family_id=support_family.pk)
    follow(page, "supportfamilies:support_family_establish", support_family_id=support_family.pk)
    fill_establishment(page)
    submit(page)
    confirm_step(page)
    expect_at(page, "supportfamilies:support_family_detail", support_family_id=support_family.pk)
    support_family.refresh_from_db()
    assert support_family.status == SupportFamilyStatus.ESTABLISHED
    assert support_family.established_by.username == "helena"
    assert support_family.established_on == timezone.localdate()
    assert support_family.scope == ["care_upbringing", "household"]
    assert support_family.help_forms == ["advice", "learning"]
    expect(page.locator("#establishment-heading")).to_be_visible()


def draft_and_sign_contract(page: Page, support_family: SupportFamily) -> Contract:
    follow(page, "supportfamilies:contract_create", support_family_id=support_family.pk)
    page.fill("#id_support_family_signatories", "Maria Wróblewska, Tomasz Wróblewski")
    page.fill("#id_valid_from", iso(30))
    page.fill("#id_valid_to", iso(-335))
    page.check("input[name=categories][value=food]")
    page.check("input[name=categories][value=learning]")
    page.fill("#id_monthly_limit", "500,00")
    page.fill("#id_total_limit", "1200,00")
    page.fill("#id_reimbursement_rules", "Zwrot na podstawie faktur złożonych do 10. dnia miesiąca.")
    submit(page)
    contract = support_family.contracts.get()
    expect_at(page, "supportfamilies:contract_detail", contract_id=contract.pk)
    assert contract.status == ContractStatus.DRAFT
    assert contract.categories == ["food", "learning"]
    assert (contract.monthly_limit, contract.total_limit) == (Decimal("500.00"), Decimal("1200.00"))
    expect(page.locator("h1")).to_contain_text(contract.number)

    follow(page, "supportfamilies:contract_sign", contract_id=contract.pk)
    page.fill("#id_signed_on", iso(0))
    submit(page)
    confirm_step(page)
    expect_at(page, "supportfamilies:contract_detail", contract_id=contract.pk)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED
    assert contract.signed_by.username == "helena"
    # Signed means in force: no more changes, the full limit remains.
    expect(page.locator(link("supportfamilies:contract_edit", contract_id=contract.pk))).to_have_count(0)
    expect(page.locator(LIMITS)).to_have_text("1\u00a0200,00\u00a0zł")
    return contract


def download_contract(page: Page, contract: Contract) -> None:
    pdf_link = page.locator(f"main {link('supportfamilies:contract_pdf', contract_id=contract.pk)}")
    expect(pdf_link).to_be_visible()
    document = page.request.get(pdf_link.get_attribute("href"))
    assert document.status == 200
    assert document.headers["content-type"] == "application/pdf"
    assert document.body().startswith(b"%PDF")
    text = "".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(document.body())).pages)
    assert contract.number in text
    assert "Wróblewska" in text
    assert AuditEvent.objects.filter(
        actor__username="helena", action=AuditAction.DOWNLOAD, object_id=str(contract.pk)
    ).exists()


def register_invoice(page: Page, contract: Contract, *, number: str, amount: str, category: str, scan):
    navigate(page, "supportfamilies:invoice_list")
    follow(page, "supportfamilies:invoice_contracts")
    follow(page, "supportfamilies:invoice_register", contract_id=contract.pk)
    page.fill("#id_number", number)
    page.fill("#id_issuer", "Sklep Społem Ochota")
    page.fill("#id_issue_date", iso(0))
    page.fill("#id_amount", amount)
    page.select_option("#id_category", category)
    page.fill("#id_description", "Zakupy dla dzieci")
    page.set_input_files("#id_scan", files=[scan])
    submit(page)
    invoice = contract.invoices.get(number=number)
    expect_at(page, "supportfamilies:invoice_detail", invoice_id=invoice.pk)
    assert invoice.status == InvoiceStatus.REGISTERED
    assert invoice.registered_by.username == "stefan"
    assert invoice.amount == Decimal(amount.replace(",", "."))
    # Staff see the invoice and its contract's number, but not the case: no link to the contract.
    expect(page.locator(link("supportfamilies:contract_detail", contract_id=contract.pk))).to_have_count(0)
    return invoice


def approve(page: Page, invoice: Invoice) -> None:
    navigate(page, "supportfamilies:invoice_list")
    follow(page, "supportfamilies:invoice_detail", invoice_id=invoice.pk)
    follow(page, "supportfamilies:invoice_approve", invoice_id=invoice.pk)
    confirm_step(page)
    expect_at(page, "supportfamilies:invoice_detail", invoice_id=invoice.pk)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.APPROVED
    assert invoice.decided_by.username == "helena"
    expect(page.locator(link("supportfamilies:invoice_approve", invoice_id=invoice.pk))).to_have_count(0)


def over_the_limit_refused(page: Page, invoice: Invoice) -> None:
    """The rule refuses the approval: the button is disabled, and forced, the service says no."""
    navigate(page, "supportfamilies:invoice_list")
    follow(page, "supportfamilies:invoice_detail", invoice_id=invoice.pk)
    expect(page.locator("main button[disabled]")).to_have_count(1)
    expect(page.locator(link("supportfamilies:invoice_approve", invoice_id=invoice.pk))).to_have_count(0)
    expect(page.locator("main .alert-warning")).to_be_visible()
    # Forced: the confirm page names what is wrong and offers no button to approve it.
    page.goto(url("supportfamilies:invoice_approve", invoice_id=invoice.pk))
    expect(page.locator("main .alert-info[role=status] li").first).to_be_visible()
    expect(page.locator(f"button[name={CONFIRMED}]")).to_have_count(0)
    follow(page, "supportfamilies:invoice_detail", invoice_id=invoice.pk)  # its Back link
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.REGISTERED
    assert invoice.decided_by is None

    follow(page, "supportfamilies:invoice_refuse", invoice_id=invoice.pk)
    page.fill("#id_reason", "Faktura przekracza miesięczny limit zwrotu określony w umowie.")
    submit(page)
    confirm_step(page)
    expect_at(page, "supportfamilies:invoice_detail", invoice_id=invoice.pk)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.REFUSED
    assert invoice.refusal_reason.startswith("Faktura przekracza")
    expect(page.locator("main")).to_contain_text("Faktura przekracza miesięczny limit")
    expect(page.locator(link("supportfamilies:invoice_refuse", invoice_id=invoice.pk))).to_have_count(0)


def mark_paid(page: Page, invoice: Invoice) -> None:
    navigate(page, "supportfamilies:invoice_list")
    follow(page, "supportfamilies:invoice_detail", invoice_id=invoice.pk)
    follow(page, "supportfamilies:invoice_paid", invoice_id=invoice.pk)
    page.fill("#id_paid_on", iso(0))
    submit(page)
    confirm_step(page)
    expect_at(page, "supportfamilies:invoice_detail", invoice_id=invoice.pk)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert invoice.paid_on == timezone.localdate()
    expect(page.locator(link("supportfamilies:invoice_paid", invoice_id=invoice.pk))).to_have_count(0)


def test_a_support_family_from_the_proposal_to_a_paid_invoice(page_for, anna, helena, adam, stefan, bartosz):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)

    assistant = page_for(adam)
    eligible = propose(
        assistant,
        family,
        name=ELIGIBLE,
        relation="sąsiedzi rodziny",
        members=[
            ("Maria", "Wróblewska", "1968-04-12", "żona"),
            ("Tomasz", "Wróblewski", "1965-09-30", "mąż"),
        ],
    )
    ineligible = propose(
        assistant,
        family,
        name=INELIGIBLE,
        relation="chrzestna dziecka",
        members=[("Ewa", "Nowacka", "1975-01-20", "chrzestna dziecka")],
    )

    worker = page_for(anna)
    interview(worker, eligible, applies=set())
    interview(worker, ineligible, applies={Exclusion.CONVICTION.value})

    head = page_for(helena)
    establish_refused(head, ineligible)
    establish(head, eligible)
    contract = draft_and_sign_contract(head, eligible)
    download_contract(head, contract)

    staff = page_for(stefan)
    within = register_invoice(
        staff,
        contract,
        number="FV/301/2026",
        amount="300,00",
        category="food",
        scan={"name": "faktura.pdf", "mimeType": "application/pdf", "buffer": scan_pdf("fv")},
    )
    # Alone it fits; with the first approved, the month would hold 550 zł against a limit of 500 zł.
    over = register_invoice(
        staff,
        contract,
        number="FV/302/2026",
        amount="250,00",
        category="learning",
        scan={"name": "faktura.png", "mimeType": "image/png", "buffer": png()},
    )

    approve(head, within)
    expect(head.locator(LIMITS)).to_have_text("900,00\u00a0zł")
    over_the_limit_refused(head, over)

    mark_paid(staff, within)

    head.goto(url("supportfamilies:contract_detail", contract_id=contract.pk))
    expect(head.locator(LIMITS)).to_have_text("900,00\u00a0zł")
    statuses = dict(contract.invoices.values_list("number", "status"))
    assert statuses == {"FV/301/2026": InvoiceStatus.PAID, "FV/302/2026": InvoiceStatus.REFUSED}

    # The head of the other centre: none of it exists for him.
    other = page_for(bartosz)
    for address in (
        url("supportfamilies:support_family_detail", support_family_id=eligible.pk),
        url("supportfamilies:support_family_detail", support_family_id=ineligible.pk),
        url("supportfamilies:contract_detail", contract_id=contract.pk),
        url("supportfamilies:invoice_detail", invoice_id=within.pk),
    ):
        assert other.goto(address).status == 404
        expect(other.locator("body")).not_to_contain_text(ELIGIBLE)
    assert other.request.get(url("supportfamilies:contract_pdf", contract_id=contract.pk)).status == 404
