"""One shape for every list page: filter with django-filter, sort from an allowed list, paginate.

A list view passes the request, its FilterSet class and a queryset already scoped to the user by a
selector; `list_context` returns what the template needs:

- `filter`: the bound FilterSet (render `filter.form`, e.g. with `{% include "_filter_form.html" %}`);
- `page`: the Paginator page (`{% include "_pagination.html" %}`);
- `sort`: the sort in force, e.g. `"name"` or `"-name"` (`{% include "_sort_header.html" %}`);
- `filtered`: whether any filter narrows the list;
- `page_size`, `page_sizes`: the rows per page in force and those offered;
- `clear_url`: the list without filters (keeping hidden fields such as the archive switch).

A list whose form searches people (`search=True`: the families list, by name or PESEL) keeps the
searched text out of every address: its form is sent by POST, the text is kept in the session under
an opaque id (`search_redirect`), and the list's address carries only that id (`search=`), so no
PESEL or surname stands in the browser's history, a log's request line or a cache key.

No list counts its rows twice in full: `CappedPaginator` counts up to COUNT_CAP (what a person reads
through) and says "more than 1 000" beyond it, so a page costs the same in a centre of 1,000 families
as in one of 20,000. Every list pages through `paginate`.

Invalid filter values never reach the database: the page shows the form with its errors and no
rows (as django-filter's own views do in strict mode). Each sort ends on the primary key, so the
pages neither repeat nor skip rows. The query count of a page depends on the queryset the caller
builds: select_related/prefetch_related/annotate it so that it does not grow with the rows.
"""

import copy
import secrets
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import OrderBy, QuerySet
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters import FilterSet
from django_filters.widgets import BooleanWidget

PAGE_SIZE = 25
PAGE_SIZES = (25, 50, 100)
SORT_PARAM = "sort"
PAGE_SIZE_PARAM = "per_page"
SEARCH_PARAM = "q"  # the searched text: in a POST's body only
SEARCH_ID_PARAM = "search"  # what the address carries instead: an opaque id of the text
SESSION_SEARCHES = "list_searches"
KEPT_SEARCHES = 20  # per session; an older id finds no text and the list shows unsearched


# Nobody reads a list past its first thousand rows: they narrow it. Counting further costs a scan of
# every row the filters let through, on every page.
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Django's Paginator, counting at most COUNT_CAP + 1 rows: `capped` says there are more than
    COUNT_CAP (the pages reach that far; the filters narrow the rest)."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):  # any COUNT_CAP + 1 rows tell: no order to sort by
            return self.object_list.order_by()[: COUNT_CAP + 1].count()
        return len(self.object_list[: COUNT_CAP + 1])

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def cap(self) -> str:
        """COUNT_CAP as the language writes it ("1 000", "1,000")."""
        return number_format(COUNT_CAP, force_grouping=True)


def paginate(rows: Any, size: int, number: Any) -> Page:
    """The page `number` (any value from a request: a bad one gives the first or the last) of `rows`."""
    return CappedPaginator(rows, size).get_page(number)


class AnyYesNo(BooleanWidget):
    """A yes/no filter whose empty choice reads "any" rather than django-filter's "unknown"."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("", _("any")), ("true", _("yes")), ("false", _("no"))]


def style_filter_form(form: forms.Form) -> None:
    """Bootstrap's classes and the link to each field's errors, set on the widgets of a bound form.

    The filter form is on every list page: `_filter_form.html` renders it with plain Django, as
    crispy-forms' field templates cost more than the rest of the form. An invalid field is marked
    `is-invalid` and names its errors (`<auto_id>_error`, beside it) in `aria-describedby`.
    """
    for name, field in form.fields.items():
        # Filters reuse the models' verbose names, which Django keeps in lower case.
        field.label = capfirst(field.label)
        widget = field.widget
        if widget.is_hidden:
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        classes = [widget.attrs.get("class", ""), css]
        bound = form[name]
        described = [f"{bound.auto_id}_helptext"] if field.help_text else []
        if form.is_bound and bound.errors:
            classes.append("is-invalid")
            widget.attrs["aria-invalid"] = "true"
            described.append(f"{bound.auto_id}_error")
        if described:
            widget.attrs["aria-describedby"] = " ".join(described)
        widget.attrs["class"] = " ".join(filter(None, classes))


SortFields = str | OrderBy | Sequence[str | OrderBy]


def _fields(spec: SortFields) -> list[str | OrderBy]:
    return [spec] if isinstance(spec, str | OrderBy) else list(spec)


def _reverse(field: str | OrderBy) -> str | OrderBy:
    if isinstance(field, str):
        return field[1:] if field.startswith("-") else f"-{field}"
    # OrderBy.reverse_ordering() changes the expression in place; the sort table is shared.
    reversed_field = copy.deepcopy(field)
    reversed_field.reverse_ordering()
    return reversed_field


def sort_order(
    value: str | None, sorts: Mapping[str, SortFields], default: str
) -> tuple[str, list[str | OrderBy]]:
    """The sort key in force and the `order_by` arguments for it.

    `value` is the GET parameter: an allowed key, or the key with a leading "-" for descending.
    Anything else falls back to `default` (which may itself start with "-").
    """
    value = (value or "").strip()
    if value.removeprefix("-") not in sorts:
        value = default
    key = value.removeprefix("-")
    descending = value.startswith("-")
    fields = _fields(sorts[key])
    order = [_reverse(field) for field in fields] if descending else fields
    return value, [*order, "-pk" if descending else "pk"]


def page_size_of(request: HttpRequest, default: int = PAGE_SIZE) -> int:
    try:
        size = int(request.GET.get(PAGE_SIZE_PARAM, default))
    except (TypeError, ValueError):
        return default
    return size if size in PAGE_SIZES else default


def search_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Answer the POST of a searching list's form: keep the searched text in the session under a
    new opaque id and send the browser to the list with that id and the other filters."""
    params = request.POST.copy()
    params.pop("csrfmiddlewaretoken", None)
    params.pop(SEARCH_ID_PARAM, None)
    text = params.pop(SEARCH_PARAM, [""])[-1].strip()
    if text:
        key = secrets.token_urlsafe(12)
        searches = {**request.session.get(SESSION_SEARCHES, {}), key: text}
        request.session[SESSION_SEARCHES] = dict(list(searches.items())[-KEPT_SEARCHES:])
        params[SEARCH_ID_PARAM] = key
    return HttpResponseRedirect(f"{request.path}?{params.urlencode()}" if params else request.path)


def _searched(request: HttpRequest) -> QueryDict:
    """The list's GET parameters with the text that the opaque id stands for; a text in the address
    itself is not searched for."""
    params = request.GET.copy()
    params.pop(SEARCH_PARAM, None)
    text = request.session.get(SESSION_SEARCHES, {}).get(request.GET.get(SEARCH_ID_PARAM, ""))
    if text:
        params[SEARCH_PARAM] = text
    return params


def list_context(
    request: HttpRequest,
    filterset_class: type[FilterSet],
    queryset: QuerySet,
    *,
    sorts: Mapping[str, SortFields],
    default_sort: str,
    page_size: int | None = None,
    search: bool = False,
    **filterset_kwargs: Any,
) -> dict[str, Any]:
    """Filter `queryset` (already scoped to the user) by the GET parameters, sort it, paginate it.

    `sorts` maps each allowed `sort` key to the field(s) it orders by (names, "-name" or OrderBy
    expressions). The FilterSet gets `request`, so its choices can be limited to the user's centre
    (a callable `queryset=lambda request: ...`, or `self.request` in `__init__`); any
    `filterset_kwargs` go to it as well. `search=True`: the form searches people and is sent by
    POST (`search_redirect`); the FilterSet reads its text as `q`.
    """
    data = _searched(request) if search else request.GET
    filterset = filterset_class(data, queryset=queryset, request=request, **filterset_kwargs)
    rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    style_filter_form(filterset.form)
    sort, order = sort_order(request.GET.get(SORT_PARAM), sorts, default_sort)
    size = page_size or page_size_of(request)
    page = paginate(rows.order_by(*order), size, request.GET.get("page"))
    filtered = filterset.is_valid() and any(
        filterset.form.cleaned_data.get(field.name) not in (None, "", [])
        for field in filterset.form.visible_fields()
    )
    # Clearing the filters keeps what the hidden fields carry (e.g. which archive the list shows).
    kept = {field.html_name: field.value() for field in filterset.form.hidden_fields() if field.value()}
    return {
        "filter_method": "post" if search else "get",
        "filter": filterset,
        "page": page,
        "sort": sort,
        "filtered": filtered,
        "page_size": size,
        "page_sizes": PAGE_SIZES,
        "clear_url": f"{request.path}?{urlencode(kept)}" if kept else request.path,
    }
