"""The social worker's part of the start page (registered in CasesConfig.ready as a START_PANEL):
the interviews due, and the worker's families by the next step on their path."""

import datetime
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from cases.deadlines import INTERVIEW
from cases.models import FamilyStatus
from cases.selectors import families_visible_to
from familysupport.deadlines import Deadline, of_kind, summary_of_deadlines
from familysupport.models import Role, User
from familysupport.panels import DASHBOARD_ROWS, Panel

# The worker's families whose path stopped without a further step on it (family_next_step is None).
NO_NEXT_STEP = (FamilyStatus.NO_ASSISTANT, FamilyStatus.REQUEST_REFUSED, FamilyStatus.REFERRED)
# The worker's families where the next step is theirs but the Act sets no date for it.
WORKER_STEPS = (FamilyStatus.INTERVIEWED, FamilyStatus.ANALYSED)


def family_list_url(**params) -> str:
    """The families list filtered by `params` (cases/filters.py FamilyFilter)."""
    return f"{reverse('cases:family_list')}?{urlencode(params)}"


def worker_panel(user: User, today: datetime.date, *, mine: list[Deadline], counts: list) -> dict:
    by_status = dict(
        families_visible_to(user)
        .filter(social_worker=user, archived_on__isnull=True)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    interviews = of_kind(mine, INTERVIEW)
    labels = dict(FamilyStatus.choices)
    return {
        "interviews": interviews[:DASHBOARD_ROWS],
        "interviews_summary": summary_of_deadlines(interviews),
        "interviews_url": family_list_url(social_worker=user.pk, status=FamilyStatus.REPORTED),
        "overdue_url": family_list_url(social_worker=user.pk, overdue="true"),
        "returned": by_status.get(FamilyStatus.REQUEST_RETURNED, 0),
        "returned_url": family_list_url(social_worker=user.pk, status=FamilyStatus.REQUEST_RETURNED),
        "steps": [
            {
                "label": labels[status],
                "count": by_status.get(status, 0),
                "url": family_list_url(social_worker=user.pk, status=status),
            }
            for status in WORKER_STEPS
        ],
        "no_next_step": [
            {
                "label": labels[status],
                "count": by_status.get(status, 0),
                "url": family_list_url(social_worker=user.pk, status=status),
            }
            for status in NO_NEXT_STEP
        ],
    }


PANELS = (
    Panel(
        "worker",
        part="worker",
        roles=(Role.SOCIAL_WORKER,),
        order=10,
        template="cases/_panel_worker.html",
        context=worker_panel,
    ),
)
