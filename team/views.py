"""Views of the team: engage a specialist on a family, end an engagement. Thin: fetch through the
access layer, bind the form, call the service, redirect; whether a step may be taken is its policy."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import family_view
from cases.models import Family
from familysupport.access import AuthenticatedRequest
from familysupport.forms import call_create_service, call_service, say_created
from familysupport.models import Role
from familysupport.policies import require_theirs
from familysupport.steps import confirm_page, confirmed, form_summary
from team import policies, selectors, services
from team.forms import EngagementEndForm, EngagementForm

ENGAGERS = (Role.SOCIAL_WORKER, Role.HEAD)
ENDERS = (Role.SOCIAL_WORKER, Role.HEAD, Role.SPECIALIST)


def _team_section(family: Family) -> str:
    return f"{reverse('cases:family_detail', args=[family.pk])}?section=team"


@family_view(roles=ENGAGERS)
def engagement_add(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    verdict = require_theirs(policies.can_engage_specialist(request.user, family))
    # The form offers those not engaged yet; a sent form is judged by the service, so that the same
    # form sent twice leads to what it created instead of a choice no longer offered.
    offered = selectors.centre_specialists if request.method == "POST" else selectors.engageable_specialists
    form = EngagementForm(
        request.POST or None,
        specialists=offered(family),
        initial={"starts_on": timezone.localdate()},
    )
    if verdict and request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form, services.engagement_start, actor=request.user, family=family, **form.cleaned_data
        )
        if created:
            say_created(request, new, _("The specialist has been engaged on the family."))
            return redirect(_team_section(family))
    return render(request, "team/engagement_form.html", {"family": family, "form": form, "verdict": verdict})


@family_view(roles=ENDERS)
def engagement_end(request: AuthenticatedRequest, family: Family, engagement_id: int) -> HttpResponse:
    engagement = selectors.family_engagement(family, engagement_id)
    verdict = require_theirs(policies.can_end_engagement(request.user, engagement))
    form = EngagementEndForm(request.POST or None)
    if verdict and request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirm_page(
                request,
                title=_("End the engagement"),
                summary=[(_("specialist"), engagement.specialist), *form_summary(form)],
                locks=_(
                    "Once ended, the engagement cannot be resumed: the specialist no longer sees the "
                    "family; a new engagement is needed for further work."
                ),
                button=_("End the engagement"),
                back=reverse("team:engagement_end", args=[family.pk, engagement.pk]),
                header="cases/_family_header.html",
                context={"family": family},
            )
        if call_service(
            form, services.engagement_end, actor=request.user, engagement=engagement, **form.cleaned_data
        ):
            say_created(request, True, _("The engagement has ended."))
            if engagement.specialist.user_id == request.user.pk:
                return redirect("home")  # the specialist no longer sees the family
            return redirect(_team_section(family))
    return render(
        request,
        "team/engagement_end.html",
        {"family": family, "form": form, "engagement": engagement, "verdict": verdict},
    )
