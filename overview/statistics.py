"""The centre's figures for a period, as the municipality reports them every half-year.

`centre_statistics(centre, start, end)` returns sections of label/value rows; the page, its
charts and the CSV, XLSX and PDF exports all read the same structure. Each section is computed
by one function of SECTIONS with a fixed number of queries, so the number of queries does not grow
with the number of families; a new group of figures is one more function there. Every section
but the deadlines is counted by the database; the deadlines of the period are dated by the
register in familysupport.deadlines (one query per kind of deadline).

The period is inclusive at both ends: [start, end].
"""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from assistants.models import Assignment, AssistantProfile, EmploymentForm, EndReason, WorkEnd
from cases.models import Consent, ConsentBasis, Family, FamilyMember, FamilyRole, Interview, InterviewStatus
from familysupport.charts import Bar, bar_chart
from familysupport.deadlines import KIND_LABELS, deadlines_met_and_missed
from familysupport.models import Centre
from supportfamilies.models import (
    COUNTED,
    Contract,
    ContractStatus,
    Invoice,
    InvoiceStatus,
    SupportFamily,
    SupportFamilyStatus,
)

# A child is a minor (art. 10 of the Civil Code): under 18 at the end of the period.
ADULT_AGE = 18


@dataclass(frozen=True)
class Row:
    # Stable within its section (a choice's value, or a name): tests and later code find it by this.
    key: str
    label: str
    value: int | Decimal
    # 1 for an "of which" row under the row above it.
    indent: int = 0
    # Money is shown with two decimals and its unit.
    money: bool = False
    # Drawn in the section's chart (a detail row may stay in the table only).
    charted: bool = True


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: list[Row]
    # The unit of the chart's values ("zł" for money); the chart leaves out rows of another unit.
    unit: str = ""
    charted: bool = True

    def _charted(self, row: Row) -> bool:
        return self.charted and row.charted and row.money == bool(self.unit)

    def chart(self) -> dict:
        bars = [Bar(capfirst(str(row.label)), row.value) for row in self.rows if self._charted(row)]
        return bar_chart(str(self.title), bars, unit=self.unit)

    def shares(self) -> list[tuple[Row, float | None]]:
        """Each row with its share of the section's largest charted figure, in per cent (None when
        the row is not charted): the printed report draws its bars from these."""
        largest = max([row.value for row in self.rows if self._charted(row)] + [1])
        return [
            (row, round(100 * row.value / largest, 1) if self._charted(row) else None) for row in self.rows
        ]


@dataclass(frozen=True)
class Statistics:
    centre: Centre
    start: datetime.date
    end: datetime.date
    sections: list[Section] = field(default_factory=list)

    def figure(self, section_key: str, row_key: str) -> int | Decimal:
        """One figure by its section's and its row's keys (KeyError when there is no such figure)."""
        for section in self.sections:
            if section.key == section_key:
                for row in section.rows:
                    if row.key == row_key:
                        return row.value
        raise KeyError((section_key, row_key))


# Periods -----------------------------------------------------------------------------------------


def half_year(year: int, half: int) -> tuple[datetime.date, datetime.date]:
    """January–June (half 1) or July–December (half 2) of the year."""
    if half == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    return datetime.date(year, 7, 1), datetime.date(year, 12, 31)


def half_of(day: datetime.date) -> tuple[int, int]:
    return day.year, 1 if day.month <= 6 else 2


def previous_half(year: int, half: int) -> tuple[int, int]:
    return (year, 1) if half == 2 else (year - 1, 2)


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The half-year the head most likely reports on today.

    The current half-year, except in its first month (January, July): that is when the report on
    the half-year just ended is due, and the new one has hardly any figures yet.
    """
    today = today or timezone.localdate()
    year, half = half_of(today)
    if today.month in (1, 7):
        year, half = previous_half(year, half)
    return half_year(year, half)


def quick_periods(today: datetime.date | None = None) -> list[dict]:
    """The halves of this year and of last year, latest first, for the links above the form."""
    today = today or timezone.localdate()
    periods = []
    for year in (today.year, today.year - 1):
        for half in (2, 1):
            start, end = half_year(year, half)
            if start > today:
                continue
            periods.append({"label": f"{'I' * half} {year}", "start": start, "end": end})
    return periods


# The figures ------------------------------------------------------------------------------------


def _overlapping(start: datetime.date, end: datetime.date) -> Q:
    """Assignments during which the assistant worked for at least one day of the period."""
    return Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))


def assistants_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """Assistants by form of employment.

    The register keeps no dates of employment, so an assistant counts for a period in which they
    worked with a family; when the period reaches today, every assistant with an active account
    counts too (employed now, perhaps still without families).
    """
    worked = Exists(Assignment.objects.filter(_overlapping(start, end), assistant=OuterRef("pk")))
    counted = Q(worked=True)
    if start <= timezone.localdate() <= end:
        counted |= Q(user__is_active=True)
    by_form = dict(
        AssistantProfile.objects.filter(centre=centre)
        .annotate(worked=worked)
        .filter(counted)
        .order_by()
        .values_list("employment_form")
        .annotate(count=Count("pk"))
    )
    rows = [Row("total", _("Family assistants"), sum(by_form.values()))]
    rows += [Row(value, label, by_form.get(value, 0), indent=1) for value, label in EmploymentForm.choices]
    if by_form.get(""):
        rows.append(Row("not_recorded", _("form of employment not recorded"), by_form[""], indent=1))
    return Section("assistants", _("Family assistants by form of employment"), rows)


def families_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """Families with an assistant in the period, those obliged by a court, and their children.

    A family had an assistant when an assignment overlaps the period by at least a day (a handover
    between assistants does not count it twice). It is obliged by a court (art. 109 § 2 pkt 1 KRO)
    when the court's obligation was recorded as its basis by the end of the period: the obligation
    may come while the assistant already works with the family. Its children are the members whose
    place in the family is a child and who are minors at the end of the period; an adult son still
    at home is not counted, nor is a minor parent, who is a parent in the family.
    """
    with_assistant = Exists(Assignment.objects.filter(_overlapping(start, end), family=OuterRef("pk")))
    court = Exists(Consent.objects.filter(family=OuterRef("pk"), basis=ConsentBasis.COURT, given_on__lte=end))
    families = Family.objects.filter(with_assistant, centre=centre).aggregate(
        total=Count("pk"), court=Count("pk", filter=court)
    )
    children = FamilyMember.objects.filter(
        Exists(Assignment.objects.filter(_overlapping(start, end), family=OuterRef("family_id"))),
        family__centre=centre,
        role=FamilyRole.CHILD,
        birth_date__lte=end,
        birth_date__gt=end - relativedelta(years=ADULT_AGE),
    ).count()
    rows = [
        Row("total", _("Families with a family assistant"), families["total"]),
        Row("court", _("of which obliged by a court to work with an assistant"), families["court"], indent=1),
        Row("children", _("Children in these families"), children),
    ]
    return Section("families", _("Families with a family assistant"), rows)


def assignments_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """Assistants assigned in the period: new families, and handovers between assistants.

    A handover (assignment_reassign) starts on the day the previous assistant's work ended as
    'reassigned'; it is not a new family for the centre.
    """
    handover = Exists(
        Assignment.objects.filter(
            family=OuterRef("family_id"), end_reason=EndReason.REASSIGNED, ended_on=OuterRef("started_on")
        ).exclude(pk=OuterRef("pk"))
    )
    counts = Assignment.objects.filter(
        family__centre=centre, started_on__gte=start, started_on__lte=end
    ).aggregate(new=Count("pk", filter=~handover), handover=Count("pk", filter=handover))
    rows = [
        Row("new", _("Families assigned an assistant"), counts["new"]),
        Row("handover", _("Families handed over to another assistant"), counts["handover"]),
    ]
    return Section("assignments", _("New assignments"), rows)


def work_ends_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """Families whose work with the assistant ended in the period, by the reason recorded."""
    by_reason = dict(
        WorkEnd.objects.filter(family__centre=centre, ended_on__gte=start, ended_on__lte=end)
        .order_by()
        .values_list("reason")
        .annotate(count=Count("pk"))
    )
    rows = [Row("total", _("Families whose work ended"), sum(by_reason.values()))]
    rows += [
        Row(value, label, by_reason.get(value, 0), indent=1)
        for value, label in EndReason.choices
        if value != EndReason.REASSIGNED
    ]
    return Section("work_ends", _("Work with families ended, by reason"), rows)


def interviews_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """Environmental interviews carried out in the period: signed, by the date they were conducted."""
    counts = Interview.objects.filter(
        family__centre=centre,
        status=InterviewStatus.SIGNED,
        conducted_on__gte=start,
        conducted_on__lte=end,
    ).aggregate(
        total=Count("pk"),
        first=Count("pk", filter=Q(updates__isnull=True)),
        updates=Count("pk", filter=Q(updates__isnull=False)),
    )
    rows = [
        Row("total", _("Environmental interviews carried out"), counts["total"]),
        Row("first", _("first interviews"), counts["first"], indent=1),
        Row("updates", _("updates of an interview"), counts["updates"], indent=1),
    ]
    return Section("interviews", _("Environmental interviews"), rows)


def support_families_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """Support families (art. 29–30), their contracts, and the costs reimbursed under them.

    A support family or a contract counts for the period when its contract was in force on at
    least one day of it (from its start to its end or termination). Amounts are reimbursed when
    the reimbursement was paid out in the period; approved is what the head approved in it.
    """
    in_force = (
        Q(status__in=(ContractStatus.SIGNED, ContractStatus.TERMINATED))
        & Q(valid_from__lte=end, valid_to__gte=start)
        & (Q(terminated_on__isnull=True) | Q(terminated_on__gte=start))
    )
    supporting = SupportFamily.objects.filter(
        Exists(Contract.objects.filter(in_force, support_family=OuterRef("pk"))), centre=centre
    ).aggregate(total=Count("pk"))
    established = SupportFamily.objects.filter(
        centre=centre,
        status=SupportFamilyStatus.ESTABLISHED,
        established_on__gte=start,
        established_on__lte=end,
    ).count()
    contracts = Contract.objects.filter(centre=centre).aggregate(
        in_force=Count("pk", filter=in_force),
        signed=Count("pk", filter=Q(signed_on__gte=start, signed_on__lte=end)),
        terminated=Count(
            "pk",
            filter=Q(status=ContractStatus.TERMINATED, terminated_on__gte=start, terminated_on__lte=end),
        ),
    )
    paid = Q(status=InvoiceStatus.PAID, paid_on__gte=start, paid_on__lte=end)
    approved = Q(status__in=COUNTED, decided_on__gte=start, decided_on__lte=end)
    invoices = Invoice.objects.filter(contract__centre=centre).aggregate(
        paid_count=Count("pk", filter=paid),
        paid=Sum("amount", filter=paid, default=Decimal(0)),
        approved=Sum("amount", filter=approved, default=Decimal(0)),
    )
    rows = [
        Row("supporting", _("Support families helping a family"), supporting["total"]),
        Row("established", _("Support families established"), established),
        Row("contracts_in_force", _("Contracts in force"), contracts["in_force"]),
        Row("contracts_signed", _("of which signed in the period"), contracts["signed"], indent=1),
        Row("contracts_terminated", _("Contracts terminated"), contracts["terminated"]),
        Row("invoices_paid", _("Invoices reimbursed"), invoices["paid_count"]),
        Row("reimbursed", _("Amount reimbursed"), invoices["paid"], money=True),
        Row("approved", _("Amount approved for reimbursement"), invoices["approved"], money=True),
    ]
    return Section("support_families", _("Support families and their costs"), rows)


def deadlines_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """Statutory and the centre's deadlines that fell due in the period, met and missed, by kind
    (familysupport.deadlines): met on or before the day, missed when met later or still open."""
    figures = deadlines_met_and_missed(centre, start, end)
    rows = [
        Row("met", _("Deadlines met"), sum(kind["met"] for kind in figures.values())),
        Row("missed", _("Deadlines missed"), sum(kind["missed"] for kind in figures.values())),
    ]
    for code, kind in figures.items():
        label = KIND_LABELS.get(code, code)
        rows += [
            Row(
                f"{code}.met", format_lazy(_("{kind}: met"), kind=label), kind["met"], indent=1, charted=False
            ),
            Row(f"{code}.missed", format_lazy(_("{kind}: missed"), kind=label), kind["missed"], indent=1),
        ]
    return Section("deadlines", _("Deadlines met and missed"), rows)


SectionBuilder = Callable[[Centre, datetime.date, datetime.date], Section]

SECTIONS: list[SectionBuilder] = [
    assistants_section,
    families_section,
    assignments_section,
    work_ends_section,
    interviews_section,
    support_families_section,
    deadlines_section,
]


def centre_statistics(centre: Centre, start: datetime.date, end: datetime.date) -> Statistics:
    """The centre's figures for [start, end]; every section, in the order of the report."""
    return Statistics(
        centre=centre, start=start, end=end, sections=[build(centre, start, end) for build in SECTIONS]
    )


# Exports ----------------------------------------------------------------------------------------

TWO_PLACES = Decimal("0.01")
# A spreadsheet reads a cell that begins with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str:
    """A label or a name as a spreadsheet cell: never run as a formula."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _number(row: Row) -> int | Decimal:
    return Decimal(row.value).quantize(TWO_PLACES) if row.money else row.value


def _heading(stats: Statistics) -> list[list[str]]:
    return [
        [_text(_("Statistics of family support")), _text(stats.centre.name)],
        [_text(_("Period")), f"{stats.start:%Y-%m-%d}", f"{stats.end:%Y-%m-%d}"],
    ]


def export_filename(stats: Statistics, extension: str) -> str:
    return f"statystyka-{stats.start:%Y-%m-%d}-{stats.end:%Y-%m-%d}.{extension}"


def statistics_csv(stats: Statistics) -> str:
    """One line per figure: section, label, value (a dot before the decimals, for machines)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(_heading(stats))
    writer.writerow([_("Section"), _("Figure"), _("Value")])
    for section in stats.sections:
        for row in section.rows:
            writer.writerow([_text(section.title), _text(capfirst(row.label)), _number(row)])
    # The byte order mark makes spreadsheet programs read the Polish letters as UTF-8.
    return "\ufeff" + out.getvalue()


def statistics_xlsx(stats: Statistics) -> bytes:
    """A workbook with one sheet: the heading, then each section's title and its figures."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Statistics"))[:31]
    for line in _heading(stats):
        sheet.append(line)
    sheet["A1"].font = Font(bold=True, size=13)
    for section in stats.sections:
        sheet.append([])
        sheet.append([_text(section.title)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for row in section.rows:
            sheet.append([_text(capfirst(row.label)), _number(row)])
            label, value = sheet.cell(row=sheet.max_row, column=1), sheet.cell(row=sheet.max_row, column=2)
            label.alignment = Alignment(indent=2 * row.indent, wrap_text=True)
            value.number_format = "#,##0.00" if row.money else "0"
    sheet.column_dimensions["A"].width = 70
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 16
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
