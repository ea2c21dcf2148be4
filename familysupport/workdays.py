"""Working days in Poland: Monday to Friday, except the public holidays the `holidays` package knows."""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.Poland(years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year)


# Pure (the calendar is fixed), and asked for the same few hundred report dates by every dashboard
# and statistics page, once per pending report: remembered instead of counted out again each time.
@lru_cache(maxsize=8192)
def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (the day of the event itself does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
