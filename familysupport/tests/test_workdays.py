import datetime

import pytest

from familysupport.workdays import add_working_days, is_working_day

D = datetime.date


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 1, 1),  # New Year
        D(2026, 1, 6),  # Epiphany
        D(2026, 4, 6),  # Easter Monday
        D(2026, 5, 1),  # Labour Day
        D(2025, 5, 3),  # Constitution Day
        D(2026, 6, 4),  # Corpus Christi
        D(2025, 8, 15),  # Assumption
        D(2025, 11, 11),  # Independence Day
        D(2026, 12, 24),  # Christmas Eve, a public holiday since 2025
        D(2026, 12, 25),
        D(2026, 12, 26),  # Second Day of Christmas
        D(2027, 3, 29),  # Easter Monday in another year: the date moves with Easter
        D(2027, 5, 3),  # Constitution Day on a Monday
        D(2027, 11, 1),  # All Saints' Day on a Monday
    ],
)
def test_public_holidays_are_not_working_days(day):
    assert not is_working_day(day)


def test_weekends_are_not_working_days():
    assert not is_working_day(D(2026, 11, 21)) and not is_working_day(D(2026, 11, 22))
    assert is_working_day(D(2026, 11, 23))


def test_easter_week():
    # Thursday before Easter 2026 + 2 working days: Friday, then Tuesday after Easter Monday.
    assert add_working_days(D(2026, 4, 2), 2) == D(2026, 4, 7)


def test_corpus_christi_long_weekend():
    assert add_working_days(D(2026, 6, 3), 1) == D(2026, 6, 5)


def test_christmas_and_new_year():
    # Tuesday 22 December 2026: 23 Dec, then 28-31 Dec, then 1 Jan 2027 a holiday, 2-3 Jan a weekend.
    assert add_working_days(D(2026, 12, 22), 6) == D(2027, 1, 4)


def test_fourteen_working_days_around_all_saints_and_independence_day():
    # Friday 30 October 2026: 2 Nov is the first working day, 11 Nov a holiday.
    assert add_working_days(D(2026, 10, 30), 14) == D(2026, 11, 20)


def test_the_day_of_the_event_does_not_count():
    assert add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 24)


def test_long_may_weekend():
    # Friday 30 April 2027: 1 May is a Saturday, 2 May a Sunday, 3 May a Monday holiday.
    assert add_working_days(D(2027, 4, 30), 1) == D(2027, 5, 4)


def test_assumption_day():
    # Thursday 14 August 2025: 15 August (Friday) is a holiday, then the weekend.
    assert add_working_days(D(2025, 8, 14), 1) == D(2025, 8, 18)


def test_new_year():
    assert add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 2)


def test_all_saints_day():
    # Friday 29 October 2027: the weekend, then 1 November (Monday) a holiday.
    assert add_working_days(D(2027, 10, 29), 1) == D(2027, 11, 2)


def test_holidays_come_from_the_holidays_package():
    import holidays

    assert all(not is_working_day(day) for day in holidays.Poland(years=2030))
