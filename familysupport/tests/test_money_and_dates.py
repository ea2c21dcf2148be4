"""Amounts and dates as a Polish office writes them, whatever the interface's language."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import formats, translation

from familysupport.forms import AmountField
from familysupport.money import format_money


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("6 000,00", Decimal("6000.00")),
        ("6000,5", Decimal("6000.5")),
        ("6000", Decimal("6000")),
        ("6000.50", Decimal("6000.50")),
        ("6\u00a0000,00 zł", Decimal("6000.00")),
        ("0,10", Decimal("0.10")),
    ],
)
def test_an_amount_is_read_as_people_type_it(typed, amount):
    assert AmountField().clean(typed) == amount


@pytest.mark.parametrize("typed", ["abc", "6,000.00", "1e5", "NaN", "6 000,001"])
def test_what_is_not_an_amount_is_refused_in_polish(typed):
    field = AmountField()
    with translation.override("pl"), pytest.raises(ValidationError) as refused:
        field.clean(typed)
    message = " ".join(refused.value.messages)
    assert "Podaj kwotę w złotych" in message or "2 cyfry po przecinku" in message


@pytest.mark.parametrize("language", ["pl", "en"])
def test_an_amount_is_shown_the_polish_way_in_every_language(language):
    with translation.override(language):
        shown = Template("{% load money %}{{ value|money }}").render(Context({"value": Decimal("6000")}))
    assert shown == "6\u00a0000,00\u00a0zł"
    assert format_money(Decimal("-1234567.5")) == "-1\u00a0234\u00a0567,50\u00a0zł"


@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_date_reads_day_month_year_in_every_language(language):
    with translation.override(language):
        assert formats.date_format(datetime.date(2026, 12, 3), "SHORT_DATE_FORMAT") == "03.12.2026"
