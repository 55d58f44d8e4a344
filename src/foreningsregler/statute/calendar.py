"""The statute's calendar: its financial year, and how it counts notice.

Danish statutes count notice in months ("seks måneders varsel"), often to the
end of a period ("til udgangen af et regnskabsår"); the financial year
(regnskabsår) need not be the calendar year. Pure date arithmetic, so the
protocol and the economy count the same way.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from .citation import Cited


class PeriodEnd(StrEnum):
    """The end of a period that notice runs to."""

    FINANCIAL_YEAR = "financial_year"
    QUARTER = "quarter"
    MONTH = "month"


@attrs.frozen(kw_only=True)
class FinancialYear(Cited):
    """The financial year (regnskabsår): from ``start_month``/``start_day`` for a year."""

    start_month: int = 1
    start_day: int = 1

    def start_on_or_before(self, day: dt.date) -> dt.date:
        """The first day of the financial year ``day`` falls in."""
        start = dt.date(day.year, self.start_month, self.start_day)
        return start if start <= day else dt.date(day.year - 1, self.start_month, self.start_day)

    def last_day(self, day: dt.date) -> dt.date:
        """The last day of the financial year ``day`` falls in."""
        start = self.start_on_or_before(day)
        if start.year == dt.MAXYEAR:
            return dt.date.max
        return dt.date(start.year + 1, start.month, start.day) - dt.timedelta(days=1)


#: The calendar year, where a statute states no financial year.
CALENDAR_YEAR = FinancialYear(
    assumption=True, reason="The statute states no financial year; the calendar year is used."
)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` on; the month's last day where it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    target_year, target_month = day.year + year, month + 1
    if target_year > dt.MAXYEAR:
        return dt.date.max  # beyond the calendar: never, for any day a protocol holds
    for last in (31, 30, 29, 28):
        try:
            return dt.date(target_year, target_month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def period_last_day(day: dt.date, period: PeriodEnd, year: FinancialYear) -> dt.date:
    """The last day of the ``period`` that ``day`` falls in."""
    if period is PeriodEnd.FINANCIAL_YEAR:
        return year.last_day(day)
    if period is PeriodEnd.MONTH:
        return add_months(dt.date(day.year, day.month, 1), 1) - dt.timedelta(days=1)
    # Quarters of the financial year: three months from its start, and so on.
    start = year.start_on_or_before(day)
    while add_months(start, 3) <= day:
        start = add_months(start, 3)
    return add_months(start, 3) - dt.timedelta(days=1)


def notice_takes_effect(
    given: dt.date, months: int, to: PeriodEnd | None, year: FinancialYear
) -> dt.date:
    """The first day a notice of ``months`` given on ``given`` has effect.

    With ``to``, the notice runs to the end of the first such period that
    lies at least ``months`` after ``given``: six months' notice to the end of
    a calendar year, given on 30 June, takes effect on 1 January.
    """
    earliest = add_months(given, months)
    if to is None or earliest == dt.date.max:
        return earliest
    last = period_last_day(earliest - dt.timedelta(days=1), to, year)
    return dt.date.max if last == dt.date.max else last + dt.timedelta(days=1)


@attrs.frozen(kw_only=True)
class Duration:
    """A length of time a statute states: days (weeks as seven days) or months."""

    days: int = 0
    months: int = 0

    def after(self, day: dt.date) -> dt.date:
        """The day this long after ``day``."""
        return add_months(day, self.months) + dt.timedelta(days=self.days)

    def before(self, day: dt.date) -> dt.date:
        """The latest day that is at least this long before ``day``."""
        if not self.months:
            return day - dt.timedelta(days=self.days)
        earlier = add_months(day, -self.months)
        # A call on the 31st gives a meeting on the 30th a month later (the month's last day).
        while add_months(earlier + dt.timedelta(days=1), self.months) <= day:
            earlier += dt.timedelta(days=1)
        return earlier - dt.timedelta(days=self.days)

    def longer_than(self, other: Duration) -> bool:
        """Whether this is surely longer than ``other`` (a month counted as 28 to 31 days)."""
        return self.days + 28 * self.months > other.days + 31 * other.months

    def __str__(self) -> str:
        if self.months:
            return f"{self.months} month{'s' if self.months != 1 else ''}"
        return f"{self.days} day{'s' if self.days != 1 else ''}"
