"""What the institutions app adds to the pages of cases: its section of the family page (declared
in InstitutionsConfig.ready()). The section lists its own withdrawn records, read with the current
ones, rather than adding queries to the path's section."""

from django.utils.translation import gettext_lazy

from cases.models import Family
from cases.selectors import FamilySection
from familysupport.models import User
from institutions.policies import reads_cooperation
from institutions.selectors import family_cooperation


def _cooperation(user: User, family: Family, shared: dict) -> dict:
    return family_cooperation(user, family)


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
