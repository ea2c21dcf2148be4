"""The cases app's section of the centre's figures (registered in CasesConfig.ready as a
STATISTICS_SECTION, familysupport.figures): the environmental interviews carried out."""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cases.models import Interview, InterviewStatus
from familysupport.figures import Row, Section, SectionBuilder
from familysupport.models import Centre


def interviews_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """Environmental interviews carried out in the period: signed, by the date they were conducted."""
    counts = Interview.objects.filter(
        centre=centre,
        status=InterviewStatus.SIGNED,
        conducted_on__gte=start,
        conducted_on__lte=end,
    ).aggregate(
        # Counted by a column of the index (never null in the period): read from the index alone.
        total=Count("conducted_on"),
        first=Count("conducted_on", filter=Q(updates__isnull=True)),
        updates=Count("conducted_on", filter=Q(updates__isnull=False)),
    )
    rows = [
        Row("total", _("Environmental interviews carried out"), counts["total"]),
        Row("first", _("first interviews"), counts["first"], indent=1),
        Row("updates", _("updates of an interview"), counts["updates"], indent=1),
    ]
    return Section("interviews", _("Environmental interviews"), rows)


SECTIONS = (SectionBuilder("interviews", order=50, build=interviews_section),)
