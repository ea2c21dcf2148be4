"""The head's statistics of the centre for a period: the page with its charts, and the exports.

The centre is always the head's own; no parameter names another. Every export is written to the
audit record with the period and the format (the figures are aggregates: no family is named).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from familysupport import audit
from familysupport.access import AuthenticatedRequest, role_required
from familysupport.figures import default_period, quick_periods
from familysupport.forms import ISO_DATE
from familysupport.models import AuditAction, Role
from familysupport.pdf import pdf_response, render_pdf
from overview.forms import StatisticsPeriodForm
from overview.statistics import (
    Statistics,
    centre_statistics,
    export_filename,
    statistics_csv,
    statistics_xlsx,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period_form(request: HttpRequest) -> StatisticsPeriodForm:
    """The period asked for, or the default half-year when the address names none."""
    if "start" in request.GET or "end" in request.GET:
        form = StatisticsPeriodForm(request.GET)
    else:
        start, end = default_period()
        form = StatisticsPeriodForm({"start": f"{start:{ISO_DATE}}", "end": f"{end:{ISO_DATE}}"})
    form.is_valid()
    return form


def _figures(request: AuthenticatedRequest, form: StatisticsPeriodForm) -> Statistics:
    """The centre's figures for the form's period."""
    centre, start, end = request.user.centre, form.cleaned_data["start"], form.cleaned_data["end"]
    # The head's: a role holder has a centre (`User.roles` is empty without one).
    assert centre is not None
    return centre_statistics(centre, start, end)


def _statistics(request: AuthenticatedRequest) -> Statistics | None:
    form = _period_form(request)
    if form.errors:
        return None
    return _figures(request, form)


def _audit_export(request: AuthenticatedRequest, stats: Statistics, export_format: str) -> None:
    audit.record(
        actor=request.user,
        action=AuditAction.DOWNLOAD,
        target=stats.centre,
        export="statistics",
        format=export_format,
        start=stats.start.isoformat(),
        end=stats.end.isoformat(),
    )


def _back_to_the_form(request: HttpRequest) -> HttpResponse:
    """An export of a period that is not understood: the page shows what is wrong with it."""
    query = request.GET.urlencode()
    return redirect(f"{reverse('statistics')}?{query}" if query else reverse("statistics"))


@require_GET
@role_required(Role.HEAD)
def statistics(request: AuthenticatedRequest) -> HttpResponse:
    """The centre's figures for a period, by default the half-year the municipality reports."""
    form = _period_form(request)
    context = {"form": form, "periods": quick_periods()}
    if not form.errors:
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        context.update(
            start=start,
            end=end,
            stats=_figures(request, form),
            query=f"start={start:{ISO_DATE}}&end={end:{ISO_DATE}}",
        )
    return render(request, "overview/statistics.html", context)


@require_GET
@role_required(Role.HEAD)
def statistics_export_csv(request: AuthenticatedRequest) -> HttpResponse:
    stats = _statistics(request)
    if stats is None:
        return _back_to_the_form(request)
    _audit_export(request, stats, "csv")
    response = HttpResponse(statistics_csv(stats), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(stats, "csv")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@role_required(Role.HEAD)
def statistics_export_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    stats = _statistics(request)
    if stats is None:
        return _back_to_the_form(request)
    _audit_export(request, stats, "xlsx")
    response = HttpResponse(statistics_xlsx(stats), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(stats, "xlsx")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@role_required(Role.HEAD)
def statistics_report_pdf(request: AuthenticatedRequest) -> HttpResponse:
    stats = _statistics(request)
    if stats is None:
        return _back_to_the_form(request)
    content = render_pdf(
        "pdf/statistics.html",
        {"centre": stats.centre, "stats": stats, "head": request.user},
    )
    _audit_export(request, stats, "pdf")
    return pdf_response(content, filename=export_filename(stats, "pdf"))
