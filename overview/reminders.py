"""The daily reminder of deadlines: one e-mail per owner and day, carrying identifiers only.

The items are the register's (familysupport/deadlines.py), the same the start page and the
"My deadlines" page show. A row of ReminderSent per user and day, under a unique constraint, is
written in the same transaction as the sending, so a second run on the same day (or two runs at
once) sends nothing twice, and a failed sending is tried again by the next run.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from familysupport.deadlines import Deadline, needing_attention
from familysupport.models import ReminderSent, Role, User
from overview.deadlines import deadlines_for

logger = logging.getLogger(__name__)

# The roles that own deadlines in the register.
OWNER_ROLES = (Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.HEAD, Role.STAFF)


def reminder_recipients() -> QuerySet[User]:
    """Active people of a centre with an e-mail address and a role that owns deadlines."""
    return (
        User.objects.filter(is_active=True, centre__isnull=False, groups__name__in=OWNER_ROLES)
        .exclude(email="")
        .select_related("centre")
        .distinct()
        .order_by("pk")
    )


def reminder_message(user: User, deadlines: list[Deadline], today: datetime.date) -> EmailMessage:
    """The e-mail: family reference, kind, due date, state and a link for each item; no names."""
    with translation.override(settings.LANGUAGE_CODE):
        overdue = sum(deadline.overdue for deadline in deadlines)
        subject = _("Deadlines: %(overdue)d overdue, %(soon)d due soon") % {
            "overdue": overdue,
            "soon": len(deadlines) - overdue,
        }
        body = render_to_string(
            "overview/email/reminder.txt",
            {
                "deadlines": [
                    (deadline, settings.SITE_URL.rstrip("/") + deadline.url()) for deadline in deadlines
                ],
                "today": today,
                "site_url": settings.SITE_URL,
            },
        )
    return EmailMessage(subject=subject, body=body, to=[user.email])


def reminder_send(*, user: User, today: datetime.date) -> int:
    """Send `user` the day's reminder if they have overdue or due-soon deadlines and none was sent
    today. Returns the number of deadlines sent (0 when nothing was sent)."""
    if ReminderSent.objects.filter(user=user, day=today).exists():
        return 0
    deadlines = needing_attention(deadlines_for(user, today=today))
    if not deadlines:
        return 0
    message = reminder_message(user, deadlines, today)
    try:
        with transaction.atomic():
            ReminderSent.objects.create(user=user, day=today, items=len(deadlines))
            message.send()
    except IntegrityError:
        return 0  # another run sent it meanwhile
    return len(deadlines)


def reminders_send_all(*, today: datetime.date) -> tuple[int, int]:
    """The daily run: (users reminded, deadlines sent). One user's failure does not stop the others."""
    users = sent = 0
    for user in reminder_recipients():
        try:
            items = reminder_send(user=user, today=today)
        except Exception:  # noqa: BLE001 - a mail server error for one address must not stop the run
            logger.exception("Reminder to user %s failed", user.pk)
            continue
        if items:
            users += 1
            sent += items
    return users, sent
