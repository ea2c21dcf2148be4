"""The start page and the user's deadlines."""

from django.http import HttpResponse
from django.shortcuts import render

from familysupport.access import AuthenticatedRequest, authenticated
from overview.dashboard import dashboard_for
from overview.deadlines import deadlines_for


@authenticated
def home(request: AuthenticatedRequest) -> HttpResponse:
    """The start page: each role's own work first, in the panels the apps declare."""
    return render(request, "overview/home.html", dashboard_for(request.user))


@authenticated
def my_deadlines(request: AuthenticatedRequest) -> HttpResponse:
    """Every open deadline the user owns, soonest first (the same items the reminders carry)."""
    return render(request, "overview/my_deadlines.html", {"deadlines": deadlines_for(request.user)})
