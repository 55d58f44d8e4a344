"""The replay streamed from a ledger, and what it keeps to answer ``at(d)``.

A replay reads the ledger's entries as they stream by (``ledger.stream``)
and keeps the state, never the entries. To give the state on an earlier day
without judging every entry again from the first, ``History`` keeps, in
this process only (nothing is written to the protocol or beside it):

- a checkpoint of the replay (its state, pickled) every ``every`` entries,
  but for the meetings held, which grow with the record: they are kept once,
  in the order they were held, and a checkpoint is rebuilt from the first
  of them up to its entry;
- each change an accepted entry made, with its entry's number (most make
  none: a power exercised changes nothing stored);
- the last entry of each day, and the corrections with what they void.

The state after entry n is the checkpoint before it with the changes since
made again: each was judged when the replay first made it, on the same
statute, so it is not judged twice. A correction voids earlier entries: the
record before it is another one (the entries it voids were in force until
it), so for a day before a correction the entries from the last checkpoint
before the first entry it voids are judged again, streamed from the ledger.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import gc
import itertools
from collections.abc import Callable, Iterable, Iterator, MutableMapping, MutableSet, Sequence
from typing import Any, cast

import attrs

from .acts import judge
from .amendments import follow
from .changes import Change, HoldMeeting
from .corrections import CORRECT, refused, voided_by
from .ledger import Entry, Event
from .quick import passes_quickly
from .replay import Replay
from .rules import Rules
from .state import RuleViolation

#: The ledger's entries after ``start`` up to ``stop`` (all, without it).
Source = Callable[[int, int | None], Iterator[Entry]]

#: Entries between two checkpoints: ``at(d)`` makes at most as many changes again.
EVERY = 10_000
#: The parts of a replay kept beside its checkpoints (``History.held``), not in them.
MEETINGS = frozenset({"meetings", "meeting_chairs", "extraordinary"})


@attrs.frozen
class Correction:
    seq: int
    day: dt.date
    voids: frozenset[int]


@attrs.frozen
class Checkpoint:
    seq: int  # the replay after this entry
    frozen: bytes


class Held:
    """The meetings held, in order, with the entry that held each: all of them,
    those chaired by someone named (with who), the extraordinary ones; and an
    index of each by meeting, which a replay thawed from a checkpoint reads up
    to its entry (``HeldUpTo``) instead of a set rebuilt from the first."""

    def __init__(self) -> None:
        self.entries: tuple[list[int], list[int], list[int]] = ([], [], [])
        self.kept: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
        #: meeting -> the first entry that held it; meeting -> (entry, chair) each time.
        self.first: dict[Meeting, int] = {}
        self.chairs: dict[Meeting, list[tuple[int, str]]] = {}
        self.first_extraordinary: dict[Meeting, int] = {}

    def note(self, which: int, seq: int, value: Any) -> None:
        self.entries[which].append(seq)
        self.kept[which].append(value)
        if which == 0:
            self.first.setdefault(value, seq)
        elif which == 1:
            self.chairs.setdefault(value[0], []).append((seq, value[1]))
        else:
            self.first_extraordinary.setdefault(value, seq)

    def upto(self, count: int) -> tuple[HeldUpTo, ChairsUpTo, HeldUpTo]:
        """The meetings, their chairs and the extraordinary ones as they were
        after entry ``count``: views of the index, made without a copy."""
        return (
            HeldUpTo(self.first, count),
            ChairsUpTo(self.chairs, count),
            HeldUpTo(self.first_extraordinary, count),
        )

    def cut(self, count: int) -> Held:
        copy = Held()
        for which, (entries, kept) in enumerate(zip(self.entries, self.kept, strict=True)):
            end = bisect.bisect_right(entries, count)
            for seq, value in zip(entries[:end], kept[:end], strict=True):
                copy.note(which, seq, value)
        return copy


Meeting = tuple[str, dt.date]
_NEVER = 1 << 62  # after every entry


class HeldUpTo(MutableSet[Meeting]):
    """A set of meetings: those of a shared index (``Held``, which only grows,
    by later entries) held by entry ``count``, and those added since."""

    def __init__(self, index: dict[Meeting, int], count: int) -> None:
        self.index, self.count = index, count
        self.added: set[Meeting] = set()

    def __contains__(self, item: object) -> bool:
        meeting = cast(Meeting, item)  # any object may be asked about; the index keys meetings
        return meeting in self.added or self.index.get(meeting, _NEVER) <= self.count

    def __iter__(self) -> Iterator[Meeting]:
        yield from self.added
        yield from (m for m, seq in self.index.items() if seq <= self.count and m not in self.added)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def add(self, value: Meeting) -> None:
        self.added.add(value)

    def discard(self, value: Meeting) -> None:
        raise NotImplementedError("a meeting held stays held")


class ChairsUpTo(MutableMapping[Meeting, str]):
    """Who chaired each meeting: the shared index read up to entry ``count``,
    and those set since."""

    def __init__(self, index: dict[Meeting, list[tuple[int, str]]], count: int) -> None:
        self.index, self.count = index, count
        self.added: dict[Meeting, str] = {}

    def __getitem__(self, key: Meeting) -> str:
        if key in self.added:
            return self.added[key]
        found = [chair for seq, chair in self.index.get(key, ()) if seq <= self.count]
        if not found:
            raise KeyError(key)
        return found[-1]

    def __iter__(self) -> Iterator[Meeting]:
        yield from self.added
        for key in self.index:
            if key not in self.added and key in self:
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __setitem__(self, key: Meeting, value: str) -> None:
        self.added[key] = value

    def __delitem__(self, key: Meeting) -> None:
        raise NotImplementedError("who chaired a meeting stays on record")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector waits while a past state is thawed and
    read, or a protocol is replayed on opening: that makes tens of thousands
    of short-lived objects (none in a cycle), and a full collection of a long
    replay's heap (its history, its state, the compiled statute) it may set
    off costs many times their making; the collector runs as usual after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class Restart(Exception):
    """A correction voids an entry the pass has made: replay again without it."""

    def __init__(self, voided: frozenset[int]) -> None:
        super().__init__()
        self.voided = voided


class History:
    """What a replay of a ledger keeps besides its state: see the module."""

    def __init__(self, rules: Rules, every: int = EVERY) -> None:
        self.rules, self.every = rules, every
        self.count = 0
        self.assumed: frozenset[int] = frozenset()  # the entries voided in this history
        self.days: list[dt.date] = []  # each day with entries, in order
        self.firsts: list[int] = []  # the first entry of each day
        self.lasts: list[int] = []  # the last entry of each day
        self.changed: list[int] = []  # the entries that made a change
        self.changes: list[Change] = []
        self.checkpoints: list[Checkpoint] = []
        self.corrections: list[Correction] = []
        #: Every meeting held, in order; those chaired by someone named, with
        #: who; those extraordinary: each with the entry that held it.
        self.held = Held()

    def note(self, seq: int, event: Event, change: Change | None, replay: Replay) -> None:
        """Entry ``seq`` was replayed (``change``: what it made, if anything)."""
        self.unchanged(seq, event.date, replay)
        if change is not None and change.effects:
            self.changed.append(seq)
            self.changes.append(change)
            for effect in change.effects:
                if isinstance(effect, HoldMeeting):
                    self._held(seq, effect, change.day)
        if event.kind == CORRECT:
            self.corrections.append(Correction(seq, event.date, voided_by(event)))

    def unchanged(self, seq: int, day: dt.date, replay: Replay) -> None:
        """Entry ``seq`` of ``day`` was replayed and changed nothing (most
        entries: acts under a power), or ``note`` notes the rest after this."""
        self.count = seq
        days = self.days
        if days and days[-1] == day:
            self.lasts[-1] = seq
        else:
            days.append(day)
            self.firsts.append(seq)
            self.lasts.append(seq)
        if seq % self.every == 0:
            self.checkpoints.append(Checkpoint(seq, replay.frozen(MEETINGS)))

    def _held(self, seq: int, effect: HoldMeeting, day: dt.date) -> None:
        meeting = (effect.body, day)
        self.held.note(0, seq, meeting)
        if effect.chaired_by is not None:
            self.held.note(1, seq, (meeting, effect.chaired_by))
        if effect.extraordinary:
            self.held.note(2, seq, meeting)

    def thawed(self, checkpoint: Checkpoint | None) -> Replay:
        """The replay a checkpoint holds (none: the first), its meetings too."""
        if checkpoint is None:
            return Replay(self.rules)
        replay = Replay.thawed(self.rules, checkpoint.frozen)
        replay.meetings, replay.meeting_chairs, replay.extraordinary = self.held.upto(
            checkpoint.seq
        )
        return replay

    def rewound(self, voided: frozenset[int]) -> tuple[History, Replay]:
        """A copy of this history cut back to its last checkpoint that the
        entries ``voided`` (instead of ``assumed``) leave as it is, and the
        replay there: a pass from it on makes the rest again."""
        differ = voided ^ self.assumed
        limit = min(differ) if differ else self.count + 1
        kept = [c for c in self.checkpoints if c.seq < limit]
        at = kept[-1].seq if kept else 0
        copy = self._cut(at)
        copy.assumed = voided
        return copy, copy.thawed(kept[-1] if kept else None)

    def _cut(self, count: int) -> History:
        """A copy of this history up to entry ``count``."""
        copy = History(self.rules, self.every)
        copy.count, copy.assumed = count, self.assumed
        days = bisect.bisect_right(self.firsts, count)
        copy.days, copy.firsts = self.days[:days], self.firsts[:days]
        copy.lasts = [min(last, count) for last in self.lasts[:days]]
        changed = bisect.bisect_right(self.changed, count)
        copy.changed, copy.changes = self.changed[:changed], self.changes[:changed]
        copy.checkpoints = [c for c in self.checkpoints if c.seq <= count]
        copy.corrections = [c for c in self.corrections if c.seq <= count]
        copy.held = self.held.cut(count)
        return copy

    def cut(self, count: int) -> Replay:
        """Forget everything after entry ``count`` (a batch not recorded after
        all); the replay after it."""
        copy = self._cut(count)
        vars(self).update(vars(copy))
        return self.restored(count)

    def restored(self, count: int) -> Replay:
        """The replay after entry ``count``: its checkpoint, and the changes since."""
        index = bisect.bisect_right([c.seq for c in self.checkpoints], count)
        base = self.checkpoints[index - 1] if index else None
        replay = self.thawed(base)
        start = bisect.bisect_right(self.changed, base.seq if base else 0)
        stop = bisect.bisect_right(self.changed, count)
        replay.apply_all(itertools.islice(self.changes, start, stop))
        day = bisect.bisect_left(self.lasts, count)
        replay.last = self.days[day] if count and day < len(self.days) else None
        return replay

    def at(self, day: dt.date, source: Source) -> Replay:
        """The replay of every entry up to ``day``."""
        index = bisect.bisect_right(self.days, day)
        if not index:
            return Replay(self.rules)
        count = self.lasts[index - 1]
        later = [c for c in self.corrections if c.day > day and c.voids and min(c.voids) <= count]
        if not later:
            return self.restored(count)
        # A correction after ``day`` voids entries that were in force on it.
        limit = min(min(c.voids) for c in later)
        kept = [c for c in self.checkpoints if c.seq < limit and c.seq <= count]
        replay = self.thawed(kept[-1] if kept else None)
        voided = frozenset().union(*(c.voids for c in self.corrections if c.day <= day))
        start = kept[-1].seq if kept else 0
        return replay_entries(replay, source(start, count), voided, None)


def replay_all(
    history: History, source: Source, voided: frozenset[int], extra: Sequence[Entry] = ()
) -> tuple[History, Replay]:
    """The whole ledger (then ``extra``, entries not stored yet) replayed
    without the entries ``voided``, from the last checkpoint of ``history``
    that this leaves as it is; a new history and its replay. A correction
    found on the way that voids an entry already made starts the pass again
    from the last checkpoint before that entry."""
    while True:
        base, replay = history.rewound(voided)
        entries = itertools.chain(source(base.count, None), extra)
        try:
            return base, replay_entries(replay, entries, voided, base)
        except Restart as restart:
            history, voided = base, restart.voided


def replay_entries(
    replay: Replay, entries: Iterable[Entry], voided: frozenset[int], history: History | None
) -> Replay:
    """Judge and make ``entries`` in order on ``replay``, without the ones
    ``voided``; noted in ``history``. RuleViolation for an entry refused,
    unless a later correction voids what it rests on (``Restart``)."""
    iterator = iter(entries)
    for entry in iterator:
        event, change = entry.event, None
        if event.kind == CORRECT:
            voids = voided_by(event)
            if any(v < entry.seq and v not in voided for v in voids):
                raise Restart(voided | voids)
            voided |= voids
            replay.last = event.date
        elif entry.seq not in voided:
            if replay.rules.timeline is not None:  # a history: its version of the day
                follow(replay, event.date)
            if passes_quickly(replay, event):  # accepted, and it changes nothing
                replay.last = event.date
                if history is not None:
                    history.unchanged(entry.seq, event.date, replay)
                continue
            change = _judged(replay, event, entry.seq, iterator, voided)
        if history is not None:
            history.note(entry.seq, event, change, replay)
    return replay


def _judged(
    replay: Replay, event: Event, seq: int, rest: Iterator[Entry], voided: frozenset[int]
) -> Change:
    """Judge entry ``seq`` and make its change; refused, raise ``RuleViolation``,
    or ``Restart`` where a later correction (in ``rest``) voids what it rests on."""
    outcome = judge(replay, event)
    if isinstance(outcome, RuleViolation):
        later = _voids(rest) - voided
        if any(v <= seq for v in later):
            raise Restart(voided | later)
        raise refused(outcome, seq, event)
    replay.apply(outcome)
    return outcome


def _voids(entries: Iterable[Entry]) -> frozenset[int]:
    """The entries the corrections among ``entries`` void."""
    return frozenset().union(*(voided_by(e.event) for e in entries if e.event.kind == CORRECT))
