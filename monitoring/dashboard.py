"""The monitoring app's part of the social worker's start page (registered in
MonitoringConfig.ready as a START_PANEL): the monitoring reviews due, from the register."""

import datetime

from django.urls import reverse

from familysupport.deadlines import Deadline, of_kind, summary_of_deadlines
from familysupport.models import Role, User
from familysupport.panels import DASHBOARD_ROWS, Panel
from monitoring.deadlines import REVIEW


def reviews_panel(user: User, today: datetime.date, *, mine: list[Deadline], counts: list) -> dict:
    """The worker's monitoring reviews, soonest first (the user's own deadlines, already loaded)."""
    reviews = of_kind(mine, REVIEW)
    return {
        "monitoring_reviews": reviews[:DASHBOARD_ROWS],
        "monitoring_summary": summary_of_deadlines(reviews),
        "monitoring_url": reverse("monitoring:monitoring_list"),
    }


PANELS = (
    Panel(
        "monitoring_reviews",
        part="worker",
        roles=(Role.SOCIAL_WORKER,),
        order=12,
        template="monitoring/_panel_reviews.html",
        context=reviews_panel,
    ),
)
