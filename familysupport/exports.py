"""Every CSV and XLSX file the product writes goes through here.

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` (and, in some programs, a tab or a
carriage return) as a formula: `=HYPERLINK(...)` typed as an invoice's issuer would become a live
link in the accounting department's sheet. Every text cell is therefore written as text: a
leading apostrophe in CSV (the spreadsheets' own sign for "this is text"), an explicit string cell
with the quote prefix in XLSX. Numbers and dates stay numbers and dates.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_LENGTH = 31  # Excel's limit


def neutralised(value: object) -> str:
    """A text as a spreadsheet cell that is never run as a formula."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _csv_cell(value: object) -> object:
    if isinstance(value, Styled):
        value = value.value
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | datetime.date):
        return value
    return neutralised(value)


def csv_content(rows: Iterable[Sequence[object]], *, delimiter: str = ",") -> str:
    """The rows as CSV text with a byte order mark, so that spreadsheets read the Polish letters.

    Numbers and dates are written as the caller formatted them (a formatted number is text, and
    is neutralised like any text: `-5,00` becomes `'-5,00`, still read as the text it is)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return "\ufeff" + out.getvalue()


@dataclass(frozen=True)
class Styled:
    """A cell of a workbook with its look: bold (and size), an indent, wrapped text, a number format."""

    value: object
    bold: bool = False
    size: float | None = None
    indent: int = 0
    wrap: bool = False
    number_format: str = ""


@dataclass
class Sheet:
    """One sheet of a workbook: its rows, and the number format of some columns (by letter)."""

    title: str | Promise
    rows: Sequence[Sequence[object]] = field(default_factory=list)
    number_formats: dict[str, str] = field(default_factory=dict)
    widths: dict[str, float] = field(default_factory=dict)
    header_rows: int = 1


def _xlsx_cell(cell: Cell, value: object) -> None:
    if isinstance(value, Styled):
        _xlsx_cell(cell, value.value)
        if value.bold or value.size:
            cell.font = Font(bold=value.bold, size=value.size)
        if value.indent or value.wrap:
            cell.alignment = Alignment(indent=value.indent, wrap_text=value.wrap)
        if value.number_format:
            cell.number_format = value.number_format
        return
    if isinstance(value, Promise):  # a lazily translated text
        value = str(value)
    if isinstance(value, str):
        cell.value = value
        # Written as a string, never as a formula, and shown without the apostrophe.
        cell.data_type = "s"
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    else:
        cell.value = value


def xlsx_content(*sheets: Sheet) -> bytes:
    """A workbook of the given sheets, every text cell written as text."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        sheet = workbook.create_sheet(title=str(spec.title)[:SHEET_TITLE_LENGTH])
        for row_number, row in enumerate(spec.rows, start=1):
            for column_number, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column_number)
                _xlsx_cell(cell, value)
                if row_number > spec.header_rows and cell.column_letter in spec.number_formats:
                    cell.number_format = spec.number_formats[cell.column_letter]
        for column, width in spec.widths.items():
            sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def attachment(content: str | bytes, *, filename: str, content_type: str) -> HttpResponse:
    """An export as a download (the filename names no person: callers build it from dates and ids)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(rows: Iterable[Sequence[object]], *, filename: str, delimiter: str = ",") -> HttpResponse:
    return attachment(
        csv_content(rows, delimiter=delimiter), filename=filename, content_type="text/csv; charset=utf-8"
    )


def xlsx_response(*sheets: Sheet, filename: str) -> HttpResponse:
    return attachment(xlsx_content(*sheets), filename=filename, content_type=XLSX_TYPE)
