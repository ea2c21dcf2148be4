"""A visit and a court's letter entered by mistake are withdrawn with a reason: kept in the record
and the audit trail, gone from the lists, counts, deadlines and documents."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from assistants.dashboard import assistant_panel
from assistants.deadlines import COURT_OPINION
from assistants.models import CourtRequest, Visit
from assistants.services import court as court_services
from assistants.services import plans as plan_services
from assistants.tests.test_court import request_data
from assistants.tests.test_plans import text_of
from assistants.tests.test_visits import start_back, visit_data
from cases.services import archive_family
from conftest import build_family, whole_family_page
from familysupport.deadlines import deadlines_for
from familysupport.models import AuditAction, AuditEvent

TODAY = timezone.localdate
REASON = "Wpisana przy niewłaściwej rodzinie"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def family(anna, helena, adam):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    start_back(family, 60)
    return family


@pytest.fixture
def visit(family, adam):
    return plan_services.visit_record(
        actor=adam, family=family, data=visit_data(place="Wizyta omyłkowa", duration_minutes=120)
    )


@pytest.fixture
def letter(family, stefan):
    return court_services.court_request_register(
        actor=stefan, family_reference=family.reference, data=request_data(case_signature="III Nsm 999/26")
    )


def withdraw_url(family, visit) -> str:
    return reverse("assistants:visit_withdraw", args=[family.pk, visit.pk])


class TestVisit:
    def test_the_author_withdraws_it_with_a_reason(self, client, family, adam, visit):
        client.force_login(adam)
        response = client.post(withdraw_url(family, visit), {"reason": REASON})
        assert response.status_code == 302
        visit.refresh_from_db()
        assert visit.withdrawal_reason == REASON and visit.withdrawn_by == adam and visit.withdrawn_at
        event = AuditEvent.objects.get(action=AuditAction.WITHDRAW)
        assert (event.actor, event.object_id, event.family_id) == (adam, str(visit.pk), family.pk)
        assert REASON not in str(event.details)  # free text stays on the record, not in the audit

    def test_it_leaves_the_list_the_counts_and_the_monthly_report(self, client, family, adam, visit):
        kept = plan_services.visit_record(
            actor=adam, family=family, data=visit_data(place="Wizyta prawdziwa", duration_minutes=30)
        )
        plan_services.visit_withdraw(actor=adam, visit=visit, reason=REASON)
        client.force_login(adam)
        listed = client.get(reverse("assistants:visit_list", args=[family.pk])).content.decode()
        assert "Wizyta prawdziwa" in listed and "Wizyta omyłkowa" not in listed
        page = whole_family_page(client, family.pk)
        assert "Wizyta omyłkowa" not in page
        month = client.get(reverse("assistants:assistant_month")).context
        assert (month["total_contacts"], month["total_minutes"]) == (1, 30)
        panel = assistant_panel(adam, TODAY(), mine=[], counts=[])  # the start page's count
        assert panel["visits"] == {"contacts": 1, "families": 1}
        pdf = client.get(reverse("assistants:assistant_month_pdf"), {"month": TODAY().strftime("%Y-%m")})
        text = text_of(PdfReader(io.BytesIO(pdf.content)))
        assert "0,50" in text or "0.50" in text  # the 30 minutes kept, not the 2 hours withdrawn
        # It can no longer be corrected; it stays in the record.
        assert client.get(reverse("assistants:visit_edit", args=[family.pk, visit.pk])).status_code == 404
        assert Visit.objects.filter(pk=visit.pk).exists() and kept.withdrawn_at is None

    def test_the_family_page_shows_it_withdrawn_with_the_reason(self, client, family, adam, anna, visit):
        plan_services.visit_withdraw(actor=adam, visit=visit, reason=REASON)
        for reader in (adam, anna):
            client.force_login(reader)
            page = whole_family_page(client, family.pk)
            assert 'id="withdrawn-heading"' in page and REASON in page

    def test_a_reason_is_required(self, client, family, adam, visit):
        with pytest.raises(ValidationError, match="Say why"):
            plan_services.visit_withdraw(actor=adam, visit=visit, reason="  ")
        client.force_login(adam)
        client.post(withdraw_url(family, visit), {"reason": ""})
        visit.refresh_from_db()
        assert visit.withdrawn_at is None
        assert not AuditEvent.objects.filter(action=AuditAction.WITHDRAW).exists()

    @pytest.mark.parametrize("persona", ["anna", "helena", "agata", "stefan"])
    def test_only_its_author_withdraws_it(self, client, request, family, visit, persona):
        user = request.getfixturevalue(persona)
        with pytest.raises(PermissionDenied):
            plan_services.visit_withdraw(actor=user, visit=visit, reason=REASON)
        client.force_login(user)
        assert client.post(withdraw_url(family, visit), {"reason": REASON}).status_code in (403, 404)
        visit.refresh_from_db()
        assert visit.withdrawn_at is None

    def test_another_centre_finds_nothing(self, client, family, visit, borys):
        client.force_login(borys)
        assert client.post(withdraw_url(family, visit), {"reason": REASON}).status_code == 404

    def test_once_only(self, family, adam, visit):
        plan_services.visit_withdraw(actor=adam, visit=visit, reason=REASON)
        with pytest.raises(ValidationError, match="withdrawn"):
            plan_services.visit_withdraw(actor=adam, visit=visit, reason=REASON)

    def test_an_archived_case_refuses_it(self, family, adam, helena, visit):
        archive_family(actor=helena, family=family)
        with pytest.raises(ValidationError, match="archived"):
            plan_services.visit_withdraw(actor=adam, visit=visit, reason=REASON)

    def test_the_edit_page_offers_it_to_the_author(self, client, family, adam, visit):
        client.force_login(adam)
        page = client.get(reverse("assistants:visit_edit", args=[family.pk, visit.pk])).content.decode()
        assert withdraw_url(family, visit) in page


def court_deadlines(user, family) -> list[int]:
    mine = deadlines_for(user, visible=type(family).objects.all())
    return [item.object_id for item in mine if item.kind == COURT_OPINION]


def letter_url(letter) -> str:
    return reverse("assistants:court_register_withdraw", args=[letter.pk])


class TestCourtLetter:
    def test_staff_withdraw_it_and_it_leaves_the_register_and_the_deadlines(
        self, client, family, stefan, adam, letter
    ):
        assert court_deadlines(adam, family) == [letter.pk]
        client.force_login(stefan)
        assert client.post(letter_url(letter), {"reason": REASON}).status_code == 302
        letter.refresh_from_db()
        assert letter.withdrawal_reason == REASON and letter.withdrawn_by == stefan
        assert AuditEvent.objects.filter(action=AuditAction.WITHDRAW, object_id=str(letter.pk)).exists()
        register = client.get(reverse("assistants:court_register")).content.decode()
        assert "III Nsm 999/26" not in register
        assert client.get(reverse("assistants:court_register_detail", args=[letter.pk])).status_code == 404
        assert court_deadlines(adam, family) == []
        client.force_login(adam)
        page = whole_family_page(client, family.pk)
        assert "III Nsm 999/26" not in page and REASON in page
        assert CourtRequest.objects.filter(pk=letter.pk).exists()

    def test_not_once_an_opinion_exists(self, client, family, stefan, adam, letter):
        court_services.court_opinion_start(actor=adam, court_request=letter)
        with pytest.raises(ValidationError, match="opinion has been started"):
            court_services.court_request_withdraw(actor=stefan, court_request=letter, reason=REASON)
        client.force_login(stefan)
        detail = client.get(reverse("assistants:court_register_detail", args=[letter.pk])).content.decode()
        assert letter_url(letter) not in detail

    def test_a_withdrawn_letter_gets_no_opinion(self, family, stefan, adam, letter):
        court_services.court_request_withdraw(actor=stefan, court_request=letter, reason=REASON)
        with pytest.raises(ValidationError):
            court_services.court_opinion_start(actor=adam, court_request=letter)

    @pytest.mark.parametrize("persona", ["adam", "anna"])
    def test_only_the_register_keepers_withdraw_it(self, request, letter, persona):
        with pytest.raises(PermissionDenied):
            court_services.court_request_withdraw(
                actor=request.getfixturevalue(persona), court_request=letter, reason=REASON
            )

    def test_another_centre_finds_nothing(self, client, letter, bartosz):
        client.force_login(bartosz)
        assert client.post(letter_url(letter), {"reason": REASON}).status_code == 404
        letter.refresh_from_db()
        assert letter.withdrawn_at is None

    def test_a_reason_is_required(self, stefan, letter):
        with pytest.raises(ValidationError, match="Say why"):
            court_services.court_request_withdraw(actor=stefan, court_request=letter, reason="")
