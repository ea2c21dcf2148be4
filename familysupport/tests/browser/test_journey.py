"""The path of one family through the department, clicked through in Chromium by each person in turn.

A social worker registers the family and the report, fills and signs the interview, records the
analysis and the consent and submits the request; the head assigns an assistant; the assistant
drafts the work plan, records a visit and writes the court's opinion (the court's letter was
registered by staff); the head signs the opinion off; staff print it and record its dispatch.
Then the family's support family (established and under contract through the services) hands in
an invoice: staff register it with its scan, and the head approves it for reimbursement.

Buttons and links are found by where they lead (a form's action, a link's href), not by their
words, so the test does not depend on the translation; what it checks is what the person sees
change and what the database then holds.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from assistants.models import CourtOpinion, OpinionStatus, PlanStatus, Visit
from cases.models import Family, FamilyStatus, InterviewStatus, RequestStatus
from conftest import days_ago, scan_pdf
from familysupport.steps import CONFIRMED
from supportfamilies.models import InvoiceStatus
from supportfamilies.tests.builders import build_support_family

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs)


def link(name: str, **kwargs) -> str:
    """The link to the named URL."""
    return f'a[href="{url(name, **kwargs)}"]'


def button(name: str, **kwargs) -> str:
    """The submit button of the form that posts to the named URL."""
    return f'form[action="{url(name, **kwargs)}"] button[type=submit]'


def submit(page: Page, selector: str = "main form[method=post] button[type=submit]") -> None:
    """Press a submit button and wait for the page the server answers with."""
    with page.expect_navigation():
        page.locator(selector).first.click()


def confirm_step(page: Page) -> None:
    """Read the confirm page of an irreversible step (what will be recorded, what will be locked)
    and press its confirm button."""
    expect(page.locator("[data-confirm=locks]")).to_be_visible()
    submit(page, f"button[name={CONFIRMED}]")


def follow(page: Page, name: str, **kwargs) -> None:
    """Click the link to the named URL in the page's content, as the person would."""
    with page.expect_navigation():
        page.locator(f"main {link(name, **kwargs)}").first.click()


def navigate(page: Page, name: str) -> None:
    """Click the entry of the navigation bar."""
    with page.expect_navigation():
        page.locator(f"#main-nav {link(name)}").click()


def open_section(page: Page, family: Family, section: str) -> None:
    """Click the section of the family page in its section nav, as the person would."""
    address = f"{url('cases:family_detail', family_id=family.pk)}?section={section}"
    with page.expect_navigation():
        page.locator(f'main nav[aria-label="Sekcje sprawy"] a[href="{address}"]').click()
    expect(page.locator(f'main nav a[href="{address}"]')).to_have_attribute("aria-current", "page")


def expect_at(page: Page, name: str, **kwargs) -> None:
    expect(page).to_have_url(re.compile(re.escape(url(name, **kwargs)) + r"(\?.*)?$"))


def iso(days_back: int) -> str:
    return days_ago(days_back).isoformat()


def register_family(page: Page) -> Family:
    navigate(page, "cases:family_register")
    page.fill("#id_family-name", "Rodzina Zielińskich")
    page.fill("#id_family-street", "ul. Opaczewska 12 m. 4")
    page.fill("#id_family-postal_code", "02-372")
    page.fill("#id_family-city", "Warszawa")
    page.fill("#id_report-received_on", iso(3))
    page.select_option("#id_report-source", "school")
    page.fill("#id_report-description", "Szkoła zgłasza częste nieobecności dwojga dzieci.")
    submit(page)
    family = Family.objects.get(name="Rodzina Zielińskich")
    expect_at(page, "cases:family_detail", family_id=family.pk)
    expect(page.locator("h1")).to_contain_text(family.reference)
    return family


def fill_and_sign_interview(page: Page, family: Family) -> None:
    open_section(page, family, "case")
    submit(page, button("cases:interview_start", family_id=family.pk))
    interview = family.interviews.get()
    expect_at(page, "cases:interview_edit", family_id=family.pk, interview_id=interview.pk)
    page.fill("#id_conducted_on", iso(1))
    page.fill("#id_place", "mieszkanie rodziny")
    page.fill("#id_present", "matka, dwoje dzieci")
    page.fill("#id_composition", "Matka i dwoje dzieci w wieku szkolnym")
    page.fill("#id_housing", "Dwa pokoje, ogrzewanie piecowe")
    page.fill("#id_income", "Zasiłek rodzinny")
    page.fill("#id_care_upbringing", "Trudności z organizacją dnia dzieci")
    page.check('input[name=problems][value="helplessness"]')
    page.fill("#id_diagnosis", "Rodzina potrzebuje wsparcia asystenta rodziny")
    submit(page, "button[name=sign]")
    expect_at(page, "cases:interview_sign", family_id=family.pk, interview_id=interview.pk)
    confirm_step(page)
    expect_at(page, "cases:interview_detail", family_id=family.pk, interview_id=interview.pk)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.SIGNED
    expect(page.locator("main")).to_contain_text(str(InterviewStatus.SIGNED.label))
    # Signed means locked: the edit page sends the worker back to the protocol.
    page.goto(url("cases:interview_edit", family_id=family.pk, interview_id=interview.pk))
    expect_at(page, "cases:interview_detail", family_id=family.pk, interview_id=interview.pk)


def record_analysis_and_consent(page: Page, family: Family) -> None:
    page.goto(url("cases:family_detail", family_id=family.pk))
    open_section(page, family, "case")
    follow(page, "cases:analysis_add", family_id=family.pk)
    page.check('input[name=conclusion][value="assistant"]')
    page.fill("#id_justification", "Bezradność w sprawach opiekuńczo-wychowawczych.")
    submit(page)
    expect_at(page, "cases:family_detail", family_id=family.pk)
    family.refresh_from_db()
    assert family.status == FamilyStatus.ANALYSED

    open_section(page, family, "case")
    follow(page, "cases:consent_add", family_id=family.pk)
    page.check('input[name=basis][value="consent"]')
    page.fill("#id_given_on", iso(0))
    page.fill("#id_given_by", "Matka, Joanna Zielińska")
    page.select_option("#id_form", "written")
    submit(page)
    expect_at(page, "cases:family_detail", family_id=family.pk)
    assert family.consents.count() == 1
    open_section(page, family, "case")
    expect(page.locator("#consent-heading + ul")).to_contain_text("Joanna Zielińska")


def submit_request(page: Page, family: Family) -> None:
    follow(page, "cases:request_add", family_id=family.pk)
    page.fill("#id_justification", "Rodzina wymaga wsparcia asystenta rodziny w organizacji dnia dzieci.")
    submit(page)
    request = family.requests.get()
    expect_at(page, "cases:request_detail", family_id=family.pk, request_id=request.pk)
    follow(page, "cases:request_submit", family_id=family.pk, request_id=request.pk)
    confirm_step(page)
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    expect(page.locator("main")).to_contain_text(str(RequestStatus.SUBMITTED.label))


def assign_assistant(page: Page, family: Family, assistant) -> None:
    request = family.requests.get()
    navigate(page, "cases:requests_pending")
    expect(page.locator("main")).to_contain_text(family.reference)
    follow(page, "assistants:request_decide", family_id=family.pk, request_id=request.pk)
    page.check('input[name=outcome][value="assign"]')
    page.select_option("#id_assistant", str(assistant.assistant_profile.pk))
    submit(page)
    expect(page.locator("main")).to_contain_text(assistant.get_full_name())  # the decision, summed up
    confirm_step(page)
    expect_at(page, "cases:family_detail", family_id=family.pk)
    family.refresh_from_db()
    assert family.status == FamilyStatus.ASSISTANT_ASSIGNED
    expect(page.locator("#data-heading + dl")).to_contain_text(assistant.get_full_name())


def register_court_letter(page: Page, family: Family) -> None:
    navigate(page, "assistants:court_register")
    follow(page, "assistants:court_register_add")
    page.fill("#id_family_reference", family.reference)
    page.fill("#id_case_signature", "III Nsm 412/26")
    page.fill("#id_court", "Sąd Rejonowy dla Warszawy-Ochoty")
    page.fill("#id_division", "III Wydział Rodzinny i Nieletnich")
    page.fill("#id_letter_date", iso(2))
    page.fill("#id_received_on", iso(1))
    page.fill("#id_deadline", iso(-21))
    page.fill("#id_request_text", "Sąd prosi o opinię asystenta rodziny o sytuacji dzieci.")
    submit(page)
    court_request = family.court_requests.get()
    expect_at(page, "assistants:court_register_detail", court_request_id=court_request.pk)
    expect(page.locator("h1")).to_contain_text("III Nsm 412/26")


def open_from_family_list(page: Page, family: Family) -> None:
    navigate(page, "cases:family_list")
    follow(page, "cases:family_detail", family_id=family.pk)
    expect(page.locator("h1")).to_contain_text(family.reference)


def draft_and_accept_work_plan(page: Page, family: Family) -> None:
    open_section(page, family, "plan")
    submit(page, button("assistants:work_plan_create", family_id=family.pk))
    plan = family.work_plans.get()
    expect_at(page, "assistants:work_plan_edit", family_id=family.pk, plan_id=plan.pk)
    page.fill("#id_plan-consulted_on", iso(0))
    # The goal is added on the same page (htmx), before the plan is saved.
    page.fill("#id_new_goal_goal", "Dzieci chodzą do szkoły regularnie")
    page.fill("#id_new_goal_actions", "Wspólne planowanie tygodnia, kontakt z wychowawcą")
    page.select_option("#id_new_goal_performer", "assistant")
    page.fill("#id_new_goal_deadline", iso(-90))
    page.fill("#id_new_goal_expected_effect", "Frekwencja powyżej 90%")
    page.locator(
        f'form[action="{url("assistants:plan_goal_add", family_id=family.pk, plan_id=plan.pk)}"] button'
    ).click()
    expect(page.locator('#plan-goals input[value="Dzieci chodzą do szkoły regularnie"]')).to_be_visible()
    submit(page, "button[name=accept]")
    expect_at(page, "assistants:work_plan_accept", family_id=family.pk, plan_id=plan.pk)
    page.fill("#id_accepted_by", "Joanna Zielińska")
    submit(page)
    confirm_step(page)
    expect_at(page, "assistants:work_plan_detail", family_id=family.pk, plan_id=plan.pk)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACCEPTED
    assert plan.goals.count() == 1
    expect(page.locator("main")).to_contain_text("Dzieci chodzą do szkoły regularnie")


def record_visit(page: Page, family: Family) -> None:
    page.goto(url("cases:family_detail", family_id=family.pk))
    open_section(page, family, "plan")
    follow(page, "assistants:visit_add", family_id=family.pk)
    page.select_option("#id_kind", "home")
    page.fill("#id_duration_minutes", "90")
    page.fill("#id_place", "mieszkanie rodziny")
    page.fill("#id_present", "matka, dzieci")
    page.fill("#id_activities", "Ustalenie planu dnia, rozmowa o odrabianiu lekcji")
    submit(page)
    expect_at(page, "assistants:visit_list", family_id=family.pk)
    assert Visit.objects.filter(assignment__family=family).count() == 1
    expect(page.locator("main")).to_contain_text("Ustalenie planu dnia")


def write_court_opinion(page: Page, family: Family) -> CourtOpinion:
    court_request = family.court_requests.get()
    page.goto(url("cases:family_detail", family_id=family.pk))
    open_section(page, family, "court")
    follow(page, "assistants:court_request_detail", family_id=family.pk, court_request_id=court_request.pk)
    submit(
        page,
        button("assistants:court_opinion_start", family_id=family.pk, court_request_id=court_request.pk),
    )
    opinion = court_request.opinions.get()
    expect_at(page, "assistants:court_opinion_edit", family_id=family.pk, opinion_id=opinion.pk)
    for name in CourtOpinion.SECTIONS:
        page.fill(f"#id_{name}", f"Treść opinii: {name}.")
    submit(page, "button[name=submit]")
    expect_at(page, "assistants:court_opinion_submit", family_id=family.pk, opinion_id=opinion.pk)
    confirm_step(page)
    expect_at(page, "assistants:court_opinion_detail", family_id=family.pk, opinion_id=opinion.pk)
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.SUBMITTED
    expect(page.locator("main")).to_contain_text(str(OpinionStatus.SUBMITTED.label).capitalize())
    return opinion


def sign_off_opinion(page: Page, family: Family, opinion: CourtOpinion) -> None:
    page.goto(url("assistants:court_opinion_detail", family_id=family.pk, opinion_id=opinion.pk))
    follow(page, "assistants:court_opinion_approve", family_id=family.pk, opinion_id=opinion.pk)
    confirm_step(page)
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.ISSUED
    expect(page.locator("main")).to_contain_text(str(OpinionStatus.ISSUED.label).capitalize())
    expect(
        page.locator(link("assistants:court_opinion_pdf", family_id=family.pk, opinion_id=opinion.pk))
    ).to_be_visible()


def print_and_dispatch(page: Page, opinion: CourtOpinion) -> None:
    court_request = opinion.court_request
    navigate(page, "assistants:court_register")
    follow(page, "assistants:court_register_detail", court_request_id=court_request.pk)
    pdf_link = page.locator(
        "main "
        + link(
            "assistants:court_register_opinion_pdf", court_request_id=court_request.pk, opinion_id=opinion.pk
        )
    )
    expect(pdf_link).to_be_visible()
    # The link opens the stored document; fetched with the page's own session, it is that PDF.
    document = page.request.get(pdf_link.get_attribute("href"))
    assert document.status == 200
    assert document.headers["content-type"] == "application/pdf"
    assert document.body().startswith(b"%PDF")

    follow(
        page, "assistants:court_register_dispatch", court_request_id=court_request.pk, opinion_id=opinion.pk
    )
    page.select_option("#id_method", "post")
    submit(page)
    expect_at(page, "assistants:court_register_detail", court_request_id=court_request.pk)
    opinion.refresh_from_db()
    assert opinion.dispatched_on is not None
    assert opinion.dispatch_method == "post"
    expect(page.locator("main table")).to_contain_text(str(opinion.get_dispatch_method_display()))
    # Recorded once: the row offers no second dispatch.
    expect(page.locator(f'a[href*="/opinions/{opinion.pk}/dispatch/"]')).to_have_count(0)


def register_invoice(page: Page, contract) -> None:
    navigate(page, "supportfamilies:invoice_list")
    follow(page, "supportfamilies:invoice_contracts")
    follow(page, "supportfamilies:invoice_register", contract_id=contract.pk)
    page.fill("#id_number", "FV/77/2026")
    page.fill("#id_issuer", "Księgarnia Ochota")
    page.fill("#id_issue_date", iso(1))
    page.fill("#id_amount", "84,50")
    page.select_option("#id_category", "learning")
    page.fill("#id_description", "Podręczniki i przybory szkolne")
    page.set_input_files(
        "#id_scan",
        files=[{"name": "faktura.pdf", "mimeType": "application/pdf", "buffer": scan_pdf("fv")}],
    )
    submit(page)
    invoice = contract.invoices.get()
    expect_at(page, "supportfamilies:invoice_detail", invoice_id=invoice.pk)
    assert invoice.status == InvoiceStatus.REGISTERED
    assert str(invoice.amount) == "84.50"


def approve_invoice(page: Page, contract) -> None:
    invoice = contract.invoices.get()
    navigate(page, "supportfamilies:invoice_list")
    follow(page, "supportfamilies:invoice_detail", invoice_id=invoice.pk)
    follow(page, "supportfamilies:invoice_approve", invoice_id=invoice.pk)
    confirm_step(page)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.APPROVED
    assert invoice.decided_by.username == "helena"
    expect(page.locator("main")).to_contain_text(str(InvoiceStatus.APPROVED.label))
    expect(page.locator(link("supportfamilies:invoice_approve", invoice_id=invoice.pk))).to_have_count(0)


def test_a_family_from_the_report_to_the_dispatched_opinion_and_an_approved_invoice(
    page_for, anna, helena, adam, agata, stefan
):
    worker = page_for(anna)
    family = register_family(worker)
    fill_and_sign_interview(worker, family)
    record_analysis_and_consent(worker, family)
    submit_request(worker, family)

    head = page_for(helena)
    assign_assistant(head, family, adam)

    staff = page_for(stefan)
    register_court_letter(staff, family)

    assistant = page_for(adam)
    open_from_family_list(assistant, family)
    draft_and_accept_work_plan(assistant, family)
    record_visit(assistant, family)
    opinion = write_court_opinion(assistant, family)

    # Another assistant of the same centre: the family and its opinion do not exist for her.
    other = page_for(agata)
    for address in (
        url("cases:family_detail", family_id=family.pk),
        url("assistants:court_opinion_detail", family_id=family.pk, opinion_id=opinion.pk),
    ):
        assert other.goto(address).status == 404
        expect(other.locator("body")).not_to_contain_text(family.reference)

    sign_off_opinion(head, family, opinion)
    print_and_dispatch(staff, opinion)

    contract = build_support_family(anna, head=helena, assistant=adam, family=family).contracts.get()
    register_invoice(staff, contract)
    approve_invoice(head, contract)
