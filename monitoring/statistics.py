"""The monitoring app's section of the centre's figures (registered in MonitoringConfig.ready as a
STATISTICS_SECTION, familysupport.figures): the families whose child's situation was monitored,
the reviews held and those overdue."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familysupport.figures import Row, Section, SectionBuilder
from familysupport.models import Centre, StoredDeadline
from monitoring.deadlines import REVIEW
from monitoring.models import MonitoringPlan, MonitoringReview, PlanStatus, Situation


def monitoring_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """Monitoring of a child's situation (art. 176 pkt 7) by the social workers.

    A family counts as monitored when a plan of it ran on at least one day of the period (from its
    start to its end or escalation). Reviews are those held in the period; overdue are the reviews
    that fell due in it and were held late or are still owed after their day.
    """
    today = timezone.localdate()
    ran = Q(started_on__lte=end) & (
        Q(status=PlanStatus.ACTIVE) | Q(ended_on__gte=start) | Q(escalated_on__gte=start)
    )
    plans = MonitoringPlan.objects.filter(centre=centre).aggregate(
        families=Count("family", filter=ran, distinct=True),
        started=Count("pk", filter=Q(started_on__gte=start, started_on__lte=end)),
        escalated=Count(
            "pk", filter=Q(status=PlanStatus.ESCALATED, escalated_on__gte=start, escalated_on__lte=end)
        ),
        ended=Count("pk", filter=Q(status=PlanStatus.ENDED, ended_on__gte=start, ended_on__lte=end)),
    )
    reviews = (
        MonitoringReview.objects.current()
        .filter(plan__centre=centre, reviewed_on__gte=start, reviewed_on__lte=end)
        .aggregate(held=Count("pk"), worse=Count("pk", filter=Q(situation=Situation.WORSE)))
    )
    missed = Q(met_on__isnull=False, on_time=False) | Q(met_on__isnull=True, due__lt=today)
    overdue = StoredDeadline.objects.filter(
        centre=centre, kind=REVIEW, counted=True, due__gte=start, due__lte=end
    ).aggregate(n=Count("pk", filter=missed))["n"]
    rows = [
        Row("families", _("Families whose child's situation was monitored"), plans["families"]),
        Row("started", _("of which monitoring begun in the period"), plans["started"], indent=1),
        Row("reviews_held", _("Monitoring reviews held"), reviews["held"]),
        Row("reviews_worse", _("of which the child's situation worse"), reviews["worse"], indent=1),
        Row("reviews_overdue", _("Monitoring reviews overdue"), overdue),
        Row("escalated", _("Monitoring escalated to a request for an assistant"), plans["escalated"]),
        Row("ended", _("Monitoring ended"), plans["ended"]),
    ]
    return Section("monitoring", _("Monitoring of a child's situation"), rows)


SECTIONS = (SectionBuilder("monitoring", order=55, build=monitoring_section),)
