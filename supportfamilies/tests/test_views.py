"""Each view for every role and the other centre, and the whole chain through the browser's requests."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import build_family, confirm, days_ago, rewrite, whole_family_page
from familysupport.models import AuditAction, AuditEvent
from supportfamilies import services
from supportfamilies.forms import ProposalForm
from supportfamilies.models import (
    Contract,
    ContractStatus,
    EligibilityInterview,
    Invoice,
    InvoiceStatus,
    SupportFamily,
    SupportFamilyStatus,
)
from supportfamilies.tests.builders import build_support_family, invoice_data, proposal, scan, terms
from supportfamilies.urls import urlpatterns

PERSONAS = ("anna", "sam", "helena", "adam", "agata", "stefan", "ada", "bozena", "bartosz", "borys")
SECRET_REASONS = "Babcia zna trudności matki z piciem"
SECRET_FINDINGS = "Dziadek leczony kardiologicznie, sytuacja stabilna"


@pytest.fixture
def chain(anna, helena, adam, stefan):
    """A support family of Adam's family with a signed contract and one registered invoice."""
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="signed")
    rewrite(SupportFamily.objects.filter(pk=support_family.pk), reasons=SECRET_REASONS)
    rewrite(EligibilityInterview.objects.filter(support_family=support_family), findings=SECRET_FINDINGS)
    contract = support_family.contracts.get()
    invoice = services.invoice_register(actor=stefan, contract=contract, data=invoice_data())
    return {
        "support_family_id": support_family.pk,
        "family_id": support_family.family_id,
        "contract_id": contract.pk,
        "invoice_id": invoice.pk,
    }


# name: {persona: expected status of a GET}; personas left out answer 403.
GET_MATRIX = {
    "support_family_list": {"helena": 200, "adam": 200, "agata": 200, "bartosz": 200, "borys": 200},
    "support_family_detail": {"helena": 200, "adam": 200, "agata": 404, "bartosz": 404, "borys": 404},
    "support_family_member_add": {"adam": 200, "agata": 404, "borys": 404},
    "support_family_edit": {"helena": 200, "adam": 200, "agata": 404, "bartosz": 404, "borys": 404},
    "support_family_withdraw": {"helena": 200, "adam": 200, "agata": 404, "bartosz": 404, "borys": 404},
    "support_family_establish": {"helena": 200, "bartosz": 404},
    "support_family_propose": {
        "adam": 200,
        "agata": 404,
        "sam": 404,
        "stefan": 404,
        "ada": 404,
        "bozena": 404,
        "bartosz": 404,
        "borys": 404,
    },
    "interview_list": {"anna": 200, "sam": 200, "bozena": 200},
    "interview_detail": {"anna": 200, "helena": 200, "sam": 404, "bozena": 404, "bartosz": 404},
    "interview_record": {"anna": 200, "sam": 404, "bozena": 404},
    "contract_list": {"helena": 200, "adam": 200, "agata": 200, "bartosz": 200, "borys": 200},
    "contract_create": {"helena": 200, "bartosz": 404},
    "contract_detail": {"helena": 200, "adam": 200, "agata": 404, "bartosz": 404, "borys": 404},
    "contract_edit": {"helena": 302, "bartosz": 404},
    "contract_sign": {"helena": 200, "bartosz": 404},
    "contract_terminate": {"helena": 200, "bartosz": 404},
    "contract_pdf": {"helena": 200, "adam": 200, "agata": 404, "bartosz": 404, "borys": 404},
    "invoice_list": {"helena": 200, "stefan": 200, "adam": 200, "agata": 200, "bartosz": 200, "borys": 200},
    "invoice_contracts": {"helena": 200, "stefan": 200, "bartosz": 200},
    "invoice_register": {"helena": 200, "stefan": 200, "bartosz": 404},
    "invoice_detail": {"helena": 200, "stefan": 200, "adam": 200, "agata": 404, "bartosz": 404, "borys": 404},
    "invoice_scan": {"helena": 200, "stefan": 200, "adam": 200, "agata": 404, "bartosz": 404, "borys": 404},
    "invoice_refuse": {"helena": 200, "bartosz": 404},
    "invoice_paid": {"helena": 200, "stefan": 200, "bartosz": 404},
    "invoice_approve": {"helena": 200, "bartosz": 404},
    "invoice_withdraw": {persona: 405 for persona in PERSONAS},
    "reimbursement_export": {"helena": 200, "stefan": 200, "bartosz": 200},
}
# The family page's own rule comes first: anna sees the family but may not propose (403).
GET_MATRIX["support_family_propose"]["anna"] = 403
GET_MATRIX["support_family_propose"]["helena"] = 403


def url_of(name: str, objects: dict) -> str:
    pattern = next(pattern for pattern in urlpatterns if pattern.name == name)
    names = re.findall(r"<int:(\w+)>", str(pattern.pattern))
    return reverse(f"supportfamilies:{name}", kwargs={key: objects[key] for key in names})


@pytest.mark.parametrize("name", sorted(GET_MATRIX))
def test_each_view_for_every_role_and_the_other_centre(client, request, chain, name):
    expected = GET_MATRIX[name]
    url = url_of(name, chain)
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        assert client.get(url).status_code == expected.get(persona, 403), (persona, url)


def test_every_url_of_the_app_is_in_the_matrix():
    assert {pattern.name for pattern in urlpatterns} - set(GET_MATRIX) == {
        "support_family_consent_scan",
        "reimbursement_export_csv",
        "reimbursement_export_xlsx",
    }


@pytest.mark.parametrize("persona", ["bartosz", "borys", "bozena"])
def test_another_centres_posts_change_nothing(client, request, chain, persona):
    client.force_login(request.getfixturevalue(persona))
    changes = AuditEvent.objects.exclude(action__in=[AuditAction.VIEW, AuditAction.LOGIN]).count()
    for name in GET_MATRIX:
        if name.endswith("_list") or name in ("invoice_contracts", "reimbursement_export", "interview_list"):
            continue
        response = client.post(
            url_of(name, chain), {"reason": "x", "paid_on": days_ago(0), "signed_on": days_ago(0)}
        )
        assert response.status_code in (403, 404), name
    assert AuditEvent.objects.exclude(action__in=[AuditAction.VIEW, AuditAction.LOGIN]).count() == changes
    assert Invoice.objects.get(pk=chain["invoice_id"]).status == InvoiceStatus.REGISTERED


def test_reading_a_support_family_and_downloading_are_audited(client, helena, chain):
    client.force_login(helena)
    client.get(reverse("supportfamilies:support_family_detail", args=[chain["support_family_id"]]))
    client.get(reverse("supportfamilies:invoice_scan", args=[chain["invoice_id"]]))
    client.get(reverse("supportfamilies:contract_pdf", args=[chain["contract_id"]]))
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="supportfamilies.supportfamily", family_id=chain["family_id"]
    ).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.DOWNLOAD, object_type="supportfamilies.invoice"
    ).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.DOWNLOAD, object_type="supportfamilies.contract"
    ).exists()


# Need to know ----------------------------------------------------------------------------------


def test_staff_see_no_case_content_and_no_family_reference(client, stefan, chain):
    client.force_login(stefan)
    family = SupportFamily.objects.get(pk=chain["support_family_id"]).family
    pages = [
        reverse("supportfamilies:invoice_list"),
        reverse("supportfamilies:invoice_contracts"),
        reverse("supportfamilies:invoice_register", args=[chain["contract_id"]]),
        reverse("supportfamilies:invoice_detail", args=[chain["invoice_id"]]),
        reverse("supportfamilies:invoice_paid", args=[chain["invoice_id"]]),
        reverse("supportfamilies:reimbursement_export") + f"?date_from={days_ago(30)}&date_to={days_ago(0)}",
    ]
    for url in pages:
        text = client.get(url).content.decode()
        for secret in (SECRET_REASONS, SECRET_FINDINGS, family.reference, family.name, "dziadkowie dziecka"):
            assert secret not in text, (url, secret)


def test_the_assistant_sees_the_eligibility_but_not_the_interviews_answers(client, adam, chain):
    client.force_login(adam)
    text = client.get(
        reverse("supportfamilies:support_family_detail", args=[chain["support_family_id"]])
    ).content
    assert SECRET_REASONS in text.decode() and SECRET_FINDINGS not in text.decode()
    response = client.get(reverse("supportfamilies:interview_detail", args=[chain["support_family_id"]]))
    assert response.status_code == 403


def test_the_interviewer_sees_the_interview(client, anna, helena, chain):
    for user in (anna, helena):
        client.force_login(user)
        text = client.get(
            reverse("supportfamilies:interview_detail", args=[chain["support_family_id"]])
        ).content
        assert SECRET_FINDINGS in text.decode()


def test_an_interviewer_who_cannot_open_the_family_is_not_told_which_it_is(client, anna, sam, helena, adam):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    support_family = services.support_family_propose(actor=adam, family=family, data=proposal(sam))
    client.force_login(sam)
    text = client.get(reverse("supportfamilies:interview_detail", args=[support_family.pk])).content.decode()
    assert support_family.name in text and family.reference not in text


def test_family_page_shows_the_support_family_to_the_assistant_and_the_head_only(
    client, anna, helena, adam, chain
):
    name = SupportFamily.objects.get(pk=chain["support_family_id"]).name
    for user, shown in ((adam, True), (helena, True), (anna, False)):
        client.force_login(user)
        assert (name in whole_family_page(client, chain["family_id"])) is shown, user


# The whole chain through the pages -------------------------------------------------------------


def test_the_chain_from_proposal_to_payment(client, anna, helena, adam, stefan):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    client.force_login(adam)
    response = client.post(
        reverse("supportfamilies:support_family_propose", args=[family.pk]),
        {
            "name": "Anna i Jan Kowalscy",
            "street": "ul. Banacha 3",
            "postal_code": "02-097",
            "city": "Warszawa",
            "relation": "dziadkowie",
            "reasons": "Pomoc w nauce",
            "basis": "request",
            "consent_given_by": "Matka",
            "consent_given_on": days_ago(1).isoformat(),
            "consent_form": "written",
            "consent_scan": scan("zgoda.pdf"),
            "interviewer": anna.pk,
        },
    )
    support_family = SupportFamily.objects.get()
    assert response.status_code == 302 and support_family.consent_scan
    client.post(
        reverse("supportfamilies:support_family_member_add", args=[support_family.pk]),
        {"first_name": "Jan", "last_name": "Kowalski", "birth_date": "1960-01-01", "role": "dziadek"},
    )
    assert support_family.members.count() == 1

    client.force_login(anna)
    answers = {code: "no" for code in ("alcohol_problem", "no_stable_income", "upbringing_problems")}
    answers |= {
        code: "no" for code in ("parental_authority", "maintenance_duty", "conviction", "mental_disorder")
    }
    bases = {f"{code}_basis": "Oświadczenie" for code in answers}
    response = client.post(
        reverse("supportfamilies:interview_record", args=[support_family.pk]),
        {
            "conducted_on": timezone.localdate().isoformat(),
            "place": "dom",
            "findings": "OK",
            **answers,
            **bases,
        },
    )
    assert response.status_code == 302
    support_family.refresh_from_db()
    assert support_family.status == SupportFamilyStatus.ELIGIBLE

    client.force_login(helena)
    response = confirm(
        client,
        reverse("supportfamilies:support_family_establish", args=[support_family.pk]),
        {
            "established_on": timezone.localdate().isoformat(),
            "authorisation": "Upoważnienie nr 1/2024",
            "scope": ["care_upbringing"],
            "help_forms": ["learning", "budget"],
        },
    )
    assert response.status_code == 302
    data = terms()
    response = client.post(
        reverse("supportfamilies:contract_create", args=[support_family.pk]),
        {
            **data,
            "categories": data["categories"],
            "valid_from": data["valid_from"].isoformat(),
            "valid_to": data["valid_to"].isoformat(),
        },
    )
    contract = Contract.objects.get()
    assert response.status_code == 302
    pdf = client.get(reverse("supportfamilies:contract_pdf", args=[contract.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    confirm(
        client,
        reverse("supportfamilies:contract_sign", args=[contract.pk]),
        {"signed_on": timezone.localdate().isoformat()},
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED

    client.force_login(stefan)
    response = client.post(
        reverse("supportfamilies:invoice_register", args=[contract.pk]),
        {
            "number": "FV 12/2026",
            "issuer": "Księgarnia",
            "issue_date": days_ago(1).isoformat(),
            "amount": "123,45",
            "category": "learning",
            "scan": scan(),
        },
    )
    invoice = Invoice.objects.get()
    assert response.status_code == 302 and invoice.amount == Decimal("123.45")

    client.force_login(helena)
    confirm(client, reverse("supportfamilies:invoice_approve", args=[invoice.pk]))
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.APPROVED

    client.force_login(stefan)
    confirm(
        client,
        reverse("supportfamilies:invoice_paid", args=[invoice.pk]),
        {"paid_on": timezone.localdate().isoformat()},
    )
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID


def test_ineligible_candidate_has_no_establish_button_and_a_post_is_refused(client, anna, helena, adam):
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="ineligible")
    client.force_login(helena)
    page = client.get(reverse("supportfamilies:support_family_detail", args=[support_family.pk]))
    url = reverse("supportfamilies:support_family_establish", args=[support_family.pk])
    assert f'href="{url}"' not in page.content.decode()
    response = confirm(
        client,
        url,
        {
            "established_on": timezone.localdate().isoformat(),
            "authorisation": "Upoważnienie",
            "scope": ["household"],
            "help_forms": ["home"],
        },
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    support_family.refresh_from_db()
    assert support_family.status == SupportFamilyStatus.INELIGIBLE


def test_over_the_limit_approval_comes_back_as_a_message(client, anna, helena, adam, stefan):
    contract = build_support_family(
        anna,
        head=helena,
        assistant=adam,
        contract_terms={"monthly_limit": Decimal("50.00"), "total_limit": Decimal("50.00")},
    ).contracts.get()
    invoice = services.invoice_register(
        actor=stefan, contract=contract, data=invoice_data(amount=Decimal("50.01"))
    )
    client.force_login(helena)
    detail = client.get(reverse("supportfamilies:invoice_detail", args=[invoice.pk]))
    assert set(detail.context["problems"]) == {"amount", "total_limit"}  # both limits are exceeded
    response = confirm(client, reverse("supportfamilies:invoice_approve", args=[invoice.pk]), follow=True)
    assert response.status_code == 200 and list(response.context["messages"])
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.REGISTERED
    response = confirm(
        client, reverse("supportfamilies:invoice_refuse", args=[invoice.pk]), {"reason": "Ponad limit"}
    )
    invoice.refresh_from_db()
    assert response.status_code == 302 and invoice.status == InvoiceStatus.REFUSED


def test_invoice_scan_is_checked_by_its_content(client, anna, helena, adam, stefan):
    contract = build_support_family(anna, head=helena, assistant=adam).contracts.get()
    client.force_login(stefan)
    fake = scan("faktura.pdf")
    fake.file = io.BytesIO(b"MZ\x90\x00 not a pdf at all")
    fake.size = 20
    response = client.post(
        reverse("supportfamilies:invoice_register", args=[contract.pk]),
        {
            "number": "1",
            "issuer": "Sklep",
            "issue_date": days_ago(1).isoformat(),
            "amount": "10",
            "category": "food",
            "scan": fake,
        },
    )
    assert response.status_code == 200 and "scan" in response.context["form"].errors
    assert not Invoice.objects.exists()


# The reimbursement list for accounting ---------------------------------------------------------


@pytest.fixture
def reimbursed(anna, helena, adam, stefan):
    contract = build_support_family(anna, head=helena, assistant=adam).contracts.get()
    invoices = []
    for number, amount in (("A/1", "10.10"), ("A/2", "0.20"), ("A/3", "99.99")):
        invoice = services.invoice_register(
            actor=stefan, contract=contract, data=invoice_data(number=number, amount=Decimal(amount))
        )
        services.invoice_approve(actor=helena, invoice=invoice)
        invoices.append(invoice)
    services.invoice_mark_paid(actor=stefan, invoice=invoices[0], paid_on=timezone.localdate())
    services.invoice_register(
        actor=stefan, contract=contract, data=invoice_data(number="A/4")
    )  # not approved
    return contract


def _period():
    return {"date_from": days_ago(10).isoformat(), "date_to": days_ago(0).isoformat()}


def test_reimbursements_csv_reads_back(client, stefan, reimbursed):
    client.force_login(stefan)
    response = client.get(reverse("supportfamilies:reimbursement_export_csv"), _period())
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 4
    amounts = sorted(
        Decimal(row[6].replace("\xa0", "").replace(" ", "").replace(",", ".")) for row in rows[1:]
    )
    assert amounts == [Decimal("0.20"), Decimal("10.10"), Decimal("99.99")] and sum(amounts) == Decimal(
        "110.29"
    )
    assert {row[0] for row in rows[1:]} == {reimbursed.number}
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, details__export="reimbursements").exists()


def test_reimbursements_xlsx_reads_back(client, helena, reimbursed):
    client.force_login(helena)
    response = client.get(reverse("supportfamilies:reimbursement_export_xlsx"), _period())
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3
    assert sum(Decimal(str(row[6])) for row in rows) == Decimal("110.29")
    assert sum(1 for row in rows if row[8] is not None) == 1  # one paid


def test_reimbursements_of_another_period_or_centre_are_empty(client, bartosz, stefan, reimbursed):
    client.force_login(stefan)
    response = client.get(
        reverse("supportfamilies:reimbursement_export_csv"),
        {"date_from": days_ago(400).isoformat(), "date_to": days_ago(300).isoformat()},
    )
    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))) == 1
    client.force_login(bartosz)
    response = client.get(reverse("supportfamilies:reimbursement_export_csv"), _period())
    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))) == 1


def test_export_needs_a_valid_period(client, stefan, reimbursed):
    client.force_login(stefan)
    response = client.get(
        reverse("supportfamilies:reimbursement_export_csv"),
        {"date_from": days_ago(0).isoformat(), "date_to": days_ago(10).isoformat()},
    )
    assert response.status_code == 404


# Lists: filters, sorting, pagination and a constant number of queries ---------------------------


def _more_invoices(contract, staff, count):
    for n in range(count):
        services.invoice_register(
            actor=staff,
            contract=contract,
            data=invoice_data(number=f"Q/{Invoice.objects.count()}/{n}", amount=Decimal("1.00")),
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_lists_take_the_same_number_of_queries_at_two_sizes(client, anna, helena, adam, agata, stefan):
    contract = build_support_family(anna, head=helena, assistant=adam).contracts.get()
    _more_invoices(contract, stefan, 2)
    client.force_login(helena)
    urls = [
        reverse("supportfamilies:invoice_list"),
        reverse("supportfamilies:contract_list"),
        reverse("supportfamilies:support_family_list"),
    ]
    small = [_queries(client, url) for url in urls]
    _more_invoices(contract, stefan, 20)
    build_support_family(anna, head=helena, assistant=agata)
    build_support_family(
        anna, head=helena, assistant=adam, stage="proposed", family=contract.support_family.family
    )
    assert [_queries(client, url) for url in urls] == small


def test_invoice_list_filters_sorts_and_pages(client, anna, helena, adam, stefan):
    contract = build_support_family(anna, head=helena, assistant=adam).contracts.get()
    _more_invoices(contract, stefan, 30)
    services.invoice_register(
        actor=stefan,
        contract=contract,
        data=invoice_data(number="TRAVEL", category="travel", amount=Decimal("7.00")),
    )
    client.force_login(helena)
    url = reverse("supportfamilies:invoice_list")
    page = client.get(url).context["page"]
    assert page.paginator.count == 31 and len(page.object_list) == 25
    assert [i.number for i in client.get(url, {"category": "travel"}).context["page"]] == ["TRAVEL"]
    assert client.get(url, {"sort": "-amount"}).context["page"][0].number == "TRAVEL"
    assert client.get(url, {"status": "nonsense"}).context["page"].paginator.count == 0
    assert len(client.get(url, {"page": 2}).context["page"].object_list) == 6


@pytest.mark.parametrize(
    "typed", ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-1+1"]
)
def test_what_staff_typed_on_an_invoice_is_text_in_both_exports(client, stefan, helena, reimbursed, typed):
    invoice = services.invoice_register(
        actor=stefan,
        contract=reimbursed,
        data=invoice_data(number=typed, issuer=typed, amount=Decimal("1.00")),
    )
    services.invoice_approve(actor=helena, invoice=invoice)
    client.force_login(stefan)
    response = client.get(reverse("supportfamilies:reimbursement_export_csv"), _period())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    (row,) = [row for row in rows if row[2].endswith(typed)]
    assert row[2] == row[3] == "'" + typed
    response = client.get(reverse("supportfamilies:reimbursement_export_xlsx"), _period())
    sheet = load_workbook(io.BytesIO(response.content)).active
    (cells,) = [cells for cells in sheet.iter_rows(min_row=2) if cells[2].value == typed]
    assert all(cell.data_type == "s" for cell in cells[2:4])


@pytest.mark.parametrize(
    ("typed", "kept"), [("600100200", "+48 600 100 200"), ("+48 22 123 45 67", "+48 22 123 45 67")]
)
def test_a_polish_phone_number_is_checked_and_kept_in_one_form(typed, kept):
    form = ProposalForm(data={"phone": typed}, centre_id=0)
    form.is_valid()
    assert "phone" not in form.errors and form.cleaned_data["phone"] == kept


def test_a_phone_that_is_not_a_number_is_refused_on_the_form():
    form = ProposalForm(data={"phone": "abc"}, centre_id=0)
    assert not form.is_valid() and form.errors["phone"]


def test_an_invoice_form_sent_twice_registers_one_invoice(client, stefan, helena, reimbursed):
    """Back and submit again (or a double click) with the same rendered form adds nothing."""
    client.force_login(stefan)
    url = reverse("supportfamilies:invoice_register", args=[reimbursed.pk])
    token = client.get(url).context["form"]["submission"].value()
    sent = {**invoice_data(number="B/1"), "submission": token, "issue_date": days_ago(2).isoformat()}
    first = client.post(url, {**sent, "scan": scan()})
    again = client.post(url, {**sent, "scan": scan()}, follow=True)
    (invoice,) = Invoice.objects.filter(number="B/1")
    assert first.status_code == 302
    assert first["Location"] == reverse("supportfamilies:invoice_detail", args=[invoice.pk])
    assert again.redirect_chain[-1][0] == first["Location"]
    assert "Nic nie zostało dodane dwa razy" in again.content.decode()
    assert Invoice.objects.count() == 5  # the fixture's four, and this one


def test_a_fresh_form_registers_a_second_invoice(client, stefan, reimbursed):
    client.force_login(stefan)
    url = reverse("supportfamilies:invoice_register", args=[reimbursed.pk])
    for number in ("C/1", "C/2"):
        token = client.get(url).context["form"]["submission"].value()
        data = {**invoice_data(number=number), "submission": token, "issue_date": days_ago(2).isoformat()}
        assert client.post(url, {**data, "scan": scan()}).status_code == 302
    assert Invoice.objects.filter(number__startswith="C/").count() == 2
