"""The association on any day: the protocol replayed through the statute.

``Association.record`` checks an event against the statute and the state on
its day and appends it to the ledger in one step under the ledger's lock; a
refused event raises ``RuleViolation`` (the rule, its provision, the current
state) and changes neither the state nor the stored record.
``Association.record_all`` does the same for many events at once: all are
recorded, or none. ``Association.at`` gives the state on any day. Events
dated after today are refused unless the protocol is opened for planning (a
simulation, a plan of the year); a wrong entry is voided by the act
``correct`` (``corrections``), never by editing the past.

Besides the lifecycles' triggers, four kinds of event are built in:
``hold-meeting`` (a body meets), ``elect`` and ``vacate`` (seats) and
``exercise`` (a body uses a power, checked against the competence graph).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence

from ..errors import BadArgument, expect, expect_day, expect_optional, shown
from ..i18n import _
from ..statute.model import Statute
from ._shown import shown_day
from .acts import judge
from .changes import Change
from .corrections import CORRECT, judge_correction, replayed
from .law_state import LawStatus, law_status
from .ledger import Entry, Event, Ledger, MemoryLedger
from .replay import Replay
from .rules import Rules
from .state import RuleViolation, State

__all__ = ["Association", "RuleViolation", "State"]


class BatchRefusal(RuleViolation):
    """The refusal of one event of a batch (``record_all``): which one, and why."""

    def __init__(self, refusal: RuleViolation, number: int) -> None:
        super().__init__(refusal.rule, refusal.message, refusal.provision, refusal.state)
        self.number = number  # the refused event's place in the batch, from 1


class Association:
    """The association's protocol, checked against its statute as it is recorded."""

    def __init__(
        self,
        statute: Statute,
        ledger: Ledger | None = None,
        *,
        rules: Rules | None = None,
        planning: bool = False,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        """``rules`` (``Rules.of(statute)``) may be shared by many associations of
        one statute, e.g. the runs of a simulation, to compile the statute once.
        ``planning`` accepts events dated after ``today()``."""
        _check_arguments(statute, ledger, rules)
        self.statute = statute
        self.ledger: Ledger = ledger if ledger is not None else MemoryLedger()
        self._rules = rules if rules is not None else Rules.of(statute)
        self.authority = self._rules.authority
        self._planning, self._today = planning, today
        self._log = [entry.event for entry in self.ledger.entries()]
        self._replay = replayed(self._rules, self._log)
        self._lock = threading.RLock()

    @property
    def _known(self) -> int:
        return len(self._log)

    def record(self, event: Event) -> Entry:
        """Check ``event`` against the statute and the state; append it, or
        raise RuleViolation and change nothing."""
        return self.record_all((event,))[0]

    def record_all(self, events: Sequence[Event]) -> tuple[Entry, ...]:
        """Check each of ``events`` after the ones before it; append them all in
        one step, or raise the first refusal and record none."""
        events = tuple(events)
        for number, event in enumerate(events, start=1):
            expect(event, Event, "event", "an Event")
            try:
                self._in_time(event)
            except RuleViolation as refusal:
                raise BatchRefusal(refusal, number) from None
        start: list[int] = []  # where this batch begins in the log

        def gate(new: Sequence[Entry]) -> None:
            for entry in new:  # events other writers recorded meanwhile
                self._take(entry.event)
            start.append(self._known)
            for number, event in enumerate(events, start=1):
                try:
                    step = self._judged(event)
                except RuleViolation as refusal:
                    raise BatchRefusal(refusal, number) from None
                self._make(step, event)

        # The ledger's lock orders writers; this one keeps the append and the
        # change to this object's replay together for threads sharing it.
        with self._lock:
            try:
                return self.ledger.append_all(events, gate, self._known)
            except BaseException:
                if start and self._known > start[0]:  # part of the batch was made
                    del self._log[start[0] :]
                    self._replay = replayed(self._rules, self._log)
                raise

    def check(self, event: Event) -> None:
        """Raise RuleViolation if ``event`` would be refused now; record nothing."""
        expect(event, Event, "event", "an Event")
        self._in_time(event)
        self._judged(event)

    def _in_time(self, event: Event) -> None:
        if self._planning or event.date <= self._today():
            return
        message = _(
            "the event is dated {date}, after today ({today}); "
            "a protocol opened for planning records what is yet to happen",
            date=shown_day(event.date),
            today=shown_day(self._today()),
        )
        raise RuleViolation("future-event", message, None)

    def _judged(self, event: Event) -> Change | Replay:
        """The change ``event`` makes (a new replay for a correction), or its
        refusal raised; nothing is changed."""
        if event.kind == CORRECT:
            return judge_correction(self._rules, self._log, event)
        return _judged(self._replay, event)

    def _make(self, step: Change | Replay, event: Event) -> None:
        if isinstance(step, Replay):
            self._replay = step
        else:
            self._replay.apply(step)
        self._log.append(event)

    def _take(self, event: Event) -> None:
        """Follow an event another writer recorded."""
        self._make(self._judged(event), event)

    def at(self, day: dt.date) -> State:
        """The state on ``day`` (a datetime counts by its date): every event up
        to it, and the clock on it."""
        day = expect_day(day, "day")
        with self._lock:
            return self._at(day)

    def _at(self, day: dt.date) -> State:
        if self._replay.last is None or day >= self._replay.last:
            return self._replay.snapshot(day)
        upto = [event for event in self._log if event.date <= day]
        return replayed(self._rules, upto).snapshot(day)

    def law(self, day: dt.date) -> LawStatus:
        """The statute's lifecycle under kommunestyrelsesloven on ``day``: its
        basis, the authority that day, each text's day in force and the councils
        yet to decide (``law_state``)."""
        day = expect_day(day, "day")
        with self._lock:
            return law_status(self._replay, day)

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event in the ledger, corrected ones included."""
        return tuple(entry.event for entry in self.ledger.entries())


def _check_arguments(statute: object, ledger: object, rules: object) -> None:
    """The statute, and a ledger (``Ledger``: ``entries`` and ``append``), or BadArgument."""
    expect(statute, Statute, "statute", "a Statute (from load)")
    if ledger is not None and not all(
        callable(getattr(ledger, name, None)) for name in ("entries", "append", "append_all")
    ):
        message = _(
            "ledger: a ledger (MemoryLedger, SqliteLedger, JsonlLedger), not {value}",
            value=shown(ledger),
        )
        raise BadArgument(message)
    expect_optional(rules, Rules, "rules", "the statute's Rules (Rules.of)")


def _judged(replay: Replay, event: Event) -> Change:
    """The change ``event`` makes to ``replay``, or its refusal raised."""
    outcome = judge(replay, event)
    if isinstance(outcome, RuleViolation):
        raise outcome
    return outcome
