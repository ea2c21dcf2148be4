"""The interview's due date has one owner, cases.models.interview_due (art. 11), and no copy.

The modules are read (ast), not imported: a caller that counts the working days itself from the
interview's constants, or builds a throwaway Report only to date it, fails the test.
"""

import ast
import datetime
from pathlib import Path

from cases.models import INTERVIEW_DAYS, INTERVIEW_DAYS_URGENT, interview_due

ROOT = Path(__file__).resolve().parents[2]
APPS = ("familysupport", "cases", "monitoring", "assistants", "supportfamilies", "overview", "tools")
OWNER = "cases/models.py"
CONSTANTS = {"INTERVIEW_DAYS", "INTERVIEW_DAYS_URGENT"}
D = datetime.date


def test_14_working_days_after_the_report():
    # Thursday 30 April 2026: 1 and 3 May are holidays, the weekends do not count.
    assert interview_due(D(2026, 4, 30), urgent=False) == D(2026, 5, 21)


def test_2_working_days_when_a_child_is_at_risk():
    assert interview_due(D(2026, 4, 30), urgent=True) == D(2026, 5, 5)


def test_the_constants_say_the_statute():
    assert (INTERVIEW_DAYS, INTERVIEW_DAYS_URGENT) == (14, 2)


def _names(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.alias):
            found.add(node.asname or node.name.split(".")[-1])
    return found


def _report_only_to_date(node: ast.AST) -> bool:
    """`Report(received_on=..., urgent=...)`: a report of no family, made to feed the rule a date."""
    if not isinstance(node, ast.Call):
        return False
    called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
    keywords = {keyword.arg for keyword in node.keywords}
    return called == "Report" and "received_on" in keywords and keywords <= {"received_on", "urgent"}


def copies_of_the_rule(path: str, source: str) -> list[str]:
    """Where `source` dates the interview by itself instead of asking cases.models.interview_due."""
    tree = ast.parse(source)
    found = []
    names = _names(tree)
    if "add_working_days" in names and names & CONSTANTS:
        found.append(f"{path}: counts the working days from {', '.join(sorted(names & CONSTANTS))}")
    found += [
        f"{path}:{node.lineno}: a Report made only to compute its date"
        for node in ast.walk(tree)
        if _report_only_to_date(node)
    ]
    return found


def application_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            parts = set(relative.parts)
            if {"tests", "migrations"} & parts or relative.name.startswith("test_"):
                continue
            yield relative.as_posix(), path.read_text()


def test_no_module_but_the_owner_dates_the_interview():
    found = [
        copy
        for path, source in application_modules()
        if path != OWNER
        for copy in copies_of_the_rule(path, source)
    ]
    assert found == []


def test_the_check_finds_a_copy():
    # The check itself: each way of copying the rule that it is meant to catch.
    counted = (
        "from cases.models import INTERVIEW_DAYS\n"
        "from familysupport.workdays import add_working_days\n"
        "due = add_working_days(report.received_on, INTERVIEW_DAYS)\n"
    )
    throwaway = "due = interview_due_date(Report(received_on=day, urgent=True))\n"
    assert copies_of_the_rule("x.py", counted) == ["x.py: counts the working days from INTERVIEW_DAYS"]
    assert copies_of_the_rule("x.py", throwaway) == ["x.py:1: a Report made only to compute its date"]
    saved = "Report(family=family, received_on=day, urgent=False, source='school')\n"
    assert copies_of_the_rule("x.py", saved) == []
