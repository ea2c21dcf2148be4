"""What a case disposed of at the end of its retention loses of the team's records (registered in
TeamConfig.ready as a CASE_ERASER; familysupport/erasure.py)."""

from cases.models import Family
from familysupport.erasure import Eraser, Personal
from team.models import Contribution, Engagement, Specialist


def holds(family: Family) -> list[str]:
    """An engagement holds no case back: the disposal of an archived case ends nothing in force."""
    return []


ERASER = Eraser(
    app="team",
    order=40,
    parts=(
        Personal(Engagement, family="family", erase=("purpose", "end_reason")),
        Personal(Contribution, family="family", erase=("text", "withdrawal_reason")),
    ),
    holds=holds,
    outside_cases=(Specialist,),
)
