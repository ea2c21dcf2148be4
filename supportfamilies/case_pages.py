"""What the support families app adds to the pages of cases: its section of the family page
(declared in SupportFamiliesConfig.ready())."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assistants.selectors.lifecycle import shared_family_work
from cases.models import Family
from cases.selectors import FamilySection, WithdrawnKind, WithdrawnRecord
from familysupport.models import User
from supportfamilies.models import Invoice
from supportfamilies.selectors import family_support_context, show_support_families


def _support(user: User, family: Family, shared: dict) -> dict:
    # The family's assistant proposes a support family: the page's read of the assistant's work.
    assignment = shared_family_work(user, family, shared).active_assignment
    return {**family_support_context(family, user), "assignment": assignment}


def _withdrawn_invoices(user: User, family: Family) -> list[WithdrawnRecord]:
    if not show_support_families(user, family):
        return []
    what = _("invoice %(number)s")
    return [
        WithdrawnRecord.of(invoice, what % {"number": invoice.number})
        for invoice in Invoice.objects.withdrawn()
        .filter(contract__support_family__family=family, contract__centre_id=family.centre_id)
        .select_related("withdrawn_by")
    ]


WITHDRAWN_RECORDS = (WithdrawnKind("supportfamilies.invoices", _withdrawn_invoices, order=30),)


FAMILY_SECTIONS = (
    FamilySection(
        "support",
        50,
        "supportfamilies/_family_support.html",
        _support,
        label=gettext_lazy("Support family"),
        shown=show_support_families,
    ),
)
