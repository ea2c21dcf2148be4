"""The supportfamilies app's part of the start page (registered in SupportFamiliesConfig.ready as a
START_PANEL): the head's invoices waiting for a decision and the contracts ending, from the
register."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from familysupport.deadlines import Deadline, OpenList, OwnerCount, counts_of, summary_of
from familysupport.models import Role, User
from familysupport.panels import DASHBOARD_ROWS, Panel, Queue, QueueItem
from supportfamilies.deadlines import CONTRACT_END, INVOICE_DECISION
from supportfamilies.models import ContractStatus, InvoiceStatus
from supportfamilies.selectors import contracts_awaiting_signature


def reimbursements_lists(user: User, today: datetime.date) -> dict[str, OpenList]:
    return {
        "invoices": OpenList(DASHBOARD_ROWS, kinds=(INVOICE_DECISION,)),
        "contracts_ending": OpenList(DASHBOARD_ROWS, kinds=(CONTRACT_END,)),
    }


def reimbursements_panel(
    user: User,
    today: datetime.date,
    *,
    mine: list,
    counts: list[OwnerCount],
    lists: dict[str, list[Deadline]],
) -> dict:
    """Invoices of support families waiting for the head's decision, and contracts ending."""
    waiting = urlencode({"status": InvoiceStatus.REGISTERED})
    return {
        "reimbursements": {
            **summary_of(counts_of(counts, INVOICE_DECISION)),
            "items": lists["invoices"],
            "url": f"{reverse('supportfamilies:invoice_list')}?{waiting}",
            "contracts_ending": lists["contracts_ending"],
        }
    }


def head_contracts_panel(user: User, today: datetime.date, *, mine: list, counts: list) -> dict:
    """Draft contracts with support families waiting for the head's signature: each opens on its
    page (with the signing step); the count opens the contracts list filtered to the drafts."""
    waiting = contracts_awaiting_signature(user)
    count = waiting.count()
    first = list(waiting[:DASHBOARD_ROWS]) if count else []
    return {
        "contracts_to_sign": Queue(
            title=_("Contracts to sign"),
            count=count,
            url=f"{reverse('supportfamilies:contract_list')}?{urlencode({'status': ContractStatus.DRAFT})}",
            items=[
                QueueItem(
                    label=contract.number,
                    url=reverse("supportfamilies:contract_detail", args=[contract.pk]),
                    detail=_("from %(start)s to %(end)s")
                    % {
                        "start": date_format(contract.valid_from, "SHORT_DATE_FORMAT"),
                        "end": date_format(contract.valid_to, "SHORT_DATE_FORMAT"),
                    },
                )
                for contract in first
            ],
            empty=_("No contract waits for your signature."),
        )
    }


PANELS = (
    Panel(
        "head_reimbursements",
        part="head",
        roles=(Role.HEAD,),
        order=70,
        template="supportfamilies/_panel_reimbursements.html",
        context=reimbursements_panel,
        lists=reimbursements_lists,
    ),
    Panel(
        "head_contracts",
        part="head",
        roles=(Role.HEAD,),
        order=72,
        template="supportfamilies/_panel_head_contracts.html",
        context=head_contracts_panel,
    ),
)
