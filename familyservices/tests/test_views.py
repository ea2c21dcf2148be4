"""Each view of the services for every role and the other centre; the forms through the pages (a
form sent twice creates one thing, bad input answers in Polish on the form); the family page's
section and next step, the start pages' panels, the statistics."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import confirm, days_ago
from familyservices import services
from familyservices.models import EpisodeStatus, ServiceSession
from familyservices.statistics import services_section
from familyservices.tests.conftest import session
from familyservices.urls import urlpatterns
from institutions.tests.builders import institution
from supportfamilies.tests.builders import build_support_family

pytestmark = pytest.mark.django_db

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
def objects(family, ongoing, marta):
    logged = session(marta, ongoing)
    return {"family_id": family.pk, "episode_id": ongoing.pk, "session_id": logged.pk}


# name: {persona: expected status of a GET}; personas left out answer 404 (they do not see the
# family, or see it without its services). Marta is engaged on the family and gives the service.
GET_MATRIX = {
    "episode_add": {"anna": 200, "helena": 200, "marta": 403},
    "episode_detail": {"anna": 200, "helena": 200, "marta": 200},
    "episode_refer": {"anna": 302, "helena": 302, "marta": 403},  # already referred: back with the reason
    "episode_end": {"anna": 200, "helena": 200, "marta": 200},
    "session_add": {"anna": 200, "helena": 403, "marta": 200},
}
# A withdrawal is a POST only (a GET answers 405 to everyone); who may send it:
POST_MATRIX = {"session_withdraw": {"anna": 403, "helena": 403, "marta": 302}}


def url_of(name: str, objects: dict) -> str:
    pattern = next(pattern for pattern in urlpatterns if pattern.name == name)
    names = re.findall(r"<int:(\w+)>", str(pattern.pattern))
    return reverse(f"familyservices:{name}", kwargs={key: objects[key] for key in names})


@pytest.mark.parametrize("name", sorted(GET_MATRIX))
def test_each_view_for_every_role_and_the_other_centre(client, request, objects, name):
    url = url_of(name, objects)
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        assert client.get(url).status_code == GET_MATRIX[name].get(persona, 404), (persona, url)


@pytest.mark.parametrize("persona", PERSONAS)
def test_withdrawing_a_session_for_every_role_and_the_other_centre(client, request, objects, persona):
    url = url_of("session_withdraw", objects)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == 405
    response = client.post(url, {"reason": "Pomyłka"})
    expected = POST_MATRIX["session_withdraw"].get(persona, 404)
    assert response.status_code == expected, persona
    withdrawn = ServiceSession.objects.get(pk=objects["session_id"]).withdrawn_at is not None
    # Marta logged the session: only she withdraws it.
    assert withdrawn == (persona == "marta")


def test_every_url_of_the_app_is_in_the_matrix():
    assert {pattern.name for pattern in urlpatterns} == set(GET_MATRIX) | set(POST_MATRIX)


def test_the_assistant_of_the_family_reads_its_services(client, anna, helena, adam, family_builder, marta):
    family = build_support_family(anna, head=helena, assistant=adam, stage="signed").family

    episode = services.episode_plan(
        actor=anna, family=family, form="child_therapy", member=None, goal="Terapia", planned_sessions=None
    )
    client.force_login(adam)
    response = client.get(reverse("familyservices:episode_detail", args=[family.pk, episode.pk]))
    assert response.status_code == 200
    assert client.get(reverse("familyservices:episode_add", args=[family.pk])).status_code == 403


def test_the_page_plans_a_service_once_however_often_it_is_sent(client, anna, family):
    client.force_login(anna)
    url = reverse("familyservices:episode_add", args=[family.pk])
    token = re.search(r'name="submission" value="([^"]+)"', client.get(url).content.decode()).group(1)
    data = {
        "submission": token,
        "form": "mediation",
        "member": "",
        "goal": "Mediacja rodzinna",
        "planned_sessions": "4",
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert family.service_episodes.filter(form="mediation").count() == 1


def test_bad_input_is_answered_in_polish_on_the_form(client, anna, family):
    client.force_login(anna)
    url = reverse("familyservices:episode_add", args=[family.pk])
    response = client.post(url, {"form": "mediation", "planned_sessions": "500"})
    assert response.status_code == 200
    assert "Upewnij się, że ta wartość jest mniejsza lub równa 60." in response.content.decode()
    before = family.service_episodes.count()
    empty = client.post(url, {"form": "", "goal": ""})
    assert "To pole jest wymagane." in empty.content.decode()
    assert family.service_episodes.count() == before


def test_the_referral_page_says_why_a_specialist_is_not_offered(client, anna, counselling, marta):
    client.force_login(anna)
    url = reverse("familyservices:episode_refer", args=[counselling.family_id, counselling.pk])
    page = client.get(url).content.decode()
    assert marta.get_full_name() not in page  # not engaged: not offered
    response = client.post(url, {"referred_on": days_ago(1).isoformat(), "planned_sessions": "5"})
    assert response.status_code == 200
    assert "Wskaż jednego realizatora" in response.content.decode()


def test_the_worker_refers_logs_and_ends_a_service_through_the_pages(client, anna, legal_aid):
    court = institution(anna, name="Poradnia Prawna „Rodzina”")
    family = legal_aid.family
    client.force_login(anna)
    refer_url = reverse("familyservices:episode_refer", args=[family.pk, legal_aid.pk])
    response = client.post(
        refer_url, {"institution": court.pk, "referred_on": days_ago(10).isoformat(), "planned_sessions": "3"}
    )
    assert response.status_code == 302
    add_url = reverse("familyservices:session_add", args=[family.pk, legal_aid.pk])
    token = re.search(r'name="submission" value="([^"]+)"', client.get(add_url).content.decode()).group(1)
    response = client.post(
        add_url,
        {
            "submission": token,
            "held_on": days_ago(2).isoformat(),
            "minutes": "60",
            "attended": "on",
            "note": "<b>Porada</b>",
        },
    )
    assert response.status_code == 302
    detail = client.get(
        reverse("familyservices:episode_detail", args=[family.pk, legal_aid.pk])
    ).content.decode()
    assert "&lt;b&gt;Porada&lt;/b&gt;" in detail and "<b>Porada</b>" not in detail
    end_url = reverse("familyservices:episode_end", args=[family.pk, legal_aid.pk])
    data = {
        "ended_on": timezone.localdate().isoformat(),
        "outcome": "achieved",
        "summary": "Sprawa alimentacyjna",
    }
    confirm(client, end_url, data)
    legal_aid.refresh_from_db()
    assert legal_aid.status == EpisodeStatus.ENDED


def test_the_family_page_shows_the_services_and_the_referral_as_the_next_step(client, anna, family):
    client.force_login(anna)
    page = client.get(reverse("cases:family_detail", args=[family.pk]) + "?section=services").content.decode()
    assert "Konsultacje i poradnictwo" in page
    assert "Pomoc prawna, przede wszystkim w zakresie prawa rodzinnego" in page
    overview = client.get(reverse("cases:family_detail", args=[family.pk])).content.decode()
    assert "Skieruj usługę do realizatora" in overview


def test_the_specialists_start_page_shows_the_services_they_give(client, marta, ongoing):
    session(marta, ongoing, on=timezone.localdate())
    client.force_login(marta)
    page = client.get(reverse("home")).content.decode()
    assert ongoing.family.reference in page
    assert "Moje usługi" in page


def test_the_heads_start_page_counts_the_services_by_form(client, helena, ongoing, legal_aid):
    client.force_login(helena)
    response = client.get(reverse("home"))
    rows = {row["form"]: row for row in response.context["head"]["services_by_form"]}
    assert (rows["counselling"]["ongoing"], rows["legal_aid"]["planned"]) == (1, 1)


def test_the_statistics_count_families_sessions_and_outcomes(anna, marta, ongoing, centre_a, centre_b):
    session(marta, ongoing, on=days_ago(3))
    session(marta, ongoing, on=days_ago(2), attended=False)
    withdrawn = session(marta, ongoing, on=days_ago(1))
    ServiceSession.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now(), withdrawal_reason="x")
    rows = {row.key: row.value for row in services_section(centre_a, days_ago(60), days_ago(0)).rows}
    assert (rows["families"], rows["form_counselling"], rows["sessions_held"], rows["sessions_missed"]) == (
        1,
        1,
        1,
        1,
    )
    other = {row.key: row.value for row in services_section(centre_b, days_ago(60), days_ago(0)).rows}
    assert other["families"] == other["sessions_held"] == 0
