"""The monitoring of a child's situation clicked through in Chromium (issue 15, "done when" 3).

The social worker of a family whose analysis chose other support takes the family page's next
step, sets up a monitoring plan that began weeks ago; its first review is overdue on her start
page; from there she opens the plan, logs the review and escalates it in one step to a request for
an assistant, which opens as a draft. axe finds nothing on the pages on the way; the head reads
the plan, and the head of the other centre gets 404.
"""

import pytest
from playwright.sync_api import expect

from cases.models import RequestStatus
from familysupport.tests.browser.test_journey import expect_at, follow, iso, link, navigate, submit, url
from monitoring.models import MonitoringPlan, PlanStatus
from monitoring.tests.builders import family_without_assistant

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_review_falls_due_on_the_start_page_and_escalating_it_opens_the_request(
    page_for, axe, anna, helena, bartosz
):
    family = family_without_assistant(anna)
    page = page_for(anna)
    page.goto(url("cases:family_detail", family_id=family.pk))
    follow(page, "monitoring:plan_create", family_id=family.pk)
    assert axe(page) == []
    page.check("#id_children_0")
    page.fill("#id_watched", "Frekwencja w szkole, opieka i higiena")
    page.fill("#id_every", "1")
    page.select_option("#id_interval", "months")
    page.fill("#id_started_on", iso(45))
    submit(page)
    plan = MonitoringPlan.objects.get(family=family)
    expect_at(page, "monitoring:plan_detail", plan_id=plan.pk)
    assert axe(page) == []

    # The first review, a month after the start, is overdue on the start page.
    page.goto("/")
    panel = page.locator("section[aria-labelledby=monitoring-reviews-heading]")
    expect(panel.locator(link("monitoring:plan_detail", plan_id=plan.pk))).to_contain_text(family.reference)
    expect(panel.locator(".overdue")).to_have_count(1)
    with page.expect_navigation():
        panel.locator(link("monitoring:plan_detail", plan_id=plan.pk)).click()

    follow(page, "monitoring:review_add", plan_id=plan.pk)
    assert axe(page) == []
    page.fill("#id_findings", "Dziecko nie chodzi do szkoły od dwóch tygodni; matka nie współpracuje.")
    page.check("#id_situation_2")
    page.fill("#id_next_review_on", "")
    page.check("#id_escalation_2")
    submit(page)
    request = family.requests.get()
    expect_at(page, "cases:request_detail", family_id=family.pk, request_id=request.pk)
    assert request.status == RequestStatus.DRAFT
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ESCALATED

    navigate(page, "monitoring:monitoring_list")
    assert axe(page) == []

    head = page_for(helena)
    head.goto(url("monitoring:plan_detail", plan_id=plan.pk))
    expect(head.locator("main h1")).to_be_visible()
    other = page_for(bartosz)
    response = other.goto(url("monitoring:plan_detail", plan_id=plan.pk))
    assert response.status == 404
