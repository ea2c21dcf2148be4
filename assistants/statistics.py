"""The assistants app's sections of the centre's figures (registered in AssistantsConfig.ready as
STATISTICS_SECTIONS, familysupport.figures): the assistants, the families they work with, new
assignments and handovers, and the work ended. Each is counted by the database at a fixed number of
queries."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistants.models import (
    Assignment,
    AssignmentQuerySet,
    AssistantProfile,
    EmploymentForm,
    EndReason,
    WorkEnd,
)
from cases.models import Consent, ConsentBasis, Family, FamilyMember, FamilyRole
from familysupport.figures import Row, Section, SectionBuilder
from familysupport.models import Centre

# A child is a minor (art. 10 of the Civil Code): under 18 at the end of the period.
ADULT_AGE = 18


def assistants_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """Assistants by form of employment.

    The register keeps no dates of employment, so an assistant counts for a period in which they
    worked with a family; when the period reaches today, every assistant with an active account
    counts too (employed now, perhaps still without families).
    """
    worked = Exists(Assignment.objects.during(start, end).filter(assistant=OuterRef("pk")))
    counted = Q(worked=True)
    if start <= timezone.localdate() <= end:
        counted |= Q(user__is_active=True)
    by_form = dict(
        AssistantProfile.objects.filter(centre=centre)
        .annotate(worked=worked)
        .filter(counted)
        .order_by()
        .values_list("employment_form")
        .annotate(count=Count("pk"))
    )
    rows = [Row("total", _("Family assistants"), sum(by_form.values()))]
    rows += [Row(value, label, by_form.get(value, 0), indent=1) for value, label in EmploymentForm.choices]
    if by_form.get(""):
        rows.append(Row("not_recorded", _("form of employment not recorded"), by_form[""], indent=1))
    return Section("assistants", _("Family assistants by form of employment"), rows)


def _assignments_of(centre: Centre) -> AssignmentQuerySet:
    """The centre's assignments, found by its assistants (few, and an assistant works only with
    the families of their centre: assistants.services.lifecycle refuses any other), rather than
    by a join to every family of the centre."""
    return Assignment.objects.filter(assistant__centre_id=centre.pk)


def families_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """Families with an assistant in the period, those obliged by a court, and their children.

    A family had an assistant when an assignment overlaps the period by at least a day (a handover
    between assistants does not count it twice). It is obliged by a court (art. 109 § 2 pkt 1 KRO)
    when the court's obligation was recorded as its basis by the end of the period: the obligation
    may come while the assistant already works with the family. Its children are the members whose
    place in the family is a child and who are minors at the end of the period; an adult son still
    at home is not counted, nor is a minor parent, who is a parent in the family. One query: the
    families of the centre's assignments in the period, each counted once, with their children.
    """
    court = Exists(Consent.objects.filter(family=OuterRef("pk"), basis=ConsentBasis.COURT, given_on__lte=end))
    children = (
        FamilyMember.objects.current()
        .filter(
            family=OuterRef("pk"),
            role=FamilyRole.CHILD,
            birth_date__lte=end,
            birth_date__gt=end - relativedelta(years=ADULT_AGE),
        )
        .order_by()
        .values("family")
        .annotate(count=Count("pk"))
        .values("count")
    )
    assigned = _assignments_of(centre).during(start, end).values("family_id")
    # The centre is bounded in the subquery (by its assistants): the families are then read by their
    # keys, not by a scan of every family of the centre.
    families = Family.objects.filter(pk__in=assigned).aggregate(
        total=Count("pk"),
        court=Count("pk", filter=court),
        children=Sum(Coalesce(Subquery(children), 0)),
    )
    rows = [
        Row("total", _("Families with a family assistant"), families["total"]),
        Row("court", _("of which obliged by a court to work with an assistant"), families["court"], indent=1),
        Row("children", _("Children in these families"), families["children"] or 0),
    ]
    return Section("families", _("Families with a family assistant"), rows)


def assignments_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """Assistants assigned in the period: new families, and handovers between assistants.

    A handover (assignment_reassign) starts on the day the previous assistant's work ended as
    'reassigned'; it is not a new family for the centre.
    """
    handover = Exists(
        Assignment.objects.filter(
            family=OuterRef("family_id"), end_reason=EndReason.REASSIGNED, ended_on=OuterRef("started_on")
        ).exclude(pk=OuterRef("pk"))
    )
    counts = (
        _assignments_of(centre)
        .filter(started_on__gte=start, started_on__lte=end)
        .aggregate(new=Count("pk", filter=~handover), handover=Count("pk", filter=handover))
    )
    rows = [
        Row("new", _("Families assigned an assistant"), counts["new"]),
        Row("handover", _("Families handed over to another assistant"), counts["handover"]),
    ]
    return Section("assignments", _("New assignments"), rows)


def work_ends_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """Families whose work with the assistant ended in the period, by the reason recorded."""
    by_reason = dict(
        WorkEnd.objects.filter(family__centre=centre, ended_on__gte=start, ended_on__lte=end)
        .order_by()
        .values_list("reason")
        .annotate(count=Count("pk"))
    )
    rows = [Row("total", _("Families whose work ended"), sum(by_reason.values()))]
    rows += [
        Row(value, label, by_reason.get(value, 0), indent=1)
        for value, label in EndReason.choices
        if value != EndReason.REASSIGNED
    ]
    return Section("work_ends", _("Work with families ended, by reason"), rows)


SECTIONS = (
    SectionBuilder("assistants", order=10, build=assistants_section),
    SectionBuilder("families", order=20, build=families_section),
    SectionBuilder("assignments", order=30, build=assignments_section),
    SectionBuilder("work_ends", order=40, build=work_ends_section),
)
