"""The filters of the directory of institutions and of the register of outgoing letters."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy
from django_filters import CharFilter, ChoiceFilter, FilterSet

from institutions.models import Institution, InstitutionKind, Letter


class InstitutionFilter(FilterSet):
    """The directory's list: a search by name, address or contact person, the kind, active or not."""

    q = CharFilter(method="search", label=gettext_lazy("Search"))
    kind = ChoiceFilter(choices=InstitutionKind.choices, label=gettext_lazy("kind of institution"))
    active = ChoiceFilter(
        method="by_active",
        label=gettext_lazy("active institution"),
        choices=[("true", gettext_lazy("yes")), ("false", gettext_lazy("no"))],
        empty_label=gettext_lazy("any"),
    )

    class Meta:
        model = Institution
        fields = ["q", "kind", "active"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(name__icontains=text) | Q(address__icontains=text) | Q(contact_person__icontains=text)
        )

    def by_active(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value in ("true", "false"):
            return queryset.filter(is_active=value == "true")
        return queryset


INSTITUTION_SORTS = {"name": "name", "kind": ["kind", "name"]}
INSTITUTION_DEFAULT_SORT = "name"
LETTER_SORTS = {"sent_on": ["sent_on", "number"], "number": ["year", "number"]}
LETTER_DEFAULT_SORT = "-sent_on"


class LetterRegisterFilter(FilterSet):
    reference = CharFilter(
        field_name="reference", lookup_expr="icontains", label=gettext_lazy("reference number")
    )

    class Meta:
        model = Letter
        fields = ["reference"]
