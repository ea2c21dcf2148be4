"""The work plan (art. 15 ust. 1 pkt 1–2): drafted by the family's assistant, read and commented on
by the responsible social worker, read by the head. The documentation of work: visits and
contacts. The assistant's month: hours and contacts per family.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assistants.forms import (
    NEW_GOAL_ID,
    GoalAddForm,
    GoalForm,
    GoalRemoveForm,
    GoalStatusForm,
    PlanCommentForm,
    VisitForm,
    WorkPlanAcceptForm,
    WorkPlanForm,
    goal_auto_id,
)
from assistants.models import GoalStatus, PlanGoal, WorkPlan
from assistants.policies import plans as policies
from assistants.selectors import plans as plan_selectors
from assistants.services import plans as plan_services
from assistants.views import step_page
from cases.access import family_view
from cases.models import Family
from cases.selectors import WORK_PLAN, document_parts
from familysupport import audit
from familysupport.access import AuthenticatedRequest, record_read, role_required
from familysupport.forms import (
    call_create_service,
    call_create_transition,
    call_service,
    call_transition,
    call_withdraw_service,
    say_created,
)
from familysupport.lists import paginate
from familysupport.models import AuditAction, Role
from familysupport.pdf import pdf_response, render_pdf
from familysupport.steps import confirm_page, confirmed, form_summary

ASSISTANT = (Role.FAMILY_ASSISTANT,)
PAGE_SIZE = 25
PLAN_ROLES = plan_selectors.PLAN_READERS
PLAN_COMMENTERS = (Role.SOCIAL_WORKER,)


PLAN_DETAIL = "assistants:work_plan_detail"


def _plan_detail(family: Family, plan_id: int) -> HttpResponse:
    return redirect(PLAN_DETAIL, family_id=family.pk, plan_id=plan_id)


@require_POST
@family_view(roles=ASSISTANT)
def work_plan_create(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    plan = call_create_transition(
        request,
        plan_services.work_plan_create,
        actor=request.user,
        family=family,
        success=_("The work plan draft is open."),
    )
    if plan is None:
        return redirect("cases:family_detail", family_id=family.pk)
    return redirect("assistants:work_plan_edit", family_id=family.pk, plan_id=plan.pk)


@family_view(roles=PLAN_ROLES)
def work_plan_detail(request: AuthenticatedRequest, family: Family, plan_id: int) -> HttpResponse:
    plan = plan_selectors.family_work_plan(family, plan_id)
    current = plan_selectors.current_work_plan(family)
    return render(
        request,
        "assistants/work_plan_detail.html",
        {
            "family": family,
            "plan": plan,
            "goals": plan.goals.all(),
            "comments": plan.comments.select_related("author"),
            "versions": plan_selectors.work_plan_versions(family),
            "current": current,
            "is_current": current is not None and current.pk == plan.pk,
            "foster_care": family.members.current().filter(in_foster_care=True).exists(),
            "goal_statuses": GoalStatus.choices,
            "comment_form": PlanCommentForm(),
            "parts": document_parts(request.user, WORK_PLAN, plan),
        },
    )


GOALS_PART = "assistants/_plan_goal_editor.html"


def _goal_forms(plan: WorkPlan, bound: GoalForm | None = None) -> list[GoalForm]:
    """A form for each goal of the draft; the one just sent (`bound`) keeps what the user typed."""
    return [
        bound
        if bound is not None and bound.instance.pk == goal.pk
        else GoalForm(instance=goal, plan=plan, auto_id=goal_auto_id(goal))
        for goal in plan.goals.all()
    ]


def _goals_context(family: Family, plan: WorkPlan, **forms) -> dict:
    """What the goals part of the plan's page shows: each goal's form and the form of a new one."""
    return {
        "family": family,
        "plan": plan,
        "goal_forms": _goal_forms(plan, forms.get("bound")),
        "add_form": forms.get("add_form") or GoalAddForm(plan=plan, auto_id=NEW_GOAL_ID),
    }


def _is_htmx(request: AuthenticatedRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _after_goal(
    request: AuthenticatedRequest, family: Family, plan: WorkPlan, *, done: bool, **forms
) -> HttpResponse:
    """After a goal's form was sent. From htmx: the goals part again, drawn from the plan as saved
    now (with the plan form's version moved when the change went through, so the page's own plan
    form is not refused for it). Without JavaScript: back to the plan's page, or the page again
    with the form's errors."""
    plan.refresh_from_db()
    if _is_htmx(request):
        context = {**_goals_context(family, plan, **forms), "htmx": True, "moved_version": done}
        return render(request, GOALS_PART, context)
    if done:
        return redirect(f"{reverse('assistants:work_plan_edit', args=[family.pk, plan.pk])}#goals")
    return _edit_page(request, family, plan, WorkPlanForm(instance=plan, prefix="plan"), **forms)


def _edit_page(request: AuthenticatedRequest, family: Family, plan: WorkPlan, form, **forms) -> HttpResponse:
    return render(
        request,
        "assistants/work_plan_form.html",
        {
            **_goals_context(family, plan, **forms),
            "form": form,
            "foster_care": family.members.current().filter(in_foster_care=True).exists(),
        },
    )


@family_view(roles=ASSISTANT)
def work_plan_edit(request: AuthenticatedRequest, family: Family, plan_id: int) -> HttpResponse:
    plan = plan_selectors.family_work_plan(family, plan_id)
    if refused := step_page(
        request, policies.can_edit_plan(request.user, plan), PLAN_DETAIL, family_id=family.pk, plan_id=plan.pk
    ):
        return refused
    form = WorkPlanForm(request.POST or None, instance=plan, prefix="plan")
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, plan_services.work_plan_save, actor=request.user, plan=plan, data=form.cleaned_data
        ):
            messages.success(request, _("The work plan draft has been saved."))
            if "accept" in request.POST:
                return redirect("assistants:work_plan_accept", family_id=family.pk, plan_id=plan.pk)
            return _plan_detail(family, plan.pk)
    return _edit_page(request, family, plan, form)


@require_POST
@family_view(roles=ASSISTANT)
def plan_goal_add(request: AuthenticatedRequest, family: Family, plan_id: int) -> HttpResponse:
    plan = plan_selectors.family_work_plan(family, plan_id)
    form = GoalAddForm(request.POST, plan=plan, auto_id=NEW_GOAL_ID)
    goal = None
    if form.is_valid():
        goal, new = call_create_service(
            form, plan_services.plan_goal_add, actor=request.user, plan=plan, data=form.cleaned_data
        )
        if goal is not None:
            say_created(request, new, _("The goal has been added to the plan."))
    return _after_goal(request, family, plan, done=goal is not None, add_form=None if goal else form)


def _goal_of(family: Family, plan_id: int, goal_id: int) -> tuple[WorkPlan, PlanGoal]:
    plan = plan_selectors.family_work_plan(family, plan_id)
    return plan, plan_selectors.family_plan_goal(plan, goal_id)


@require_POST
@family_view(roles=ASSISTANT)
def plan_goal_edit(request: AuthenticatedRequest, family: Family, plan_id: int, goal_id: int) -> HttpResponse:
    plan, goal = _goal_of(family, plan_id, goal_id)
    form = GoalForm(request.POST, instance=goal, plan=plan, auto_id=goal_auto_id(goal))
    done = form.is_valid() and (
        call_service(
            form, plan_services.plan_goal_update, actor=request.user, goal=goal, data=form.cleaned_data
        )
        is not None
    )
    if done:
        messages.success(request, _("The goal has been saved."))
    return _after_goal(request, family, plan, done=done, bound=None if done else form)


@require_POST
@family_view(roles=ASSISTANT)
def plan_goal_remove(
    request: AuthenticatedRequest, family: Family, plan_id: int, goal_id: int
) -> HttpResponse:
    plan, goal = _goal_of(family, plan_id, goal_id)
    form = GoalRemoveForm(request.POST, plan=plan)
    done = form.is_valid() and (
        call_service(form, plan_services.plan_goal_remove, actor=request.user, goal=goal) is not None
    )
    if done:
        messages.success(request, _("The goal has been removed from the plan."))
        return _after_goal(request, family, plan, done=True)
    # The refusal is said on the goal's own form, which keeps the goal as the user sees it.
    bound = GoalForm(form.data, instance=goal, plan=plan, auto_id=goal_auto_id(goal))
    bound.full_clean()
    for error in form.non_field_errors():
        bound.add_error(None, error)
    return _after_goal(request, family, plan, done=False, bound=bound)


@family_view(roles=ASSISTANT)
def work_plan_accept(request: AuthenticatedRequest, family: Family, plan_id: int) -> HttpResponse:
    plan = plan_selectors.family_work_plan(family, plan_id)
    if refused := step_page(
        request,
        policies.can_accept_plan(request.user, plan),
        PLAN_DETAIL,
        family_id=family.pk,
        plan_id=plan.pk,
    ):
        return refused
    form = WorkPlanAcceptForm(request.POST or None, initial={"accepted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirm_page(
                request,
                title=_("Record the family's signature"),
                summary=[
                    (_("version"), plan.version),
                    *((goal.goal, goal.expected_effect) for goal in plan.goals.all()),
                    *form_summary(form),
                ],
                locks=_(
                    "Once the family's signature is recorded, this version of the plan is locked: "
                    "a later change is a new version of the plan."
                ),
                button=_("Record the signature"),
                back=reverse("assistants:work_plan_accept", args=[family.pk, plan.pk]),
                missing=plan.missing_parts(),
                header="cases/_family_header.html",
                context={"family": family},
            )
        if call_service(
            form, plan_services.work_plan_accept, actor=request.user, plan=plan, **form.cleaned_data
        ):
            messages.success(request, _("The family's acceptance of the plan has been recorded."))
            return _plan_detail(family, plan.pk)
    return render(
        request,
        "assistants/work_plan_accept.html",
        {
            "family": family,
            "plan": plan,
            "goals": plan.goals.all(),
            "form": form,
            "missing": plan.missing_parts(),
        },
    )


@require_POST
@family_view(roles=ASSISTANT)
def work_plan_revise(request: AuthenticatedRequest, family: Family, plan_id: int) -> HttpResponse:
    plan = plan_selectors.family_work_plan(family, plan_id)
    revision = call_create_transition(
        request,
        plan_services.work_plan_revise,
        actor=request.user,
        plan=plan,
        success=_("The revision is open as a new version of the plan."),
    )
    if revision is None:
        return _plan_detail(family, plan.pk)
    return redirect("assistants:work_plan_edit", family_id=family.pk, plan_id=revision.pk)


@require_POST
@family_view(roles=ASSISTANT)
def plan_goal_status(
    request: AuthenticatedRequest, family: Family, plan_id: int, goal_id: int
) -> HttpResponse:
    plan = plan_selectors.family_work_plan(family, plan_id)
    goal = plan_selectors.family_plan_goal(plan, goal_id)
    form = GoalStatusForm(request.POST)
    if form.is_valid():
        call_transition(
            request,
            plan_services.plan_goal_status_update,
            actor=request.user,
            goal=goal,
            status=form.cleaned_data["status"],
            success=_("The status of the goal has been updated."),
        )
    else:
        messages.error(request, _("Choose the status of the goal."))
    return _plan_detail(family, plan.pk)


@family_view(roles=PLAN_COMMENTERS)
def work_plan_comment(request: AuthenticatedRequest, family: Family, plan_id: int) -> HttpResponse:
    plan = plan_selectors.family_work_plan(family, plan_id)
    if refused := step_page(
        request,
        policies.can_comment_plan(request.user, plan),
        PLAN_DETAIL,
        family_id=family.pk,
        plan_id=plan.pk,
    ):
        return refused
    form = PlanCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form,
            plan_services.work_plan_comment_add,
            actor=request.user,
            plan=plan,
            text=form.cleaned_data["text"],
        )
        if created:
            say_created(request, new, _("Your comment on the plan has been added."))
            return _plan_detail(family, plan.pk)
    return render(
        request, "assistants/work_plan_comment.html", {"family": family, "plan": plan, "form": form}
    )


@family_view(roles=PLAN_ROLES)
def work_plan_pdf(request: AuthenticatedRequest, family: Family, plan_id: int) -> HttpResponse:
    """The work plan for the signatures of the family, the assistant and the social worker."""
    plan = plan_selectors.family_work_plan(family, plan_id)
    content = render_pdf(
        "pdf/work_plan.html",
        {
            **plan_selectors.work_plan_document(plan),
            "parts": document_parts(request.user, WORK_PLAN, plan, pdf=True),
        },
    )
    record_read(request, plan, family_id=family.pk, action=AuditAction.DOWNLOAD)
    return pdf_response(content, filename=f"plan-pracy-{family.pk}-v{plan.version}.pdf")


@family_view(roles=PLAN_ROLES)
def visit_list(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    page = paginate(plan_selectors.family_visits(family), PAGE_SIZE, request.GET.get("page"))
    return render(request, "assistants/visit_list.html", {"family": family, "page": page})


@family_view(roles=ASSISTANT)
def visit_add(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    if refused := step_page(
        request, policies.can_record_visit(request.user, family), "assistants:visit_list", family_id=family.pk
    ):
        return refused
    form = VisitForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        visit, new = call_create_service(
            form, plan_services.visit_record, actor=request.user, family=family, data=form.cleaned_data
        )
        if visit:
            say_created(request, new, _("The visit has been recorded."))
            return redirect("assistants:visit_list", family_id=family.pk)
    return render(request, "assistants/visit_form.html", {"family": family, "form": form})


@family_view(roles=ASSISTANT)
def visit_edit(request: AuthenticatedRequest, family: Family, visit_id: int) -> HttpResponse:
    visit = plan_selectors.family_visit(family, visit_id)
    if refused := step_page(
        request, policies.can_update_visit(request.user, visit), "assistants:visit_list", family_id=family.pk
    ):
        return refused
    form = VisitForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, plan_services.visit_update, actor=request.user, visit=visit, data=form.cleaned_data
        ):
            messages.success(request, _("The record of the visit has been saved."))
            return redirect("assistants:visit_list", family_id=family.pk)
    return render(request, "assistants/visit_form.html", {"family": family, "form": form, "visit": visit})


@require_POST
@family_view(roles=ASSISTANT)
def visit_withdraw(request: AuthenticatedRequest, family: Family, visit_id: int) -> HttpResponse:
    visit = plan_selectors.family_visit(family, visit_id)
    if call_withdraw_service(
        request,
        plan_services.visit_withdraw,
        actor=request.user,
        visit=visit,
        success=_("The visit has been withdrawn."),
    ):
        return redirect("assistants:visit_list", family_id=family.pk)
    return redirect("assistants:visit_edit", family_id=family.pk, visit_id=visit.pk)


def _month_of(request: AuthenticatedRequest, *, warn: bool) -> dict:
    month, understood = plan_selectors.parse_month(request.GET.get("month"))
    if not understood and warn:
        messages.warning(request, _("The month was not understood; showing the current month."))
    return plan_selectors.assistant_month(request.user, month)


@role_required(Role.FAMILY_ASSISTANT)
def assistant_month(request: AuthenticatedRequest) -> HttpResponse:
    """The assistant's own month: hours and contacts per family."""
    return render(request, "assistants/assistant_month.html", _month_of(request, warn=True))


@role_required(Role.FAMILY_ASSISTANT)
def assistant_month_pdf(request: AuthenticatedRequest) -> HttpResponse:
    """The assistant's monthly report, printed."""
    report = _month_of(request, warn=False)
    content = render_pdf(
        "pdf/monthly_report.html", {"centre": request.user.centre, "assistant": request.user, **report}
    )
    month = report["month"].strftime("%Y-%m")
    audit.record(actor=request.user, action=AuditAction.DOWNLOAD, target=request.user, month=month)
    return pdf_response(content, filename=f"miesiac-{month}.pdf")
