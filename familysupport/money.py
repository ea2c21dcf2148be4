"""Amounts of money as a Polish office writes and reads them: `6 000,00 zł`.

Amounts are Decimals in złoty with grosze (two places). However the interface's language, they
are shown the Polish way (a space between thousands, a comma before the grosze), and a person
may type them as they write them: `6 000,00`, `6000,5`, `6000` or `6000.50`.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

GROSZ = Decimal("0.01")
THOUSANDS = "\u00a0"  # a space that keeps the number on one line
# Digits, then at most one decimal comma or point and the grosze (no exponent, no second separator).
AMOUNT = re.compile(r"-?\d+(?:[.,]\d+)?")


def format_amount(value: Decimal | int | float | str | None) -> str:
    """`6 000,00`: the amount with grosze, thousands apart, a comma before the grosze."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(GROSZ, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, grosze = f"{abs(amount):.2f}".split(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{THOUSANDS.join(groups)},{grosze}"


def format_money(value: Decimal | int | float | str | None) -> str:
    """`6 000,00 zł`."""
    amount = format_amount(value)
    return f"{amount}\u00a0zł" if amount else ""


def parse_amount(text: str) -> Decimal:
    """The amount a person typed (`6 000,00`, `6000,5`, `6000`, `6000.50`, `6 000 zł`) as a Decimal;
    ValueError when it is not an amount."""
    cleaned = text.strip().lower().removesuffix("zł").strip()
    for space in (" ", THOUSANDS, "\u202f"):
        cleaned = cleaned.replace(space, "")
    if not AMOUNT.fullmatch(cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise ValueError(text) from None
