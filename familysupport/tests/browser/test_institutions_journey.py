"""Cooperation with institutions clicked through in Chromium: the social worker adds the family's
school to the directory, names it the family's school, writes a request for information, sends it
(confirmed, it gets its number) and records a case conference with a task for the assistant; the
assistant finds the task in "My deadlines" and marks it done; staff read the register of outgoing
letters without a word of the letter. axe finds nothing on any of these pages.

As in test_journey.py, buttons and links are found by where they lead, never by their words.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import build_family
from familysupport.tests.browser.test_journey import confirm_step, follow, navigate, open_section, submit, url
from institutions.models import ConferenceTask, Institution, Letter, LetterStatus

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BODY = "Prosimy o informację o frekwencji Oli w bieżącym semestrze."


def no_violations(axe, page: Page) -> None:
    assert axe(page) == [], page.url


def test_a_letter_and_a_case_conference_from_the_family_page(page_for, axe, anna, helena, adam, stefan):
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    page = page_for(anna)

    navigate(page, "institutions:institution_list")
    no_violations(axe, page)
    follow(page, "institutions:institution_add")
    page.select_option("#id_kind", "school")
    page.fill("#id_name", "Szkoła Podstawowa nr 12")
    page.fill("#id_address", "ul. Grójecka 93, 02-101 Warszawa")
    page.fill("#id_phone", "22 822 33 44")
    submit(page)
    school = Institution.objects.get(name="Szkoła Podstawowa nr 12")
    assert school.phone == "+48 22 822 33 44"
    no_violations(axe, page)

    page.goto(url("cases:family_detail", family_id=family.pk))
    open_section(page, family, "institutions")
    no_violations(axe, page)
    follow(page, "institutions:family_contact_add", family_id=family.pk)
    page.select_option("#id_institution", str(school.pk))
    page.select_option("#id_role", "school")
    page.fill("#id_person", "Anna Wiśniewska, wychowawczyni")
    submit(page)
    expect(page.locator("main")).to_contain_text("Anna Wiśniewska, wychowawczyni")

    follow(page, "institutions:letter_create", family_id=family.pk)
    no_violations(axe, page)
    page.select_option("#id_institution", str(school.pk))
    page.select_option("#id_kind", "information_request")
    page.fill("#id_subject", "Prośba o informację o sytuacji szkolnej")
    page.fill("#id_body", BODY)
    submit(page)
    letter = Letter.objects.get()
    follow(page, "institutions:letter_send", letter_id=letter.pk)
    page.fill("#id_sent_on", timezone.localdate().isoformat())
    submit(page)
    no_violations(axe, page)
    confirm_step(page)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT and letter.reference
    expect(page.locator("h1")).to_contain_text(letter.reference)
    expect(
        page.locator(f'main a[href="{url("institutions:letter_pdf", letter_id=letter.pk)}"]')
    ).to_be_visible()
    no_violations(axe, page)

    page.goto(url("cases:family_detail", family_id=family.pk) + "?section=institutions")
    follow(page, "institutions:conference_record", family_id=family.pk)
    no_violations(axe, page)
    page.fill("#id_conclusions", "Szkoła obejmie Olę zajęciami wyrównawczymi.")
    page.check(f"main input[name=institutions][value='{school.pk}']")
    submit(page)
    follow(page, "institutions:conference_task_add", conference_id=letter.family.case_conferences.get().pk)
    page.fill("#id_description", "Sprawdzić udział w zajęciach wyrównawczych")
    page.select_option("#id_owner", str(adam.pk))
    page.fill("#id_due_on", timezone.localdate().isoformat())
    submit(page)
    no_violations(axe, page)

    assistant = page_for(adam)
    navigate(assistant, "my_deadlines")
    task = ConferenceTask.objects.get()
    follow(assistant, "institutions:task_detail", task_id=task.pk)
    with assistant.expect_navigation():
        assistant.locator(
            f'form[action="{url("institutions:task_complete", task_id=task.pk)}"] button'
        ).click()
    task.refresh_from_db()
    assert task.done_on == timezone.localdate()

    staff = page_for(stefan)
    navigate(staff, "institutions:letter_register")
    expect(staff.locator("main")).to_contain_text(letter.reference)
    expect(staff.locator("main")).not_to_contain_text(BODY)
    expect(staff.locator("main")).not_to_contain_text(family.reference)
    no_violations(axe, staff)
