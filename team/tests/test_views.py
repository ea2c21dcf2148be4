"""Each view of the team for every role and the other centre; the family page's section, the start
page's panels, a form sent twice, bad input."""

import re

import pytest
from django.urls import reverse

from conftest import confirm, person
from familysupport.models import AuditAction, AuditEvent, Role
from team import services
from team.models import Engagement, EngagementStatus
from team.tests.conftest import in_days
from team.urls import urlpatterns

PERSONAS = (
    "anna",
    "sam",
    "helena",
    "adam",
    "stefan",
    "ada",
    "marta",
    "beata",
    "bozena",
    "bartosz",
    "natalia",
)


@pytest.fixture
def objects(engaged, family):
    return {"family_id": family.pk, "engagement_id": engaged.pk}


# name: {persona: expected status of a GET}; personas left out answer 404 (they do not see the family).
GET_MATRIX = {
    # Marta sees the family (engaged) but does not engage others: 403.
    "engagement_add": {"anna": 200, "helena": 200, "marta": 403},
    "engagement_end": {"anna": 200, "helena": 200, "marta": 200},
}


def url_of(name: str, objects: dict) -> str:
    pattern = next(pattern for pattern in urlpatterns if pattern.name == name)
    names = re.findall(r"<int:(\w+)>", str(pattern.pattern))
    return reverse(f"team:{name}", kwargs={key: objects[key] for key in names})


@pytest.mark.parametrize("name", sorted(GET_MATRIX))
def test_each_view_for_every_role_and_the_other_centre(client, request, objects, name):
    url = url_of(name, objects)
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        assert client.get(url).status_code == GET_MATRIX[name].get(persona, 404), (persona, url)


# The co-authors' pages, for every role and the other centre in test_contributions.py.
CONTRIBUTIONS = {"interview_contribution_add", "plan_contribution_add", "contribution_withdraw"}


def test_every_url_of_the_app_is_in_the_matrix():
    assert {pattern.name for pattern in urlpatterns} == set(GET_MATRIX) | CONTRIBUTIONS


@pytest.mark.parametrize("persona", ["sam", "beata", "bozena", "bartosz", "natalia", "adam"])
def test_nobody_else_changes_anything_by_post(client, request, objects, persona):
    client.force_login(request.getfixturevalue(persona))
    before = Engagement.objects.count(), Engagement.objects.filter(status=EngagementStatus.ACTIVE).count()
    for name in GET_MATRIX:
        response = client.post(url_of(name, objects), {"reason": "x", "purpose": "x", "confirmed": "yes"})
        assert response.status_code in (403, 404), (persona, name)
    assert (
        Engagement.objects.count(),
        Engagement.objects.filter(status=EngagementStatus.ACTIVE).count(),
    ) == before


def _engage_data(client, family, specialist) -> dict:
    page = client.get(reverse("team:engagement_add", args=[family.pk]))
    token = re.search(r'name="submission" value="([^"]+)"', page.content.decode()).group(1)
    return {
        "specialist": specialist.specialist_profile.pk,
        "purpose": "Mediacja rodzinna",
        "starts_on": in_days(0).isoformat(),
        "until": in_days(90).isoformat(),
        "submission": token,
    }


def test_the_worker_engages_a_specialist_from_the_family_page_once(client, family, anna, beata):
    client.force_login(anna)
    section = client.get(reverse("cases:family_detail", args=[family.pk]), {"section": "team"})
    assert reverse("team:engagement_add", args=[family.pk]) in section.content.decode()
    data = _engage_data(client, family, beata)
    first = client.post(reverse("team:engagement_add", args=[family.pk]), data)
    assert first.status_code == 302
    again = client.post(reverse("team:engagement_add", args=[family.pk]), data)
    assert again.status_code == 302
    assert family.engagements.filter(specialist__user=beata).count() == 1
    page = client.get(first["Location"]).content.decode()
    assert "Mediacja rodzinna" in page and str(beata) in page


def test_bad_input_is_a_message_on_the_form(client, family, anna, beata):
    client.force_login(anna)
    data = {
        **_engage_data(client, family, beata),
        "starts_on": in_days(0).isoformat(),
        "until": in_days(400).isoformat(),
    }
    response = client.post(reverse("team:engagement_add", args=[family.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["until"]
    data = {**data, "until": "31.02.2026"}
    response = client.post(reverse("team:engagement_add", args=[family.pk]), data)
    assert response.status_code == 200 and response.context["form"].errors["until"]
    assert not family.engagements.exists()


def test_a_specialist_already_engaged_is_not_offered_again(client, engaged, family, anna, marta, beata):
    client.force_login(anna)
    choices = (
        client.get(reverse("team:engagement_add", args=[family.pk])).context["form"].fields["specialist"]
    )
    assert list(choices.queryset) == [beata.specialist_profile]


def test_the_specialist_ends_their_own_engagement_and_loses_the_family(client, engaged, family, marta):
    client.force_login(marta)
    url = reverse("team:engagement_end", args=[family.pk, engaged.pk])
    asked = client.post(url, {"reason": "Konsultacje zakończone"})
    assert asked.status_code == 200  # the confirm page
    engaged.refresh_from_db()
    assert engaged.is_active
    done = confirm(client, url, {"reason": "Konsultacje zakończone"})
    assert done.status_code == 302 and done["Location"] == reverse("home")
    engaged.refresh_from_db()
    assert engaged.status == EngagementStatus.ENDED
    assert client.get(reverse("cases:family_detail", args=[family.pk])).status_code == 404


def test_an_end_without_a_reason_is_a_message_on_the_form(client, engaged, family, anna):
    client.force_login(anna)
    response = confirm(client, reverse("team:engagement_end", args=[family.pk, engaged.pk]), {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    engaged.refresh_from_db()
    assert engaged.is_active


def test_the_family_page_shows_the_engagements_and_the_buttons_by_the_policies(
    client, engaged, family, anna, marta, helena
):
    section = {"section": "team"}
    address = reverse("cases:family_detail", args=[family.pk])
    end = reverse("team:engagement_end", args=[family.pk, engaged.pk])
    add = reverse("team:engagement_add", args=[family.pk])
    for user, may_add in ((anna, True), (helena, True), (marta, False)):
        client.force_login(user)
        page = client.get(address, section).content.decode()
        assert "Konsultacje psychologiczne dla matki" in page and str(marta) in page
        assert end in page
        assert (add in page) == may_add, user.username


def test_an_ended_engagement_stays_on_the_page_without_a_button(client, engaged, family, anna):
    services.engagement_end(actor=anna, engagement=engaged, reason="Rodzina zrezygnowała")
    client.force_login(anna)
    page = client.get(reverse("cases:family_detail", args=[family.pk]), {"section": "team"}).content.decode()
    assert "Rodzina zrezygnowała" in page
    assert reverse("team:engagement_end", args=[family.pk, engaged.pk]) not in page


def test_the_specialists_start_page_lists_their_engagements(client, engaged, family, marta, beata):
    client.force_login(marta)
    page = client.get(reverse("home")).content.decode()
    assert family.reference in page
    assert in_days(60).strftime("%d.%m.%Y") in page
    client.force_login(beata)
    assert family.reference not in client.get(reverse("home")).content.decode()


def test_the_heads_start_page_shows_the_specialists_load(client, engaged, helena, marta, beata, natalia):
    client.force_login(helena)
    response = client.get(reverse("home"))
    load = {
        specialist.user: specialist.engaged for specialist in response.context["head"]["specialists_load"]
    }
    assert load == {marta: 1, beata: 0}  # not the other centre's Natalia


def test_reads_of_the_family_by_a_specialist_are_audited(client, engaged, family, marta):
    client.force_login(marta)
    client.get(reverse("cases:family_detail", args=[family.pk]))
    assert AuditEvent.objects.filter(actor=marta, action=AuditAction.VIEW, family_id=family.pk).exists()


def test_a_specialist_without_a_profile_sees_an_empty_panel(client, centre_a):
    client.force_login(person("nowy", centre_a, Role.SPECIALIST))
    assert client.get(reverse("home")).status_code == 200
