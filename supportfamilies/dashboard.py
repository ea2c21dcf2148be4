"""The supportfamilies app's part of the start page (registered in SupportFamiliesConfig.ready as a
START_PANEL): the head's invoices waiting for a decision and the contracts ending, from the
register."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse

from familysupport.deadlines import OwnerCount, counts_of, first_open, present, summary_of
from familysupport.models import Role, User
from familysupport.panels import DASHBOARD_ROWS, Panel
from supportfamilies.deadlines import CONTRACT_END, INVOICE_DECISION
from supportfamilies.models import InvoiceStatus


def reimbursements_panel(user: User, today: datetime.date, *, mine: list, counts: list[OwnerCount]) -> dict:
    """Invoices of support families waiting for the head's decision, and contracts ending."""
    centre = user.centre
    # The head's panel: a role holder has a centre (`User.roles` is empty without one).
    assert centre is not None
    waiting = urlencode({"status": InvoiceStatus.REGISTERED})
    return {
        "reimbursements": {
            **summary_of(counts_of(counts, INVOICE_DECISION)),
            "items": first_open(centre, DASHBOARD_ROWS, today=today, kinds=present(counts, INVOICE_DECISION)),
            "url": f"{reverse('supportfamilies:invoice_list')}?{waiting}",
            "contracts_ending": first_open(
                centre, DASHBOARD_ROWS, today=today, kinds=present(counts, CONTRACT_END)
            ),
        }
    }


PANELS = (
    Panel(
        "head_reimbursements",
        part="head",
        roles=(Role.HEAD,),
        order=70,
        template="supportfamilies/_panel_reimbursements.html",
        context=reimbursements_panel,
    ),
)
