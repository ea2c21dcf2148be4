"""The contacts app's part of the start page (registered in ContactsConfig.ready as a START_PANEL):
the social worker's contacts with their families this month, counted in one query."""

import datetime

from contacts.selectors import contacts_this_month
from familysupport.models import Role, User
from familysupport.panels import Panel


def worker_contacts_panel(user: User, today: datetime.date, *, mine: list, counts: list) -> dict:
    return {"contacts_this_month": contacts_this_month(user, today), "contacts_month": today.replace(day=1)}


PANELS = (
    Panel(
        "worker_contacts",
        part="worker",
        roles=(Role.SOCIAL_WORKER,),
        order=11,
        template="contacts/_panel_worker.html",
        context=worker_contacts_panel,
    ),
)
