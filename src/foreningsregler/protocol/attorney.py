"""A power of attorney (fuldmagt) that extends the signing rule by decision.

Where the statute's signing rule has ``attorney: {granted_by: <body>}``, that
body may by decision (``grant-attorney``: meeting and vote as it decides)
authorise a named person to sign alone: within the grant's period (``start``,
default the day of the grant; ``end``, inclusive, optional) and amount per
signature (``max_amount_kr``; required where the statute caps it, and at most
the cap). A ``sign`` that no alternative of the signing rule meets is then
accepted from that person alone, within the grant; refused otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from ..i18n import _
from ..statute.calendar import add_days
from ..statute.model import Attorney, Signing
from ._shown import shown_amount, shown_day
from .changes import Effect, GrantAttorney, RevokeAttorney
from .facts import text
from .ledger import Event
from .procedure import check_founded, decision
from .reading import ReplayView
from .state import RuleViolation

GRANT_ATTORNEY = "grant-attorney"
REVOKE_ATTORNEY = "revoke-attorney"


def grant_attorney(replay: ReplayView, event: Event) -> tuple[Effect, ...]:
    """The body the statute names grants ``person`` a power of attorney, by its decision."""
    attorney = _attorney(replay.rules.statute.signing)
    if event.actor != attorney.granted_by:
        message = _(
            "powers of attorney are granted by {body}, not {actor}",
            body=attorney.granted_by,
            actor=event.actor,
        )
        raise RuleViolation("actor", message, attorney.provision)
    check_founded(replay, event.date, attorney.provision)
    person = text(event.data, "person")
    start = _date(event.data, "start") or event.date
    end = _date(event.data, "end")
    if end is not None and end < start:
        message = _(
            "the grant ends ({end}) before it starts ({start})",
            end=shown_day(end),
            start=shown_day(start),
        )
        raise RuleViolation("bad-data", message, None)
    limit = _amount(event.data.get("max_amount_kr"), "max_amount_kr")
    cap = attorney.max_amount_kr
    if cap is not None and (limit is None or limit > cap):
        message = (
            _(
                "a power of attorney allows at most {cap} kr. per signature, not {limit} kr.",
                cap=shown_amount(cap),
                limit=shown_amount(limit),
            )
            if limit is not None
            else _(
                "a power of attorney allows at most {cap} kr. per signature, not no limit",
                cap=shown_amount(cap),
            )
        )
        raise RuleViolation("attorney-limit", message, attorney.provision)
    body = replay.body(event.actor)
    assert body is not None  # references: granted_by names a body
    effects = decision(replay, body, None, event, must_pass=True)
    return (*effects, GrantAttorney(person, body.id, start, end, limit))


def revoke_attorney(replay: ReplayView, event: Event) -> tuple[Effect, ...]:
    """The granting body revokes ``person``'s power of attorney from the day, by decision."""
    attorney = _attorney(replay.rules.statute.signing)
    if event.actor != attorney.granted_by:
        message = _(
            "powers of attorney are revoked by {body}, not {actor}",
            body=attorney.granted_by,
            actor=event.actor,
        )
        raise RuleViolation("actor", message, attorney.provision)
    person = text(event.data, "person")
    day = event.date
    if not any(g.person == person and (g.end is None or day <= g.end) for g in replay.attorneys):
        message = _(
            "{person} holds no power of attorney on or after {day} to revoke",
            person=person,
            day=shown_day(day),
        )
        raise RuleViolation("no-attorney-grant", message, attorney.provision)
    body = replay.body(event.actor)
    assert body is not None
    effects = decision(replay, body, None, event, must_pass=True)
    return (*effects, RevokeAttorney(person, day))


def revoked(grant: GrantAttorney, revocation: RevokeAttorney) -> GrantAttorney:
    """The grant as it stands after the revocation: ended the day before it."""
    if grant.person != revocation.person or (grant.end is not None and grant.end < revocation.day):
        return grant
    return attrs.evolve(grant, end=add_days(revocation.day, -1))


def signs_by_attorney(replay: ReplayView, event: Event, people: frozenset[str]) -> bool:
    """One person signs alone under a power of attorney that holds on the day and
    allows the amount (``amount_kr``). False where that person holds none at all."""
    signing = replay.rules.statute.signing
    attorney = signing.attorney if signing is not None else None
    if attorney is None or len(people) != 1:
        return False
    [person] = people
    grants = [g for g in replay.attorneys if g.person == person]
    if not grants:
        return False
    current = [
        g for g in grants if g.start <= event.date and (g.end is None or event.date <= g.end)
    ]
    if not current:
        periods = ", ".join(
            _("{start} to {end}", start=shown_day(g.start), end=shown_day(g.end))
            if g.end
            else _("{start} to further notice", start=shown_day(g.start))
            for g in grants
        )
        message = _(
            "{person}'s power of attorney does not hold on {day} ({periods})",
            person=person,
            day=shown_day(event.date),
            periods=periods,
        )
        raise RuleViolation("attorney-period", message, attorney.provision)
    if any(g.max_amount_kr is None for g in current):
        return True
    amount = _amount(event.data.get("amount_kr"), "amount_kr")
    most = max(g.max_amount_kr or 0 for g in current)
    if amount is None or amount > most:
        facts = {"person": person, "most": shown_amount(most)}
        message = (
            _(
                "{person} signs under a power of attorney of at most {most} kr.: "
                "{amount} kr. exceeds it",
                amount=shown_amount(amount),
                **facts,
            )
            if amount is not None
            else _(
                "{person} signs under a power of attorney of at most {most} kr.: "
                "name the amount (amount_kr)",
                **facts,
            )
        )
        raise RuleViolation("attorney-limit", message, attorney.provision)
    return True


def _attorney(signing: Signing | None) -> Attorney:
    if signing is None or signing.attorney is None:
        message = _("the signing rule provides for no power of attorney (signing.attorney)")
        raise RuleViolation("no-attorney", message, signing.provision if signing else None)
    return signing.attorney


def _date(data: Mapping[str, Any], key: str) -> dt.date | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        message = _("{key} is a date (YYYY-MM-DD), not {value}", key=key, value=repr(value))
        raise RuleViolation("bad-data", message, None) from None


def _amount(value: object, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        message = _("{key} is whole kroner, not {value}", key=key, value=repr(value))
        raise RuleViolation("bad-data", message, None)
    return value
