"""What the support families app adds to the pages of cases: its section of the family page
(declared in SupportFamiliesConfig.ready())."""

from assistants.selectors.lifecycle import shared_family_work
from cases.models import Family
from cases.selectors import FamilySection
from familysupport.models import User
from supportfamilies.selectors import family_support_context


def _support(user: User, family: Family, shared: dict) -> dict:
    # The family's assistant proposes a support family: the page's read of the assistant's work.
    assignment = shared_family_work(user, family, shared).active_assignment
    return {**family_support_context(family, user), "assignment": assignment}


FAMILY_SECTIONS = (
    FamilySection("supportfamilies.support", 50, "supportfamilies/_family_support.html", _support),
)
