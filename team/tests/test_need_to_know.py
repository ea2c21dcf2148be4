"""A specialist sees a family only while engaged on it, and of it what the team works with: the
family's composition, problems, diagnosis, plan and visits; not its income, not its support family,
not the Niebieska Karta, not the court's letters."""

import pytest
from django.urls import reverse

from assistants.services import plans as plan_services
from cases import services as case_services
from cases.selectors import families_visible_to
from cases.tests.test_visibility import agreement
from conftest import days_ago, rewrite, whole_family_page
from supportfamilies.models import SupportFamily
from supportfamilies.tests.builders import build_support_family
from team import services
from team.tests.conftest import engage

INCOME = "Zasiłek rodzinny"  # conftest.INTERVIEW_DATA's income
SUPPORT_FAMILY_REASONS = "Dziadkowie znają trudności matki"


@pytest.fixture
def supported(anna, helena, adam, marta):
    """Adam's family with a signed support family contract, a visit, the Niebieska Karta flag and a
    report of its procedure; Marta engaged on it."""
    support_family = build_support_family(anna, head=helena, assistant=adam, stage="signed")
    rewrite(SupportFamily.objects.filter(pk=support_family.pk), reasons=SUPPORT_FAMILY_REASONS)
    family = support_family.family
    case_services.family_update(actor=anna, family=family, data={"blue_card": True})
    case_services.report_register(
        actor=anna,
        family=family,
        data={
            "received_on": days_ago(1),
            "source": "blue_card",
            "description": "Formularz A od policji",
            "urgent": False,
            "intervention": "",
        },
    )
    plan_services.visit_record(
        actor=adam,
        family=family,
        data={
            "date": days_ago(0),
            "kind": "home",
            "place": "mieszkanie rodziny",
            "duration_minutes": 60,
            "present": "matka, dzieci",
            "activities": "Rozmowa o planie dnia dzieci",
            "tasks_until_next": "",
        },
    )
    family.refresh_from_db()
    engage(anna, family, marta)
    return family


def test_the_engaged_specialist_sees_the_case_plan_and_visits_but_no_money_support_family_or_blue_card(
    client, supported, marta
):
    client.force_login(marta)
    page = whole_family_page(client, supported.pk)
    assert "Rozmowa o planie dnia dzieci" in page  # the visits
    assert supported.members.first().first_name in page  # the composition
    assert INCOME not in page
    assert SUPPORT_FAMILY_REASONS not in page and "Kowalscy" not in page
    assert "Formularz A od policji" not in page and "Niebieska Karta" not in page
    assert "?section=support" not in page and "?section=court" not in page
    assert (
        client.get(reverse("cases:family_detail", args=[supported.pk]), {"section": "support"}).status_code
        == 404
    )


def test_the_interview_shows_the_specialist_everything_but_the_income(client, supported, marta, anna):
    interview = supported.interviews.get()
    url = reverse("cases:interview_detail", args=[supported.pk, interview.pk])
    client.force_login(anna)
    assert INCOME in client.get(url).content.decode()
    client.force_login(marta)
    page = client.get(url).content.decode()
    assert interview.diagnosis in page and INCOME not in page


def test_the_specialist_reaches_no_support_family_page(client, supported, marta):
    support_family = SupportFamily.objects.get(family=supported)
    client.force_login(marta)
    for url in (
        reverse("supportfamilies:support_family_detail", args=[support_family.pk]),
        reverse("supportfamilies:contract_detail", args=[support_family.contracts.get().pk]),
        reverse("supportfamilies:invoice_list"),
    ):
        assert client.get(url).status_code in (403, 404), url


def test_the_worker_still_sees_all_of_it(client, supported, anna):
    client.force_login(anna)
    page = whole_family_page(client, supported.pk)
    assert "Formularz A od policji" in page


@pytest.mark.parametrize("who", ["beata", "natalia", "bozena", "bartosz"])
def test_another_specialist_and_the_other_centre_get_404(client, request, supported, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("cases:family_detail", args=[supported.pk])).status_code == 404
    interview = supported.interviews.get()
    assert client.get(reverse("cases:interview_detail", args=[supported.pk, interview.pk])).status_code == 404


def test_the_list_and_the_pages_agree_for_specialists_through_start_end_and_expiry(
    client, anna, helena, marta, beata, natalia, bozena, family_builder
):
    first = family_builder(anna, name="Rodzina Lis")
    second = family_builder(anna, name="Rodzina Sowa")
    third = family_builder(bozena, name="Rodzina Bemowska")
    ended = engage(anna, first, marta)
    engage(helena, second, marta)
    engage(anna, second, beata)
    engage(bozena, third, natalia)
    services.engagement_end(actor=anna, engagement=ended, reason="Konsultacje zakończone")
    assert set(families_visible_to(marta)) == {second}
    assert set(families_visible_to(beata)) == {second}
    assert set(families_visible_to(natalia)) == {third}
    for user in (marta, beata, natalia):
        agreement(client, user)
