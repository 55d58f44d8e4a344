"""The statute's calendar: its financial year, and how it counts notice.

Danish statutes count notice in months ("seks måneders varsel"), often to the
end of a period ("til udgangen af et regnskabsår"); the financial year
(regnskabsår) need not be the calendar year. Pure date arithmetic, so the
protocol and the economy count the same way.

The arithmetic is total: a day beyond the calendar's last (9999-12-31) is
``date.max`` ("never", for any day a protocol holds), one before its first
``date.min``, so a notice or a period near either end never raises.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from ..i18n import N_, ngettext
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
        """The first day of the financial year ``day`` falls in (``date.min``
        where that year began before the calendar)."""
        start = dt.date(day.year, self.start_month, self.start_day)
        if start <= day:
            return start
        if day.year == dt.MINYEAR:
            return dt.date.min
        return dt.date(day.year - 1, self.start_month, self.start_day)

    def last_day(self, day: dt.date) -> dt.date:
        """The last day of the financial year ``day`` falls in (``date.max``
        where it ends beyond the calendar)."""
        following = dt.date(day.year, self.start_month, self.start_day)
        if following <= day:
            if day.year == dt.MAXYEAR:
                return dt.date.max
            following = dt.date(day.year + 1, self.start_month, self.start_day)
        return following - dt.timedelta(days=1)


#: The calendar year, where a statute states no financial year. Its reason is
#: the library's, in English (marked for the catalog): show it through ``_()``.
CALENDAR_YEAR = FinancialYear(
    assumption=True, reason=N_("The statute states no financial year; the calendar year is used.")
)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` on; the month's last day where it is shorter
    (``date.max`` or ``date.min`` beyond either end of the calendar)."""
    moved = _months_on(day, months)
    if moved is None:
        return dt.date.max if months > 0 else dt.date.min
    return moved


def add_days(day: dt.date, days: int) -> dt.date:
    """``day`` moved ``days`` on (back, when negative); the calendar's end or start beyond it."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def _months_on(day: dt.date, months: int) -> dt.date | None:
    """``day`` moved ``months`` on, or None beyond the calendar."""
    year, month = divmod(day.month - 1 + months, 12)
    target_year, target_month = day.year + year, month + 1
    if not dt.MINYEAR <= target_year <= dt.MAXYEAR:
        return None
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
        return _day_before(_months_on(dt.date(day.year, day.month, 1), 1))
    # Quarters of the financial year: three months from its start, and so on
    # (a year has four; the fourth ends where the year does).
    start = year.start_on_or_before(day)
    for quarter in range(1, 4):
        following = _months_on(start, 3 * quarter)
        if following is None or following > day:
            return _day_before(following)
    return year.last_day(day)


def _day_before(day: dt.date | None) -> dt.date:
    """The last day of a period that ends before ``day`` (None: beyond the calendar)."""
    return dt.date.max if day is None else add_days(day, -1)


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
    last = period_last_day(add_days(earliest, -1), to, year)
    return dt.date.max if last == dt.date.max else last + dt.timedelta(days=1)


@attrs.frozen(kw_only=True)
class Duration:
    """A length of time a statute states: days (weeks as seven days) or months."""

    days: int = 0
    months: int = 0

    def after(self, day: dt.date) -> dt.date:
        """The day this long after ``day``."""
        return add_days(add_months(day, self.months), self.days)

    def before(self, day: dt.date) -> dt.date:
        """The latest day that is at least this long before ``day``."""
        if not self.months:
            return add_days(day, -self.days)
        earlier = add_months(day, -self.months)
        # A call on the 31st gives a meeting on the 30th a month later (the month's
        # last day): at most three days on, months differing by as much.
        for _ in range(3):
            later = _months_on(add_days(earlier, 1), self.months)
            if later is None or later > day or earlier == dt.date.max:
                break
            earlier = add_days(earlier, 1)
        return add_days(earlier, -self.days)

    def longer_than(self, other: Duration) -> bool:
        """Whether this is surely longer than ``other`` (a month counted as 28 to 31 days)."""
        return self.days + 28 * self.months > other.days + 31 * other.months

    def __str__(self) -> str:
        if self.months:
            return ngettext("{count} month", "{count} months", self.months)
        return ngettext("{count} day", "{count} days", self.days)
