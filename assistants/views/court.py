"""Court requests and opinions (art. 15 ust. 1 pkt 14). The register side (staff and the head)
shows the court's letter and the state of the opinion; the opinion itself lives on the family.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
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
from assistants.models import CourtOpinion, OpinionStatus
from assistants.selectors import court as court_selectors
from assistants.selectors import lifecycle as lifecycle_selectors
from assistants.services import court as court_services
from assistants.services import lifecycle as lifecycle_services
from cases.access import family_view
from cases.models import Family
from familysupport import audit
from familysupport.access import role_required
from familysupport.forms import call_draft_service, call_service, call_transition
from familysupport.lists import list_context
from familysupport.models import AuditAction, Role
from familysupport.pdf import pdf_response
from familysupport.uploads import scan_response

REGISTER_KEEPERS = (Role.STAFF, Role.HEAD)
COURT_ROLES = (Role.FAMILY_ASSISTANT, Role.HEAD)
ASSISTANT = (Role.FAMILY_ASSISTANT,)
HEAD = (Role.HEAD,)


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
        court_selectors.court_register(request.user),
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
            court_services.court_request_register,
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
    court_request = court_selectors.court_register_entry(request.user, court_request_id)
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
    court_request = get_object_or_404(
        court_selectors.court_requests_visible_to(request.user), pk=court_request_id
    )
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
    court_request = get_object_or_404(
        court_selectors.court_requests_visible_to(request.user), pk=court_request_id
    )
    opinion = court_selectors.court_register_opinion(court_request, opinion_id)
    audit.record(actor=request.user, action=AuditAction.DOWNLOAD, target=opinion, family_id=opinion.family_id)
    return _opinion_pdf(opinion)


@role_required(*REGISTER_KEEPERS)
def court_register_dispatch(request: HttpRequest, court_request_id: int, opinion_id: int) -> HttpResponse:
    court_request = get_object_or_404(
        court_selectors.court_requests_visible_to(request.user), pk=court_request_id
    )
    opinion = court_selectors.court_register_opinion(court_request, opinion_id)
    if opinion.dispatched_on:
        messages.info(request, _("The opinion has already been dispatched."))
        return redirect("assistants:court_register_detail", court_request_id=court_request.pk)
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


@family_view(roles=COURT_ROLES)
def court_request_detail(request: HttpRequest, family: Family, court_request_id: int) -> HttpResponse:
    court_request = court_selectors.family_court_request(family, court_request_id)
    opinions = court_request.opinions.order_by("-version")
    return render(
        request,
        "assistants/court_request_family.html",
        {
            "family": family,
            "court_request": court_request,
            "opinions": opinions,
            "can_start": lifecycle_selectors.is_active_assistant(request.user, family)
            and not opinions.exists(),
        },
    )


@family_view(roles=COURT_ROLES)
def court_request_scan(request: HttpRequest, family: Family, court_request_id: int) -> HttpResponse:
    court_request = court_selectors.family_court_request(family, court_request_id)
    if not court_request.scan:
        raise Http404
    audit.record(actor=request.user, action=AuditAction.DOWNLOAD, target=court_request, family_id=family.pk)
    return scan_response(court_request.scan, download_name=f"pismo-sadu-{court_request.pk}")


@require_POST
@family_view(roles=ASSISTANT)
def court_opinion_start(request: HttpRequest, family: Family, court_request_id: int) -> HttpResponse:
    court_request = court_selectors.family_court_request(family, court_request_id)
    opinion = call_transition(
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


@family_view(roles=COURT_ROLES)
def court_opinion_detail(request: HttpRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = court_selectors.family_court_opinion(family, opinion_id)
    assistant = lifecycle_selectors.is_active_assistant(request.user, family)
    is_head = request.user.has_role(Role.HEAD)
    newest = opinion.court_request.opinions.order_by("-version").values_list("pk", flat=True).first()
    return render(
        request,
        "assistants/court_opinion_detail.html",
        {
            "family": family,
            "opinion": opinion,
            "court_request": opinion.court_request,
            "sections": court_selectors.court_opinion_sections(opinion),
            "newest_id": newest,
            "can_edit": assistant and opinion.status in court_services.EDITABLE_OPINION,
            "can_decide": is_head and opinion.status == OpinionStatus.SUBMITTED,
            "can_correct": assistant and opinion.status == OpinionStatus.ISSUED and newest == opinion.pk,
        },
    )


@family_view(roles=ASSISTANT)
def court_opinion_edit(request: HttpRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = court_selectors.family_court_opinion(family, opinion_id)
    lifecycle_services.require_active_assistant(request.user, family)
    if opinion.status not in court_services.EDITABLE_OPINION:
        messages.info(request, _("This opinion cannot be changed now."))
        return redirect("assistants:court_opinion_detail", family_id=family.pk, opinion_id=opinion.pk)
    form = CourtOpinionForm(request.POST or None, instance=opinion)
    if request.method == "POST" and form.is_valid():
        if call_draft_service(
            request,
            form,
            court_services.court_opinion_save,
            court_services.court_opinion_submit,
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
    opinion = court_selectors.family_court_opinion(family, opinion_id)
    call_transition(
        request,
        court_services.court_opinion_submit,
        actor=request.user,
        opinion=opinion,
        success=_("The opinion has been submitted to the head for sign-off."),
    )
    return redirect("assistants:court_opinion_detail", family_id=family.pk, opinion_id=opinion.pk)


@require_POST
@family_view(roles=HEAD)
def court_opinion_approve(request: HttpRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = court_selectors.family_court_opinion(family, opinion_id)
    call_transition(
        request,
        court_services.court_opinion_approve,
        actor=request.user,
        opinion=opinion,
        success=_("The opinion has been signed off and issued."),
    )
    return redirect("assistants:court_opinion_detail", family_id=family.pk, opinion_id=opinion.pk)


@family_view(roles=HEAD)
def court_opinion_return(request: HttpRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = court_selectors.family_court_opinion(family, opinion_id)
    if opinion.status != OpinionStatus.SUBMITTED:
        messages.info(request, _("The opinion is not waiting for sign-off."))
        return redirect("assistants:court_opinion_detail", family_id=family.pk, opinion_id=opinion.pk)
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
def court_opinion_correct(request: HttpRequest, family: Family, opinion_id: int) -> HttpResponse:
    opinion = court_selectors.family_court_opinion(family, opinion_id)
    correction = call_transition(
        request,
        court_services.court_opinion_correct,
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
