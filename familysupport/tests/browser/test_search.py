"""In the browser: the family list's search finds a PESEL and a name typed without diacritics, and
what was typed never stands in the address bar or the history."""

from urllib.parse import unquote

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import build_family, rewrite

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PESEL = "15230112345"


def search(page, text: str) -> None:
    page.fill("#id_q", text)
    with page.expect_navigation():
        page.locator("main form[role=search] button[type=submit]").click()


def test_a_pesel_searched_for_stays_out_of_the_address_and_the_history(page_for, anna):
    family = build_family(anna, name="Rodzina Żółć")
    rewrite(family.members, pesel=PESEL)
    build_family(anna, name="Rodzina Nowak")
    page = page_for(anna)
    page.goto(reverse("cases:family_list"))
    search(page, PESEL)
    expect(page.locator("main table")).to_contain_text(family.reference)
    expect(page.locator("main table")).not_to_contain_text("Rodzina Nowak")
    assert PESEL not in unquote(page.url) and "search=" in page.url
    history = page.evaluate("() => window.history.length")
    page.go_back()
    assert PESEL not in unquote(page.url)
    search(page, "zolc")  # no diacritics typed
    expect(page.locator("main table")).to_contain_text("Rodzina Żółć")
    assert "zolc" not in page.url and history >= 2
