"""Terms that run to the end of the municipal election period.

A body whose ``filled_by.term`` is ``election_period`` seats its members until
the end of the kommunale valgperiode their seat began in: the four-year
periods from 1 January after the municipal elections (2018-2021, 2022-2025...),
read from the law data (``election_periods``, with their source). An election
on a day the data does not cover is refused rather than guessed.
"""

from __future__ import annotations

import datetime as dt

from ..i18n import _
from ..statute.law import kommunestyrelsesloven
from ..statute.model import Body, Term
from ._shown import shown_day
from .state import RuleViolation


def election_period_runs(start: dt.date, day: dt.date) -> bool:
    """A seat that began on ``start`` still runs on ``day``: the same period's end
    has not passed (outside the data, the protocol refused the election)."""
    period = kommunestyrelsesloven().election_period_on(start)
    return period is None or period.end is None or day <= period.end


def election_period_end(start: dt.date) -> dt.date | None:
    """The last day of the election period a seat that began on ``start`` runs
    in; None where the law data has no such period or it has no end."""
    period = kommunestyrelsesloven().election_period_on(start)
    return None if period is None else period.end


def check_election_period(body: Body, day: dt.date) -> None:
    """A term of the election period can be counted only inside the law data."""
    fill = body.filled_by
    if fill.term is not Term.ELECTION_PERIOD:
        return
    if kommunestyrelsesloven().election_period_on(day) is None:
        periods = kommunestyrelsesloven().election_periods
        facts = {"body": body.id, "day": shown_day(day)}
        message = (
            _(
                "{body}'s seats run to the end of the municipal election period, but the law "
                "data has no election period on {day} (it covers {start} to {end})",
                start=shown_day(periods[0].start),
                end=shown_day(periods[-1].end),
                **facts,
            )
            if periods
            else _(
                "{body}'s seats run to the end of the municipal election period, but the law "
                "data has no election period on {day} (it covers none)",
                **facts,
            )
        )
        raise RuleViolation("law-not-covered", message, fill.provision or body.provision)
