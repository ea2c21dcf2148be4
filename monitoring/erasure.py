"""What a case disposed of at the end of its retention loses of its monitoring (registered in
MonitoringConfig.ready as a CASE_ERASER; familysupport/erasure.py). A monitoring plan holds no
case back: it owes nothing to anyone once the case is archived."""

from cases.models import Family
from familysupport.erasure import Eraser, Personal
from monitoring.models import MonitoringPlan, MonitoringReview


def holds(family: Family) -> list[str]:
    return []


ERASER = Eraser(
    app="monitoring",
    parts=(
        Personal(MonitoringPlan, family="family", erase=("watched", "end_summary")),
        Personal(MonitoringReview, family="plan__family", erase=("findings", "withdrawal_reason")),
    ),
    holds=holds,
    order=15,
)
