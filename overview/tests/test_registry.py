"""What the apps contribute to the overview (familysupport.registry): every kind of deadline,
each declared by the app owning its rule; the start page and the statistics composed of the
registered parts only, in their order; the foundation's register importing no app."""

import ast
import datetime
import importlib
from pathlib import Path

from django.conf import settings
from django.db.models import Q

from familysupport import registry
from familysupport.deadlines import kinds
from familysupport.figures import Row, Section, SectionBuilder
from familysupport.models import Role
from familysupport.panels import Panel
from overview.statistics import centre_statistics

# Written out here, not read from the code under test: each kind, the app whose rule it is, and the
# model whose rows carry it (the object a stored deadline names).
KINDS = {
    "interview": ("cases", "cases.report"),
    # The next review of a social worker's monitoring plan.
    "monitoring_review": ("monitoring", "monitoring.monitoringplan"),
    # The head's decision on a request is the assistants app's (the request itself is the case's).
    "request_decision": ("assistants", "cases.assignmentrequest"),
    "first_plan": ("assistants", "assistants.assignment"),
    "assessment": ("assistants", "assistants.assignment"),
    "court_opinion": ("assistants", "assistants.courtrequest"),
    "monitoring_end": ("assistants", "assistants.workend"),
    "contract_end": ("supportfamilies", "supportfamilies.contract"),
    "invoice_decision": ("supportfamilies", "supportfamilies.invoice"),
    "letter_reply": ("institutions", "institutions.letter"),
    "conference_task": ("institutions", "institutions.conferencetask"),
}
# The start page's panels, in the order of the page, and the app declaring each.
PANELS = {
    "worker": "cases",
    "worker_contacts": "contacts",
    "monitoring_reviews": "monitoring",
    "assistant": "assistants",
    "specialist": "team",
    "specialist_services": "familyservices",
    "head_requests": "assistants",
    "head_sign_off": "assistants",
    "head_acknowledge": "assistants",
    "head_caseload": "assistants",
    "head_specialists": "team",
    "head_services": "familyservices",
    "head_overdue": "overview",
    "head_court_week": "assistants",
    "head_reimbursements": "supportfamilies",
    "head_contracts": "supportfamilies",
    "staff": "assistants",
}
# The statistics' sections, in the order of the report, and the app counting each.
SECTIONS = {
    "assistants": "assistants",
    "families": "assistants",
    "assignments": "assistants",
    "work_ends": "assistants",
    "interviews": "cases",
    "monitoring": "monitoring",
    "services": "familyservices",
    "support_families": "supportfamilies",
    "deadlines": "overview",
}
CASE_APPS = (
    "cases",
    "contacts",
    "monitoring",
    "assistants",
    "supportfamilies",
    "team",
    "institutions",
    "familyservices",
    "overview",
    "tools",
)
FOUNDATION_MODULES = ("deadlines.py", "panels.py", "figures.py", "registry.py")


def test_the_register_holds_every_kind_each_declared_by_the_app_owning_its_rule(centre_a):
    assert [kind.code for kind in kinds()] == list(KINDS)
    for kind in kinds():
        app, _model = KINDS[kind.code]
        declared = importlib.import_module(f"{app}.deadlines")
        assert kind in declared.KINDS
        assert kind.obligations.__module__ == f"{app}.deadlines", kind.code
        assert list(kind.obligations(lambda path: Q(pk__in=[]))) == []
        assert kind.label and isinstance(kind.window(centre_a), int)


def test_the_start_page_is_the_registered_panels_in_order(client, helena, anna, adam, stefan):
    assert [panel.key for panel in registry.contributions(registry.START_PANELS)] == list(PANELS)
    for panel in registry.contributions(registry.START_PANELS):
        declared = importlib.import_module(f"{PANELS[panel.key]}.dashboard")
        assert panel in declared.PANELS and panel.context.__module__ == declared.__name__
        assert panel.template.startswith(f"{PANELS[panel.key]}/_panel_")
    for user, keys in (
        (anna, ["worker", "worker_contacts", "monitoring_reviews"]),
        (adam, ["assistant"]),
        (helena, [key for key in PANELS if key.startswith("head_")]),
        (stefan, ["staff"]),
    ):
        client.force_login(user)
        response = client.get("/")
        assert [panel.key for panel in response.context["panels"]] == keys
        drawn = [t.name for t in response.templates if "/_panel_" in (t.name or "")]
        assert drawn == [panel.template for panel in response.context["panels"]]


def test_the_start_page_shows_nothing_but_what_is_registered(client, monkeypatch, helena):
    def figures(user, today, *, mine, counts):
        return {"overdue_groups": [], "overdue_count": 0, "overdue_url": "/families/?overdue=true"}

    only = Panel(
        "only",
        part="head",
        roles=(Role.HEAD,),
        order=1,
        template="overview/_panel_head_overdue.html",
        context=figures,
    )
    monkeypatch.setitem(registry._items, registry.START_PANELS, [only])
    client.force_login(helena)
    response = client.get("/")
    html = response.content.decode()
    assert [panel.key for panel in response.context["panels"]] == ["only"]
    assert 'id="head-overdue-heading"' in html
    for heading in ("head-requests-heading", "head-caseload-heading", "head-court-heading"):
        assert heading not in html


def test_the_statistics_are_the_registered_sections_in_order(centre_a, monkeypatch):
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)
    registered = registry.contributions(registry.STATISTICS_SECTIONS)
    assert [section.key for section in registered] == list(SECTIONS)
    for section in registered:
        declared = importlib.import_module(f"{SECTIONS[section.key]}.statistics")
        assert section in declared.SECTIONS and section.build.__module__ == declared.__name__
    assert [section.key for section in centre_statistics(centre_a, start, end).sections] == list(SECTIONS)

    def build(centre, start, end):
        return Section("only", "Only", [Row("one", "one", 1)])

    monkeypatch.setitem(registry._items, registry.STATISTICS_SECTIONS, [SectionBuilder("only", 1, build)])
    assert [section.key for section in centre_statistics(centre_a, start, end).sections] == ["only"]


def test_the_foundations_register_imports_no_app():
    for name in FOUNDATION_MODULES:
        tree = ast.parse((Path(settings.BASE_DIR) / "familysupport" / name).read_text())
        imported = [
            node.module if isinstance(node, ast.ImportFrom) else alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        ]
        assert not [module for module in imported if module and module.split(".")[0] in CASE_APPS], name
