"""The lists read who works with a family as a plain filter; the pages of one family ask the object
rights. Both must say the same for every person, at every step of the path and after every handover.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assistants.models import EndReason
from assistants.services import lifecycle
from cases import services
from cases.models import Family
from cases.selectors import families_visible_to, family_visible
from conftest import days_ago
from familysupport.models import User


def agreement(client, user: User) -> None:
    """Every family the list shows opens, and every family whose page opens is on the list."""
    listed = set(families_visible_to(user).values_list("pk", flat=True))
    client.force_login(user)
    for family in Family.objects.all():
        response = client.get(reverse("cases:family_detail", args=[family.pk]))
        opens = response.status_code == 200
        assert response.status_code in (200, 403, 404), (user.username, family.reference)
        assert opens == (family.pk in listed), (user.username, family.reference, opens)
        assert family_visible(user, family) == (family.pk in listed), (user.username, family.reference)
    client.logout()


@pytest.fixture
def families_at_every_turn(anna, sam, helena, adam, agata, bozena, bartosz, borys, family_builder):
    """Families of both centres at each step: reported, assigned, handed over, in monitoring, closed,
    given to another worker."""
    built = {
        "reported": family_builder(anna, name="Rodzina Kowalska"),
        "assigned": family_builder(
            anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Wójcik"
        ),
        "handed_over": family_builder(
            anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Lis"
        ),
        "monitoring": family_builder(
            anna, stage="assigned", head=helena, assistant=adam, name="Rodzina Zając"
        ),
        "closed": family_builder(anna, stage="assigned", head=helena, assistant=agata, name="Rodzina Król"),
        "moved": family_builder(anna, name="Rodzina Wrona"),
        "sams": family_builder(sam, name="Rodzina Sowa"),
        "other_centre": family_builder(
            bozena, stage="assigned", head=bartosz, assistant=borys, name="Rodzina Bemowska"
        ),
    }
    lifecycle.assignment_reassign(
        actor=helena, family=built["handed_over"], assistant=agata.assistant_profile, started_on=days_ago(0)
    )
    for key in ("monitoring", "closed"):
        lifecycle.work_end(
            actor=helena,
            family=built[key],
            reason=EndReason.GOALS_ACHIEVED,
            summary="Cele osiągnięte",
            ended_on=days_ago(0),
        )
    lifecycle.case_close(actor=helena, family=Family.objects.get(pk=built["closed"].pk))
    services.family_social_worker_change(actor=helena, family=built["moved"], social_worker=sam)
    return {key: Family.objects.get(pk=family.pk) for key, family in built.items()}


def test_each_person_lists_the_families_they_work_with(
    families_at_every_turn, anna, sam, helena, adam, agata, stefan, ada, bozena, bartosz, borys
):
    f = families_at_every_turn
    expected = {
        anna: {"reported", "assigned", "handed_over", "monitoring", "closed"},
        sam: {"sams", "moved"},
        helena: set(f) - {"other_centre"},
        # Adam keeps the monitoring after the end of work, loses the family handed over.
        adam: {"assigned", "monitoring"},
        # Agata took over; her closed case's access ended with the monitoring.
        agata: {"handed_over"},
        stefan: set(),
        ada: set(),
        bozena: {"other_centre"},
        bartosz: {"other_centre"},
        borys: {"other_centre"},
    }
    for user, keys in expected.items():
        listed = set(families_visible_to(user))
        assert listed == {f[key] for key in keys}, user.username


def test_the_list_and_the_family_pages_agree_for_everyone(
    client, families_at_every_turn, anna, sam, helena, adam, agata, stefan, ada, bozena, bartosz, borys
):
    for user in (anna, sam, helena, adam, agata, stefan, ada, bozena, bartosz, borys):
        agreement(client, user)


def test_the_list_asks_no_object_rights(families_at_every_turn, adam):
    """The assistant's list reads the assignments, not guardian's table of rights."""
    with CaptureQueriesContext(connection) as queries:
        list(families_visible_to(adam))
    assert not [query for query in queries if "userobjectpermission" in query["sql"].lower()]
    assert "cases_family" in queries[-1]["sql"]


@pytest.mark.slow
def test_the_list_and_the_family_pages_agree_on_the_demo(client, demo, db):
    """For every demo user: the list (working and archive) and the family pages say the same, and
    the list holds only families the demo's plan says the user meets."""
    for entry in demo["users"]:
        user = User.objects.get(username=entry["username"])
        agreement(client, user)
        listed = set(families_visible_to(user).values_list("reference", flat=True))
        assert listed <= set(entry["families"]), entry["username"]
