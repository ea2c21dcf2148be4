"""The interview form with the keyboard alone: every field reached with Tab, its focus visible, a
mistake announced beside its field, and the interview signed with Enter and Space.

Only the keyboard acts on the form: Tab and the arrows to move, typing, Space on a checkbox and on
a button, Enter to send. The focus is checked at every stop.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from cases import services
from cases.models import InterviewStatus
from conftest import build_family, days_ago
from familysupport.steps import CONFIRMED

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

MAX_TABS = 80
# The focused element shows it: an outline, or a ring drawn with a box shadow. Inside a date field
# Tab moves through its day, month, year and calendar button, which Chromium outlines itself (the
# field then stays the active element without matching :focus-visible).
FOCUS_SHOWN = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return false;
  if (element.matches('input[type=date]')) return true;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return outline || (style.boxShadow && style.boxShadow !== 'none');
}"""
# The error of a field, as a screen reader reaches it from the field.
ERROR_OF = """(field) => {
  const ids = (field.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
  return ids.map((id) => document.getElementById(id))
    .filter((element) => element?.classList.contains('invalid-feedback') && element.getClientRects().length)
    .map((element) => element.textContent.trim()).join(' ');
}"""


def focused(page: Page) -> str:
    return page.evaluate(
        "() => document.activeElement.id || document.activeElement.getAttribute('name') || ''"
    )


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element is focused, checking that each stop on the way shows its focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_SHOWN), f"no visible focus on {focused(page)!r}"
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    pytest.fail(f"{selector} was not reached with Tab")


def type_date(page: Page, date) -> None:
    """Type a date into the focused date field, its parts in the order the field shows them.

    Chromium orders them by its own interface language, not the page's: month, day, year for the
    English of Debian's package, day, month, year in Polish. The arrows lead back to the first part.
    """
    for order in ("%m%d%Y", "%d%m%Y"):
        page.keyboard.type(date.strftime(order))
        if page.evaluate("() => document.activeElement.value") == date.isoformat():
            return
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
    pytest.fail(f"the date field did not take {date} from the keyboard")


TEXTS = {
    "place": "mieszkanie rodziny",
    "present": "matka, dwoje dzieci",
    "composition": "Matka i dwoje dzieci",
    "housing": "Dwa pokoje z kuchnią",
    "income": "Zasiłek rodzinny",
    "health": "Bez zastrzeżeń",
    "work_education": "Matka szuka pracy",
    "care_upbringing": "Trudności wychowawcze z synem",
}
AFTER_PROBLEMS = {
    "problems_description": "Bezradność w sprawach opiekuńczo-wychowawczych",
    "needs": "Wsparcie w organizacji dnia",
    "diagnosis": "Rodzina potrzebuje asystenta rodziny",
}


def test_the_interview_is_filled_and_signed_with_the_keyboard_alone(page_for, anna, axe):
    family = build_family(anna, stage="reported")
    interview = services.interview_start(actor=anna, family=family)
    page = page_for(anna)
    page.goto(reverse("cases:interview_edit", kwargs={"family_id": family.pk, "interview_id": interview.pk}))

    # The first Tab reaches the skip link, shown when focused; it leads past the navigation.
    page.keyboard.press("Tab")
    skip = page.locator("a[href='#content']")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")

    # A date in the future, so that the form comes back with an error.
    tab_to(page, "#id_conducted_on")
    type_date(page, days_ago(-3))
    for name, text in TEXTS.items():
        tab_to(page, f"#id_{name}")
        page.keyboard.type(text)
    tab_to(page, "input[name=problems][value=helplessness]")
    page.keyboard.press("Space")
    for name, text in AFTER_PROBLEMS.items():
        tab_to(page, f"#id_{name}")
        page.keyboard.type(text)
    tab_to(page, "button[name=sign]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Refused: the error is on the date field, announced from it, and nothing was signed.
    field = page.locator("#id_conducted_on")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert field.evaluate(ERROR_OF), "the date's error is not tied to the field"
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.DRAFT
    expect(page.locator("#id_diagnosis")).to_have_value(AFTER_PROBLEMS["diagnosis"])  # nothing typed is lost
    assert axe(page) == []

    # Corrected from the keyboard: Tab from the top of the page back to the date.
    tab_to(page, "#id_conducted_on")
    type_date(page, days_ago(1))
    tab_to(page, "button[name=sign]")
    with page.expect_navigation():
        page.keyboard.press("Space")
    # The confirm page: what will be signed and what will be locked, then its button.
    expect(page.locator("[data-confirm=locks]")).to_be_visible()
    assert axe(page) == []
    tab_to(page, f"button[name={CONFIRMED}]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(
        re.compile(
            re.escape(
                reverse(
                    "cases:interview_detail", kwargs={"family_id": family.pk, "interview_id": interview.pk}
                )
            )
            + "(#.*)?$"  # the skip link's #content stays on the address
        )
    )
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.SIGNED
    assert interview.conducted_on == days_ago(1)
    assert interview.problems == ["helplessness"]
    assert {name: getattr(interview, name) for name in TEXTS} == TEXTS
    assert interview.diagnosis == AFTER_PROBLEMS["diagnosis"]
