"""The access layer as a whole: every URL is behind it, and another centre's objects do not exist."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assistants.services import court as court_services
from assistants.services import plans as plans_services
from cases import services
from cases.models import Family
from conftest import basis_data, build_family, days_ago, scan_pdf
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


def kwargs_for(route: str, objects: dict[str, int]) -> dict:
    """URL arguments pointing at centre B's objects (any id of the right kind will do)."""
    names = re.findall(r"<int:(\w+)>", route)
    return {name: objects.get(name, 999999) for name in names}


def far_along(worker, *, head, assistant, court: str, signature: str) -> dict[str, int]:
    """A family far along the path (a consent scan, a court letter, an opinion started, a work
    plan), and the ids of what hangs off it."""
    family = build_family(worker, stage="assigned", head=head, assistant=assistant)
    scan = SimpleUploadedFile("zgoda.pdf", scan_pdf(), content_type="application/pdf")
    services.consent_record(actor=worker, family=family, data={**basis_data(), "scan": scan})
    court_request = court_services.court_request_register(
        actor=head,
        family_reference=family.reference,
        data={
            "court": court,
            "division": "III Wydział Rodzinny i Nieletnich",
            "case_signature": signature,
            "letter_date": days_ago(5),
            "received_on": days_ago(3),
            "deadline": days_ago(-20),
            "request_text": "Opinia o rodzinie",
            "scan": None,
        },
    )
    opinion = court_services.court_opinion_start(actor=assistant, court_request=court_request)
    plan = plans_services.work_plan_create(actor=assistant, family=family)
    return {
        "family_id": family.pk,
        "member_id": family.members.first().pk,
        "interview_id": family.interviews.first().pk,
        "consent_id": family.consents.last().pk,
        "request_id": family.requests.first().pk,
        "court_request_id": court_request.pk,
        "opinion_id": opinion.pk,
        "plan_id": plan.pk,
        "profile_id": assistant.assistant_profile.pk,
    }


@pytest.fixture
def centre_b_objects(bozena, bartosz, borys) -> dict[str, int]:
    """A family of centre B far along the path, and the ids of what hangs off it."""
    return far_along(
        bozena,
        head=bartosz,
        assistant=borys,
        court="Sąd Rejonowy dla Warszawy-Woli",
        signature="III Nsm 7/26",
    )


FAMILY_VIEWS = [(name, route) for name, route, view in ALL_VIEWS if getattr(view, ACCESS_RULE) == "family"]
# Views outside a family page that still name an object: the court register, assistants' profiles.
OBJECT_VIEWS = [
    (name, route)
    for name, route, view in ALL_VIEWS
    if getattr(view, ACCESS_RULE) != "family" and "<int:" in route
]


@pytest.mark.parametrize("persona", ["anna", "helena", "adam", "stefan", "ada"])
def test_another_centres_family_does_not_exist(client, request, persona, centre_b_objects):
    """Every page and every action on a family of centre B answers 404 to everyone in centre A."""
    client.force_login(request.getfixturevalue(persona))
    family = Family.objects.get(pk=centre_b_objects["family_id"])
    changes_before = AuditEvent.objects.exclude(action__in=["view", "login"]).count()
    for name, route in FAMILY_VIEWS:
        url = reverse(name, kwargs=kwargs_for(route, centre_b_objects))
        # A button's URL refuses GET with 405 before looking at anything, alike for every id.
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"outcome": "refuse", "comment": "x"}).status_code == 404, url
    for name, route in OBJECT_VIEWS:
        url = reverse(name, kwargs=kwargs_for(route, centre_b_objects))
        assert client.get(url).status_code in (403, 404, 405), url
        assert client.post(url, {"method": "post", "dispatched_on": days_ago(0)}).status_code in (403, 404), (
            url
        )
    assert Family.objects.get(pk=family.pk).status == family.status
    assert AuditEvent.objects.exclude(action__in=["view", "login"]).count() == changes_before


def test_anonymous_visitors_are_sent_to_the_login(client, centre_b_objects):
    for name, route, view in ALL_VIEWS:
        if getattr(view, ACCESS_RULE) == "public":
            continue
        url = reverse(name, kwargs=kwargs_for(route, centre_b_objects))
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_admin_has_no_case_content():
    from django.contrib import admin

    registered = {model._meta.app_label for model in admin.site._registry}
    assert registered.isdisjoint({"cases", "assistants", "supportfamilies", "otp_totp"})


def test_admin_requires_staff(client, anna):
    client.force_login(anna)
    assert client.get("/admin/").status_code == 302
