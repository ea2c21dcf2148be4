"""The access layer as a whole: every URL is behind it, and another centre's objects do not exist."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases import services
from cases.models import Family
from conftest import basis_data, build_family
from familysupport.access import ACCESS_RULE
from familysupport.models import AuditEvent

PUBLIC_ON_PURPOSE = {"login", "set_language"}
# The Django admin checks is_staff itself and registers no case models (test_admin_has_no_case_content).
OWN_ACCESS_CHECK_NAMESPACES = {"admin"}


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in OWN_ACCESS_CHECK_NAMESPACES:
                continue
            yield from walk(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern), pattern.callback


ALL_VIEWS = list(walk(get_resolver().url_patterns))


def test_every_view_is_behind_the_access_layer():
    unguarded = [name for name, _route, view in ALL_VIEWS if not hasattr(view, ACCESS_RULE)]
    assert unguarded == []


def test_only_login_and_language_are_public():
    public = {name for name, _route, view in ALL_VIEWS if getattr(view, ACCESS_RULE) == "public"}
    assert public == PUBLIC_ON_PURPOSE


def kwargs_for(route: str, family: Family) -> dict:
    """URL arguments pointing at `family` and the objects hanging off it."""
    values = {
        "family_id": family.pk,
        "member_id": family.members.first().pk,
        "interview_id": family.interviews.first().pk,
        "consent_id": family.consents.first().pk,
        "request_id": family.requests.first().pk,
    }
    return {key: value for key, value in values.items() if f"<int:{key}>" in route}


@pytest.fixture
def family_of_centre_b(bozena, bartosz, borys):
    family = build_family(bozena, stage="assigned", head=bartosz, assistant=borys)
    scan = SimpleUploadedFile("zgoda.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    services.consent_record(actor=bozena, family=family, data={**basis_data(), "scan": scan})
    return family


POST_ONLY = {
    "cases:interview_start",
    "cases:interview_sign",
    "cases:interview_update",
    "cases:request_submit",
}
FAMILY_VIEWS = [(name, route) for name, route, view in ALL_VIEWS if getattr(view, ACCESS_RULE) == "family"]


@pytest.mark.parametrize("persona", ["anna", "helena", "adam", "stefan", "ada"])
def test_another_centres_family_does_not_exist(client, request, persona, family_of_centre_b):
    """Every page and every action on a family of centre B answers 404 to everyone in centre A."""
    client.force_login(request.getfixturevalue(persona))
    status_before = Family.objects.get(pk=family_of_centre_b.pk).status
    changes_before = AuditEvent.objects.exclude(action="view").count()
    for name, route in FAMILY_VIEWS:
        url = reverse(name, kwargs=kwargs_for(route, family_of_centre_b))
        # A button's URL refuses GET with 405 before looking at the object, alike for every id.
        assert client.get(url).status_code in ((405,) if name in POST_ONLY else (404,)), url
        assert client.post(url, {"outcome": "refuse", "comment": "x"}).status_code == 404, url
    assert Family.objects.get(pk=family_of_centre_b.pk).status == status_before
    assert AuditEvent.objects.exclude(action="view").count() == changes_before


def test_anonymous_visitors_are_sent_to_the_login(client, family_of_centre_b):
    for name, route, view in ALL_VIEWS:
        if getattr(view, ACCESS_RULE) == "public":
            continue
        url = reverse(name, kwargs=kwargs_for(route, family_of_centre_b))
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_admin_has_no_case_content():
    from django.contrib import admin

    registered = {model._meta.app_label for model in admin.site._registry}
    assert registered.isdisjoint({"cases", "assistants", "supportfamilies"})


def test_admin_requires_staff(client, anna):
    client.force_login(anna)
    assert client.get("/admin/").status_code == 302
