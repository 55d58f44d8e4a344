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

import contextlib
import datetime as dt
import itertools
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from ..errors import (
    BadArgument,
    ForeningsreglerError,
    expect,
    expect_day,
    expect_int,
    expect_optional,
    shown,
)
from ..i18n import N_, _
from ..statute.model import Statute
from ._shown import shown_day
from .acts import judge
from .amendments import Timeline, follow, governing_version
from .changes import Change
from .corrections import CORRECT, breaks_record, check_correction, voided_by
from .history import EVERY, History, collector_paused, replay_all
from .law_state import LawStatus, law_status
from .ledger import Entry, Event, Ledger, MemoryLedger, TamperedLedger, stream
from .replay import Replay
from .rules import Rules
from .state import RuleViolation, State

if TYPE_CHECKING:
    from ..versions.history import History as StatuteHistory
    from ..versions.model import Version

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
        statute: Statute | StatuteHistory,
        ledger: Ledger | None = None,
        *,
        rules: Rules | None = None,
        planning: bool = False,
        today: Callable[[], dt.date] = dt.date.today,
        checkpoint_every: int = EVERY,
    ) -> None:
        """``rules`` (``Rules.of(statute)``) may be shared by many associations of
        one statute, e.g. the runs of a simulation, to compile the statute once.
        ``planning`` accepts events dated after ``today()``. Given a statute's
        history (``versions.load_history``) instead of a statute, every event is
        judged under the version governing its day (``amendments``). The ledger is
        replayed as it streams by, keeping the state and not the entries, with a
        checkpoint of the state every ``checkpoint_every`` entries for ``at``
        (``history``)."""
        _check_arguments(statute, ledger, rules)
        every = expect_int(checkpoint_every, "checkpoint_every", least=1)
        #: The statute's history, when the association follows its versions.
        self.versions = None if isinstance(statute, Statute) else statute
        if self.versions is not None:
            rules = rules if rules is not None else Timeline(self.versions).first
            statute = self.versions.versions[0].statute
        assert isinstance(statute, Statute)
        self.statute = statute  # the first version, under a history
        self.ledger: Ledger = ledger if ledger is not None else MemoryLedger()
        self._rules = rules if rules is not None else Rules.of(statute)
        self.authority = self._rules.authority
        self._planning, self._today = planning, today
        self._pending: list[Entry] = []  # made in a batch, not stored yet
        self._stored = -1  # until the first replay: whatever the ledger holds
        try:
            with collector_paused():  # reading makes several short-lived objects an entry
                self._history, self._replay = replay_all(
                    History(self._rules, every), self._source, frozenset()
                )
        except ForeningsreglerError as error:
            # A store verifies its rows as the replay reads them, its heads
            # when they end: a refusal met before that may be of a forged row.
            if not isinstance(error, TamperedLedger):
                _verify(self.ledger)  # tampering, if any, is what is reported
            raise
        self._stored = self._history.count  # entries stored that this object has made
        self._lock = threading.RLock()

    @property
    def _known(self) -> int:
        return self._history.count

    def _source(self, start: int = 0, stop: int | None = None) -> Iterator[Entry]:
        """The entries after ``start`` up to ``stop``: stored ones streamed from
        the ledger, then those of a batch being recorded."""
        end = stop
        if self._stored >= 0:  # opened: what this object knows is stored
            end = self._stored if stop is None else min(stop, self._stored)
        stored = stream(self.ledger, start, end) if end is None or start < end else iter(())
        pending = (e for e in self._pending if start < e.seq and (stop is None or e.seq <= stop))
        return itertools.chain(stored, pending)

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
        before: list[History] = []  # the history as the batch begins

        def gate(new: Sequence[Entry]) -> None:
            for entry in new:  # events other writers recorded meanwhile
                self._take(entry)
            before.append(self._history)
            for number, event in enumerate(events, start=1):
                try:
                    step = self._judged(event)
                except RuleViolation as refusal:
                    raise BatchRefusal(refusal, number) from None
                self._make(step, event)
                self._pending.append(Entry(self._known, event, "", ""))

        # The ledger's lock orders writers; this one keeps the append and the
        # change to this object's replay together for threads sharing it. The
        # ledger's is taken first (``writing``), so that a thread waiting for
        # another's block of appends holds nothing that block needs.
        writing = getattr(self.ledger, "writing", None)
        with writing() if callable(writing) else contextlib.nullcontext(), self._lock:
            try:
                stored = self.ledger.append_all(events, gate, self._stored)
            except BaseException:
                if before and self._known > self._stored:  # part of the batch was made
                    self._history = before[0]
                    self._replay = self._history.cut(self._stored)
                raise
            finally:
                self._pending.clear()
            self._stored = self._known
            return stored

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

    def _judged(self, event: Event) -> Change | tuple[History, Replay]:
        """The change ``event`` makes (a correction: a new history and replay),
        or its refusal raised; nothing is changed."""
        if event.kind == CORRECT:
            return self._judged_correction(event)
        follow(self._replay, event.date)
        return _judged(self._replay, event)

    def _judged_correction(self, event: Event) -> tuple[History, Replay]:
        history = self._history
        last = history.days[-1] if history.days else None
        check_correction(last, history.count, history.assumed, self._event_at, event)
        voided = history.assumed | voided_by(event)
        correction = Entry(history.count + 1, event, "", "")
        try:
            return replay_all(history, self._source, voided, (correction,))
        except RuleViolation as refusal:
            raise breaks_record(event, refusal) from None

    def _event_at(self, seq: int) -> Event:
        return next(self._source(seq - 1, seq)).event

    def _make(self, step: Change | tuple[History, Replay], event: Event) -> None:
        if isinstance(step, tuple):
            self._history, self._replay = step
        else:
            self._replay.apply(step)
            self._history.note(self._known + 1, event, step, self._replay)

    def _take(self, entry: Entry) -> None:
        """Follow an entry another writer recorded."""
        self._make(self._judged(entry.event), entry.event)
        self._stored = self._known

    def at(self, day: dt.date) -> State:
        """The state on ``day`` (a datetime counts by its date): every event up
        to it, and the clock on it."""
        day = expect_day(day, "day")
        with self._lock:
            return self._at(day)

    def _at(self, day: dt.date) -> State:
        with collector_paused():
            return self._replay_on(day).snapshot(day)

    def _replay_on(self, day: dt.date) -> Replay:
        """The replay of every entry up to ``day``, under the version governing it."""
        if self._replay.last is None or day >= self._replay.last:
            replay = self._replay
        else:
            with collector_paused():  # a past state makes many short-lived objects
                replay = self._history.at(day, self._source)
        follow(replay, day)
        return replay

    def version_on(self, day: dt.date) -> Version | None:
        """The version of the statute's history that governs ``day`` for this
        association: adopted, decided and approved on record (None without a
        history)."""
        day = expect_day(day, "day")
        with self._lock:
            return governing_version(self._replay_on(day), day)

    def statute_on(self, day: dt.date) -> Statute:
        """The statute that governs ``day``: the version in force for this
        association, or the one statute it was opened with."""
        version = self.version_on(day)
        return version.statute if version is not None else self.statute

    def law(self, day: dt.date) -> LawStatus:
        """The statute's lifecycle under kommunestyrelsesloven on ``day``: its
        basis, the authority that day, each text's day in force and the councils
        yet to decide (``law_state``)."""
        day = expect_day(day, "day")
        with self._lock:
            return law_status(self._replay_on(day), day)

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event in the ledger, corrected ones included."""
        return tuple(entry.event for entry in stream(self.ledger))


def _check_arguments(statute: object, ledger: object, rules: object) -> None:
    """The statute, and a ledger (``Ledger``: ``entries`` and ``append``), or BadArgument."""
    if not isinstance(statute, Statute):  # the history's module only when one may be given
        from ..versions.history import History as StatuteHistory

        kinds = (Statute, StatuteHistory)
        expect(statute, kinds, "statute", N_("a Statute (from load) or its History (load_history)"))
    if ledger is not None and not all(
        callable(getattr(ledger, name, None)) for name in ("entries", "append", "append_all")
    ):
        message = _(
            "ledger: a ledger (MemoryLedger, SqliteLedger, JsonlLedger), not {value}",
            value=shown(ledger),
        )
        raise BadArgument(message)
    expect_optional(rules, Rules, "rules", "the statute's Rules (Rules.of)")


def _verify(ledger: Ledger) -> None:
    """Verify ``ledger`` to its end and its heads, where it can (``head``)."""
    head: Callable[[], object] | None = getattr(ledger, "head", None)
    if callable(head):
        head()


def _judged(replay: Replay, event: Event) -> Change:
    """The change ``event`` makes to ``replay``, or its refusal raised."""
    outcome = judge(replay, event)
    if isinstance(outcome, RuleViolation):
        raise outcome
    return outcome
