"""One policy per step: the service refuses by it, the page shows the step's button by it.

The views build no permission flags, check no role and no state; neither do the family page's
selectors; each service asks its policy; a button is on the page exactly when its step would be
accepted, which for an archived case is never.
"""

import ast
import inspect
from pathlib import Path

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from assistants import case_pages, selectors, views
from assistants.models import CourtOpinion
from assistants.selectors import assessments as assessment_selectors
from assistants.selectors import court as court_selectors
from assistants.selectors import lifecycle as lifecycle_selectors
from assistants.selectors import plans as plan_selectors
from assistants.services import assessments as assessment_services
from assistants.services import court as court_services
from assistants.services import lifecycle as lifecycle_services
from assistants.services import plans as plan_services
from assistants.tests.test_court import request_data, sections
from assistants.tests.test_lifecycle import assessment_data
from assistants.tests.test_plans import PLAN_DATA, goal
from assistants.views import assessments as assessment_views
from assistants.views import court as court_views
from assistants.views import lifecycle as lifecycle_views
from assistants.views import plans as plan_views
from cases.models import Family
from conftest import build_family, rewrite, whole_family_page

ARCHIVED = "Sprawa jest zarchiwizowana i nie można jej już zmienić."  # as the user reads it, in Polish
VIEW_MODULES = [views, lifecycle_views, plan_views, assessment_views, court_views]
SELECTOR_MODULES = [
    selectors,
    lifecycle_selectors,
    plan_selectors,
    assessment_selectors,
    court_selectors,
    case_pages,
]
SERVICE_MODULES = [lifecycle_services, plan_services, assessment_services, court_services]
# Which version of the plan is in force: a fact of the plan the page shows, not a permission.
FACTS = {"is_current"}


def tree_of(module) -> ast.Module:
    return ast.parse(Path(inspect.getfile(module)).read_text())


def flags_of(module) -> list[str]:
    return [
        key.value
        for node in ast.walk(tree_of(module))
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant)
        and str(key.value).startswith(("can_", "may_", "is_", "show"))
        and key.value not in FACTS
    ]


@pytest.mark.parametrize("module", VIEW_MODULES, ids=lambda module: module.__name__)
def test_the_views_build_no_permission_flags_and_check_no_role_nor_state(module):
    tree = tree_of(module)
    role_checks = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("has_role", "is_responsible_worker", "is_active_assistant")
    ]
    state_checks = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare | ast.Attribute)
        and any(
            isinstance(n, ast.Attribute) and n.attr in ("status", "TRANSITIONS", "dispatched_on")
            for n in ast.walk(node)
        )
    ]
    guards = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Name | ast.Attribute)
        and getattr(node, "id", getattr(node, "attr", "")).startswith("require")
        # The method, not a right; and the policy's own answer for a step's form page.
        and getattr(node, "id", None) not in ("require_POST", "require_theirs")
    ]
    audit_by_hand = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "record"
        and getattr(node.func.value, "id", None) == "audit"
        # A read of a family's data is written by the access layer (object_view, record_read).
        and any(keyword.arg == "family_id" for keyword in node.keywords)
    ]
    assert (flags_of(module), role_checks, state_checks, guards, audit_by_hand) == ([], [], [], [], [])


@pytest.mark.parametrize("module", SELECTOR_MODULES, ids=lambda module: module.__name__)
def test_the_family_pages_parts_build_no_permission_flags(module):
    assert flags_of(module) == []


def test_every_service_asks_its_policy():
    """Each service asks `require(policies.can_<step>(actor, ...))`, once."""
    missing = []
    for module in SERVICE_MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            if "actor" not in inspect.signature(function).parameters:
                continue  # a helper of the services, not a step
            source = inspect.getsource(inspect.unwrap(function))
            asks = [
                node
                for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "require"
                and node.args
                and isinstance(node.args[0], ast.Call)
                and isinstance(node.args[0].func, ast.Attribute)
                and getattr(node.args[0].func.value, "id", None) == "policies"
                and node.args[0].func.attr.startswith("can_")
            ]
            if len(asks) != 1:
                missing.append(f"{module.__name__}.{name}")
    assert missing == []


# The buttons ----------------------------------------------------------------------------------


def page(client, user, url: str) -> str:
    client.force_login(user)
    family_page = resolve(url)
    if family_page.view_name == "cases:family_detail":  # every section of it
        return whole_family_page(client, family_page.kwargs["family_id"])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def href(name: str, *args) -> str:
    return f'href="{reverse(f"assistants:{name}", args=args)}"'


def action(name: str, *args) -> str:
    return f'action="{reverse(f"assistants:{name}", args=args)}"'


def archive(family: Family) -> None:
    rewrite(Family.objects.filter(pk=family.pk), archived_on=timezone.localdate())


@pytest.fixture
def family(anna, helena, adam):
    return build_family(anna, stage="assigned", head=helena, assistant=adam)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_family_pages_buttons_follow_the_policies(client, family, anna, helena, adam):
    family_page = reverse("cases:family_detail", args=[family.pk])
    assistants = page(client, adam, family_page)
    for button in (
        action("work_plan_create", family.pk),
        href("visit_add", family.pk),
        href("assessment_add", family.pk),
        href("work_end_add", family.pk),
    ):
        assert button in assistants, button
    assert href("assignment_reassign", family.pk) not in assistants
    heads = page(client, helena, family_page)
    assert href("assignment_reassign", family.pk) in heads and href("work_end_add", family.pk) in heads
    assert href("assessment_add", family.pk) not in heads and href("visit_add", family.pk) not in heads
    workers = page(client, anna, family_page)
    assert href("work_end_add", family.pk) not in workers and href("visit_add", family.pk) not in workers

    # A draft assessment open: the next one waits (the service would refuse it).
    today = timezone.localdate()
    assessment_services.assessment_create(
        actor=adam, family=family, data=assessment_data(period_from=today, period_to=today)
    )
    assert href("assessment_add", family.pk) not in page(client, adam, family_page)

    archive(family)
    for user in (adam, helena):
        html = page(client, user, family_page)
        for name in ("visit_add", "assessment_add", "work_end_add", "assignment_reassign"):
            assert href(name, family.pk) not in html, (user, name)
        assert action("work_plan_create", family.pk) not in html


def test_the_monitoring_buttons_follow_the_policies(client, family, anna, helena, adam):
    lifecycle_services.work_end(
        actor=adam, family=family, reason="goals_achieved", summary="Cele", ended_on=timezone.localdate()
    )
    family_page = reverse("cases:family_detail", args=[family.pk])
    assert href("monitoring_note_add", family.pk) in page(client, adam, family_page)
    assert href("monitoring_note_add", family.pk) in page(client, anna, family_page)
    heads = page(client, helena, family_page)
    assert href("case_close", family.pk) in heads and href("monitoring_note_add", family.pk) not in heads
    archive(family)
    assert href("monitoring_note_add", family.pk) not in page(client, anna, family_page)
    assert href("case_close", family.pk) not in page(client, helena, family_page)


def test_the_plans_buttons_follow_the_policies(client, family, anna, helena, adam):
    plan = plan_services.work_plan_create(actor=adam, family=family)
    plan_services.work_plan_save(
        actor=adam, plan=plan, data={**PLAN_DATA, "consulted_on": timezone.localdate()}, goals=[goal()]
    )
    url = reverse("assistants:work_plan_detail", args=[family.pk, plan.pk])
    assistants = page(client, adam, url)
    assert href("work_plan_edit", family.pk, plan.pk) in assistants
    assert href("work_plan_accept", family.pk, plan.pk) in assistants
    assert action("work_plan_comment", family.pk, plan.pk) not in assistants
    workers = page(client, anna, url)
    assert action("work_plan_comment", family.pk, plan.pk) in workers
    assert href("work_plan_edit", family.pk, plan.pk) not in workers
    assert href("work_plan_edit", family.pk, plan.pk) not in page(client, helena, url)
    archive(family)
    assert href("work_plan_edit", family.pk, plan.pk) not in page(client, adam, url)
    assert action("work_plan_comment", family.pk, plan.pk) not in page(client, anna, url)


def test_the_opinions_buttons_follow_the_policies(client, family, helena, adam, stefan):
    court_request = court_services.court_request_register(
        actor=stefan, family_reference=family.reference, data=request_data()
    )
    request_page = reverse("assistants:court_request_detail", args=[family.pk, court_request.pk])
    assert action("court_opinion_start", family.pk, court_request.pk) in page(client, adam, request_page)
    assert action("court_opinion_start", family.pk, court_request.pk) not in page(
        client, helena, request_page
    )
    opinion = court_services.court_opinion_start(actor=adam, court_request=court_request)
    court_services.court_opinion_save(actor=adam, opinion=opinion, data=sections())
    url = reverse("assistants:court_opinion_detail", args=[family.pk, opinion.pk])
    assert href("court_opinion_edit", family.pk, opinion.pk) in page(client, adam, url)
    court_services.court_opinion_submit(actor=adam, opinion=opinion)
    assistants = page(client, adam, url)
    assert href("court_opinion_edit", family.pk, opinion.pk) not in assistants
    assert href("court_opinion_approve", family.pk, opinion.pk) not in assistants
    heads = page(client, helena, url)
    assert href("court_opinion_approve", family.pk, opinion.pk) in heads
    assert href("court_opinion_return", family.pk, opinion.pk) in heads
    archive(family)
    heads = page(client, helena, url)
    assert href("court_opinion_approve", family.pk, opinion.pk) not in heads
    assert href("court_opinion_return", family.pk, opinion.pk) not in heads


def test_the_registers_buttons_follow_the_policies(client, family, helena, adam, stefan):
    court_request = court_services.court_request_register(
        actor=stefan, family_reference=family.reference, data=request_data()
    )
    opinion = court_services.court_opinion_start(actor=adam, court_request=court_request)
    court_services.court_opinion_save(actor=adam, opinion=opinion, data=sections())
    court_services.court_opinion_submit(actor=adam, opinion=opinion)
    court_services.court_opinion_approve(actor=helena, opinion=opinion)
    entry = reverse("assistants:court_register_detail", args=[court_request.pk])
    on_family_page = href("court_request_detail", family.pk, court_request.pk)
    staffs = page(client, stefan, entry)
    assert href("court_register_dispatch", court_request.pk, opinion.pk) in staffs
    assert on_family_page not in staffs  # staff never reach the case
    assert on_family_page in page(client, helena, entry)
    archive(family)
    assert href("court_register_dispatch", court_request.pk, opinion.pk) not in page(client, stefan, entry)


# An archived case on the pages ----------------------------------------------------------------


def test_a_form_of_an_archived_case_sends_back_with_the_reason(client, family, adam):
    plan = plan_services.work_plan_create(actor=adam, family=family)
    archive(family)
    client.force_login(adam)
    response = client.get(reverse("assistants:work_plan_edit", args=[family.pk, plan.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("assistants:work_plan_detail", args=[family.pk, plan.pk])
    assert [str(message) for message in response.context["messages"]] == [ARCHIVED]


def test_a_court_letter_for_an_archived_case_is_refused_with_the_reason(client, family, stefan):
    archive(family)
    client.force_login(stefan)
    data = {**request_data(), "family_reference": family.reference}
    data = {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in data.items()}
    del data["scan"]
    response = client.post(reverse("assistants:court_register_add"), data)
    assert response.status_code == 200
    assert ARCHIVED in response.context["form"].non_field_errors()
    assert not family.court_requests.exists()


def test_a_dispatch_recorded_for_an_archived_case_is_refused(client, family, helena, adam, stefan):
    court_request = court_services.court_request_register(
        actor=stefan, family_reference=family.reference, data=request_data()
    )
    opinion = court_services.court_opinion_start(actor=adam, court_request=court_request)
    court_services.court_opinion_save(actor=adam, opinion=opinion, data=sections())
    court_services.court_opinion_submit(actor=adam, opinion=opinion)
    court_services.court_opinion_approve(actor=helena, opinion=opinion)
    archive(family)
    client.force_login(stefan)
    url = reverse("assistants:court_register_dispatch", args=[court_request.pk, opinion.pk])
    response = client.post(
        url, {"dispatched_on": timezone.localdate().isoformat(), "method": "post"}, follow=True
    )
    assert [str(message) for message in response.context["messages"]] == [ARCHIVED]
    assert CourtOpinion.objects.get(pk=opinion.pk).dispatched_on is None
