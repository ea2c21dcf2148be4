"""Court requests and the assistant's opinion about the family (art. 15 ust. 1 pkt 14).

Stefan (staff) registers the court's letter by the family's reference number; Adam, the family's
assistant, writes the opinion; Helena, the head, returns it or signs it off, which issues it as a
PDF once; Stefan prints and dispatches the issued document and sees nothing else of the case.
"""

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assistants.models import Assignment, CourtOpinion, CourtRequest, DispatchMethod, OpinionStatus
from assistants.selectors import court as court_selectors
from assistants.services import court as court_services
from assistants.tests.test_concurrency import run_in_parallel
from cases.tests.test_pdf import embedded_fonts, text_of
from conftest import build_family, confirm, days_ago, scan_pdf
from familysupport.models import AuditAction, AuditEvent

COURT = "Sąd Rejonowy dla Warszawy-Śródmieścia"
SIGNATURE = "VI Nsm 123/26"
FAMILY_NAME = "Rodzina Żółkiewskich"
SECRET = "Ojciec nadużywa alkoholu"  # case content that must never reach staff


def request_data(**changes) -> dict:
    data = {
        "court": COURT,
        "division": "VI Wydział Rodzinny i Nieletnich",
        "case_signature": SIGNATURE,
        "letter_date": days_ago(10),
        "received_on": days_ago(8),
        "deadline": timezone.localdate() + datetime.timedelta(days=14),
        "request_text": "Sąd prosi o opinię o rodzinie i sytuacji dzieci.",
        "scan": None,
    }
    return {**data, **changes}


def sections(**changes) -> dict:
    texts = {name: f"Treść: {name} — zażółć gęślą jaźń." for name in CourtOpinion.SECTIONS}
    texts["health"] = SECRET
    return {**texts, **changes}


def pdf_scan() -> SimpleUploadedFile:
    return SimpleUploadedFile("pismo.pdf", scan_pdf(), content_type="application/pdf")


def events(target, **filters):
    """The audit rows about `target` (an object of any kind), narrowed by `filters`."""
    return AuditEvent.objects.filter(
        object_type=target._meta.label_lower, object_id=str(target.pk), **filters
    )


def audited(action: str, target) -> bool:
    return events(target, action=action).exists()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def family(anna, helena, adam):
    return build_family(anna, stage="assigned", head=helena, assistant=adam, name=FAMILY_NAME)


@pytest.fixture
def court_request(stefan, family):
    return court_services.court_request_register(
        actor=stefan, family_reference=family.reference, data=request_data()
    )


@pytest.fixture
def draft(adam, court_request):
    opinion = court_services.court_opinion_start(actor=adam, court_request=court_request)
    return court_services.court_opinion_save(actor=adam, opinion=opinion, data=sections())


@pytest.fixture
def submitted(adam, draft):
    return court_services.court_opinion_submit(actor=adam, opinion=draft)


@pytest.fixture
def issued(helena, submitted):
    return court_services.court_opinion_approve(actor=helena, opinion=submitted)


@pytest.fixture
def family_b(bozena, bartosz, borys):
    return build_family(bozena, stage="assigned", head=bartosz, assistant=borys, name="Rodzina Bemowska")


# The register of court letters


class TestRegister:
    def test_staff_register_a_letter_for_a_family_of_their_centre(self, stefan, family):
        court_request = court_services.court_request_register(
            actor=stefan, family_reference=f" {family.reference.lower()} ", data=request_data()
        )
        assert court_request.family == family and court_request.centre_id == stefan.centre_id
        assert court_request.registered_by == stefan
        event = events(court_request, action=AuditAction.CREATE).get()
        assert event.family_id == family.pk and event.actor == stefan

    def test_the_head_may_register_too(self, helena, family):
        court_request = court_services.court_request_register(
            actor=helena, family_reference=family.reference, data=request_data()
        )
        assert court_request.registered_by == helena

    @pytest.mark.parametrize("reference", ["OCH/1999/9999", ""])
    def test_an_unknown_reference_is_an_error_on_the_field(self, stefan, family, reference):
        with pytest.raises(ValidationError) as refused:
            court_services.court_request_register(
                actor=stefan, family_reference=reference, data=request_data()
            )
        assert "family_reference" in refused.value.message_dict
        assert not CourtRequest.objects.exists()

    def test_another_centres_family_is_answered_as_unknown(self, stefan, family_b):
        with pytest.raises(ValidationError) as refused:
            court_services.court_request_register(
                actor=stefan, family_reference=family_b.reference, data=request_data()
            )
        assert "family_reference" in refused.value.message_dict
        assert not CourtRequest.objects.exists()

    def test_the_head_of_another_centre_cannot_reach_our_family(self, bartosz, family):
        with pytest.raises(ValidationError):
            court_services.court_request_register(
                actor=bartosz, family_reference=family.reference, data=request_data()
            )

    @pytest.mark.parametrize("persona", ["anna", "adam", "ada"])
    def test_only_staff_and_the_head_register(self, request, family, persona):
        with pytest.raises(PermissionDenied):
            court_services.court_request_register(
                actor=request.getfixturevalue(persona), family_reference=family.reference, data=request_data()
            )

    def test_dates_must_be_in_order_and_not_in_the_future(self, stefan, family):
        with pytest.raises(ValidationError) as refused:
            court_services.court_request_register(
                actor=stefan,
                family_reference=family.reference,
                data=request_data(letter_date=days_ago(3), received_on=days_ago(5), deadline=days_ago(4)),
            )
        assert {"received_on", "deadline"} <= set(refused.value.message_dict)
        with pytest.raises(ValidationError) as refused:
            court_services.court_request_register(
                actor=stefan, family_reference=family.reference, data=request_data(received_on=days_ago(-1))
            )
        assert "received_on" in refused.value.message_dict


# The opinion: drafted by the active assistant, signed off by the head, issued once


class TestOpinion:
    def test_the_active_assistant_starts_and_writes_the_opinion(self, adam, court_request):
        opinion = court_services.court_opinion_start(actor=adam, court_request=court_request)
        assert opinion.version == 1 and opinion.status == OpinionStatus.DRAFT and opinion.author == adam
        court_services.court_opinion_save(actor=adam, opinion=opinion, data=sections())
        opinion.refresh_from_db()
        assert opinion.health == SECRET
        assert audited(AuditAction.CREATE, opinion) and audited(AuditAction.UPDATE, opinion)
        update = events(opinion, action=AuditAction.UPDATE).get()
        assert SECRET not in str(update.details)  # identifiers only, never text

    @pytest.mark.parametrize("persona", ["agata", "helena", "anna", "stefan", "borys"])
    def test_nobody_but_the_active_assistant_drafts(self, request, court_request, persona):
        with pytest.raises(PermissionDenied):
            court_services.court_opinion_start(
                actor=request.getfixturevalue(persona), court_request=court_request
            )

    def test_an_assistant_whose_work_ended_no_longer_drafts(self, adam, family, court_request, draft):
        Assignment.objects.filter(family=family).update(ended_on=timezone.localdate())
        with pytest.raises(PermissionDenied):
            court_services.court_opinion_save(actor=adam, opinion=draft, data=sections(conclusions="x"))
        with pytest.raises(PermissionDenied):
            court_services.court_opinion_submit(actor=adam, opinion=draft)

    def test_one_opinion_per_request(self, adam, court_request, draft):
        with pytest.raises(ValidationError):
            court_services.court_opinion_start(actor=adam, court_request=court_request)

    def test_every_section_is_required_for_sign_off(self, adam, draft):
        court_services.court_opinion_save(
            actor=adam, opinion=draft, data=sections(children="", conclusions="  ")
        )
        with pytest.raises(ValidationError) as refused:
            court_services.court_opinion_submit(actor=adam, opinion=draft)
        message = refused.value.messages[0]
        assert str(CourtOpinion._meta.get_field("children").verbose_name) in message
        assert str(CourtOpinion._meta.get_field("conclusions").verbose_name) in message
        draft.refresh_from_db()
        assert draft.status == OpinionStatus.DRAFT

    def test_submitted_opinion_waits_for_the_head_and_cannot_be_changed(self, adam, submitted):
        assert submitted.status == OpinionStatus.SUBMITTED
        assert audited(AuditAction.SUBMIT, submitted)
        with pytest.raises(ValidationError):
            court_services.court_opinion_save(actor=adam, opinion=submitted, data=sections(conclusions="x"))

    @pytest.mark.parametrize("persona", ["adam", "stefan", "anna", "bartosz"])
    def test_only_the_head_signs_off_or_returns(self, request, submitted, persona):
        actor = request.getfixturevalue(persona)
        with pytest.raises(PermissionDenied):
            court_services.court_opinion_approve(actor=actor, opinion=submitted)
        with pytest.raises(PermissionDenied):
            court_services.court_opinion_return(actor=actor, opinion=submitted, comment="Popraw")
        with pytest.raises(PermissionDenied):
            court_services.court_opinion_issue(actor=actor, opinion=submitted)
        submitted.refresh_from_db()
        assert submitted.status == OpinionStatus.SUBMITTED

    def test_the_head_returns_with_a_comment_and_the_assistant_resubmits(self, adam, helena, submitted):
        with pytest.raises(ValidationError) as refused:
            court_services.court_opinion_return(actor=helena, opinion=submitted, comment=" ")
        assert "comment" in refused.value.message_dict
        returned = court_services.court_opinion_return(
            actor=helena, opinion=submitted, comment="Uzupełnij zdrowie"
        )
        assert returned.status == OpinionStatus.RETURNED and returned.head_comment == "Uzupełnij zdrowie"
        event = events(submitted, action=AuditAction.DECIDE).get()
        assert event.details == {"outcome": "returned"}
        court_services.court_opinion_save(
            actor=adam, opinion=returned, data=sections(health="Zdrowi, bez nałogów")
        )
        assert (
            court_services.court_opinion_submit(actor=adam, opinion=returned).status
            == OpinionStatus.SUBMITTED
        )

    def test_a_draft_cannot_be_signed_off(self, helena, draft):
        with pytest.raises(ValidationError):
            court_services.court_opinion_approve(actor=helena, opinion=draft)
        with pytest.raises(ValidationError):
            court_services.court_opinion_issue(actor=helena, opinion=draft)

    def test_sign_off_issues_the_pdf_once(self, helena, issued):
        issued.refresh_from_db()
        assert issued.status == OpinionStatus.ISSUED
        assert issued.approved_by == helena and issued.approved_at and issued.issued_at
        with issued.pdf.open("rb") as handle:
            content = handle.read()
        assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == issued.pdf_sha256
        assert audited(AuditAction.SIGN, issued)
        issue = events(issued, action=AuditAction.UPDATE).get(details__status="issued")
        assert issue.details["sha256"] == issued.pdf_sha256

    def test_an_issued_opinion_never_changes(self, adam, helena, issued):
        issued.refresh_from_db()
        before = (issued.pdf.name, issued.pdf_sha256, issued.issued_at, issued.health)
        with pytest.raises(ValidationError):
            court_services.court_opinion_save(actor=adam, opinion=issued, data=sections(health="inaczej"))
        with pytest.raises(ValidationError):
            court_services.court_opinion_submit(actor=adam, opinion=issued)
        with pytest.raises(ValidationError):
            court_services.court_opinion_return(actor=helena, opinion=issued, comment="x")
        with pytest.raises(ValidationError):
            court_services.court_opinion_approve(actor=helena, opinion=issued)
        with pytest.raises(ValidationError):
            court_services.court_opinion_issue(actor=helena, opinion=issued)
        issued.refresh_from_db()
        assert (issued.pdf.name, issued.pdf_sha256, issued.issued_at, issued.health) == before
        assert events(issued, details__status="issued").count() == 1

    def test_a_double_click_on_sign_off_issues_once(self, helena, submitted):
        court_services.court_opinion_approve(actor=helena, opinion=submitted)
        with pytest.raises(ValidationError):
            court_services.court_opinion_approve(
                actor=helena, opinion=submitted
            )  # the stale object of the 1st click
        assert events(submitted, details__status="issued").count() == 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_parallel_sign_offs_issue_the_opinion_once(anna, helena, adam, stefan):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    court_request = court_services.court_request_register(
        actor=stefan, family_reference=family.reference, data=request_data()
    )
    opinion = court_services.court_opinion_start(actor=adam, court_request=court_request)
    court_services.court_opinion_save(actor=adam, opinion=opinion, data=sections())
    court_services.court_opinion_submit(actor=adam, opinion=opinion)

    outcomes = run_in_parallel(
        [lambda: court_services.court_opinion_approve(actor=helena, opinion=opinion) for _ in range(3)]
    )

    assert sorted(kind for kind, _result in outcomes) == ["ok", "refused", "refused"]
    assert events(opinion, details__status="issued").count() == 1


class TestCorrection:
    def test_a_correction_is_a_new_version_replacing_the_issued_one(self, adam, helena, issued):
        correction = court_services.court_opinion_correct(actor=adam, opinion=issued)
        assert (correction.version, correction.replaces, correction.status) == (
            2,
            issued,
            OpinionStatus.DRAFT,
        )
        assert correction.health == SECRET and correction.court_request_id == issued.court_request_id
        assert audited(AuditAction.CREATE, correction)
        court_services.court_opinion_save(actor=adam, opinion=correction, data=sections(health="Poprawione"))
        court_services.court_opinion_submit(actor=adam, opinion=correction)
        court_services.court_opinion_approve(actor=helena, opinion=correction)
        correction.refresh_from_db()
        issued.refresh_from_db()
        assert correction.status == OpinionStatus.ISSUED and correction.pdf_sha256 != issued.pdf_sha256
        assert issued.health == SECRET and issued.status == OpinionStatus.ISSUED  # the first stays as issued
        entry = court_selectors.court_register_entry(helena, issued.court_request_id)
        assert [version.version for version in entry.versions] == [2, 1]  # the register shows the newest

    def test_only_the_newest_issued_version_is_corrected(self, adam, draft, issued):
        court_services.court_opinion_correct(actor=adam, opinion=issued)
        with pytest.raises(ValidationError):
            court_services.court_opinion_correct(actor=adam, opinion=issued)

    def test_a_draft_is_edited_not_corrected(self, adam, draft):
        with pytest.raises(ValidationError):
            court_services.court_opinion_correct(actor=adam, opinion=draft)

    @pytest.mark.parametrize("persona", ["agata", "helena", "stefan"])
    def test_only_the_active_assistant_corrects(self, request, issued, persona):
        with pytest.raises(PermissionDenied):
            court_services.court_opinion_correct(actor=request.getfixturevalue(persona), opinion=issued)


class TestDispatch:
    def test_staff_record_the_dispatch_of_an_issued_opinion(self, stefan, issued):
        court_services.court_opinion_dispatch(
            actor=stefan, opinion=issued, dispatched_on=timezone.localdate(), method=DispatchMethod.POST
        )
        issued.refresh_from_db()
        assert issued.dispatched_on == timezone.localdate() and issued.dispatch_method == DispatchMethod.POST
        event = events(issued, action=AuditAction.UPDATE).get(details__dispatched="post")
        assert event.actor == stefan
        with pytest.raises(ValidationError):
            court_services.court_opinion_dispatch(
                actor=stefan, opinion=issued, dispatched_on=timezone.localdate(), method=DispatchMethod.EPUAP
            )

    def test_only_an_issued_opinion_is_dispatched(self, stefan, submitted):
        with pytest.raises(ValidationError):
            court_services.court_opinion_dispatch(
                actor=stefan,
                opinion=submitted,
                dispatched_on=timezone.localdate(),
                method=DispatchMethod.POST,
            )

    def test_the_date_is_not_in_the_future_nor_before_the_issue(self, stefan, issued):
        for day in (days_ago(-1), days_ago(30)):
            with pytest.raises(ValidationError) as refused:
                court_services.court_opinion_dispatch(
                    actor=stefan, opinion=issued, dispatched_on=day, method="post"
                )
            assert "dispatched_on" in refused.value.message_dict

    @pytest.mark.parametrize("persona", ["anna", "adam", "bartosz"])
    def test_only_staff_and_the_head_of_the_centre_dispatch(self, request, issued, persona):
        with pytest.raises(PermissionDenied):
            court_services.court_opinion_dispatch(
                actor=request.getfixturevalue(persona),
                opinion=issued,
                dispatched_on=timezone.localdate(),
                method="post",
            )


# The printed opinion


def test_the_printed_opinion_is_addressed_to_the_court_in_polish_with_embedded_fonts(helena, issued):
    with issued.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = text_of(reader)
    assert "sygn. akt" in text and SIGNATURE in text
    assert COURT in text and "VI Wydział Rodzinny i Nieletnich" in text
    assert issued.family.reference in text and FAMILY_NAME in text
    assert "zażółć gęślą jaźń" in text and "OPS Ochota" in text
    assert str(helena) in text and str(issued.author) in text
    assert embedded_fonts(reader) and all("DejaVu" in font for font in embedded_fonts(reader))
    width, height = (float(value) for value in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_a_correction_says_what_it_replaces(adam, helena, issued):
    correction = court_services.court_opinion_correct(actor=adam, opinion=issued)
    court_services.court_opinion_submit(actor=adam, opinion=correction)
    correction = court_services.court_opinion_approve(actor=helena, opinion=correction)
    with correction.pdf.open("rb") as handle:
        text = text_of(PdfReader(io.BytesIO(handle.read())))
    assert issued.issued_at.astimezone(timezone.get_current_timezone()).strftime("%d.%m.%Y") in text


# Views: the register (staff and the head)


def url(name: str, *args) -> str:
    return reverse(f"assistants:{name}", args=args)


class TestRegisterViews:
    def test_staff_see_the_register_without_case_content(self, client_for, stefan, family, issued):
        page = client_for(stefan).get(url("court_register")).content.decode()
        assert family.reference in page and SIGNATURE in page and COURT in page
        assert FAMILY_NAME not in page and SECRET not in page
        assert url("court_register") in page  # the navigation item

    def test_the_register_is_sorted_by_deadline_and_shows_the_overdue(
        self, client_for, stefan, family, court_request
    ):
        late = court_services.court_request_register(
            actor=stefan,
            family_reference=family.reference,
            data=request_data(
                case_signature="VI Nsm 1/26",
                letter_date=days_ago(40),
                received_on=days_ago(39),
                deadline=days_ago(2),
            ),
        )
        response = client_for(stefan).get(url("court_register"))
        assert [item.pk for item in response.context["page"]] == [late.pk, court_request.pk]
        assert [item.overdue for item in response.context["page"]] == [True, False]
        assert "table-danger" in response.content.decode()

    def test_a_dispatched_opinion_answers_the_deadline(self, stefan, family, issued):
        CourtRequest.objects.filter(pk=issued.court_request_id).update(deadline=days_ago(1))
        court_services.court_opinion_dispatch(
            actor=stefan, opinion=issued, dispatched_on=timezone.localdate(), method="post"
        )
        assert not court_selectors.court_register_entry(stefan, issued.court_request_id).overdue

    def test_the_head_sees_the_register(self, client_for, helena, court_request):
        assert client_for(helena).get(url("court_register")).status_code == 200

    @pytest.mark.parametrize("persona", ["anna", "adam", "ada"])
    def test_others_may_not_see_the_register(self, client_for, request, court_request, persona):
        client = client_for(request.getfixturevalue(persona))
        assert client.get(url("court_register")).status_code == 403
        assert client.get(url("court_register_add")).status_code == 403
        assert client.get(url("court_register_detail", court_request.pk)).status_code == 403

    def test_another_centre_sees_nothing_of_ours(self, client_for, bartosz, court_request, issued):
        client = client_for(bartosz)
        assert court_request.case_signature not in client.get(url("court_register")).content.decode()
        assert client.get(url("court_register_detail", court_request.pk)).status_code == 404
        assert client.get(url("court_register_opinion_pdf", court_request.pk, issued.pk)).status_code == 404
        assert client.get(url("court_register_dispatch", court_request.pk, issued.pk)).status_code == 404
        assert (
            client.post(
                url("court_register_dispatch", court_request.pk, issued.pk),
                {"dispatched_on": timezone.localdate().isoformat(), "method": "post"},
            ).status_code
            == 404
        )
        issued.refresh_from_db()
        assert issued.dispatched_on is None

    def test_staff_register_through_the_form(self, client_for, stefan, family):
        data = {**request_data(), "family_reference": family.reference, "scan": pdf_scan()}
        response = client_for(stefan).post(url("court_register_add"), data)
        court_request = CourtRequest.objects.get()
        assert response.status_code == 302 and response["Location"] == url(
            "court_register_detail", court_request.pk
        )
        assert court_request.family == family and court_request.scan

    @pytest.mark.parametrize("reference", ["OCH/1999/0001", "other-centre"])
    def test_a_reference_not_of_our_centre_is_a_form_error(self, client_for, stefan, family_b, reference):
        reference = family_b.reference if reference == "other-centre" else reference
        response = client_for(stefan).post(
            url("court_register_add"), {**request_data(scan=""), "family_reference": reference}
        )
        assert response.status_code == 200 and "family_reference" in response.context["form"].errors
        assert not CourtRequest.objects.exists()

    def test_a_scan_that_is_not_a_document_is_refused(self, client_for, stefan, family):
        bad = SimpleUploadedFile("pismo.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
        response = client_for(stefan).post(
            url("court_register_add"), {**request_data(), "family_reference": family.reference, "scan": bad}
        )
        assert "scan" in response.context["form"].errors and not CourtRequest.objects.exists()

    def test_the_entry_shows_the_letter_and_the_state_of_the_opinion(
        self, client_for, stefan, court_request, submitted
    ):
        response = client_for(stefan).get(url("court_register_detail", court_request.pk))
        page = response.content.decode()
        assert SIGNATURE in page and court_request.family.reference in page
        assert SECRET not in page and FAMILY_NAME not in page
        assert url("court_register_opinion_pdf", court_request.pk, submitted.pk) not in page  # not issued
        assert audited(AuditAction.VIEW, court_request)

    def test_staff_download_the_scan_of_the_letter(self, client_for, stefan, bartosz, family):
        court_request = court_services.court_request_register(
            actor=stefan, family_reference=family.reference, data=request_data(scan=pdf_scan())
        )
        response = client_for(stefan).get(url("court_register_scan", court_request.pk))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert audited(AuditAction.DOWNLOAD, court_request)
        assert client_for(bartosz).get(url("court_register_scan", court_request.pk)).status_code == 404

    def test_staff_print_the_stored_issued_opinion(self, client_for, stefan, issued):
        response = client_for(stefan).get(
            url("court_register_opinion_pdf", issued.court_request_id, issued.pk)
        )
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert hashlib.sha256(response.content).hexdigest() == issued.pdf_sha256
        event = events(issued, action=AuditAction.DOWNLOAD).get()
        assert event.actor == stefan and event.family_id == issued.family_id

    def test_an_opinion_not_issued_is_not_printed_nor_dispatched(self, client_for, stefan, submitted):
        client = client_for(stefan)
        assert (
            client.get(
                url("court_register_opinion_pdf", submitted.court_request_id, submitted.pk)
            ).status_code
            == 404
        )
        assert (
            client.post(
                url("court_register_dispatch", submitted.court_request_id, submitted.pk),
                {"dispatched_on": timezone.localdate().isoformat(), "method": "post"},
            ).status_code
            == 404
        )

    def test_staff_record_the_dispatch(self, client_for, stefan, issued):
        client = client_for(stefan)
        dispatch = url("court_register_dispatch", issued.court_request_id, issued.pk)
        assert client.get(dispatch).status_code == 200
        future = client.post(dispatch, {"dispatched_on": days_ago(-1).isoformat(), "method": "post"})
        assert future.status_code == 200 and "dispatched_on" in future.context["form"].errors
        response = client.post(
            dispatch, {"dispatched_on": timezone.localdate().isoformat(), "method": "epuap"}
        )
        assert response.status_code == 302
        issued.refresh_from_db()
        assert issued.dispatch_method == DispatchMethod.EPUAP

    def test_staff_never_reach_the_family_pages(self, client_for, stefan, family, court_request, issued):
        client = client_for(stefan)
        for address in (
            reverse("cases:family_detail", args=[family.pk]),
            url("court_request_detail", family.pk, court_request.pk),
            url("court_request_scan", family.pk, court_request.pk),
            url("court_opinion_detail", family.pk, issued.pk),
            url("court_opinion_pdf", family.pk, issued.pk),
            url("court_opinion_edit", family.pk, issued.pk),
            url("court_opinion_return", family.pk, issued.pk),
        ):
            assert client.get(address).status_code == 404, address
        for action in ("court_opinion_submit", "court_opinion_approve", "court_opinion_correct"):
            assert client.post(url(action, family.pk, issued.pk)).status_code == 404, action
        assert client.post(url("court_opinion_start", family.pk, court_request.pk)).status_code == 404


# Views: the opinion on the family's page


class TestOpinionViews:
    def test_the_assistant_sees_the_courts_request_on_the_family_page(
        self, client_for, adam, family, court_request
    ):
        response = client_for(adam).get(reverse("cases:family_detail", args=[family.pk]) + "?section=court")
        assert 'id="court-heading"' in response.content.decode() and SIGNATURE in response.content.decode()
        assert url("court_request_detail", family.pk, court_request.pk) in response.content.decode()

    def test_the_social_worker_does_not_see_the_court_part(self, client_for, anna, family, court_request):
        client = client_for(anna)
        response = client.get(reverse("cases:family_detail", args=[family.pk]))
        assert 'id="court-heading"' not in response.content.decode()
        assert SIGNATURE not in response.content.decode()
        assert client.get(url("court_request_detail", family.pk, court_request.pk)).status_code == 403

    @pytest.mark.parametrize("persona", ["adam", "helena"])
    def test_the_request_page(self, client_for, request, family, court_request, persona):
        response = client_for(request.getfixturevalue(persona)).get(
            url("court_request_detail", family.pk, court_request.pk)
        )
        assert response.status_code == 200 and court_request.request_text in response.content.decode()
        start = url("court_opinion_start", family.pk, court_request.pk)
        assert (start in response.content.decode()) == (persona == "adam")

    @pytest.mark.parametrize("persona", ["agata", "bartosz", "borys"])
    def test_the_request_page_does_not_exist_for_others(
        self, client_for, request, family, court_request, persona
    ):
        client = client_for(request.getfixturevalue(persona))
        assert client.get(url("court_request_detail", family.pk, court_request.pk)).status_code == 404

    def test_a_request_of_another_family_is_not_found_under_this_one(
        self, client_for, adam, anna, helena, family, court_request
    ):
        other = build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Inna")
        assert (
            client_for(adam).get(url("court_request_detail", other.pk, court_request.pk)).status_code == 404
        )

    def test_the_assistant_downloads_the_scan(self, client_for, adam, agata, stefan, family):
        court_request = court_services.court_request_register(
            actor=stefan, family_reference=family.reference, data=request_data(scan=pdf_scan())
        )
        response = client_for(adam).get(url("court_request_scan", family.pk, court_request.pk))
        assert response.status_code == 200 and audited(AuditAction.DOWNLOAD, court_request)
        assert (
            client_for(agata).get(url("court_request_scan", family.pk, court_request.pk)).status_code == 404
        )

    def test_the_assistant_writes_and_submits_through_the_pages(
        self, client_for, adam, family, court_request
    ):
        client = client_for(adam)
        start = url("court_opinion_start", family.pk, court_request.pk)
        assert client.get(start).status_code == 405
        response = client.post(start)
        opinion = CourtOpinion.objects.get()
        assert response["Location"] == url("court_opinion_edit", family.pk, opinion.pk)
        assert client.get(response["Location"]).status_code == 200
        response = client.post(
            url("court_opinion_edit", family.pk, opinion.pk), {**sections(), "submit": "1"}
        )
        assert response["Location"] == url("court_opinion_submit", family.pk, opinion.pk)
        opinion.refresh_from_db()
        assert opinion.status == OpinionStatus.DRAFT and opinion.health == SECRET
        response = confirm(client, response["Location"])
        assert response["Location"] == url("court_opinion_detail", family.pk, opinion.pk)
        opinion.refresh_from_db()
        assert opinion.status == OpinionStatus.SUBMITTED and opinion.health == SECRET

    def test_an_incomplete_opinion_is_saved_but_not_submitted(self, client_for, adam, family, draft):
        client = client_for(adam)
        response = client.post(
            url("court_opinion_edit", family.pk, draft.pk), {**sections(conclusions=""), "submit": "1"}
        )
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.status == OpinionStatus.DRAFT and draft.conclusions == ""

    @pytest.mark.parametrize("persona", ["helena", "anna"])
    def test_others_who_see_the_family_may_not_draft(
        self, client_for, request, family, court_request, draft, persona
    ):
        client = client_for(request.getfixturevalue(persona))
        assert client.post(url("court_opinion_start", family.pk, court_request.pk)).status_code == 403
        assert client.get(url("court_opinion_edit", family.pk, draft.pk)).status_code == 403
        assert client.post(url("court_opinion_submit", family.pk, draft.pk)).status_code == 403

    def test_the_head_reads_and_signs_off(self, client_for, helena, family, submitted):
        client = client_for(helena)
        response = client.get(url("court_opinion_detail", family.pk, submitted.pk))
        html = response.content.decode()
        assert response.status_code == 200 and SECRET in html
        assert url("court_opinion_approve", family.pk, submitted.pk) in html
        assert url("court_opinion_return", family.pk, submitted.pk) in html
        assert confirm(client, url("court_opinion_approve", family.pk, submitted.pk)).status_code == 302
        submitted.refresh_from_db()
        assert submitted.status == OpinionStatus.ISSUED
        pdf = client.get(url("court_opinion_pdf", family.pk, submitted.pk))
        assert pdf.status_code == 200 and hashlib.sha256(pdf.content).hexdigest() == submitted.pdf_sha256

    def test_the_head_returns_through_the_form(self, client_for, helena, family, submitted):
        client = client_for(helena)
        page = url("court_opinion_return", family.pk, submitted.pk)
        assert client.get(page).status_code == 200
        assert "comment" in client.post(page, {"comment": ""}).context["form"].errors
        assert client.post(page, {"comment": "Uzupełnij"}).status_code == 302
        submitted.refresh_from_db()
        assert submitted.status == OpinionStatus.RETURNED

    def test_the_assistant_may_not_sign_off(self, client_for, adam, family, submitted):
        client = client_for(adam)
        assert client.post(url("court_opinion_approve", family.pk, submitted.pk)).status_code == 403
        assert client.get(url("court_opinion_return", family.pk, submitted.pk)).status_code == 403
        submitted.refresh_from_db()
        assert submitted.status == OpinionStatus.SUBMITTED

    def test_a_second_click_on_sign_off_is_refused_with_a_message(self, client_for, helena, family, issued):
        response = confirm(
            client_for(helena), url("court_opinion_approve", family.pk, issued.pk), follow=True
        )
        assert [message.level_tag for message in response.context["messages"]] == ["error"]

    def test_an_issued_opinion_opens_no_editor(self, client_for, adam, family, issued):
        response = client_for(adam).get(url("court_opinion_edit", family.pk, issued.pk))
        assert response["Location"] == url("court_opinion_detail", family.pk, issued.pk)

    def test_the_assistant_starts_a_correction(self, client_for, adam, family, issued):
        client = client_for(adam)
        correct = url("court_opinion_correct", family.pk, issued.pk)
        assert correct in client.get(url("court_opinion_detail", family.pk, issued.pk)).content.decode()
        response = client.post(correct)
        correction = CourtOpinion.objects.get(version=2)
        assert response["Location"] == url("court_opinion_edit", family.pk, correction.pk)
        assert correct not in client.get(url("court_opinion_detail", family.pk, issued.pk)).content.decode()

    def test_a_draft_has_no_document(self, client_for, adam, family, draft):
        assert client_for(adam).get(url("court_opinion_pdf", family.pk, draft.pk)).status_code == 404

    @pytest.mark.parametrize("persona", ["agata", "bartosz", "borys", "bozena"])
    def test_the_opinion_does_not_exist_for_others(self, client_for, request, family, issued, persona):
        client = client_for(request.getfixturevalue(persona))
        assert client.get(url("court_opinion_detail", family.pk, issued.pk)).status_code == 404
        assert client.get(url("court_opinion_pdf", family.pk, issued.pk)).status_code == 404
        assert client.post(url("court_opinion_correct", family.pk, issued.pk)).status_code == 404
        assert client.post(url("court_opinion_approve", family.pk, issued.pk)).status_code == 404
        assert CourtOpinion.objects.count() == 1
