"""What the institutions app adds to the pages of cases: its section of the family page and its
withdrawn records (declared in InstitutionsConfig.ready())."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Family
from cases.selectors import FamilySection, WithdrawnKind, WithdrawnRecord
from familysupport.models import User
from institutions.models import CaseConference, FamilyContact, Letter
from institutions.policies import reads_cooperation
from institutions.selectors import family_cooperation


def _cooperation(user: User, family: Family, shared: dict) -> dict:
    return family_cooperation(user, family)


def _withdrawn(user: User, family: Family) -> list[WithdrawnRecord]:
    if not reads_cooperation(user, family):
        return []
    records = [
        WithdrawnRecord.of(contact, _("contact in an institution"))
        for contact in FamilyContact.objects.withdrawn().filter(family=family).select_related("withdrawn_by")
    ]
    records += [
        WithdrawnRecord.of(letter, _("letter %(reference)s") % {"reference": letter.reference or _("(draft)")})
        for letter in Letter.objects.withdrawn().filter(family=family).select_related("withdrawn_by")
    ]
    records += [
        WithdrawnRecord.of(conference, _("case conference of %(day)s") % {"day": conference.held_on.isoformat()})
        for conference in CaseConference.objects.withdrawn().filter(family=family).select_related("withdrawn_by")
    ]
    return records


WITHDRAWN_RECORDS = (WithdrawnKind("institutions.cooperation", _withdrawn, order=40),)

FAMILY_SECTIONS = (
    FamilySection(
        "institutions",
        60,
        "institutions/_family_cooperation.html",
        _cooperation,
        label=gettext_lazy("Institutions"),
        shown=reads_cooperation,
    ),
)
