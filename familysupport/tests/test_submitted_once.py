"""Every form that creates something carries the one-time token (familysupport.forms.SubmittedOnce):
the same rendered form sent twice (Back and submit, a double click) creates one thing, and the
second sending leads to what the first created.

The walk: a service that creates something is one whose function returns a model it creates
(`<Model>.objects.create(` or `<Model>(` in its body, the return annotation naming the model).
Every view that calls such a service must call it through `call_create_service` (a form) or
`call_create_transition` (a button); every button form in the templates that posts to such a view
must carry `{% submitted_once %}`. The pages themselves are checked for the hidden input in
test_submitted_once_pages.py (on the demo).
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import build_family
from familysupport.models import SubmittedForm

ROOT = Path(settings.BASE_DIR)
APPS = (
    "cases",
    "retention",
    "contacts",
    "monitoring",
    "assistants",
    "supportfamilies",
    "team",
    "familyservices",
    "overview",
)
THE_TOKEN = {"call_create_service", "call_create_transition"}
WITHOUT_THE_TOKEN = {"call_service", "call_transition", "call_draft_service"}
# Services that create something but are no view's to call: "name" -> why.
NOT_A_VIEWS = {
    "assignment_start": "the head's decision (assignment_request_decide) starts the assignment",
}


def _modules(kind: str):
    for app in APPS:
        for path in [ROOT / app / f"{kind}.py", *sorted((ROOT / app / kind).glob("*.py"))]:
            if path.exists():
                yield path


def create_services() -> set[str]:
    names = set()
    for path in _modules("services"):
        for function in ast.parse(path.read_text()).body:
            if not isinstance(function, ast.FunctionDef) or function.name.startswith("_"):
                continue
            if function.returns is None:
                continue
            model = ast.unparse(function.returns)
            body = "\n".join(ast.unparse(statement) for statement in function.body)
            if f"{model}.objects.create(" in body or re.search(rf"\b{model}\(", body):
                names.add(function.name)
    return names


def calls_in_views() -> list[tuple[str, str, str, str]]:
    """(views file, view function, helper called, service named) for every call of a helper."""
    found = []
    for path in _modules("views"):
        for view in ast.walk(ast.parse(path.read_text())):
            if not isinstance(view, ast.FunctionDef):
                continue
            for call in ast.walk(view):
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
                    continue
                if call.func.id not in THE_TOKEN | WITHOUT_THE_TOKEN or len(call.args) < 2:
                    continue
                service = call.args[1]
                if isinstance(service, ast.Attribute):
                    found.append((str(path.relative_to(ROOT)), view.name, call.func.id, service.attr))
    return found


def test_the_walk_knows_the_services_that_create():
    creates = create_services()
    assert {"visit_record", "member_add", "report_register", "interview_start", "invoice_register"} <= creates
    assert not {"visit_update", "interview_sign", "invoice_approve"} & creates


def test_every_view_that_creates_goes_through_the_one_time_token():
    creates = create_services()
    calls = calls_in_views()
    without = [call for call in calls if call[3] in creates and call[2] in WITHOUT_THE_TOKEN]
    assert without == []
    through = {call[3] for call in calls if call[2] in THE_TOKEN}
    assert creates - through == set(NOT_A_VIEWS)


def _urls_of_views(views: set[str]) -> set[str]:
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                function = getattr(pattern.callback, "__wrapped__", pattern.callback)
                while hasattr(function, "__wrapped__"):
                    function = function.__wrapped__
                if function.__name__ in views:
                    names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


BUTTON_FORM = re.compile(r"<form[^>]*action=\"\{% url '([\w:]+)'[^%]*%\}\"[^>]*>(.*?)</form>", re.S)


def test_every_button_that_creates_carries_the_token():
    buttons = {call[1] for call in calls_in_views() if call[2] == "call_create_transition"}
    urls = _urls_of_views(buttons)
    assert len(urls) == len(buttons)  # each such view has its address
    seen, missing = set(), []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        for url, body in BUTTON_FORM.findall(template.read_text()):
            if url in urls:
                seen.add(url)
                if "{% submitted_once %}" not in body:
                    missing.append(f"{template.relative_to(ROOT)}: {url}")
    assert missing == []
    assert seen == urls  # every such button is found in a template


# What a second sending does, on a form and on a button of each kind ------------------------------


@pytest.fixture
def family(anna, helena, adam):
    return build_family(anna, stage="assigned", head=helena, assistant=adam)


MEMBER = {
    "first_name": "Ela",
    "last_name": "Nowak",
    "role": "child",
    "birth_date": "2018-02-03",
    "pesel": "",
    "parental_authority": "",
}


def test_a_member_form_sent_twice_adds_one_person(client, family, anna):
    client.force_login(anna)
    page = client.get(reverse("cases:member_add", args=[family.pk]))
    token = page.context["form"]["submission"].value()
    sent = {**MEMBER, "submission": str(token)}
    first = client.post(reverse("cases:member_add", args=[family.pk]), sent)
    second = client.post(reverse("cases:member_add", args=[family.pk]), sent)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert family.members.current().filter(first_name="Ela").count() == 1
    assert SubmittedForm.objects.filter(token=token, user=anna).count() == 1


def test_a_report_sent_twice_registers_one(client, family, anna):
    client.force_login(anna)
    page = client.get(reverse("cases:report_add", args=[family.pk]))
    token = page.context["form"]["submission"].value()
    sent = {
        "received_on": "2026-01-05",
        "source": "school",
        "description": "Drugie zgłoszenie",
        "submission": str(token),
    }
    before = family.reports.count()
    for _ in range(2):
        assert client.post(reverse("cases:report_add", args=[family.pk]), sent).status_code == 302
    assert family.reports.count() == before + 1


def test_the_interview_button_pressed_twice_opens_one_draft(client, anna, helena):
    family = build_family(anna, stage="reported", head=helena)
    client.force_login(anna)
    case = reverse("cases:family_detail", args=[family.pk]) + "?section=case"  # where the button is
    page = client.get(case).content.decode()
    token = re.search(r'name="submission" value="([0-9a-f-]{36})"', page).group(1)
    url = reverse("cases:interview_start", args=[family.pk])
    first = client.post(url, {"submission": token})
    second = client.post(url, {"submission": token})
    assert first["Location"] == second["Location"] and family.interviews.count() == 1
    # The family page draws a new token on every response.
    again = client.get(case).content.decode()
    assert token not in again


def test_a_refused_sending_leaves_no_token_behind(client, family, anna):
    client.force_login(anna)  # the family is with its assistant: no interview is started now
    token = "6f1c1c5e-1b1a-4c1e-9d7e-1f1f1f1f1f1f"
    response = client.post(reverse("cases:interview_start", args=[family.pk]), {"submission": token})
    assert response.status_code == 302 and not family.interviews.filter(status="draft").exists()
    assert not SubmittedForm.objects.exists()
