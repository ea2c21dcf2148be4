"""Need to know, crawled: every link a persona can follow, with families built here for the test
(not the demo, whose crawl is in test_crawl.py). Another assistant of the same centre finds no
trace of Adam's family; staff and the administrator never meet case content.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from assistants.services import court as court_services
from assistants.services import plans as plans_services
from cases import services
from cases.models import Family, Interview
from conftest import basis_data, build_family, days_ago, rewrite
from familysupport.models import AuditEvent, Role, User
from familysupport.tests.test_access import FAMILY_VIEWS, far_along, kwargs_for
from overview.tests.test_crawl import crawl, text_of, view_name

# Cross-object: another assistant of the same centre --------------------------------------------


@pytest.fixture
def adams_objects(anna, helena, adam, agata) -> dict[str, int]:
    """A family of Adam's, far along the path, and the ids of what hangs off it."""
    return far_along(
        anna, head=helena, assistant=adam, court="Sąd Rejonowy dla Warszawy-Ochoty", signature="III Nsm 8/26"
    )


def test_another_assistants_family_does_not_exist_for_agata(client, agata, adams_objects):
    """Agata works in the same centre as Adam, but his family's pages and buttons are not there
    for her: every one answers 404, and a POST changes nothing."""
    client.force_login(agata)
    family = Family.objects.get(pk=adams_objects["family_id"])
    changes_before = AuditEvent.objects.exclude(action__in=["view", "login"]).count()
    views_before = AuditEvent.objects.filter(action="view", family_id=family.pk).count()
    for name, route in FAMILY_VIEWS:
        url = reverse(name, kwargs=kwargs_for(route, adams_objects))
        assert client.get(url).status_code in (404, 405), url
        posted = {"outcome": "refuse", "comment": "x", "text": "x", "reason": "other", "summary": "x"}
        assert client.post(url, posted).status_code == 404, url
    assert Family.objects.get(pk=family.pk).status == family.status
    assert AuditEvent.objects.exclude(action__in=["view", "login"]).count() == changes_before
    # Nothing was shown to her, so no read of the family is on the record under her name either.
    assert AuditEvent.objects.filter(action="view", family_id=family.pk).count() == views_before


# Need to know: staff and the administrator ----------------------------------------------------

SECRET_HEALTH = "Cukrzyca insulinozależna u syna, leczona w poradni"
SECRET_INTERVIEW = "Ojciec nadużywa alkoholu i bywa agresywny wobec matki"
SECRET_CONSENT_NOTE = "Matka prosi, by nie dzwonić do niej do pracy"
SECRET_VISIT = "Rozmowa o sytuacji w domu po interwencji policji"
SECRETS = (SECRET_HEALTH, SECRET_INTERVIEW, SECRET_CONSENT_NOTE, SECRET_VISIT, "Niebieska Karta")


@pytest.fixture
def case_with_content(anna, helena, adam, stefan):
    """A Blue Card family with an interview, a consent with notes, a visit and a court letter."""
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    rewrite(Family.objects.filter(pk=family.pk), blue_card=True)
    rewrite(Interview.objects.filter(family=family), health=SECRET_HEALTH, diagnosis=SECRET_INTERVIEW)
    services.consent_record(actor=anna, family=family, data={**basis_data(), "notes": SECRET_CONSENT_NOTE})
    plans_services.visit_record(
        actor=adam,
        family=family,
        data={
            "date": days_ago(0),
            "kind": "home",
            "place": "mieszkanie rodziny",
            "duration_minutes": 60,
            "present": "matka",
            "activities": SECRET_VISIT,
            "tasks_until_next": "",
        },
    )
    court_services.court_request_register(
        actor=stefan,
        family_reference=family.reference,
        data={
            "court": "Sąd Rejonowy dla Warszawy-Ochoty",
            "division": "III Wydział Rodzinny i Nieletnich",
            "case_signature": "III Nsm 9/26",
            "letter_date": days_ago(5),
            "received_on": days_ago(3),
            "deadline": days_ago(-20),
            "request_text": "Opinia o rodzinie",
            "scan": None,
        },
    )
    return family


def test_the_secret_is_on_the_workers_pages(client, anna, case_with_content):
    """The control: the crawl does reach the content, for the one who needs it."""
    client.force_login(anna)
    text = "".join(text_of(r) for r in crawl(client).values())
    for secret in (SECRET_HEALTH, SECRET_INTERVIEW, SECRET_VISIT, "Niebieska Karta"):
        assert secret in text, secret


@pytest.mark.parametrize("persona", ["stefan", "ada"])
def test_staff_and_admin_never_see_case_content(client, request, persona, case_with_content):
    client.force_login(request.getfixturevalue(persona))
    pages = crawl(client)
    if persona == "stefan":
        assert any(view_name(url) == "assistants:court_register_detail" for url in pages)
    for url, response in pages.items():
        assert response.status_code < 500, url
        text = text_of(response)
        for secret in SECRETS:
            assert secret not in text, (persona, url, secret)


def test_the_django_admin_shows_the_administrator_no_case_content(client, ada, case_with_content):
    """Even made a Django staff user with every permission of the admin role, the administrator
    finds no model of the case apps in the Django admin, and no case content behind it."""
    ada.is_staff = True
    ada.save(update_fields=["is_staff"])
    ada = User.objects.get(pk=ada.pk)
    ada.user_permissions.set(Permission.objects.filter(group__name=Role.ADMIN))
    client.force_login(ada)
    index = client.get("/admin/")
    assert index.status_code == 200
    listed = {model["app_label"] for app in index.context["app_list"] for model in [app]}
    assert listed.isdisjoint({"cases", "assistants", "supportfamilies"})
    text = index.content.decode()
    assert "/admin/cases/" not in text and "/admin/assistants/" not in text
    pages = crawl(client, start="/admin/", limit=150, skipped=("/logout", "/static", "/admin/logout"))
    for url, response in pages.items():
        assert response.status_code < 500, url
        assert not url.startswith(("/admin/cases/", "/admin/assistants/", "/admin/supportfamilies/")) or (
            response.status_code in (302, 403, 404)
        ), url
        body = response.content.decode(errors="replace")
        for secret in SECRETS:
            assert secret not in body, (url, secret)
