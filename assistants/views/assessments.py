"""Periodic assessments (art. 15 ust. 1 pkt 16): written by the family's assistant, acknowledged by
the head.
"""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from assistants.forms import (
    AssessmentForm,
)
from assistants.models import Assessment
from assistants.policies import assessments as policies
from assistants.selectors import assessments as assessment_selectors
from assistants.selectors import lifecycle as lifecycle_selectors
from assistants.selectors import plans as plan_selectors
from assistants.services import assessments as assessment_services
from assistants.views import step_page
from cases.access import family_view
from cases.models import Family
from familysupport.access import AuthenticatedRequest, record_read
from familysupport.forms import (
    call_create_service,
    call_draft_service,
    call_transition,
    say_created,
)
from familysupport.models import AuditAction, Role
from familysupport.pdf import pdf_response, render_pdf
from familysupport.policies import require_theirs
from familysupport.steps import confirm_page, confirmed

ASSISTANT = (Role.FAMILY_ASSISTANT,)
HEAD = (Role.HEAD,)


def _assessment_goals(plan):
    return list(plan.goals.all()) if plan else []


@family_view(roles=ASSISTANT)
def assessment_add(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    if refused := step_page(
        request,
        policies.can_create_assessment(request.user, family),
        "cases:family_detail",
        family_id=family.pk,
    ):
        return refused
    assignment = lifecycle_selectors.assignment_of(request.user, family)
    assert assignment is not None  # policies.can_create_assessment: the user is the family's assistant
    plan = plan_selectors.current_work_plan(family)
    initial = assessment_selectors.new_assessment_period(assignment)
    form = AssessmentForm(request.POST or None, goals=_assessment_goals(plan), initial=initial)
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form,
            assessment_services.assessment_create,
            actor=request.user,
            family=family,
            data=form.cleaned_data,
        )
        if created:
            say_created(request, new, _("The assessment has been saved as a draft; submit it to the head."))
            return redirect("assistants:assessment_detail", family_id=family.pk, assessment_id=created.pk)
    return render(request, "assistants/assessment_form.html", {"family": family, "form": form, "plan": plan})


@family_view(roles=ASSISTANT)
def assessment_edit(request: AuthenticatedRequest, family: Family, assessment_id: int) -> HttpResponse:
    assessment = assessment_selectors.family_assessment(family, assessment_id, request.user)
    if refused := step_page(
        request,
        policies.can_update_assessment(request.user, assessment),
        "assistants:assessment_detail",
        family_id=family.pk,
        assessment_id=assessment.pk,
    ):
        return refused
    form = AssessmentForm(request.POST or None, instance=assessment, goals=_assessment_goals(assessment.plan))
    if request.method == "POST" and form.is_valid():
        next_page = call_draft_service(
            request,
            form,
            assessment_services.assessment_update,
            saved=_("The assessment draft has been saved."),
            saved_url=reverse("assistants:assessment_detail", args=[family.pk, assessment.pk]),
            finish_button="submit",
            finish_url=reverse("assistants:assessment_submit", args=[family.pk, assessment.pk]),
            actor=request.user,
            assessment=assessment,
        )
        if next_page:
            return redirect(next_page)
    return render(
        request,
        "assistants/assessment_form.html",
        {"family": family, "form": form, "plan": assessment.plan, "assessment": assessment},
    )


@family_view()
def assessment_detail(request: AuthenticatedRequest, family: Family, assessment_id: int) -> HttpResponse:
    assessment = assessment_selectors.family_assessment(family, assessment_id, request.user)
    return render(
        request,
        "assistants/assessment_detail.html",
        {
            "family": family,
            "assessment": assessment,
            "areas": assessment_selectors.assessment_areas(assessment),
            "goals": assessment_selectors.assessment_goals(assessment),
        },
    )


def _assessment_summary(assessment: Assessment) -> list[tuple[Any, Any]]:
    return [
        (_("period from"), assessment.period_from),
        (_("period to"), assessment.period_to),
        *((goal.goal, progress) for goal, progress in assessment_selectors.assessment_goals(assessment)),
        *assessment_selectors.assessment_areas(assessment),
        (_("the family's cooperation"), assessment.cooperation),
        (_("recommendation"), assessment.get_recommendation_display()),
    ]


@family_view(roles=ASSISTANT)
def assessment_submit(request: AuthenticatedRequest, family: Family, assessment_id: int) -> HttpResponse:
    """The assessment as the head will get it, then the confirming button submits it."""
    assessment = assessment_selectors.family_assessment(family, assessment_id, request.user)
    detail = reverse("assistants:assessment_detail", args=[family.pk, assessment.pk])
    verdict = require_theirs(policies.can_submit_assessment(request.user, assessment))
    if confirmed(request):
        call_transition(
            request,
            assessment_services.assessment_submit,
            actor=request.user,
            assessment=assessment,
            success=_("The assessment has been submitted to the head."),
        )
        return redirect(detail)
    return confirm_page(
        request,
        title=_("Submit the assessment to the head"),
        summary=_assessment_summary(assessment),
        locks=_(
            "Once submitted, the assessment is locked: it stays as the head gets it and can no "
            "longer be changed."
        ),
        button=_("Submit to the head"),
        back=detail,
        verdict=verdict,
        missing=assessment.missing_parts(),
        header="cases/_family_header.html",
        context={"family": family},
    )


@family_view(roles=HEAD)
def assessment_acknowledge(request: AuthenticatedRequest, family: Family, assessment_id: int) -> HttpResponse:
    """The assessment as submitted, then the head's confirming button acknowledges it."""
    assessment = assessment_selectors.family_assessment(family, assessment_id, request.user)
    detail = reverse("assistants:assessment_detail", args=[family.pk, assessment.pk])
    verdict = require_theirs(policies.can_acknowledge_assessment(request.user, assessment))
    if confirmed(request):
        call_transition(
            request,
            assessment_services.assessment_acknowledge,
            actor=request.user,
            assessment=assessment,
            success=_("The assessment has been acknowledged."),
        )
        return redirect(detail)
    return confirm_page(
        request,
        title=_("Acknowledge the assessment"),
        summary=_assessment_summary(assessment),
        locks=_(
            "Once acknowledged, the assessment is closed in the family's record under your name; "
            "it cannot be returned or changed."
        ),
        button=_("Acknowledge the assessment"),
        back=detail,
        verdict=verdict,
        header="cases/_family_header.html",
        context={"family": family},
    )


@family_view()
def assessment_pdf(request: AuthenticatedRequest, family: Family, assessment_id: int) -> HttpResponse:
    """The periodic assessment for the head's file, with the signatures."""
    assessment = assessment_selectors.family_assessment(family, assessment_id, request.user)
    content = render_pdf("pdf/assessment.html", assessment_selectors.assessment_document(assessment))
    record_read(request, assessment, family_id=family.pk, action=AuditAction.DOWNLOAD)
    return pdf_response(content, filename=f"ocena-{assessment.pk}.pdf")
