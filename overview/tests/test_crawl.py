"""The whole site as each demo user meets it: every link followed, no family outside the user's
need to know, no server error; and every page the head reached, tried by everyone else.

The demo data (`seed_demo`) and its manifest say which families each user may meet; the crawl is
the inspector's check that the pages agree.
"""

import html
import json
import re
from io import StringIO
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from assistants.services import court as court_services
from assistants.services import plans as plan_services
from cases import services
from cases.models import Family, Interview
from conftest import basis_data, build_family, days_ago
from familysupport.models import AuditEvent, Role, User
from familysupport.tests.test_access import FAMILY_VIEWS, kwargs_for

REFERENCE = re.compile(r"\b(?:OCH|BEM)/\d{4}/\d{4}\b")
HREF = re.compile(r"""\bhref\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
FORM_ACTION = re.compile(r"""<form\b[^>]*\baction\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
SKIPPED_PREFIXES = ("/logout", "/static", "/admin", "/media", "/language")
URLS_PER_USER = 400
# Pages that page or filter through a query (a month back, the next page) are followed a few
# steps, not to the beginning of time.
VARIANTS_PER_PATH = 6
# Printing a PDF or exporting a person's data takes from a tenth of a second to three; one document
# of each kind per user proves the kind works and keeps the test within a minute. Every HTML page
# is still walked.
DOCUMENTS_PER_KIND = 1
# A form's help text shows the reference format by example (OCH/2026/0001); it names no family.
HELP_TEXT = re.compile(r"<div[^>]*\bid=\"[^\"]*_helptext\"[^>]*>.*?</div>", re.DOTALL)
HEAD_OF_A = "ochota.kierownik"


def same_site_path(base: str, href: str, skipped=SKIPPED_PREFIXES) -> str | None:
    """The path (and query) a link leads to on this site, or None for another site or scheme."""
    href = html.unescape(href).strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    url, _fragment = urldefrag(urljoin(f"http://testserver{base}", href))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if path.startswith(skipped):
        return None
    return path


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def references_in(response) -> set[str]:
    if not response.get("Content-Type", "").startswith(("text/", "application/json")):
        return set()
    return set(REFERENCE.findall(HELP_TEXT.sub("", response.content.decode())))


def text_of(response) -> str:
    """The body as text, also of a download that streams (a scan sent as a FileResponse)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def view_name(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return ""


def crawl(client, *, start: str = "/", limit: int = URLS_PER_USER, skipped=SKIPPED_PREFIXES):
    """Follow every same-site link from `start` (GET only), breadth first, up to `limit` URLs.

    Returns {url: response}. Links that are also a form's action on the page are buttons, not
    pages, and are left alone.
    """
    seen: dict[str, object] = {}
    variants: dict[str, int] = {}
    documents: dict[str, int] = {}
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or variants.get(path, 0) >= VARIANTS_PER_PATH:
            continue
        variants[path] = variants.get(path, 0) + 1
        kind = view_name(url)
        if "pdf" in kind or "export" in kind:
            if documents.get(kind, 0) >= DOCUMENTS_PER_KIND:
                continue
            documents[kind] = documents.get(kind, 0) + 1
        response = client.get(url)
        seen[url] = response
        if response.status_code in (301, 302):
            target = same_site_path(url, response["Location"], skipped)
            if target and target not in seen:
                queue.append(target)
            continue
        if response.status_code != 200 or not is_html(response):
            continue
        text = response.content.decode()
        actions = {same_site_path(url, action, ()) for action in FORM_ACTION.findall(text)}
        for href in HREF.findall(text):
            target = same_site_path(url, href, skipped)
            if target and target not in actions and target not in seen and target not in queue:
                queue.append(target)
    return seen


def family_of(url: str) -> Family | None:
    """The family a URL names in its path (`family_id`), if any."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    family_id = match.kwargs.get("family_id")
    return Family.objects.filter(pk=family_id).first() if family_id else None


@pytest.fixture
def manifest(db, tmp_path) -> dict:
    path = tmp_path / "m.json"
    call_command("seed_demo", manifest=path, stdout=StringIO())
    return json.loads(path.read_text())


def test_every_user_meets_only_their_families_and_no_server_error(client, manifest):
    reached_by_head: list[str] = []
    for entry in manifest["users"]:
        client.force_login(User.objects.get(username=entry["username"]))
        pages = crawl(client)
        allowed = set(entry["families"])
        errors = [url for url, response in pages.items() if response.status_code >= 500]
        assert errors == [], entry["username"]
        met = set().union(*(references_in(response) for response in pages.values()))
        assert met <= allowed, (entry["username"], sorted(met - allowed))
        if entry["username"] == HEAD_OF_A:
            reached_by_head = [url for url, response in pages.items() if response.status_code == 200]
        client.logout()
    assert len(reached_by_head) > 50  # the crawl really walked the head's centre

    for entry in manifest["users"]:
        if entry["username"] == HEAD_OF_A:
            continue
        client.force_login(User.objects.get(username=entry["username"]))
        allowed = set(entry["families"])
        for url in reached_by_head:
            response = client.get(url)
            status = response.status_code
            assert status in (200, 302, 403, 404), (entry["username"], url, status)
            if response.status_code == 200:
                family = family_of(url)
                assert family is None or family.reference in allowed, (entry["username"], url)
                # A reference typed into a search is echoed back in its box; that is not a leak.
                met = references_in(response) - set(REFERENCE.findall(unquote(url)))
                assert met <= allowed, (entry["username"], url, sorted(met - allowed))
        client.logout()


def test_an_assistants_monthly_reports_name_only_their_families(client, manifest):
    """The month report looks back at any month; it names the families of the assistant's own
    work then, which the manifest must count as met."""
    today = timezone.localdate().replace(day=1)
    for entry in manifest["users"]:
        if "family_assistant" not in entry["roles"]:
            continue
        client.force_login(User.objects.get(username=entry["username"]))
        met = set()
        for back in range(14):
            month = (today - relativedelta(months=back)).strftime("%Y-%m")
            met |= references_in(client.get(reverse("assistants:assistant_month"), {"month": month}))
        assert met and met <= set(entry["families"]), entry["username"]


# What the interview, the health section, the consent's notes and the visits say, in the demo.
DEMO_CASE_CONTENT = (
    "Matka leczy się na depresję",
    "Matka samotnie wychowująca dzieci",
    "Rodzina wymaga wsparcia asystenta rodziny",
    "Małoletnia matka opuszcza młodzieżowy ośrodek",
    "pomoc w odrabianiu lekcji",
    "Rodzina funkcjonuje samodzielnie",
)


@pytest.mark.parametrize("username", ["ochota.sekretariat", "ochota.admin", "bemowo.sekretariat"])
def test_staff_and_admin_meet_no_case_content_in_the_demo(client, manifest, username):
    client.force_login(User.objects.get(username=username))
    pages = crawl(client)
    for url, response in pages.items():
        text = text_of(response)
        for sentence in DEMO_CASE_CONTENT:
            assert sentence not in text, (username, url, sentence)
        assert "Niebieska Karta" not in text, (username, url)


# Cross-object: another assistant of the same centre --------------------------------------------


@pytest.fixture
def adams_objects(anna, helena, adam, agata) -> dict[str, int]:
    """A family of Adam's, far along the path, and the ids of what hangs off it."""
    family = build_family(anna, stage="assigned", head=helena, assistant=adam)
    scan = SimpleUploadedFile("zgoda.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    services.consent_record(actor=anna, family=family, data={**basis_data(), "scan": scan})
    court_request = court_services.court_request_register(
        actor=helena,
        family_reference=family.reference,
        data={
            "court": "Sąd Rejonowy dla Warszawy-Ochoty",
            "division": "III Wydział Rodzinny i Nieletnich",
            "case_signature": "III Nsm 8/26",
            "letter_date": days_ago(5),
            "received_on": days_ago(3),
            "deadline": days_ago(-20),
            "request_text": "Opinia o rodzinie",
            "scan": None,
        },
    )
    opinion = court_services.court_opinion_start(actor=adam, court_request=court_request)
    plan = plan_services.work_plan_create(actor=adam, family=family)
    return {
        "family_id": family.pk,
        "member_id": family.members.first().pk,
        "interview_id": family.interviews.first().pk,
        "consent_id": family.consents.last().pk,
        "request_id": family.requests.first().pk,
        "court_request_id": court_request.pk,
        "opinion_id": opinion.pk,
        "plan_id": plan.pk,
        "profile_id": adam.assistant_profile.pk,
    }


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
    Family.objects.filter(pk=family.pk).update(blue_card=True)
    Interview.objects.filter(family=family).update(health=SECRET_HEALTH, diagnosis=SECRET_INTERVIEW)
    services.consent_record(actor=anna, family=family, data={**basis_data(), "notes": SECRET_CONSENT_NOTE})
    plan_services.visit_record(
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
