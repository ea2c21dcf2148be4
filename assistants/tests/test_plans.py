"""The work plan with the family (art. 15 ust. 1 pkt 1–2): the services, the pages and the PDF."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from assistants.models import Assignment, EndReason, GoalStatus, Performer, PlanComment, PlanStatus, WorkPlan
from assistants.selectors import plans as plan_selectors
from assistants.services import lifecycle as lifecycle_services
from assistants.services import plans as plan_services
from cases.models import FamilyMember
from conftest import build_family, confirm, days_ago, rewrite
from familysupport.models import AuditAction, AuditEvent

TODAY = timezone.localdate
MARKER = "Zażółć gęślą jaźń"


def goal(text: str = MARKER, **changes) -> dict:
    return {
        "goal": text,
        "actions": "Wspólne planowanie budżetu domowego",
        "performer": Performer.FAMILY_MEMBER,
        "performer_name": "Matka",
        "deadline": TODAY() + datetime.timedelta(days=60),
        "expected_effect": "Rachunki opłacane w terminie",
        "status": GoalStatus.PLANNED,
        **changes,
    }


PLAN_DATA = {"consulted_on": None, "foster_care_coordinator": "", "child_help_plan": ""}


def draft(family, assistant, *, goals=None, consulted=True) -> WorkPlan:
    plan = plan_services.work_plan_create(actor=assistant, family=family)
    return plan_services.work_plan_save(
        actor=assistant,
        plan=plan,
        data={**PLAN_DATA, "consulted_on": TODAY() if consulted else None},
        goals=[goal()] if goals is None else goals,
    )


def accept(plan, assistant) -> WorkPlan:
    return plan_services.work_plan_accept(
        actor=assistant, plan=plan, accepted_by="Ewa Nowak", accepted_on=TODAY()
    )


def events(action, target) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action, object_type=target._meta.label_lower, object_id=str(target.pk)
        )
    )


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched by their English source text, whatever translations exist."""
    with translation.override("en"):
        yield


@pytest.fixture
def family(anna, helena, adam):
    return build_family(anna, stage="assigned", head=helena, assistant=adam)


# The services.


class TestCreate:
    def test_the_assistant_opens_the_first_plan_as_a_draft_version_1(self, family, adam):
        plan = plan_services.work_plan_create(actor=adam, family=family)
        assert (plan.version, plan.status, plan.revises) == (1, PlanStatus.DRAFT, None)
        assert plan.assignment == family.assignments.get(ended_on__isnull=True)
        assert events(AuditAction.CREATE, plan)[0].details == {"version": 1}

    def test_a_second_plan_is_refused_revise_instead(self, family, adam):
        plan_services.work_plan_create(actor=adam, family=family)
        with pytest.raises(ValidationError, match="revise"):
            plan_services.work_plan_create(actor=adam, family=family)
        assert family.work_plans.count() == 1

    @pytest.mark.parametrize("persona", ["agata", "anna", "helena", "borys"])
    def test_only_the_active_assistant_opens_the_plan(self, request, family, persona):
        with pytest.raises(PermissionDenied):
            plan_services.work_plan_create(actor=request.getfixturevalue(persona), family=family)
        assert not family.work_plans.exists()


class TestSave:
    def test_goals_are_added_changed_and_removed_in_the_draft(self, family, adam):
        plan = draft(family, adam, goals=[goal(), goal("Szkoła: regularna obecność dzieci")])
        first, second = plan.goals.order_by("id")
        plan_services.work_plan_save(
            actor=adam,
            plan=plan,
            data={**PLAN_DATA, "consulted_on": TODAY()},
            goals=[
                {**goal(), "id": first.pk, "status": GoalStatus.IN_PROGRESS},
                goal("Terapia rodzinna", performer=Performer.INSTITUTION, performer_name="Poradnia"),
            ],
        )
        goals = {item.goal: item for item in plan.goals.all()}
        assert set(goals) == {MARKER, "Terapia rodzinna"}
        assert goals[MARKER].pk == first.pk and goals[MARKER].status == GoalStatus.IN_PROGRESS
        update = events(AuditAction.UPDATE, plan)[0]
        plan.refresh_from_db()
        assert update.details == {
            "fields": ["goals"],
            "version": plan.lock_version,
            "goals_added": 1,
            "goals_changed": 1,
            "goals_removed": 1,
        }
        assert MARKER not in str([event.details for event in AuditEvent.objects.all()])

    def test_the_consultation_is_not_in_the_future_nor_before_the_work_started(self, family, adam):
        plan = plan_services.work_plan_create(actor=adam, family=family)
        for day in (TODAY() + datetime.timedelta(days=1), days_ago(3)):
            with pytest.raises(ValidationError) as error:
                plan_services.work_plan_save(
                    actor=adam, plan=plan, data={**PLAN_DATA, "consulted_on": day}, goals=[]
                )
            assert "consulted_on" in error.value.error_dict
        plan.refresh_from_db()
        assert plan.consulted_on is None

    def test_a_goal_for_a_family_member_or_an_institution_names_who_before_signing(self, family, adam):
        plan = plan_services.work_plan_create(actor=adam, family=family)
        plan_services.work_plan_save(
            actor=adam,
            plan=plan,
            data={**PLAN_DATA, "consulted_on": TODAY()},
            goals=[goal(performer_name=" ")],
        )
        with pytest.raises(ValidationError, match="which family member or institution"):
            accept(plan, adam)
        plan_services.work_plan_save(
            actor=adam,
            plan=plan,
            data=PLAN_DATA,
            goals=[goal(performer=Performer.ASSISTANT, performer_name="")],
        )
        assert plan.goals.get().performer == Performer.ASSISTANT

    def test_another_assistant_cannot_change_the_draft(self, family, adam, agata):
        plan = draft(family, adam)
        with pytest.raises(PermissionDenied):
            plan_services.work_plan_save(actor=agata, plan=plan, data=PLAN_DATA, goals=[])
        assert plan.goals.count() == 1


class TestAccept:
    def test_the_family_signs_and_the_plan_is_locked(self, family, adam):
        plan = accept(draft(family, adam), adam)
        assert (plan.status, plan.accepted_by, plan.accepted_on) == (
            PlanStatus.ACCEPTED,
            "Ewa Nowak",
            TODAY(),
        )
        assert events(AuditAction.SIGN, plan)[0].details == {"version": 1, "outcome": "accepted"}
        with pytest.raises(ValidationError, match="revise"):
            plan_services.work_plan_save(actor=adam, plan=plan, data=PLAN_DATA, goals=[])
        with pytest.raises(ValidationError, match="already been accepted"):
            accept(plan, adam)
        assert plan.goals.get().goal == MARKER

    def test_the_consultation_with_the_social_worker_comes_first(self, family, adam):
        plan = draft(family, adam, consulted=False)
        with pytest.raises(ValidationError) as error:
            accept(plan, adam)
        assert "consulted_on" in error.value.error_dict
        plan.refresh_from_db()
        assert plan.status == PlanStatus.DRAFT

    def test_a_plan_without_goals_is_not_accepted(self, family, adam):
        plan = draft(family, adam, goals=[])
        with pytest.raises(ValidationError) as error:
            accept(plan, adam)
        assert "goals" in error.value.error_dict

    def test_a_child_in_foster_care_requires_the_coordinator_and_the_help_plan(self, family, adam):
        FamilyMember.objects.filter(family=family).update(in_foster_care=True)
        plan = draft(family, adam)
        with pytest.raises(ValidationError) as error:
            accept(plan, adam)
        assert {"foster_care_coordinator", "child_help_plan"} <= set(error.value.error_dict)
        plan_services.work_plan_save(
            actor=adam,
            plan=plan,
            data={
                "consulted_on": TODAY(),
                "foster_care_coordinator": "Jan Kowalski, PCPR",
                "child_help_plan": "Spotkania z córką co tydzień",
            },
            goals=[{**goal(), "id": plan.goals.get().pk}],
        )
        assert accept(plan, adam).status == PlanStatus.ACCEPTED

    def test_the_signature_date_is_not_in_the_future_and_the_signers_are_named(self, family, adam):
        plan = draft(family, adam)
        with pytest.raises(ValidationError) as error:
            plan_services.work_plan_accept(
                actor=adam, plan=plan, accepted_by=" ", accepted_on=TODAY() + datetime.timedelta(days=1)
            )
        assert {"accepted_by", "accepted_on"} <= set(error.value.error_dict)
        assert not events(AuditAction.SIGN, plan)

    @pytest.mark.parametrize("persona", ["anna", "helena", "agata"])
    def test_only_the_active_assistant_records_the_acceptance(self, request, family, adam, persona):
        plan = draft(family, adam)
        with pytest.raises(PermissionDenied):
            accept(plan, request.getfixturevalue(persona))


class TestRevise:
    def test_a_revision_is_a_new_draft_with_the_goals_and_the_old_version_stays(self, family, adam):
        first = accept(draft(family, adam), adam)
        revision = plan_services.work_plan_revise(actor=adam, plan=first)
        assert (revision.version, revision.status, revision.revises) == (2, PlanStatus.DRAFT, first)
        assert revision.consulted_on is None  # consulted again
        assert list(revision.goals.values_list("goal", flat=True)) == [MARKER]
        assert events(AuditAction.CREATE, revision)[0].details == {"version": 2, "revises": first.pk}
        assert plan_selectors.current_work_plan(family) == first
        plan_services.work_plan_save(
            actor=adam,
            plan=revision,
            data={**PLAN_DATA, "consulted_on": TODAY()},
            goals=[goal("Nowy cel po ocenie")],
        )
        accept(revision, adam)
        first.refresh_from_db()
        assert plan_selectors.current_work_plan(family) == revision
        assert first.status == PlanStatus.ACCEPTED and list(first.goals.values_list("goal", flat=True)) == [
            MARKER
        ]

    def test_one_draft_at_a_time(self, family, adam):
        first = accept(draft(family, adam), adam)
        plan_services.work_plan_revise(actor=adam, plan=first)
        with pytest.raises(ValidationError, match="already open"):
            plan_services.work_plan_revise(actor=adam, plan=first)
        assert family.work_plans.count() == 2

    def test_only_the_current_accepted_plan_is_revised(self, family, adam):
        plan = draft(family, adam)
        with pytest.raises(ValidationError, match="change the draft"):
            plan_services.work_plan_revise(actor=adam, plan=plan)
        first = accept(plan, adam)
        second = accept(
            plan_services.work_plan_save(
                actor=adam,
                plan=plan_services.work_plan_revise(actor=adam, plan=first),
                data={**PLAN_DATA, "consulted_on": TODAY()},
                goals=[goal()],
            ),
            adam,
        )
        assert second.version == 2
        with pytest.raises(ValidationError, match="current plan"):
            plan_services.work_plan_revise(actor=adam, plan=first)

    def test_the_new_assistant_revises_the_plan_of_the_previous_one(self, family, adam, agata, helena):
        first = accept(draft(family, adam), adam)
        lifecycle_services.assignment_reassign(actor=helena, family=family, assistant=agata.assistant_profile)
        with pytest.raises(PermissionDenied):
            plan_services.work_plan_revise(actor=adam, plan=first)
        revision = plan_services.work_plan_revise(actor=agata, plan=first)
        assert revision.assignment.assistant.user == agata and revision.author == agata


class TestGoalStatus:
    def test_the_assistant_updates_a_goal_of_the_current_plan_without_a_new_version(self, family, adam):
        plan = accept(draft(family, adam), adam)
        item = plan.goals.get()
        plan_services.plan_goal_status_update(actor=adam, goal=item, status=GoalStatus.ACHIEVED)
        item.refresh_from_db()
        assert item.status == GoalStatus.ACHIEVED and family.work_plans.count() == 1
        assert events(AuditAction.UPDATE, item)[0].details == {"plan": plan.pk, "status": "achieved"}

    def test_goals_of_a_draft_or_an_older_version_are_not_updated_this_way(self, family, adam):
        first = accept(draft(family, adam), adam)
        revision = plan_services.work_plan_revise(actor=adam, plan=first)
        with pytest.raises(ValidationError, match="current accepted plan"):
            plan_services.plan_goal_status_update(
                actor=adam, goal=revision.goals.get(), status=GoalStatus.ACHIEVED
            )
        plan_services.work_plan_save(
            actor=adam, plan=revision, data={**PLAN_DATA, "consulted_on": TODAY()}, goals=[goal("Inny cel")]
        )
        accept(revision, adam)
        with pytest.raises(ValidationError, match="current accepted plan"):
            plan_services.plan_goal_status_update(
                actor=adam, goal=first.goals.get(), status=GoalStatus.ACHIEVED
            )

    def test_an_unknown_status_is_refused(self, family, adam):
        plan = accept(draft(family, adam), adam)
        with pytest.raises(ValidationError):
            plan_services.plan_goal_status_update(actor=adam, goal=plan.goals.get(), status="done")

    @pytest.mark.parametrize("persona", ["anna", "helena", "agata"])
    def test_only_the_active_assistant_updates_goals(self, request, family, adam, persona):
        plan = accept(draft(family, adam), adam)
        with pytest.raises(PermissionDenied):
            plan_services.plan_goal_status_update(
                actor=request.getfixturevalue(persona), goal=plan.goals.get(), status=GoalStatus.ACHIEVED
            )


class TestComment:
    def test_the_responsible_social_worker_comments_on_the_plan(self, family, adam, anna):
        plan = draft(family, adam)
        comment = plan_services.work_plan_comment_add(
            actor=anna, plan=plan, text="Proszę dodać cel dot. szkoły."
        )
        assert comment.author == anna and comment.plan == plan
        assert events(AuditAction.CREATE, comment)[0].details == {"plan": plan.pk}

    def test_an_empty_comment_is_refused(self, family, adam, anna):
        plan = draft(family, adam)
        with pytest.raises(ValidationError):
            plan_services.work_plan_comment_add(actor=anna, plan=plan, text="  ")
        assert not PlanComment.objects.exists()

    @pytest.mark.parametrize("persona", ["sam", "adam", "helena", "bozena"])
    def test_nobody_else_comments(self, request, family, adam, persona):
        plan = draft(family, adam)
        with pytest.raises(PermissionDenied):
            plan_services.work_plan_comment_add(
                actor=request.getfixturevalue(persona), plan=plan, text="Uwagi"
            )


def test_the_assistant_whose_work_ended_no_longer_changes_the_plan(family, adam):
    plan = draft(family, adam)
    lifecycle_services.work_end(
        actor=adam, family=family, reason=EndReason.MOVED_AWAY, summary="Wyprowadzka", ended_on=TODAY()
    )
    with pytest.raises(PermissionDenied):
        accept(plan, adam)


def test_the_first_plan_is_due_the_centres_number_of_days_after_the_start(family, centre_a):
    centre_a.first_plan_days = 21
    centre_a.save()
    assignment = Assignment.objects.get(family=family)
    assignment.started_on = datetime.date(2026, 1, 10)
    assert plan_selectors.first_plan_due(assignment) == datetime.date(2026, 1, 31)


# The pages.


def start_back(family, days: int) -> None:
    rewrite(Assignment.objects.filter(family=family, ended_on__isnull=True), started_on=days_ago(days))


class TestFamilyPage:
    def test_the_first_plan_is_shown_as_due_and_highlighted_when_overdue(self, client, family, adam):
        start_back(family, 40)
        client.force_login(adam)
        response = client.get(reverse("cases:family_detail", args=[family.pk]) + "?section=plan")
        plans = response.context["plans"]
        assert plans["first_due"] == days_ago(10) and plans["first_overdue"]
        assert 'class="overdue"' in response.content.decode()
        assert reverse("assistants:work_plan_create", args=[family.pk]) in response.content.decode()

    def test_the_current_plan_is_marked_and_the_due_date_disappears(self, client, family, adam, helena):
        start_back(family, 40)
        plan = plan_services.work_plan_create(actor=adam, family=family)
        plan_services.work_plan_save(
            actor=adam, plan=plan, data={**PLAN_DATA, "consulted_on": TODAY()}, goals=[goal()]
        )
        accept(plan, adam)
        plan_services.work_plan_revise(actor=adam, plan=plan)
        client.force_login(helena)
        response = client.get(reverse("cases:family_detail", args=[family.pk]) + "?section=plan")
        plans = response.context["plans"]
        assert plans["first_due"] is None and plans["current"] == plan and plans["draft"].version == 2
        assert reverse("assistants:work_plan_create", args=[family.pk]) not in response.content.decode()
        assert reverse("assistants:work_plan_detail", args=[family.pk, plan.pk]) in response.content.decode()


class TestCreateView:
    def url(self, family):
        return reverse("assistants:work_plan_create", args=[family.pk])

    def test_the_assistant_opens_the_draft_and_goes_to_the_form(self, client, family, adam):
        client.force_login(adam)
        response = client.post(self.url(family))
        plan = family.work_plans.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("assistants:work_plan_edit", args=[family.pk, plan.pk])

    def test_a_second_plan_is_refused_with_a_message(self, client, family, adam):
        plan_services.work_plan_create(actor=adam, family=family)
        client.force_login(adam)
        response = client.post(self.url(family), follow=True)
        assert "alert-danger" in response.content.decode() and family.work_plans.count() == 1

    def test_it_accepts_post_only(self, client, family, adam):
        client.force_login(adam)
        assert client.get(self.url(family)).status_code == 405

    @pytest.mark.parametrize(
        ("persona", "status"),
        [("anna", 403), ("helena", 403), ("agata", 404), ("stefan", 404), ("borys", 404)],
    )
    def test_others_are_refused(self, client, request, family, persona, status):
        client.force_login(request.getfixturevalue(persona))
        assert client.post(self.url(family)).status_code == status
        assert not family.work_plans.exists()


def plan_post(plan, **plan_fields) -> dict:
    """The plan's own form (its goals have forms of their own: test_plan_goals.py)."""
    return {
        "plan-consulted_on": plan_fields.get("consulted_on", TODAY().isoformat()),
        "plan-foster_care_coordinator": plan_fields.get("foster_care_coordinator", ""),
        "plan-child_help_plan": plan_fields.get("child_help_plan", ""),
        "plan-lock_version": str(plan.lock_version),
    }


class TestEditView:
    def url(self, plan):
        return reverse("assistants:work_plan_edit", args=[plan.family_id, plan.pk])

    def test_the_assistant_writes_the_plan_and_its_goals_stay(self, client, family, adam):
        plan = draft(family, adam, consulted=False)
        client.force_login(adam)
        page = client.get(self.url(plan))
        assert page.status_code == 200
        assert reverse("assistants:plan_goal_add", args=[family.pk, plan.pk]) in page.content.decode()
        response = client.post(self.url(plan), plan_post(plan))
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.consulted_on == TODAY() and plan.goals.get().goal == MARKER

    def test_save_and_accept_goes_to_the_signature(self, client, family, adam):
        plan = draft(family, adam)
        client.force_login(adam)
        response = client.post(self.url(plan), {**plan_post(plan), "accept": "1"})
        assert response["Location"] == reverse("assistants:work_plan_accept", args=[family.pk, plan.pk])

    def test_an_accepted_plan_is_not_edited(self, client, family, adam):
        plan = accept(draft(family, adam), adam)
        client.force_login(adam)
        response = client.post(self.url(plan), plan_post(plan, child_help_plan="Zmiana"))
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.child_help_plan == ""

    @pytest.mark.parametrize(
        ("persona", "status"),
        [("anna", 403), ("helena", 403), ("agata", 404), ("stefan", 404), ("borys", 404)],
    )
    def test_others_are_refused(self, client, request, family, adam, persona, status):
        plan = draft(family, adam)
        client.force_login(request.getfixturevalue(persona))
        assert client.get(self.url(plan)).status_code == status
        assert client.post(self.url(plan), plan_post(plan, child_help_plan="Zmiana")).status_code == status
        plan.refresh_from_db()
        assert plan.child_help_plan == ""


class TestAcceptView:
    def url(self, plan):
        return reverse("assistants:work_plan_accept", args=[plan.family_id, plan.pk])

    def test_the_assistant_records_the_familys_signature(self, client, family, adam):
        plan = draft(family, adam)
        client.force_login(adam)
        assert client.get(self.url(plan)).status_code == 200
        response = confirm(
            client, self.url(plan), {"accepted_by": "Ewa Nowak", "accepted_on": TODAY().isoformat()}
        )
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ACCEPTED

    def test_a_refusal_is_shown_on_the_form(self, client, family, adam):
        plan = draft(family, adam, consulted=False)
        client.force_login(adam)
        response = confirm(
            client, self.url(plan), {"accepted_by": "Ewa Nowak", "accepted_on": TODAY().isoformat()}
        )
        assert response.status_code == 200 and response.context["form"].non_field_errors()
        plan.refresh_from_db()
        assert plan.status == PlanStatus.DRAFT

    def test_a_date_in_the_future_is_refused(self, client, family, adam):
        plan = draft(family, adam)
        client.force_login(adam)
        tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
        response = client.post(self.url(plan), {"accepted_by": "Ewa Nowak", "accepted_on": tomorrow})
        assert response.context["form"].errors["accepted_on"]

    @pytest.mark.parametrize(
        ("persona", "status"),
        [("anna", 403), ("helena", 403), ("agata", 404), ("stefan", 404), ("borys", 404)],
    )
    def test_others_are_refused(self, client, request, family, adam, persona, status):
        plan = draft(family, adam)
        client.force_login(request.getfixturevalue(persona))
        data = {"accepted_by": "Ewa Nowak", "accepted_on": TODAY().isoformat()}
        assert client.post(self.url(plan), data).status_code == status
        plan.refresh_from_db()
        assert plan.status == PlanStatus.DRAFT


class TestDetailView:
    def url(self, plan):
        return reverse("assistants:work_plan_detail", args=[plan.family_id, plan.pk])

    @pytest.mark.parametrize("persona", ["adam", "anna", "helena"])
    def test_the_assistant_the_social_worker_and_the_head_read_the_plan(
        self, client, request, family, adam, persona
    ):
        plan = accept(draft(family, adam), adam)
        client.force_login(request.getfixturevalue(persona))
        response = client.get(self.url(plan))
        html = response.content.decode()
        assert response.status_code == 200 and MARKER in html
        assert response.context["is_current"]
        comment = reverse("assistants:work_plan_comment", args=[family.pk, plan.pk])
        revise = reverse("assistants:work_plan_revise", args=[family.pk, plan.pk])
        assert (comment in html) == (persona == "anna")
        assert (revise in html) == (persona == "adam")

    def test_an_older_version_is_marked_as_such(self, client, family, adam):
        first = accept(draft(family, adam), adam)
        second = plan_services.work_plan_revise(actor=adam, plan=first)
        plan_services.work_plan_save(
            actor=adam, plan=second, data={**PLAN_DATA, "consulted_on": TODAY()}, goals=[goal()]
        )
        accept(second, adam)
        client.force_login(adam)
        response = client.get(self.url(first))
        assert not response.context["is_current"] and response.context["current"] == second
        html = response.content.decode()
        goal_status = reverse(
            "assistants:plan_goal_status", args=[family.pk, first.pk, first.goals.first().pk]
        )
        assert goal_status not in html
        assert reverse("assistants:work_plan_revise", args=[family.pk, first.pk]) not in html
        # The current version's goals are the ones updated.
        current = client.get(self.url(second)).content.decode()
        assert (
            reverse("assistants:plan_goal_status", args=[family.pk, second.pk, second.goals.first().pk])
            in current
        )

    @pytest.mark.parametrize("persona", ["agata", "sam", "stefan", "ada", "bozena", "bartosz"])
    def test_others_do_not_see_it(self, client, request, family, adam, persona):
        plan = draft(family, adam)
        client.force_login(request.getfixturevalue(persona))
        assert client.get(self.url(plan)).status_code == 404


class TestReviseView:
    def url(self, plan):
        return reverse("assistants:work_plan_revise", args=[plan.family_id, plan.pk])

    def test_the_assistant_opens_a_revision(self, client, family, adam):
        plan = accept(draft(family, adam), adam)
        client.force_login(adam)
        response = client.post(self.url(plan))
        revision = family.work_plans.get(version=2)
        assert response["Location"] == reverse("assistants:work_plan_edit", args=[family.pk, revision.pk])

    def test_a_refusal_comes_back_as_a_message(self, client, family, adam):
        plan = draft(family, adam)
        client.force_login(adam)
        response = client.post(self.url(plan), follow=True)
        assert "alert-danger" in response.content.decode() and family.work_plans.count() == 1

    @pytest.mark.parametrize(
        ("persona", "status"), [("anna", 403), ("helena", 403), ("agata", 404), ("borys", 404)]
    )
    def test_others_are_refused(self, client, request, family, adam, persona, status):
        plan = accept(draft(family, adam), adam)
        client.force_login(request.getfixturevalue(persona))
        assert client.post(self.url(plan)).status_code == status
        assert family.work_plans.count() == 1


class TestGoalStatusView:
    def url(self, plan):
        return reverse("assistants:plan_goal_status", args=[plan.family_id, plan.pk, plan.goals.get().pk])

    def test_the_assistant_updates_the_status(self, client, family, adam):
        plan = accept(draft(family, adam), adam)
        client.force_login(adam)
        response = client.post(self.url(plan), {"status": GoalStatus.IN_PROGRESS})
        assert response.status_code == 302 and plan.goals.get().status == GoalStatus.IN_PROGRESS

    def test_a_bad_status_is_refused_with_a_message(self, client, family, adam):
        plan = accept(draft(family, adam), adam)
        client.force_login(adam)
        response = client.post(self.url(plan), {"status": "done"}, follow=True)
        assert response.status_code == 200 and plan.goals.get().status == GoalStatus.PLANNED

    @pytest.mark.parametrize(
        ("persona", "status"), [("anna", 403), ("helena", 403), ("agata", 404), ("borys", 404)]
    )
    def test_others_are_refused(self, client, request, family, adam, persona, status):
        plan = accept(draft(family, adam), adam)
        client.force_login(request.getfixturevalue(persona))
        assert client.post(self.url(plan), {"status": GoalStatus.ACHIEVED}).status_code == status
        assert plan.goals.get().status == GoalStatus.PLANNED


class TestCommentView:
    def url(self, plan):
        return reverse("assistants:work_plan_comment", args=[plan.family_id, plan.pk])

    def test_the_responsible_social_worker_comments(self, client, family, adam, anna):
        plan = draft(family, adam)
        client.force_login(anna)
        assert client.get(self.url(plan)).status_code == 200
        response = client.post(self.url(plan), {"text": "Proszę uwzględnić szkołę."})
        assert response.status_code == 302 and plan.comments.get().text == "Proszę uwzględnić szkołę."
        client.force_login(adam)
        assert (
            "Proszę uwzględnić szkołę."
            in client.get(reverse("assistants:work_plan_detail", args=[family.pk, plan.pk])).content.decode()
        )

    def test_an_empty_comment_stays_on_the_form(self, client, family, adam, anna):
        plan = draft(family, adam)
        client.force_login(anna)
        response = client.post(self.url(plan), {"text": ""})
        assert response.status_code == 200 and response.context["form"].errors["text"]

    @pytest.mark.parametrize(
        ("persona", "status"),
        [("adam", 403), ("helena", 403), ("sam", 404), ("stefan", 404), ("bozena", 404)],
    )
    def test_others_are_refused(self, client, request, family, adam, persona, status):
        plan = draft(family, adam)
        client.force_login(request.getfixturevalue(persona))
        assert client.post(self.url(plan), {"text": "Uwagi"}).status_code == status
        assert not plan.comments.exists()


def pdf_of(response) -> PdfReader:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    """The document's text with table cells' line breaks folded into single spaces."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def embedded_fonts(reader: PdfReader) -> set[str]:
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].get_object().values():
            font = font.get_object()
            for candidate in [font, *[item.get_object() for item in font.get("/DescendantFonts", [])]]:
                descriptor = candidate.get("/FontDescriptor")
                if descriptor and any(
                    key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    fonts.add(str(candidate["/BaseFont"]))
    return fonts


class TestPdf:
    def url(self, plan):
        return reverse("assistants:work_plan_pdf", args=[plan.family_id, plan.pk])

    @pytest.mark.parametrize("persona", ["adam", "anna", "helena"])
    def test_the_plan_for_signatures(self, client, request, family, adam, persona):
        FamilyMember.objects.filter(family=family).update(in_foster_care=True)
        plan = plan_services.work_plan_create(actor=adam, family=family)
        plan_services.work_plan_save(
            actor=adam,
            plan=plan,
            data={
                "consulted_on": TODAY(),
                "foster_care_coordinator": "Jan Koordynator-Żółć",
                "child_help_plan": "Spotkania z córką co tydzień",
            },
            goals=[goal()],
        )
        client.force_login(request.getfixturevalue(persona))
        reader = pdf_of(client.get(self.url(plan)))
        text = text_of(reader)
        assert MARKER in text and family.reference in text and "Rodzina Nowak" in text
        assert "OPS Ochota" in text and "Jan Koordynator-Żółć" in text
        assert str(adam) in text  # the assistant's signature block
        assert TODAY().strftime("%d.%m.%Y") in text  # the consultation date
        assert any("DejaVu" in font for font in embedded_fonts(reader))
        assert events(AuditAction.DOWNLOAD, plan)[0].actor == request.getfixturevalue(persona)

    @pytest.mark.parametrize("persona", ["agata", "sam", "stefan", "bozena"])
    def test_nobody_else_prints_it(self, client, request, family, adam, persona):
        plan = draft(family, adam)
        client.force_login(request.getfixturevalue(persona))
        assert client.get(self.url(plan)).status_code == 404
        assert not events(AuditAction.DOWNLOAD, plan)
