"""Changes to assistants' work with families; each checks the actor and writes the audit record."""

import datetime
import hashlib

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assistants.models import (
    STATUTORY_CAP,
    Assessment,
    AssessmentStatus,
    Assignment,
    AssistantProfile,
    CourtOpinion,
    CourtRequest,
    DispatchMethod,
    EndReason,
    GoalStatus,
    MonitoringNote,
    OpinionStatus,
    Performer,
    PlanComment,
    PlanGoal,
    PlanStatus,
    Visit,
    VisitKind,
    WorkEnd,
    WorkPlan,
)
from assistants.selectors import (
    court_opinion_document,
    current_work_plan,
    may_add_monitoring_note,
    open_monitoring,
)
from cases.models import Family, FamilyStatus
from familysupport import audit
from familysupport.access import family_access_grant, family_access_revoke, require_responsible_worker
from familysupport.models import AuditAction, Role, User
from familysupport.pdf import render_pdf


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
    if not (actor.has_role(Role.HEAD) and actor.centre_id == family.centre_id):
        raise PermissionDenied
    assistant = (
        AssistantProfile.objects.select_for_update(of=("self",)).select_related("user").get(pk=assistant.pk)
    )
    if assistant.centre_id != family.centre_id or not assistant.user.has_role(Role.FAMILY_ASSISTANT):
        raise ValidationError({"assistant": _("Choose an assistant of this centre.")})
    active = assistant.assignments.filter(ended_on__isnull=True).count()
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


def require_active_assistant(actor: User, family) -> Assignment:
    """The acting user must be the family's assistant now; returns the active assignment."""
    assignment = (
        Assignment.objects.filter(family=family, ended_on__isnull=True, assistant__user=actor)
        .select_related("assistant")
        .first()
    )
    if assignment is None or not actor.has_role(Role.FAMILY_ASSISTANT) or actor.centre_id != family.centre_id:
        raise PermissionDenied
    return assignment


# Court requests and opinions (art. 15 ust. 1 pkt 14).

COURT_REQUEST_FIELDS = (
    "court",
    "division",
    "case_signature",
    "letter_date",
    "received_on",
    "deadline",
    "request_text",
)
EDITABLE_OPINION = (OpinionStatus.DRAFT, OpinionStatus.RETURNED)


def _require_head(actor: User, centre_id: int) -> None:
    if not (actor.has_role(Role.HEAD) and actor.centre_id == centre_id):
        raise PermissionDenied


def _require_register_keeper(actor: User, centre_id: int) -> None:
    """Staff keep the register of court letters; the head may do their part too."""
    if not (actor.has_role(Role.STAFF, Role.HEAD) and actor.centre_id == centre_id):
        raise PermissionDenied


def _lock_opinion(opinion: CourtOpinion) -> CourtOpinion:
    return CourtOpinion.objects.select_for_update(of=("self",)).select_related("family").get(pk=opinion.pk)


def _can_move(opinion: CourtOpinion, status: OpinionStatus) -> bool:
    return status in CourtOpinion.TRANSITIONS[opinion.status]


@transaction.atomic
def court_request_register(*, actor: User, family_reference: str, data: dict) -> CourtRequest:
    """Register a court's letter asking for an opinion about a family (art. 15 ust. 1 pkt 14).

    The letter is linked to the family by the reference number of the registering user's own
    centre; a reference of another centre is answered as one that does not exist.
    """
    if not actor.centre_id:
        raise PermissionDenied
    _require_register_keeper(actor, actor.centre_id)
    family = Family.objects.filter(
        centre_id=actor.centre_id, reference__iexact=family_reference.strip()
    ).first()
    errors = {}
    if family is None:
        errors["family_reference"] = _("There is no family with this reference number in your centre.")
    today = timezone.localdate()
    for field in ("letter_date", "received_on"):
        if data[field] > today:
            errors[field] = _("The date cannot be in the future.")
    if data["received_on"] < data["letter_date"]:
        errors.setdefault("received_on", _("The letter cannot be received before the date it was written."))
    if data["deadline"] < data["letter_date"]:
        errors["deadline"] = _("The deadline cannot be earlier than the date of the letter.")
    if errors:
        raise ValidationError(errors)
    court_request = CourtRequest.objects.create(
        centre_id=actor.centre_id,
        family=family,
        registered_by=actor,
        scan=data.get("scan"),
        **{field: data[field] for field in COURT_REQUEST_FIELDS},
    )
    audit.record(actor=actor, action=AuditAction.CREATE, target=court_request, family_id=family.pk)
    return court_request


@transaction.atomic
def court_opinion_start(*, actor: User, court_request: CourtRequest) -> CourtOpinion:
    """The family's assistant starts the opinion about the family the court asked for.

    Art. 15 ust. 1 pkt 14: the assistant prepares, at a court's request, an opinion about the
    family and its members. One opinion per request; a later change is a correction (new version).
    """
    family = court_request.family
    require_active_assistant(actor, family)
    started = _("The opinion for this court request has already been started.")
    if court_request.opinions.exists():
        raise ValidationError(started)
    try:
        with transaction.atomic():
            opinion = CourtOpinion.objects.create(
                court_request=court_request, family=family, version=1, author=actor
            )
    except IntegrityError:
        raise ValidationError(started) from None
    audit.record(actor=actor, action=AuditAction.CREATE, target=opinion, family_id=family.pk, version=1)
    return opinion


def _require_editable(opinion: CourtOpinion) -> None:
    if opinion.status == OpinionStatus.ISSUED:
        raise ValidationError(_("An issued opinion cannot be changed; prepare a correction instead."))
    if opinion.status not in EDITABLE_OPINION:
        raise ValidationError(_("The opinion is with the head for sign-off and cannot be changed now."))


@transaction.atomic
def court_opinion_save(*, actor: User, opinion: CourtOpinion, data: dict) -> CourtOpinion:
    """The assistant writes the sections of a draft or returned opinion (art. 15 ust. 1 pkt 14)."""
    require_active_assistant(actor, opinion.family)
    opinion = _lock_opinion(opinion)
    _require_editable(opinion)
    audit.save_changes(
        actor=actor, target=opinion, data=data, fields=CourtOpinion.SECTIONS, family_id=opinion.family_id
    )
    return opinion


@transaction.atomic
def court_opinion_submit(*, actor: User, opinion: CourtOpinion) -> CourtOpinion:
    """The assistant passes the complete opinion to the head for sign-off (art. 15 ust. 1 pkt 14)."""
    require_active_assistant(actor, opinion.family)
    opinion = _lock_opinion(opinion)
    if not _can_move(opinion, OpinionStatus.SUBMITTED):
        _require_editable(opinion)
    missing = [
        str(CourtOpinion._meta.get_field(name).verbose_name)
        for name in CourtOpinion.SECTIONS
        if not getattr(opinion, name).strip()
    ]
    if missing:
        raise ValidationError(
            _("Fill in before submitting: %(sections)s.") % {"sections": ", ".join(missing)}
        )
    opinion.status = OpinionStatus.SUBMITTED
    opinion.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action=AuditAction.SUBMIT,
        target=opinion,
        family_id=opinion.family_id,
        version=opinion.version,
    )
    return opinion


@transaction.atomic
def court_opinion_return(*, actor: User, opinion: CourtOpinion, comment: str) -> CourtOpinion:
    """The head returns the opinion to the assistant with a comment instead of signing it off."""
    _require_head(actor, opinion.family.centre_id)
    opinion = _lock_opinion(opinion)
    if not _can_move(opinion, OpinionStatus.RETURNED):
        raise ValidationError(_("The opinion is not waiting for sign-off."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should be corrected.")})
    opinion.status = OpinionStatus.RETURNED
    opinion.head_comment = comment
    opinion.save(update_fields=["status", "head_comment"])
    audit.record(
        actor=actor,
        action=AuditAction.DECIDE,
        target=opinion,
        family_id=opinion.family_id,
        outcome="returned",
    )
    return opinion


@transaction.atomic
def court_opinion_approve(*, actor: User, opinion: CourtOpinion) -> CourtOpinion:
    """The head signs the opinion off, which issues it at once (art. 15 ust. 1 pkt 14).

    The opinion goes to the court from the centre, so the head signs it off; the document issued
    is the very text the head read, printed in the same transaction as the signature.
    """
    _require_head(actor, opinion.family.centre_id)
    opinion = _lock_opinion(opinion)
    if not _can_move(opinion, OpinionStatus.APPROVED):
        raise ValidationError(_("The opinion is not waiting for sign-off."))
    opinion.status = OpinionStatus.APPROVED
    opinion.approved_by = actor
    opinion.approved_at = timezone.now()
    opinion.save(update_fields=["status", "approved_by", "approved_at"])
    audit.record(
        actor=actor, action=AuditAction.SIGN, target=opinion, family_id=opinion.family_id, outcome="approved"
    )
    return court_opinion_issue(actor=actor, opinion=opinion)


@transaction.atomic
def court_opinion_issue(*, actor: User, opinion: CourtOpinion) -> CourtOpinion:
    """Print the signed-off opinion once and lock it; from now on nothing in it changes.

    The PDF is stored with its SHA-256, so every later download is the document the court got.
    The row is locked and the status checked again, so a double click cannot issue it twice.
    """
    _require_head(actor, opinion.family.centre_id)
    opinion = _lock_opinion(opinion)
    if opinion.status == OpinionStatus.ISSUED:
        raise ValidationError(_("The opinion has already been issued."))
    if not _can_move(opinion, OpinionStatus.ISSUED):
        raise ValidationError(_("Only an opinion signed off by the head can be issued."))
    opinion.status = OpinionStatus.ISSUED
    opinion.issued_at = timezone.now()
    content = render_pdf("pdf/court_opinion.html", court_opinion_document(opinion))
    opinion.pdf_sha256 = hashlib.sha256(content).hexdigest()
    opinion.pdf.save(f"opinion-{opinion.pk}.pdf", ContentFile(content), save=False)
    opinion.save(update_fields=["status", "issued_at", "pdf", "pdf_sha256"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=opinion,
        family_id=opinion.family_id,
        status=OpinionStatus.ISSUED.value,
        sha256=opinion.pdf_sha256,
    )
    return opinion


@transaction.atomic
def court_opinion_correct(*, actor: User, opinion: CourtOpinion) -> CourtOpinion:
    """Start a correction of an issued opinion: a new version that replaces it once issued.

    An issued opinion is never changed (the court holds it); the correction starts from its text
    and goes through sign-off and issue again.
    """
    require_active_assistant(actor, opinion.family)
    opinion = _lock_opinion(opinion)
    if opinion.status != OpinionStatus.ISSUED:
        raise ValidationError(_("Only an issued opinion is corrected; change the draft instead."))
    newest = opinion.court_request.opinions.order_by("-version").first()
    started = _("A correction of this opinion has already been started.")
    if newest.pk != opinion.pk:
        raise ValidationError(started)
    try:
        with transaction.atomic():
            correction = CourtOpinion.objects.create(
                court_request_id=opinion.court_request_id,
                family_id=opinion.family_id,
                version=opinion.version + 1,
                replaces=opinion,
                author=actor,
                **{name: getattr(opinion, name) for name in CourtOpinion.SECTIONS},
            )
    except IntegrityError:
        raise ValidationError(started) from None
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        target=correction,
        family_id=opinion.family_id,
        version=correction.version,
        replaces=opinion.pk,
    )
    return correction


@transaction.atomic
def court_opinion_dispatch(
    *, actor: User, opinion: CourtOpinion, dispatched_on: datetime.date, method: str
) -> CourtOpinion:
    """Staff record that the issued opinion was sent to the court: the day and the way.

    This is a note about the delivery, kept beside the issued document, which itself stays as it is.
    """
    _require_register_keeper(actor, opinion.court_request.centre_id)
    opinion = _lock_opinion(opinion)
    if opinion.status != OpinionStatus.ISSUED:
        raise ValidationError(_("Only an issued opinion can be dispatched."))
    if opinion.dispatched_on is not None:
        raise ValidationError(_("The opinion has already been dispatched."))
    errors = {}
    if dispatched_on > timezone.localdate():
        errors["dispatched_on"] = _("The date cannot be in the future.")
    elif dispatched_on < timezone.localdate(opinion.issued_at):
        errors["dispatched_on"] = _("The opinion cannot be dispatched before it was issued.")
    if method not in DispatchMethod.values:
        errors["method"] = _("Choose how the opinion was sent.")
    if errors:
        raise ValidationError(errors)
    opinion.dispatched_on = dispatched_on
    opinion.dispatch_method = method
    opinion.save(update_fields=["dispatched_on", "dispatch_method"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, target=opinion, family_id=opinion.family_id, dispatched=method
    )
    return opinion


# Assistant profiles (art. 12), periodic assessments (art. 15 ust. 1 pkt 16), the end of work with
# the family, the monitoring after it, and the handover to another assistant.

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
ASSESSMENT_FIELDS = ("period_from", "period_to", *Assessment.AREAS, "cooperation", "recommendation")
# The statuses an assessment can move to from each status.
ASSESSMENT_TRANSITIONS = {
    AssessmentStatus.DRAFT: {AssessmentStatus.SUBMITTED},
    AssessmentStatus.SUBMITTED: {AssessmentStatus.ACKNOWLEDGED},
    AssessmentStatus.ACKNOWLEDGED: set(),
}
# Reasons an assistant or the head gives for ending the work; 'reassigned' is set only by a handover.
WORK_END_REASONS = tuple(reason for reason in EndReason.values if reason != EndReason.REASSIGNED)


@transaction.atomic
def assistant_profile_update(*, actor: User, profile: AssistantProfile, data: dict) -> AssistantProfile:
    """The head records an assistant's qualifications, statements, employment and cap.

    Art. 12: the qualification routes and the statements (parental authority, maintenance duty, no
    conviction for an intentional offence). Art. 15 ust. 4: at most 15 families; the head may set a
    lower cap, but not below the families the assistant works with now. The row is locked as in
    `assignment_start`, so a cap and an assignment decided together cannot cross.
    """
    _require_head(actor, profile.centre_id)
    profile = (
        AssistantProfile.objects.select_for_update(of=("self",)).select_related("user").get(pk=profile.pk)
    )
    errors = {}
    cap = data["caseload_cap"]
    if not 1 <= cap <= STATUTORY_CAP:
        errors["caseload_cap"] = _("The cap is between 1 and %(cap)d families (art. 15 ust. 4).") % {
            "cap": STATUTORY_CAP
        }
    else:
        active = profile.assignments.filter(ended_on__isnull=True).count()
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
    audit.save_changes(actor=actor, target=profile, data=data, fields=PROFILE_FIELDS)
    return profile


def _validate_assessment(*, assignment: Assignment, data: dict, plan: WorkPlan | None) -> dict:
    """Check the period and the goals; returns the progress keyed by goal id (as text)."""
    errors = {}
    period_from, period_to = data["period_from"], data["period_to"]
    if period_to > timezone.localdate():
        errors["period_to"] = _("The period cannot end in the future.")
    if period_from > period_to:
        errors["period_from"] = _("The period cannot begin after it ends.")
    elif period_from < assignment.started_on:
        errors["period_from"] = _("The period cannot begin before the assistant started work.")
    progress = {str(key): text for key, text in (data.get("goal_progress") or {}).items()}
    goal_ids = {str(pk) for pk in plan.goals.values_list("pk", flat=True)} if plan else set()
    if set(progress) - goal_ids:
        errors["goal_progress"] = _("Write the progress only on goals of the current work plan.")
    if errors:
        raise ValidationError(errors)
    return progress


@transaction.atomic
def assessment_create(*, actor: User, family, data: dict) -> Assessment:
    """The assistant drafts the periodic assessment of the family's situation.

    Art. 15 ust. 1 pkt 16: the assistant assesses the family's situation at least every six months
    and passes the assessment to the employer (the head). It rests on the current work plan (the
    newest version the family accepted) and says how each of its goals has progressed.
    """
    assignment = require_active_assistant(actor, family)
    if family.assessments.filter(status=AssessmentStatus.DRAFT, assignment=assignment).exists():
        raise ValidationError(_("Finish the assessment draft that is already open first."))
    plan = current_work_plan(family)
    progress = _validate_assessment(assignment=assignment, data=data, plan=plan)
    assessment = Assessment.objects.create(
        family=family,
        assignment=assignment,
        plan=plan,
        goal_progress=progress,
        author=actor,
        **{field: data[field] for field in ASSESSMENT_FIELDS},
    )
    audit.record(actor=actor, action=AuditAction.CREATE, target=assessment, family_id=family.pk)
    return assessment


def _lock_assessment(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("family", "plan")
        .get(pk=assessment.pk)
    )


@transaction.atomic
def assessment_update(*, actor: User, assessment: Assessment, data: dict) -> Assessment:
    """The assistant changes the draft of the assessment; a submitted one stays as the head got it."""
    assignment = require_active_assistant(actor, assessment.family)
    assessment = _lock_assessment(assessment)
    if assessment.assignment_id != assignment.pk:
        raise PermissionDenied
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("The assessment has been submitted and can no longer be changed."))
    progress = _validate_assessment(assignment=assignment, data=data, plan=assessment.plan)
    audit.save_changes(
        actor=actor,
        target=assessment,
        data={**data, "goal_progress": progress},
        fields=(*ASSESSMENT_FIELDS, "goal_progress"),
        family_id=assessment.family_id,
    )
    return assessment


@transaction.atomic
def assessment_submit(*, actor: User, assessment: Assessment) -> Assessment:
    """The assistant passes the assessment to the head (art. 15 ust. 1 pkt 16).

    Every goal of the plan it rests on must have its progress written.
    """
    assignment = require_active_assistant(actor, assessment.family)
    assessment = _lock_assessment(assessment)
    if assessment.assignment_id != assignment.pk:
        raise PermissionDenied
    if AssessmentStatus.SUBMITTED not in ASSESSMENT_TRANSITIONS[assessment.status]:
        raise ValidationError(_("The assessment has already been submitted."))
    if assessment.plan_id:
        missing = [
            goal.goal
            for goal in assessment.plan.goals.all()
            if not assessment.goal_progress.get(str(goal.pk), "").strip()
        ]
        if missing:
            raise ValidationError(_("Write the progress on every goal of the work plan before submitting."))
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    audit.record(actor=actor, action=AuditAction.SUBMIT, target=assessment, family_id=assessment.family_id)
    return assessment


@transaction.atomic
def assessment_acknowledge(*, actor: User, assessment: Assessment) -> Assessment:
    """The head, as the assistant's employer, acknowledges the submitted assessment.

    Art. 15 ust. 1 pkt 16: the assistant passes the assessment to the employer.
    """
    _require_head(actor, assessment.family.centre_id)
    assessment = _lock_assessment(assessment)
    if AssessmentStatus.ACKNOWLEDGED not in ASSESSMENT_TRANSITIONS[assessment.status]:
        if assessment.status == AssessmentStatus.ACKNOWLEDGED:
            raise ValidationError(_("The assessment has already been acknowledged."))
        raise ValidationError(_("The assessment has not been submitted yet."))
    assessment.status = AssessmentStatus.ACKNOWLEDGED
    assessment.acknowledged_by = actor
    assessment.acknowledged_at = timezone.now()
    assessment.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    audit.record(
        actor=actor,
        action=AuditAction.SIGN,
        target=assessment,
        family_id=assessment.family_id,
        outcome="acknowledged",
    )
    return assessment


def _lock_active_assignment(family) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .filter(family=family, ended_on__isnull=True)
        .select_related("assistant__user")
        .first()
    )
    if assignment is None:
        raise ValidationError(_("The family has no active family assistant."))
    return assignment


@transaction.atomic
def work_end(*, actor: User, family, reason: str, summary: str, ended_on: datetime.date) -> WorkEnd:
    """End the assistant's work with the family (zakończenie pracy z rodziną).

    The family's assistant or the head ends it, with the reason and a summary of the work. The
    place in the assistant's caseload (art. 15 ust. 4) is freed, and the family's functioning is
    monitored for the months the centre set; the assistant keeps reading the case and writes
    monitoring notes until it is closed.
    """
    if not (actor.has_role(Role.HEAD) and actor.centre_id == family.centre_id):
        require_active_assistant(actor, family)
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
    family.status = FamilyStatus.MONITORING
    family.save(update_fields=["status"])
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
def monitoring_note_add(*, actor: User, family, date: datetime.date, text: str) -> MonitoringNote:
    """A note on the family's functioning during the monitoring after the end of work.

    Written only while the monitoring lasts, by the assistant whose work ended or by the family's
    responsible social worker.
    """
    monitoring = open_monitoring(family)
    if monitoring is not None:
        if not may_add_monitoring_note(actor, family, monitoring):
            raise PermissionDenied
    else:
        worked_with = family.assignments.filter(assistant__user=actor).exists()
        if not (worked_with or (family.social_worker_id == actor.pk and actor.has_role(Role.SOCIAL_WORKER))):
            raise PermissionDenied
        raise ValidationError(_("Monitoring notes are written only while the family is being monitored."))
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
def case_close(*, actor: User | None, family) -> WorkEnd:
    """Close the family's case after the monitoring, end the former assistant's access, and
    archive the case (read-only, kept for RETENTION_YEARS).

    The head closes it at any time during the monitoring; the system (actor None, the daily
    `close_ended_monitoring` command) closes it once the monitoring period is over. The end of
    work is locked and checked again, so a case is closed once.
    """
    if actor is not None:
        _require_head(actor, family.centre_id)
    monitoring = open_monitoring(family)
    if monitoring is None:
        raise ValidationError(_("The family is not being monitored."))
    monitoring = (
        WorkEnd.objects.select_for_update(of=("self",))
        .select_related("assignment__assistant__user")
        .get(pk=monitoring.pk)
    )
    if monitoring.closed_on is not None:
        raise ValidationError(_("The case has already been closed."))
    today = timezone.localdate()
    if actor is None and monitoring.monitoring_until >= today:
        raise ValidationError(_("The monitoring has not ended yet."))
    monitoring.closed_on = today
    monitoring.save(update_fields=["closed_on"])
    family.status = FamilyStatus.CLOSED
    family.save(update_fields=["status"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, target=monitoring, family_id=family.pk, outcome="closed"
    )
    family_access_revoke(actor=actor, user=monitoring.assignment.assistant.user, family=family)
    # Closing the case archives it. Imported here: cases.services imports this module.
    from cases.services import archive_family

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
    _require_head(actor, family.centre_id)
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


# The work plan with the family (art. 15 ust. 1 pkt 1, ust. 3) and the documentation of work
# (visits and contacts, art. 15 ust. 1 pkt 15).

PLAN_FIELDS = ("consulted_on", "foster_care_coordinator", "child_help_plan")
GOAL_FIELDS = ("goal", "actions", "performer", "performer_name", "deadline", "expected_effect", "status")
VISIT_FIELDS = ("date", "kind", "place", "duration_minutes", "present", "activities", "tasks_until_next")
VISIT_MINUTES = (5, 720)


def _lock_plan(plan: WorkPlan) -> WorkPlan:
    return WorkPlan.objects.select_for_update(of=("self",)).select_related("family__centre").get(pk=plan.pk)


def _require_draft(plan: WorkPlan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("An accepted plan cannot be changed; revise it to make a new version."))


@transaction.atomic
def work_plan_create(*, actor: User, family) -> WorkPlan:
    """The family's assistant opens the first work plan with the family, as a draft.

    Art. 15 ust. 1 pkt 1 and ust. 3: the assistant draws up the plan of work with the family and
    carries it out, together with the family and in consultation with the social worker. There is
    one plan; every later change is a new version made by `work_plan_revise`.
    """
    assignment = require_active_assistant(actor, family)
    exists = _("The family already has a work plan; revise it to make a new version.")
    if family.work_plans.exists():
        raise ValidationError(exists)
    try:
        with transaction.atomic():
            plan = WorkPlan.objects.create(family=family, assignment=assignment, version=1, author=actor)
    except IntegrityError:
        raise ValidationError(exists) from None
    audit.record(actor=actor, action=AuditAction.CREATE, target=plan, family_id=family.pk, version=1)
    return plan


def _validate_goals(goals: list[dict]) -> None:
    errors = []
    for goal in goals:
        if goal["performer"] not in Performer.values:
            errors.append(_("Choose who carries out the goal “%(goal)s”.") % {"goal": goal["goal"]})
        elif goal["performer"] != Performer.ASSISTANT and not goal.get("performer_name", "").strip():
            errors.append(
                _("Say which family member or institution carries out the goal “%(goal)s”.")
                % {"goal": goal["goal"]}
            )
        if goal.get("status", GoalStatus.PLANNED) not in GoalStatus.values:
            errors.append(_("Choose the status of the goal “%(goal)s”.") % {"goal": goal["goal"]})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def work_plan_save(*, actor: User, plan: WorkPlan, data: dict, goals: list[dict]) -> WorkPlan:
    """The assistant writes the draft plan: the consultation, the foster-care coordination, the goals.

    Art. 15 ust. 3: the plan sets the goals, the actions, who carries them out, the deadlines and
    the expected effects. `goals` is the whole new list of goals: an item with the `id` of a goal
    of this plan changes it, one without an id adds a goal, and a goal left out is removed. Only a
    draft changes; an accepted plan stays as the family signed it.
    """
    assignment = require_active_assistant(actor, plan.family)
    plan = _lock_plan(plan)
    _require_draft(plan)
    consulted_on = data.get("consulted_on")
    if consulted_on and consulted_on > timezone.localdate():
        raise ValidationError({"consulted_on": _("The date cannot be in the future.")})
    if consulted_on and consulted_on < assignment.started_on:
        raise ValidationError(
            {"consulted_on": _("The consultation cannot be earlier than the start of the assistant's work.")}
        )
    _validate_goals(goals)
    changed = [field for field in PLAN_FIELDS if field in data and getattr(plan, field) != data[field]]
    for field in changed:
        setattr(plan, field, data[field])
    if changed:
        plan.save(update_fields=changed)
    existing = {goal.pk: goal for goal in plan.goals.all()}
    kept, added, updated = set(), 0, 0
    for item in goals:
        values = {field: item[field] for field in GOAL_FIELDS if field in item}
        goal = existing.get(item.get("id"))
        if goal is None:
            PlanGoal.objects.create(plan=plan, **values)
            added += 1
            continue
        kept.add(goal.pk)
        goal_changed = [field for field, value in values.items() if getattr(goal, field) != value]
        for field in goal_changed:
            setattr(goal, field, values[field])
        if goal_changed:
            goal.save(update_fields=goal_changed)
            updated += 1
    removed = [pk for pk in existing if pk not in kept]
    if removed:
        plan.goals.filter(pk__in=removed).delete()
    if changed or added or updated or removed:
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=plan,
            family_id=plan.family_id,
            fields=changed,
            goals_added=added,
            goals_changed=updated,
            goals_removed=len(removed),
        )
    return plan


@transaction.atomic
def work_plan_accept(
    *, actor: User, plan: WorkPlan, accepted_by: str, accepted_on: datetime.date
) -> WorkPlan:
    """The family accepts and signs the plan; from then on it is locked (art. 15 ust. 1 pkt 1).

    The plan is made with the family and in consultation with the social worker, so the
    consultation is recorded first and the plan has at least one goal. When a child of the family
    is in foster care, the plan is made with the foster-care coordinator and agrees with the
    child's help plan (art. 15 ust. 1 pkt 2).
    """
    assignment = require_active_assistant(actor, plan.family)
    plan = _lock_plan(plan)
    if plan.status == PlanStatus.ACCEPTED:
        raise ValidationError(_("The plan has already been accepted by the family."))
    errors = {}
    if plan.consulted_on is None:
        errors["consulted_on"] = _("Record the consultation of the plan with the social worker first.")
    if not plan.goals.exists():
        errors["goals"] = _("The plan needs at least one goal.")
    if plan.family.members.filter(in_foster_care=True).exists():
        if not plan.foster_care_coordinator.strip():
            errors["foster_care_coordinator"] = _(
                "A child of the family is in foster care: name the foster-care coordinator."
            )
        if not plan.child_help_plan.strip():
            errors["child_help_plan"] = _(
                "A child of the family is in foster care: say how the plan agrees with the child's help plan."
            )
    if not accepted_by.strip():
        errors["accepted_by"] = _("Say which family members signed the plan.")
    if accepted_on > timezone.localdate():
        errors["accepted_on"] = _("The date cannot be in the future.")
    elif accepted_on < assignment.started_on:
        errors["accepted_on"] = _("The plan cannot be signed before the assistant started work.")
    elif plan.consulted_on and accepted_on < plan.consulted_on:
        errors["accepted_on"] = _("The plan cannot be signed before it was consulted with the social worker.")
    if errors:
        raise ValidationError(errors)
    plan.status = PlanStatus.ACCEPTED
    plan.accepted_by = accepted_by.strip()
    plan.accepted_on = accepted_on
    plan.save(update_fields=["status", "accepted_by", "accepted_on"])
    audit.record(
        actor=actor,
        action=AuditAction.SIGN,
        target=plan,
        family_id=plan.family_id,
        version=plan.version,
        outcome="accepted",
    )
    return plan


@transaction.atomic
def work_plan_revise(*, actor: User, plan: WorkPlan) -> WorkPlan:
    """Open a revision of the current plan: a new draft version with the same goals.

    Art. 15 ust. 3: the plan is revised as the work goes on. The accepted version stays as the
    family signed it; the revision is consulted with the social worker and signed again. There is
    one draft at a time (a database constraint).
    """
    assignment = require_active_assistant(actor, plan.family)
    plan = _lock_plan(plan)
    family = plan.family
    if plan.status != PlanStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted plan is revised; change the draft instead."))
    current = family.work_plans.filter(status=PlanStatus.ACCEPTED).order_by("-version").first()
    if current.pk != plan.pk:
        raise ValidationError(_("Only the current plan is revised."))
    open_draft = _("A revision of the plan is already open; finish it first.")
    if family.work_plans.filter(status=PlanStatus.DRAFT).exists():
        raise ValidationError(open_draft)
    newest = family.work_plans.order_by("-version").values_list("version", flat=True).first()
    try:
        with transaction.atomic():
            revision = WorkPlan.objects.create(
                family=family,
                assignment=assignment,
                version=newest + 1,
                revises=plan,
                foster_care_coordinator=plan.foster_care_coordinator,
                child_help_plan=plan.child_help_plan,
                author=actor,
            )
    except IntegrityError:
        raise ValidationError(open_draft) from None
    PlanGoal.objects.bulk_create(
        PlanGoal(plan=revision, **{field: getattr(goal, field) for field in GOAL_FIELDS})
        for goal in plan.goals.all()
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        target=revision,
        family_id=family.pk,
        version=revision.version,
        revises=plan.pk,
    )
    return revision


@transaction.atomic
def plan_goal_status_update(*, actor: User, goal: PlanGoal, status: str) -> PlanGoal:
    """The assistant records how a goal of the current plan stands, without a new version.

    Art. 15 ust. 1 pkt 1: the assistant carries the plan out; the progress on its goals is not a
    change of the plan the family signed.
    """
    goal = PlanGoal.objects.select_for_update(of=("self",)).select_related("plan__family").get(pk=goal.pk)
    family = goal.plan.family
    require_active_assistant(actor, family)
    current = family.work_plans.filter(status=PlanStatus.ACCEPTED).order_by("-version").first()
    if current is None or current.pk != goal.plan_id:
        raise ValidationError(_("The status is updated only on the goals of the current accepted plan."))
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Choose the status of the goal.")})
    if goal.status != status:
        goal.status = status
        goal.save(update_fields=["status"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=goal,
            family_id=family.pk,
            plan=goal.plan_id,
            status=status,
        )
    return goal


@transaction.atomic
def work_plan_comment_add(*, actor: User, plan: WorkPlan, text: str) -> PlanComment:
    """The family's responsible social worker comments on the plan (art. 15 ust. 1 pkt 1: consultation)."""
    require_responsible_worker(actor, plan.family)
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    comment = PlanComment.objects.create(plan=plan, author=actor, text=text.strip())
    audit.record(
        actor=actor, action=AuditAction.CREATE, target=comment, family_id=plan.family_id, plan=plan.pk
    )
    return comment


def _validate_visit(*, assignment: Assignment, data: dict) -> None:
    errors = {}
    if data["date"] > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    elif data["date"] < assignment.started_on:
        errors["date"] = _("The visit cannot be earlier than the start of the assistant's work.")
    if data["kind"] not in VisitKind.values:
        errors["kind"] = _("Choose the kind of contact.")
    low, high = VISIT_MINUTES
    if not low <= data["duration_minutes"] <= high:
        errors["duration_minutes"] = _("The duration is between %(low)d and %(high)d minutes.") % {
            "low": low,
            "high": high,
        }
    for field in ("place", "present", "activities"):
        if not data[field].strip():
            errors[field] = _("This field is required.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def visit_record(*, actor: User, family, data: dict) -> Visit:
    """The assistant documents a visit or another contact with the family (art. 15 ust. 1 pkt 15).

    The documentation says when, where and how long, who was present, what was done and the
    tasks until the next meeting.
    """
    assignment = require_active_assistant(actor, family)
    _validate_visit(assignment=assignment, data=data)
    visit = Visit.objects.create(
        family=family,
        assignment=assignment,
        assistant=actor,
        **{field: data.get(field, "") for field in VISIT_FIELDS},
    )
    audit.record(actor=actor, action=AuditAction.CREATE, target=visit, family_id=family.pk)
    return visit


@transaction.atomic
def visit_update(*, actor: User, visit: Visit, data: dict) -> Visit:
    """The author corrects the record of a visit while their work with the family goes on.

    Once the assignment ends the documentation stays as it was (art. 15 ust. 1 pkt 15).
    """
    assignment = require_active_assistant(actor, visit.family)
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.assistant_id != actor.pk:
        raise PermissionDenied
    if visit.assignment_id != assignment.pk:
        raise ValidationError(_("A visit of an earlier assignment can no longer be changed."))
    _validate_visit(assignment=assignment, data=data)
    audit.save_changes(actor=actor, target=visit, data=data, fields=VISIT_FIELDS, family_id=visit.family_id)
    return visit
