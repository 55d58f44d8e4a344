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

from ..i18n import N_, _
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
    _refuse(None, body, years, day, cited)


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
    _refuse(role, body, years, day, cited)


#: What is elected in the wrong year, by parity: the seats, the chair, the
#: vice-chair; any other role is an officer, named by the statute's id.
_REFUSALS = {
    ("seats", ElectionYears.ODD): N_(
        "the seats of {body}: elected in odd years only; {year} is not one"
    ),
    ("seats", ElectionYears.EVEN): N_(
        "the seats of {body}: elected in even years only; {year} is not one"
    ),
    ("chair", ElectionYears.ODD): N_(
        "the chair of {body}: elected in odd years only; {year} is not one"
    ),
    ("chair", ElectionYears.EVEN): N_(
        "the chair of {body}: elected in even years only; {year} is not one"
    ),
    ("vice-chair", ElectionYears.ODD): N_(
        "the vice-chair of {body}: elected in odd years only; {year} is not one"
    ),
    ("vice-chair", ElectionYears.EVEN): N_(
        "the vice-chair of {body}: elected in even years only; {year} is not one"
    ),
    ("officer", ElectionYears.ODD): N_(
        "the {role} of {body}: elected in odd years only; {year} is not one"
    ),
    ("officer", ElectionYears.EVEN): N_(
        "the {role} of {body}: elected in even years only; {year} is not one"
    ),
}


def _refuse(
    role: str | None, body: Body, years: ElectionYears, day: dt.date, cited: ProvisionRef | None
) -> None:
    """``role``: the role chosen (chair, vice-chair, an officer's id), None for the seats."""
    known = "seats" if role is None else role if role in ("chair", "vice-chair") else "officer"
    message = _(_REFUSALS[(known, years)], body=body.id, role=role, year=day.year)
    raise RuleViolation("election-year", message, cited)
