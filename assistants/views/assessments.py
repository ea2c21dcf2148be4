"""Periodic assessments (art. 15 ust. 1 pkt 16): written by the family's assistant, acknowledged by
the head.
"""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assistants.forms import (
    AssessmentForm,
)
from assistants.models import AssessmentStatus
from assistants.selectors import assessments as assessment_selectors
from assistants.selectors import plans as plan_selectors
from assistants.services import assessments as assessment_services
from assistants.services import lifecycle as lifecycle_services
from cases.access import family_view
from cases.models import Family
from familysupport import audit
from familysupport.forms import call_draft_service, call_service, call_transition
from familysupport.models import AuditAction, Role
from familysupport.pdf import pdf_response, render_pdf

ASSISTANT = (Role.FAMILY_ASSISTANT,)
HEAD = (Role.HEAD,)


def _assessment_goals(plan):
    return list(plan.goals.all()) if plan else []


@family_view(roles=ASSISTANT)
def assessment_add(request: HttpRequest, family: Family) -> HttpResponse:
    assignment = lifecycle_services.require_active_assistant(request.user, family)
    plan = plan_selectors.current_work_plan(family)
    last = assignment.assessments.exclude(status=AssessmentStatus.DRAFT).order_by("-period_to").first()
    initial = {
        "period_from": last.period_to + datetime.timedelta(days=1) if last else assignment.started_on,
        "period_to": timezone.localdate(),
    }
    form = AssessmentForm(request.POST or None, goals=_assessment_goals(plan), initial=initial)
    if request.method == "POST" and form.is_valid():
        created = call_service(
            form,
            assessment_services.assessment_create,
            actor=request.user,
            family=family,
            data=form.cleaned_data,
        )
        if created:
            messages.success(request, _("The assessment has been saved as a draft; submit it to the head."))
            return redirect("assistants:assessment_detail", family_id=family.pk, assessment_id=created.pk)
    return render(request, "assistants/assessment_form.html", {"family": family, "form": form, "plan": plan})


@family_view(roles=ASSISTANT)
def assessment_edit(request: HttpRequest, family: Family, assessment_id: int) -> HttpResponse:
    assessment = assessment_selectors.family_assessment(family, assessment_id, request.user)
    lifecycle_services.require_active_assistant(request.user, family)
    if assessment.status != AssessmentStatus.DRAFT:
        messages.info(request, _("The assessment has been submitted and can no longer be changed."))
        return redirect("assistants:assessment_detail", family_id=family.pk, assessment_id=assessment.pk)
    form = AssessmentForm(request.POST or None, instance=assessment, goals=_assessment_goals(assessment.plan))
    if request.method == "POST" and form.is_valid():
        if call_draft_service(
            request,
            form,
            assessment_services.assessment_update,
            assessment_services.assessment_submit,
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
    assessment = assessment_selectors.family_assessment(family, assessment_id, request.user)
    user = request.user
    is_author = assessment.author_id == user.pk and user.has_role(Role.FAMILY_ASSISTANT)
    draft = assessment.status == AssessmentStatus.DRAFT
    return render(
        request,
        "assistants/assessment_detail.html",
        {
            "family": family,
            "assessment": assessment,
            "areas": assessment_selectors.assessment_areas(assessment),
            "goals": assessment_selectors.assessment_goals(assessment),
            "can_edit": draft and is_author and assessment.assignment.ended_on is None,
            "can_acknowledge": user.has_role(Role.HEAD) and assessment.status == AssessmentStatus.SUBMITTED,
        },
    )


@require_POST
@family_view(roles=ASSISTANT)
def assessment_submit(request: HttpRequest, family: Family, assessment_id: int) -> HttpResponse:
    assessment = assessment_selectors.family_assessment(family, assessment_id, request.user)
    call_transition(
        request,
        assessment_services.assessment_submit,
        actor=request.user,
        assessment=assessment,
        success=_("The assessment has been submitted to the head."),
    )
    return redirect("assistants:assessment_detail", family_id=family.pk, assessment_id=assessment.pk)


@require_POST
@family_view(roles=HEAD)
def assessment_acknowledge(request: HttpRequest, family: Family, assessment_id: int) -> HttpResponse:
    assessment = assessment_selectors.family_assessment(family, assessment_id, request.user)
    call_transition(
        request,
        assessment_services.assessment_acknowledge,
        actor=request.user,
        assessment=assessment,
        success=_("The assessment has been acknowledged."),
    )
    return redirect("assistants:assessment_detail", family_id=family.pk, assessment_id=assessment.pk)


@family_view()
def assessment_pdf(request: HttpRequest, family: Family, assessment_id: int) -> HttpResponse:
    """The periodic assessment for the head's file, with the signatures."""
    assessment = assessment_selectors.family_assessment(family, assessment_id, request.user)
    content = render_pdf("pdf/assessment.html", assessment_selectors.assessment_document(assessment))
    audit.record(actor=request.user, action=AuditAction.DOWNLOAD, target=assessment, family_id=family.pk)
    return pdf_response(content, filename=f"ocena-{assessment.pk}.pdf")
