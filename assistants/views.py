import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assistants import selectors, services
from assistants.filters import COURT_REQUEST_DEFAULT_SORT, COURT_REQUEST_SORTS, CourtRequestFilter
from assistants.forms import (
    AssessmentForm,
    AssistantProfileForm,
    CourtOpinionDispatchForm,
    CourtOpinionForm,
    CourtOpinionReturnForm,
    CourtRequestForm,
    GoalFormSet,
    GoalStatusForm,
    MonitoringNoteForm,
    PlanCommentForm,
    ReassignForm,
    VisitForm,
    WorkEndForm,
    WorkPlanAcceptForm,
    WorkPlanForm,
)
from assistants.models import AssessmentStatus, CourtOpinion, GoalStatus, OpinionStatus, PlanStatus
from cases.access import family_view
from cases.models import Family
from familysupport import audit
from familysupport.access import is_responsible_worker, role_required
from familysupport.forms import call_draft_service, call_service, call_transition
from familysupport.lists import list_context
from familysupport.models import AuditAction, Role
from familysupport.pdf import pdf_response, render_pdf
from familysupport.uploads import scan_response


@role_required(Role.HEAD)
def caseload(request: HttpRequest) -> HttpResponse:
    """Each assistant of the centre: families against the cap, families in monitoring, qualifications."""
    return render(
        request,
        "assistants/caseload.html",
        {"assistants": selectors.caseload_of_centre(request.user.centre_id)},
    )


# Court requests and opinions (art. 15 ust. 1 pkt 14). The register side (staff and the head)
# shows the court's letter and the state of the opinion; the opinion itself lives on the family.

REGISTER_KEEPERS = (Role.STAFF, Role.HEAD)
COURT_ROLES = (Role.FAMILY_ASSISTANT, Role.HEAD)
ASSISTANT = (Role.FAMILY_ASSISTANT,)
HEAD = (Role.HEAD,)
PAGE_SIZE = 25


def _opinion_pdf(opinion: CourtOpinion) -> HttpResponse:
    """The stored, issued document: the very bytes the court got."""
    if not opinion.pdf:
        raise Http404
    with opinion.pdf.open("rb") as handle:
        content = handle.read()
    return pdf_response(content, filename=f"opinia-{opinion.court_request_id}-v{opinion.version}.pdf")


@role_required(*REGISTER_KEEPERS)
def court_register(request: HttpRequest) -> HttpResponse:
    context = list_context(
        request,
        CourtRequestFilter,
        selectors.court_register(request.user),
        sorts=COURT_REQUEST_SORTS,
        default_sort=COURT_REQUEST_DEFAULT_SORT,
    )
    return render(request, "assistants/court_request_list.html", context)


@role_required(*REGISTER_KEEPERS)
def court_register_add(request: HttpRequest) -> HttpResponse:
    form = CourtRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        created = call_service(
            form,
            services.court_request_register,
            actor=request.user,
            family_reference=data.pop("family_reference"),
            data=data,
        )
        if created:
            messages.success(request, _("The court's letter has been registered."))
            return redirect("assistants:court_register_detail", court_request_id=created.pk)
    return render(request, "assistants/court_request_form.html", {"form": form})


@role_required(*REGISTER_KEEPERS)
def court_register_detail(request: HttpRequest, court_request_id: int) -> HttpResponse:
    court_request = selectors.court_register_entry(request.user, court_request_id)
    audit.record(
        actor=request.user, action=AuditAction.VIEW, target=court_request, family_id=court_request.family_id
    )
    return render(
        request,
        "assistants/court_request_detail.html",
        {
            "court_request": court_request,
            "is_head": request.user.has_role(Role.HEAD),
        },
    )


@role_required(*REGISTER_KEEPERS)
def court_register_scan(request: HttpRequest, court_request_id: int) -> HttpResponse:
    court_request = get_object_or_404(selectors.court_requests_visible_to(request.user), pk=court_request_id)
    if not court_request.scan:
        raise Http404
    audit.record(
        actor=request.user,
        action=AuditAction.DOWNLOAD,
        target=court_request,
        family_id=court_request.family_id,
    )
    return scan_response(court_request.scan, download_name=f"pismo-sadu-{court_request.pk}")


@role_required(*REGISTER_KEEPERS)
def court_register_opinion_pdf(request: HttpRequest, court_request_id: int, opinion_id: int) -> HttpResponse:
    court_request = get_object_or_404(selectors.court_requests_visible_to(request.user), pk=court_request_id)
    opinion = selectors.court_register_opinion(court_request, opinion_id)
    audit.record(actor=request.user, action=AuditAction.DOWNLOAD, target=opinion, family_id=opinion.family_id)
    return _opinion_pdf(opinion)


@role_required(*REGISTER_KEEPERS)
def court_register_dispatch(request: HttpRequest, court_request_id: int, opinion_id: int) -> HttpResponse:
    court_request = get_object_or_404(selectors.court_requests_visible_to(request.user), pk=court_request_id)
    opinion = selectors.court_register_opinion(court_request, opinion_id)
    if opinion.dispatched_on:
        messages.info(request, _("The opinion has already been dispatched."))
        return redirect("assistants:court_register_detail", court_request_id=court_request.pk)
    form = CourtOpinionDispatchForm(request.POST or None, initial={"dispatched_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            services.court_opinion_dispatch,
            actor=request.user,
            opinion=opinion,
            dispatched_on=form.cleaned_data["dispatched_on"],
            method=form.cleaned_data["method"],
        ):
            messages.success(request, _("The dispatch of the opinion has been recorded."))
            return redirect("assistants:court_register_detail", court_request_id=court_request.pk)
    return render(
        request,
        "assistants/court_opinion_dispatch.html",
        {"court_request": court_request, "opinion": opinion, "form": form},
    )


@family_view(roles=COURT_ROLES)
def court_request_detail(request: HttpRequest, family: Family, court_request_id: int) -> HttpResponse:
    court_request = selectors.family_court_request(family, court_request_id)
    opinions = court_request.opinions.order_by("-version")
    return render(
        request,
        "assistants/court_request_family.html",
        {
            "family": family,
            "court_request": court_request,
            "opinions": opinions,
            "can_start": selectors.is_active_assistant(request.user, family) and not opinions.exists(),
        },
    )


@family_view(roles=COURT_ROLES)
def court_request_scan(request: HttpRequest, family: Family, court_request_id: int) -> HttpResponse:
    court_request = selectors.family_court_request(family, court_request_id)
    if not court_request.scan:
        raise Http404
    audit.record(actor=request.user, action=AuditAction.DOWNLOAD, target=court_request, family_id=family.pk)
    return scan_response(court_request.scan, download_name=f"pismo-sadu-{court_request.pk}")


@require_POST
@family_view(roles=ASSISTANT)
def court_opinion_start(request: HttpRequest, family: Family, court_request_id: int) -> HttpResponse:
    court_request = selectors.family_court_request(family, court_request_id)
    opinion = call_transition(
        request,
        services.court_opinion_start,
        actor=request.user,
        court_request=court_request,
        success=_("The opinion draft is open."),
    )
    if opinion is None:
        return redirect(
            "assistants:court_request_detail", family_id=family.pk, court_request_id=court_request.pk
        )
    return redirect("assistants:court_opinion_edit", family_id=family.pk, opinion_id=opinion.pk)


@family_view(roles=COURT_ROLES)
def court_opinion_detail(request: HttpRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = selectors.family_court_opinion(family, opinion_id)
    assistant = selectors.is_active_assistant(request.user, family)
    is_head = request.user.has_role(Role.HEAD)
    newest = opinion.court_request.opinions.order_by("-version").values_list("pk", flat=True).first()
    return render(
        request,
        "assistants/court_opinion_detail.html",
        {
            "family": family,
            "opinion": opinion,
            "court_request": opinion.court_request,
            "sections": selectors.court_opinion_sections(opinion),
            "newest_id": newest,
            "can_edit": assistant and opinion.status in services.EDITABLE_OPINION,
            "can_decide": is_head and opinion.status == OpinionStatus.SUBMITTED,
            "can_correct": assistant and opinion.status == OpinionStatus.ISSUED and newest == opinion.pk,
        },
    )


@family_view(roles=ASSISTANT)
def court_opinion_edit(request: HttpRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = selectors.family_court_opinion(family, opinion_id)
    services.require_active_assistant(request.user, family)
    if opinion.status not in services.EDITABLE_OPINION:
        messages.info(request, _("This opinion cannot be changed now."))
        return redirect("assistants:court_opinion_detail", family_id=family.pk, opinion_id=opinion.pk)
    form = CourtOpinionForm(request.POST or None, instance=opinion)
    if request.method == "POST" and form.is_valid():
        if call_draft_service(
            request,
            form,
            services.court_opinion_save,
            services.court_opinion_submit,
            finish_button="submit",
            saved=_("The opinion draft has been saved."),
            finished=_("The opinion has been submitted to the head for sign-off."),
            actor=request.user,
            opinion=opinion,
        ):
            return redirect("assistants:court_opinion_detail", family_id=family.pk, opinion_id=opinion.pk)
    return render(
        request,
        "assistants/court_opinion_form.html",
        {"family": family, "opinion": opinion, "court_request": opinion.court_request, "form": form},
    )


@require_POST
@family_view(roles=ASSISTANT)
def court_opinion_submit(request: HttpRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = selectors.family_court_opinion(family, opinion_id)
    call_transition(
        request,
        services.court_opinion_submit,
        actor=request.user,
        opinion=opinion,
        success=_("The opinion has been submitted to the head for sign-off."),
    )
    return redirect("assistants:court_opinion_detail", family_id=family.pk, opinion_id=opinion.pk)


@require_POST
@family_view(roles=HEAD)
def court_opinion_approve(request: HttpRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = selectors.family_court_opinion(family, opinion_id)
    call_transition(
        request,
        services.court_opinion_approve,
        actor=request.user,
        opinion=opinion,
        success=_("The opinion has been signed off and issued."),
    )
    return redirect("assistants:court_opinion_detail", family_id=family.pk, opinion_id=opinion.pk)


@family_view(roles=HEAD)
def court_opinion_return(request: HttpRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = selectors.family_court_opinion(family, opinion_id)
    if opinion.status != OpinionStatus.SUBMITTED:
        messages.info(request, _("The opinion is not waiting for sign-off."))
        return redirect("assistants:court_opinion_detail", family_id=family.pk, opinion_id=opinion.pk)
    form = CourtOpinionReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            services.court_opinion_return,
            actor=request.user,
            opinion=opinion,
            comment=form.cleaned_data["comment"],
        ):
            messages.success(request, _("The opinion has been returned to the assistant."))
            return redirect("assistants:court_opinion_detail", family_id=family.pk, opinion_id=opinion.pk)
    return render(
        request,
        "assistants/court_opinion_return.html",
        {"family": family, "opinion": opinion, "court_request": opinion.court_request, "form": form},
    )


@require_POST
@family_view(roles=ASSISTANT)
def court_opinion_correct(request: HttpRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = selectors.family_court_opinion(family, opinion_id)
    correction = call_transition(
        request,
        services.court_opinion_correct,
        actor=request.user,
        opinion=opinion,
        success=_("The correction is open as a new version of the opinion."),
    )
    if correction is None:
        return redirect("assistants:court_opinion_detail", family_id=family.pk, opinion_id=opinion.pk)
    return redirect("assistants:court_opinion_edit", family_id=family.pk, opinion_id=correction.pk)


@family_view(roles=COURT_ROLES)
def court_opinion_pdf(request: HttpRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = get_object_or_404(family.court_opinions, pk=opinion_id, status=OpinionStatus.ISSUED)
    audit.record(actor=request.user, action=AuditAction.DOWNLOAD, target=opinion, family_id=family.pk)
    return _opinion_pdf(opinion)


# Assistant profiles (art. 12), periodic assessments (art. 15 ust. 1 pkt 16), the end of work,
# monitoring, closing the case and handing the family over to another assistant.


@role_required(Role.HEAD)
def assistant_profile_edit(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = selectors.centre_assistant(request.user, profile_id)
    form = AssistantProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            services.assistant_profile_update,
            actor=request.user,
            profile=profile,
            data=form.cleaned_data,
        ):
            messages.success(request, _("The assistant's details have been saved."))
            return redirect("assistants:caseload")
    return render(request, "assistants/assistant_profile_form.html", {"profile": profile, "form": form})


def _assessment_goals(plan):
    return list(plan.goals.all()) if plan else []


@family_view(roles=ASSISTANT)
def assessment_add(request: HttpRequest, family: Family) -> HttpResponse:
    assignment = services.require_active_assistant(request.user, family)
    plan = selectors.current_work_plan(family)
    last = assignment.assessments.exclude(status=AssessmentStatus.DRAFT).order_by("-period_to").first()
    initial = {
        "period_from": last.period_to + datetime.timedelta(days=1) if last else assignment.started_on,
        "period_to": timezone.localdate(),
    }
    form = AssessmentForm(request.POST or None, goals=_assessment_goals(plan), initial=initial)
    if request.method == "POST" and form.is_valid():
        created = call_service(
            form, services.assessment_create, actor=request.user, family=family, data=form.cleaned_data
        )
        if created:
            messages.success(request, _("The assessment has been saved as a draft; submit it to the head."))
            return redirect("assistants:assessment_detail", family_id=family.pk, assessment_id=created.pk)
    return render(request, "assistants/assessment_form.html", {"family": family, "form": form, "plan": plan})


@family_view(roles=ASSISTANT)
def assessment_edit(request: HttpRequest, family: Family, assessment_id: int) -> HttpResponse:
    assessment = selectors.family_assessment(family, assessment_id, request.user)
    services.require_active_assistant(request.user, family)
    if assessment.status != AssessmentStatus.DRAFT:
        messages.info(request, _("The assessment has been submitted and can no longer be changed."))
        return redirect("assistants:assessment_detail", family_id=family.pk, assessment_id=assessment.pk)
    form = AssessmentForm(request.POST or None, instance=assessment, goals=_assessment_goals(assessment.plan))
    if request.method == "POST" and form.is_valid():
        if call_draft_service(
            request,
            form,
            services.assessment_update,
            services.assessment_submit,
            finish_button="submit",
            saved=_("The assessment draft has been saved."),
            finished=_("The assessment has been submitted to the head."),
            actor=request.user,
            assessment=assessment,
        ):
            return redirect("assistants:assessment_detail", family_id=family.pk, assessment_id=assessment.pk)
    return render(
        request,
        "assistants/assessment_form.html",
        {"family": family, "form": form, "plan": assessment.plan, "assessment": assessment},
    )


@family_view()
def assessment_detail(request: HttpRequest, family: Family, assessment_id: int) -> HttpResponse:
    assessment = selectors.family_assessment(family, assessment_id, request.user)
    user = request.user
    is_author = assessment.author_id == user.pk and user.has_role(Role.FAMILY_ASSISTANT)
    draft = assessment.status == AssessmentStatus.DRAFT
    return render(
        request,
        "assistants/assessment_detail.html",
        {
            "family": family,
            "assessment": assessment,
            "areas": selectors.assessment_areas(assessment),
            "goals": selectors.assessment_goals(assessment),
            "can_edit": draft and is_author and assessment.assignment.ended_on is None,
            "can_acknowledge": user.has_role(Role.HEAD) and assessment.status == AssessmentStatus.SUBMITTED,
        },
    )


@require_POST
@family_view(roles=ASSISTANT)
def assessment_submit(request: HttpRequest, family: Family, assessment_id: int) -> HttpResponse:
    assessment = selectors.family_assessment(family, assessment_id, request.user)
    call_transition(
        request,
        services.assessment_submit,
        actor=request.user,
        assessment=assessment,
        success=_("The assessment has been submitted to the head."),
    )
    return redirect("assistants:assessment_detail", family_id=family.pk, assessment_id=assessment.pk)


@require_POST
@family_view(roles=HEAD)
def assessment_acknowledge(request: HttpRequest, family: Family, assessment_id: int) -> HttpResponse:
    assessment = selectors.family_assessment(family, assessment_id, request.user)
    call_transition(
        request,
        services.assessment_acknowledge,
        actor=request.user,
        assessment=assessment,
        success=_("The assessment has been acknowledged."),
    )
    return redirect("assistants:assessment_detail", family_id=family.pk, assessment_id=assessment.pk)


@family_view()
def assessment_pdf(request: HttpRequest, family: Family, assessment_id: int) -> HttpResponse:
    """The periodic assessment for the head's file, with the signatures."""
    assessment = selectors.family_assessment(family, assessment_id, request.user)
    content = render_pdf("pdf/assessment.html", selectors.assessment_document(assessment))
    audit.record(actor=request.user, action=AuditAction.DOWNLOAD, target=assessment, family_id=family.pk)
    return pdf_response(content, filename=f"ocena-{assessment.pk}.pdf")


@family_view(roles=(Role.FAMILY_ASSISTANT, Role.HEAD))
def work_end_add(request: HttpRequest, family: Family) -> HttpResponse:
    if not request.user.has_role(Role.HEAD):
        services.require_active_assistant(request.user, family)
    assignment = selectors.active_assignment(family)
    if assignment is None:
        messages.info(request, _("The family has no active family assistant."))
        return redirect("cases:family_detail", family_id=family.pk)
    form = WorkEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.work_end, actor=request.user, family=family, **form.cleaned_data):
            messages.success(request, _("The work with the family has ended; the monitoring has begun."))
            return redirect("cases:family_detail", family_id=family.pk)
    return render(
        request,
        "assistants/work_end_form.html",
        {"family": family, "form": form, "assignment": assignment, "months": family.centre.monitoring_months},
    )


@family_view()
def work_end_pdf(request: HttpRequest, family: Family, work_end_id: int) -> HttpResponse:
    """The summary of the end of work with the family."""
    ended = selectors.family_work_end(family, work_end_id)
    content = render_pdf("pdf/work_end.html", selectors.work_end_document(ended))
    audit.record(actor=request.user, action=AuditAction.DOWNLOAD, target=ended, family_id=family.pk)
    return pdf_response(content, filename=f"zakonczenie-{ended.pk}.pdf")


@family_view(roles=(Role.FAMILY_ASSISTANT, Role.SOCIAL_WORKER))
def monitoring_note_add(request: HttpRequest, family: Family) -> HttpResponse:
    monitoring = selectors.open_monitoring(family)
    if monitoring is None:
        messages.info(request, _("Monitoring notes are written only while the family is being monitored."))
        return redirect("cases:family_detail", family_id=family.pk)
    if not selectors.may_add_monitoring_note(request.user, family, monitoring):
        raise PermissionDenied
    form = MonitoringNoteForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.monitoring_note_add, actor=request.user, family=family, **form.cleaned_data
        ):
            messages.success(request, _("The monitoring note has been saved."))
            return redirect("cases:family_detail", family_id=family.pk)
    return render(
        request,
        "assistants/monitoring_note_form.html",
        {"family": family, "form": form, "monitoring": monitoring},
    )


@require_POST
@family_view(roles=HEAD)
def case_close(request: HttpRequest, family: Family) -> HttpResponse:
    call_transition(
        request,
        services.case_close,
        actor=request.user,
        family=family,
        success=_("The case has been closed."),
    )
    return redirect("cases:family_detail", family_id=family.pk)


@family_view(roles=HEAD)
def assignment_reassign(request: HttpRequest, family: Family) -> HttpResponse:
    current = selectors.active_assignment(family)
    if current is None:
        messages.info(request, _("The family has no active family assistant."))
        return redirect("cases:family_detail", family_id=family.pk)
    form = ReassignForm(
        request.POST or None,
        assistants=selectors.assistants_of_centre(family.centre_id).exclude(pk=current.assistant_id),
    )
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.assignment_reassign, actor=request.user, family=family, **form.cleaned_data
        ):
            messages.success(request, _("The family has been handed over to another assistant."))
            return redirect("cases:family_detail", family_id=family.pk)
    return render(
        request,
        "assistants/assignment_reassign.html",
        {"family": family, "form": form, "assignment": current},
    )


# The work plan (art. 15 ust. 1 pkt 1–2): drafted by the family's assistant, read and commented
# on by the responsible social worker, read by the head. The documentation of work: visits and
# contacts. The assistant's month: hours and contacts per family.

PLAN_ROLES = (Role.FAMILY_ASSISTANT, Role.SOCIAL_WORKER, Role.HEAD)
PLAN_COMMENTERS = (Role.SOCIAL_WORKER,)


def _plan_detail(family: Family, plan_id: int) -> HttpResponse:
    return redirect("assistants:work_plan_detail", family_id=family.pk, plan_id=plan_id)


@require_POST
@family_view(roles=ASSISTANT)
def work_plan_create(request: HttpRequest, family: Family) -> HttpResponse:
    plan = call_transition(
        request,
        services.work_plan_create,
        actor=request.user,
        family=family,
        success=_("The work plan draft is open."),
    )
    if plan is None:
        return redirect("cases:family_detail", family_id=family.pk)
    return redirect("assistants:work_plan_edit", family_id=family.pk, plan_id=plan.pk)


@family_view(roles=PLAN_ROLES)
def work_plan_detail(request: HttpRequest, family: Family, plan_id: int) -> HttpResponse:
    plan = selectors.family_work_plan(family, plan_id)
    current = selectors.current_work_plan(family)
    is_current = current is not None and current.pk == plan.pk
    assistant = selectors.is_active_assistant(request.user, family)
    is_draft = plan.status == PlanStatus.DRAFT
    return render(
        request,
        "assistants/work_plan_detail.html",
        {
            "family": family,
            "plan": plan,
            "goals": plan.goals.all(),
            "comments": plan.comments.select_related("author"),
            "versions": selectors.work_plan_versions(family),
            "current": current,
            "is_current": is_current,
            "foster_care": family.members.filter(in_foster_care=True).exists(),
            "can_edit": assistant and is_draft,
            "can_revise": assistant and is_current and selectors.draft_work_plan(family) is None,
            "can_update_goals": assistant and is_current,
            "goal_statuses": GoalStatus.choices,
            "can_comment": is_responsible_worker(request.user, family),
            "comment_form": PlanCommentForm(),
        },
    )


@family_view(roles=ASSISTANT)
def work_plan_edit(request: HttpRequest, family: Family, plan_id: int) -> HttpResponse:
    plan = selectors.family_work_plan(family, plan_id)
    services.require_active_assistant(request.user, family)
    if plan.status != PlanStatus.DRAFT:
        messages.info(request, _("An accepted plan cannot be changed; revise it to make a new version."))
        return _plan_detail(family, plan.pk)
    form = WorkPlanForm(request.POST or None, instance=plan, prefix="plan")
    goals = GoalFormSet(request.POST or None, instance=plan, prefix="goals")
    if request.method == "POST" and form.is_valid() and goals.is_valid():
        if call_service(
            form,
            services.work_plan_save,
            actor=request.user,
            plan=plan,
            data=form.cleaned_data,
            goals=goals.goals(),
        ):
            messages.success(request, _("The work plan draft has been saved."))
            if "accept" in request.POST:
                return redirect("assistants:work_plan_accept", family_id=family.pk, plan_id=plan.pk)
            return _plan_detail(family, plan.pk)
    return render(
        request,
        "assistants/work_plan_form.html",
        {
            "family": family,
            "plan": plan,
            "form": form,
            "goals": goals,
            "foster_care": family.members.filter(in_foster_care=True).exists(),
        },
    )


@family_view(roles=ASSISTANT)
def work_plan_accept(request: HttpRequest, family: Family, plan_id: int) -> HttpResponse:
    plan = selectors.family_work_plan(family, plan_id)
    services.require_active_assistant(request.user, family)
    if plan.status != PlanStatus.DRAFT:
        messages.info(request, _("The plan has already been accepted by the family."))
        return _plan_detail(family, plan.pk)
    form = WorkPlanAcceptForm(request.POST or None, initial={"accepted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.work_plan_accept, actor=request.user, plan=plan, **form.cleaned_data):
            messages.success(request, _("The family's acceptance of the plan has been recorded."))
            return _plan_detail(family, plan.pk)
    return render(
        request,
        "assistants/work_plan_accept.html",
        {"family": family, "plan": plan, "goals": plan.goals.all(), "form": form},
    )


@require_POST
@family_view(roles=ASSISTANT)
def work_plan_revise(request: HttpRequest, family: Family, plan_id: int) -> HttpResponse:
    plan = selectors.family_work_plan(family, plan_id)
    revision = call_transition(
        request,
        services.work_plan_revise,
        actor=request.user,
        plan=plan,
        success=_("The revision is open as a new version of the plan."),
    )
    if revision is None:
        return _plan_detail(family, plan.pk)
    return redirect("assistants:work_plan_edit", family_id=family.pk, plan_id=revision.pk)


@require_POST
@family_view(roles=ASSISTANT)
def plan_goal_status(request: HttpRequest, family: Family, plan_id: int, goal_id: int) -> HttpResponse:
    plan = selectors.family_work_plan(family, plan_id)
    goal = selectors.family_plan_goal(plan, goal_id)
    form = GoalStatusForm(request.POST)
    if form.is_valid():
        call_transition(
            request,
            services.plan_goal_status_update,
            actor=request.user,
            goal=goal,
            status=form.cleaned_data["status"],
            success=_("The status of the goal has been updated."),
        )
    else:
        messages.error(request, _("Choose the status of the goal."))
    return _plan_detail(family, plan.pk)


@family_view(roles=PLAN_COMMENTERS)
def work_plan_comment(request: HttpRequest, family: Family, plan_id: int) -> HttpResponse:
    plan = selectors.family_work_plan(family, plan_id)
    if not is_responsible_worker(request.user, family):
        raise PermissionDenied
    form = PlanCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            services.work_plan_comment_add,
            actor=request.user,
            plan=plan,
            text=form.cleaned_data["text"],
        ):
            messages.success(request, _("Your comment on the plan has been added."))
            return _plan_detail(family, plan.pk)
    return render(
        request, "assistants/work_plan_comment.html", {"family": family, "plan": plan, "form": form}
    )


@family_view(roles=PLAN_ROLES)
def work_plan_pdf(request: HttpRequest, family: Family, plan_id: int) -> HttpResponse:
    """The work plan for the signatures of the family, the assistant and the social worker."""
    plan = selectors.family_work_plan(family, plan_id)
    content = render_pdf("pdf/work_plan.html", selectors.work_plan_document(plan))
    audit.record(actor=request.user, action=AuditAction.DOWNLOAD, target=plan, family_id=family.pk)
    return pdf_response(content, filename=f"plan-pracy-{family.pk}-v{plan.version}.pdf")


@family_view(roles=PLAN_ROLES)
def visit_list(request: HttpRequest, family: Family) -> HttpResponse:
    page = Paginator(selectors.family_visits(family), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assistants/visit_list.html",
        {"family": family, "page": page, "is_assistant": selectors.is_active_assistant(request.user, family)},
    )


@family_view(roles=ASSISTANT)
def visit_add(request: HttpRequest, family: Family) -> HttpResponse:
    services.require_active_assistant(request.user, family)
    form = VisitForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.visit_record, actor=request.user, family=family, data=form.cleaned_data
        ):
            messages.success(request, _("The visit has been recorded."))
            return redirect("assistants:visit_list", family_id=family.pk)
    return render(request, "assistants/visit_form.html", {"family": family, "form": form})


@family_view(roles=ASSISTANT)
def visit_edit(request: HttpRequest, family: Family, visit_id: int) -> HttpResponse:
    visit = selectors.family_visit(family, visit_id)
    assignment = services.require_active_assistant(request.user, family)
    if visit.assistant_id != request.user.pk:
        raise PermissionDenied
    if visit.assignment_id != assignment.pk:
        messages.info(request, _("A visit of an earlier assignment can no longer be changed."))
        return redirect("assistants:visit_list", family_id=family.pk)
    form = VisitForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.visit_update, actor=request.user, visit=visit, data=form.cleaned_data):
            messages.success(request, _("The record of the visit has been saved."))
            return redirect("assistants:visit_list", family_id=family.pk)
    return render(request, "assistants/visit_form.html", {"family": family, "form": form, "visit": visit})


def _month_of(request: HttpRequest, *, warn: bool) -> dict:
    month, understood = selectors.parse_month(request.GET.get("month"))
    if not understood and warn:
        messages.warning(request, _("The month was not understood; showing the current month."))
    return selectors.assistant_month(request.user, month)


@role_required(Role.FAMILY_ASSISTANT)
def assistant_month(request: HttpRequest) -> HttpResponse:
    """The assistant's own month: hours and contacts per family."""
    return render(request, "assistants/assistant_month.html", _month_of(request, warn=True))


@role_required(Role.FAMILY_ASSISTANT)
def assistant_month_pdf(request: HttpRequest) -> HttpResponse:
    """The assistant's monthly report, printed."""
    report = _month_of(request, warn=False)
    content = render_pdf(
        "pdf/monthly_report.html", {"centre": request.user.centre, "assistant": request.user, **report}
    )
    month = report["month"].strftime("%Y-%m")
    audit.record(actor=request.user, action=AuditAction.DOWNLOAD, target=request.user, month=month)
    return pdf_response(content, filename=f"miesiac-{month}.pdf")
