"""What the contacts app adds to the family page (declared in ContactsConfig.ready()): the section
of the team's contacts, case notes and attachments. Their records withdrawn as entered by mistake
are listed on the contact log's own page (contacts.selectors.withdrawn_records): the family page's
path section is already at its bound of queries."""

from django.utils.translation import gettext_lazy

from cases.models import Family
from cases.selectors import FamilySection
from contacts import policies
from contacts.selectors import section_context
from familysupport.models import User


def _section(user: User, family: Family, shared: dict) -> dict:
    return section_context(user, family) if policies.can_view_contacts(user, family) else {}


FAMILY_SECTIONS = (
    FamilySection(
        "contacts",
        15,
        "contacts/_family_contacts.html",
        _section,
        label=gettext_lazy("Contacts, notes and attachments"),
        shown=policies.can_view_contacts,
    ),
)
