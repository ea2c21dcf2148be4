"""The periodic assessment of the family's situation (art. 15 ust. 1 pkt 16): drafted by the
family's assistant, submitted and acknowledged by the head. Each service asks its step's policy
(assistants.policies.assessments) on the row it has locked.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assistants.models import (
    Assessment,
    AssessmentStatus,
    Assignment,
    WorkPlan,
)
from assistants.policies import assessments as policies
from assistants.selectors.lifecycle import assignment_of
from assistants.selectors.plans import current_work_plan
from assistants.services.lifecycle import lock_family
from cases.models import Family
from familysupport import audit
from familysupport.models import AuditAction, User
from familysupport.policies import require
from familysupport.transitions import move

ASSESSMENT_FIELDS = ("period_from", "period_to", *Assessment.AREAS, "cooperation", "recommendation")


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
def assessment_create(*, actor: User, family: Family, data: dict) -> Assessment:
    """The assistant drafts the periodic assessment of the family's situation.

    Art. 15 ust. 1 pkt 16: the assistant assesses the family's situation at least every six months
    and passes the assessment to the employer (the head). It rests on the current work plan (the
    newest version the family accepted) and says how each of its goals has progressed.
    """
    family = lock_family(family)
    require(policies.can_create_assessment(actor, family))
    assignment = assignment_of(actor, family)
    assert assignment is not None  # policies.can_create_assessment: the actor is the family's assistant now
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
        .select_related("family", "plan", "assignment")
        .get(pk=assessment.pk)
    )


@transaction.atomic
def assessment_update(
    *, actor: User, assessment: Assessment, data: dict, version: int | None = None
) -> Assessment:
    """The assistant changes the draft of the assessment; a submitted one stays as the head got it.

    A form drawn from an older version of the draft is refused (`version`, audit.save_changes).
    """
    assessment = _lock_assessment(assessment)
    require(policies.can_update_assessment(actor, assessment))
    progress = _validate_assessment(assignment=assessment.assignment, data=data, plan=assessment.plan)
    audit.save_changes(
        actor=actor,
        target=assessment,
        data={**data, "goal_progress": progress},
        fields=(*ASSESSMENT_FIELDS, "goal_progress"),
        family_id=assessment.family_id,
        expected_version=version,
    )
    return assessment


@transaction.atomic
def assessment_submit(*, actor: User, assessment: Assessment) -> Assessment:
    """The assistant passes the assessment to the head (art. 15 ust. 1 pkt 16).

    The draft saves whatever is filled in; what the head gets is complete: every area of the
    family's situation, the cooperation, the recommendation and the progress on every goal of the
    plan it rests on (`Assessment.missing_parts`).
    """
    assessment = _lock_assessment(assessment)
    require(policies.can_submit_assessment(actor, assessment))
    missing = assessment.missing_parts()
    if missing:
        raise ValidationError(_("Fill in before submitting: %(parts)s.") % {"parts": ", ".join(missing)})
    assessment.submitted_at = timezone.now()
    move(assessment, AssessmentStatus.SUBMITTED, also_update=("submitted_at",))
    audit.record(actor=actor, action=AuditAction.SUBMIT, target=assessment, family_id=assessment.family_id)
    return assessment


@transaction.atomic
def assessment_acknowledge(*, actor: User, assessment: Assessment) -> Assessment:
    """The head, as the assistant's employer, acknowledges the submitted assessment.

    Art. 15 ust. 1 pkt 16: the assistant passes the assessment to the employer.
    """
    assessment = _lock_assessment(assessment)
    require(policies.can_acknowledge_assessment(actor, assessment))
    assessment.acknowledged_by = actor
    assessment.acknowledged_at = timezone.now()
    move(assessment, AssessmentStatus.ACKNOWLEDGED, also_update=("acknowledged_by", "acknowledged_at"))
    audit.record(
        actor=actor,
        action=AuditAction.SIGN,
        target=assessment,
        family_id=assessment.family_id,
        outcome="acknowledged",
    )
    return assessment
