"""Reads of the services, already scoped: the family's through the family the access layer
fetched for the user (cases.access.family_view), the start pages' and figures' by the centre."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from cases.models import Family, FamilyMember
from familyservices.models import EpisodeStatus, ServiceEpisode, ServiceSession
from familysupport.models import User
from institutions.models import Institution
from team.models import Engagement, Specialist

HELD = Q(sessions__withdrawn_at__isnull=True, sessions__attended=True)


def _with_counts(episodes: QuerySet[ServiceEpisode]) -> QuerySet[ServiceEpisode]:
    """Episodes with their provider, member and the number of sessions held (one query)."""
    return episodes.select_related("specialist__user", "institution", "member").annotate(
        held=Count("sessions", filter=HELD)
    )


def family_episodes(family: Family) -> list[ServiceEpisode]:
    """The family's services: planned and under way first, then the ended, newest first."""
    episodes = _with_counts(ServiceEpisode.objects.filter(family=family, centre_id=family.centre_id))
    order = {EpisodeStatus.PLANNED: 0, EpisodeStatus.ONGOING: 1, EpisodeStatus.ENDED: 2}
    return sorted(
        episodes, key=lambda item: (order[EpisodeStatus(item.status)], -item.created_at.timestamp())
    )


def family_episode(family: Family, episode_id: int) -> ServiceEpisode:
    """One service of the family (the family was fetched for the user), or 404."""
    episode: ServiceEpisode = get_object_or_404(
        _with_counts(ServiceEpisode.objects.filter(family=family, centre_id=family.centre_id)), pk=episode_id
    )
    episode.family = family
    return episode


def current_sessions(episode: ServiceEpisode) -> QuerySet[ServiceSession]:
    return episode.sessions.current().select_related("author").order_by("held_on", "id")


def withdrawn_sessions(episode: ServiceEpisode) -> QuerySet[ServiceSession]:
    return episode.sessions.withdrawn().select_related("withdrawn_by").order_by("-withdrawn_at")


def family_members(family: Family) -> QuerySet[FamilyMember]:
    """Whom a service may be for: the family's current members, the eldest first."""
    return FamilyMember.objects.current().filter(family=family).order_by("birth_date", "id")


def engaged_specialists(family: Family) -> QuerySet[Specialist]:
    """The specialists who may give the family a service: engaged on it now, active."""
    engaged = Engagement.objects.active().filter(family=family).values("specialist_id")
    return (
        Specialist.objects.available()
        .filter(pk__in=engaged, centre_id=family.centre_id)
        .select_related("user")
    )


def centre_institutions(family: Family) -> QuerySet[Institution]:
    """The institutions of the family's centre's directory a service may be referred to."""
    return Institution.objects.filter(centre_id=family.centre_id, is_active=True).order_by("name", "id")


def provider_services(user: User) -> QuerySet[ServiceEpisode]:
    """The services the specialist gives now, in their centre, with the sessions held."""
    if user.centre_id is None:
        return ServiceEpisode.objects.none()
    return _with_counts(
        ServiceEpisode.objects.filter(
            centre_id=user.centre_id, specialist__user=user, status=EpisodeStatus.ONGOING
        ).select_related("family")
    ).order_by("referred_on", "id")


def sessions_in(centre_id: int, start: datetime.date, end: datetime.date) -> QuerySet[ServiceSession]:
    """The centre's current sessions held (or missed) between `start` and `end`."""
    return ServiceSession.objects.current().filter(
        episode__centre_id=centre_id, held_on__gte=start, held_on__lte=end
    )


def services_by_form(centre_id: int) -> list[dict]:
    """The centre's services planned and under way, counted by form (one query)."""
    return list(
        ServiceEpisode.objects.filter(
            centre_id=centre_id, status__in=(EpisodeStatus.PLANNED, EpisodeStatus.ONGOING)
        )
        .values("form")
        .annotate(
            planned=Count("pk", filter=Q(status=EpisodeStatus.PLANNED)),
            ongoing=Count("pk", filter=Q(status=EpisodeStatus.ONGOING)),
        )
        .order_by("form")
    )
