"""What a case disposed of at the end of its retention loses of its services (registered in
FamilyServicesConfig.ready as a CASE_ERASER; familysupport/erasure.py). A service holds no case
back: it owes nothing to anyone once the case is archived."""

from cases.models import Family
from familyservices.models import ServiceEpisode, ServiceSession
from familysupport.erasure import Eraser, Personal


def holds(family: Family) -> list[str]:
    return []


ERASER = Eraser(
    app="familyservices",
    parts=(
        Personal(ServiceEpisode, family="family", erase=("goal", "outcome_summary")),
        Personal(ServiceSession, family="episode__family", erase=("note", "withdrawal_reason")),
    ),
    holds=holds,
    order=25,
)
