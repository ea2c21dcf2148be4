"""Every reader of a record that can be withdrawn reads only the current ones.

A withdrawn visit, family member, court's letter or invoice (familysupport.models.Withdrawable) is
gone from every list, count, statistic, deadline, document and export: each of them reads
`objects.current()` (or the relation's `.current()`). This test walks the application's code for
every query of those records and fails for one that neither reads the current ones nor says, on
its line or the one above, why it reads the withdrawn ones too (`# withdrawn too: <why>`: the
person's access request, which covers all the data held). A service's own write (`create`) and the
row a service locks (`select_for_update`, whose policy then refuses a withdrawn record) are writes,
not readers.
"""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

from familysupport.models import Withdrawable

APPS = (
    "familysupport",
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

# The ways the code reaches the withdrawable kinds: their managers, the family's (or contract's) relation
# to them, and lookups across that relation.
QUERIES = re.compile(
    r"\bVisit\.objects\b|\.visits\b|\bvisits__"
    r"|\bFamilyMember\.objects\b|(?<!support_)family\.members\b|(?<!support_family__)\bmembers__"
    r"|\bCourtRequest\.objects\b|\.court_requests\b|\bcourt_requests__"
    r"|\bInvoice\.objects\b|\.invoices\b|\binvoices__"
    r"|\bContact\.objects\b|\bCaseNote\.objects\b|\bAttachment\.objects\b"
    r"|\bServiceSession\.objects\b|\.sessions\b|\bsessions__"
    r"|\bContribution\.objects\b|(?<!registry)\.contributions\b"
)
CURRENT = re.compile(r"\.current\(\)|\.withdrawn\(\)|withdrawn_at__isnull|withdrawn too:")
WRITES = re.compile(r"\.create\(|\.bulk_create\(|select_for_update")
STRINGS = re.compile(r'"[^"]*"|\'[^\']*\'')
# How many lines a query's chain may run over (ruff's formatting puts `.current()` on the first).
CHAIN = 3


def readers_without_current(text: str) -> list[str]:
    lines = text.splitlines()
    missing = []
    for number, line in enumerate(lines):
        code = STRINGS.sub('""', line.split("#", 1)[0])
        if not QUERIES.search(code):
            continue
        window = "\n".join(lines[max(number - 1, 0) : number + CHAIN])
        if CURRENT.search(window) or WRITES.search(window):
            continue
        missing.append(f"{number + 1}: {line.strip()}")
    return missing


def source_files():
    root = Path(settings.BASE_DIR)
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            parts = path.relative_to(root).parts
            if "tests" in parts or "migrations" in parts:
                continue
            yield path


def test_every_reader_of_a_withdrawable_record_reads_the_current_ones():
    missing = {
        str(path.relative_to(settings.BASE_DIR)): found
        for path in source_files()
        if (found := readers_without_current(path.read_text()))
    }
    assert missing == {}


def test_the_walk_finds_a_reader_that_forgets():
    forgets = "    visits = Visit.objects.filter(family=family)\n    rows = contract.invoices.all()\n"
    assert len(readers_without_current(forgets)) == 2
    minds = "    visits = Visit.objects.current().filter(family=family)\n"
    assert readers_without_current(minds) == []
    support = "    rows = support_family.members.all()\n"
    assert readers_without_current(support) == []


def test_the_kinds_are_the_withdrawable_models():
    kinds = {model.__name__ for model in apps.get_models() if issubclass(model, Withdrawable)}
    assert kinds == {
        "Visit",
        "FamilyMember",
        "CourtRequest",
        "Invoice",
        "Contact",
        "CaseNote",
        "Attachment",
        "MonitoringReview",
        "FamilyContact",
        "Letter",
        "CaseConference",
        "ServiceSession",
        "Contribution",
    }
