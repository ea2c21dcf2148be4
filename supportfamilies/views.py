"""Views of the support families' path: fetch through the scoped selectors, bind the form, call the
service, redirect. An object outside the user's scope answers 404; a role that may not act, 403.
Whether a step may be taken is the step's policy (supportfamilies.policies): the service refuses
by it, the templates show the step's button by it; the views decide nothing of it."""

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.access import family_view
from cases.models import Family
from cases.selectors import family_visible
from familysupport.access import AuthenticatedRequest, object_view, record_read, role_required
from familysupport.exports import Sheet, csv_response, xlsx_response
from familysupport.forms import (
    call_create_service,
    call_service,
    call_transition,
    call_withdraw_service,
    say_created,
)
from familysupport.lists import list_context
from familysupport.models import AuditAction, Role, User
from familysupport.pdf import pdf_response, render_pdf
from familysupport.policies import require_theirs
from familysupport.steps import confirm_page, confirmed, form_summary
from familysupport.uploads import scan_response
from supportfamilies import policies, selectors, services
from supportfamilies.filters import (
    CONTRACT_DEFAULT_SORT,
    CONTRACT_SORTS,
    INVOICE_DEFAULT_SORT,
    INVOICE_SORTS,
    SUPPORT_FAMILY_DEFAULT_SORT,
    SUPPORT_FAMILY_SORTS,
    ContractFilter,
    InvoiceFilter,
    SupportFamilyFilter,
)
from supportfamilies.forms import (
    ContractForm,
    ContractSignForm,
    ContractTerminateForm,
    EligibilityInterviewForm,
    EstablishForm,
    ExportForm,
    InvoiceForm,
    PaidForm,
    ProposalForm,
    RefuseForm,
    SupportFamilyForm,
    SupportMemberForm,
    WithdrawForm,
)
from supportfamilies.models import Contract, Invoice, SupportFamily

HEAD = (Role.HEAD,)
ASSISTANT = (Role.FAMILY_ASSISTANT,)
CASE_ROLES = (Role.HEAD, Role.FAMILY_ASSISTANT)
INVOICE_KEEPERS = (Role.STAFF, Role.HEAD)
INVOICE_READERS = (Role.STAFF, Role.HEAD, Role.FAMILY_ASSISTANT)


def _contract_family(contract: Contract) -> int:
    """The supported family a contract's pages belong to, for the audit record."""
    return contract.support_family.family_id


def _invoice_family(invoice: Invoice) -> int:
    return _contract_family(invoice.contract)


# Support families ------------------------------------------------------------------------------


@role_required(*CASE_ROLES)
def support_family_list(request: AuthenticatedRequest) -> HttpResponse:
    context = list_context(
        request,
        SupportFamilyFilter,
        selectors.support_family_list(request.user),
        sorts=SUPPORT_FAMILY_SORTS,
        default_sort=SUPPORT_FAMILY_DEFAULT_SORT,
    )
    return render(request, "supportfamilies/support_family_list.html", context)


@family_view(roles=ASSISTANT)
def support_family_propose(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        centre_id=family.centre_id,
        initial={"interviewer": family.social_worker_id, "consent_given_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        proposed, new = call_create_service(
            form, services.support_family_propose, actor=request.user, family=family, data=data
        )
        if proposed:
            say_created(
                request, new, _("The support family has been proposed; the social worker will interview it.")
            )
            return redirect("supportfamilies:support_family_detail", support_family_id=proposed.pk)
    return render(request, "supportfamilies/support_family_propose.html", {"family": family, "form": form})


@object_view(selectors.support_family_of, kwarg="support_family_id", roles=CASE_ROLES)
def support_family_detail(request: AuthenticatedRequest, support_family: SupportFamily) -> HttpResponse:
    return render(
        request,
        "supportfamilies/support_family_detail.html",
        {
            "support_family": support_family,
            "family": support_family.family,
            "members": support_family.members.all(),
            "interview": selectors.family_interview(support_family),
            "contracts": support_family.contracts.order_by("-valid_from"),
        },
    )


def _with_consent_scan(user: User, support_family_id: int) -> SupportFamily:
    support_family = selectors.support_family_of(user, support_family_id)
    if not support_family.consent_scan:
        raise Http404
    return support_family


@object_view(_with_consent_scan, kwarg="support_family_id", roles=CASE_ROLES, action=AuditAction.DOWNLOAD)
def support_family_consent_scan(request: AuthenticatedRequest, support_family: SupportFamily) -> FileResponse:
    return scan_response(support_family.consent_scan, download_name=f"zgoda-rw-{support_family.pk}")


@object_view(selectors.support_family_of, kwarg="support_family_id", roles=ASSISTANT)
def support_family_member_add(request: AuthenticatedRequest, support_family: SupportFamily) -> HttpResponse:
    form = SupportMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form,
            services.support_family_member_add,
            actor=request.user,
            support_family=support_family,
            data=form.cleaned_data,
        )
        if created:
            say_created(request, new, _("The member of the household has been added."))
            return redirect("supportfamilies:support_family_detail", support_family_id=support_family.pk)
    return render(
        request,
        "supportfamilies/support_family_member.html",
        {"support_family": support_family, "form": form},
    )


@object_view(selectors.support_family_of, kwarg="support_family_id", roles=CASE_ROLES)
def support_family_edit(request: AuthenticatedRequest, support_family: SupportFamily) -> HttpResponse:
    # One who may not see it has had 404 (the selector); one for whom it is not theirs to correct,
    # 403; a closed one (refused, withdrawn, an archived case) opens as it is, with the reason.
    verdict = require_theirs(policies.can_edit_support_family(request.user, support_family))
    if not verdict:
        messages.info(request, verdict.reason)
        return redirect("supportfamilies:support_family_detail", support_family_id=support_family.pk)
    form = SupportFamilyForm(request.POST or None, instance=support_family)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            services.support_family_update,
            actor=request.user,
            support_family=support_family,
            data=form.cleaned_data,
        ):
            messages.success(request, _("The support family's data has been saved."))
            return redirect("supportfamilies:support_family_detail", support_family_id=support_family.pk)
    return render(
        request,
        "supportfamilies/support_family_edit.html",
        {"support_family": support_family, "form": form},
    )


@object_view(selectors.support_family_of, kwarg="support_family_id", roles=CASE_ROLES)
def support_family_withdraw(request: AuthenticatedRequest, support_family: SupportFamily) -> HttpResponse:
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirm_page(
                request,
                title=_("Withdraw the proposal"),
                summary=[(_("proposed on"), support_family.proposed_on), *form_summary(form)],
                locks=_(
                    "Once withdrawn, the proposal is closed for good: the candidate is no longer "
                    "interviewed or established; a new proposal would start again."
                ),
                button=_("Withdraw the proposal"),
                back=reverse("supportfamilies:support_family_withdraw", args=[support_family.pk]),
                verdict=require_theirs(policies.can_withdraw(request.user, support_family)),
            )
        if call_service(
            form,
            services.support_family_withdraw,
            actor=request.user,
            support_family=support_family,
            reason=form.cleaned_data["reason"],
        ):
            messages.success(request, _("The proposal has been withdrawn."))
            return redirect("supportfamilies:support_family_detail", support_family_id=support_family.pk)
    return render(
        request,
        "supportfamilies/support_family_withdraw.html",
        {"support_family": support_family, "form": form},
    )


@object_view(selectors.support_family_of, kwarg="support_family_id", roles=HEAD)
def support_family_establish(request: AuthenticatedRequest, support_family: SupportFamily) -> HttpResponse:
    form = EstablishForm(
        request.POST or None,
        initial={"established_on": timezone.localdate(), "scope": support_family.scope},
    )
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirm_page(
                request,
                title=_("Establish the support family"),
                summary=[
                    (_("relation to the family or the child"), support_family.relation),
                    *form_summary(form),
                ],
                locks=_(
                    "Once established, the support family's eligibility is closed: the decision "
                    "stands under your name, and what follows is the contract. Its address and "
                    "phone can still be corrected."
                ),
                button=_("Establish"),
                back=reverse("supportfamilies:support_family_establish", args=[support_family.pk]),
                verdict=require_theirs(policies.can_establish(request.user, support_family)),
            )
        if call_service(
            form,
            services.support_family_establish,
            actor=request.user,
            support_family=support_family,
            data=form.cleaned_data,
        ):
            messages.success(request, _("The support family has been established."))
            return redirect("supportfamilies:support_family_detail", support_family_id=support_family.pk)
    return render(
        request,
        "supportfamilies/support_family_establish.html",
        {
            "support_family": support_family,
            "interview": selectors.family_interview(support_family),
            "form": form,
        },
    )


# Interviews with candidates --------------------------------------------------------------------


@role_required(Role.SOCIAL_WORKER)
def interview_list(request: AuthenticatedRequest) -> HttpResponse:
    candidates = selectors.candidates_to_interview(request.user).order_by("-proposed_on", "-id")
    return render(request, "supportfamilies/interview_list.html", {"candidates": candidates})


@object_view(selectors.interview_candidate, kwarg="support_family_id", roles=(Role.SOCIAL_WORKER, Role.HEAD))
def interview_detail(request: AuthenticatedRequest, support_family: SupportFamily) -> HttpResponse:
    """The candidate as the interviewer needs it and the interview's answers; the supported family
    is named only to those who may open its page."""
    interview = selectors.family_interview(support_family)
    return render(
        request,
        "supportfamilies/interview_detail.html",
        {
            "support_family": support_family,
            "members": support_family.members.all(),
            "interview": interview,
            "family": support_family.family if family_visible(request.user, support_family.family) else None,
        },
    )


@object_view(selectors.interview_candidate, kwarg="support_family_id", roles=(Role.SOCIAL_WORKER,))
def interview_record(request: AuthenticatedRequest, support_family: SupportFamily) -> HttpResponse:
    form = EligibilityInterviewForm(request.POST or None, initial={"conducted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form,
            services.support_family_interview,
            actor=request.user,
            support_family=support_family,
            data=form.cleaned_data,
        )
        if created:
            say_created(request, new, _("The interview and the eligibility check have been recorded."))
            return redirect("supportfamilies:interview_detail", support_family_id=support_family.pk)
    return render(
        request,
        "supportfamilies/interview_form.html",
        {"support_family": support_family, "members": support_family.members.all(), "form": form},
    )


# Contracts -------------------------------------------------------------------------------------


@role_required(*CASE_ROLES)
def contract_list(request: AuthenticatedRequest) -> HttpResponse:
    context = list_context(
        request,
        ContractFilter,
        selectors.contract_list(request.user),
        sorts=CONTRACT_SORTS,
        default_sort=CONTRACT_DEFAULT_SORT,
    )
    return render(request, "supportfamilies/contract_list.html", context)


@object_view(selectors.support_family_of, kwarg="support_family_id", roles=HEAD)
def contract_create(request: AuthenticatedRequest, support_family: SupportFamily) -> HttpResponse:
    form = ContractForm(
        request.POST or None, initial={"scope": "; ".join(support_family.get_help_forms_display())}
    )
    if request.method == "POST" and form.is_valid():
        contract, new = call_create_service(
            form,
            services.contract_create,
            actor=request.user,
            support_family=support_family,
            data=form.cleaned_data,
        )
        if contract:
            say_created(request, new, _("The contract has been drafted; print it for signatures."))
            return redirect("supportfamilies:contract_detail", contract_id=contract.pk)
    return render(
        request, "supportfamilies/contract_form.html", {"support_family": support_family, "form": form}
    )


@object_view(selectors.contract_of, kwarg="contract_id", roles=HEAD, family_of=_contract_family)
def contract_edit(request: AuthenticatedRequest, contract: Contract) -> HttpResponse:
    # A contract that can no longer be changed opens as it is, with the reason (the policy's).
    verdict = policies.can_update_contract(request.user, contract)
    if not verdict and verdict.reason:
        messages.info(request, verdict.reason)
        return redirect("supportfamilies:contract_detail", contract_id=contract.pk)
    form = ContractForm(request.POST or None, instance=contract)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.contract_update, actor=request.user, contract=contract, data=form.cleaned_data
        ):
            messages.success(request, _("The contract has been saved."))
            return redirect("supportfamilies:contract_detail", contract_id=contract.pk)
    return render(
        request,
        "supportfamilies/contract_form.html",
        {"support_family": contract.support_family, "contract": contract, "form": form},
    )


@object_view(selectors.contract_of, kwarg="contract_id", roles=CASE_ROLES, family_of=_contract_family)
def contract_detail(request: AuthenticatedRequest, contract: Contract) -> HttpResponse:
    return render(
        request,
        "supportfamilies/contract_detail.html",
        {
            "contract": contract,
            "support_family": contract.support_family,
            "totals": selectors.contract_totals(contract),
            "invoices": contract.invoices.current().order_by("-issue_date", "-id"),
        },
    )


def _contract_summary(contract: Contract) -> list[tuple[Any, Any]]:
    return [
        (_("contract number"), contract.number),
        (_("signing for the support family"), contract.support_family_signatories),
        (_("valid from"), contract.valid_from),
        (_("valid to"), contract.valid_to),
        (_("scope of help"), contract.scope),
        (_("monthly limit (PLN)"), contract.monthly_limit),
        (_("total limit (PLN)"), contract.total_limit),
        (_("rules of reimbursement"), contract.reimbursement_rules),
    ]


@object_view(selectors.contract_of, kwarg="contract_id", roles=HEAD, family_of=_contract_family)
def contract_sign(request: AuthenticatedRequest, contract: Contract) -> HttpResponse:
    form = ContractSignForm(request.POST or None, initial={"signed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirm_page(
                request,
                title=_("Sign the contract"),
                summary=[*_contract_summary(contract), *form_summary(form)],
                locks=_(
                    "Once signed, the contract is in force and locked: its scope, period and limits "
                    "can no longer be changed; it can only be terminated."
                ),
                button=_("Record the signature"),
                back=reverse("supportfamilies:contract_sign", args=[contract.pk]),
                verdict=require_theirs(policies.can_sign_contract(request.user, contract)),
                missing=contract.missing_parts(),
            )
        if call_service(
            form,
            services.contract_sign,
            actor=request.user,
            contract=contract,
            signed_on=form.cleaned_data["signed_on"],
        ):
            messages.success(request, _("The contract has been signed and is in force."))
            return redirect("supportfamilies:contract_detail", contract_id=contract.pk)
    return render(request, "supportfamilies/contract_sign.html", {"contract": contract, "form": form})


@object_view(selectors.contract_of, kwarg="contract_id", roles=HEAD, family_of=_contract_family)
def contract_terminate(request: AuthenticatedRequest, contract: Contract) -> HttpResponse:
    form = ContractTerminateForm(request.POST or None, initial={"terminated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirm_page(
                request,
                title=_("Terminate the contract"),
                summary=[*_contract_summary(contract), *form_summary(form)],
                locks=_(
                    "Once terminated, the contract ends for good: no invoice dated after the "
                    "termination is reimbursed, and it cannot be put back in force."
                ),
                button=_("Terminate"),
                back=reverse("supportfamilies:contract_terminate", args=[contract.pk]),
                verdict=require_theirs(policies.can_terminate_contract(request.user, contract)),
            )
        if call_service(
            form,
            services.contract_terminate,
            actor=request.user,
            contract=contract,
            terminated_on=form.cleaned_data["terminated_on"],
            reason=form.cleaned_data["reason"],
            details=form.cleaned_data["details"],
        ):
            messages.success(request, _("The termination of the contract has been recorded."))
            return redirect("supportfamilies:contract_detail", contract_id=contract.pk)
    return render(request, "supportfamilies/contract_terminate.html", {"contract": contract, "form": form})


@object_view(
    selectors.contract_of,
    kwarg="contract_id",
    roles=CASE_ROLES,
    family_of=_contract_family,
    action=AuditAction.DOWNLOAD,
)
def contract_pdf(request: AuthenticatedRequest, contract: Contract) -> HttpResponse:
    content = render_pdf("pdf/support_family_contract.html", selectors.contract_document(contract))
    return pdf_response(content, filename=f"umowa-rw-{contract.pk}.pdf")


# Invoices --------------------------------------------------------------------------------------


@role_required(*INVOICE_READERS)
def invoice_list(request: AuthenticatedRequest) -> HttpResponse:
    context = list_context(
        request,
        InvoiceFilter,
        selectors.invoice_list(request.user),
        sorts=INVOICE_SORTS,
        default_sort=INVOICE_DEFAULT_SORT,
    )
    return render(
        request,
        "supportfamilies/invoice_list.html",
        {**context, "awaiting": selectors.invoices_awaiting_decision(request.user).count()},
    )


@role_required(*INVOICE_KEEPERS)
def invoice_contracts(request: AuthenticatedRequest) -> HttpResponse:
    """Staff choose the contract an invoice belongs to by its number: nothing of the case is shown."""
    return render(
        request,
        "supportfamilies/invoice_contracts.html",
        {"contracts": selectors.contracts_for_invoicing(request.user)},
    )


@object_view(
    selectors.contract_for_invoicing, kwarg="contract_id", roles=INVOICE_KEEPERS, family_of=_contract_family
)
def invoice_register(request: AuthenticatedRequest, contract: Contract) -> HttpResponse:
    form = InvoiceForm(request.POST or None, request.FILES or None, contract=contract)
    if request.method == "POST" and form.is_valid():
        invoice, new = call_create_service(
            form, services.invoice_register, actor=request.user, contract=contract, data=form.cleaned_data
        )
        if invoice:
            say_created(request, new, _("The invoice has been registered for the head's decision."))
            return redirect("supportfamilies:invoice_detail", invoice_id=invoice.pk)
    return render(
        request,
        "supportfamilies/invoice_form.html",
        {"contract": contract, "totals": selectors.contract_totals(contract), "form": form},
    )


@object_view(selectors.invoice_of, kwarg="invoice_id", roles=INVOICE_READERS, family_of=_invoice_family)
def invoice_detail(request: AuthenticatedRequest, invoice: Invoice) -> HttpResponse:
    contract = invoice.contract
    return render(
        request,
        "supportfamilies/invoice_detail.html",
        {
            "invoice": invoice,
            "contract": contract,
            "totals": selectors.contract_totals(contract),
            "problems": selectors.approval_problems(invoice),
        },
    )


@require_POST
@object_view(selectors.invoice_of, kwarg="invoice_id", roles=INVOICE_KEEPERS, family_of=_invoice_family)
def invoice_withdraw(request: AuthenticatedRequest, invoice: Invoice) -> HttpResponse:
    if call_withdraw_service(
        request,
        services.invoice_withdraw,
        actor=request.user,
        invoice=invoice,
        success=_("The invoice has been withdrawn."),
    ):
        return redirect("supportfamilies:invoice_list")
    return redirect("supportfamilies:invoice_detail", invoice_id=invoice.pk)


def _invoice_summary(invoice: Invoice) -> list[tuple[Any, Any]]:
    return [
        (_("contract number"), invoice.contract.number),
        (_("invoice number"), invoice.number),
        (_("issued by"), invoice.issuer),
        (_("date of issue"), invoice.issue_date),
        (_("amount (PLN)"), invoice.amount),
        (_("category"), invoice.get_category_display()),
        (_("what was bought"), invoice.description),
    ]


@object_view(selectors.invoice_of, kwarg="invoice_id", roles=HEAD, family_of=_invoice_family)
def invoice_approve(request: AuthenticatedRequest, invoice: Invoice) -> HttpResponse:
    """The invoice as it will be reimbursed, then the head's confirming button approves it."""
    detail = reverse("supportfamilies:invoice_detail", args=[invoice.pk])
    verdict = require_theirs(policies.can_approve_invoice(request.user, invoice))
    if confirmed(request):
        call_transition(
            request,
            services.invoice_approve,
            actor=request.user,
            invoice=invoice,
            success=_("The invoice has been approved for reimbursement."),
        )
        return redirect(detail)
    return confirm_page(
        request,
        title=_("Approve the invoice"),
        summary=_invoice_summary(invoice),
        locks=_(
            "Once approved, the invoice counts against the contract's limits and is passed for "
            "payment; the decision cannot be changed."
        ),
        button=_("Approve"),
        back=detail,
        verdict=verdict,
        missing=list(selectors.approval_problems(invoice).values()),
    )


@object_view(selectors.invoice_of, kwarg="invoice_id", roles=HEAD, family_of=_invoice_family)
def invoice_refuse(request: AuthenticatedRequest, invoice: Invoice) -> HttpResponse:
    form = RefuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirm_page(
                request,
                title=_("Refuse the invoice"),
                summary=[*_invoice_summary(invoice), *form_summary(form)],
                locks=_("Once refused, the invoice is not reimbursed; the decision cannot be changed."),
                button=_("Refuse"),
                back=reverse("supportfamilies:invoice_refuse", args=[invoice.pk]),
                verdict=require_theirs(policies.can_refuse_invoice(request.user, invoice)),
            )
        if call_service(
            form,
            services.invoice_refuse,
            actor=request.user,
            invoice=invoice,
            reason=form.cleaned_data["reason"],
        ):
            messages.success(request, _("The invoice has been refused."))
            return redirect("supportfamilies:invoice_detail", invoice_id=invoice.pk)
    return render(request, "supportfamilies/invoice_refuse.html", {"invoice": invoice, "form": form})


@object_view(selectors.invoice_of, kwarg="invoice_id", roles=INVOICE_KEEPERS, family_of=_invoice_family)
def invoice_paid(request: AuthenticatedRequest, invoice: Invoice) -> HttpResponse:
    form = PaidForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirm_page(
                request,
                title=_("Record the payment"),
                summary=[*_invoice_summary(invoice), *form_summary(form)],
                locks=_(
                    "Once the payment is recorded, the invoice is settled for good and cannot be changed."
                ),
                button=_("Record the payment"),
                back=reverse("supportfamilies:invoice_paid", args=[invoice.pk]),
                verdict=require_theirs(policies.can_mark_paid(request.user, invoice)),
            )
        if call_service(
            form,
            services.invoice_mark_paid,
            actor=request.user,
            invoice=invoice,
            paid_on=form.cleaned_data["paid_on"],
        ):
            messages.success(request, _("The payment has been recorded."))
            return redirect("supportfamilies:invoice_detail", invoice_id=invoice.pk)
    return render(request, "supportfamilies/invoice_paid.html", {"invoice": invoice, "form": form})


@object_view(
    selectors.invoice_of,
    kwarg="invoice_id",
    roles=INVOICE_READERS,
    family_of=_invoice_family,
    action=AuditAction.DOWNLOAD,
)
def invoice_scan(request: AuthenticatedRequest, invoice: Invoice) -> FileResponse:
    return scan_response(invoice.scan, download_name=f"faktura-{invoice.pk}")


# The reimbursement list for the accounting department ------------------------------------------


def _export_headers() -> list[str]:
    return [
        _("Contract"),
        _("Support family"),
        _("Invoice"),
        _("Issued by"),
        _("Date of issue"),
        _("Category"),
        _("Amount (PLN)"),
        _("Approved on"),
        _("Paid on"),
    ]


def _export_rows(invoices: Iterable[Invoice]) -> Iterator[list[Any]]:
    for invoice in invoices:
        yield [
            invoice.contract.number,
            invoice.contract.support_family.name,
            invoice.number,
            invoice.issuer,
            invoice.issue_date,
            invoice.get_category_display(),
            invoice.amount,
            invoice.decided_on,
            invoice.paid_on,
        ]


@role_required(*INVOICE_KEEPERS)
def reimbursement_export(request: AuthenticatedRequest) -> HttpResponse:
    """The period form; the CSV and XLSX links carry its dates."""
    today = timezone.localdate()
    form = ExportForm(request.GET or None, initial={"date_from": today.replace(day=1), "date_to": today})
    invoices = None
    if form.is_bound and form.is_valid():
        invoices = selectors.reimbursements(
            request.user, date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"]
        )
    return render(request, "supportfamilies/reimbursement_export.html", {"form": form, "invoices": invoices})


def _export(request: AuthenticatedRequest, kind: str) -> tuple[QuerySet[Invoice], str]:
    form = ExportForm(request.GET)
    if not form.is_valid():
        raise Http404
    start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    invoices = selectors.reimbursements(request.user, date_from=start, date_to=end)
    record_read(
        request,
        request.user.centre,
        export="reimbursements",
        format=kind,
        date_from=start.isoformat(),
        date_to=end.isoformat(),
        action=AuditAction.DOWNLOAD,
    )
    return invoices, f"zwroty-rw-{start:%Y%m%d}-{end:%Y%m%d}.{kind}"


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return number_format(value, decimal_pos=2)
    return str(value)


@role_required(*INVOICE_KEEPERS)
def reimbursement_export_csv(request: AuthenticatedRequest) -> HttpResponse:
    invoices, filename = _export(request, "csv")
    # Semicolons (familysupport.exports adds the BOM): how a Polish spreadsheet opens a CSV file.
    rows = [_export_headers(), *([_csv_value(value) for value in row] for row in _export_rows(invoices))]
    return csv_response(rows, filename=filename, delimiter=";")


@role_required(*INVOICE_KEEPERS)
def reimbursement_export_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    invoices, filename = _export(request, "xlsx")
    sheet = Sheet(
        _("Reimbursements"),
        rows=[_export_headers(), *_export_rows(invoices)],
        number_formats={"G": "#,##0.00", "E": "DD.MM.YYYY", "H": "DD.MM.YYYY", "I": "DD.MM.YYYY"},
    )
    return xlsx_response(sheet, filename=filename)
