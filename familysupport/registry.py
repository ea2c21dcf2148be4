"""What each case app contributes to the pages of other apps, declared by the app itself.

The foundation cannot import the case apps, and a case app cannot import the apps above it, yet the
start page shows every app's deadlines, the family page every app's sections and steps of the
path, the statistics every app's figures. As Django's admin does with `admin.site.register`, each
app declares its parts in its `AppConfig.ready()`:

    registry.contribute(registry.DEADLINE_KINDS, *KINDS)

and the layer that shows them reads `registry.contributions(registry.DEADLINE_KINDS)`. The
registry is filled once, when Django starts, and is read-only after that.
"""

from collections import defaultdict
from typing import Any

# The kinds of contribution (the types of the items are those of the module that reads them).
DEADLINE_KINDS = "deadline_kinds"  # familysupport.deadlines.Kind
START_PANELS = "start_panels"  # familysupport.panels.Panel
STATISTICS_SECTIONS = "statistics_sections"  # familysupport.figures.SectionBuilder
FAMILY_SECTIONS = "family_sections"  # cases.selectors.FamilySection: a part of the family page
FAMILY_PATH = "family_path"  # cases.selectors.FamilyPathPart: steps of the family's path, its next step
FAMILY_LIST_COLUMNS = "family_list_columns"  # cases.selectors.FamilyListColumn: a column of the list
REQUEST_SECTIONS = "request_sections"  # cases.selectors.RequestSection: a part of a request's pages
FAMILY_CIRCLES = "family_circles"  # cases.selectors.FamilyCircle: the families a role works with
CASE_ERASERS = "case_erasers"  # familysupport.erasure.Eraser: what a disposed case loses, what holds it
WITHDRAWN_RECORDS = "withdrawn_records"  # cases.selectors.WithdrawnKind: a family's withdrawn records
MONITORING_SOURCES = "monitoring_sources"  # monitoring.selectors.MonitoringSource: families monitored
DOCUMENT_PARTS = "document_parts"  # cases.selectors.DocumentPart: a part of an interview's or plan's pages
# (*, actor, analysis) -> None: what an analysis' conclusion opens in an app above cases, run in the
# analysis' own transaction (the services of the other forms of support it chose).
ANALYSIS_FOLLOW_UPS = "analysis_follow_ups"
KNOWN = frozenset(
    {
        DEADLINE_KINDS,
        START_PANELS,
        STATISTICS_SECTIONS,
        FAMILY_SECTIONS,
        FAMILY_PATH,
        FAMILY_LIST_COLUMNS,
        REQUEST_SECTIONS,
        FAMILY_CIRCLES,
        CASE_ERASERS,
        WITHDRAWN_RECORDS,
        MONITORING_SOURCES,
        ANALYSIS_FOLLOW_UPS,
        DOCUMENT_PARTS,
    }
)

_items: dict[str, list[Any]] = defaultdict(list)


def contribute(kind: str, *items: Any) -> None:
    """Add `items` to the contributions of `kind` (from an app's `ready()`). Items with an `order`
    attribute are read in that order, the others in the order of INSTALLED_APPS."""
    if kind not in KNOWN:
        raise ValueError(f"Unknown kind of contribution: {kind}")
    for item in items:
        if item not in _items[kind]:
            _items[kind].append(item)


def contributions(kind: str) -> list[Any]:
    """Everything the apps contributed of `kind`."""
    if kind not in KNOWN:
        raise ValueError(f"Unknown kind of contribution: {kind}")
    return sorted(_items[kind], key=lambda item: getattr(item, "order", 0))
