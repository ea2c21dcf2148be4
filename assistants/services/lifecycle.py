"""The assistant's work with a family from the head's decision to the closing of the case.

The head's decision on a request (art. 11 ust. 2), the assignment under the caseload cap (art. 15
ust. 4) and the handover to another assistant; the assistant's profile (art. 12); the end of work,
the monitoring after it and the closing of the case. Each service asks its step's policy
(assistants.policies.lifecycle: the actor's right, the state, an archived case) on the row it has
locked or read afresh, then checks its input, and writes the audit record in the same transaction.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assistants.models import (
    CASELOAD_CAP,
    Assignment,
    AssistantProfile,
    Decision,
    DecisionOutcome,
    EndReason,
    MonitoringNote,
    WorkEnd,
)
from assistants.policies import lifecycle as policies
from assistants.selectors.lifecycle import open_monitoring
from cases.models import AssignmentRequest, ConsentBasis, Family, FamilyStatus, RequestStatus
from cases.services import archive_family
from familysupport import audit
from familysupport.access import family_access_grant, family_access_revoke
from familysupport.models import AuditAction, Role, User
from familysupport.policies import require
from familysupport.transitions import move


def lock_family(family: Family) -> Family:
    """Lock the family's row until the transaction ends and read it afresh into `family` itself, so
    that the policy judges the current state (an archive waits, or is seen) and the caller's
    object shows the change."""
    family.refresh_from_db(from_queryset=Family.objects.select_for_update())
    return family


def _caseload(assistant: AssistantProfile) -> int:
    """The families the assistant works with now, counted afresh: called under the lock on the
    assistant's row, so the count sees every assignment committed before the lock was taken."""
    count: int = (
        AssistantProfile.objects.with_caseload()
        .values_list("active_families", flat=True)
        .get(pk=assistant.pk)
    )
    return count


@transaction.atomic
def assignment_start(
    *,
    actor: User,
    family,
    assistant: AssistantProfile,
    decision=None,
    started_on: datetime.date,
) -> Assignment:
    """Start an assistant's work with a family and give the assistant access to it.

    Art. 15 ust. 4: an assistant works with at most 15 families at the same time, or fewer when
    the head set a lower cap. The assistant's row is locked while the active families are counted,
    so parallel decisions cannot together exceed the cap. A family has one active assignment at a
    time (a database constraint).
    """
    family = lock_family(family)
    require(policies.can_start_assignment(actor, family))
    assistant = (
        AssistantProfile.objects.select_for_update(of=("self",)).select_related("user").get(pk=assistant.pk)
    )
    if assistant.centre_id != family.centre_id or not assistant.user.has_role(Role.FAMILY_ASSISTANT):
        raise ValidationError({"assistant": _("Choose an assistant of this centre.")})
    active = _caseload(assistant)
    if active >= assistant.caseload_cap:
        raise ValidationError(
            {
                "assistant": ngettext(
                    "%(assistant)s already works with %(count)d family, the cap is %(cap)d.",
                    "%(assistant)s already works with %(count)d families, the cap is %(cap)d.",
                    active,
                )
                % {"assistant": assistant, "count": active, "cap": assistant.caseload_cap}
            }
        )
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                family=family,
                assistant=assistant,
                decision=decision,
                started_on=started_on,
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("The family already has a family assistant.")) from None
    audit.record(
        actor=actor, action=AuditAction.ASSIGN, target=assignment, family_id=family.pk, assistant=assistant.pk
    )
    family_access_grant(actor=actor, user=assistant.user, family=family)
    return assignment


DECISION_FAMILY_STATUS: dict[str, FamilyStatus] = {
    DecisionOutcome.ASSIGN: FamilyStatus.ASSISTANT_ASSIGNED,
    DecisionOutcome.MUNICIPAL_UNIT: FamilyStatus.REFERRED,
    DecisionOutcome.COMMISSIONED: FamilyStatus.REFERRED,
    DecisionOutcome.RETURN: FamilyStatus.REQUEST_RETURNED,
    DecisionOutcome.REFUSE: FamilyStatus.REQUEST_REFUSED,
}


def _validate_decision(
    *,
    request: AssignmentRequest,
    outcome: str,
    assistant: AssistantProfile | None,
    entity: str,
    comment: str,
) -> None:
    if request.consent.basis == ConsentBasis.MINOR_PARENT and outcome != DecisionOutcome.ASSIGN:
        raise ValidationError(
            {"outcome": _("For a minor parent (art. 11 ust. 1a) the head must assign an assistant.")}
        )
    if outcome == DecisionOutcome.ASSIGN:
        if assistant is None:
            raise ValidationError({"assistant": _("Choose the family assistant.")})
        if assistant.centre_id != request.family.centre_id:
            raise ValidationError({"assistant": _("Choose an assistant of this centre.")})
    if outcome in (DecisionOutcome.MUNICIPAL_UNIT, DecisionOutcome.COMMISSIONED) and not entity.strip():
        raise ValidationError({"entity": _("Name the unit or entity asked to assign an assistant.")})
    if outcome in (DecisionOutcome.RETURN, DecisionOutcome.REFUSE) and not comment.strip():
        raise ValidationError({"comment": _("Give the reason; the social worker will read it.")})


@transaction.atomic
def assignment_request_decide(
    *,
    actor: User,
    request: AssignmentRequest,
    outcome: str,
    assistant: AssistantProfile | None = None,
    entity: str = "",
    comment: str = "",
    started_on: datetime.date | None = None,
) -> Decision:
    """The head decides a submitted request (art. 11 ust. 2 of the Act).

    The head assigns an assistant of the centre, asks the municipal unit that organises work with
    families or the entity commissioned by the municipality, returns the request for completion,
    or refuses it with a reason. For a minor parent only assigning is allowed (art. 11 ust. 1a).
    A request is decided once: of parallel decisions only the first to take it from 'submitted'
    wins, and the assistant's cap (art. 15 ust. 4) is checked under a lock on the assistant.
    """
    family = request.family
    # The policy judges the request as it is now; the conditional UPDATE below still decides
    # between decisions made at the same moment.
    current = AssignmentRequest.objects.select_related("family").get(pk=request.pk)
    require(policies.can_decide_request(actor, current))
    _validate_decision(request=request, outcome=outcome, assistant=assistant, entity=entity, comment=comment)
    new_status = RequestStatus.RETURNED if outcome == DecisionOutcome.RETURN else RequestStatus.DECIDED
    # The request's move out of 'submitted' (AssignmentRequest.TRANSITIONS) as one conditional
    # UPDATE, so that of parallel decisions only one takes it.
    taken = AssignmentRequest.objects.filter(pk=request.pk, status=RequestStatus.SUBMITTED).update(
        status=new_status
    )
    if not taken:
        raise ValidationError(_("This request is not waiting for a decision; it may have just been decided."))
    request.status = new_status
    decision = Decision.objects.create(
        request=request,
        outcome=outcome,
        assistant=assistant if outcome == DecisionOutcome.ASSIGN else None,
        entity=entity if outcome in (DecisionOutcome.MUNICIPAL_UNIT, DecisionOutcome.COMMISSIONED) else "",
        comment=comment,
        decided_by=actor,
    )
    if outcome == DecisionOutcome.ASSIGN:
        assert assistant is not None  # _validate_decision: assigning names the assistant
        assignment_start(
            actor=actor,
            family=family,
            assistant=assistant,
            decision=decision,
            started_on=started_on or timezone.localdate(),
        )
    move(family, DECISION_FAMILY_STATUS[outcome])
    audit.record(actor=actor, action=AuditAction.DECIDE, target=request, family_id=family.pk, outcome=outcome)
    return decision


PROFILE_FIELDS = (
    "qualification_route",
    "qualification_details",
    "not_deprived_of_parental_authority",
    "meets_maintenance_duty",
    "not_convicted",
    "statements_signed_on",
    "employment_form",
    "caseload_cap",
)


@transaction.atomic
def assistant_profile_update(
    *, actor: User, profile: AssistantProfile, data: dict, version: int | None = None
) -> AssistantProfile:
    """The head records an assistant's qualifications, statements, employment and cap.

    Art. 12: the qualification routes and the statements (parental authority, maintenance duty, no
    conviction for an intentional offence). Art. 15 ust. 4: at most 15 families; the head may set a
    lower cap, but not below the families the assistant works with now. The row is locked as in
    `assignment_start`, so a cap and an assignment decided together cannot cross. A form drawn
    from an older version of the profile is refused (`version`, audit.save_changes).
    """
    profile = (
        AssistantProfile.objects.select_for_update(of=("self",)).select_related("user").get(pk=profile.pk)
    )
    require(policies.can_update_profile(actor, profile))
    errors = {}
    cap = data["caseload_cap"]
    if not 1 <= cap <= CASELOAD_CAP:
        errors["caseload_cap"] = _("The cap is between 1 and %(cap)d families (art. 15 ust. 4).") % {
            "cap": CASELOAD_CAP
        }
    else:
        active = _caseload(profile)
        if cap < active:
            errors["caseload_cap"] = ngettext(
                "%(assistant)s works with %(count)d family now; the cap cannot be lower.",
                "%(assistant)s works with %(count)d families now; the cap cannot be lower.",
                active,
            ) % {"assistant": profile, "count": active}
    signed_on = data.get("statements_signed_on")
    if signed_on and signed_on > timezone.localdate():
        errors["statements_signed_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    audit.save_changes(
        actor=actor, target=profile, data=data, fields=PROFILE_FIELDS, expected_version=version
    )
    return profile


# Reasons an assistant or the head gives for ending the work; 'reassigned' is set only by a handover.
WORK_END_REASONS = tuple(reason for reason in EndReason.values if reason != EndReason.REASSIGNED)


def _lock_active_assignment(family: Family) -> Assignment:
    """The family's active assignment (its policy has found one), locked."""
    return (
        Assignment.objects.active()
        .select_for_update(of=("self",))
        .select_related("assistant__user")
        .get(family=family)
    )


@transaction.atomic
def work_end(*, actor: User, family: Family, reason: str, summary: str, ended_on: datetime.date) -> WorkEnd:
    """End the assistant's work with the family (zakończenie pracy z rodziną).

    The family's assistant or the head ends it, with the reason and a summary of the work. The
    place in the assistant's caseload (art. 15 ust. 4) is freed, and the family's functioning is
    monitored for the months the centre set; the assistant keeps reading the case and writes
    monitoring notes until it is closed.
    """
    family = lock_family(family)
    require(policies.can_end_work(actor, family))
    assignment = _lock_active_assignment(family)
    errors = {}
    if reason not in WORK_END_REASONS:
        errors["reason"] = _("Choose the reason for ending the work.")
    if not summary.strip():
        errors["summary"] = _("Summarise the work with the family.")
    if ended_on > timezone.localdate():
        errors["ended_on"] = _("The date cannot be in the future.")
    elif ended_on < assignment.started_on:
        errors["ended_on"] = _("The work cannot end before it started.")
    if errors:
        raise ValidationError(errors)
    assignment.ended_on = ended_on
    assignment.end_reason = reason
    assignment.save(update_fields=["ended_on", "end_reason"])
    ended = WorkEnd.objects.create(
        family=family,
        assignment=assignment,
        ended_on=ended_on,
        reason=reason,
        summary=summary,
        monitoring_until=ended_on + relativedelta(months=family.centre.monitoring_months),
        author=actor,
    )
    move(family, FamilyStatus.MONITORING)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        target=ended,
        family_id=family.pk,
        assignment=assignment.pk,
        reason=reason,
    )
    return ended


@transaction.atomic
def monitoring_note_add(*, actor: User, family: Family, date: datetime.date, text: str) -> MonitoringNote:
    """A note on the family's functioning during the monitoring after the end of work.

    Written only while the monitoring lasts, by the assistant whose work ended or by the family's
    responsible social worker.
    """
    family = lock_family(family)
    require(policies.can_add_monitoring_note(actor, family))
    monitoring = open_monitoring(family)
    assert monitoring is not None  # policies.can_add_monitoring_note: only while the family is monitored
    errors = {}
    if date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    elif not monitoring.ended_on <= date <= monitoring.monitoring_until:
        errors["date"] = _("The date must fall within the monitoring period.")
    if not text.strip():
        errors["text"] = _("Write the note.")
    if errors:
        raise ValidationError(errors)
    note = MonitoringNote.objects.create(family=family, author=actor, date=date, text=text)
    audit.record(actor=actor, action=AuditAction.CREATE, target=note, family_id=family.pk)
    return note


@transaction.atomic
def case_close(*, actor: User | None, family: Family) -> WorkEnd:
    """Close the family's case after the monitoring, end the former assistant's access, and
    archive the case (read-only, kept for RETENTION_YEARS).

    The head closes it at any time during the monitoring; the system (actor None, the daily
    `close_ended_monitoring` command) closes it once the monitoring period is over. The family's
    row is locked before its policy is asked, so of the head and the command only the first closes
    it; the second finds it closed.
    """
    family = lock_family(family)
    require(policies.can_close_case(actor, family))
    monitoring = open_monitoring(family)
    assert monitoring is not None  # policies.can_close_case: the family is being monitored
    monitoring.closed_on = timezone.localdate()
    monitoring.save(update_fields=["closed_on"])
    move(family, FamilyStatus.CLOSED)
    audit.record(
        actor=actor, action=AuditAction.UPDATE, target=monitoring, family_id=family.pk, outcome="closed"
    )
    family_access_revoke(actor=actor, user=monitoring.assignment.assistant.user, family=family)
    # Closing the case archives it.
    archive_family(actor=actor, family=family)
    return monitoring


@transaction.atomic
def assignment_reassign(
    *,
    actor: User,
    family,
    assistant: AssistantProfile,
    started_on: datetime.date | None = None,
) -> Assignment:
    """The head hands the family over to another assistant of the centre.

    The current assignment ends as 'reassigned' (no monitoring follows: the work goes on) and the
    previous assistant's access ends at once. The new assignment is started by `assignment_start`,
    which checks the new assistant's cap (art. 15 ust. 4) under its lock.
    """
    family = lock_family(family)
    require(policies.can_reassign(actor, family))
    current = _lock_active_assignment(family)
    if current.assistant_id == assistant.pk:
        raise ValidationError({"assistant": _("This assistant already works with the family.")})
    started_on = started_on or timezone.localdate()
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("The date cannot be in the future.")})
    if started_on < current.started_on:
        raise ValidationError(
            {"started_on": _("The handover cannot be earlier than the start of the current work.")}
        )
    current.ended_on = started_on
    current.end_reason = EndReason.REASSIGNED
    current.save(update_fields=["ended_on", "end_reason"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=current,
        family_id=family.pk,
        end_reason=EndReason.REASSIGNED.value,
    )
    new = assignment_start(actor=actor, family=family, assistant=assistant, started_on=started_on)
    family_access_revoke(actor=actor, user=current.assistant.user, family=family)
    return new
