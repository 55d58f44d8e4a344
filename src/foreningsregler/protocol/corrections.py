"""Correcting a wrongly recorded event by a later act, never by editing the past.

The event ``correct`` (data ``corrects``: the entries' numbers, ``reason``:
why) voids earlier entries: they stay in the protocol, and the state is the
record replayed without them. A correction is refused when the record
without the voided entries no longer holds (a later event rested on one of
them: correct that one too), when an entry does not exist, is a correction
itself or was voided before, and when the one correcting is not the one who
recorded the entry. No provision settles who may correct the protocol; that
the actor of an act corrects it is an assumption (docs/protocol.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from ..i18n import _
from ._shown import shown_day
from .acts import judge
from .ledger import Event
from .replay import Replay
from .rules import Rules
from .state import RuleViolation

CORRECT = "correct"


def voided_by(event: Event) -> frozenset[int]:
    """The entry numbers a correction voids (none for any other event)."""
    if event.kind != CORRECT:
        return frozenset()
    return frozenset(_numbers(event.data.get("corrects")))


def replayed(rules: Rules, events: Sequence[Event]) -> Replay:
    """``events`` (a protocol from its first entry) replayed: the corrections
    among them void the entries they name. (``history.replay_all`` does the
    same from a ledger, streaming.)"""
    voided = frozenset().union(*(voided_by(e) for e in events if e.kind == CORRECT))
    replay = Replay(rules)
    for seq, event in enumerate(events, start=1):
        if event.kind == CORRECT:
            replay.last = event.date
        elif seq not in voided:
            outcome = judge(replay, event)
            if isinstance(outcome, RuleViolation):
                raise refused(outcome, seq, event)
            replay.apply(outcome)
    return replay


def check_correction(
    last: dt.date | None,
    count: int,
    earlier: frozenset[int],
    entry_at: Callable[[int], Event],
    event: Event,
) -> None:
    """Raise the refusal of ``event`` (a correction) by the protocol of
    ``count`` entries up to ``last``, where ``earlier`` are voided already and
    ``entry_at(n)`` reads entry ``n``; whether the record still holds without
    the entries it voids is the replay's to say (``breaks_record``)."""
    if last is not None and event.date < last:
        message = _(
            "the protocol is at {last}; a correction dated {date} is not",
            last=shown_day(last),
            date=shown_day(event.date),
        )
        raise RuleViolation("out-of-order", message, None)
    numbers = _numbers(event.data.get("corrects"))
    if not numbers or not _text(event.data.get("reason")):
        message = _(
            "a correction names the entries it corrects (corrects: [numbers]) and why (reason)"
        )
        raise RuleViolation("correction-incomplete", message, None)
    for number in numbers:
        _may_void(count, entry_at, earlier, number, event.actor)


def breaks_record(event: Event, refusal: RuleViolation) -> RuleViolation:
    """The refusal of a correction without whose entries the record no longer holds."""
    message = _(
        "without entries {numbers} the record no longer holds: {refusal}",
        numbers=_listed(_numbers(event.data.get("corrects"))),
        refusal=refusal.message,
    )
    return RuleViolation("correction-breaks-record", message, refusal.provision)


def _may_void(
    count: int, entry_at: Callable[[int], Event], earlier: frozenset[int], number: int, actor: str
) -> None:
    if not 1 <= number <= count:
        message = _("the protocol has no entry {number} to correct", number=number)
        raise RuleViolation("correction-unknown-entry", message, None)
    target = entry_at(number)
    if target.kind == CORRECT or number in earlier:
        message = _(
            "entry {number} is a correction or was corrected before; record the act anew",
            number=number,
        )
        raise RuleViolation("correction-twice", message, None)
    if target.actor != actor:
        message = _(
            "entry {number} was recorded by {actor}; only they correct it (assumption)",
            number=number,
            actor=target.actor,
        )
        raise RuleViolation("correction-by-another", message, None)


def refused(outcome: RuleViolation, seq: int, event: Event) -> RuleViolation:
    """A stored entry the replay refuses: which one, and why."""
    message = _(
        "entry {seq} ({kind} on {date} by {actor}) is refused: {refusal}",
        seq=seq,
        kind=event.kind,
        date=shown_day(event.date),
        actor=event.actor,
        refusal=outcome.message,
    )
    return RuleViolation(outcome.rule, message, outcome.provision)


def _numbers(value: Any) -> tuple[int, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        return ()
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return ()
    return tuple(value)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _listed(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers)
