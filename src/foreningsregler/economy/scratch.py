"""A ledger and an association for a simulated run: in memory, kept only as long as the run.

A protocol's hash chain guards a record against later change; a simulated
run's events are judged by the protocol like any others, then summarised and
thrown away, so nobody can change them and nothing needs the chain. Hashing
each event (its canonical JSON, then SHA-256) was about a tenth of a run.
``ScratchLedger`` keeps the entries as ``MemoryLedger`` does, with the same
gate and all-or-none append (the ``Ledger`` protocol), and no hashes: an
entry's ``prev_hash`` and ``hash`` are empty. Never give it to a protocol
that is to be kept (``MemoryLedger``, ``SqliteLedger``, ``JsonlLedger``).

``ScratchAssociation`` is an ``Association`` over such a ledger that a run
can afford to ask often: ``fork`` copies it where it is (every run of a
sweep goes on from one founding) instead of judging the founding's events
again, and ``at`` gives a ``DayState`` that works out the members and
their records at once and the rest of the day's state (seats, decisions,
officers: most of a snapshot's cost) only if asked for it.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections.abc import Sequence
from typing import Any, cast

import attrs

from ..errors import expect, expect_day
from ..protocol.amendments import follow
from ..protocol.association import Association
from ..protocol.ledger import Entry, Event, Gate
from ..protocol.replay import Replay
from ..protocol.rules import Rules
from ..protocol.state import State
from ..statute.model import LifecycleKind, Statute

#: The hash of every scratch entry: there is no chain.
NO_HASH = ""


class ScratchLedger:
    """A ``Ledger`` without a hash chain, for one thread (a simulated run)."""

    def __init__(self, entries: Sequence[Entry] = ()) -> None:
        """A ledger holding ``entries`` (another scratch ledger's: a run's start)."""
        self._entries: list[Entry] = list(entries)

    def entries(self) -> tuple[Entry, ...]:
        return tuple(self._entries)

    def append(self, event: Event, gate: Gate, known: int) -> Entry:
        return self.append_all((event,), gate, known)[0]

    def add(self, event: Event) -> Entry:
        """Store ``event`` after the last entry, showing no gate (its one writer
        has judged it against every entry)."""
        entry = Entry(len(self._entries) + 1, event, NO_HASH, NO_HASH)
        self._entries.append(entry)
        return entry

    def append_all(self, events: Sequence[Event], gate: Gate, known: int) -> tuple[Entry, ...]:
        """Show ``gate`` the entries after ``known``; unless it raises, store
        ``events`` (all of them: nothing can fail after the gate)."""
        gate(self._entries[known:])
        first = len(self._entries) + 1
        new = tuple(
            Entry(seq, event, NO_HASH, NO_HASH) for seq, event in enumerate(events, start=first)
        )
        self._entries.extend(new)
        return new


class ScratchAssociation(Association):
    """An ``Association`` over a ``ScratchLedger``, open for planning: a run's own."""

    def __init__(
        self, statute: Statute, entries: Sequence[Entry] = (), *, rules: Rules | None = None
    ) -> None:
        """The protocol of ``entries`` (judged again, from the first), shared ``rules``."""
        self._scratch = ScratchLedger(entries)  # the ledger, as its own type
        super().__init__(statute, self._scratch, rules=rules, planning=True)

    def record(self, event: Event) -> Entry:
        """``event`` judged as ``Association.record`` judges it, and appended
        without a batch's steps: a run's ledger has one writer, so there are
        neither entries of others to follow nor a batch to undo."""
        expect(event, Event, "event", "an Event")
        self._in_time(event)
        with self._lock:
            step = self._judged(event)  # a refusal raised: nothing changed
            self._make(step, event)
            entry = self._scratch.add(event)
            self._stored = self._known
            return entry

    def fork(self) -> ScratchAssociation:
        """A copy that goes on from where this one is, with a ledger, a history
        and a replay of its own (the statute and its rules shared): the changes
        this one's events made are made again, without judging the events."""
        with self._lock:
            twin = copy.copy(self)
            twin.ledger = twin._scratch = ScratchLedger(self._scratch.entries())
            twin._history = copy.copy(self._history)
            twin._replay = twin._history.cut(self._history.count)  # fresh lists, same record
            twin._pending = []
            twin._lock = threading.RLock()
            return twin

    def at(self, day: dt.date) -> State:
        """The state on ``day``: a ``DayState`` from the last recorded day on (what
        a run asks), the full snapshot before it."""
        day = expect_day(day, "day")
        with self._lock:
            last = self._replay.last
            if last is not None and day < last:
                return super().at(day)
            return DayState(self, self._replay_on(day), self._history.count, day)

    def _snapshot(self, count: int, day: dt.date) -> State:
        """The full state on ``day`` of the record as it was after entry ``count``."""
        with self._lock:
            if count == self._history.count:
                return self._replay_on(day).snapshot(day)
            replay = self._history.restored(count)
            follow(replay, day)  # the version governing the day, as ``at`` has it
            return replay.snapshot(day)


#: The fields of a day's state (``State``), each as its attribute is named.
_FIELDS = tuple(field.name for field in attrs.fields(State))
#: Those a ``DayState`` works out at once.
_AT_ONCE = frozenset({"on", "association", "membership", "participation", "_means"})


class DayState(State):
    """The state on one day of a ``ScratchAssociation``, as its replay stood when
    asked: the members and their records (membership, members, participation) at once;
    any other field made, all together, from a full snapshot of the record as
    it then was, only when first read. Equal to that snapshot."""

    __slots__ = ("_count", "_of")

    def __init__(
        self, association: ScratchAssociation, replay: Replay, count: int, day: dt.date
    ) -> None:
        kind, means, member = LifecycleKind, replay.rules.means, replay.member_states
        # As Replay.snapshot makes it (a test compares the two).
        membership = {str(m): s for m, s in replay.states_of(kind.MEMBERSHIP, day).items()}
        at_once = {
            "on": day,
            "association": replay.state(kind.ASSOCIATION, "association", day),
            "membership": membership,
            # As State.members has them, made here: nearly every day's state is asked it.
            "members": frozenset(m for m, s in membership.items() if s in member),
            "participation": replay.participation(),
            "_means": means,
            "_of": association,
            "_count": count,
        }
        for name, value in at_once.items():
            object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        """A field not made yet (an unset slot lands here): all of them, from the snapshot."""
        if name not in _FIELDS:
            # attrs gives a slotted State with cached properties its own __getattr__
            return cast(Any, super()).__getattr__(name)
        full = self.full()
        for field in _FIELDS:
            if field not in _AT_ONCE:
                object.__setattr__(self, field, getattr(full, field))
        return getattr(full, name)

    def full(self) -> State:
        """This day's state as a plain ``State`` (the full snapshot)."""
        association: ScratchAssociation = object.__getattribute__(self, "_of")
        count: int = object.__getattribute__(self, "_count")
        return association._snapshot(count, self.on)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DayState):
            other = other.full()
        return self.full() == other

    __hash__ = State.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        return (_same, (self.full(),))  # pickled as the plain ``State``


def _same(state: State) -> State:
    return state
