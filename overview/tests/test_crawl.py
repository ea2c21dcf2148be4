"""The whole site as each demo user meets it: every link followed, no family outside the user's
need to know, no server error; and every page the head reached, tried by everyone else.

The demo data (`seed_demo`) and its manifest say which families each user may meet; the crawl is
the inspector's check that the pages agree.
"""

import html
import re
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from cases.models import Family
from familysupport.models import User

pytestmark = pytest.mark.slow

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
def manifest(demo, db) -> dict:
    """The manifest of the demo the module shares (conftest.demo), each test in its own savepoint.

    What each user may meet comes from the demo's own plan (tools/demo/plan.py), never from the
    access layer the crawl tests. The tests of the pages with families built here, not by the
    demo, are in test_need_to_know.py, so that they never see the demo.
    """
    return demo


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
    "Wspólna wizyta pracownika socjalnego i asystenta",
    "Pedagog szkolny przekazał",
    "Poufne: matka zgłosiła obawy",
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
