"""What the team app adds to the pages of cases (declared in TeamConfig.ready()): the family page's
section of the specialists engaged on the family, and the specialist's circle of families."""

from django.utils.translation import gettext_lazy

from cases.models import Family
from cases.selectors import FamilyCircle, FamilySection
from familysupport.models import Role, User
from team import policies
from team.selectors import engaged_families, family_engagements


def _team(user: User, family: Family, shared: dict) -> dict:
    if not policies.can_view_engagements(user, family):
        return {}
    return {"engagements": family_engagements(family)}


FAMILY_SECTIONS = (
    FamilySection(
        "team",
        15,
        "team/_family_team.html",
        _team,
        label=gettext_lazy("Specialists"),
        shown=policies.can_view_engagements,
    ),
)

# A specialist works with the families of their active engagements only.
FAMILY_CIRCLE = FamilyCircle(Role.SPECIALIST, engaged_families)
