"""Each view for the role that may use it, the roles that may not, and the other centre."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assistants.models import DecisionOutcome
from cases import selectors
from cases.models import Consent, Family, FamilyStatus, InterviewStatus, RequestStatus
from cases.tests.test_policies import polish
from conftest import INTERVIEW_DATA, build_family, confirm, days_ago, rewrite, scan_pdf
from familysupport.models import AuditAction, AuditEvent

FAMILY_POST = {
    "family-name": "Rodzina Kowalskich",
    "family-street": "ul. Banacha 1",
    "family-postal_code": "02-097",
    "family-city": "Warszawa",
    "report-received_on": days_ago(1).isoformat(),
    "report-source": "school",
    "report-description": "Dzieci często nieobecne w szkole.",
}


def status_of(client, user, url, method="get", data=None):
    client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


class TestFamilyRegister:
    url = reverse("cases:family_register")

    def test_social_worker_registers_a_family_and_its_report(self, client, anna):
        client.force_login(anna)
        response = client.post(self.url, FAMILY_POST)
        family = Family.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse(
            "cases:family_detail", args=[family.pk]
        )
        assert family.social_worker == anna and family.reports.get().source == "school"

    def test_bad_postal_code_gets_a_polish_message_and_keeps_the_input(self, client, anna):
        client.force_login(anna)
        response = client.post(self.url, {**FAMILY_POST, "family-postal_code": "12345"})
        assert response.status_code == 200
        assert "XX-XXX" in response.content.decode()
        assert "Rodzina Kowalskich" in response.content.decode()
        assert not Family.objects.exists()

    def test_urgent_without_intervention_is_refused_on_the_form(self, client, anna):
        client.force_login(anna)
        response = client.post(self.url, {**FAMILY_POST, "report-urgent": "on"})
        assert response.status_code == 200
        assert response.context["report_form"].errors["intervention"]
        assert not Family.objects.exists()

    @pytest.mark.parametrize("persona", ["helena", "adam", "stefan", "ada", "bartosz"])
    def test_other_roles_are_refused(self, client, request, persona):
        assert status_of(client, request.getfixturevalue(persona), self.url) == 403


class TestFamilyDetail:
    @pytest.mark.parametrize(
        "persona,expected",
        [
            ("anna", 200),
            ("helena", 200),
            ("sam", 404),
            ("adam", 404),
            ("stefan", 404),
            ("ada", 404),
            ("bozena", 404),
            ("bartosz", 404),
        ],
    )
    def test_who_sees_the_family(self, client, request, anna, persona, expected):
        family = build_family(anna)
        url = reverse("cases:family_detail", args=[family.pk])
        assert status_of(client, request.getfixturevalue(persona), url) == expected

    def test_the_assigned_assistant_sees_it_and_another_does_not(self, client, anna, helena, adam, agata):
        family = build_family(anna, stage="assigned", head=helena, assistant=adam)
        url = reverse("cases:family_detail", args=[family.pk])
        assert status_of(client, adam, url) == 200
        assert status_of(client, agata, url) == 404

    def test_reading_is_audited_with_the_address(self, client, anna):
        family = build_family(anna)
        client.force_login(anna)
        client.get(reverse("cases:family_detail", args=[family.pk]), REMOTE_ADDR="10.1.2.3")
        event = AuditEvent.objects.filter(action=AuditAction.VIEW, family_id=family.pk).get()
        assert (event.actor, event.centre, event.ip) == (anna, anna.centre, "10.1.2.3")
        assert event.details == {"page": "cases:family_detail"}

    def test_page_shows_the_path_and_the_next_step(self, client, anna):
        family = build_family(anna, urgent=True)
        client.force_login(anna)
        response = client.get(reverse("cases:family_detail", args=[family.pk]))
        page = response.content.decode()
        next_step = response.context["next_step"]
        assert next_step.due == selectors.interview_due_date(family.reports.get())
        assert str(next_step.label) in page and family.reference in page
        path = client.get(reverse("cases:family_detail", args=[family.pk]) + "?section=path")
        assert [step.actor for step in path.context["path"]] == [anna]


class TestFamilyEdit:
    def test_the_responsible_worker_corrects_the_familys_data(self, client, anna):
        # The form fills the page's family before the service compares it with the saved one: the
        # service reads the row again, so the change is seen, saved and recorded.
        family = build_family(anna)
        client.force_login(anna)
        response = client.post(
            reverse("cases:family_edit", args=[family.pk]),
            {
                "name": "Rodzina Nowakowska",
                "street": "ul. Nowa 1",
                "postal_code": "02-001",
                "city": "Warszawa",
            },
        )
        assert response.status_code == 302
        family.refresh_from_db()
        assert (family.name, family.street) == ("Rodzina Nowakowska", "ul. Nowa 1")
        event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="cases.family").get()
        assert event.details == {"fields": ["name", "street", "postal_code"], "version": 2}


class TestFamilyList:
    url = reverse("cases:family_list")

    def test_lists_only_visible_families(self, client, anna, sam):
        mine = build_family(anna, name="Rodzina Moja")
        build_family(sam, name="Rodzina Cudza")
        client.force_login(anna)
        page = client.get(self.url).content.decode()
        assert mine.reference in page and "Rodzina Cudza" not in page

    def test_search_by_pesel(self, client, anna):
        family = build_family(anna)
        rewrite(family.members, pesel="15230112345")
        client.force_login(anna)
        # The search is posted (a PESEL never stands in the address) and followed to the list.
        assert family.reference in client.post(self.url, {"q": "15230112345"}, follow=True).content.decode()
        assert (
            family.reference not in client.post(self.url, {"q": "99999999999"}, follow=True).content.decode()
        )

    @pytest.mark.parametrize("persona", ["stefan", "ada"])
    def test_staff_and_admin_have_no_family_list(self, client, request, persona):
        assert status_of(client, request.getfixturevalue(persona), self.url) == 403


class TestInterviewViews:
    def test_draft_save_resume_and_sign(self, client, anna):
        family = build_family(anna)
        client.force_login(anna)
        response = client.post(reverse("cases:interview_start", args=[family.pk]))
        interview = family.interviews.get()
        assert response["Location"] == reverse("cases:interview_edit", args=[family.pk, interview.pk])
        edit = reverse("cases:interview_edit", args=[family.pk, interview.pk])
        data = {**INTERVIEW_DATA, "conducted_on": days_ago(1).isoformat(), "diagnosis": ""}
        client.post(edit, {**data, "save": "1"})
        interview.refresh_from_db()
        assert interview.status == InterviewStatus.DRAFT and interview.housing == "Dwa pokoje"
        response = client.post(edit, {**data, "sign": "1"}, follow=True)
        interview.refresh_from_db()
        assert interview.status == InterviewStatus.DRAFT and interview.housing == "Dwa pokoje"
        assert polish("This cannot be done yet. Fill in first:") in response.content.decode()
        response = confirm(
            client, reverse("cases:interview_sign", args=[family.pk, interview.pk]), follow=True
        )
        assert [m.level_tag for m in response.context["messages"]][-1] == "error"
        interview.refresh_from_db()
        assert interview.status == InterviewStatus.DRAFT
        response = client.post(edit, {**data, "diagnosis": "Potrzebny asystent", "sign": "1"})
        confirm(client, response["Location"])
        interview.refresh_from_db()
        assert interview.status == InterviewStatus.SIGNED

    def test_start_is_post_only(self, client, anna):
        family = build_family(anna)
        assert status_of(client, anna, reverse("cases:interview_start", args=[family.pk])) == 405

    def test_head_reads_but_cannot_edit(self, client, anna, helena):
        family = build_family(anna, stage="interviewed")
        interview = family.interviews.get()
        assert (
            status_of(client, helena, reverse("cases:interview_detail", args=[family.pk, interview.pk]))
            == 200
        )
        assert (
            status_of(client, helena, reverse("cases:interview_edit", args=[family.pk, interview.pk])) == 403
        )
        assert (
            status_of(
                client, helena, reverse("cases:interview_update", args=[family.pk, interview.pk]), "post"
            )
            == 403
        )


class TestConsentViews:
    def post_consent(self, client, family, scan):
        return client.post(
            reverse("cases:consent_add", args=[family.pk]),
            {
                "basis": "consent",
                "given_on": days_ago(1).isoformat(),
                "given_by": "Matka",
                "form": "written",
                "scan": scan,
            },
        )

    def test_scan_checked_by_content_not_name(self, client, anna):
        family = build_family(anna, stage="analysed")
        client.force_login(anna)
        fake = SimpleUploadedFile("zgoda.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
        response = self.post_consent(client, family, fake)
        assert response.status_code == 200 and "PDF" in response.content.decode()
        assert not Consent.objects.exists()

    def test_scan_over_the_size_cap_is_refused(self, client, anna, settings):
        settings.UPLOAD_MAX_BYTES = 1024 * 1024
        family = build_family(anna, stage="analysed")
        client.force_login(anna)
        big = SimpleUploadedFile(
            "zgoda.pdf", scan_pdf() + b"0" * (1024 * 1024), content_type="application/pdf"
        )
        response = self.post_consent(client, family, big)
        assert response.status_code == 200 and response.context["form"].errors["scan"]
        assert not Consent.objects.exists()

    def test_scan_downloads_only_through_the_family(self, client, anna, sam):
        family = build_family(anna, stage="analysed")
        client.force_login(anna)
        pdf = SimpleUploadedFile("../../etc/passwd.pdf", scan_pdf(), content_type="application/pdf")
        assert self.post_consent(client, family, pdf).status_code == 302
        consent = Consent.objects.get()
        assert "passwd" not in consent.scan.name and consent.scan.name.startswith("consents/")
        url = reverse("cases:consent_scan", args=[family.pk, consent.pk])
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="zgoda-{consent.pk}.pdf"'
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, object_id=str(consent.pk)).exists()
        assert status_of(client, sam, url) == 404


class TestRequestViews:
    def test_social_worker_drafts_and_submits(self, client, anna):
        family = build_family(anna, stage="consented")
        client.force_login(anna)
        response = client.post(
            reverse("cases:request_add", args=[family.pk]),
            {"consent": family.consents.get().pk, "justification": "Proszę o asystenta"},
        )
        request = family.requests.get()
        assert response.status_code == 302
        confirm(client, reverse("cases:request_submit", args=[family.pk, request.pk]))
        request.refresh_from_db()
        assert request.status == RequestStatus.SUBMITTED

    def test_head_decides(self, client, anna, helena, adam):
        family = build_family(anna, stage="submitted")
        request = family.requests.get()
        url = reverse("assistants:request_decide", args=[family.pk, request.pk])
        client.force_login(helena)
        response = client.get(url)
        field = response.context["form"].fields["assistant"]
        choice = field.label_from_instance(field.queryset.get(user=adam))
        assert "0" in choice and "15" in choice and choice in response.content.decode()
        response = confirm(
            client, url, {"outcome": DecisionOutcome.ASSIGN, "assistant": adam.assistant_profile.pk}
        )
        assert response.status_code == 302
        family.refresh_from_db()
        assert family.status == FamilyStatus.ASSISTANT_ASSIGNED

    def test_assign_without_assistant_is_a_form_error(self, client, anna, helena):
        family = build_family(anna, stage="submitted")
        url = reverse("assistants:request_decide", args=[family.pk, family.requests.get().pk])
        client.force_login(helena)
        response = confirm(client, url, {"outcome": DecisionOutcome.ASSIGN})
        assert response.status_code == 200 and "is-invalid" in response.content.decode()
        assert family.requests.get().status == RequestStatus.SUBMITTED

    @pytest.mark.parametrize(
        "persona,expected", [("anna", 403), ("sam", 404), ("adam", 404), ("stefan", 404), ("bartosz", 404)]
    )
    def test_only_the_head_decides(self, client, request, anna, persona, expected):
        family = build_family(anna, stage="submitted")
        url = reverse("assistants:request_decide", args=[family.pk, family.requests.get().pk])
        assert status_of(client, request.getfixturevalue(persona), url) == expected

    def test_pending_list_is_for_the_head(self, client, anna, helena, bozena):
        family = build_family(anna, stage="submitted")
        other = build_family(bozena, stage="submitted", name="Rodzina Obca")
        client.force_login(helena)
        page = client.get(reverse("cases:requests_pending")).content.decode()
        assert family.reference in page and other.reference.replace("BEM", "") and "Rodzina Obca" not in page
        assert status_of(client, anna, reverse("cases:requests_pending")) == 403


class TestSocialWorkerChangeView:
    def test_head_changes_the_worker(self, client, anna, sam, helena):
        family = build_family(anna)
        url = reverse("cases:family_social_worker", args=[family.pk])
        client.force_login(helena)
        assert client.post(url, {"social_worker": sam.pk}).status_code == 302
        assert status_of(client, anna, reverse("cases:family_detail", args=[family.pk])) == 404
        assert status_of(client, anna, url) == 404
