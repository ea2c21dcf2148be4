from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assistants.selectors import assistants_of_centre
from familysupport.access import role_required
from familysupport.models import Role


@role_required(Role.HEAD)
def caseload(request: HttpRequest) -> HttpResponse:
    """Each assistant of the centre with the families they work with against their cap."""
    return render(
        request, "assistants/caseload.html", {"assistants": assistants_of_centre(request.user.centre_id)}
    )
