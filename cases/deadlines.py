"""The deadlines whose rule the cases app owns, declared for the register (familysupport.deadlines).

The environmental interview (art. 11): 14 working days from the report, 2 when a child is at risk
(cases.models.interview_due). Open while the family waits for its first interview; met by
the signed interview of the report.
"""

import datetime
from collections.abc import Callable
from operator import attrgetter

from django.db.models import DateField, Exists, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import FamilyStatus, Interview, InterviewStatus, Report, interview_due
from familysupport.deadlines import (
    Branch,
    Deadline,
    Kind,
    added,
    count_met_and_missed,
    earliest_start,
    family_fields,
    local_day,
    person_owner,
)
from familysupport.models import Role

INTERVIEW = "interview"


def family_page(deadline: Deadline) -> str:
    """The family's page, where most deadlines of the path are acted on."""
    if deadline.family_id is None:
        return reverse("home")
    return reverse("cases:family_detail", args=[deadline.family_id])


_SIGNED_FOR_REPORT = Interview.objects.filter(report=OuterRef("pk"), status=InterviewStatus.SIGNED)


def _interview_rows(scope):
    return (
        Report.objects.filter(
            scope("family"), family__status=FamilyStatus.REPORTED, family__archived_on__isnull=True
        )
        .filter(~Exists(_SIGNED_FOR_REPORT))
        .select_related("family")
        .only(
            "id",
            "received_on",
            "urgent",
            "family__id",
            "family__reference",
            "family__social_worker_id",
            "family__centre_id",
        )
    )


def _interview_build(kind, report, centres, today):
    return kind.deadline(
        centres[report.family.centre_id],
        today,
        interview_due(report.received_on, urgent=report.urgent),
        object_id=report.pk,
        owner_id=report.family.social_worker_id,
        owner_role=Role.SOCIAL_WORKER,
        **family_fields(report),
    )


def _interview_due_of(urgent: bool) -> Callable[[datetime.date], datetime.date]:
    return lambda day: interview_due(day, urgent=urgent)


def _interview_branches(centre):
    return [Branch(Q(urgent=urgent), "received_on", _interview_due_of(urgent)) for urgent in (True, False)]


def _interview_overdue(centre, today):
    late = Report.objects.filter(family=OuterRef("pk")).filter(~Exists(_SIGNED_FOR_REPORT))
    due_before = Q(pk__in=[])
    for branch in _interview_branches(centre):
        due_before |= branch.due_before(today)
    return Q(status=FamilyStatus.REPORTED) & Q(Exists(late.filter(due_before)))


def _interview_met_and_missed(centre, start, end, today):
    signed_on = (
        Interview.objects.filter(report=OuterRef("pk"), status=InterviewStatus.SIGNED)
        .order_by("signed_at")
        .annotate(day=local_day("signed_at"))
        .values("day")[:1]
    )
    branches = _interview_branches(centre)
    # The first report whose interview can fall due in the period, by the rule itself.
    reports = Report.objects.filter(
        family__centre=centre, received_on__gte=earliest_start(branches, start), received_on__lte=end
    )
    # Counted apart, so that the day of the interview is looked up only for the reports it answered.
    answered = reports.filter(Exists(_SIGNED_FOR_REPORT)).annotate(satisfied_on=Subquery(signed_on))
    # A report answered by no interview of its own while the family moved on was superseded.
    waiting = reports.filter(~Exists(_SIGNED_FOR_REPORT), family__status=FamilyStatus.REPORTED).annotate(
        satisfied_on=Value(None, output_field=DateField())
    )
    return added(
        count_met_and_missed(answered, branches, start, end, today),
        count_met_and_missed(waiting, branches, start, end, today),
    )


KINDS = (
    Kind(
        INTERVIEW,
        label=_("environmental interview"),
        roles=(Role.SOCIAL_WORKER,),
        window=attrgetter("interview_soon_days"),
        url=family_page,
        rows=_interview_rows,
        build=_interview_build,
        branches=_interview_branches,
        owner=person_owner("family__social_worker_id", Role.SOCIAL_WORKER),
        overdue_in=_interview_overdue,
        met_and_missed=_interview_met_and_missed,
    ),
)
