"""Bar charts drawn on the server as SVG: no chart script, nothing from a CDN, nothing inline for CSP."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

# The drawing's own units; the SVG scales to the width of its container.
CHART_WIDTH = 680
LABEL_WIDTH = 290
BAR_HEIGHT = 22
BAR_GAP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | Decimal
    # A limit drawn as a line across the bar (an assistant's cap, a contract's limit).
    limit: int | Decimal | None = None


def _scaled(figure: int | Decimal, span: int, largest: int | Decimal) -> float | Decimal:
    # round() keeps a Decimal a Decimal; mypy cannot follow its overloads through the union.
    return cast(float | Decimal, round(span * figure / largest, 1))


def bar_chart(title: str, bars: list[Bar], *, unit: str = "") -> dict[str, Any]:
    """What templates/_bar_chart.html draws: each bar and its limit scaled to the largest figure."""
    largest = max([bar.value for bar in bars] + [bar.limit or 0 for bar in bars] + [1])
    span = CHART_WIDTH - LABEL_WIDTH - 60
    rows: list[dict[str, Any]] = []
    for index, bar in enumerate(bars):
        y = index * (BAR_HEIGHT + BAR_GAP)
        rows.append(
            {
                "bar": bar,
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "width": _scaled(bar.value, span, largest),
                "value_x": LABEL_WIDTH + _scaled(bar.value, span, largest) + 6,
                "over_limit": bar.limit is not None and bar.value >= bar.limit,
                "limit_x": None if bar.limit is None else LABEL_WIDTH + _scaled(bar.limit, span, largest),
            }
        )
    return {
        "title": title,
        "unit": unit,
        "rows": rows,
        "width": CHART_WIDTH,
        "height": max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP),
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
    }
