"""In Chromium: the social worker logs a joint home visit with the family's assistant from the
family page; the assistant finds the one entry, naming both of them, on the same family's page,
and axe finds nothing on the log's pages; a worker of the other centre gets 404."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import build_family
from contacts.models import Contact

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_joint_home_visit_is_logged_once_and_seen_by_the_assistant(
    page_for, axe, anna, helena, adam, bozena
):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    section = reverse("cases:family_detail", args=[family.pk]) + "?section=contacts"

    page = page_for(anna)
    page.goto(section)
    assert axe(page) == []
    with page.expect_navigation():
        page.get_by_role("link", name="Zapisz kontakt").first.click()
    assert axe(page) == []
    page.select_option("#id_kind", "home")
    page.fill("#id_duration_minutes", "90")
    page.fill("#id_place", "mieszkanie rodziny")
    page.get_by_label(str(adam)).check()
    page.get_by_label("Ola Nowak", exact=False).check()
    page.fill("#id_activities", "Wspólna wizyta z asystentem rodziny")
    page.fill("#id_agreements", "Matka umówi wizytę w poradni")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page).to_have_url(reverse("contacts:contact_list", args=[family.pk]))
    assert axe(page) == []
    contact = Contact.objects.get()
    assert set(contact.participants.all()) == {anna, adam}

    assistant = page_for(adam)
    assistant.goto(section)
    entry = assistant.locator("main li", has_text="Wspólna wizyta z asystentem rodziny")
    expect(entry).to_contain_text(str(anna))
    expect(entry).to_contain_text(str(adam))

    other = page_for(bozena)
    response = other.goto(section)
    assert response is not None and response.status == 404
