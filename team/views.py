"""Views of the team: engage a specialist on a family, end an engagement. Thin: fetch through the
access layer, bind the form, call the service, redirect; whether a step may be taken is its policy."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assistants.models import WorkPlan
from assistants.selectors.plans import family_work_plan
from cases.access import family_view
from cases.models import Family, Interview
from cases.selectors import family_interview
from familysupport.access import AuthenticatedRequest
from familysupport.forms import call_create_service, call_service, call_withdraw_service, say_created
from familysupport.models import Role
from familysupport.policies import Verdict, require_theirs
from familysupport.steps import confirm_page, confirmed, form_summary
from team import policies, selectors, services
from team.forms import ContributionForm, EngagementEndForm, EngagementForm

ENGAGERS = (Role.SOCIAL_WORKER, Role.HEAD)
ENDERS = (Role.SOCIAL_WORKER, Role.HEAD, Role.SPECIALIST)
# The team writes its parts of the diagnosis and the plan (contacts.policies.TEAM_ROLES).
CONTRIBUTORS = (Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.SPECIALIST)


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


# Co-authors of the diagnosis and the work plan ----------------------------------------------


def _contribution_page(
    request: AuthenticatedRequest,
    family: Family,
    document: Interview | WorkPlan,
    verdict: Verdict,
    back: str,
    **service: Interview | WorkPlan,
) -> HttpResponse:
    """The form of a co-author's contribution to `document`: 403 when not theirs, back to the
    document with the reason when not now; a form sent twice adds one contribution."""
    if not require_theirs(verdict):
        messages.info(request, verdict.reason)
        return redirect(back)
    form = ContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form, services.contribution_add, actor=request.user, text=form.cleaned_data["text"], **service
        )
        if created:
            say_created(request, new, _("Your contribution has been added to the document."))
            return redirect(back)
    return render(
        request,
        "team/contribution_form.html",
        {"family": family, "document": document, "form": form, "back": back},
    )


@family_view(roles=CONTRIBUTORS)
def interview_contribution_add(
    request: AuthenticatedRequest, family: Family, interview_id: int
) -> HttpResponse:
    interview = family_interview(family, interview_id)
    return _contribution_page(
        request,
        family,
        interview,
        policies.can_contribute_to_interview(request.user, interview),
        reverse("cases:interview_detail", args=[family.pk, interview.pk]),
        interview=interview,
    )


@family_view(roles=CONTRIBUTORS)
def plan_contribution_add(request: AuthenticatedRequest, family: Family, plan_id: int) -> HttpResponse:
    plan = family_work_plan(family, plan_id)
    return _contribution_page(
        request,
        family,
        plan,
        policies.can_contribute_to_plan(request.user, plan),
        reverse("assistants:work_plan_detail", args=[family.pk, plan.pk]),
        work_plan=plan,
    )


@require_POST
@family_view(roles=CONTRIBUTORS)
def contribution_withdraw(
    request: AuthenticatedRequest, family: Family, contribution_id: int
) -> HttpResponse:
    contribution = selectors.family_contribution(family, contribution_id)
    call_withdraw_service(
        request,
        services.contribution_withdraw,
        actor=request.user,
        contribution=contribution,
        success=_("The contribution has been withdrawn."),
    )
    if contribution.interview_id:
        return redirect("cases:interview_detail", family_id=family.pk, interview_id=contribution.interview_id)
    return redirect("assistants:work_plan_detail", family_id=family.pk, plan_id=contribution.work_plan_id)
