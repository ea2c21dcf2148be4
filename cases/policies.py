"""The guard every app's policies share: an archived case is read-only.

A closed case is archived (cases.services.family_archive): from then on nothing of the family
changes until it is destroyed at the end of the retention period, whatever app the change belongs
to: its members, reports and interviews, its assistant's plans, visits and court letters, its
support families, their contracts and invoices. Every policy of an action that changes anything of
a family ends with this guard:

    @policy
    def can_sign_contract(user, contract) -> Verdict:
        if not is_head_of(user, contract.centre_id):
            return FORBIDDEN
        return family_open(contract.support_family.family) and <the contract's own state>

(`Verdict` is falsy when it refuses, so `family_open(family) and other` gives the guard's
refusal first.) A service with no policy of its own calls `require_family_open(family)`.
"""

from django.utils.translation import gettext as _

from cases.models import Family
from familysupport.policies import ALLOWED, Verdict, refused, require


def family_open(family: Family) -> Verdict:
    """ALLOWED while the case is not archived; refused, with the reason the user is shown, once it is."""
    if family.archived_on is not None:
        return refused(_("The case is archived and can no longer be changed."))
    return ALLOWED


def require_family_open(family: Family) -> None:
    """Refuse (ValidationError with the reason) any change to a family whose case is archived."""
    require(family_open(family))
