"""The head's decision and caseload, assistants' profiles (art. 12), the end of work, monitoring,
closing the case and handing the family over to another assistant.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assistants.forms import (
    AssistantProfileForm,
    DecisionForm,
    MonitoringNoteForm,
    ReassignForm,
    WorkEndForm,
)
from assistants.models import CASELOAD_CAP
from assistants.policies import lifecycle as policies
from assistants.selectors import lifecycle as lifecycle_selectors
from assistants.services import lifecycle as lifecycle_services
from assistants.views import step_page
from cases import selectors as case_selectors
from cases.access import family_view
from cases.models import Family
from familysupport.access import AuthenticatedRequest, record_read, role_required
from familysupport.forms import (
    call_create_service,
    call_service,
    call_transition,
    say_created,
)
from familysupport.models import AuditAction, Role
from familysupport.pdf import pdf_response, render_pdf
from familysupport.policies import require_theirs
from familysupport.steps import confirm_page, confirmed, form_summary

HEAD = (Role.HEAD,)


@role_required(Role.HEAD)
def caseload(request: AuthenticatedRequest) -> HttpResponse:
    """Each assistant of the centre: families against the cap, families in monitoring, qualifications."""
    centre_id = request.user.centre_id
    assert centre_id is not None  # a role holder has a centre (`User.roles` is empty without one)
    return render(
        request,
        "assistants/caseload.html",
        {"assistants": lifecycle_selectors.caseload_of_centre(centre_id), "cap": CASELOAD_CAP},
    )


@family_view(roles=HEAD)
def request_decide(request: AuthenticatedRequest, family: Family, request_id: int) -> HttpResponse:
    assignment_request = case_selectors.family_request(family, request_id)
    if refused := step_page(
        request,
        policies.can_decide_request(request.user, assignment_request),
        "cases:request_detail",
        family_id=family.pk,
        request_id=assignment_request.pk,
    ):
        return refused
    form = DecisionForm(
        request.POST or None, assistants=lifecycle_selectors.assistants_of_centre(family.centre_id)
    )
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirm_page(
                request,
                title=_("Decide the request"),
                summary=[
                    (_("request submitted on"), assignment_request.submitted_at),
                    *form_summary(form),
                ],
                locks=_(
                    "The decision is final: it is recorded under your name, the request cannot be "
                    "decided again, and an assistant assigned starts work with the family at once."
                ),
                button=_("Record the decision"),
                back=reverse("assistants:request_decide", args=[family.pk, assignment_request.pk]),
                header="cases/_family_header.html",
                context={"family": family},
            )
        created, new = call_create_service(
            form,
            lifecycle_services.assignment_request_decide,
            actor=request.user,
            request=assignment_request,
            **form.cleaned_data,
        )
        if created:
            say_created(request, new, _("The decision has been recorded."))
            return redirect("cases:family_detail", family_id=family.pk)
    return render(
        request,
        "assistants/request_decide.html",
        {
            "family": family,
            "assignment_request": assignment_request,
            "form": form,
        },
    )


@role_required(Role.HEAD)
def assistant_profile_edit(request: AuthenticatedRequest, profile_id: int) -> HttpResponse:
    profile = lifecycle_selectors.centre_assistant(request.user, profile_id)
    form = AssistantProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            lifecycle_services.assistant_profile_update,
            actor=request.user,
            profile=profile,
            data=form.cleaned_data,
        ):
            messages.success(request, _("The assistant's details have been saved."))
            return redirect("assistants:caseload")
    return render(request, "assistants/assistant_profile_form.html", {"profile": profile, "form": form})


@family_view(roles=(Role.FAMILY_ASSISTANT, Role.HEAD))
def work_end_add(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    if refused := step_page(
        request, policies.can_end_work(request.user, family), "cases:family_detail", family_id=family.pk
    ):
        return refused
    assignment = lifecycle_selectors.active_assignment(family)
    form = WorkEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirm_page(
                request,
                title=_("End the work with the family"),
                summary=[(_("family assistant"), assignment and assignment.assistant), *form_summary(form)],
                locks=_(
                    "Once the work is ended, the assistant's work with the family is over for good: "
                    "the work plan, visits and assessments are closed and only the monitoring of "
                    "%(months)s months follows; it cannot be taken back."
                )
                % {"months": family.centre.monitoring_months},
                button=_("End the work"),
                back=reverse("assistants:work_end_add", args=[family.pk]),
                header="cases/_family_header.html",
                context={"family": family},
            )
        created, new = call_create_service(
            form, lifecycle_services.work_end, actor=request.user, family=family, **form.cleaned_data
        )
        if created:
            say_created(request, new, _("The work with the family has ended; the monitoring has begun."))
            return redirect("cases:family_detail", family_id=family.pk)
    return render(
        request,
        "assistants/work_end_form.html",
        {"family": family, "form": form, "assignment": assignment, "months": family.centre.monitoring_months},
    )


@family_view()
def work_end_pdf(request: AuthenticatedRequest, family: Family, work_end_id: int) -> HttpResponse:
    """The summary of the end of work with the family."""
    ended = lifecycle_selectors.family_work_end(family, work_end_id)
    content = render_pdf("pdf/work_end.html", lifecycle_selectors.work_end_document(ended))
    record_read(request, ended, family_id=family.pk, action=AuditAction.DOWNLOAD)
    return pdf_response(content, filename=f"zakonczenie-{ended.pk}.pdf")


@family_view(roles=(Role.FAMILY_ASSISTANT, Role.SOCIAL_WORKER))
def monitoring_note_add(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    if refused := step_page(
        request,
        policies.can_add_monitoring_note(request.user, family),
        "cases:family_detail",
        family_id=family.pk,
    ):
        return refused
    monitoring = lifecycle_selectors.open_monitoring(family)
    form = MonitoringNoteForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form,
            lifecycle_services.monitoring_note_add,
            actor=request.user,
            family=family,
            **form.cleaned_data,
        )
        if created:
            say_created(request, new, _("The monitoring note has been saved."))
            return redirect("cases:family_detail", family_id=family.pk)
    return render(
        request,
        "assistants/monitoring_note_form.html",
        {"family": family, "form": form, "monitoring": monitoring},
    )


@family_view(roles=HEAD)
def case_close(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    """What closing does to the case, then the head's confirming button closes it."""
    detail = reverse("cases:family_detail", args=[family.pk])
    verdict = require_theirs(policies.can_close_case(request.user, family))
    if confirmed(request):
        call_transition(
            request,
            lifecycle_services.case_close,
            actor=request.user,
            family=family,
            success=_("The case has been closed."),
        )
        return redirect(detail)
    monitoring = lifecycle_selectors.open_monitoring(family)
    return confirm_page(
        request,
        title=_("Close the case"),
        summary=[
            (_("reference number"), family.reference),
            (_("end of work"), monitoring and monitoring.ended_on),
            (_("monitoring until"), monitoring and monitoring.monitoring_until),
        ],
        locks=_(
            "Closing ends the monitoring and archives the case: the former assistant loses access, "
            "and nothing of the family can be changed any more."
        ),
        button=_("Close the case"),
        back=detail,
        verdict=verdict,
        header="cases/_family_header.html",
        context={"family": family},
    )


@family_view(roles=HEAD)
def assignment_reassign(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    if refused := step_page(
        request, policies.can_reassign(request.user, family), "cases:family_detail", family_id=family.pk
    ):
        return refused
    current = lifecycle_selectors.active_assignment(family)
    assert current is not None  # policies.can_reassign: the family has an active assistant
    form = ReassignForm(
        request.POST or None,
        assistants=lifecycle_selectors.assistants_of_centre(family.centre_id).exclude(
            pk=current.assistant_id
        ),
    )
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            lifecycle_services.assignment_reassign,
            actor=request.user,
            family=family,
            **form.cleaned_data,
        ):
            messages.success(request, _("The family has been handed over to another assistant."))
            return redirect("cases:family_detail", family_id=family.pk)
    return render(
        request,
        "assistants/assignment_reassign.html",
        {"family": family, "form": form, "assignment": current},
    )
