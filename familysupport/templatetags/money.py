"""`{{ amount|money }}`: `6 000,00 zł` in every language (familysupport.money)."""

from decimal import Decimal

from django import template

from familysupport.money import format_amount, format_money

register = template.Library()


@register.filter
def money(value: Decimal | int | float | str | None) -> str:
    return format_money(value)


@register.filter
def amount(value: Decimal | int | float | str | None) -> str:
    """`6 000,00`, for a column whose heading names the currency."""
    return format_amount(value)
