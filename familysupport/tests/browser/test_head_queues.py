"""The head finds an opinion waiting for sign-off on the start page and reaches it in one click,
where the sign-off is offered; the same queue is on the court register's page of the letter."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from overview.tests.test_head_queues import submitted_opinion

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_head_finds_an_opinion_to_sign_off_from_the_start_page_in_one_click(
    page_for, anna, helena, adam, stefan
):
    opinion = submitted_opinion(anna, helena, adam, stefan)
    page = page_for(helena)  # the login lands on the start page
    queue = page.locator("#head-sign-off")
    expect(queue.locator("h2 .badge")).to_have_text("1")
    opinion_page = reverse("assistants:court_opinion_detail", args=[opinion.family_id, opinion.pk])
    with page.expect_navigation():
        queue.locator(f'a[href="{opinion_page}"]').click()
    sign_off = reverse("assistants:court_opinion_approve", args=[opinion.family_id, opinion.pk])
    # The sign-off leads to its confirm page (familysupport.steps), which says what will be locked.
    expect(page.locator(f'main a[href="{sign_off}"]')).to_be_visible()
