"""Data protection pages: the audit record for the data protection officer (and the head), and
the export of everything held about one person for an access request (RODO art. 15).

The audit pages are read-only (GET; anything else answers 405) and show identifiers only. Every
look at them is itself written to the audit record, with the filter used but never a PESEL.
"""

import json
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.core.paginator import Page
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cases.access import family_view
from cases.models import Family
from familysupport.access import AuthenticatedRequest, record_read, role_required
from familysupport.lists import paginate
from familysupport.models import AuditAction, Role
from familysupport.pdf import pdf_response, render_pdf
from overview import selectors
from overview.forms import AuditFilterForm, PersonLookupForm

AUDIT_PAGE_SIZE = 50
FAMILIES_PAGE_SIZE = 50

T = TypeVar("T")


def _page(request: HttpRequest, items: QuerySet[Any, T], size: int = AUDIT_PAGE_SIZE) -> Page[T]:
    return paginate(items, size, request.GET.get("page"))


def _filters_for_audit(cleaned: dict) -> dict:
    """The filter used, as identifiers, for the audit event of looking at the record."""
    return {
        key: (value.pk if hasattr(value, "pk") else str(value))
        for key, value in cleaned.items()
        if value not in (None, "")
    }


@require_GET
@role_required(*selectors.AUDIT_READERS)
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    """The centre's audit record, filtered by date range, user, action and family reference."""
    user = request.user
    # A role holder has a centre (`User.roles` is empty without one).
    assert user.centre_id is not None
    form = AuditFilterForm(request.GET or None, centre_id=user.centre_id)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = _page(request, selectors.audit_log(user, **filters))
    record_read(request, user.centre, filters=_filters_for_audit(filters))
    return render(
        request,
        "overview/audit_log.html",
        {"form": form, "page": page, "rows": selectors.audit_rows(user, page)},
    )


@require_GET
@role_required(*selectors.AUDIT_READERS)
def audit_family(request: AuthenticatedRequest) -> HttpResponse:
    """Who accessed a family and when; without a reference, the families with events."""
    user = request.user
    reference = request.GET.get("reference", "").strip()[:32]
    context: dict[str, Any] = {"reference": reference}
    if reference:
        family = selectors.centre_family(user, reference)
        context["family"] = family
        if family is not None:
            page = _page(request, selectors.family_access_log(user, family))
            context.update(page=page, rows=selectors.audit_rows(user, page))
            record_read(request, family, family_id=family.pk)
        else:
            record_read(request, user.centre, reference=reference, found=False)
    else:
        summary = _page(request, selectors.audited_family_summary(user), FAMILIES_PAGE_SIZE)
        references = selectors.family_references(user, (row["family_id"] for row in summary))
        context.update(
            page=summary,
            families=[{**row, "reference": references.get(row["family_id"], "")} for row in summary],
        )
        record_read(request, user.centre, page="audit_families")
    return render(request, "overview/audit_family.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*selectors.AUDIT_READERS)
def audit_person(request: AuthenticatedRequest) -> HttpResponse:
    """Who accessed a person: events on the person's family and on the person's record.

    The person is found by PESEL or by the number of their record. A PESEL is sent only in the
    body of a POST and answered with a redirect to the person's record number, so it never stands
    in an address, the browser's history or a server's log; nor is it recorded.
    """
    user = request.user
    if request.method == "POST":
        form = PersonLookupForm(request.POST)
        if form.is_valid() and form.cleaned_data["member"] and not form.cleaned_data["pesel"]:
            return redirect(f"{reverse('audit_person')}?{urlencode({'member': form.cleaned_data['member']})}")
        if form.is_valid() and form.cleaned_data["pesel"]:
            member = selectors.centre_member(user, pesel=form.cleaned_data["pesel"])
            if member is not None:
                return redirect(f"{reverse('audit_person')}?{urlencode({'member': member.pk})}")
            record_read(request, user.centre, by="pesel", found=False)
            return render(request, "overview/audit_person.html", {"form": form, "searched": True})
        return render(request, "overview/audit_person.html", {"form": form})
    # By GET only the record's number: a PESEL in an address is not looked up.
    form = PersonLookupForm({"member": request.GET["member"]} if "member" in request.GET else None)
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid() and form.cleaned_data["member"]:
        member = selectors.centre_member(user, member_id=form.cleaned_data["member"])
        context["searched"] = True
        context["member"] = member
        if member is not None:
            page = _page(request, selectors.person_access_log(user, member))
            context.update(
                page=page,
                rows=selectors.audit_rows(user, page),
                reference=selectors.family_references(user, [member.family_id]).get(member.family_id, ""),
            )
            record_read(request, member, family_id=member.family_id, by="member")
        else:
            record_read(request, user.centre, by="member", found=False)
    return render(request, "overview/audit_person.html", context)


# The export for an access request (art. 15): the head only; the DPO sees no case content.


@family_view(roles=(Role.HEAD,))
@require_GET
def member_export_json(request: AuthenticatedRequest, family: Family, member_id: int) -> HttpResponse:
    member = get_object_or_404(family.members, pk=member_id)  # withdrawn too: their data was held
    export = selectors.person_export(family, member)
    record_read(request, member, family_id=family.pk, format="json", action=AuditAction.DOWNLOAD)
    content = json.dumps(
        selectors.person_export_json(export), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="osoba-{member.pk}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@family_view(roles=(Role.HEAD,))
@require_GET
def member_export_pdf(request: AuthenticatedRequest, family: Family, member_id: int) -> HttpResponse:
    member = get_object_or_404(family.members, pk=member_id)  # withdrawn too: their data was held
    content = render_pdf("pdf/person_export.html", selectors.person_export(family, member))
    record_read(request, member, family_id=family.pk, format="pdf", action=AuditAction.DOWNLOAD)
    return pdf_response(content, filename=f"osoba-{member.pk}.pdf")
