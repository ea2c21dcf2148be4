"""In Chromium: a visit sent, then Back and sent again, is recorded once (the one-time token); a
double click sends the form once (static/js/submitted-once.js); a visit withdrawn with a reason
leaves the list and stays in the audit record and on the family page as withdrawn."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from assistants.models import Assignment, Visit
from conftest import build_family, days_ago, person, rewrite
from familysupport.models import AuditAction, AuditEvent, Role

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def family(anna, helena, adam):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    rewrite(Assignment.objects.filter(family=family), started_on=days_ago(30))
    return family


def fill_visit(page: Page, activities: str) -> None:
    page.select_option("#id_kind", "home")
    page.fill("#id_duration_minutes", "60")
    page.fill("#id_place", "mieszkanie rodziny")
    page.fill("#id_present", "matka, dzieci")
    page.fill("#id_activities", activities)


def send(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()


def test_back_and_send_again_records_one_visit(page_for, family, adam):
    page = page_for(adam)
    page.goto(reverse("assistants:visit_add", args=[family.pk]))
    fill_visit(page, "Rozmowa o planie dnia")
    send(page)
    visits = reverse("assistants:visit_list", args=[family.pk])
    expect(page).to_have_url(visits)
    page.go_back()
    expect(page).to_have_url(reverse("assistants:visit_add", args=[family.pk]))
    # The browser fetches the form again but fills in what was typed; the script puts back the
    # token of the form as it was sent.
    expect(page.locator("#id_activities")).to_have_value("Rozmowa o planie dnia")
    send(page)
    expect(page).to_have_url(visits)
    expect(page.locator("main .alert")).to_contain_text("Ten formularz został już wysłany")
    assert Visit.objects.filter(family=family).count() == 1


def test_a_double_click_sends_the_form_once(page_for, family, adam):
    page = page_for(adam)
    page.goto(reverse("assistants:visit_add", args=[family.pk]))
    fill_visit(page, "Wizyta kliknięta dwa razy")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.dblclick()
    assert Visit.objects.filter(family=family).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="assistants.visit").count() == 1


def test_a_withdrawn_visit_leaves_the_list_and_stays_in_the_audit_record(page_for, family, adam, centre_a):
    page = page_for(adam)
    page.goto(reverse("assistants:visit_add", args=[family.pk]))
    fill_visit(page, "Wizyta wpisana przy złej rodzinie")
    send(page)
    visit = Visit.objects.get(family=family)
    page.goto(reverse("assistants:visit_edit", args=[family.pk, visit.pk]))
    page.fill("#id_withdraw_reason", "Wizyta dotyczyła innej rodziny")
    with page.expect_navigation():
        page.get_by_role("button", name="Wycofaj").click()
    expect(page).to_have_url(reverse("assistants:visit_list", args=[family.pk]))
    expect(page.locator("main")).not_to_contain_text("Wizyta wpisana przy złej rodzinie")
    page.goto(reverse("cases:family_detail", args=[family.pk]) + "?section=path")  # the case's record
    expect(page.locator("#withdrawn")).to_contain_text("Wizyta dotyczyła innej rodziny")
    event = AuditEvent.objects.get(action=AuditAction.WITHDRAW)
    assert (event.object_type, event.object_id, event.actor_id) == (
        "assistants.visit",
        str(visit.pk),
        adam.pk,
    )
    # The data protection officer reads the withdrawal in the family's audit record.
    officer = page_for(person("iod", centre_a, Role.DPO))
    officer.goto(reverse("audit_log"))
    expect(officer.locator("main")).to_contain_text("wycofano")
