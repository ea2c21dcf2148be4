"""Every change to the services of the forms of work with a family, one function per step: planned
(by hand, or opened by the analysis' choice of other forms of support), referred to its provider,
a session logged or withdrawn, ended with its outcome. Each takes keyword-only arguments with the
acting user first, runs in one transaction, locks the family's row first, asks the step's policy
(familyservices.policies), validates, saves, and writes the audit record."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Analysis, Family, FamilyMember
from cases.policies import require_family_open
from familyservices import policies
from familyservices.models import (
    FORM_OF_SUPPORT,
    MAX_PLANNED_SESSIONS,
    MAX_SESSION_MINUTES,
    EpisodeStatus,
    Outcome,
    ServiceEpisode,
    ServiceSession,
)
from familysupport import audit
from familysupport.models import AuditAction, User
from familysupport.policies import require
from familysupport.transitions import move
from institutions.models import Institution
from team import services as team_services
from team.models import Engagement, Specialist


def _lock_family(family: Family) -> Family:
    family.refresh_from_db(from_queryset=Family.objects.select_for_update())
    return family


def _lock_episode(episode: ServiceEpisode) -> ServiceEpisode:
    """The service and its family, the family's row locked first (as every service of a family)."""
    family = _lock_family(episode.family)
    episode.refresh_from_db(from_queryset=ServiceEpisode.objects.select_for_update(of=("self",)))
    episode.family = family
    return episode


def _check_member(family: Family, member: FamilyMember | None) -> None:
    if member is not None and (member.family_id != family.pk or member.withdrawn_at is not None):
        raise ValidationError({"member": _("Choose a member of this family.")})


def _check_planned_sessions(planned_sessions: int | None) -> None:
    if planned_sessions is not None and not 1 <= planned_sessions <= MAX_PLANNED_SESSIONS:
        raise ValidationError(
            {"planned_sessions": _("Plan from 1 to %(most)d sessions.") % {"most": MAX_PLANNED_SESSIONS}}
        )


def _create(*, actor: User, family: Family, analysis: Analysis | None = None, **fields) -> ServiceEpisode:
    episode = ServiceEpisode.objects.create(
        centre_id=family.centre_id, family=family, analysis=analysis, created_by=actor, **fields
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        target=episode,
        family_id=family.pk,
        form=episode.form,
        analysis=analysis.pk if analysis else None,
    )
    return episode


@transaction.atomic
def episode_plan(
    *,
    actor: User,
    family: Family,
    form: str,
    member: FamilyMember | None,
    goal: str,
    planned_sessions: int | None,
) -> ServiceEpisode:
    """Plan a service of a form of work for the family or one of its members (art. 10 ust. 3 of
    the Act); its provider is named at the referral (`episode_refer`)."""
    family = _lock_family(family)
    require(policies.can_plan_service(actor, family))
    _check_member(family, member)
    _check_planned_sessions(planned_sessions)
    return _create(
        actor=actor,
        family=family,
        form=form,
        member=member,
        goal=goal.strip(),
        planned_sessions=planned_sessions,
    )


def episodes_from_analysis(*, actor: User, analysis: Analysis) -> list[ServiceEpisode]:
    """Open a planned service for each form of support the analysis chose that the centre's team
    or an institution gives (models.FORM_OF_SUPPORT), for the whole family, in the analysis' own
    transaction (registry.ANALYSIS_FOLLOW_UPS; the analysis' policy has let the actor record it)."""
    require_family_open(_lock_family(analysis.family))
    forms = [FORM_OF_SUPPORT[code] for code in analysis.support_forms if code in FORM_OF_SUPPORT]
    return [
        _create(actor=actor, family=analysis.family, analysis=analysis, form=form, member=None, goal="")
        for form in forms
    ]


@transaction.atomic
def episode_refer(
    *,
    actor: User,
    episode: ServiceEpisode,
    specialist: Specialist | None,
    institution: Institution | None,
    referred_on: datetime.date,
    planned_sessions: int | None,
    member: FamilyMember | None,
    goal: str,
) -> ServiceEpisode:
    """Name the provider of a planned service, the referral date and the sessions planned: the
    service is under way. A specialist gives it only while engaged on the family (team app)."""
    episode = _lock_episode(episode)
    require(policies.can_refer_service(actor, episode))
    family = episode.family
    errors: dict[str, str] = {}
    if (specialist is None) == (institution is None):
        errors["specialist"] = _("Name one provider: a specialist of the centre or an institution.")
    elif specialist is not None and not (
        specialist.active
        and specialist.centre_id == family.centre_id
        and Engagement.objects.active().filter(family=family, specialist=specialist).exists()
    ):
        errors["specialist"] = _("Engage the specialist on the family first; then refer the service to them.")
    elif institution is not None and not (
        institution.centre_id == family.centre_id and institution.is_active
    ):
        errors["institution"] = _("Choose an active institution of the centre's directory.")
    today = timezone.localdate()
    if referred_on > today:
        errors["referred_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    _check_member(family, member)
    _check_planned_sessions(planned_sessions)
    episode.specialist, episode.institution = specialist, institution
    episode.referred_on, episode.planned_sessions = referred_on, planned_sessions
    episode.member, episode.goal = member, goal.strip()
    move(
        episode,
        EpisodeStatus.ONGOING,
        also_update=("specialist", "institution", "referred_on", "planned_sessions", "member", "goal"),
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=episode,
        family_id=family.pk,
        status=EpisodeStatus.ONGOING,
        specialist=specialist.pk if specialist else None,
        institution=institution.pk if institution else None,
    )
    return episode


@transaction.atomic
def session_log(
    *, actor: User, episode: ServiceEpisode, held_on: datetime.date, minutes: int, attended: bool, note: str
) -> ServiceSession:
    """Log a session of a service under way: its date, duration, whether the family came, and a
    short note the family's team reads."""
    episode = _lock_episode(episode)
    require(policies.can_log_session(actor, episode))
    errors: dict[str, str] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = _(
            "A session is logged once it has taken place: the date cannot be in the future."
        )
    elif episode.referred_on and held_on < episode.referred_on:
        errors["held_on"] = _("The session cannot be earlier than the referral (%(date)s).") % {
            "date": episode.referred_on.strftime("%d.%m.%Y")
        }
    if not 1 <= (minutes or 0) <= MAX_SESSION_MINUTES:
        errors["minutes"] = _("A session lasts from 1 minute to 8 hours.")
    if errors:
        raise ValidationError(errors)
    session = ServiceSession.objects.create(
        episode=episode, held_on=held_on, minutes=minutes, attended=attended, note=note.strip(), author=actor
    )
    audit.record(
        actor=actor, action=AuditAction.CREATE, target=session, family_id=episode.family_id, attended=attended
    )
    return session


@transaction.atomic
def session_withdraw(*, actor: User, session: ServiceSession, reason: str) -> ServiceSession:
    """Withdraw a session logged by mistake, with the reason (it stays in the record)."""
    _lock_episode(session.episode)
    session.refresh_from_db(from_queryset=ServiceSession.objects.select_for_update())
    require(policies.can_withdraw_session(actor, session))
    audit.withdraw(actor=actor, target=session, reason=reason, family_id=session.episode.family_id)
    return session


@transaction.atomic
def episode_end(
    *,
    actor: User,
    episode: ServiceEpisode,
    ended_on: datetime.date,
    outcome: str,
    summary: str,
    end_engagement: bool = False,
) -> ServiceEpisode:
    """End the service with its outcome and summary. Where a specialist gave it, their engagement
    on the family may end with it (`end_engagement`), unless they still give the family another."""
    episode = _lock_episode(episode)
    require(policies.can_end_service(actor, episode))
    errors: dict[str, str] = {}
    if ended_on > timezone.localdate():
        errors["ended_on"] = _("The date cannot be in the future.")
    elif episode.referred_on and ended_on < episode.referred_on:
        errors["ended_on"] = _("The service cannot end before its referral.")
    elif episode.sessions.current().filter(held_on__gt=ended_on).exists():
        errors["ended_on"] = _("A session was held after this date.")
    if episode.is_planned and outcome not in (Outcome.NOT_TAKEN_UP, Outcome.REFERRED):
        errors["outcome"] = _("A service that never began was not taken up or was referred elsewhere.")
    if not summary.strip():
        errors["summary"] = _("Sum up the service.")
    if errors:
        raise ValidationError(errors)
    episode.ended_on, episode.outcome, episode.outcome_summary = ended_on, outcome, summary.strip()
    episode.ended_by = actor
    move(episode, EpisodeStatus.ENDED, also_update=("ended_on", "outcome", "outcome_summary", "ended_by"))
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=episode,
        family_id=episode.family_id,
        status=EpisodeStatus.ENDED,
        outcome=outcome,
    )
    if end_engagement and episode.specialist_id is not None:
        _end_engagement_with(actor, episode)
    return episode


def _end_engagement_with(actor: User, episode: ServiceEpisode) -> None:
    """The provider's engagement on the family ends with its last service under way."""
    specialist = episode.specialist
    assert specialist is not None  # the caller: a specialist gave the service
    still_giving = ServiceEpisode.objects.filter(
        family_id=episode.family_id, specialist=specialist, status=EpisodeStatus.ONGOING
    ).exists()
    engagement = (
        Engagement.objects.active().filter(family_id=episode.family_id, specialist=specialist).first()
    )
    if engagement is None or still_giving:
        return
    team_services.engagement_end(
        actor=actor,
        engagement=engagement,
        reason=_("The service has ended: %(form)s.") % {"form": episode.get_form_display()},
    )
