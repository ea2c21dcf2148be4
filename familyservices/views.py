"""Views of the services: every page is reached through the family (cases.access.family_view: 404
for a family the user may not see); a service of a family whose services the user may not read
answers 404 as well. Whether a step may be taken is its policy (familyservices.policies)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.access import family_view
from cases.models import Family
from contacts.policies import TEAM_ROLES
from familyservices import policies, selectors, services
from familyservices.forms import EndForm, EpisodeForm, ReferForm, SessionForm
from familyservices.models import ServiceEpisode
from familysupport.access import AuthenticatedRequest
from familysupport.forms import call_create_service, call_service, call_withdraw_service, say_created
from familysupport.models import Role
from familysupport.policies import Verdict, require_theirs
from familysupport.steps import confirm_page, confirmed, form_summary

READERS = (*TEAM_ROLES, Role.HEAD)
PLANNERS = (Role.SOCIAL_WORKER, Role.HEAD)


def _episode(request: AuthenticatedRequest, family: Family, episode_id: int) -> ServiceEpisode:
    """The family's service, or 404 when the user may not read the family's services."""
    if not policies.can_view_services(request.user, family):
        raise Http404
    return selectors.family_episode(family, episode_id)


def _step_page(
    request: AuthenticatedRequest, verdict: Verdict, episode: ServiceEpisode
) -> HttpResponse | None:
    """403 when the step is not the user's; back to the service with the reason when not now."""
    if require_theirs(verdict):
        return None
    messages.info(request, verdict.reason)
    return redirect("familyservices:episode_detail", family_id=episode.family_id, episode_id=episode.pk)


@family_view(roles=PLANNERS)
def episode_add(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    verdict = require_theirs(policies.can_plan_service(request.user, family))
    if not verdict:
        messages.info(request, verdict.reason)
        return redirect("cases:family_detail", family_id=family.pk)
    form = EpisodeForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        episode, new = call_create_service(
            form, services.episode_plan, actor=request.user, family=family, **form.cleaned_data
        )
        if episode:
            say_created(request, new, _("The service has been planned; name its provider to refer it."))
            return redirect("familyservices:episode_detail", family_id=family.pk, episode_id=episode.pk)
    return render(request, "familyservices/episode_form.html", {"family": family, "form": form})


@family_view(roles=READERS)
def episode_detail(request: AuthenticatedRequest, family: Family, episode_id: int) -> HttpResponse:
    episode = _episode(request, family, episode_id)
    return render(
        request,
        "familyservices/episode_detail.html",
        {
            "family": family,
            "episode": episode,
            "sessions": selectors.current_sessions(episode),
            "withdrawn": selectors.withdrawn_sessions(episode),
        },
    )


@family_view(roles=PLANNERS)
def episode_refer(request: AuthenticatedRequest, family: Family, episode_id: int) -> HttpResponse:
    episode = _episode(request, family, episode_id)
    if refused := _step_page(request, policies.can_refer_service(request.user, episode), episode):
        return refused
    form = ReferForm(
        request.POST or None,
        episode=episode,
        initial={
            "referred_on": timezone.localdate(),
            "member": episode.member_id,
            "goal": episode.goal,
            "planned_sessions": episode.planned_sessions,
        },
    )
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.episode_refer, actor=request.user, episode=episode, **form.cleaned_data
        ):
            messages.success(request, _("The service has been referred to its provider."))
            return redirect("familyservices:episode_detail", family_id=family.pk, episode_id=episode.pk)
    return render(
        request, "familyservices/episode_refer.html", {"family": family, "episode": episode, "form": form}
    )


@family_view(roles=(Role.SOCIAL_WORKER, Role.SPECIALIST))
def session_add(request: AuthenticatedRequest, family: Family, episode_id: int) -> HttpResponse:
    episode = _episode(request, family, episode_id)
    if refused := _step_page(request, policies.can_log_session(request.user, episode), episode):
        return refused
    form = SessionForm(request.POST or None, initial={"held_on": timezone.localdate(), "minutes": 60})
    if request.method == "POST" and form.is_valid():
        session, new = call_create_service(
            form, services.session_log, actor=request.user, episode=episode, **form.cleaned_data
        )
        if session:
            say_created(request, new, _("The session has been logged."))
            return redirect("familyservices:episode_detail", family_id=family.pk, episode_id=episode.pk)
    return render(
        request, "familyservices/session_form.html", {"family": family, "episode": episode, "form": form}
    )


@require_POST
@family_view(roles=(Role.SOCIAL_WORKER, Role.SPECIALIST))
def session_withdraw(
    request: AuthenticatedRequest, family: Family, episode_id: int, session_id: int
) -> HttpResponse:
    episode = _episode(request, family, episode_id)
    session = get_object_or_404(episode.sessions.current(), pk=session_id)
    session.episode = episode
    call_withdraw_service(
        request,
        services.session_withdraw,
        actor=request.user,
        session=session,
        success=_("The session has been withdrawn."),
    )
    return redirect("familyservices:episode_detail", family_id=family.pk, episode_id=episode.pk)


@family_view(roles=(Role.SOCIAL_WORKER, Role.HEAD, Role.SPECIALIST))
def episode_end(request: AuthenticatedRequest, family: Family, episode_id: int) -> HttpResponse:
    episode = _episode(request, family, episode_id)
    if refused := _step_page(request, policies.can_end_service(request.user, episode), episode):
        return refused
    form = EndForm(request.POST or None, episode=episode, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirm_page(
                request,
                title=_("End the service"),
                summary=form_summary(form),
                locks=_("Once ended, the service takes no more sessions and cannot be reopened."),
                button=_("End the service"),
                back=reverse("familyservices:episode_end", args=[family.pk, episode.pk]),
                header="cases/_family_header.html",
                context={"family": family},
            )
        if call_service(form, services.episode_end, actor=request.user, episode=episode, **form.cleaned_data):
            messages.success(request, _("The service has ended."))
            return redirect("familyservices:episode_detail", family_id=family.pk, episode_id=episode.pk)
    return render(
        request, "familyservices/episode_end.html", {"family": family, "episode": episode, "form": form}
    )
