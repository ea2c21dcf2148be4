"""WCAG 2.1 AA in Chromium: axe-core on every main page of each role, and on its forms sent empty.

The pages are found as each person finds them: from the start page every same-site link is
followed (the navigation first), one page of each kind (its URL name), and the family
page once for each step of the path. A page another part of the system adds to the navigation or
links from these pages is therefore checked without a change here. The data are the demo centre's
showcase (`seed_demo`): families at every step, the assistants' work, court letters, built through
the services. Each form with fields is also sent empty, and the page with its errors is checked too.
"""

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import Resolver404, resolve
from playwright.sync_api import Page

from cases.models import Family
from conftest import FAST_HASHERS
from familysupport.context_processors import NAVIGATION
from familysupport.models import Role, User
from familysupport.tests.browser.conftest import PHONE
from tools.demo import DEMO_PASSWORD, DemoSeeder

# The live server reads through a connection of its own, so the tests are transactional: each
# ends by emptying the database, and begins by restoring the demo (demo_contents).
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Not pages to check; nor is the Django admin below its index (the administrator's way in), which
# is Django's own.
SKIPPED_PREFIXES = ("/static/", "/logout/", "/language/", "/media/")
DOCUMENT_MARKS = ("pdf", "scan", "export", "xlsx", "csv", "json")
MAX_PAGES = 160  # per person: more kinds of page than any role has, a bound on a runaway crawl

LINKS = """() => {
  const actions = new Set([...document.querySelectorAll('form')].map((form) => form.action));
  return [...document.querySelectorAll('a[href]')].map((a) => a.href).filter((href) => !actions.has(href));
}"""
# Empty every field a person can empty, so the form comes back with its errors.
EMPTY_FORM = """(form) => {
  form.noValidate = true;
  for (const field of form.elements) {
    if (field.disabled || ['hidden', 'submit', 'button', 'file', 'reset'].includes(field.type)) continue;
    if (field.type === 'checkbox' || field.type === 'radio') field.checked = false;
    else if (field.tagName === 'SELECT') {
      if ([...field.options].some((option) => option.value === '')) field.value = '';
    } else field.value = '';
  }
}"""
FIELDS = "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea"
# Each field marked invalid has its error beside it, visible: named by its own aria-describedby or
# its group's (a fieldset of radio buttons), or Bootstrap's feedback in the field's own block.
ERRORS_NOT_BESIDE_THEIR_FIELD = """() => [...document.querySelectorAll('main .is-invalid')]
.filter((field) => {
  const shown = (element) => element && element.textContent.trim() && element.getClientRects().length > 0;
  const described = (element) => (element?.getAttribute('aria-describedby') || '').split(/\\s+/)
    .filter(Boolean).map((id) => document.getElementById(id));
  if ([...described(field), ...described(field.closest('fieldset'))].some(shown)) return false;
  const block = field.closest('[id^="div_id_"]') || field.parentElement;
  return ![...block.querySelectorAll('.invalid-feedback')].some(shown);
}).map((field) => field.name || field.id)"""


def page_kind(path: str) -> tuple | None:
    """What makes two URLs the same kind of page; None for what is not a page to check."""
    parts = urlsplit(path)
    if parts.path.startswith(SKIPPED_PREFIXES) or (
        parts.path.startswith("/admin/") and parts.path != "/admin/"
    ):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if any(mark in match.view_name or mark in parts.path for mark in DOCUMENT_MARKS):
        return None
    if match.view_name == "cases:family_detail":
        family = Family.objects.filter(pk=match.kwargs["family_id"]).first()
        # Each section of the family page (its section nav, `?section=`) is a page of its own.
        section = parse_qs(parts.query).get("section", [""])[0]
        return (match.view_name, family and family.status, family and family.is_archived, section)
    # A list sorted, filtered or paged is the same template with other rows.
    return (match.view_name,)


def same_site(page: Page, href: str) -> str | None:
    base = urlsplit(page.url)
    parts = urlsplit(urljoin(page.url, href))
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def is_html(response) -> bool:
    return response is not None and response.headers.get("content-type", "").startswith("text/html")


def send_empty(page: Page) -> bool:
    """Send the page's first form with fields, emptied; False when the page has none."""
    forms = page.locator("main form[method=post]").filter(has=page.locator(FIELDS))
    if forms.count() == 0:
        return False
    form = forms.first
    form.evaluate(EMPTY_FORM)
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").first.click()
    return True


# How far a page reaches sideways beyond the screen: a table, a long word, a form row too wide.
SIDEWAYS = """() => {
  const screen = window.innerWidth;
  const clipped = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== 'visible') return true;
    }
    return false;
  };
  const wide = [...document.querySelectorAll('body *')]
    .filter((element) => element.getBoundingClientRect().right > screen + 1 && !clipped(element))
    .slice(0, 3).map((element) => element.outerHTML.slice(0, 120));
  return {width: document.scrollingElement.scrollWidth, wide};
}"""


def sideways(page: Page, width: int) -> dict | None:
    """What makes the page scroll sideways at `width`, or None when it fits."""
    measured = page.evaluate(SIDEWAYS)
    return measured if measured["width"] > width else None


def check_site(page: Page, axe, width: int | None = None) -> dict:
    """Walk the person's pages from the start page; axe each page and each form sent empty; at a
    phone's `width`, note each page that scrolls sideways."""
    found = {"pages": [], "violations": {}, "errors_shown": set(), "errors_apart": {}, "sideways": {}}
    kinds = set()
    queue = ["/"]
    while queue and len(found["pages"]) < MAX_PAGES:
        url = queue.pop(0)
        kind = page_kind(url)
        if kind is None or kind in kinds:
            continue
        kinds.add(kind)
        response = page.goto(url)
        if response.status != 200 or not is_html(response):
            continue
        found["pages"].append((url, kind))
        if violations := axe(page):
            found["violations"][url] = violations
        if width is not None and (overflow := sideways(page, width)):
            found["sideways"][url] = overflow
        for href in page.evaluate(LINKS):
            target = same_site(page, href)
            if target and target not in queue:
                queue.append(target)
        if send_empty(page):
            sent = f"{url} (sent empty)"
            if violations := axe(page):
                found["violations"][sent] = violations
            if page.locator("main .is-invalid, main .invalid-feedback, main .alert-danger").count():
                found["errors_shown"].add(kind[0])
            if apart := page.evaluate(ERRORS_NOT_BESIDE_THEIR_FIELD):
                found["errors_apart"][sent] = apart
            if width is not None and (overflow := sideways(page, width)):
                found["sideways"][sent] = overflow
    return found


def report(violations: dict) -> str:
    """One line per rule and element, with the pages it was met on: readable in a failure."""
    seen: dict[tuple, list[str]] = {}
    for url, items in violations.items():
        for item in items:
            for node in item["nodes"]:
                summary = " ".join(node["summary"].split())[:300]
                seen.setdefault((item["rule"], str(node["target"]), summary), []).append(url)
    lines = [
        f"{rule} {target}: {summary}\n    on {', '.join(urls[:4])}"
        for (rule, target, summary), urls in seen.items()
    ]
    return "\n".join(["WCAG violations:", *lines])


@pytest.fixture(scope="module")
def demo_contents(django_db_setup, django_db_blocker):
    """The demo centre Ochota with its showcase families, built once for the module.

    Built and serialised once, it is what each test's serialized rollback restores (Django's
    `serialized_rollback`, with the demo in place of the migrated contents); after the module
    the database is emptied as after any transactional test, so no other test sees the demo.
    """
    with django_db_blocker.unblock():
        # The roles are groups made by a migration, and a transactional test leaves none.
        for role in Role.values:
            Group.objects.get_or_create(name=role)
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            seeder = DemoSeeder()
            seeder.seed_showcase("OCH")
            seeder.seed_team("OCH")  # the first specialist by login, the mediator, is engaged on a family
        migrated = connection.__dict__.get("_test_serialized_contents")
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
        # The sequences stay where the demo left them: restored with their ids, its rows must not
        # meet the ids of the rows the tests write (a login's audit event), as they would from 1.
        call_command(
            "flush", interactive=False, verbosity=0, inhibit_post_migrate=True, reset_sequences=False
        )
    yield
    with django_db_blocker.unblock():
        if migrated is None:
            del connection._test_serialized_contents
        else:
            connection._test_serialized_contents = migrated
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo_centre(demo_contents, transactional_db) -> dict[str, User]:
    """The demo centre Ochota (demo_contents); its people by their role."""
    people = User.objects.filter(centre__code="OCH").order_by("username")
    return {role: next(user for user in people if user.has_role(role)) for role in Role.values}


# The main form of each role, which must come back with its errors when sent empty.
MAIN_FORMS = {
    Role.SOCIAL_WORKER: {
        "cases:family_register",
        "cases:member_add",
        "cases:report_add",
        "cases:consent_add",
        "familyservices:episode_add",
    },
    Role.HEAD: {"assistants:request_decide", "assistants:court_register_add"},
    Role.FAMILY_ASSISTANT: {"assistants:visit_add"},
    Role.STAFF: {"assistants:court_register_add"},
    Role.ADMIN: set(),
    Role.DPO: set(),
    Role.SPECIALIST: set(),
}

# How many steps of the path the role's family pages were checked at, at least (an assistant's
# families are all assigned; a specialist sees the family they are engaged on; staff, the
# administrator and the DPO see no family page).
FAMILY_STEPS = {
    Role.SOCIAL_WORKER: 5,
    Role.HEAD: 8,
    Role.FAMILY_ASSISTANT: 1,
    Role.STAFF: 0,
    Role.ADMIN: 0,
    Role.DPO: 0,
    Role.SPECIALIST: 1,
}


@pytest.mark.parametrize("role", Role.values)
def test_every_page_of_the_role_meets_wcag_21_aa(role, demo_centre, page_for, axe):
    user = demo_centre[role]
    page = page_for(user, DEMO_PASSWORD)
    found = check_site(page, axe)
    print(role, len(found["pages"]), "pages:", *(url for url, _kind in found["pages"]))
    check_found(role, user, found)


@pytest.mark.parametrize("role", Role.values)
def test_every_page_of_the_role_fits_a_phone_and_meets_wcag_21_aa(role, demo_centre, page_for, axe):
    """At 360 x 740 px no page scrolls sideways (a table scrolls inside its own box, forms stack,
    the navigation folds under its button), and axe finds nothing there either."""
    user = demo_centre[role]
    page = page_for(user, DEMO_PASSWORD, viewport=PHONE)
    found = check_site(page, axe, width=PHONE["width"])
    print(role, len(found["pages"]), "pages at 360 px")
    assert found["sideways"] == {}, found["sideways"]
    check_found(role, user, found)


def check_found(role: str, user: User, found: dict) -> None:
    assert not found["violations"], report(found["violations"])
    assert found["errors_apart"] == {}
    visited = {kind for _url, kind in found["pages"]}
    names = {kind[0] for kind in visited}
    navigation = {name for roles, _label, name in NAVIGATION if user.has_role(*roles)}
    assert navigation <= names
    assert MAIN_FORMS[role] <= found["errors_shown"]
    family_steps = {kind for kind in visited if kind[0] == "cases:family_detail"}
    assert len(family_steps) >= FAMILY_STEPS[role], family_steps
