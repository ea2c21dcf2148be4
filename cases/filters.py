"""Filters and sorts of the case lists (django-filter), applied to querysets the selectors scoped.

A filter narrows what the user may already see; none of them widens it. The choices of people
are those of the user's own centre.
"""

from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from cases import selectors
from cases.models import AssignmentRequest, Family, FamilyStatus, RequestStatus
from familysupport.deadlines import families_with_overdue
from familysupport.lists import AnyYesNo, SortFields
from familysupport.models import Role, User

if TYPE_CHECKING:  # django-stubs-ext is a development requirement (make lint)
    from django_stubs_ext import WithAnnotations

    # The rows of the families list: they carry what selectors.family_list annotates (`urgent`).
    ListedFamilies = QuerySet[WithAnnotations[Family, selectors.FamilyListAnnotations]]


def centre_people(role: str):
    """The choices of people of one role: those of the requesting user's centre."""

    def people(request) -> QuerySet[User]:
        if request is None or request.user.centre_id is None:
            return User.objects.none()
        # Former colleagues stay in the choices: families keep the worker who had them.
        return User.objects.filter(centre_id=request.user.centre_id, groups__name=role).order_by(
            "last_name", "first_name", "pk"
        )

    return people


class FamilyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Reference, name or PESEL")}),
    )
    status = django_filters.ChoiceFilter(label=_("status"), choices=FamilyStatus.choices)
    social_worker = django_filters.ModelChoiceFilter(
        label=_("social worker"), queryset=centre_people(Role.SOCIAL_WORKER)
    )
    urgent = django_filters.BooleanFilter(label=_("urgent"), method="only_urgent", widget=AnyYesNo)
    blue_card = django_filters.BooleanFilter(label=_("Blue Card (Niebieska Karta)"), widget=AnyYesNo)
    overdue = django_filters.BooleanFilter(
        label=_("overdue deadline"), method="with_overdue", widget=AnyYesNo
    )
    # Which list (working or archive) the selector already chose; carried through the form only.
    archive = django_filters.BooleanFilter(method="keep", widget=forms.HiddenInput)

    class Meta:
        model = Family
        fields = ["q", "status", "social_worker", "urgent", "blue_card", "overdue"]

    filters: dict[str, Any]  # the form's filters, by name (FilterSet's own; django-filter has no types)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The filters of the contributed columns (the family's assistant...) follow the people's.
        contributed = [
            (name, make()) for column in selectors.family_list_columns() for name, make in column.filters
        ]
        for _name, filter_ in contributed:
            filter_.model = self.queryset.model
            filter_.parent = self
        items = list(self.filters.items())
        at = list(self.filters).index("social_worker") + 1
        self.filters = dict(items[:at] + contributed + items[at:])

    def search(self, queryset: QuerySet[Family], name: str, value: str) -> QuerySet[Family]:
        return selectors.search_families(queryset, value, centre_id=self.request.user.centre_id)

    def only_urgent(self, queryset: "ListedFamilies", name: str, value: bool) -> "ListedFamilies":
        return queryset.filter(urgent=value)

    def with_overdue(self, queryset: QuerySet[Family], name: str, value: bool) -> QuerySet[Family]:
        # The register of deadlines decides "overdue" (familysupport/deadlines.py), in the database.
        late = families_with_overdue(queryset)
        return late if value else queryset.exclude(pk__in=late.values("pk"))

    def keep(self, queryset: QuerySet[Family], name: str, value) -> QuerySet[Family]:
        return queryset


# Statuses sort in the order of the statutory path, not alphabetically.
STATUS_ORDER = Case(
    *[When(status=value, then=Value(index)) for index, value in enumerate(FamilyStatus.values)],
    default=Value(len(FamilyStatus.values)),
    output_field=IntegerField(),
)

FAMILY_SORTS: dict[str, SortFields] = {
    "reference": "reference",
    "name": ("name", "reference"),
    "status": STATUS_ORDER.asc(),
    "registered": "created_at",
    "social_worker": ("social_worker__last_name", "social_worker__first_name"),
}
FAMILY_DEFAULT_SORT = "-registered"


class PendingRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Family reference"),
        field_name="family__reference",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    class Meta:
        model = AssignmentRequest
        fields = ["q"]


class RequestFilter(PendingRequestFilter):
    status = django_filters.ChoiceFilter(label=_("status"), choices=RequestStatus.choices)

    class Meta:
        model = AssignmentRequest
        fields = ["q", "status"]


REQUEST_SORTS = {
    "reference": "family__reference",
    "status": "status",
    "created": "created_at",
    "submitted": "submitted_at",
    "author": ("author__last_name", "author__first_name"),
}
REQUEST_DEFAULT_SORT = "-created"
