"""Court requests and opinions (art. 15 ust. 1 pkt 14). The register side (staff and the head)
shows the court's letter and the state of the opinion; the opinion itself lives on the family.
"""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assistants.filters import COURT_REQUEST_DEFAULT_SORT, COURT_REQUEST_SORTS, CourtRequestFilter
from assistants.forms import (
    CourtOpinionDispatchForm,
    CourtOpinionForm,
    CourtOpinionReturnForm,
    CourtRequestForm,
)
from assistants.models import CourtOpinion, CourtRequest
from assistants.policies import court as policies
from assistants.policies.court import COURT_READERS, REGISTER_KEEPERS
from assistants.selectors import court as court_selectors
from assistants.services import court as court_services
from assistants.views import step_page
from cases.access import family_view
from cases.models import Family
from familysupport.access import AuthenticatedRequest, object_view, record_read, role_required
from familysupport.forms import (
    call_create_service,
    call_create_transition,
    call_draft_service,
    call_service,
    call_transition,
    call_withdraw_service,
    say_created,
)
from familysupport.lists import list_context
from familysupport.models import AuditAction, Role
from familysupport.pdf import pdf_response
from familysupport.policies import require_theirs
from familysupport.steps import confirm_page, confirmed
from familysupport.uploads import scan_response

ASSISTANT = (Role.FAMILY_ASSISTANT,)
HEAD = (Role.HEAD,)
OPINION_DETAIL = "assistants:court_opinion_detail"


def _opinion_pdf(opinion: CourtOpinion) -> HttpResponse:
    """The stored, issued document: the very bytes the court got."""
    if not opinion.pdf:
        raise Http404
    with opinion.pdf.open("rb") as handle:
        content = handle.read()
    return pdf_response(content, filename=f"opinia-{opinion.court_request_id}-v{opinion.version}.pdf")


@role_required(*REGISTER_KEEPERS)
def court_register(request: AuthenticatedRequest) -> HttpResponse:
    context = list_context(
        request,
        CourtRequestFilter,
        court_selectors.court_register(request.user),
        sorts=COURT_REQUEST_SORTS,
        default_sort=COURT_REQUEST_DEFAULT_SORT,
    )
    return render(request, "assistants/court_request_list.html", context)


@role_required(*REGISTER_KEEPERS)
def court_register_add(request: AuthenticatedRequest) -> HttpResponse:
    form = CourtRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        created, new = call_create_service(
            form,
            court_services.court_request_register,
            actor=request.user,
            family_reference=data.pop("family_reference"),
            data=data,
        )
        if created:
            say_created(request, new, _("The court's letter has been registered."))
            return redirect("assistants:court_register_detail", court_request_id=created.pk)
    return render(request, "assistants/court_request_form.html", {"form": form})


@object_view(court_selectors.court_register_entry, kwarg="court_request_id", roles=REGISTER_KEEPERS)
def court_register_detail(request: AuthenticatedRequest, court_request: CourtRequest) -> HttpResponse:
    return render(request, "assistants/court_request_detail.html", {"court_request": court_request})


@require_POST
@object_view(court_selectors.court_register_entry, kwarg="court_request_id", roles=REGISTER_KEEPERS)
def court_register_withdraw(request: AuthenticatedRequest, court_request: CourtRequest) -> HttpResponse:
    if call_withdraw_service(
        request,
        court_services.court_request_withdraw,
        actor=request.user,
        court_request=court_request,
        success=_("The court's letter has been withdrawn."),
    ):
        return redirect("assistants:court_register")
    return redirect("assistants:court_register_detail", court_request_id=court_request.pk)


@object_view(
    court_selectors.court_register_scan,
    kwarg="court_request_id",
    roles=REGISTER_KEEPERS,
    action=AuditAction.DOWNLOAD,
)
def court_register_scan(request: AuthenticatedRequest, court_request: CourtRequest) -> FileResponse:
    return scan_response(court_request.scan, download_name=f"pismo-sadu-{court_request.pk}")


@object_view(
    court_selectors.court_register_opinion,
    kwarg="opinion_id",
    roles=REGISTER_KEEPERS,
    action=AuditAction.DOWNLOAD,
)
def court_register_opinion_pdf(
    request: AuthenticatedRequest, opinion: CourtOpinion, court_request_id: int
) -> HttpResponse:
    if opinion.court_request_id != court_request_id:
        raise Http404
    return _opinion_pdf(opinion)


@object_view(court_selectors.court_register_opinion, kwarg="opinion_id", roles=REGISTER_KEEPERS)
def court_register_dispatch(
    request: AuthenticatedRequest, opinion: CourtOpinion, court_request_id: int
) -> HttpResponse:
    court_request = opinion.court_request
    if court_request.pk != court_request_id:
        raise Http404
    if refused := step_page(
        request,
        policies.can_dispatch_opinion(request.user, opinion),
        "assistants:court_register_detail",
        court_request_id=court_request.pk,
    ):
        return refused
    form = CourtOpinionDispatchForm(request.POST or None, initial={"dispatched_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            court_services.court_opinion_dispatch,
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


@family_view(roles=COURT_READERS)
def court_request_detail(
    request: AuthenticatedRequest, family: Family, court_request_id: int
) -> HttpResponse:
    court_request = court_selectors.family_court_request(family, court_request_id)
    return render(
        request,
        "assistants/court_request_family.html",
        {
            "family": family,
            "court_request": court_request,
            "opinions": court_request.opinions.order_by("-version"),
        },
    )


@family_view(roles=COURT_READERS)
def court_request_scan(request: AuthenticatedRequest, family: Family, court_request_id: int) -> FileResponse:
    court_request = court_selectors.family_court_request(family, court_request_id)
    if not court_request.scan:
        raise Http404
    record_read(request, court_request, family_id=family.pk, action=AuditAction.DOWNLOAD)
    return scan_response(court_request.scan, download_name=f"pismo-sadu-{court_request.pk}")


@require_POST
@family_view(roles=ASSISTANT)
def court_opinion_start(request: AuthenticatedRequest, family: Family, court_request_id: int) -> HttpResponse:
    court_request = court_selectors.family_court_request(family, court_request_id)
    opinion = call_create_transition(
        request,
        court_services.court_opinion_start,
        actor=request.user,
        court_request=court_request,
        success=_("The opinion draft is open."),
    )
    if opinion is None:
        return redirect(
            "assistants:court_request_detail", family_id=family.pk, court_request_id=court_request.pk
        )
    return redirect("assistants:court_opinion_edit", family_id=family.pk, opinion_id=opinion.pk)


@family_view(roles=COURT_READERS)
def court_opinion_detail(request: AuthenticatedRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = court_selectors.family_court_opinion(family, opinion_id)
    return render(
        request,
        "assistants/court_opinion_detail.html",
        {
            "family": family,
            "opinion": opinion,
            "court_request": opinion.court_request,
            "sections": court_selectors.court_opinion_sections(opinion),
            "newest_id": court_selectors.newest_opinion_id(opinion.court_request),
        },
    )


@family_view(roles=ASSISTANT)
def court_opinion_edit(request: AuthenticatedRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = court_selectors.family_court_opinion(family, opinion_id)
    if refused := step_page(
        request,
        policies.can_edit_opinion(request.user, opinion),
        OPINION_DETAIL,
        family_id=family.pk,
        opinion_id=opinion.pk,
    ):
        return refused
    form = CourtOpinionForm(request.POST or None, instance=opinion)
    if request.method == "POST" and form.is_valid():
        next_page = call_draft_service(
            request,
            form,
            court_services.court_opinion_save,
            saved=_("The opinion draft has been saved."),
            saved_url=reverse(OPINION_DETAIL, args=[family.pk, opinion.pk]),
            finish_button="submit",
            finish_url=reverse("assistants:court_opinion_submit", args=[family.pk, opinion.pk]),
            actor=request.user,
            opinion=opinion,
        )
        if next_page:
            return redirect(next_page)
    return render(
        request,
        "assistants/court_opinion_form.html",
        {"family": family, "opinion": opinion, "court_request": opinion.court_request, "form": form},
    )


def _opinion_summary(opinion: CourtOpinion) -> list[tuple[Any, Any]]:
    court_request = opinion.court_request
    return [
        (_("court"), f"{court_request.court}, {court_request.division}"),
        (_("case signature (sygn. akt)"), court_request.case_signature),
        (_("deadline"), court_request.deadline),
        (_("version"), opinion.version),
        *court_selectors.court_opinion_sections(opinion),
    ]


@family_view(roles=ASSISTANT)
def court_opinion_submit(request: AuthenticatedRequest, family: Family, opinion_id: int) -> HttpResponse:
    """The opinion as the head will read it, then the confirming button submits it for sign-off."""
    opinion = court_selectors.family_court_opinion(family, opinion_id)
    detail = reverse(OPINION_DETAIL, args=[family.pk, opinion.pk])
    verdict = require_theirs(policies.can_submit_opinion(request.user, opinion))
    if confirmed(request):
        call_transition(
            request,
            court_services.court_opinion_submit,
            actor=request.user,
            opinion=opinion,
            success=_("The opinion has been submitted to the head for sign-off."),
        )
        return redirect(detail)
    return confirm_page(
        request,
        title=_("Submit the opinion for sign-off"),
        summary=_opinion_summary(opinion),
        locks=_(
            "Once submitted, the opinion is locked for you: only the head can return it to you "
            "for correction, or sign it off and issue it."
        ),
        button=_("Submit for sign-off"),
        back=detail,
        verdict=verdict,
        missing=opinion.missing_sections(),
        header="cases/_family_header.html",
        context={"family": family},
    )


@family_view(roles=HEAD)
def court_opinion_approve(request: AuthenticatedRequest, family: Family, opinion_id: int) -> HttpResponse:
    """The opinion as it will go to the court, then the head's confirming button issues it."""
    opinion = court_selectors.family_court_opinion(family, opinion_id)
    detail = reverse(OPINION_DETAIL, args=[family.pk, opinion.pk])
    verdict = require_theirs(policies.can_approve_opinion(request.user, opinion))
    if confirmed(request):
        call_transition(
            request,
            court_services.court_opinion_approve,
            actor=request.user,
            opinion=opinion,
            success=_("The opinion has been signed off and issued."),
        )
        return redirect(detail)
    return confirm_page(
        request,
        title=_("Sign off and issue the opinion"),
        summary=_opinion_summary(opinion),
        locks=_(
            "Once signed off, the opinion is issued as a PDF for the court and locked for good: "
            "nothing in it can change, and a correction is a new version."
        ),
        button=_("Sign off and issue"),
        back=detail,
        verdict=verdict,
        header="cases/_family_header.html",
        context={"family": family},
    )


@family_view(roles=HEAD)
def court_opinion_return(request: AuthenticatedRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = court_selectors.family_court_opinion(family, opinion_id)
    if refused := step_page(
        request,
        policies.can_return_opinion(request.user, opinion),
        OPINION_DETAIL,
        family_id=family.pk,
        opinion_id=opinion.pk,
    ):
        return refused
    form = CourtOpinionReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            court_services.court_opinion_return,
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
def court_opinion_correct(request: AuthenticatedRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = court_selectors.family_court_opinion(family, opinion_id)
    correction = call_create_transition(
        request,
        court_services.court_opinion_correct,
        actor=request.user,
        opinion=opinion,
        success=_("The correction is open as a new version of the opinion."),
    )
    if correction is None:
        return redirect("assistants:court_opinion_detail", family_id=family.pk, opinion_id=opinion.pk)
    return redirect("assistants:court_opinion_edit", family_id=family.pk, opinion_id=correction.pk)


@family_view(roles=COURT_READERS)
def court_opinion_pdf(request: AuthenticatedRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = court_selectors.family_issued_opinion(family, opinion_id)
    record_read(request, opinion, family_id=family.pk, action=AuditAction.DOWNLOAD)
    return _opinion_pdf(opinion)
