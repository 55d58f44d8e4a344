"""The association on any day: the protocol replayed through the statute.

``Association.record`` checks an event against the statute and the state on
its day and appends it to the ledger in one step under the ledger's lock; a
refused event raises ``RuleViolation`` (the rule, its provision, the current
state) and changes neither the state nor the stored record.
``Association.at`` gives the state on any day.

Besides the lifecycles' triggers, four kinds of event are built in:
``hold-meeting`` (a body meets), ``elect`` and ``vacate`` (seats) and
``exercise`` (a body uses a power, checked against the competence graph).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence

from ..errors import BadArgument, expect, expect_day, expect_optional, shown
from ..statute.model import Statute
from .acts import judge
from .changes import Change
from .law_state import LawStatus, law_status
from .ledger import Entry, Event, Ledger, MemoryLedger
from .replay import Replay
from .rules import Rules
from .state import RuleViolation, State

__all__ = ["Association", "RuleViolation", "State"]


class Association:
    """The association's protocol, checked against its statute as it is recorded."""

    def __init__(
        self, statute: Statute, ledger: Ledger | None = None, *, rules: Rules | None = None
    ) -> None:
        """``rules`` (``Rules.of(statute)``) may be shared by many associations of
        one statute, e.g. the runs of a simulation, to compile the statute once."""
        _check_arguments(statute, ledger, rules)
        self.statute = statute
        self.ledger: Ledger = ledger if ledger is not None else MemoryLedger()
        self._rules = rules if rules is not None else Rules.of(statute)
        self.authority = self._rules.authority
        self._replay = Replay(self._rules)
        entries = self.ledger.entries()
        for entry in entries:
            _advance(self._replay, entry.event)
        self._known = len(entries)
        self._lock = threading.RLock()

    def record(self, event: Event) -> Entry:
        """Check ``event`` against the statute and the state; append it, or
        raise RuleViolation and change nothing."""
        expect(event, Event, "event", "an Event")
        planned: list[Change] = []

        def gate(new: Sequence[Entry]) -> None:
            for entry in new:  # events other writers recorded meanwhile
                _advance(self._replay, entry.event)
                self._known += 1
            planned.append(_judged(self._replay, event))  # raises RuleViolation

        # The ledger's lock orders writers; this one keeps the append and the
        # change to this object's replay together for threads sharing it.
        with self._lock:
            entry = self.ledger.append(event, gate, self._known)
            self._replay.apply(planned[-1])
            self._known += 1
        return entry

    def check(self, event: Event) -> None:
        """Raise RuleViolation if ``event`` would be refused now; record nothing."""
        expect(event, Event, "event", "an Event")
        _judged(self._replay, event)

    def at(self, day: dt.date) -> State:
        """The state on ``day`` (a datetime counts by its date): every event up
        to it, and the clock on it."""
        day = expect_day(day, "day")
        with self._lock:
            return self._at(day)

    def _at(self, day: dt.date) -> State:
        if self._replay.last is None or day >= self._replay.last:
            return self._replay.snapshot(day)
        replay = Replay(self._rules)
        for entry in self.ledger.entries():
            if entry.event.date > day:
                break
            _advance(replay, entry.event)
        return replay.snapshot(day)

    def law(self, day: dt.date) -> LawStatus:
        """The statute's lifecycle under kommunestyrelsesloven on ``day``: its
        basis, the authority that day, each text's day in force and the councils
        yet to decide (``law_state``)."""
        day = expect_day(day, "day")
        with self._lock:
            return law_status(self._replay, day)

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(entry.event for entry in self.ledger.entries())


def _check_arguments(statute: object, ledger: object, rules: object) -> None:
    """The statute, and a ledger (``Ledger``: ``entries`` and ``append``), or BadArgument."""
    expect(statute, Statute, "statute", "a Statute (from load)")
    if ledger is not None and not all(
        callable(getattr(ledger, name, None)) for name in ("entries", "append")
    ):
        wanted = "a ledger (MemoryLedger, SqliteLedger, JsonlLedger)"
        raise BadArgument(f"ledger: {wanted}, not {shown(ledger)}")
    expect_optional(rules, Rules, "rules", "the statute's Rules (Rules.of)")


def _judged(replay: Replay, event: Event) -> Change:
    """The change ``event`` makes to ``replay``, or its refusal raised."""
    outcome = judge(replay, event)
    if isinstance(outcome, RuleViolation):
        raise outcome
    return outcome


def _advance(replay: Replay, event: Event) -> None:
    """Replay one recorded event."""
    replay.apply(_judged(replay, event))
