"""A specialist engaged on a family, clicked through in Chromium (issue 15): the responsible social
worker engages the psychologist from the family page; the psychologist finds the family on her
start page and reads its interview without the income; another specialist of the centre and the
other centre's one get 404 on the family; the psychologist ends her engagement and loses the family.

As in test_journey.py, buttons and links are found by where they lead, never by their words.
"""

import pytest
from playwright.sync_api import expect

from conftest import build_family
from familysupport.tests.browser.test_journey import (
    confirm_step,
    expect_at,
    follow,
    open_section,
    submit,
    url,
)
from team.models import EngagementStatus, Specialty
from team.tests.conftest import in_days, specialist

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_psychologist_engaged_on_a_family_sees_it_until_her_engagement_ends(
    page_for, anna, helena, centre_a, centre_b
):
    marta = specialist("marta", centre_a, Specialty.PSYCHOLOGIST)
    beata = specialist("beata", centre_a, Specialty.PEDAGOGUE)
    natalia = specialist("natalia", centre_b, Specialty.PSYCHOLOGIST)
    family = build_family(anna, stage="interviewed", name="Rodzina Zielińskich")
    family_page = url("cases:family_detail", family_id=family.pk)

    worker = page_for(anna)
    worker.goto(family_page)
    open_section(worker, family, "team")
    follow(worker, "team:engagement_add", family_id=family.pk)
    worker.select_option("#id_specialist", str(marta.specialist_profile.pk))
    worker.fill("#id_purpose", "Konsultacje psychologiczne dla matki")
    worker.fill("#id_until", in_days(90).isoformat())
    submit(worker)
    engagement = family.engagements.get()
    expect(worker.locator("main")).to_contain_text("Konsultacje psychologiczne dla matki")
    expect(worker.locator("main")).to_contain_text(marta.get_full_name())

    psychologist = page_for(marta)
    expect(psychologist.locator("main")).to_contain_text(family.reference)  # "Moje zaangażowania"
    with psychologist.expect_navigation():
        psychologist.locator(f'main a[href="{family_page}"]').first.click()
    open_section(psychologist, family, "case")
    follow(
        psychologist, "cases:interview_detail", family_id=family.pk, interview_id=family.interviews.get().pk
    )
    expect(psychologist.locator("main")).to_contain_text("Matka i dwoje dzieci")  # the composition
    expect(psychologist.locator("main")).not_to_contain_text("Zasiłek rodzinny")  # the income

    for outsider in (beata, natalia):
        other = page_for(outsider)
        assert other.goto(family_page).status == 404, outsider.username

    psychologist.goto(family_page)
    open_section(psychologist, family, "team")
    follow(psychologist, "team:engagement_end", family_id=family.pk, engagement_id=engagement.pk)
    psychologist.fill("#id_reason", "Konsultacje zakończone")
    submit(psychologist)
    confirm_step(psychologist)
    expect_at(psychologist, "home")
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.ENDED
    assert psychologist.goto(family_page).status == 404
