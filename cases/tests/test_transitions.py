"""The family's status along the path: one table next to the model, and every change through it."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import AnalysisConclusion, Family, FamilyStatus, RequestStatus
from conftest import build_family

ROOT = Path(__file__).resolve().parents[2]
# The apps whose services move a family, and their own objects, from one state to the next.
APPS = ("cases", "monitoring", "assistants", "supportfamilies")
# A status set by hand instead of through familysupport.transitions.move.
HAND_MADE = (
    re.compile(r"\.status\s*=\s*\w*Status\.\w+"),
    re.compile(r"update_fields=\[\s*\"status\""),
)
# A goal's status is the assistant's note of its progress, set to any value at any time
# (assistants.services.plans.plan_goal_status_update): no path, so no table.
NOT_A_PATH = ("goal.save(",)


def test_the_table_names_every_status_and_only_statuses():
    assert set(Family.TRANSITIONS) == set(FamilyStatus)
    assert all(set(targets) <= set(FamilyStatus) for targets in Family.TRANSITIONS.values())


def test_every_status_is_reached_from_the_report():
    reached, frontier = {FamilyStatus.REPORTED}, [FamilyStatus.REPORTED]
    while frontier:
        for target in Family.TRANSITIONS[frontier.pop()]:
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(FamilyStatus)


def test_no_service_sets_a_status_by_hand():
    """Cases and assistants change a status only with transitions.move (so the table decides)."""
    offenders = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if any(pattern.search(line) for pattern in HAND_MADE) and not line.strip().startswith(
                    NOT_A_PATH
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_a_new_report_reopens_only_a_path_that_ended_without_an_assistant(anna):
    family = build_family(anna, stage="interviewed")
    services.analysis_record(
        actor=anna,
        family=family,
        conclusion=AnalysisConclusion.OTHER_SUPPORT,
        support_forms=["counselling"],
        justification="Poradnictwo wystarczy",
    )
    report = {
        "received_on": family.reports.get().received_on,
        "source": "police",
        "description": "Interwencja policji",
        "urgent": False,
        "intervention": "",
    }
    services.report_register(actor=anna, family=family, data=report)
    assert Family.objects.get(pk=family.pk).status == FamilyStatus.REPORTED
    analysed = build_family(anna, stage="analysed", name="Rodzina Kowalska")
    services.report_register(actor=anna, family=analysed, data=report)
    assert Family.objects.get(pk=analysed.pk).status == FamilyStatus.ANALYSED


def test_a_request_is_not_submitted_once_a_later_analysis_found_no_assistant_needed(anna):
    family = build_family(anna, stage="requested")
    services.analysis_record(
        actor=anna,
        family=family,
        conclusion=AnalysisConclusion.OTHER_SUPPORT,
        support_forms=["counselling"],
        justification="Jednak poradnictwo",
    )
    request = family.requests.get()
    with pytest.raises(ValidationError):
        services.assignment_request_submit(actor=anna, request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.DRAFT
    assert Family.objects.get(pk=family.pk).status == FamilyStatus.NO_ASSISTANT
