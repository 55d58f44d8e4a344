"""Fees set each year by decision: the event ``set-fee``.

A money rule with ``set_yearly`` has its amount for a financial year decided
by the body the statute names, by that body's procedure (a meeting, a vote;
the power ``set_by`` where the rule names one). The decision applies from the
point the statute states: by default only to a financial year that starts
after it (``next_financial_year``), or also to the one running
(``same_financial_year``), never to one already ended. The amount is
recorded as a ``Term`` of kind ``fee`` (whole kroner; for one membership
class where ``class`` is given), which ``economy.fee_for`` then uses.
"""

from __future__ import annotations

import datetime as dt

from ..i18n import _
from ..statute.model import FeeEffect, MoneyRule, ProvisionRef, YearlyDecision
from ._shown import shown_day
from .changes import AddTerm, Effect
from .ledger import Event
from .procedure import check_founded, decision
from .reading import ReplayView
from .state import RuleViolation, Term

SET_FEE = "set-fee"

Effects = tuple[Effect, ...]


def _rule(replay: ReplayView, event: Event) -> tuple[MoneyRule, YearlyDecision]:
    """The fee decided: named (``rule``), or the only one set by decision."""
    rules = [r for r in replay.rules.statute.money_rules if r.set_yearly is not None]
    named = event.data.get("rule")
    found = [r for r in rules if r.id == named] if named is not None else rules
    if len(found) == 1 and found[0].set_yearly is not None:
        return found[0], found[0].set_yearly
    if not rules:
        message = _("the statute has no fee set each year by decision (money_rules[].set_yearly)")
        raise RuleViolation("no-yearly-fee", message, None)
    ids = ", ".join(r.id for r in rules)
    message = _("name the fee decided: rule: one of {rules}", rules=ids)
    raise RuleViolation("missing-data" if named is None else "unknown-rule", message, None)


def _whole(event: Event, key: str, cited: ProvisionRef | None, least: int) -> int:
    value = event.data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        message = _(
            "'{key}' is a whole number of at least {least}, not {value}",
            key=key,
            least=least,
            value=repr(value),
        )
        raise RuleViolation("bad-data", message, cited)
    return value


def _check_effect(
    replay: ReplayView, yearly: YearlyDecision, year: int, day: dt.date, cited: ProvisionRef | None
) -> None:
    """A decision applies from the point the statute states, never backwards."""
    fy = replay.rules.statute.year
    start = dt.date(year, fy.start_month, fy.start_day)
    if yearly.effect is FeeEffect.NEXT_FINANCIAL_YEAR and start <= day:
        message = _(
            "a fee decided on {day} applies from the next financial year; the year {year} "
            "began on {start}",
            day=shown_day(day),
            year=year,
            start=shown_day(start),
        )
        raise RuleViolation("fee-effect", message, cited)
    if fy.last_day(start) < day:
        message = _(
            "the financial year {year} ended on {end}; {day} is too late",
            year=year,
            end=shown_day(fy.last_day(start)),
            day=shown_day(day),
        )
        raise RuleViolation("fee-effect", message, cited)


def set_fee(replay: ReplayView, event: Event) -> Effects:
    """The body the statute names decides the fee's amount for a financial year."""
    rule, yearly = _rule(replay, event)
    cited = yearly.provision or rule.provision
    statute = replay.rules.statute
    if event.actor not in {b.id for b in statute.instances(yearly.by)}:
        message = _(
            "the amount of {rule} for a year is decided by {body}, not {actor}",
            rule=rule.id,
            body=yearly.by,
            actor=event.actor,
        )
        raise RuleViolation("actor", message, cited)
    year = _whole(event, "year", cited, 1900)
    if year > dt.MAXYEAR:  # no financial year of the calendar, which ends with 9999
        message = _(
            "'year' is a year of the calendar, at most {most}, not {year}",
            most=dt.MAXYEAR,
            year=year,
        )
        raise RuleViolation("bad-data", message, cited)
    amount = _whole(event, "amount", cited, 0)
    klass = event.data.get("class")
    membership = statute.membership
    if klass is not None and (membership is None or membership.membership_class(klass) is None):
        listed = ", ".join(c.id for c in membership.classes) if membership else ""
        message = (
            _(
                "'class' is one of the membership classes ({classes}), not {value}",
                classes=listed,
                value=repr(klass),
            )
            if listed
            else _(
                "'class' is one of the membership classes (none), not {value}", value=repr(klass)
            )
        )
        raise RuleViolation("unknown-member-class", message, cited)
    _check_effect(replay, yearly, year, event.date, cited)
    check_founded(replay, event.date, cited)
    body = replay.body(event.actor)
    assert body is not None  # an instance of the statute's body
    power = statute.power(rule.set_by) if rule.set_by is not None else None
    effects = decision(replay, body, power, event, must_pass=True)
    term = Term(
        "fee",
        rule.id,
        event.date,
        event.actor,
        value=klass,
        year=year,
        amount=amount,
        provision=cited,
    )
    return (*effects, AddTerm(term))
