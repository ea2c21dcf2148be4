"""The disposal protocols, for the head and the data protection officer of the centre: fetched
through the scoped selectors (another centre's protocol answers 404), each step by its service,
whose policy the templates show the buttons by."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familysupport.access import AuthenticatedRequest, object_view, role_required
from familysupport.forms import call_create_transition, call_transition
from familysupport.models import AuditAction, Role
from familysupport.pdf import pdf_response, render_pdf
from familysupport.policies import require_theirs
from familysupport.steps import confirm_page, confirmed
from retention import policies, selectors, services
from retention.models import DisposalProtocol
from retention.selectors import APPROVERS


def _no_family(protocol: DisposalProtocol) -> None:
    """A protocol lists many cases and belongs to none: its reads are the centre's."""
    return None


@role_required(*APPROVERS)
def protocol_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "retention/protocol_list.html",
        {"protocols": selectors.protocol_list(request.user), "centre": request.user.centre},
    )


@require_POST
@role_required(Role.HEAD)
def protocol_propose(request: AuthenticatedRequest) -> HttpResponse:
    protocol = call_create_transition(
        request,
        services.disposal_propose,
        actor=request.user,
        centre=request.user.centre,
        success=_("The cases whose retention has ended are listed on the protocol for approval."),
    )
    if protocol is None:
        return redirect("retention:protocol_list")
    return redirect("retention:protocol_detail", protocol_id=protocol.pk)


@object_view(selectors.protocol_of, kwarg="protocol_id", roles=APPROVERS, family_of=_no_family)
def protocol_detail(request: AuthenticatedRequest, protocol: DisposalProtocol) -> HttpResponse:
    return render(
        request,
        "retention/protocol_detail.html",
        {"protocol": protocol, "rows": selectors.protocol_rows(protocol)},
    )


def _protocol_summary(protocol: DisposalProtocol) -> list[tuple[Any, Any]]:
    rows = selectors.protocol_rows(protocol)
    return [
        (_("protocol number"), protocol.number),
        (_("cases listed"), len(rows)),
        *(
            (
                row.item.reference,
                _("Held back") + ": " + " ".join(row.reasons) if row.reasons else _("to be disposed of"),
            )
            for row in rows
        ),
    ]


@object_view(selectors.protocol_of, kwarg="protocol_id", roles=APPROVERS, family_of=_no_family)
def protocol_approve(request: AuthenticatedRequest, protocol: DisposalProtocol) -> HttpResponse:
    """The cases the protocol disposes of, then the confirming button records the approval."""
    detail = reverse("retention:protocol_detail", args=[protocol.pk])
    verdict = require_theirs(policies.can_approve_protocol(request.user, protocol))
    if confirmed(request):
        call_transition(
            request,
            services.protocol_approve,
            actor=request.user,
            protocol=protocol,
            success=_("Your approval of the protocol has been recorded."),
        )
        return redirect(detail)
    return confirm_page(
        request,
        title=_("Approve the disposal"),
        summary=_protocol_summary(protocol),
        locks=_(
            "Your approval is recorded under your name and cannot be withdrawn; once both approvals "
            "are given, the head can erase the cases' personal data for good."
        ),
        button=_("Approve the disposal"),
        back=detail,
        verdict=verdict,
    )


@object_view(selectors.protocol_of, kwarg="protocol_id", roles=(Role.HEAD,), family_of=_no_family)
def protocol_carry_out(request: AuthenticatedRequest, protocol: DisposalProtocol) -> HttpResponse:
    """A summary of what will be erased for good, then the confirming button."""
    detail = reverse("retention:protocol_detail", args=[protocol.pk])
    verdict = require_theirs(policies.can_carry_out_protocol(request.user, protocol))
    if confirmed(request):
        done = call_transition(
            request,
            services.protocol_carry_out,
            actor=request.user,
            protocol=protocol,
            success=_(
                "The protocol has been carried out; the personal data of the cases disposed of are erased."
            ),
        )
        if done is None:
            messages.info(request, _("Nothing has been erased."))
        return redirect(detail)
    return confirm_page(
        request,
        title=_("Carry out the disposal"),
        summary=_protocol_summary(protocol),
        locks=_(
            "Each case above that nothing holds back loses for good the names, PESEL numbers, "
            "addresses and phone numbers, every text and every scan and stored document. This "
            "cannot be undone. The reference numbers, dates and states stay, so the statistics keep "
            "their counts; the audit record keeps the identifiers."
        ),
        button=_("Erase the personal data for good"),
        back=detail,
        verdict=verdict,
    )


@object_view(
    selectors.protocol_of,
    kwarg="protocol_id",
    roles=APPROVERS,
    family_of=_no_family,
    action=AuditAction.DOWNLOAD,
)
def protocol_pdf(request: AuthenticatedRequest, protocol: DisposalProtocol) -> HttpResponse:
    content = render_pdf(
        "pdf/disposal_protocol.html",
        {"protocol": protocol, "centre": protocol.centre, "rows": selectors.protocol_rows(protocol)},
    )
    return pdf_response(content, filename=f"protokol-brakowania-{protocol.pk}.pdf")
