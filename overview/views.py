"""The start page and the user's deadlines."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from familysupport.access import AuthenticatedRequest, authenticated
from familysupport.cache import cached_fragment
from familysupport.deadlines import as_deadlines
from familysupport.lists import page_size_of, paginate
from overview.dashboard import dashboard_for
from overview.deadlines import owned_rows


@authenticated
def home(request: AuthenticatedRequest) -> HttpResponse:
    """The start page: each role's own work first, in the panels the apps declare (kept until the
    data changes)."""

    def context() -> dict[str, Any]:
        return dashboard_for(request.user)

    dashboard = cached_fragment(request, "dashboard", "overview/_dashboard.html", context)
    return render(request, "overview/home.html", {"dashboard": dashboard})


@authenticated
def my_deadlines(request: AuthenticatedRequest) -> HttpResponse:
    """Every open deadline the user owns, soonest first (the same items the reminders carry): a page
    of the stored rows and their count, whatever the caseload."""
    page = paginate(owned_rows(request.user), page_size_of(request), request.GET.get("page"))
    centre = request.user.centre
    items = as_deadlines(page.object_list, centre) if centre is not None else []
    return render(request, "overview/my_deadlines.html", {"deadlines": items, "page": page})
