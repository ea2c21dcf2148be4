"""Assistant profiles, assessments, end of work, monitoring and handover: each view for each role."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assistants.models import (
    Assessment,
    AssessmentStatus,
    AssistantProfile,
    EndReason,
    MonitoringNote,
    WorkEnd,
)
from assistants.services import assessments as assessment_services
from assistants.services import lifecycle as lifecycle_services
from assistants.tests.test_lifecycle import accepted_plan, assessment_data, end_work, start_back
from cases.models import FamilyStatus
from conftest import build_family, confirm, days_ago
from familysupport.models import AuditAction, AuditEvent


def status_of(client, user, url, method="get", data=None):
    client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


def family_url(name, family, *args):
    return reverse(f"assistants:{name}", args=[family.pk, *args])


@pytest.fixture
def family(anna, helena, adam):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Żółkiewskich")
    start_back(family, 200)
    return family


@pytest.fixture
def submitted(family, adam):
    assessment = assessment_services.assessment_create(actor=adam, family=family, data=assessment_data())
    return assessment_services.assessment_submit(actor=adam, assessment=assessment)


def pdf_of(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    """The document's text with line breaks folded, so a name split over two lines still matches."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def embedded_fonts(reader: PdfReader) -> set[str]:
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].get_object().values():
            font = font.get_object()
            for candidate in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
                descriptor = candidate.get("/FontDescriptor")
                if descriptor and any(
                    key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    fonts.add(str(candidate["/BaseFont"]))
    return fonts


class TestCaseload:
    url = reverse("assistants:caseload")

    def test_head_sees_each_assistant_with_families_monitoring_and_qualifications(
        self, client, helena, adam, agata, family, anna
    ):
        build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Wiśniewskich")
        end_work(adam, family)
        AssistantProfile.objects.filter(user=agata).update(
            qualification_route="degree",
            not_deprived_of_parental_authority=True,
            meets_maintenance_duty=True,
            not_convicted=True,
            statements_signed_on=days_ago(30),
        )
        client.force_login(helena)
        response = client.get(self.url)
        rows = {row.user_id: row for row in response.context["assistants"]}
        assert (rows[adam.pk].active_families, rows[adam.pk].monitoring_families) == (1, 1)
        assert rows[agata.pk].statements_complete and not rows[adam.pk].statements_complete
        html = response.content.decode()
        assert reverse("assistants:assistant_profile_edit", args=[adam.assistant_profile.pk]) in html

    def test_head_of_another_centre_sees_only_their_assistants(self, client, bartosz, borys, adam):
        client.force_login(bartosz)
        response = client.get(self.url)
        assert [row.user_id for row in response.context["assistants"]] == [borys.pk]

    @pytest.mark.parametrize("persona", ["adam", "anna", "stefan", "ada"])
    def test_others_are_refused(self, client, request, persona):
        assert status_of(client, request.getfixturevalue(persona), self.url) == 403


class TestProfileEdit:
    def url(self, user):
        return reverse("assistants:assistant_profile_edit", args=[user.assistant_profile.pk])

    def post_data(self, **changes):
        data = {
            "qualification_route": "secondary",
            "qualification_details": "Szkolenie asystentów rodziny, 3 lata pracy w świetlicy",
            "not_deprived_of_parental_authority": "on",
            "meets_maintenance_duty": "on",
            "not_convicted": "on",
            "statements_signed_on": days_ago(3).isoformat(),
            "employment_form": "civil_law",
            "caseload_cap": "12",
        }
        data.update(changes)
        return data

    def test_head_edits_the_profile(self, client, helena, adam):
        client.force_login(helena)
        assert client.get(self.url(adam)).status_code == 200
        response = client.post(self.url(adam), self.post_data())
        assert response.status_code == 302 and response["Location"] == reverse("assistants:caseload")
        profile = AssistantProfile.objects.get(user=adam)
        assert profile.caseload_cap == 12 and profile.employment_form == "civil_law"
        assert profile.statements_complete

    def test_cap_below_the_active_families_is_refused_on_the_form(self, client, helena, adam, family, anna):
        build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Wiśniewskich")
        client.force_login(helena)
        response = client.post(self.url(adam), self.post_data(caseload_cap="1"))
        assert response.status_code == 200 and response.context["form"].errors["caseload_cap"]
        assert AssistantProfile.objects.get(user=adam).caseload_cap == 15

    def test_cap_above_the_statute_is_refused_on_the_form(self, client, helena, adam):
        client.force_login(helena)
        response = client.post(self.url(adam), self.post_data(caseload_cap="16"))
        assert response.status_code == 200 and response.context["form"].errors["caseload_cap"]

    @pytest.mark.parametrize("persona", ["adam", "anna", "stefan"])
    def test_others_are_refused(self, client, request, adam, persona):
        assert status_of(client, request.getfixturevalue(persona), self.url(adam)) == 403

    def test_another_centres_assistant_does_not_exist(self, client, bartosz, adam):
        assert status_of(client, bartosz, self.url(adam)) == 404
        assert status_of(client, bartosz, self.url(adam), "post", self.post_data()) == 404


def assessment_post(goals=(), **changes):
    data = {
        key: value.isoformat() if hasattr(value, "isoformat") else value
        for key, value in assessment_data().items()
        if key != "goal_progress"
    }
    data.update({f"goal_{goal.pk}": f"Postęp: {goal.goal}" for goal in goals})
    data.update(changes)
    return data


class TestAssessmentViews:
    def test_assistant_writes_the_assessment_against_the_plan_and_submits_it(self, client, family, adam):
        plan = accepted_plan(family, adam)
        goals = list(plan.goals.all())
        client.force_login(adam)
        form = client.get(family_url("assessment_add", family)).context["form"]
        assert [f"goal_{goal.pk}" for goal in goals] == form.goal_fields
        response = client.post(family_url("assessment_add", family), assessment_post(goals))
        assessment = Assessment.objects.get()
        assert response["Location"] == family_url("assessment_detail", family, assessment.pk)
        assert assessment.goal_progress[str(goals[1].pk)] == "Postęp: Żłobek dla najmłodszego"
        response = client.post(
            family_url("assessment_edit", family, assessment.pk),
            assessment_post(goals, cooperation="Dobra współpraca", submit="1"),
        )
        assert response["Location"] == family_url("assessment_submit", family, assessment.pk)
        confirm(client, response["Location"])
        assessment.refresh_from_db()
        assert (
            assessment.status == AssessmentStatus.SUBMITTED and assessment.cooperation == "Dobra współpraca"
        )

    def test_a_missing_goal_progress_is_saved_but_not_submitted(self, client, family, adam):
        plan = accepted_plan(family, adam)
        client.force_login(adam)
        response = client.post(family_url("assessment_add", family), assessment_post(plan.goals.all()[:1]))
        assessment = Assessment.objects.get()
        first, second = plan.goals.all()[:2]
        assert response.status_code == 302 and assessment.goal_progress[str(first.pk)]
        assert not assessment.goal_progress[str(second.pk)]
        response = confirm(client, family_url("assessment_submit", family, assessment.pk), follow=True)
        assessment.refresh_from_db()
        assert assessment.status == AssessmentStatus.DRAFT
        assert [m.level_tag for m in response.context["messages"]][-1] == "error"

    def test_submit_button(self, client, family, adam):
        assessment = assessment_services.assessment_create(actor=adam, family=family, data=assessment_data())
        client.force_login(adam)
        url = family_url("assessment_submit", family, assessment.pk)
        assert client.get(url).status_code == 200
        confirm(client, url)
        assessment.refresh_from_db()
        assert assessment.status == AssessmentStatus.SUBMITTED

    def test_a_submitted_assessment_is_not_edited(self, client, submitted, family, adam):
        client.force_login(adam)
        response = client.get(family_url("assessment_edit", family, submitted.pk))
        assert response["Location"] == family_url("assessment_detail", family, submitted.pk)

    def test_a_draft_is_seen_only_by_its_author(self, client, family, adam, helena, anna):
        draft = assessment_services.assessment_create(actor=adam, family=family, data=assessment_data())
        url = family_url("assessment_detail", family, draft.pk)
        assert status_of(client, adam, url) == 200
        assert status_of(client, helena, url) == 404
        assert status_of(client, anna, url) == 404
        assessment_services.assessment_submit(actor=adam, assessment=draft)
        assert status_of(client, helena, url) == 200
        assert status_of(client, anna, url) == 200

    def test_head_acknowledges(self, client, submitted, family, helena):
        client.force_login(helena)
        response = client.get(family_url("assessment_detail", family, submitted.pk))
        assert family_url("assessment_acknowledge", family, submitted.pk) in response.content.decode()
        confirm(client, family_url("assessment_acknowledge", family, submitted.pk))
        submitted.refresh_from_db()
        assert submitted.status == AssessmentStatus.ACKNOWLEDGED and submitted.acknowledged_by == helena

    @pytest.mark.parametrize(
        ("persona", "name", "expected"),
        [
            ("helena", "assessment_add", 403),
            ("anna", "assessment_add", 403),
            ("agata", "assessment_add", 404),
            ("helena", "assessment_submit", 403),
            ("adam", "assessment_acknowledge", 403),
            ("anna", "assessment_acknowledge", 403),
            ("agata", "assessment_detail", 404),
            ("agata", "assessment_pdf", 404),
            ("stefan", "assessment_detail", 404),
        ],
    )
    def test_other_roles_are_refused(self, client, request, submitted, family, persona, name, expected):
        args = [] if name == "assessment_add" else [submitted.pk]
        method = "post" if name in ("assessment_submit", "assessment_acknowledge") else "get"
        assert (
            status_of(client, request.getfixturevalue(persona), family_url(name, family, *args), method)
            == expected
        )
        submitted.refresh_from_db()
        assert submitted.status == AssessmentStatus.SUBMITTED

    def test_the_former_assistant_writes_no_assessment_during_monitoring(self, client, family, adam):
        end_work(adam, family)
        assert status_of(client, adam, family_url("assessment_add", family)) == 403

    @pytest.mark.parametrize("persona", ["bartosz", "borys", "bozena"])
    def test_another_centre_sees_nothing(self, client, request, submitted, family, persona):
        user = request.getfixturevalue(persona)
        for name in ("assessment_detail", "assessment_edit", "assessment_pdf"):
            assert status_of(client, user, family_url(name, family, submitted.pk)) == 404
        for name in ("assessment_submit", "assessment_acknowledge"):
            assert status_of(client, user, family_url(name, family, submitted.pk), "post") == 404
        assert status_of(client, user, family_url("assessment_add", family)) == 404

    def test_assessment_of_another_family_is_not_reached_through_this_one(
        self, client, submitted, anna, helena, adam
    ):
        other = build_family(anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Wiśniewskich")
        assert status_of(client, helena, family_url("assessment_detail", other, submitted.pk)) == 404


class TestFamilyPage:
    def test_the_next_assessment_is_shown_and_overdue_highlighted(self, client, family, adam):
        client.force_login(adam)
        response = client.get(reverse("cases:family_detail", args=[family.pk]) + "?section=assessments")
        lifecycle = response.context["lifecycle"]
        html = response.content.decode()
        assert lifecycle["assessment_overdue"] and 'class="overdue"' in html
        assert family_url("assessment_add", family) in html and family_url("work_end_add", family) in html
        assert f'href="{family_url("assignment_reassign", family)}"' not in html

    def test_head_sees_the_handover_and_end_buttons(self, client, family, helena):
        client.force_login(helena)
        html = client.get(
            reverse("cases:family_detail", args=[family.pk]) + "?section=assessments"
        ).content.decode()
        assert (
            family_url("assignment_reassign", family) in html and family_url("work_end_add", family) in html
        )
        assert family_url("assessment_add", family) not in html

    def test_monitoring_is_shown_with_its_notes(self, client, family, adam, anna):
        end_work(adam, family)
        lifecycle_services.monitoring_note_add(
            actor=anna, family=family, date=timezone.localdate(), text="Wizyta: porządek"
        )
        client.force_login(adam)
        response = client.get(reverse("cases:family_detail", args=[family.pk]) + "?section=assessments")
        lifecycle = response.context["lifecycle"]
        html = response.content.decode()
        assert lifecycle["monitoring"] and family_url("monitoring_note_add", family) in html
        assert f'href="{family_url("work_end_add", family)}"' not in html
        assert "Wizyta: porządek" in html


class TestWorkEndViews:
    def post_data(self, **changes):
        data = {
            "reason": EndReason.GOALS_ACHIEVED,
            "ended_on": days_ago(1).isoformat(),
            "summary": "Cele osiągnięte",
        }
        data.update(changes)
        return data

    @pytest.mark.parametrize("persona", ["adam", "helena"])
    def test_assistant_or_head_ends_the_work(self, client, request, family, persona):
        client.force_login(request.getfixturevalue(persona))
        assert client.get(family_url("work_end_add", family)).status_code == 200
        response = confirm(client, family_url("work_end_add", family), self.post_data())
        assert response["Location"] == reverse("cases:family_detail", args=[family.pk])
        family.refresh_from_db()
        assert family.status == FamilyStatus.MONITORING and WorkEnd.objects.get().family == family

    def test_reassigned_is_not_a_reason_to_choose(self, client, family, adam):
        client.force_login(adam)
        response = client.post(
            family_url("work_end_add", family), self.post_data(reason=EndReason.REASSIGNED)
        )
        assert response.status_code == 200 and response.context["form"].errors["reason"]
        assert not WorkEnd.objects.exists()

    def test_a_date_before_the_start_is_refused_on_the_form(self, client, family, adam):
        client.force_login(adam)
        response = confirm(
            client, family_url("work_end_add", family), self.post_data(ended_on=days_ago(300).isoformat())
        )
        assert response.context["form"].errors["ended_on"] and not WorkEnd.objects.exists()

    def test_after_the_end_the_page_sends_back_to_the_family(self, client, family, adam, helena):
        end_work(adam, family)
        client.force_login(helena)
        assert client.get(family_url("work_end_add", family)).status_code == 302

    @pytest.mark.parametrize(
        ("persona", "expected"), [("anna", 403), ("agata", 404), ("stefan", 404), ("bartosz", 404)]
    )
    def test_others_are_refused(self, client, request, family, persona, expected):
        user = request.getfixturevalue(persona)
        assert status_of(client, user, family_url("work_end_add", family)) == expected
        assert (
            status_of(client, user, family_url("work_end_add", family), "post", self.post_data()) == expected
        )
        assert not WorkEnd.objects.exists()

    def test_the_former_assistant_cannot_end_anothers_work(self, client, family, adam, helena, agata):
        lifecycle_services.assignment_reassign(actor=helena, family=family, assistant=agata.assistant_profile)
        assert status_of(client, adam, family_url("work_end_add", family), "post", self.post_data()) == 404


class TestMonitoringViews:
    def post_data(self):
        return {
            "date": timezone.localdate().isoformat(),
            "text": "Rodzina funkcjonuje dobrze, dzieci w szkole",
        }

    @pytest.mark.parametrize("persona", ["adam", "anna"])
    def test_former_assistant_or_responsible_worker_add_notes(self, client, request, family, adam, persona):
        end_work(adam, family)
        user = request.getfixturevalue(persona)
        client.force_login(user)
        assert client.get(family_url("monitoring_note_add", family)).status_code == 200
        response = client.post(family_url("monitoring_note_add", family), self.post_data())
        assert response.status_code == 302 and MonitoringNote.objects.get().author == user

    def test_no_notes_before_the_end_of_work(self, client, family, adam):
        client.force_login(adam)
        response = client.post(family_url("monitoring_note_add", family), self.post_data())
        assert response.status_code == 302 and not MonitoringNote.objects.exists()

    @pytest.mark.parametrize(
        ("persona", "expected"), [("helena", 403), ("agata", 404), ("sam", 404), ("bozena", 404)]
    )
    def test_others_are_refused(self, client, request, family, adam, persona, expected):
        end_work(adam, family)
        user = request.getfixturevalue(persona)
        assert (
            status_of(client, user, family_url("monitoring_note_add", family), "post", self.post_data())
            == expected
        )
        assert not MonitoringNote.objects.exists()

    def test_after_closing_the_former_assistant_sees_nothing(self, client, family, adam, helena):
        end_work(adam, family)
        lifecycle_services.case_close(actor=helena, family=family)
        assert status_of(client, adam, family_url("monitoring_note_add", family)) == 404
        assert status_of(client, adam, reverse("cases:family_detail", args=[family.pk])) == 404


class TestCaseCloseView:
    def test_head_closes_the_case(self, client, family, adam, helena):
        end_work(adam, family)
        client.force_login(helena)
        url = family_url("case_close", family)
        assert client.get(url).status_code == 200
        assert confirm(client, url).status_code == 302
        family.refresh_from_db()
        assert family.status == FamilyStatus.CLOSED

    def test_closing_twice_is_refused(self, client, family, adam, helena):
        end_work(adam, family)
        lifecycle_services.case_close(actor=helena, family=family)
        client.force_login(helena)
        # A closed case is archived, and an archived case refuses every change.
        assert client.post(family_url("case_close", family)).status_code == 403

    @pytest.mark.parametrize(("persona", "expected"), [("adam", 403), ("anna", 403), ("bartosz", 404)])
    def test_others_are_refused(self, client, request, family, adam, persona, expected):
        end_work(adam, family)
        assert (
            status_of(client, request.getfixturevalue(persona), family_url("case_close", family), "post")
            == expected
        )
        family.refresh_from_db()
        assert family.status == FamilyStatus.MONITORING


class TestReassignView:
    def test_head_hands_over_and_the_old_assistants_next_request_is_404(
        self, client, family, helena, adam, agata
    ):
        family_page = reverse("cases:family_detail", args=[family.pk])
        assert status_of(client, adam, family_page) == 200
        client.force_login(helena)
        form = client.get(family_url("assignment_reassign", family)).context["form"]
        assert list(form.fields["assistant"].queryset) == [agata.assistant_profile]  # not the current one
        response = client.post(
            family_url("assignment_reassign", family), {"assistant": agata.assistant_profile.pk}
        )
        assert response["Location"] == family_page
        client.force_login(adam)
        assert client.get(family_page).status_code == 404
        assert status_of(client, agata, family_page) == 200

    def test_the_cap_is_shown_on_the_form(self, client, family, helena, agata, anna):
        build_family(anna, stage="assigned", head=helena, assistant=agata, name="Rodzina Wiśniewskich")
        AssistantProfile.objects.filter(user=agata).update(caseload_cap=1)
        client.force_login(helena)
        response = client.post(
            family_url("assignment_reassign", family), {"assistant": agata.assistant_profile.pk}
        )
        assert response.status_code == 200 and response.context["form"].errors["assistant"]

    @pytest.mark.parametrize(
        ("persona", "expected"), [("adam", 403), ("anna", 403), ("agata", 404), ("bartosz", 404)]
    )
    def test_others_are_refused(self, client, request, family, agata, persona, expected):
        user = request.getfixturevalue(persona)
        url = family_url("assignment_reassign", family)
        assert status_of(client, user, url, "post", {"assistant": agata.assistant_profile.pk}) == expected
        assert family.assignments.get(ended_on__isnull=True).assistant.user.username == "adam"


class TestDocuments:
    def test_assessment_pdf_has_polish_text_signatures_and_embedded_fonts(self, client, family, adam, helena):
        plan = accepted_plan(family, adam)
        data = assessment_data(
            goal_progress={goal.pk: "Dzieci jedzą śniadanie; źródło: rozmowa" for goal in plan.goals.all()},
            safety="Bezpieczeństwo dzieci zapewnione — żadnych zagrożeń",
        )
        assessment = assessment_services.assessment_create(actor=adam, family=family, data=data)
        assessment_services.assessment_submit(actor=adam, assessment=assessment)
        assessment_services.assessment_acknowledge(actor=helena, assessment=assessment)
        client.force_login(helena)
        reader = pdf_of(client.get(family_url("assessment_pdf", family, assessment.pk)))
        text = text_of(reader)
        assert "Rodzina Żółkiewskich" in text and family.reference in text and "OPS Ochota" in text
        assert "Bezpieczeństwo dzieci zapewnione — żadnych zagrożeń" in text
        assert "Żłobek dla najmłodszego" in text and "Dzieci jedzą śniadanie" in text
        assert str(adam) in text and str(helena) in text  # both signature blocks
        assert any("DejaVu" in font for font in embedded_fonts(reader))
        assert AuditEvent.objects.filter(
            action=AuditAction.DOWNLOAD, object_type="assistants.assessment", object_id=str(assessment.pk)
        ).exists()

    def test_work_end_pdf_has_the_summary_and_the_monitoring(self, client, family, adam, anna):
        ended = end_work(adam, family, summary="Matka podjęła pracę; dzieci uczęszczają do szkoły")
        client.force_login(anna)
        reader = pdf_of(client.get(family_url("work_end_pdf", family, ended.pk)))
        text = text_of(reader)
        assert "Matka podjęła pracę; dzieci uczęszczają do szkoły" in text
        assert "Rodzina Żółkiewskich" in text and str(adam) in text
        assert ended.monitoring_until.strftime("%d.%m.%Y") in text
        assert any("DejaVu" in font for font in embedded_fonts(reader))
        assert AuditEvent.objects.filter(
            action=AuditAction.DOWNLOAD, object_type="assistants.workend", object_id=str(ended.pk)
        ).exists()

    @pytest.mark.parametrize("persona", ["agata", "sam", "stefan", "bartosz"])
    def test_documents_are_not_printed_for_others(self, client, request, family, submitted, adam, persona):
        ended = end_work(adam, family)
        user = request.getfixturevalue(persona)
        assert status_of(client, user, family_url("assessment_pdf", family, submitted.pk)) == 404
        assert status_of(client, user, family_url("work_end_pdf", family, ended.pk)) == 404
