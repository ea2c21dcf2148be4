"""Two sessions save the same interview draft in Chromium: the second is refused, shown what the
first saved beside its own text, and the stored draft keeps the first save (issue: lost updates)."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from cases import services
from cases.models import Interview
from conftest import build_family

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def save_draft(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form[method=post] button[name=save]").click()


def test_the_second_session_is_refused_and_both_versions_are_kept(page_for, anna):
    draft = services.interview_start(actor=anna, family=build_family(anna, stage="reported"))
    edit = reverse("cases:interview_edit", args=[draft.family_id, draft.pk])
    first, second = page_for(anna), page_for(anna)  # two sessions: two browsers, or two people
    first.goto(edit)
    second.goto(edit)

    first.fill("#id_place", "Mieszkanie rodziny")
    first.fill("#id_present", "Matka, Ola")
    save_draft(first)
    expect(first).to_have_url(reverse("cases:interview_detail", args=[draft.family_id, draft.pk]))

    second.fill("#id_housing", "Dwa pokoje, wilgoć w kuchni")
    save_draft(second)
    alert = second.locator("main .alert-danger")
    expect(alert).to_contain_text("Ktoś zapisał te dane po otwarciu przez Ciebie formularza")
    expect(alert).to_contain_text("Miejsce — zapisane teraz: Mieszkanie rodziny")
    expect(alert).to_contain_text("Osoby obecne — zapisane teraz: Matka, Ola")
    expect(second.locator("#id_housing")).to_have_value("Dwa pokoje, wilgoć w kuchni")
    stored = Interview.objects.get(pk=draft.pk)
    assert (stored.place, stored.present, stored.housing) == ("Mieszkanie rodziny", "Matka, Ola", "")

    # Having seen the first save, the second person takes it over and saves deliberately.
    second.fill("#id_place", "Mieszkanie rodziny")
    second.fill("#id_present", "Matka, Ola")
    save_draft(second)
    expect(second).to_have_url(reverse("cases:interview_detail", args=[draft.family_id, draft.pk]))
    stored = Interview.objects.get(pk=draft.pk)
    assert (stored.place, stored.present, stored.housing) == (
        "Mieszkanie rodziny",
        "Matka, Ola",
        "Dwa pokoje, wilgoć w kuchni",
    )
