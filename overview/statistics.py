"""The centre's figures for a period, as the municipality reports them every half-year.

`centre_statistics(centre, start, end)` returns sections of label/value rows; the page, its
charts and the CSV, XLSX and PDF exports all read the same structure. Each section is counted by
the app whose records it counts and registered as a STATISTICS_SECTION (familysupport.figures:
cases/statistics.py, assistants/statistics.py, supportfamilies/statistics.py); this module collects
them in order and adds the deadlines met and missed, which the register in familysupport.deadlines
dates across every app (a few queries per kind of deadline). A new group of figures is one more
registered builder; none of them grows in queries with the number of families.

The period is inclusive at both ends: [start, end].
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from familysupport import registry
from familysupport.deadlines import deadlines_met_and_missed, kind_of
from familysupport.exports import Sheet, Styled, csv_content, xlsx_content
from familysupport.figures import Row, Section, SectionBuilder
from familysupport.models import Centre


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


def deadlines_section(centre: Centre, start: datetime.date, end: datetime.date) -> Section:
    """Statutory and the centre's deadlines that fell due in the period, met and missed, by kind
    (familysupport.deadlines): met on or before the day, missed when met later or still open."""
    figures = deadlines_met_and_missed(centre, start, end)
    rows = [
        Row("met", _("Deadlines met"), sum(kind["met"] for kind in figures.values())),
        Row("missed", _("Deadlines missed"), sum(kind["missed"] for kind in figures.values())),
    ]
    for code, kind in figures.items():
        label = kind_of(code).label
        rows += [
            Row(
                f"{code}.met", format_lazy(_("{kind}: met"), kind=label), kind["met"], indent=1, charted=False
            ),
            Row(f"{code}.missed", format_lazy(_("{kind}: missed"), kind=label), kind["missed"], indent=1),
        ]
    return Section("deadlines", _("Deadlines met and missed"), rows)


SECTIONS = (SectionBuilder("deadlines", order=100, build=deadlines_section),)


def sections() -> list[SectionBuilder]:
    """Every section the apps registered, in the order of the report."""
    return registry.contributions(registry.STATISTICS_SECTIONS)


def centre_statistics(centre: Centre, start: datetime.date, end: datetime.date) -> Statistics:
    """The centre's figures for [start, end]; every section, in the order of the report."""
    return Statistics(
        centre=centre,
        start=start,
        end=end,
        sections=[section.build(centre, start, end) for section in sections()],
    )


# Exports ----------------------------------------------------------------------------------------

TWO_PLACES = Decimal("0.01")


# A spreadsheet reads a cell that begins with one of these as a formula.
def _number(row: Row) -> int | Decimal:
    return Decimal(row.value).quantize(TWO_PLACES) if row.money else row.value


def _heading(stats: Statistics) -> list[list[object]]:
    return [
        [_("Statistics of family support"), stats.centre.name],
        [_("Period"), f"{stats.start:%Y-%m-%d}", f"{stats.end:%Y-%m-%d}"],
    ]


def export_filename(stats: Statistics, extension: str) -> str:
    return f"statystyka-{stats.start:%Y-%m-%d}-{stats.end:%Y-%m-%d}.{extension}"


def statistics_csv(stats: Statistics) -> str:
    """One line per figure: section, label, value (a dot before the decimals, for machines)."""
    rows: list[list[object]] = [*_heading(stats), [_("Section"), _("Figure"), _("Value")]]
    for section in stats.sections:
        rows += [[section.title, capfirst(str(row.label)), _number(row)] for row in section.rows]
    return csv_content(rows)


def statistics_xlsx(stats: Statistics) -> bytes:
    """A workbook with one sheet: the heading, then each section's title and its figures."""
    (title, *heading) = _heading(stats)
    rows: list[list[object]] = [[Styled(title[0], bold=True, size=13), *title[1:]], *heading]
    for section in stats.sections:
        rows += [[], [Styled(section.title, bold=True)]]
        rows += [
            [
                Styled(capfirst(str(row.label)), indent=2 * row.indent, wrap=True),
                Styled(_number(row), number_format="#,##0.00" if row.money else "0"),
            ]
            for row in section.rows
        ]
    sheet = Sheet(_("Statistics"), rows=rows, widths={"A": 70, "B": 16, "C": 16}, header_rows=0)
    return xlsx_content(sheet)
