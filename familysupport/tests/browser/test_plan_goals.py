"""In Chromium, htmx: the assistant adds a goal to the draft plan and removes one without leaving
the page, then saves the plan's own form on the same page, which is not refused for the goals."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assistants.tests.test_plans import MARKER, draft, goal
from conftest import build_family

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_goals_are_added_and_removed_on_the_plans_page(page_for, anna, helena, adam):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    plan = draft(family, adam, goals=[goal(), goal("Do usunięcia")])
    page = page_for(adam)
    page.goto(reverse("assistants:work_plan_edit", args=[family.pk, plan.pk]))
    page.evaluate("() => { window.sameDocument = true; }")  # gone if the page were loaded again
    add = page.locator(f'form[action="{reverse("assistants:plan_goal_add", args=[family.pk, plan.pk])}"]')
    add.locator("[name=goal]").fill("Nowy cel z telefonu")
    add.locator("[name=actions]").fill("Spotkania w szkole")
    add.locator("[name=performer]").select_option("family_member")
    add.locator("[name=performer_name]").fill("Matka")
    add.locator("[name=expected_effect]").fill("Regularna obecność w szkole")
    add.locator("[name=deadline]").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    add.locator("button[type=submit]").click()
    goals = page.locator("#plan-goals")
    expect(add.locator("[name=goal]")).to_have_value("")  # a fresh form for the next goal
    expect(goals.locator('input[value="Nowy cel z telefonu"]')).to_be_visible()
    removed = plan.goals.get(goal="Do usunięcia")
    remove = reverse("assistants:plan_goal_remove", args=[family.pk, plan.pk, removed.pk])
    goals.locator(f'button[formaction="{remove}"]').click()
    expect(goals.locator('input[value="Do usunięcia"]')).to_have_count(0)
    assert page.evaluate("() => window.sameDocument") is True
    assert sorted(plan.goals.values_list("goal", flat=True)) == sorted([MARKER, "Nowy cel z telefonu"])
    # The plan's own form on the page carries the version the goals moved it to.
    page.locator("#id_plan-child_help_plan").fill("Uzgodnione z koordynatorem")
    with page.expect_navigation():
        page.locator("main form:not([hx-post]) button[type=submit]:not([name])").first.click()
    plan.refresh_from_db()
    assert plan.child_help_plan == "Uzgodnione z koordynatorem"
