"""The goals of a draft work plan, added, changed and removed one by one on the plan's page: each
through its service (the policy, the audit row), each moving the plan's version, so that a form of
the plan drawn before is refused; with htmx the answer is the goals part of the page, without
JavaScript the same forms post and come back to the page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from assistants.models import PlanGoal
from assistants.services import plans as plan_services
from assistants.tests.test_plans import MARKER, PLAN_DATA, accept, draft, goal, plan_post
from conftest import build_family
from familysupport.audit import StaleVersion
from familysupport.models import AuditAction, AuditEvent

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def family(anna, helena, adam):
    return build_family(anna, stage="assigned", head=helena, assistant=adam)


def version_of(plan) -> int:
    plan.refresh_from_db()
    return plan.lock_version


def goal_events(plan, change: str) -> list[AuditEvent]:
    return [
        event
        for event in AuditEvent.objects.filter(
            action=AuditAction.UPDATE, object_type="assistants.workplan", object_id=str(plan.pk)
        )
        if event.details.get(f"goals_{change}") == 1 and "goal" in event.details
    ]


def goal_post(plan, text: str = "Nowy cel", **changes) -> dict:
    data = {**goal(text), **changes, "lock_version": str(plan.lock_version)}
    return {
        key: value.isoformat() if isinstance(value, datetime.date) else value for key, value in data.items()
    }


def add_url(plan) -> str:
    return reverse("assistants:plan_goal_add", args=[plan.family_id, plan.pk])


def edit_url(item: PlanGoal) -> str:
    return reverse("assistants:plan_goal_edit", args=[item.plan.family_id, item.plan_id, item.pk])


def remove_url(item: PlanGoal) -> str:
    return reverse("assistants:plan_goal_remove", args=[item.plan.family_id, item.plan_id, item.pk])


class TestServices:
    def test_a_goal_is_added_the_version_moves_and_the_audit_names_it(self, family, adam):
        plan = draft(family, adam)
        before = version_of(plan)
        added = plan_services.plan_goal_add(actor=adam, plan=plan, data=goal("Nowy cel"), version=before)
        assert version_of(plan) == before + 1
        assert [item.goal for item in plan.goals.order_by("id")] == [MARKER, "Nowy cel"]
        (event,) = goal_events(plan, "added")
        assert event.details["goal"] == added.pk and event.details["fields"] == ["goals"]
        assert "Nowy cel" not in str(event.details)

    def test_a_goal_is_changed_and_removed_each_moving_the_version(self, family, adam):
        plan = draft(family, adam)
        item = plan.goals.get()
        first = version_of(plan)
        plan_services.plan_goal_update(actor=adam, goal=item, data=goal("Zmieniony cel"), version=first)
        assert version_of(plan) == first + 1 and plan.goals.get().goal == "Zmieniony cel"
        plan_services.plan_goal_remove(actor=adam, goal=item, version=first + 1)
        assert version_of(plan) == first + 2 and not plan.goals.exists()
        assert len(goal_events(plan, "changed")) == 1 and len(goal_events(plan, "removed")) == 1

    def test_an_unchanged_goal_moves_nothing(self, family, adam):
        plan = draft(family, adam)
        before = version_of(plan)
        plan_services.plan_goal_update(actor=adam, goal=plan.goals.get(), data=goal(), version=before)
        assert version_of(plan) == before and goal_events(plan, "changed") == []

    def test_a_stale_plan_form_is_refused_after_a_goal_was_added(self, family, adam):
        plan = draft(family, adam)
        drawn = version_of(plan)  # the plan's form is open in another tab
        plan_services.plan_goal_add(actor=adam, plan=plan, data=goal("Nowy cel"), version=drawn)
        with pytest.raises(StaleVersion):
            plan_services.work_plan_save(
                actor=adam, plan=plan, data={**PLAN_DATA, "child_help_plan": "Inny"}, version=drawn
            )
        plan.refresh_from_db()
        assert plan.child_help_plan == "" and plan.goals.count() == 2

    def test_a_goal_from_a_stale_page_is_refused_and_adds_nothing(self, family, adam):
        plan = draft(family, adam)
        drawn = version_of(plan)
        plan_services.work_plan_save(
            actor=adam, plan=plan, data={**PLAN_DATA, "child_help_plan": "Zapisane"}, version=drawn
        )
        with pytest.raises(StaleVersion):
            plan_services.plan_goal_add(actor=adam, plan=plan, data=goal("Nowy cel"), version=drawn)
        with pytest.raises(StaleVersion):
            plan_services.plan_goal_remove(actor=adam, goal=plan.goals.get(), version=drawn)
        assert [item.goal for item in plan.goals.all()] == [MARKER]

    def test_an_accepted_plan_keeps_its_goals(self, family, adam):
        plan = accept(draft(family, adam), adam)
        with pytest.raises(ValidationError, match="accepted plan cannot be changed"):
            plan_services.plan_goal_add(actor=adam, plan=plan, data=goal("Nowy cel"))
        with pytest.raises(ValidationError, match="accepted plan cannot be changed"):
            plan_services.plan_goal_remove(actor=adam, goal=plan.goals.get())
        assert plan.goals.count() == 1

    def test_a_draft_goal_saves_with_only_its_wording(self, family, adam):
        plan = draft(family, adam)
        blank = {
            "actions": "",
            "performer": "",
            "performer_name": "",
            "deadline": None,
            "expected_effect": "",
        }
        added = plan_services.plan_goal_add(actor=adam, plan=plan, data={"goal": "Tylko opis", **blank})
        added.refresh_from_db()
        assert added.goal == "Tylko opis" and added.deadline is None and added.expected_effect == ""
        # a deadline without the expected effect, and the goal without a deadline listed last
        item = plan.goals.get(goal=MARKER)
        plan_services.plan_goal_update(actor=adam, goal=item, data=goal(MARKER, expected_effect=""))
        assert [g.goal for g in plan.goals.all()] == [MARKER, "Tylko opis"]

    def test_a_goal_needs_its_wording_and_a_known_performer(self, family, adam):
        plan = draft(family, adam)
        with pytest.raises(ValidationError, match="Write the goal"):
            plan_services.plan_goal_add(actor=adam, plan=plan, data=goal(" "))
        with pytest.raises(ValidationError, match="Choose who carries out"):
            plan_services.plan_goal_add(actor=adam, plan=plan, data=goal("Nowy cel", performer="sąsiad"))
        assert plan.goals.count() == 1

    @pytest.mark.parametrize("persona", ["agata", "anna", "helena", "borys"])
    def test_only_the_familys_assistant_changes_the_goals(self, request, family, adam, persona):
        plan = draft(family, adam)
        other = request.getfixturevalue(persona)
        with pytest.raises(PermissionDenied):
            plan_services.plan_goal_add(actor=other, plan=plan, data=goal("Nowy cel"))
        with pytest.raises(PermissionDenied):
            plan_services.plan_goal_remove(actor=other, goal=plan.goals.get())
        assert plan.goals.count() == 1


class TestViews:
    def test_with_htmx_a_goal_is_added_and_the_goals_part_comes_back(self, client, family, adam):
        plan = draft(family, adam)
        client.force_login(adam)
        response = client.post(add_url(plan), goal_post(plan), **HTMX)
        assert response.status_code == 200
        assert [template.name for template in response.templates][0] == "assistants/_plan_goal_editor.html"
        html = response.content.decode()
        assert "<html" not in html and "Nowy cel" in html and MARKER in html
        # The page's own plan form now answers the moved version (an out-of-band swap).
        assert f'value="{version_of(plan)}" id="id_plan-lock_version" hx-swap-oob="true"' in html
        assert 'class="alert alert-success" role="status"' in html  # the message, said in the part

    def test_with_htmx_a_goal_is_removed(self, client, family, adam):
        plan = draft(family, adam, goals=[goal(), goal("Do usunięcia")])
        item = plan.goals.get(goal="Do usunięcia")
        client.force_login(adam)
        response = client.post(remove_url(item), {"lock_version": str(plan.lock_version)}, **HTMX)
        assert response.status_code == 200 and "<html" not in response.content.decode()
        assert [left.goal for left in plan.goals.all()] == [MARKER]
        assert "Do usunięcia" not in response.content.decode()

    def test_with_htmx_a_goal_is_changed(self, client, family, adam):
        plan = draft(family, adam)
        item = plan.goals.get()
        client.force_login(adam)
        response = client.post(edit_url(item), goal_post(plan, "Zmieniony cel"), **HTMX)
        assert response.status_code == 200 and "Zmieniony cel" in response.content.decode()
        assert plan.goals.get().goal == "Zmieniony cel"

    def test_without_javascript_the_same_forms_post_and_come_back(self, client, family, adam):
        plan = draft(family, adam)
        client.force_login(adam)
        page = reverse("assistants:work_plan_edit", args=[family.pk, plan.pk])
        response = client.post(add_url(plan), goal_post(plan))
        assert response.status_code == 302 and response["Location"] == f"{page}#goals"
        added = plan.goals.get(goal="Nowy cel")
        response = client.post(remove_url(added), {"lock_version": str(version_of(plan))})
        assert response.status_code == 302 and response["Location"] == f"{page}#goals"
        assert [item.goal for item in plan.goals.all()] == [MARKER]

    def test_a_form_sent_twice_adds_one_goal(self, client, family, adam):
        plan = draft(family, adam)
        client.force_login(adam)
        data = {**goal_post(plan), "submission": "6f1c5e0e-2a7b-4c8e-9a55-0b5d7f3a9e11"}
        client.post(add_url(plan), data, **HTMX)
        client.post(add_url(plan), data, **HTMX)
        assert plan.goals.filter(goal="Nowy cel").count() == 1

    def test_a_refused_goal_stays_on_its_form_with_the_reason(self, client, family, adam):
        plan = draft(family, adam)
        client.force_login(adam)
        response = client.post(add_url(plan), goal_post(plan, deadline="31.02.2026"), **HTMX)
        assert response.status_code == 200
        assert response.context["add_form"].errors["deadline"]
        assert 'value="Nowy cel"' in response.content.decode()  # the user's input is kept
        assert "hx-swap-oob" not in response.content.decode()  # nothing moved
        assert plan.goals.count() == 1
        response = client.post(add_url(plan), goal_post(plan, deadline="31.02.2026"))  # without JavaScript
        assert response.status_code == 200 and "<html" in response.content.decode()
        assert response.context["add_form"].errors["deadline"]

    def test_with_htmx_a_goal_with_only_its_wording_is_added(self, client, family, adam):
        plan = draft(family, adam)
        client.force_login(adam)
        blank = {"actions": "", "performer": "", "performer_name": "", "deadline": "", "expected_effect": ""}
        response = client.post(add_url(plan), goal_post(plan, "Tylko opis", **blank), **HTMX)
        assert response.status_code == 200 and "Tylko opis" in response.content.decode()
        added = plan.goals.get(goal="Tylko opis")
        assert added.deadline is None and added.actions == "" and added.performer == ""
        # the plan's page and its PDF show the draft's goal without a deadline
        page = client.get(reverse("assistants:work_plan_edit", args=[family.pk, plan.pk]))
        assert page.status_code == 200 and "Tylko opis" in page.content.decode()
        detail = client.get(reverse("assistants:work_plan_detail", args=[family.pk, plan.pk]))
        assert detail.status_code == 200 and "Tylko opis" in detail.content.decode()
        pdf = client.get(reverse("assistants:work_plan_pdf", args=[family.pk, plan.pk]))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"

    def test_a_goal_from_a_stale_page_is_refused_with_what_was_saved(self, client, family, adam):
        plan = draft(family, adam)
        stale = goal_post(plan)
        plan_services.work_plan_save(
            actor=adam, plan=plan, data={**PLAN_DATA, "child_help_plan": "Zapisane w innej karcie"}
        )
        client.force_login(adam)
        response = client.post(add_url(plan), stale, **HTMX)
        assert "Zapisane w innej karcie" in response.content.decode()
        assert plan.goals.count() == 1
        item = plan.goals.get()
        response = client.post(
            remove_url(item), {**goal_post(plan), "lock_version": stale["lock_version"]}, **HTMX
        )
        assert "Zapisane w innej karcie" in response.content.decode() and plan.goals.count() == 1

    def test_the_pages_plan_form_is_refused_once_another_tab_added_a_goal(self, client, family, adam):
        plan = draft(family, adam)
        drawn = plan_post(plan, child_help_plan="Z pierwszej karty")
        client.force_login(adam)
        client.post(add_url(plan), goal_post(plan), **HTMX)  # the second tab
        response = client.post(reverse("assistants:work_plan_edit", args=[family.pk, plan.pk]), drawn)
        assert response.status_code == 200 and response.context["form"].non_field_errors()
        plan.refresh_from_db()
        assert plan.child_help_plan == ""

    def test_an_accepted_plan_refuses_a_new_goal(self, client, family, adam):
        plan = accept(draft(family, adam), adam)
        client.force_login(adam)
        response = client.post(add_url(plan), goal_post(plan), **HTMX)
        (reason,) = response.context["add_form"].non_field_errors()
        assert reason in response.content.decode() and 'role="alert"' in response.content.decode()
        assert plan.goals.count() == 1

    @pytest.mark.parametrize(
        ("persona", "status"),
        [("anna", 403), ("helena", 403), ("agata", 404), ("stefan", 404), ("borys", 404)],
    )
    def test_others_are_refused(self, client, request, family, adam, persona, status):
        plan = draft(family, adam)
        item = plan.goals.get()
        client.force_login(request.getfixturevalue(persona))
        assert client.post(add_url(plan), goal_post(plan), **HTMX).status_code == status
        assert client.post(edit_url(item), goal_post(plan, "Zmiana"), **HTMX).status_code == status
        assert client.post(remove_url(item), {"lock_version": str(plan.lock_version)}).status_code == status
        assert [left.goal for left in plan.goals.all()] == [MARKER]

    def test_they_accept_post_only(self, client, family, adam):
        plan = draft(family, adam)
        item = plan.goals.get()
        client.force_login(adam)
        for url in (add_url(plan), edit_url(item), remove_url(item)):
            assert client.get(url).status_code == 405
