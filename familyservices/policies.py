"""Who plans, refers, logs and ends the services of the forms of work with a family (one policy
per action: the service refuses by it, the templates show the button by it).

The family's responsible social worker and the head plan a service and name its provider; the
provider specialist (engaged on the family) and the responsible worker log its sessions (the worker
those an institution reports); they and the head end it with its outcome. The family's team (its
worker, its assistant, a specialist engaged on it) and the head read the services and the short
notes of their sessions; nobody else does.
"""

from django.utils.translation import gettext as _

from cases.models import Family
from cases.policies import family_open
from contacts.policies import works_with, writes_in
from familyservices.models import EpisodeStatus, ServiceEpisode, ServiceSession
from familysupport.access import is_responsible_worker
from familysupport.models import Role, User
from familysupport.policies import FORBIDDEN, Verdict, acts_in, allowed_if, allowed_when, is_head_of, policy


def _plans(user: User, family: Family) -> bool:
    """The family's responsible social worker and the head of its centre plan its services."""
    return is_responsible_worker(user, family) or is_head_of(user, family.centre_id)


def is_provider(user: User, episode: ServiceEpisode) -> bool:
    """`user` is the specialist who gives the service, and works with the family now (engaged)."""
    specialist = episode.specialist if episode.specialist_id is not None else None
    return (
        specialist is not None
        and specialist.user_id == user.pk
        and acts_in(user, episode.centre_id, Role.SPECIALIST)
        and works_with(user, episode.family)
    )


@policy
def can_view_services(user: User, family: Family) -> Verdict:
    """The family's team and the head read its services and their sessions."""
    return allowed_if(writes_in(user, family))


@policy
def can_plan_service(user: User, family: Family) -> Verdict:
    """The responsible worker or the head plans a service of a form of work for the family."""
    if not _plans(user, family):
        return FORBIDDEN
    return family_open(family)


@policy
def can_refer_service(user: User, episode: ServiceEpisode) -> Verdict:
    """The responsible worker or the head names the provider of a planned service (the referral)."""
    if not _plans(user, episode.family):
        return FORBIDDEN
    return family_open(episode.family) and allowed_when(
        episode.is_planned, _("The service already has its provider.")
    )


@policy
def can_log_session(user: User, episode: ServiceEpisode) -> Verdict:
    """The provider specialist or the responsible worker logs a session of a service under way."""
    if not (is_provider(user, episode) or is_responsible_worker(user, episode.family)):
        return FORBIDDEN
    return family_open(episode.family) and allowed_when(
        episode.is_ongoing, _("Sessions are logged while the service is under way.")
    )


@policy
def can_withdraw_session(user: User, session: ServiceSession) -> Verdict:
    """The one who logged a session withdraws it, logged by mistake, while the service is under
    way and they still work with the family."""
    episode = session.episode
    if session.author_id != user.pk or not (
        is_provider(user, episode) or is_responsible_worker(user, episode.family)
    ):
        return FORBIDDEN
    return (
        family_open(episode.family)
        and allowed_when(session.withdrawn_at is None, _("The record has been withdrawn."))
        and allowed_when(episode.is_ongoing, _("The service has ended."))
    )


@policy
def can_end_service(user: User, episode: ServiceEpisode) -> Verdict:
    """The responsible worker, the head or the provider specialist ends the service with its outcome."""
    if not (_plans(user, episode.family) or is_provider(user, episode)):
        return FORBIDDEN
    return family_open(episode.family) and allowed_when(
        episode.status != EpisodeStatus.ENDED, _("The service has already ended.")
    )
