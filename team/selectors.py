"""Reads of the team: specialists of a centre, engagements of a family, of a specialist."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from assistants.models import WorkPlan
from cases.models import Family, Interview
from familysupport.models import Role, User
from team.models import Contribution, Engagement, EngagementStatus, Specialist


def engaged_families(user: User) -> Q:
    """The specialist's families on the lists: those of their active engagements, as the object
    rights granted at the start and revoked at the end (by hand or at expiry) say."""
    return Q(pk__in=Engagement.objects.active().filter(specialist__user=user).values("family_id"))


def centre_specialists(family: Family) -> QuerySet[Specialist]:
    """The family's centre's specialists who may be engaged at all: active, holding the role."""
    return (
        Specialist.objects.available()
        .filter(
            centre_id=family.centre_id, user__centre_id=family.centre_id, user__groups__name=Role.SPECIALIST
        )
        .select_related("user")
        .distinct()
    )


def engageable_specialists(family: Family) -> QuerySet[Specialist]:
    """The centre's specialists offered for the family now: not already engaged on it, and not its
    responsible worker (the service refuses either)."""
    engaged = Engagement.objects.active().filter(specialist=OuterRef("pk"), family=family)
    return centre_specialists(family).exclude(Exists(engaged)).exclude(user_id=family.social_worker_id)


def family_engagements(family: Family) -> list[Engagement]:
    """The family's engagements, the active first, then the newest, with their people."""
    engagements = family.engagements.filter(centre_id=family.centre_id).select_related(
        "specialist__user", "engaged_by", "ended_by", "family"
    )
    return sorted(engagements, key=lambda item: (not item.is_active, -item.starts_on.toordinal(), -item.pk))


def family_engagement(family: Family, engagement_id: int) -> Engagement:
    """One engagement of the family (the family was fetched for the user), or 404."""
    engagement: Engagement = get_object_or_404(
        Engagement.objects.select_related("specialist__user", "family").filter(family=family),
        pk=engagement_id,
    )
    return engagement


def engagements_of(user: User) -> QuerySet[Engagement]:
    """The specialist's active engagements in their centre, the soonest to end first."""
    if user.centre_id is None:
        return Engagement.objects.none()
    return (
        Engagement.objects.active()
        .filter(specialist__user=user, centre_id=user.centre_id)
        .select_related("family")
        .order_by("until", "id")
    )


def specialists_load(centre_id: int) -> QuerySet[Specialist]:
    """The centre's specialists with the number of their active engagements (one query)."""
    specialists: QuerySet[Specialist] = (
        Specialist.objects.filter(centre_id=centre_id)
        .select_related("user")
        .annotate(engaged=Count("engagements", filter=Q(engagements__status=EngagementStatus.ACTIVE)))
    )
    return specialists


def engagements_past_until(today: datetime.date) -> QuerySet[Engagement]:
    """Every centre's active engagements whose period is over: for the daily expiry only."""
    return Engagement.objects.past_until(today).select_related("specialist__user", "family").order_by("id")


def contributions_to(document: Interview | WorkPlan) -> list[Contribution]:
    """The current contributions of the co-authors to an interview or a work plan, oldest first."""
    found: list[Contribution] = list(
        document.contributions.current().filter(centre_id=document.family.centre_id).select_related("author")
    )
    return found


def family_contribution(family: Family, contribution_id: int) -> Contribution:
    """One current contribution to a document of the family (fetched for the user), or 404."""
    contribution: Contribution = get_object_or_404(
        Contribution.objects.current()
        .filter(family=family, centre_id=family.centre_id)
        .select_related("interview", "work_plan", "author"),
        pk=contribution_id,
    )
    contribution.family = family
    return contribution
