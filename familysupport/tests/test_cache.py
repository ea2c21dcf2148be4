"""Cached pages (familysupport/cache.py): kept until the data changes, never shown to another user,
never stale after a change however it was made, and their forms still post."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from assistants.models import DecisionOutcome
from assistants.services import lifecycle as lifecycle_services
from cases.models import Family
from conftest import build_family
from familysupport.cache import cached, data_version

HOME = "/"
FAMILIES = reverse("cases:family_list")


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_cached_value_is_computed_once_until_the_data_changes(anna):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached("test", 1, compute=compute) == 1
    assert cached("test", 1, compute=compute) == 1
    assert cached("test", 2, compute=compute) == 2  # other parts, another value
    build_family(anna)  # a change through the services
    assert cached("test", 1, compute=compute) == 3


def test_the_version_moves_on_at_the_change_and_again_when_it_commits(
    anna, django_capture_on_commit_callbacks
):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        build_family(anna)
        during = data_version()
    assert before < during < data_version()


def test_the_start_page_shows_a_change_made_through_a_service_at_once(client, anna, helena, adam):
    family = build_family(anna, stage="submitted", head=helena)
    client.force_login(helena)
    assert family.reference in page(client, HOME)  # the request waits for the head
    lifecycle_services.assignment_request_decide(
        actor=helena,
        request=family.requests.get(),
        outcome=DecisionOutcome.ASSIGN,
        assistant=adam.assistant_profile,
    )
    assert family.reference not in page(client, HOME)


def test_a_family_saved_outside_the_services_shows_in_the_list_at_once(client, anna):
    client.force_login(anna)
    build_family(anna, name="Rodzina Lis")
    assert "Rodzina Lis" in page(client, FAMILIES)
    family = Family.objects.get(name="Rodzina Lis")
    family.name = "Rodzina Sowa"
    family.save()  # a plain save (the admin, a script): the signal expires the cached list
    assert "Rodzina Sowa" in page(client, FAMILIES)


def test_a_login_keeps_the_cached_pages(client, anna):
    build_family(anna)
    before = data_version()
    client.force_login(anna)  # the login stamps last_login on the user
    assert data_version() == before


def test_each_user_gets_their_own_page_never_anothers(client, anna, sam, helena, bartosz):
    build_family(anna, name="Rodzina Lis")
    build_family(sam, name="Rodzina Wilk")
    client.force_login(anna)
    assert "Rodzina Lis" in page(client, FAMILIES)
    for other, sees_lis, sees_wilk in ((sam, False, True), (helena, True, True), (bartosz, False, False)):
        client.force_login(other)
        html = page(client, FAMILIES)
        assert ("Rodzina Lis" in html, "Rodzina Wilk" in html) == (sees_lis, sees_wilk), other.username


def test_a_change_of_roles_expires_the_cached_pages(helena):
    before = data_version()
    helena.groups.clear()
    assert data_version() > before


def test_the_page_follows_the_language(client, anna):
    build_family(anna)
    client.force_login(anna)
    assert "1 family" not in page(client, FAMILIES)
    client.cookies["django_language"] = "en"
    assert "1 family" in page(client, FAMILIES)


def test_a_cached_family_page_carries_each_sessions_own_csrf_token(anna):
    family = build_family(anna)
    url = reverse("cases:family_detail", args=[family.pk])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(anna)
    second.force_login(anna)
    assert "csrfmiddlewaretoken" in page(first, url)  # rendered and kept
    html = page(second, url)  # the kept page, served to another session
    token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[-1]
    response = second.post(reverse("cases:interview_start", args=[family.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert family.interviews.exists()


@pytest.mark.parametrize("pesel", ["15230112345"])
def test_a_search_is_not_kept_in_the_cache_key_in_clear(client, anna, pesel):
    from django.core.cache import cache

    client.force_login(anna)
    page(client, f"{FAMILIES}?q={pesel}")
    keys = " ".join(str(key) for key in getattr(cache, "_cache", {}))
    assert keys and pesel not in keys
