"""What the disposal adds to the family page (registered in RetentionConfig.ready as a
FAMILY_SECTION): that the case's personal data were erased, when and by which protocol."""

from cases.models import Family
from cases.selectors import DATA, FamilySection
from familysupport.models import User
from retention.models import DisposalItem


def _disposal(user: User, family: Family, shared: dict) -> dict:
    disposed = DisposalItem.objects.filter(family=family, disposed_on__isnull=False).select_related(
        "protocol"
    )
    return {"disposal": disposed.first() if family.archived_on is not None else None}


FAMILY_SECTIONS = (
    FamilySection("retention.disposal", 5, "retention/_family_disposal.html", _disposal, place=DATA),
)
