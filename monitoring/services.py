"""Every change to a monitoring plan, one function per step: set up, corrected, reviewed (and
escalated at a review), ended; a review logged by mistake withdrawn. Each takes keyword-only
arguments with the acting user first, runs in one transaction, locks the family's row first, asks
the step's policy (monitoring.policies), validates, saves, and writes the audit record last (which
stores the plan's review deadlines anew, familysupport.deadlines.refresh)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import policies as case_policies
from cases import services as case_services
from cases.models import (
    AnalysisConclusion,
    AssignmentRequest,
    Family,
    FamilyMember,
    FamilyRole,
    FamilyStatus,
    InterviewStatus,
)
from cases.selectors import latest_signed_interview, open_request
from familysupport import audit
from familysupport.models import AuditAction, User
from familysupport.policies import require
from familysupport.transitions import move
from monitoring import policies
from monitoring.models import (
    MAX_MONTHS,
    MAX_WEEKS,
    Escalation,
    Interval,
    MonitoringPlan,
    MonitoringReview,
    PlanStatus,
)

PLAN_FIELDS = ("watched", "every", "interval")


def _lock_family(family: Family) -> Family:
    family.refresh_from_db(from_queryset=Family.objects.select_for_update())
    return family


def _lock_plan(plan: MonitoringPlan) -> MonitoringPlan:
    """The plan and its family, the family's row locked first (as every service of a family)."""
    family = _lock_family(plan.family)
    plan.refresh_from_db(from_queryset=MonitoringPlan.objects.select_for_update())
    plan.family = family
    return plan


def _check_plan(family: Family, data: dict, *, creating: bool) -> list[FamilyMember]:
    errors = {}
    children = list(data.get("children") or [])
    if not children:
        errors["children"] = _("Choose the child or children whose situation is monitored.")
    elif any(
        child.family_id != family.pk or child.role != FamilyRole.CHILD or child.withdrawn_at is not None
        for child in children
    ):
        errors["children"] = _("Choose children of this family.")
    if not (data.get("watched") or "").strip():
        errors["watched"] = _("Say what is watched.")
    longest = MAX_WEEKS if data.get("interval") == Interval.WEEKS else MAX_MONTHS
    if not 1 <= (data.get("every") or 0) <= longest:
        errors["every"] = _("Reviews are held at least every %(weeks)d weeks or %(months)d months.") % {
            "weeks": MAX_WEEKS,
            "months": MAX_MONTHS,
        }
    if creating and data["started_on"] > timezone.localdate():
        errors["started_on"] = _("The monitoring cannot start in the future.")
    if errors:
        raise ValidationError(errors)
    return children


@transaction.atomic
def plan_create(*, actor: User, family: Family, data: dict) -> MonitoringPlan:
    """Set up the monitoring of a child's situation in a family no assistant works with
    (art. 176 pkt 7 of the Act): the children concerned, what is watched, how often. The first
    review falls due a period after the start (monitoring.models.review_due_after)."""
    family = _lock_family(family)
    require(policies.can_create_plan(actor, family))
    children = _check_plan(family, data, creating=True)
    plan = MonitoringPlan.objects.create(
        family=family,
        centre_id=family.centre_id,
        basis=data["basis"],
        watched=data["watched"],
        every=data["every"],
        interval=data["interval"],
        started_on=data["started_on"],
        author=actor,
    )
    plan.children.set(children)
    audit.record(actor=actor, action=AuditAction.CREATE, target=plan, family_id=family.pk)
    return plan


@transaction.atomic
def plan_update(
    *, actor: User, plan: MonitoringPlan, data: dict, version: int | None = None
) -> MonitoringPlan:
    """Correct an active plan: the children, what is watched, how often (from the version the
    form was drawn from: a save over someone else's is refused, audit.save_changes)."""
    plan = _lock_plan(plan)
    require(policies.can_edit_plan(actor, plan))
    children = _check_plan(plan.family, data, creating=False)
    before = set(plan.children.values_list("pk", flat=True))
    changed_children = before != {child.pk for child in children}
    if changed_children:
        plan.children.set(children)
    audit.save_changes(
        actor=actor,
        target=plan,
        data=data,
        fields=PLAN_FIELDS,
        family_id=plan.family_id,
        expected_version=version,
        also_changed=("children",) if changed_children else (),
    )
    return plan


@transaction.atomic
def plan_end(
    *, actor: User, plan: MonitoringPlan, ended_on: datetime.date, reason: str, summary: str
) -> MonitoringPlan:
    """End the monitoring with its reason: no review is owed from then on."""
    plan = _lock_plan(plan)
    require(policies.can_end_plan(actor, plan))
    errors = {}
    if ended_on > timezone.localdate():
        errors["ended_on"] = _("The date cannot be in the future.")
    elif ended_on < plan.started_on:
        errors["ended_on"] = _("The monitoring cannot end before it started.")
    if not summary.strip():
        errors["summary"] = _("Sum up the monitoring.")
    if errors:
        raise ValidationError(errors)
    plan.ended_on, plan.end_reason, plan.end_summary = ended_on, reason, summary
    move(plan, PlanStatus.ENDED, also_update=("ended_on", "end_reason", "end_summary"))
    audit.record(
        actor=actor, action=AuditAction.UPDATE, target=plan, family_id=plan.family_id, outcome="ended"
    )
    return plan


def _escalate_to_request(
    actor: User, plan: MonitoringPlan, findings: str
) -> tuple[AssignmentRequest | None, bool]:
    """The request for an assistant, opened through the case's own steps: the open one if the
    family has it; else a draft, after an analysis concluding that an assistant is needed where the
    family is not yet at that step. Returns (the request or None, whether a consent is missing)."""
    family = plan.family
    request = open_request(family)
    if request is not None:
        return request, False
    if family.status != FamilyStatus.ANALYSED:
        verdict = case_policies.can_record_analysis(actor, family)
        if not verdict:
            raise ValidationError(
                {
                    "escalation": _(
                        "A request for an assistant cannot be prepared at this step of the family's path "
                        "(%(status)s): %(reason)s"
                    )
                    % {"status": family.get_status_display(), "reason": verdict.reason or _("not your step")}
                }
            )
        case_services.analysis_record(
            actor=actor,
            family=family,
            conclusion=AnalysisConclusion.ASSISTANT,
            support_forms=[],
            justification=findings,
        )
    consent = family.consents.order_by("-given_on", "-id").first()
    if consent is None:
        return None, True
    request = case_services.assignment_request_create(
        actor=actor, family=family, consent=consent, justification=findings
    )
    return request, False


def _escalate_to_interview(actor: User, plan: MonitoringPlan):
    """The interview update, opened through the case's own step (or the draft already open)."""
    family = plan.family
    draft = family.interviews.filter(status=InterviewStatus.DRAFT).first()
    if draft is not None:
        return draft
    signed = latest_signed_interview(family)
    if signed is None:
        raise ValidationError({"escalation": _("The family has no signed interview to update.")})
    verdict = case_policies.can_update_interview(actor, signed)
    if not verdict:
        raise ValidationError({"escalation": verdict.reason or _("The interview cannot be updated now.")})
    return case_services.interview_update_start(actor=actor, interview=signed)


@transaction.atomic
def review_log(
    *,
    actor: User,
    plan: MonitoringPlan,
    reviewed_on: datetime.date,
    findings: str,
    situation: str,
    next_review_on: datetime.date | None,
    escalation: str = Escalation.NONE,
) -> MonitoringReview:
    """Log a review of the child's situation: it meets the review owed and sets the next one, in
    the same transaction (the register stores the next review's date with it).

    The next review is at the latest a period after this one (the plan's frequency). At the
    review the worker may escalate in one step: an update of the environmental interview (the
    monitoring goes on), or a request for a family assistant (the case's draft request is opened,
    after an analysis concluding one is needed; the plan is escalated and owes no more reviews).
    """
    plan = _lock_plan(plan)
    require(policies.can_log_review(actor, plan))
    errors = {}
    today = timezone.localdate()
    last = plan.reviews.current().order_by("-reviewed_on", "-id").first()
    if reviewed_on > today:
        errors["reviewed_on"] = _("The date of the review cannot be in the future.")
    elif reviewed_on < plan.started_on:
        errors["reviewed_on"] = _("The review cannot be earlier than the start of the monitoring.")
    elif last is not None and reviewed_on < last.reviewed_on:
        errors["reviewed_on"] = _("The review cannot be earlier than the last one logged.")
    if not findings.strip():
        errors["findings"] = _("Say what was found.")
    if escalation == Escalation.ASSISTANT_REQUEST:
        next_review_on = None
    elif next_review_on is None:
        errors["next_review_on"] = _("Give the date of the next review.")
    elif "reviewed_on" not in errors:
        latest = plan.review_due_after(reviewed_on)
        if next_review_on <= reviewed_on:
            errors["next_review_on"] = _("The next review follows this one.")
        elif next_review_on > latest:
            errors["next_review_on"] = _("By the plan the next review is due by %(date)s at the latest.") % {
                "date": latest.strftime("%d.%m.%Y")
            }
    if errors:
        raise ValidationError(errors)
    review = MonitoringReview(
        plan=plan,
        reviewed_on=reviewed_on,
        findings=findings,
        situation=situation,
        next_review_on=next_review_on,
        escalation=escalation,
        author=actor,
    )
    consent_missing = False
    if escalation == Escalation.INTERVIEW_UPDATE:
        review.interview = _escalate_to_interview(actor, plan)
    elif escalation == Escalation.ASSISTANT_REQUEST:
        review.request, consent_missing = _escalate_to_request(actor, plan, findings)
        plan.escalated_on = reviewed_on
        move(plan, PlanStatus.ESCALATED, also_update=("escalated_on",))
    review.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        target=review,
        family_id=plan.family_id,
        escalation=escalation,
        consent_missing=consent_missing,
    )
    return review


@transaction.atomic
def review_withdraw(*, actor: User, review: MonitoringReview, reason: str) -> MonitoringReview:
    """Withdraw a review logged by mistake, with the reason: the review it met is owed again."""
    _lock_plan(review.plan)
    review.refresh_from_db(from_queryset=MonitoringReview.objects.select_for_update())
    require(policies.can_withdraw_review(actor, review))
    audit.withdraw(actor=actor, target=review, reason=reason, family_id=review.plan.family_id)
    return review
