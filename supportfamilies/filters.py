"""Filters and sorts of the support family lists, applied to querysets the selectors scoped.

A filter narrows what the user may already see; none of them widens it.
"""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cases.forms import DateInput
from supportfamilies.models import (
    Contract,
    ContractStatus,
    CostCategory,
    Invoice,
    InvoiceStatus,
    SupportFamily,
    SupportFamilyStatus,
)


def _search(placeholder):
    return django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}),
    )


class SupportFamilyFilter(django_filters.FilterSet):
    q = _search(_("Support family or reference"))
    status = django_filters.ChoiceFilter(label=_("status"), choices=SupportFamilyStatus.choices)

    class Meta:
        model = SupportFamily
        fields = ["q", "status"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(family__reference__icontains=value))


SUPPORT_FAMILY_SORTS = {
    "name": ("name",),
    "family": ("family__reference",),
    "status": ("status",),
    "proposed": ("proposed_on",),
}
SUPPORT_FAMILY_DEFAULT_SORT = "-proposed"


class ContractFilter(django_filters.FilterSet):
    q = _search(_("Contract number or support family"))
    status = django_filters.ChoiceFilter(label=_("status"), choices=ContractStatus.choices)

    class Meta:
        model = Contract
        fields = ["q", "status"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(number__icontains=value) | Q(support_family__name__icontains=value))


CONTRACT_SORTS = {
    "number": ("number",),
    "support_family": ("support_family__name",),
    "valid_from": ("valid_from",),
    "valid_to": ("valid_to",),
    "status": ("status",),
}
CONTRACT_DEFAULT_SORT = "-valid_from"


class InvoiceFilter(django_filters.FilterSet):
    q = _search(_("Invoice, issuer or contract number"))
    status = django_filters.ChoiceFilter(label=_("status"), choices=InvoiceStatus.choices)
    category = django_filters.ChoiceFilter(label=_("category"), choices=CostCategory.choices)
    issued_from = django_filters.DateFilter(
        label=_("issued from"), field_name="issue_date", lookup_expr="gte", widget=DateInput()
    )
    issued_to = django_filters.DateFilter(
        label=_("issued to"), field_name="issue_date", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = Invoice
        fields = ["q", "status", "category", "issued_from", "issued_to"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(number__icontains=value) | Q(issuer__icontains=value) | Q(contract__number__icontains=value)
        )


INVOICE_SORTS = {
    "number": ("number",),
    "issuer": ("issuer",),
    "issue_date": ("issue_date",),
    "amount": ("amount",),
    "contract": ("contract__number",),
    "status": ("status",),
    "registered": ("registered_on",),
}
INVOICE_DEFAULT_SORT = "-registered"
