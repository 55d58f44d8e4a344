"""A fee's year: the amount decided for it, the share of a member admitted late,
the index applied, and the instalments a payment period splits it into.

Amounts stay whole øre: a fraction or an index rounds half up to the øre, and
instalments split a year's amount by the largest remainder, so they add up
exactly (the øre left over go to the earliest instalments).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction

import attrs

from ..protocol.state import State, Term
from ..statute.calendar import add_months
from ..statute.model import MoneyRule, Statute

#: How many instalments a year's amount is split into, by the rule's period.
PER_YEAR = {"year": 1, "quarter": 4, "month": 12}


def scale(oere: int, factor: Fraction) -> int:
    """``oere`` times ``factor``, rounded half up to the øre."""
    exact = oere * factor
    return int(exact.numerator * 2 + exact.denominator) // (2 * exact.denominator)


def decided(state: State | None, rule: MoneyRule, year: int, klass: str | None) -> Term | None:
    """The amount decided for ``year`` (``set-fee``): for the member's class, else for all."""
    if state is None or rule.set_yearly is None:
        return None
    found = [t for t in state.terms if (t.kind, t.subject, t.year) == ("fee", rule.id, year)]
    own = [t for t in found if klass is not None and t.value == klass]
    every = [t for t in found if t.value is None]
    chosen = own or every
    return chosen[-1] if chosen else None


def admitted_on(state: State | None, member: str) -> dt.date | None:
    """The day the member was admitted, as the protocol records it."""
    if state is None:
        return None
    found = state.term("admitted", member)
    return found.day if found is not None else None


def pro_rata_share(
    statute: Statute, rule: MoneyRule, year: int, admitted: dt.date | None
) -> Fraction | None:
    """The share of the year's fee for a member admitted on ``admitted``: the
    rule's fraction where that day lies in the financial year ``year`` on or
    after its stated day; None where the full fee is due."""
    rule_share = rule.pro_rata
    if rule_share is None or admitted is None:
        return None
    fy = statute.year
    start = dt.date(year, fy.start_month, fy.start_day)
    if not start <= admitted <= fy.last_day(start):
        return None
    cut = dt.date(year, rule_share.month, min(rule_share.day, 28))
    if cut < start:  # the stated day falls in the calendar year after the start
        cut = dt.date(year + 1, rule_share.month, min(rule_share.day, 28))
    return rule_share.fraction if admitted >= cut else None


@attrs.frozen
class Instalment:
    """One payment of a fee: ``amount`` øre due on ``due`` for the period from
    ``start`` to ``end`` (both inclusive)."""

    due: dt.date
    start: dt.date
    end: dt.date
    amount: int


def split_year(
    statute: Statute, rule: MoneyRule, oere: int, year: int, count: int
) -> tuple[Instalment, ...]:
    """A year's amount in ``count`` instalments of the financial year ``year``,
    due at each period's start (``in_advance``, the default) or end
    (``in_arrears``)."""
    fy = statute.year
    first = dt.date(year, fy.start_month, fy.start_day)
    months = 12 // count
    starts = [add_months(first, i * months) for i in range(count)]
    ends = [add_months(first, (i + 1) * months) - dt.timedelta(days=1) for i in range(count)]
    shares = _even(oere, count)
    arrears = rule.due == "in_arrears"
    return tuple(
        Instalment(end if arrears else start, start, end, share)
        for start, end, share in zip(starts, ends, shares, strict=True)
    )


def _even(oere: int, count: int) -> Iterable[int]:
    """``oere`` in ``count`` parts differing by at most one øre, the larger first."""
    whole, left = divmod(oere, count)
    return [whole + (1 if i < left else 0) for i in range(count)]
