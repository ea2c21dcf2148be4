"""The deadlines whose rule the cases app owns, declared for the register (familysupport.deadlines).

The environmental interview (art. 11): 14 working days from the report, 2 when a child is at risk
(cases.models.interview_due). Owed for every report; open while the family waits for its first
interview; met by the first signed interview of the report. A report answered by no interview of
its own while the family moved on was superseded: it lapsed and counts as neither met nor missed.
"""

from operator import attrgetter

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import FamilyStatus, Interview, InterviewStatus, Report, interview_due
from familysupport.deadlines import Deadline, Kind, Obligation, local_date
from familysupport.models import Role

INTERVIEW = "interview"


def family_page(deadline: Deadline) -> str:
    """The family's page, where most deadlines of the path are acted on."""
    if deadline.family_id is None:
        return reverse("home")
    return reverse("cases:family_detail", args=[deadline.family_id])


def _interview_obligations(scope):
    first_signed = (
        Interview.objects.filter(report=OuterRef("pk"), status=InterviewStatus.SIGNED)
        .order_by("signed_at")
        .values("signed_at")[:1]
    )
    reports = (
        Report.objects.filter(scope("family"))
        .annotate(first_signed_at=Subquery(first_signed))
        .select_related("family")
        .only(
            "id",
            "received_on",
            "urgent",
            "family__id",
            "family__reference",
            "family__status",
            "family__archived_on",
            "family__social_worker_id",
            "family__centre_id",
        )
    )
    for report in reports:
        family = report.family
        met_on = local_date(report.first_signed_at)
        waiting = met_on is None and family.status == FamilyStatus.REPORTED
        yield Obligation(
            object_id=report.pk,
            centre_id=family.centre_id,
            family_id=family.pk,
            family_reference=family.reference,
            due=interview_due(report.received_on, urgent=report.urgent),
            owner_id=family.social_worker_id,
            owner_role=Role.SOCIAL_WORKER,
            met_on=met_on,
            is_open=waiting and family.archived_on is None,
            counted=met_on is not None or waiting,
        )


KINDS = (
    Kind(
        INTERVIEW,
        label=_("environmental interview"),
        roles=(Role.SOCIAL_WORKER,),
        window=attrgetter("interview_soon_days"),
        url=family_page,
        obligations=_interview_obligations,
    ),
)
