"""The start page and the user's deadlines."""

from django.http import HttpResponse
from django.shortcuts import render

from familysupport.access import AuthenticatedRequest, authenticated
from familysupport.deadlines import as_deadlines
from familysupport.lists import page_size_of, paginate
from overview.dashboard import dashboard_for
from overview.deadlines import owned_rows


@authenticated
def home(request: AuthenticatedRequest) -> HttpResponse:
    """The start page: each role's own work first, in the panels the apps declare."""
    return render(request, "overview/home.html", dashboard_for(request.user))


@authenticated
def my_deadlines(request: AuthenticatedRequest) -> HttpResponse:
    """Every open deadline the user owns, soonest first (the same items the reminders carry): a page
    of the stored rows and their count, whatever the caseload."""
    page = paginate(owned_rows(request.user), page_size_of(request), request.GET.get("page"))
    centre = request.user.centre
    items = as_deadlines(page.object_list, centre) if centre is not None else []
    return render(request, "overview/my_deadlines.html", {"deadlines": items, "page": page})
