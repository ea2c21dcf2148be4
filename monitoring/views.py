"""Views of the monitoring: fetch through the access layer (a family or plan the user may not read
answers 404), bind the form, call the service, redirect. Whether a step may be taken is its policy
(monitoring.policies): the service refuses by it, the templates show its button by it."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.access import family_view
from cases.models import Family
from familysupport.access import AuthenticatedRequest, object_view, role_required
from familysupport.forms import call_create_service, call_service, call_withdraw_service, say_created
from familysupport.models import Role
from familysupport.policies import Verdict, require_theirs
from familysupport.steps import confirm_page, confirmed, form_summary
from monitoring import policies, selectors, services
from monitoring.forms import PlanEditForm, PlanEndForm, PlanForm, ReviewForm
from monitoring.models import Escalation, MonitoringPlan, PlanBasis

READERS = (Role.SOCIAL_WORKER, Role.HEAD)
WORKER = (Role.SOCIAL_WORKER,)

# The reason the path gives for a plan, as the form offers it first.
BASIS_OF_STATUS = {
    "no_assistant": PlanBasis.OTHER_SUPPORT,
    "request_refused": PlanBasis.REQUEST_REFUSED,
    "referred": PlanBasis.REFERRED,
}


def _step_page(request: AuthenticatedRequest, verdict: Verdict, plan: MonitoringPlan) -> HttpResponse | None:
    """403 when the step is not the user's; when it is but not now, back to the plan with the
    reason; None when the form is to be shown."""
    if require_theirs(verdict):
        return None
    messages.info(request, verdict.reason)
    return redirect("monitoring:plan_detail", plan_id=plan.pk)


@role_required(*READERS)
def monitoring_list(request: AuthenticatedRequest) -> HttpResponse:
    """Every family the user may see that is being monitored: the social workers' plans and the
    monitoring after the end of an assistant's work."""
    return render(
        request, "monitoring/monitoring_list.html", {"monitored": selectors.monitored_families(request.user)}
    )


@family_view(roles=WORKER)
def plan_create(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    verdict = require_theirs(policies.can_create_plan(request.user, family))
    # A form sent again finds the plan its first sending set up (call_create_service), so only
    # the page itself is turned away once the family has a plan.
    if not verdict and request.method != "POST":
        messages.info(request, verdict.reason)
        return redirect("cases:family_detail", family_id=family.pk)
    form = PlanForm(
        request.POST or None,
        family=family,
        initial={
            "started_on": timezone.localdate(),
            "basis": BASIS_OF_STATUS.get(family.status, PlanBasis.WORKER),
            "every": 1,
            "interval": "months",
        },
    )
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form, services.plan_create, actor=request.user, family=family, data=form.cleaned_data
        )
        if created:
            say_created(
                request, new, _("The monitoring plan has been set up; its first review is in your deadlines.")
            )
            return redirect("monitoring:plan_detail", plan_id=created.pk)
    return render(request, "monitoring/plan_form.html", {"family": family, "form": form})


@object_view(selectors.plan_for, kwarg="plan_id", roles=READERS)
def plan_detail(request: AuthenticatedRequest, plan: MonitoringPlan) -> HttpResponse:
    return render(
        request,
        "monitoring/plan_detail.html",
        {
            "plan": plan,
            "family": plan.family,
            "children": plan.children.all(),
            "reviews": selectors.current_reviews(plan),
            "withdrawn": selectors.withdrawn_reviews(plan),
            "next_due": selectors.next_review_due(plan),
        },
    )


@object_view(selectors.plan_for, kwarg="plan_id", roles=READERS)
def plan_edit(request: AuthenticatedRequest, plan: MonitoringPlan) -> HttpResponse:
    if refused := _step_page(request, policies.can_edit_plan(request.user, plan), plan):
        return refused
    form = PlanEditForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.plan_update, actor=request.user, plan=plan, data=form.cleaned_data):
            messages.success(request, _("The monitoring plan has been saved."))
            return redirect("monitoring:plan_detail", plan_id=plan.pk)
    return render(request, "monitoring/plan_edit.html", {"plan": plan, "family": plan.family, "form": form})


@object_view(selectors.plan_for, kwarg="plan_id", roles=READERS)
def plan_end(request: AuthenticatedRequest, plan: MonitoringPlan) -> HttpResponse:
    if refused := _step_page(request, policies.can_end_plan(request.user, plan), plan):
        return refused
    form = PlanEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirm_page(
                request,
                title=_("End the monitoring"),
                summary=form_summary(form),
                locks=_(
                    "Once ended, the plan owes no more reviews and cannot be reopened; "
                    "a new plan can be set up."
                ),
                button=_("End the monitoring"),
                back=reverse("monitoring:plan_end", args=[plan.pk]),
                header="cases/_family_header.html",
                context={"family": plan.family},
            )
        if call_service(form, services.plan_end, actor=request.user, plan=plan, **form.cleaned_data):
            messages.success(request, _("The monitoring has ended."))
            return redirect("monitoring:plan_detail", plan_id=plan.pk)
    return render(request, "monitoring/plan_end.html", {"plan": plan, "family": plan.family, "form": form})


def _after_review(request: AuthenticatedRequest, plan: MonitoringPlan, review) -> HttpResponse:
    """Where the review leads: what its escalation opened, else the plan."""
    family_id = plan.family_id
    if review.escalation == Escalation.INTERVIEW_UPDATE and review.interview_id:
        messages.info(request, _("The update of the environmental interview is open."))
        return redirect("cases:interview_edit", family_id=family_id, interview_id=review.interview_id)
    if review.escalation == Escalation.ASSISTANT_REQUEST:
        if review.request_id:
            messages.info(
                request, _("The request for a family assistant is open: complete it and submit it.")
            )
            return redirect("cases:request_detail", family_id=family_id, request_id=review.request_id)
        messages.info(
            request, _("Record the family's consent or the statutory basis; then the request follows.")
        )
        return redirect("cases:consent_add", family_id=family_id)
    return redirect("monitoring:plan_detail", plan_id=plan.pk)


@object_view(selectors.plan_for, kwarg="plan_id", roles=READERS)
def review_add(request: AuthenticatedRequest, plan: MonitoringPlan) -> HttpResponse:
    if refused := _step_page(request, policies.can_log_review(request.user, plan), plan):
        return refused
    today = timezone.localdate()
    form = ReviewForm(
        request.POST or None, initial={"reviewed_on": today, "next_review_on": plan.review_due_after(today)}
    )
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form, services.review_log, actor=request.user, plan=plan, **form.cleaned_data
        )
        if created:
            say_created(request, new, _("The monitoring review has been logged."))
            if new:
                return _after_review(request, plan, created)
            return redirect("monitoring:plan_detail", plan_id=plan.pk)
    return render(
        request,
        "monitoring/review_form.html",
        {"plan": plan, "family": plan.family, "form": form, "next_due": selectors.next_review_due(plan)},
    )


@require_POST
@object_view(selectors.plan_for, kwarg="plan_id", roles=WORKER)
def review_withdraw(request: AuthenticatedRequest, plan: MonitoringPlan, review_id: int) -> HttpResponse:
    review = get_object_or_404(plan.reviews.current(), pk=review_id)
    if not policies.can_view_monitoring(request.user, plan.family):
        raise Http404
    call_withdraw_service(
        request,
        services.review_withdraw,
        actor=request.user,
        review=review,
        success=_("The monitoring review has been withdrawn."),
    )
    return redirect("monitoring:plan_detail", plan_id=plan.pk)
