"""Staggered election years: seats, the chair, the vice-chair or an officer
elected only in odd or only in even years (``elected_in``).

An election in the other parity is refused (``election-year``). The first
election of a body's seats, and the first choice of a role, may fall in any
year: an assumption, since an association founded in an even year must be
able to elect its first odd-year chair (the statutes leave it to a
transitional rule).
"""

from __future__ import annotations

import datetime as dt

from ..statute.model import Body, ElectionYears, ProvisionRef
from .reading import ReplayView
from .state import RuleViolation


def check_seat_year(view: ReplayView, body: Body, day: dt.date) -> None:
    """A seat of ``body`` is elected in its parity of years, after the first election."""
    years = body.filled_by.elected_in
    seats = view.seated(body.id, day)
    if years is None or years.allows(day.year) or all(s.since == day for s in seats):
        return
    cited = body.filled_by.provision or body.provision
    _refuse(f"the seats of {body.id}", years, day, cited)


def check_role_year(
    view: ReplayView,
    body: Body,
    role: str,
    years: ElectionYears | None,
    day: dt.date,
    cited: ProvisionRef | None,
) -> None:
    """A role (chair, vice-chair, an officer) is chosen in its parity of years,
    after its first choice."""
    if years is None or years.allows(day.year) or (body.id, role) not in view.chosen_on:
        return
    _refuse(f"the {role} of {body.id}", years, day, cited)


def _refuse(what: str, years: ElectionYears, day: dt.date, cited: ProvisionRef | None) -> None:
    message = f"{what}: elected in {years.value} years only; {day.year} is not one"
    raise RuleViolation("election-year", message, cited)
