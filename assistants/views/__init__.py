"""The assistants' pages, one module per seam: `lifecycle`, `plans`, `assessments`, `court`.

Whether a step may be taken is the step's policy (assistants.policies): the service refuses by it,
the templates show the step's button by it, and a page that opens the step's form asks it too
(`step_page`); the views decide nothing of it themselves.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from familysupport.access import AuthenticatedRequest
from familysupport.policies import Verdict, require_theirs


def step_page(request: AuthenticatedRequest, verdict: Verdict, back: str, **ids: int) -> HttpResponse | None:
    """The form page of a step, as the step's policy answers: 403 when the step is not the user's;
    when it is theirs but not now, back to the page `back` (with `ids`) with the reason; None when
    the form is to be shown."""
    if require_theirs(verdict):
        return None
    messages.info(request, verdict.reason)
    return redirect(reverse(back, kwargs=ids))
