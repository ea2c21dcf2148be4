"""The services of the forms of work clicked through in Chromium (issue 15): the social worker
records the analysis "other forms of support: counselling, legal aid", which opens two services on
the family page; she refers the counselling to the psychologist engaged on the family and the legal
aid to an institution of the directory; the psychologist finds the service on her start page and
logs a session, the worker logs the institution's; the family page shows both with their sessions.
And a joint home visit with the psychologist, who then adds a counselling session, while another
specialist and the other centre get 404. axe finds nothing on any of these pages.

As in test_journey.py, buttons and links are found by where they lead, never by their words.
"""

import pytest
from playwright.sync_api import Page, expect

from conftest import build_family, days_ago
from contacts.models import Contact
from familyservices import services
from familyservices.models import EpisodeStatus
from familysupport.tests.browser.test_journey import expect_at, follow, iso, open_section, submit, url
from institutions.tests.builders import institution
from team.models import Specialty
from team.tests.conftest import engage, specialist

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def no_violations(axe, page: Page) -> None:
    assert axe(page) == [], page.url


def log_session(page: Page, family, episode, *, note: str) -> None:
    follow(page, "familyservices:session_add", family_id=family.pk, episode_id=episode.pk)
    page.fill("#id_held_on", iso(0))
    page.fill("#id_minutes", "50")
    page.fill("#id_note", note)
    submit(page)
    expect_at(page, "familyservices:episode_detail", family_id=family.pk, episode_id=episode.pk)
    expect(page.locator("main")).to_contain_text(note)


def test_the_analysis_opens_two_services_referred_and_logged_from_the_family_page(
    page_for, axe, anna, centre_a
):
    marta = specialist("marta", centre_a, Specialty.PSYCHOLOGIST)
    clinic = institution(anna, kind="counselling", name="Poradnia Prawna przy ul. Grójeckiej")
    family = build_family(anna, stage="interviewed", name="Rodzina Zielińskich")
    engage(anna, family, marta)

    worker = page_for(anna)
    worker.goto(url("cases:family_detail", family_id=family.pk))
    open_section(worker, family, "case")
    follow(worker, "cases:analysis_add", family_id=family.pk)
    worker.check('input[name=conclusion][value="other_support"]')
    worker.check('input[name=support_forms][value="counselling"]')
    worker.check('input[name=support_forms][value="legal"]')
    worker.fill("#id_justification", "Wystarczy poradnictwo i pomoc prawna w sprawie alimentów.")
    submit(worker)
    counselling = family.service_episodes.get(form="counselling")
    legal = family.service_episodes.get(form="legal_aid")
    assert {counselling.status, legal.status} == {EpisodeStatus.PLANNED}

    worker.goto(url("cases:family_detail", family_id=family.pk))
    open_section(worker, family, "services")
    no_violations(axe, worker)
    follow(worker, "familyservices:episode_detail", family_id=family.pk, episode_id=counselling.pk)
    follow(worker, "familyservices:episode_refer", family_id=family.pk, episode_id=counselling.pk)
    no_violations(axe, worker)
    worker.select_option("#id_specialist", str(marta.specialist_profile.pk))
    worker.fill("#id_referred_on", iso(1))
    worker.fill("#id_planned_sessions", "6")
    submit(worker)
    expect_at(worker, "familyservices:episode_detail", family_id=family.pk, episode_id=counselling.pk)
    no_violations(axe, worker)

    worker.goto(url("familyservices:episode_refer", family_id=family.pk, episode_id=legal.pk))
    worker.select_option("#id_institution", str(clinic.pk))
    worker.fill("#id_referred_on", iso(1))
    submit(worker)
    log_session(worker, family, legal, note="Poradnia: pozew o alimenty przygotowany.")
    no_violations(axe, worker)

    psychologist = page_for(marta)
    psychologist.goto("/")
    follow(psychologist, "familyservices:episode_detail", family_id=family.pk, episode_id=counselling.pk)
    log_session(psychologist, family, counselling, note="Pierwsza konsultacja: cele pracy z matką.")
    no_violations(axe, psychologist)

    worker.goto(url("cases:family_detail", family_id=family.pk))
    open_section(worker, family, "services")
    section = worker.locator("#services-heading + div table")
    expect(section).to_contain_text(marta.get_full_name())
    expect(section).to_contain_text(clinic.name)
    expect(section.locator("tbody tr")).to_have_count(2)
    assert [episode.sessions.current().count() for episode in (counselling, legal)] == [1, 1]


def test_a_joint_visit_with_the_psychologist_who_then_adds_a_counselling_session(
    page_for, axe, anna, bozena, centre_a, centre_b
):
    """Done-when point 1 of issue 15: the social worker logs a joint home visit with the
    psychologist engaged on the family; the psychologist sees the entry and adds a session to the
    counselling she gives; another specialist of the centre and the other centre get 404."""
    marta = specialist("marta", centre_a, Specialty.PSYCHOLOGIST)
    beata = specialist("beata", centre_a, Specialty.PEDAGOGUE)
    natalia = specialist("natalia", centre_b, Specialty.PSYCHOLOGIST)
    family = build_family(anna, stage="interviewed", name="Rodzina Zielińskich")
    engage(anna, family, marta)
    counselling = services.episode_plan(
        actor=anna, family=family, form="counselling", member=None, goal="", planned_sessions=6
    )
    services.episode_refer(
        actor=anna,
        episode=counselling,
        specialist=marta.specialist_profile,
        institution=None,
        referred_on=days_ago(3),
        planned_sessions=6,
        member=None,
        goal="Poradnictwo psychologiczne dla matki",
    )
    contacts = url("cases:family_detail", family_id=family.pk) + "?section=contacts"

    worker = page_for(anna)
    worker.goto(contacts)
    follow(worker, "contacts:contact_add", family_id=family.pk)
    worker.select_option("#id_kind", "home")
    worker.fill("#id_duration_minutes", "60")
    worker.fill("#id_place", "mieszkanie rodziny")
    worker.get_by_label(str(marta)).check()
    worker.fill("#id_activities", "Wspólna wizyta z psychologiem: rozmowa z matką")
    worker.fill("#id_agreements", "Matka przyjdzie na konsultację w czwartek")
    submit(worker)
    assert set(Contact.objects.get().participants.all()) == {anna, marta}

    psychologist = page_for(marta)
    psychologist.goto(contacts)
    entry = psychologist.locator("main li", has_text="Wspólna wizyta z psychologiem")
    expect(entry).to_contain_text(str(anna))
    expect(entry).to_contain_text(str(marta))
    psychologist.goto(url("cases:family_detail", family_id=family.pk))
    open_section(psychologist, family, "services")
    follow(psychologist, "familyservices:episode_detail", family_id=family.pk, episode_id=counselling.pk)
    log_session(psychologist, family, counselling, note="Konsultacja po wizycie: plan dnia dzieci.")
    no_violations(axe, psychologist)
    assert counselling.sessions.current().get().author == marta

    for outsider in (beata, natalia, bozena):
        response = page_for(outsider).goto(contacts)
        assert response is not None and response.status == 404, outsider.username
