"""Reads about assistants, scoped to the user's centre."""

from django.db.models import Count, Q, QuerySet

from assistants.models import Assignment, AssistantProfile
from familysupport.models import Role, User


def assistants_of_centre(centre_id: int) -> QuerySet[AssistantProfile]:
    """Active assistants of the centre, each with `active_families` counted."""
    return (
        AssistantProfile.objects.filter(
            centre_id=centre_id, user__is_active=True, user__groups__name=Role.FAMILY_ASSISTANT
        )
        .select_related("user")
        .annotate(active_families=Count("assignments", filter=Q(assignments__ended_on__isnull=True)))
    )


def active_assignment(family) -> Assignment | None:
    return family.assignments.filter(ended_on__isnull=True).select_related("assistant__user").first()


def assignments_of(user: User) -> QuerySet[Assignment]:
    """The assistant's own active assignments."""
    return Assignment.objects.filter(
        assistant__user=user, assistant__centre_id=user.centre_id, ended_on__isnull=True
    ).select_related("family")
