"""The error pages are the application's own, in Polish, with a way back; nothing technical."""

from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

TECHNICAL = ("Traceback", "Django", "DEBUG", "settings.py", "CSRF verification failed")


def assert_own_page(response, status: int, heading: str):
    text = response.content.decode()
    assert response.status_code == status
    assert heading in text
    assert f'href="{reverse("home")}"' in text  # a way back
    assert 'lang="pl"' in text
    assert not any(word in text for word in TECHNICAL)


def test_a_missing_page_answers_in_polish_with_a_way_back(client, anna):
    client.force_login(anna)
    assert_own_page(client.get("/families/999999/"), 404, "Nie znaleziono strony")


def test_a_refused_action_answers_in_polish_with_a_way_back(client, stefan):
    client.force_login(stefan)
    assert_own_page(client.get(reverse("statistics")), 403, "Brak uprawnień")


def test_an_expired_form_says_what_happened_and_that_nothing_was_saved(anna):
    client = Client(enforce_csrf_checks=True)
    client.force_login(anna)
    response = client.post(reverse("cases:family_register"), {"name": "Rodzina Nowak"})
    assert_own_page(response, 403, "Formularz wygasł")
    assert "nic nie zostało zapisane" in response.content.decode()


def test_a_server_error_answers_in_the_layout_without_technical_details(db):
    request = RequestFactory().get("/")
    response = server_error(request)
    assert_own_page(response, 500, "Coś poszło nie tak po naszej stronie")
