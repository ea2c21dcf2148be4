"""The user's own deadlines: the register's (familysupport.deadlines), over the families the user
may see (cases.selectors.families_visible_to). The start page, the "My deadlines" page and the
daily reminders read them here, so all three carry the same items."""

import datetime

from django.db.models import QuerySet

from cases.selectors import families_visible_to
from familysupport import deadlines
from familysupport.deadlines import Deadline
from familysupport.models import StoredDeadline, User


def deadlines_for(user: User, *, today: datetime.date | None = None) -> list[Deadline]:
    """The open deadlines `user` owns among the families they may see, soonest first."""
    return deadlines.deadlines_for(user, visible=families_visible_to(user), today=today)


def owned_rows(user: User) -> QuerySet[StoredDeadline]:
    """The same as stored rows, not loaded: for a page of them and its count."""
    return deadlines.owned_rows(user, visible=families_visible_to(user))
