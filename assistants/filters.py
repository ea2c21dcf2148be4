"""Filters and sorts of the court register (django-filter), applied to `court_selectors.court_register`;
and the families list's filter by the family's assistant.

Staff use the register too, so nothing here reaches into the case: the search covers the case
signature and the family's reference number only, never a family's or a member's name.
"""

import datetime
from typing import TYPE_CHECKING

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistants.models import Assessment, AssessmentStatus, Assignment, CourtRequest, OpinionStatus
from assistants.selectors import court as court_selectors
from cases.filters import centre_people
from familysupport.models import Role, User

if TYPE_CHECKING:
    from assistants.selectors.court import Register


def with_assistant(queryset: QuerySet, name: str, value: User) -> QuerySet:
    """The families the assistant works with now."""
    return queryset.filter(pk__in=Assignment.objects.active().filter(assistant__user=value).values("family"))


def family_assistant_filter() -> django_filters.Filter:
    """The families list's filter by the family's assistant (a column the assistants add to it)."""
    return django_filters.ModelChoiceFilter(
        label=_("family assistant"), queryset=centre_people(Role.FAMILY_ASSISTANT), method=with_assistant
    )


def with_assessment_waiting(queryset: QuerySet, name: str, value: str) -> QuerySet:
    """The families with a periodic assessment submitted to the head and not yet acknowledged."""
    if value != AssessmentStatus.SUBMITTED:
        return queryset
    waiting = Assessment.objects.filter(family=OuterRef("pk"), status=AssessmentStatus.SUBMITTED)
    return queryset.filter(Exists(waiting))


def assessment_waiting_filter() -> django_filters.Filter:
    """The families list's filter by a periodic assessment waiting for the head's acknowledgement."""
    return django_filters.ChoiceFilter(
        label=_("periodic assessment"),
        choices=[(AssessmentStatus.SUBMITTED, _("submitted, to acknowledge"))],
        method=with_assessment_waiting,
    )


class OpinionState(django_filters.ChoiceFilter):
    NONE = "none"
    DISPATCHED = "dispatched"
    CHOICES = [
        (NONE, _("not started")),
        (OpinionStatus.DRAFT, _("draft")),
        (OpinionStatus.SUBMITTED, _("submitted for sign-off")),
        (OpinionStatus.RETURNED, _("returned by the head")),
        (OpinionStatus.APPROVED, _("signed off by the head")),
        (OpinionStatus.ISSUED, _("issued, not dispatched")),
        (DISPATCHED, _("dispatched to the court")),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=self.CHOICES, **kwargs)

    def filter(self, queryset: "Register", value: str) -> "Register":
        """By the state of the newest version of the opinion (`opinion_status` of the register)."""
        if not value:
            return queryset
        if value == self.NONE:
            return queryset.filter(opinion_status__isnull=True)
        if value == self.DISPATCHED:
            return queryset.filter(opinion_status=OpinionStatus.ISSUED, opinion_dispatched_on__isnull=False)
        if value == OpinionStatus.SUBMITTED:
            return court_selectors.awaiting_sign_off(queryset)
        if value == OpinionStatus.ISSUED:
            return queryset.filter(opinion_status=OpinionStatus.ISSUED, opinion_dispatched_on__isnull=True)
        return queryset.filter(opinion_status=value)


DEADLINE_OPEN = "open"
DEADLINE_OVERDUE = "overdue"
DEADLINE_WEEK = "week"


def end_of_week(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=6 - day.weekday())


class CourtRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Case signature or reference")}),
    )
    state = OpinionState(label=_("opinion"))
    court = django_filters.ChoiceFilter(label=_("court"), choices=[])
    deadline = django_filters.ChoiceFilter(
        label=_("deadline"),
        method="by_deadline",
        choices=[
            (DEADLINE_OPEN, _("not answered yet")),
            (DEADLINE_OVERDUE, _("overdue")),
            (DEADLINE_WEEK, _("due this week")),
        ],
    )

    class Meta:
        model = CourtRequest
        fields = ["q", "state", "court", "deadline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        courts = (
            court_selectors.court_requests_visible_to(user)
            .order_by("court")
            .values_list("court", flat=True)
            .distinct()
            if user is not None
            else []
        )
        self.filters["court"].extra["choices"] = [(court, court) for court in courts]

    def search(self, queryset: QuerySet[CourtRequest], name: str, value: str) -> QuerySet[CourtRequest]:
        value = value.strip()
        return queryset.filter(Q(case_signature__icontains=value) | Q(family__reference__icontains=value))

    def by_deadline(self, queryset: "Register", name: str, value: str) -> "Register":
        """Open: nothing dispatched yet; overdue: open and past the deadline; this week: open and due
        from today to Sunday."""
        open_requests = queryset.filter(answered_on__isnull=True)
        if value == DEADLINE_OVERDUE:
            return open_requests.filter(overdue=True)
        if value == DEADLINE_WEEK:
            today = timezone.localdate()
            return open_requests.filter(deadline__gte=today, deadline__lte=end_of_week(today))
        return open_requests


COURT_REQUEST_SORTS = {
    "deadline": "deadline",
    "received": "received_on",
    "court": ("court", "division"),
    "reference": "family_reference",
    "signature": "case_signature",
}
COURT_REQUEST_DEFAULT_SORT = "deadline"
