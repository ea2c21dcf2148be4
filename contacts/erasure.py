"""What the disposal of a case erases of its contacts, notes and attachments (registered in
ContactsConfig.ready as a CASE_ERASER; familysupport/erasure.py). Nothing here holds a case back."""

from cases.models import Family
from contacts.models import Attachment, CaseNote, Contact
from familysupport.erasure import Eraser, Personal


def holds(family: Family) -> list[str]:
    return []


ERASER = Eraser(
    app="contacts",
    order=15,
    parts=(
        Personal(
            Contact,
            family="family",
            erase=("place", "others_present", "activities", "agreements", "withdrawal_reason"),
        ),
        Personal(CaseNote, family="family", erase=("text", "withdrawal_reason")),
        Personal(Attachment, family="family", erase=("title", "file", "withdrawal_reason")),
    ),
    holds=holds,
)
