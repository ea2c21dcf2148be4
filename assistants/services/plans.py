"""The work plan with the family (art. 15 ust. 1 pkt 1, ust. 3), its goals and the social worker's
comments, and the documentation of work: visits and contacts (art. 15 ust. 1 pkt 15). Each
service asks its step's policy (assistants.policies.plans) on the row it has locked.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assistants.models import (
    Assignment,
    GoalStatus,
    Performer,
    PlanComment,
    PlanGoal,
    PlanStatus,
    Visit,
    VisitKind,
    WorkPlan,
)
from assistants.policies import plans as policies
from assistants.selectors.lifecycle import assignment_of
from assistants.services.lifecycle import lock_family
from cases.models import Family
from familysupport import audit
from familysupport.models import AuditAction, User
from familysupport.policies import require
from familysupport.transitions import move

PLAN_FIELDS = ("consulted_on", "foster_care_coordinator", "child_help_plan")
GOAL_FIELDS = ("goal", "actions", "performer", "performer_name", "deadline", "expected_effect", "status")
VISIT_FIELDS = ("date", "kind", "place", "duration_minutes", "present", "activities", "tasks_until_next")
VISIT_MINUTES = (5, 720)


def _lock_plan(plan: WorkPlan) -> WorkPlan:
    return WorkPlan.objects.select_for_update(of=("self",)).select_related("family__centre").get(pk=plan.pk)


@transaction.atomic
def work_plan_create(*, actor: User, family: Family) -> WorkPlan:
    """The family's assistant opens the first work plan with the family, as a draft.

    Art. 15 ust. 1 pkt 1 and ust. 3: the assistant draws up the plan of work with the family and
    carries it out, together with the family and in consultation with the social worker. There is
    one plan; every later change is a new version made by `work_plan_revise`.
    """
    family = lock_family(family)
    require(policies.can_create_plan(actor, family))
    assignment = assignment_of(actor, family)
    assert assignment is not None  # policies.can_create_plan: the actor is the family's assistant now
    exists = _("The family already has a work plan; revise it to make a new version.")
    try:
        with transaction.atomic():
            plan = WorkPlan.objects.create(family=family, assignment=assignment, version=1, author=actor)
    except IntegrityError:
        raise ValidationError(exists) from None
    audit.record(actor=actor, action=AuditAction.CREATE, target=plan, family_id=family.pk, version=1)
    return plan


def _validate_goals(goals: list[dict]) -> None:
    """What a goal of a draft says is checked; what it does not say yet is asked for when the family
    signs the plan (WorkPlan.missing_parts): a draft saves a goal with its wording at least."""
    errors = []
    for goal in goals:
        if not goal.get("goal", "").strip():
            errors.append(_("Write the goal."))
        if goal.get("performer", "") not in ("", *Performer.values):
            errors.append(_("Choose who carries out the goal “%(goal)s”.") % {"goal": goal["goal"]})
        if goal.get("status", GoalStatus.PLANNED) not in GoalStatus.values:
            errors.append(_("Choose the status of the goal “%(goal)s”.") % {"goal": goal["goal"]})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def work_plan_save(
    *, actor: User, plan: WorkPlan, data: dict, goals: list[dict] | None = None, version: int | None = None
) -> WorkPlan:
    """The assistant writes the draft plan: the consultation, the foster-care coordination, the goals.

    Art. 15 ust. 3: the plan sets the goals, the actions, who carries them out, the deadlines and
    the expected effects. `goals` is the whole new list of goals: an item with the `id` of a goal
    of this plan changes it, one without an id adds a goal, and a goal left out is removed; without
    `goals` they stay as they are (the plan's page adds and removes them one by one). Only a
    draft changes; an accepted plan stays as the family signed it. The goals are part of the
    plan's version: a form drawn from an older version is refused (`version`, audit.save_changes).
    """
    plan = _lock_plan(plan)
    require(policies.can_edit_plan(actor, plan))
    assignment = assignment_of(actor, plan.family)
    assert assignment is not None  # policies.can_edit_plan: the actor is the family's assistant now
    consulted_on = data.get("consulted_on")
    if consulted_on and consulted_on > timezone.localdate():
        raise ValidationError({"consulted_on": _("The date cannot be in the future.")})
    if consulted_on and consulted_on < assignment.started_on:
        raise ValidationError(
            {"consulted_on": _("The consultation cannot be earlier than the start of the assistant's work.")}
        )
    if goals is None:
        audit.save_changes(
            actor=actor,
            target=plan,
            data=data,
            fields=PLAN_FIELDS,
            family_id=plan.family_id,
            expected_version=version,
        )
        return plan
    _validate_goals(goals)
    existing = {goal.pk: goal for goal in plan.goals.all()}
    added: list[dict] = []
    updated: list[tuple[PlanGoal, dict]] = []
    kept = set()
    for item in goals:
        values = {field: item[field] for field in GOAL_FIELDS if field in item}
        goal_id = item.get("id")
        goal = existing.get(goal_id) if goal_id is not None else None
        if goal is None:
            added.append(values)
            continue
        kept.add(goal.pk)
        goal_changed = {field: value for field, value in values.items() if getattr(goal, field) != value}
        if goal_changed:
            updated.append((goal, goal_changed))
    removed = [pk for pk in existing if pk not in kept]
    audit.save_changes(
        actor=actor,
        target=plan,
        data=data,
        fields=PLAN_FIELDS,
        family_id=plan.family_id,
        expected_version=version,
        also_changed=("goals",) if added or updated or removed else (),
        goals_added=len(added),
        goals_changed=len(updated),
        goals_removed=len(removed),
    )
    for values in added:
        PlanGoal.objects.create(plan=plan, **values)
    for goal, goal_changed in updated:
        for field, value in goal_changed.items():
            setattr(goal, field, value)
        goal.save(update_fields=list(goal_changed))
    if removed:
        plan.goals.filter(pk__in=removed).delete()
    return plan


def _goal_values(data: dict) -> dict:
    return {field: data[field] for field in GOAL_FIELDS if field in data}


@transaction.atomic
def plan_goal_add(*, actor: User, plan: WorkPlan, data: dict, version: int | None = None) -> PlanGoal:
    """The assistant adds a goal to the draft plan, on the plan's page (art. 15 ust. 3: the goal,
    the actions, who carries them out, the deadline and the expected effect). Only a draft changes;
    the plan's version moves, so a form of the plan drawn before the goal was added is refused."""
    plan = _lock_plan(plan)
    require(policies.can_edit_plan(actor, plan))
    _validate_goals([data])
    goal = PlanGoal.objects.create(plan=plan, **_goal_values(data))
    audit.save_changes(
        actor=actor,
        target=plan,
        data={},
        fields=(),
        family_id=plan.family_id,
        expected_version=version,
        also_changed=("goals",),
        goals_added=1,
        goal=goal.pk,
    )
    return goal


def _lock_goal(goal: PlanGoal) -> tuple[WorkPlan, PlanGoal]:
    plan = _lock_plan(goal.plan)
    return plan, PlanGoal.objects.get(pk=goal.pk, plan=plan)


@transaction.atomic
def plan_goal_update(*, actor: User, goal: PlanGoal, data: dict, version: int | None = None) -> PlanGoal:
    """The assistant changes a goal of the draft plan (art. 15 ust. 3); the plan's version moves."""
    plan, goal = _lock_goal(goal)
    require(policies.can_edit_plan(actor, plan))
    _validate_goals([data])
    changed = {field: value for field, value in _goal_values(data).items() if getattr(goal, field) != value}
    if not changed:
        return goal
    audit.save_changes(
        actor=actor,
        target=plan,
        data={},
        fields=(),
        family_id=plan.family_id,
        expected_version=version,
        also_changed=("goals",),
        goals_changed=1,
        goal=goal.pk,
    )
    for field, value in changed.items():
        setattr(goal, field, value)
    goal.save(update_fields=list(changed))
    return goal


@transaction.atomic
def plan_goal_remove(*, actor: User, goal: PlanGoal, version: int | None = None) -> WorkPlan:
    """The assistant removes a goal from the draft plan; an accepted plan keeps its goals as the
    family signed them. The plan's version moves."""
    plan, goal = _lock_goal(goal)
    require(policies.can_edit_plan(actor, plan))
    audit.save_changes(
        actor=actor,
        target=plan,
        data={},
        fields=(),
        family_id=plan.family_id,
        expected_version=version,
        also_changed=("goals",),
        goals_removed=1,
        goal=goal.pk,
    )
    goal.delete()
    return plan


@transaction.atomic
def work_plan_accept(
    *, actor: User, plan: WorkPlan, accepted_by: str, accepted_on: datetime.date
) -> WorkPlan:
    """The family accepts and signs the plan; from then on it is locked (art. 15 ust. 1 pkt 1).

    The plan is made with the family and in consultation with the social worker, so the
    consultation is recorded first and the plan has at least one goal, each of them complete (a
    draft saves a goal with whatever of it is filled in: `WorkPlan.missing_parts`). When a child of the family
    is in foster care, the plan is made with the foster-care coordinator and agrees with the
    child's help plan (art. 15 ust. 1 pkt 2).
    """
    plan = _lock_plan(plan)
    require(policies.can_accept_plan(actor, plan))
    assignment = assignment_of(actor, plan.family)
    assert assignment is not None  # policies.can_accept_plan: the actor is the family's assistant now
    errors = {}
    if plan.consulted_on is None:
        errors["consulted_on"] = _("Record the consultation of the plan with the social worker first.")
    if not plan.goals.exists():
        errors["goals"] = _("The plan needs at least one goal.")
    elif missing := plan.missing_parts():
        errors["goals"] = _("Fill in before the family signs: %(parts)s.") % {"parts": "; ".join(missing)}
    if plan.family.members.current().filter(in_foster_care=True).exists():
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
    plan.accepted_by = accepted_by.strip()
    plan.accepted_on = accepted_on
    move(plan, PlanStatus.ACCEPTED, also_update=("accepted_by", "accepted_on"))
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
    plan = _lock_plan(plan)
    require(policies.can_revise_plan(actor, plan))
    family = plan.family
    assignment = assignment_of(actor, family)
    assert assignment is not None  # policies.can_revise_plan: the actor is the family's assistant now
    open_draft = _("A revision of the plan is already open; finish it first.")
    newest = family.work_plans.order_by("-version").values_list("version", flat=True).first()
    assert newest is not None  # the plan revised is one of them
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
    require(policies.can_update_goal_status(actor, goal))
    family = goal.plan.family
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
    plan = _lock_plan(plan)
    require(policies.can_comment_plan(actor, plan))
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
def visit_record(*, actor: User, family: Family, data: dict) -> Visit:
    """The assistant documents a visit or another contact with the family (art. 15 ust. 1 pkt 15).

    The documentation says when, where and how long, who was present, what was done and the
    tasks until the next meeting.
    """
    family = lock_family(family)
    require(policies.can_record_visit(actor, family))
    assignment = assignment_of(actor, family)
    assert assignment is not None  # policies.can_record_visit: the actor is the family's assistant now
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
def visit_update(*, actor: User, visit: Visit, data: dict, version: int | None = None) -> Visit:
    """The author corrects the record of a visit while their work with the family goes on.

    Once the assignment ends the documentation stays as it was (art. 15 ust. 1 pkt 15). A form
    drawn from an older version of the record is refused (`version`, audit.save_changes).
    """
    visit = Visit.objects.select_for_update(of=("self",)).select_related("family").get(pk=visit.pk)
    require(policies.can_update_visit(actor, visit))
    assignment = assignment_of(actor, visit.family)
    assert assignment is not None  # policies.can_update_visit: the actor is the family's assistant now
    _validate_visit(assignment=assignment, data=data)
    audit.save_changes(
        actor=actor,
        target=visit,
        data=data,
        fields=VISIT_FIELDS,
        family_id=visit.family_id,
        expected_version=version,
    )
    return visit


@transaction.atomic
def visit_withdraw(*, actor: User, visit: Visit, reason: str) -> Visit:
    """The author withdraws a visit recorded by mistake, with the reason: it is kept in the record
    and the audit trail, and gone from the lists, the month's hours and the monthly report."""
    visit = Visit.objects.select_for_update(of=("self",)).select_related("family").get(pk=visit.pk)
    require(policies.can_withdraw_visit(actor, visit))
    audit.withdraw(actor=actor, target=visit, reason=reason, family_id=visit.family_id)
    return visit
