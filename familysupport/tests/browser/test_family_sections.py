"""The family page on a phone: its section nav leads to each section in one tap, and no section
makes a 360 px wide page scroll sideways (an assistant reads the plan or the visits after a visit)."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from cases.selectors import family_sections
from supportfamilies.tests.builders import build_support_family

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def test_each_section_is_one_tap_away_and_fits_a_phone(page_for, anna, helena, adam):
    family = build_support_family(anna, head=helena, assistant=adam, stage="signed").family
    page = page_for(adam)
    page.set_viewport_size(PHONE)
    page.goto(reverse("cases:family_detail", args=[family.pk]))
    nav = page.locator('main nav[aria-label="Sekcje sprawy"]')
    labels = nav.locator("a").all_inner_texts()
    with translation.override("pl"):
        expected = [str(section.label) for section in family_sections(adam, family)]
    assert labels == expected
    assert "Plan pracy i wizyty" in labels
    for label in labels:
        with page.expect_navigation():
            nav.get_by_role("link", name=label, exact=True).click()
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_attribute("aria-current", "page")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], label
