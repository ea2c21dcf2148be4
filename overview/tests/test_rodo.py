"""Data protection (RODO): the data protection officer's audit pages, the export for an access
request (art. 15), and the archive of closed cases (read-only, kept for the retention period)."""

import datetime
import io
import json

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assistants.models import DecisionOutcome
from assistants.services import lifecycle as lifecycle_services
from cases import services
from cases.models import Family, FamilyMember, FamilyRole, FamilyStatus, ParentalAuthority
from cases.selectors import families_visible_to, family_list
from conftest import INTERVIEW_DATA, build_family, confirm, person
from familysupport.models import AuditAction, AuditEvent, Role

PESEL = "15230112345"
INTERVIEW_SENTENCE = INTERVIEW_DATA["housing"]  # "Dwa pokoje"
ADDRESS = "ul. Grójecka 5"


@pytest.fixture
def iwona(centre_a):
    return person("iwona", centre_a, Role.DPO)


@pytest.fixture
def daniel(centre_b):
    return person("daniel", centre_b, Role.DPO)


@pytest.fixture
def family(anna):
    """A family of centre A with a signed interview and a member with a PESEL number."""
    family = build_family(anna, stage="interviewed", name="Rodzina Żółkiewska")
    services.member_add(
        actor=anna,
        family=family,
        data={
            "first_name": "Łucja",
            "last_name": "Żółkiewska",
            "role": FamilyRole.MOTHER,
            "birth_date": datetime.date(1990, 5, 1),
            "pesel": PESEL,
            "parental_authority": ParentalAuthority.FULL,
            "in_foster_care": False,
        },
    )
    return family


@pytest.fixture
def member(family):
    return family.members.get(pesel=PESEL)


@pytest.fixture
def family_b(bozena):
    return build_family(bozena, name="Rodzina Bemowska")


def text(response) -> str:
    return response.content.decode()


AUDIT_PAGES = ("audit_log", "audit_family", "audit_person")


class TestDpoRole:
    def test_the_dpo_sees_no_family(self, iwona, family):
        assert not families_visible_to(iwona).exists()

    def test_every_family_page_answers_404(self, client, iwona, family, member):
        client.force_login(iwona)
        for url in (
            reverse("cases:family_detail", args=[family.pk]),
            reverse("cases:interview_detail", args=[family.pk, family.interviews.first().pk]),
            reverse("cases:member_edit", args=[family.pk, member.pk]),
            reverse("member_export_json", args=[family.pk, member.pk]),
            reverse("member_export_pdf", args=[family.pk, member.pk]),
        ):
            assert client.get(url).status_code == 404, url
        assert client.get(reverse("cases:family_list")).status_code == 403

    @pytest.mark.parametrize("persona", ["anna", "adam", "stefan", "ada"])
    def test_other_roles_do_not_see_the_audit_pages(self, client, request, persona):
        client.force_login(request.getfixturevalue(persona))
        for name in AUDIT_PAGES:
            assert client.get(reverse(name)).status_code == 403, name

    def test_the_audit_pages_are_read_only(self, client, iwona, helena):
        for user in (iwona, helena):
            client.force_login(user)
            for name in AUDIT_PAGES:
                if name == "audit_person":
                    continue  # its lookup by PESEL is a POST (the PESEL stays out of the address)
                assert client.post(reverse(name)).status_code == 405, name
            # The lookup changes nothing: it only reads, and the read is recorded.
            client.post(reverse("audit_person"), {"pesel": "00000000000"})
            assert (
                not AuditEvent.objects.filter(actor=user)
                .exclude(action=AuditAction.VIEW)
                .exclude(action=AuditAction.LOGIN)
                .exists()
            )

    def test_the_admin_does_not_offer_the_audit_record(self):
        assert AuditEvent not in admin.site._registry


class TestAuditPages:
    def test_the_audit_record_shows_the_centres_events_by_reference_only(
        self, client, iwona, family, member, family_b
    ):
        client.force_login(iwona)
        page = text(client.get(reverse("audit_log")))
        assert family.reference in page
        assert family_b.reference not in page
        for content in ("Żółkiewska", "Łucja", INTERVIEW_SENTENCE, ADDRESS, PESEL):
            assert content not in page

    def test_filters_narrow_the_record(self, client, iwona, anna, sam, family):
        other = build_family(sam, name="Rodzina Inna")
        client.force_login(iwona)
        page = text(client.get(reverse("audit_log"), {"reference": family.reference}))
        assert family.reference in page and other.reference not in page
        page = text(client.get(reverse("audit_log"), {"actor": sam.pk}))
        assert other.reference in page and family.reference not in page
        page = text(client.get(reverse("audit_log"), {"action": AuditAction.SIGN}))
        assert family.reference in page and other.reference not in page
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        page = text(client.get(reverse("audit_log"), {"date_from": tomorrow.isoformat()}))
        assert family.reference not in page and other.reference not in page

    def test_who_accessed_the_family(self, client, iwona, sam, helena, family):
        client.force_login(helena)
        client.get(reverse("cases:family_detail", args=[family.pk]), REMOTE_ADDR="10.1.2.3")
        client.force_login(iwona)
        response = client.get(reverse("audit_family"), {"reference": family.reference})
        page = text(response)
        assert response.status_code == 200
        assert str(helena) in page and "10.1.2.3" in page and str(Role.HEAD.label) in page
        for content in ("Żółkiewska", "Łucja", INTERVIEW_SENTENCE, ADDRESS):
            assert content not in page

    def test_the_index_lists_the_centres_families_only(self, client, iwona, family, family_b):
        client.force_login(iwona)
        page = text(client.get(reverse("audit_family")))
        assert family.reference in page and family_b.reference not in page

    def test_another_centres_family_is_not_found(self, client, iwona, daniel, family, family_b):
        client.force_login(iwona)
        page = text(client.get(reverse("audit_family"), {"reference": family_b.reference}))
        assert "Bemowska" not in page and str(family_b.social_worker) not in page
        client.force_login(daniel)
        page = text(client.get(reverse("audit_log")))
        assert family.reference not in page and family_b.reference in page

    def test_who_accessed_the_person_by_pesel_or_record(self, client, iwona, helena, family, member):
        client.force_login(helena)
        client.get(reverse("member_export_json", args=[family.pk, member.pk]))
        client.force_login(iwona)
        for page in (
            text(client.post(reverse("audit_person"), {"pesel": PESEL}, follow=True)),
            text(client.get(reverse("audit_person"), {"member": member.pk})),
        ):
            assert family.reference in page and str(AuditAction.DOWNLOAD.label) in page
            for content in ("Żółkiewska", "Łucja", INTERVIEW_SENTENCE, ADDRESS):
                assert content not in page

    def test_a_pesel_never_stands_in_an_address(self, client, iwona, family, member):
        client.force_login(iwona)
        response = client.post(reverse("audit_person"), {"pesel": PESEL})
        assert response.status_code == 302 and PESEL not in response["Location"]
        assert response["Location"].endswith(f"?member={member.pk}")
        page = client.get(response["Location"])
        assert PESEL not in text(page)
        # An address that carries a PESEL finds nobody: the lookup is only by POST.
        assert family.reference not in text(client.get(reverse("audit_person"), {"pesel": PESEL}))

    def test_a_person_of_another_centre_is_not_found(self, client, daniel, family, member):
        client.force_login(daniel)
        page = text(client.get(reverse("audit_person"), {"member": member.pk}))
        assert family.reference not in page

    def test_looking_at_the_record_is_audited_without_the_pesel(self, client, iwona, family, member):
        client.force_login(iwona)
        client.get(reverse("audit_log"), {"reference": family.reference})
        client.get(reverse("audit_family"), {"reference": family.reference})
        client.post(reverse("audit_person"), {"pesel": PESEL}, follow=True)
        events = AuditEvent.objects.filter(actor=iwona, action=AuditAction.VIEW)
        assert events.count() == 3
        assert events.filter(details__filters__reference=family.reference).exists()
        assert events.filter(object_type="cases.family", object_id=str(family.pk)).exists()
        assert events.filter(object_type="cases.familymember", object_id=str(member.pk)).exists()
        assert PESEL not in json.dumps(list(events.values_list("details", flat=True)))

    def test_the_head_sees_the_audit_record_of_their_centre(self, client, helena, bartosz, family):
        client.force_login(helena)
        assert family.reference in text(client.get(reverse("audit_log")))
        client.force_login(bartosz)
        assert family.reference not in text(client.get(reverse("audit_log")))


class TestPersonExport:
    def test_the_json_holds_the_person_and_the_familys_case_and_is_audited(
        self, client, helena, family, member
    ):
        client.force_login(helena)
        response = client.get(reverse("member_export_json", args=[family.pk, member.pk]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert "attachment" in response["Content-Disposition"]
        data = json.loads(response.content)
        assert data["person"]["first_name"] == "Łucja" and data["person"]["pesel"] == PESEL
        assert data["family"]["reference"] == family.reference
        assert data["interviews"][0]["housing"] == INTERVIEW_SENTENCE
        assert data["reports"] and data["audit_events"]
        assert AuditEvent.objects.filter(
            actor=helena,
            action=AuditAction.DOWNLOAD,
            object_type="cases.familymember",
            object_id=str(member.pk),
            family_id=family.pk,
        ).exists()

    def test_the_pdf_opens_with_the_name_in_polish_letters(self, client, helena, family, member):
        client.force_login(helena)
        response = client.get(reverse("member_export_pdf", args=[family.pk, member.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        content = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        assert "Łucja Żółkiewska" in content
        assert AuditEvent.objects.filter(
            actor=helena, action=AuditAction.DOWNLOAD, object_id=str(member.pk), details__format="pdf"
        ).exists()

    @pytest.mark.parametrize(
        ("persona", "expected"),
        [("anna", 403), ("sam", 404), ("stefan", 404), ("iwona", 404), ("bartosz", 404)],
    )
    def test_others_get_no_export(self, client, request, family, member, persona, expected):
        client.force_login(request.getfixturevalue(persona))
        for name in ("member_export_json", "member_export_pdf"):
            assert client.get(reverse(name, args=[family.pk, member.pk])).status_code == expected
        assert not AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).exists()

    def test_a_member_of_another_family_is_not_found(self, client, helena, anna, family):
        other = build_family(anna, name="Rodzina Obca")
        client.force_login(helena)
        url = reverse("member_export_json", args=[family.pk, other.members.first().pk])
        assert client.get(url).status_code == 404


def refused_family(anna, helena):
    """A family whose request the head refused: its path has ended."""
    family = build_family(anna, stage="submitted")
    lifecycle_services.assignment_request_decide(
        actor=helena, request=family.requests.get(), outcome=DecisionOutcome.REFUSE, comment="Brak podstaw"
    )
    family.refresh_from_db()
    return family


class TestArchive:
    def test_the_head_archives_an_ended_case_with_a_retention_date(self, anna, helena, settings):
        settings.RETENTION_YEARS = 10
        family = refused_family(anna, helena)
        services.family_archive(actor=helena, family=family)
        family.refresh_from_db()
        today = timezone.localdate()
        assert family.archived_on == today
        assert family.retention_until == today + relativedelta(years=10)
        assert AuditEvent.objects.filter(
            action=AuditAction.UPDATE,
            object_type="cases.family",
            family_id=family.pk,
            details__outcome="archived",
        ).exists()

    @pytest.mark.parametrize("stage", ["reported", "interviewed", "analysed", "submitted"])
    def test_an_open_case_cannot_be_archived(self, anna, helena, stage):
        family = build_family(anna, stage=stage)
        with pytest.raises(ValidationError):
            services.family_archive(actor=helena, family=family)
        family.refresh_from_db()
        assert family.archived_on is None

    def test_an_assigned_family_cannot_be_archived(self, anna, helena, adam):
        family = build_family(anna, stage="assigned", head=helena, assistant=adam)
        with pytest.raises(ValidationError):
            services.family_archive(actor=helena, family=family)

    @pytest.mark.parametrize("persona", ["anna", "iwona", "bartosz"])
    def test_only_the_head_archives(self, request, anna, helena, persona):
        family = refused_family(anna, helena)
        with pytest.raises(PermissionDenied):
            services.family_archive(actor=request.getfixturevalue(persona), family=family)

    def test_archiving_twice_is_refused(self, anna, helena):
        family = refused_family(anna, helena)
        services.family_archive(actor=helena, family=family)
        family.refresh_from_db()
        with pytest.raises(ValidationError):
            services.family_archive(actor=helena, family=family)

    def test_the_archived_family_leaves_the_working_list_and_opens_read_only(self, client, anna, helena):
        family = refused_family(anna, helena)
        client.force_login(helena)
        assert family.reference in text(client.get(reverse("cases:family_list")))
        assert confirm(client, reverse("cases:family_archive", args=[family.pk])).status_code == 302
        family.refresh_from_db()
        assert family.archived_on is not None
        assert not family_list(helena).filter(pk=family.pk).exists()
        assert family.reference not in text(client.get(reverse("cases:family_list")))
        assert family.reference in text(client.get(reverse("cases:family_list"), {"archive": "1"}))
        response = client.get(reverse("cases:family_detail", args=[family.pk]))
        assert response.status_code == 200
        assert family.retention_until.strftime("%d.%m.%Y") in text(response)
        client.force_login(anna)
        assert family.reference not in text(client.get(reverse("home")))
        assert client.get(reverse("cases:family_detail", args=[family.pk])).status_code == 200

    def test_every_post_to_an_archived_family_answers_403_and_changes_nothing(self, client, anna, helena):
        family = refused_family(anna, helena)
        services.family_archive(actor=helena, family=family)
        before = AuditEvent.objects.exclude(action__in=[AuditAction.VIEW, AuditAction.LOGIN]).count()
        members = FamilyMember.objects.filter(family=family).count()
        client.force_login(anna)
        data = {
            "name": "Rodzina Zmieniona",
            "street": "ul. Nowa 1",
            "postal_code": "02-001",
            "city": "Warszawa",
            "first_name": "Nowy",
            "last_name": "Członek",
            "role": FamilyRole.CHILD,
            "birth_date": "2020-01-01",
            "received_on": timezone.localdate().isoformat(),
            "source": "school",
            "description": "Nowe zgłoszenie",
        }
        member = family.members.first()
        interview = family.interviews.first()
        for url in (
            reverse("cases:family_edit", args=[family.pk]),
            reverse("cases:member_add", args=[family.pk]),
            reverse("cases:member_edit", args=[family.pk, member.pk]),
            reverse("cases:report_add", args=[family.pk]),
            reverse("cases:interview_start", args=[family.pk]),
            reverse("cases:interview_update", args=[family.pk, interview.pk]),
            reverse("cases:analysis_add", args=[family.pk]),
        ):
            assert client.post(url, data).status_code == 403, url
        client.force_login(helena)
        assert client.post(reverse("cases:family_social_worker", args=[family.pk])).status_code == 403
        family.refresh_from_db()
        assert family.name == "Rodzina Nowak" and family.status == FamilyStatus.REQUEST_REFUSED
        assert FamilyMember.objects.filter(family=family).count() == members
        assert AuditEvent.objects.exclude(action__in=[AuditAction.VIEW, AuditAction.LOGIN]).count() == before

    def test_the_services_refuse_changes_to_an_archived_family(self, anna, helena):
        family = refused_family(anna, helena)
        services.family_archive(actor=helena, family=family)
        family.refresh_from_db()
        with pytest.raises(ValidationError):
            services.family_update(
                actor=anna,
                family=family,
                data={"name": "X", "street": "Y", "postal_code": "00-000", "city": "Z", "blue_card": False},
            )
        with pytest.raises(ValidationError):
            services.report_register(
                actor=anna,
                family=family,
                data={
                    "received_on": timezone.localdate(),
                    "source": "school",
                    "description": "Nowe",
                    "urgent": False,
                    "intervention": "",
                },
            )
        with pytest.raises(ValidationError):
            services.interview_start(actor=anna, family=family)
        family.refresh_from_db()
        assert family.status == FamilyStatus.REQUEST_REFUSED and family.reports.count() == 1

    def test_closing_the_case_after_monitoring_archives_it(self, anna, helena, adam):
        family = build_family(anna, stage="assigned", head=helena, assistant=adam)
        lifecycle_services.work_end(
            actor=adam,
            family=family,
            reason="goals_achieved",
            summary="Cele osiągnięte.",
            ended_on=timezone.localdate(),
        )
        family.refresh_from_db()
        lifecycle_services.case_close(actor=helena, family=family)
        family = Family.objects.get(pk=family.pk)
        assert family.status == FamilyStatus.CLOSED and family.archived_on == timezone.localdate()
        assert family.retention_until is not None
        assert not family_list(helena).filter(pk=family.pk).exists()

    def test_the_head_sees_the_archive_button_only_when_allowed(self, client, anna, helena):
        open_family = build_family(anna)
        ended = refused_family(anna, helena)
        client.force_login(helena)
        archive = reverse("cases:family_archive", args=[ended.pk])
        assert archive in text(client.get(reverse("cases:family_detail", args=[ended.pk])))
        page = text(client.get(reverse("cases:family_detail", args=[open_family.pk])))
        assert reverse("cases:family_archive", args=[open_family.pk]) not in page
        client.force_login(anna)
        assert archive not in text(client.get(reverse("cases:family_detail", args=[ended.pk])))
        assert client.post(archive).status_code == 403
