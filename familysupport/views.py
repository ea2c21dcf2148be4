from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assistants.selectors import assignments_of, assistants_of_centre
from cases.models import FamilyStatus
from cases.selectors import families_visible_to, family_next_step, requests_awaiting_decision
from familysupport.access import authenticated
from familysupport.models import Role

DASHBOARD_ROWS = 10
# Families of a social worker whose next step is theirs to take.
WORKER_STATUSES = (
    FamilyStatus.REPORTED,
    FamilyStatus.INTERVIEWED,
    FamilyStatus.ANALYSED,
    FamilyStatus.REQUEST_RETURNED,
)


@authenticated
def home(request: HttpRequest) -> HttpResponse:
    """The start page: each role's own work first."""
    user = request.user
    context = {}
    if user.has_role(Role.SOCIAL_WORKER):
        families = (
            families_visible_to(user)
            .filter(social_worker=user, status__in=WORKER_STATUSES)
            .order_by("created_at")[:DASHBOARD_ROWS]
        )
        context["worker_families"] = [(family, family_next_step(family)) for family in families]
    if user.has_role(Role.FAMILY_ASSISTANT):
        context["assignments"] = assignments_of(user)[:DASHBOARD_ROWS]
    if user.has_role(Role.HEAD):
        context["pending_requests"] = requests_awaiting_decision(user)[:DASHBOARD_ROWS]
        context["assistants"] = assistants_of_centre(user.centre_id)
    context["has_case_work"] = bool(context)
    return render(request, "familysupport/home.html", context)
