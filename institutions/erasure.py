"""What a case disposed of at the end of its retention loses of its cooperation with institutions
(registered in InstitutionsConfig.ready as a CASE_ERASER; familysupport/erasure.py). The directory
belongs to the centre, not to a case; a letter keeps its reference number, the register's."""

from cases.models import Family
from familysupport.erasure import Eraser, Personal
from institutions.models import (
    CaseConference,
    ConferenceTask,
    FamilyContact,
    Institution,
    Letter,
    LetterCounter,
)


def holds(family: Family) -> list[str]:
    """Nothing of the cooperation holds a case back: a reply still awaited is no procedure of the
    centre's, and its deadline lapses with the archived case."""
    return []


ERASER = Eraser(
    app="institutions",
    order=40,
    parts=(
        Personal(FamilyContact, family="family", erase=("person", "notes", "withdrawal_reason")),
        Personal(
            Letter,
            family="family",
            erase=("subject", "body", "reply_summary", "reply_scan", "withdrawal_reason"),
            keep=("reference",),
        ),
        Personal(
            CaseConference, family="family", erase=("place", "guests", "conclusions", "withdrawal_reason")
        ),
        Personal(ConferenceTask, family="conference__family", erase=("description",)),
    ),
    holds=holds,
    outside_cases=(Institution, LetterCounter),
)
