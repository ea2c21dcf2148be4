"""The demo's specialists: their specialty, their engagements at each state, and what their pages
show, as the demo's plan says (tools/demo/plan.py ENGAGEMENTS)."""

import pytest

from familysupport.models import Role, User
from overview.tests.test_crawl import crawl, references_in, text_of
from team.models import EngagementStatus, Specialist, Specialty
from tools.demo import people

pytestmark = pytest.mark.slow

# What the demo's interview says of the income, and its support families' reasons (tools/demo).
DEMO_INCOME = "Zasiłek rodzinny i świadczenie wychowawcze"
DEMO_SUPPORT_FAMILY = "Rodzina zna dzieci i może pomóc w opiece"


def test_every_specialist_of_the_demo_has_their_specialty(demo, db):
    specialists = [
        p for spec in people.CENTRES.values() for p in spec["people"] if Role.SPECIALIST in p.roles
    ]
    assert len(specialists) == 10
    recorded = dict(Specialist.objects.values_list("user__username", "specialty"))
    assert {recorded[p.username] for p in specialists} == set(Specialty.values)
    assert recorded["ochota.psycholog"] == Specialty.PSYCHOLOGIST
    assert recorded["bemowo.prawnik"] == Specialty.LAWYER


def test_engagements_at_each_state_in_both_centres(demo, db):
    for code in ("OCH", "BEM"):
        states = {
            specialist.user.username: set(specialist.engagements.values_list("status", flat=True))
            for specialist in Specialist.objects.filter(centre__code=code).select_related("user")
        }
        assert set().union(*states.values()) == set(EngagementStatus.values), code


def test_a_specialist_meets_only_the_families_of_their_active_engagements_and_no_money_or_blue_card(
    client, demo, db
):
    for entry in demo["users"]:
        if "specialist" not in entry["roles"]:
            continue
        client.force_login(User.objects.get(username=entry["username"]))
        pages = crawl(client)
        assert [url for url, response in pages.items() if response.status_code >= 500] == []
        met = set().union(*(references_in(response) for response in pages.values()))
        assert met == set(entry["families"]), entry["username"]
        for url, response in pages.items():
            text = text_of(response)
            assert DEMO_INCOME not in text, (entry["username"], url)
            assert DEMO_SUPPORT_FAMILY not in text, (entry["username"], url)
            assert "Niebieska Karta" not in text and "Niebieskiej Karty" not in text, (entry["username"], url)
        client.logout()
