"""The figures of a centre for a period, as the municipality reports them every half-year: the
shape every section has, the periods they are counted for, and how an app declares a section.

Each case app counts the figures of its own records (cases/statistics.py, assistants/statistics.py,
supportfamilies/statistics.py) and registers its builders in its `AppConfig.ready()`:

    registry.contribute(registry.STATISTICS_SECTIONS, *SECTIONS)

The overview (overview/statistics.py) collects them in `order` into the page, its charts and its
exports. A builder counts its figures with a fixed number of queries, so the number of queries does
not grow with the number of families. The period is inclusive at both ends: [start, end].
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Aggregate, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst

from familysupport.charts import Bar, bar_chart
from familysupport.models import Centre


@dataclass(frozen=True)
class Row:
    # Stable within its section (a choice's value, or a name): tests and later code find it by this.
    key: str
    label: str | Promise
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
    title: str | Promise
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
            (row, round(float(100 * row.value / largest), 1) if self._charted(row) else None)
            for row in self.rows
        ]


@dataclass(frozen=True)
class SectionBuilder:
    """One section of the figures, declared by the app whose records it counts."""

    # The key of the Section it builds.
    key: str
    # Where it stands among the sections of the report (lower first).
    order: int
    build: Callable[[Centre, datetime.date, datetime.date], Section]


def aggregated(queryset: QuerySet, aggregate: Aggregate) -> Subquery:
    """`aggregate` over the rows of `queryset`, as a subquery of one value (see `read_figures`)."""
    one_row = queryset.order_by().annotate(one_row=Value(1)).values("one_row")
    return Subquery(one_row.annotate(figure=aggregate).values("figure"))


def read_figures(centre: Centre, **figures: Subquery) -> dict:
    """Figures counted over several tables (each `aggregated`, each bounded by the centre inside
    its own subquery), read in one query."""
    row: dict = Centre.objects.filter(pk=centre.pk).annotate(**figures).values(*figures).get()
    return row


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
