"""The engagement of a specialist on a family: its start, its end by hand, and its expiry.

A specialist sees a family only while engaged on it (the object rights granted at the start and
revoked at the end, familysupport.access), for the purpose and the period the engagement names.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assistants.models import WorkPlan
from cases.models import Family, Interview
from familysupport import audit
from familysupport.access import family_access_grant, family_access_revoke
from familysupport.models import AuditAction, Role, User
from familysupport.policies import require
from familysupport.transitions import move
from team import policies
from team.models import Contribution, Engagement, EngagementStatus, Specialist, latest_until


def _lock_family(family: Family) -> Family:
    family.refresh_from_db(from_queryset=Family.objects.select_for_update())
    return family


def validate_period(*, starts_on: datetime.date, until: datetime.date, today: datetime.date) -> None:
    """The period of an engagement: it has begun (from today at the latest), runs at least until
    today, ends on or after its start, and lasts at most MAX_ENGAGEMENT_DAYS."""
    errors: dict[str, str] = {}
    if starts_on > today:
        errors["starts_on"] = _(
            "An engagement is recorded when it begins: the start cannot be in the future."
        )
    if until < starts_on:
        errors["until"] = _("The engagement cannot end before it starts.")
    elif until < today:
        errors["until"] = _("The end of the engagement cannot be in the past.")
    elif until > latest_until(starts_on):
        errors["until"] = _("An engagement lasts at most a year; it ends on %(date)s at the latest.") % {
            "date": date_format(latest_until(starts_on), "SHORT_DATE_FORMAT")
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def engagement_start(
    *,
    actor: User,
    family: Family,
    specialist: Specialist,
    purpose: str,
    starts_on: datetime.date,
    until: datetime.date,
) -> Engagement:
    """Engage a specialist of the centre on the family for a purpose and a period, and give them
    access to it (seed 002: the consultants join the team working with the family)."""
    family = _lock_family(family)
    require(policies.can_engage_specialist(actor, family))
    specialist = Specialist.objects.select_related("user").get(pk=specialist.pk)
    if not (
        specialist.active
        and specialist.centre_id == family.centre_id
        and specialist.user.is_active
        and specialist.user.centre_id == family.centre_id
        and specialist.user.has_role(Role.SPECIALIST)
    ):
        raise ValidationError({"specialist": _("Choose an active specialist of this centre.")})
    if specialist.user_id == family.social_worker_id:
        raise ValidationError(
            {"specialist": _("The family's responsible worker cannot be engaged as its specialist.")}
        )
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("Say what the specialist is engaged for.")})
    validate_period(starts_on=starts_on, until=until, today=timezone.localdate())
    try:
        with transaction.atomic():
            engagement = Engagement.objects.create(
                centre_id=family.centre_id,
                family=family,
                specialist=specialist,
                purpose=purpose,
                starts_on=starts_on,
                until=until,
                engaged_by=actor,
            )
    except IntegrityError:
        raise ValidationError(
            {"specialist": _("The specialist is already engaged on this family.")}
        ) from None
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        target=engagement,
        family_id=family.pk,
        specialist=specialist.pk,
        until=until.isoformat(),
    )
    family_access_grant(actor=actor, user=specialist.user, family=family)
    return engagement


def _close(
    engagement: Engagement, *, to: str, actor: User | None, ended_on: datetime.date, reason: str
) -> None:
    engagement.ended_on, engagement.ended_by, engagement.end_reason = ended_on, actor, reason
    move(engagement, to, also_update=("ended_on", "ended_by", "end_reason"))
    audit.record(
        actor=actor, action=AuditAction.UPDATE, target=engagement, family_id=engagement.family_id, status=to
    )
    family_access_revoke(actor=actor, user=engagement.specialist.user, family=engagement.family)


def _lock(engagement: Engagement) -> Engagement:
    locked: Engagement = (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("specialist__user", "family")
        .get(pk=engagement.pk)
    )
    return locked


@transaction.atomic
def engagement_end(*, actor: User, engagement: Engagement, reason: str) -> Engagement:
    """End an engagement by hand, with a reason (the work is done, it was engaged by mistake):
    the specialist's access to the family ends with it."""
    engagement = _lock(engagement)
    require(policies.can_end_engagement(actor, engagement))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the engagement ends.")})
    _close(engagement, to=EngagementStatus.ENDED, actor=actor, ended_on=timezone.localdate(), reason=reason)
    return engagement


@transaction.atomic
def engagement_expire(*, engagement: Engagement, today: datetime.date | None = None) -> bool:
    """End an engagement whose period is over (the daily command, as the system): True when it did,
    False when it had been ended meanwhile or is still within its period."""
    today = today or timezone.localdate()
    engagement = _lock(engagement)
    if not engagement.is_active or engagement.until >= today:
        return False
    _close(engagement, to=EngagementStatus.EXPIRED, actor=None, ended_on=engagement.until, reason="")
    return True


# Co-authors of the diagnosis and the work plan ----------------------------------------------


@transaction.atomic
def contribution_add(
    *, actor: User, interview: Interview | None = None, work_plan: WorkPlan | None = None, text: str
) -> Contribution:
    """Write a co-author's part of the diagnosis (a draft interview) or of a draft work plan: it
    is shown as theirs, with their role or specialty, on the document's page and print."""
    document = interview or work_plan
    assert document is not None and (interview is None) != (work_plan is None)  # one document
    # The family's row locked first, as every service of a family; the document's state read afresh.
    family = _lock_family(document.family)
    document.refresh_from_db(fields=["status"])
    if interview is not None:
        require(policies.can_contribute_to_interview(actor, interview))
    else:
        assert work_plan is not None
        require(policies.can_contribute_to_plan(actor, work_plan))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your contribution.")})
    profile = Specialist.objects.filter(user=actor, centre_id=family.centre_id).first()
    role = next(
        role for role in (Role.SPECIALIST, Role.FAMILY_ASSISTANT, Role.SOCIAL_WORKER) if actor.has_role(role)
    )
    contribution = Contribution.objects.create(
        centre_id=family.centre_id,
        family=family,
        interview=interview,
        work_plan=work_plan,
        text=text,
        author=actor,
        author_role=role,
        specialty=profile.specialty if profile is not None and role == Role.SPECIALIST else "",
    )
    audit.record(actor=actor, action=AuditAction.CREATE, target=contribution, family_id=family.pk)
    return contribution


@transaction.atomic
def contribution_withdraw(*, actor: User, contribution: Contribution, reason: str) -> Contribution:
    """Withdraw a contribution written by mistake, with the reason (it stays in the record)."""
    _lock_family(contribution.family)
    contribution.refresh_from_db(from_queryset=Contribution.objects.select_for_update())
    require(policies.can_withdraw_contribution(actor, contribution))
    audit.withdraw(actor=actor, target=contribution, reason=reason, family_id=contribution.family_id)
    return contribution
