"""The protocol (beslutningsprotokol): an append-only record of events.

Events are frozen values with a date, an actor, a kind and their data.
Every stored event carries the hash of the one before it, so a changed,
removed or reordered event is detected when a store is opened; the head of
the chain (its count and last hash) kept outside the store, and a key that
authenticates every entry, detect what the chain alone cannot (truncation,
forged appends): see ``protection`` and docs/protocol.md. Appending happens
under the store's exclusive lock: the caller is shown the events other
writers appended since it last looked, may refuse, and only then are the new
events written, all of them or none, so a check and its append are one step
even across threads and processes.

Stores: ``MemoryLedger`` here (tests, simulations), ``JsonlLedger``
(``jsonl_store``: one JSON object per line) and ``SqliteLedger``
(``sqlite_store``: the embedded default, WAL).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from types import MappingProxyType
from typing import Any, Protocol

import attrs

from ..errors import ForeningsreglerError, expect
from ..i18n import N_, _
from ..statute.names import InvalidName, normalise_name
from ._shown import shown_day

GENESIS = "0" * 64


_SCALARS = (str, int, float, bool, type(None))


def _frozen_data(value: Mapping[str, Any]) -> Mapping[str, Any]:
    # Read-only all the way down: a recorded event must not change through its
    # data, or it would no longer match its (cached) hash.
    # A recorded event's (frozen) data may be given again: thaw it first.
    # What JSON cannot carry whole is refused here, not when hashing or storing:
    # NaN, text that is no Unicode (a lone surrogate), numbers past Python's
    # conversion limit, nesting past the recursion limit, keys that are no text.
    if not isinstance(value, Mapping):
        raise BadEvent(_("an event's data is a mapping, not {type}", type=type(value).__name__))
    try:  # most data is plainly JSON already: frozen as it is read
        top = {_plain_key(k): _plain_frozen(v, 1) for k, v in value.items()}
    except (_NotPlain, UnicodeEncodeError):
        top = _through_json(value)
    if isinstance(top.get("municipality"), str):
        top["municipality"] = _one_form(top["municipality"])
    return MappingProxyType(top)


def _through_json(value: Mapping[str, Any]) -> dict[str, Any]:
    """The data as JSON carries it (tuples become lists...), nested parts frozen;
    BadEvent for what JSON cannot carry whole."""
    try:
        text = json.dumps(_thaw(dict(value)), ensure_ascii=False, allow_nan=False)
        text.encode("utf-8")
        plain = json.loads(text)
    except (TypeError, ValueError, RecursionError) as error:
        raise BadEvent(_("an event's data must be plain JSON: {error}", error=error)) from None
    if not all(isinstance(key, str) for key in value):
        raise BadEvent(_("an event's data has text keys only"))
    return {k: _freeze(v) for k, v in plain.items()}


class _NotPlain(Exception):
    """Data the quick reading leaves to the JSON round trip (``_through_json``)."""


#: Deeper data, larger whole numbers and anything but JSON's own types take the
#: round trip, which refuses what JSON cannot carry and converts the rest.
_DEEPEST, _LARGEST = 64, 10**300


def _plain_key(key: Any) -> str:
    if type(key) is not str:
        raise _NotPlain
    text: str = _plain_frozen(key, 0)
    return text


def _plain_frozen(value: Any, depth: int) -> Any:
    """``value`` frozen, if the round trip would give it back unchanged."""
    kind = type(value)
    if kind is str:
        if not value.isascii():
            value.encode("utf-8")  # a lone surrogate: UnicodeEncodeError
        return value
    if value is None or kind is bool or (kind is int and -_LARGEST < value < _LARGEST):
        return value
    if kind is float and math.isfinite(value):
        return value
    if depth >= _DEEPEST:
        raise _NotPlain
    if kind is dict or kind is MappingProxyType:
        return MappingProxyType(
            {_plain_key(k): _plain_frozen(v, depth + 1) for k, v in value.items()}
        )
    if kind is list or kind is tuple or kind is _FrozenList:
        return _FrozenList(_plain_frozen(v, depth + 1) for v in value)
    raise _NotPlain


def _one_form(name: Any) -> Any:
    """A member's name in its one form (``normalise_name``): "Sorø " and a
    decomposed "Sorø" are Sorø; a name with an invisible character is refused."""
    if not isinstance(name, str) or not name.strip():
        return name  # the validator (or, in data, the protocol) refuses it
    try:
        return normalise_name(name)
    except InvalidName as error:
        raise BadEvent(_("an event names {error}", error=error)) from None


class BadEvent(ForeningsreglerError, ValueError):
    """An event that cannot be an act: a kind or actor that is no text, a date
    that is no day (a time of day would make the protocol unreadable)."""


#: What an event's kind or actor must be, and the character it may not hold.
_NAMES = {
    "kind": (
        N_("an event's kind is non-empty text, not {value}"),
        N_("an event's kind holds a character that cannot be shown: {value}"),
    ),
    "actor": (
        N_("an event's actor is non-empty text, not {value}"),
        N_("an event's actor holds a character that cannot be shown: {value}"),
    ),
}


def _name(what: str, value: object) -> None:
    empty, unshown = _NAMES[what]
    if not isinstance(value, str) or not value.strip():
        raise BadEvent(_(empty, value=repr(value)))
    if not value.isprintable():  # control characters, lone surrogates, line breaks
        raise BadEvent(_(unshown, value=repr(value)))


#: The days an event may carry: a protocol of a municipal association
#: (kommunalt fællesskab, from 1970) with room on both sides; a day outside
#: them is a typing error, and one far ahead would make every later event
#: "out of order".
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def _day(value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise BadEvent(_("an event's date is a day (YYYY-MM-DD), not {value}", value=repr(value)))
    if not EARLIEST <= value <= LATEST:
        message = _(
            "an event's date lies between {earliest} and {latest}, not {value}",
            earliest=shown_day(EARLIEST),
            latest=shown_day(LATEST),
            value=shown_day(value),
        )
        raise BadEvent(message)


class _FrozenList(tuple[Any, ...]):
    """A list made read-only that still equals the list it was made from."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return list(self) == other
        return tuple.__eq__(self, other)

    __hash__ = tuple.__hash__


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return _FrozenList(_freeze(v) for v in value)
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value


@attrs.frozen
class Event:
    """One act in the protocol: what happened, on which day, by whom."""

    kind: str = attrs.field(validator=lambda _, __, v: _name("kind", v))
    date: dt.date = attrs.field(validator=lambda _, __, v: _day(v))
    actor: str = attrs.field(converter=_one_form, validator=lambda _, __, v: _name("actor", v))
    data: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_data)

    def to_json(self) -> dict[str, Any]:
        """The event as plain JSON data: kind, ISO date, actor and data."""
        return {
            "kind": self.kind,
            "date": self.date.isoformat(),
            "actor": self.actor,
            "data": _thaw(self.data),
        }

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Event:
        """The event of a stored line; BadEvent when it is not one."""
        try:
            day = dt.date.fromisoformat(value["date"])
            return cls(value["kind"], day, value["actor"], value.get("data", {}))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise BadEvent(_("not an event: {error}", error=error)) from None

    def __reduce__(self) -> tuple[type[Event], tuple[str, dt.date, str, dict[str, Any]]]:
        # Pickled with its data thawed (read-only mappings cannot be pickled);
        # unpickling freezes it again.
        return (Event, (self.kind, self.date, self.actor, _thaw(self.data)))

    def canonical(self) -> str:
        """The event as hashed and stored: sorted keys, no spaces, computed once."""
        return self._canonical

    @cached_property
    def _canonical(self) -> str:
        return json.dumps(self.to_json(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@attrs.frozen
class Entry:
    """A stored event with its place in the chain."""

    seq: int
    event: Event
    prev_hash: str
    hash: str

    @classmethod
    def read(cls, seq: int, event: Event, prev_hash: str, digest: str) -> Entry:
        """``Entry(...)`` made quicker, for the many a store reads."""
        entry = object.__new__(cls)
        _SET_SEQ(entry, seq)
        _SET_EVENT(entry, event)
        _SET_PREV(entry, prev_hash)
        _SET_HASH(entry, digest)
        return entry


_SET_SEQ, _SET_EVENT, _SET_PREV, _SET_HASH = (
    getattr(Entry, name).__set__ for name in ("seq", "event", "prev_hash", "hash")
)


def chain_hash(prev_hash: str, event: Event) -> str:
    return text_hash(prev_hash, event.canonical())


def text_hash(prev_hash: str, canonical: str) -> str:
    """The hash of an event stored as its canonical text, after ``prev_hash``."""
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def link(entries: Sequence[Entry], event: Event) -> Entry:
    return chained(entries, (event,))[0]


class TamperedLedger(ForeningsreglerError):
    """A stored event was changed, removed or reordered.

    ``detail`` says what is wrong with the event, as the predicate of a
    sentence whose subject is the event (``_("is missing (found {seq})")``),
    ``verdict`` what follows (by default that the protocol has been altered);
    the sentence is one message."""

    def __init__(self, where: str, seq: int, detail: str, verdict: str | None = None) -> None:
        self.where, self.seq, self.detail = where, seq, detail
        self.verdict = verdict if verdict is not None else _("the protocol has been altered")
        message = _(
            "{where}: event {seq} {detail}: {verdict}",
            where=where,
            seq=seq,
            detail=detail,
            verdict=self.verdict,
        )
        super().__init__(message)


@attrs.frozen
class Head:
    """The head of a chain: how many entries, and the last one's hash."""

    count: int
    hash: str

    @classmethod
    def of(cls, entries: Sequence[Entry]) -> Head:
        return cls(len(entries), entries[-1].hash if entries else GENESIS)

    @classmethod
    def parse(cls, text: str) -> Head:
        """``COUNT:HASH`` as ``verify`` prints it; BadHead when it is not."""
        count, _colon, digest = text.strip().partition(":")
        if not count.isdecimal() or len(digest) != 64 or not _is_hex(digest):
            raise BadHead(_("a head is COUNT:HASH (64 hex digits), not {text}", text=repr(text)))
        return cls(int(count), digest.lower())

    def __str__(self) -> str:
        return f"{self.count}:{self.hash}"


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in text)


class BadHead(ForeningsreglerError, ValueError):
    """A head given by the caller that is not COUNT:HASH."""


class Chain:
    """The verified end of a chain, followed one entry at a time: a store
    verifies what it reads as it streams by, and keeps no entry."""

    def __init__(self, where: str, count: int = 0, last: str = GENESIS) -> None:
        self.where, self.count, self.hash = where, count, last

    def follow(self, entry: Entry) -> None:
        """Raise TamperedLedger unless ``entry`` links to the end so far."""
        self._place(entry.seq, entry.prev_hash)
        if chain_hash(self.hash, entry.event) != entry.hash:
            raise TamperedLedger(self.where, entry.seq, _("does not match its hash"))
        self.count, self.hash = entry.seq, entry.hash

    def follow_read(self, entry: Entry, text: str) -> None:
        """``follow`` for an entry read from ``text``, the stored text already
        verified against the entry's hash: that hash holds for the event if
        it is that very text (the careful reading may have written another)."""
        if entry.seq != self.count + 1 or entry.prev_hash != self.hash:
            self._place(entry.seq, entry.prev_hash)  # says which
        if entry.event.canonical() != text:
            raise TamperedLedger(self.where, entry.seq, _("does not match its hash"))
        self.count, self.hash = entry.seq, entry.hash

    def _place(self, seq: int, prev: str) -> None:
        if seq != self.count + 1:
            detail = _("is missing (found {seq})", seq=seq)
            raise TamperedLedger(self.where, self.count + 1, detail)
        if prev != self.hash:
            raise TamperedLedger(self.where, seq, _("does not follow the event before it"))

    def link(self, seq: int, prev: str, digest: str, canonical: str) -> None:
        """``follow`` for an entry stored as its event's canonical text, unread."""
        if seq != self.count + 1 or prev != self.hash:
            self._place(seq, prev)  # says which
        if text_hash(prev, canonical) != digest:
            raise TamperedLedger(self.where, seq, _("does not match its hash"))
        self.count, self.hash = seq, digest

    @property
    def head(self) -> Head:
        return Head(self.count, self.hash)


def verify(entries: Iterable[Entry], where: str, after: Entry | None = None) -> None:
    """Raise TamperedLedger unless every entry links to the one before it
    (the first to ``after``, an entry already verified)."""
    chain = Chain(where, after.seq, after.hash) if after else Chain(where)
    for entry in entries:
        chain.follow(entry)


#: Shown the events appended by others since ``known``; raise to refuse.
Gate = Callable[[Sequence[Entry]], None]


class Ledger(Protocol):
    """An append-only store of the protocol's events."""

    def entries(self) -> tuple[Entry, ...]:
        """Every stored entry, verified."""
        ...

    def append(self, event: Event, gate: Gate, known: int) -> Entry:
        """``append_all`` of one event."""
        ...

    # A store may also offer ``scan(start, stop)``: the entries after ``start``
    # up to ``stop``, verified as they are read and not kept (see ``stream``).

    def append_all(self, events: Sequence[Event], gate: Gate, known: int) -> tuple[Entry, ...]:
        """Under the store's lock: show ``gate`` the entries after ``known``,
        then, unless it raised, store ``events`` in one step (all or none)."""
        ...


def chained(entries: Sequence[Entry], events: Sequence[Event]) -> list[Entry]:
    """``events`` linked one after the other onto ``entries``."""
    return chained_after(Head.of(entries), events)


def chained_after(head: Head, events: Sequence[Event]) -> list[Entry]:
    """``events`` linked one after the other onto a chain that ends at ``head``."""
    new: list[Entry] = []
    prev = head.hash
    for seq, event in enumerate(events, start=head.count + 1):
        new.append(Entry(seq, event, prev, chain_hash(prev, event)))
        prev = new[-1].hash
    return new


class MemoryLedger:
    """A ledger in memory; thread-safe."""

    def __init__(self, events: Sequence[Event] = ()) -> None:
        expect(events, (list, tuple), "events", "a list of Event")
        for event in events:
            expect(event, Event, "event", "an Event")
        self._entries: list[Entry] = []
        self._lock = threading.RLock()  # a gate may read the entries (a correction)
        for event in events:
            self._entries.append(link(self._entries, event))

    def entries(self) -> tuple[Entry, ...]:
        """Every entry kept so far, in order."""
        with self._lock:
            return tuple(self._entries)

    def scan(self, start: int = 0, stop: int | None = None) -> Iterator[Entry]:
        """The entries after ``start`` up to ``stop`` (all, without it)."""
        with self._lock:
            end = len(self._entries) if stop is None else min(stop, len(self._entries))
        for index in range(start, end):
            yield self._entries[index]  # appends only: the first ``end`` stay as they are

    def append(self, event: Event, gate: Gate, known: int) -> Entry:
        """Append one event after ``gate`` has judged the entries since ``known``."""
        return self.append_all((event,), gate, known)[0]

    def append_all(self, events: Sequence[Event], gate: Gate, known: int) -> tuple[Entry, ...]:
        """Append events together, or none if ``gate`` refuses."""
        with self._lock:
            gate(self._entries[known:])
            new = chained(self._entries, events)
            self._entries.extend(new)
            return tuple(new)


def stream(ledger: Ledger, start: int = 0, stop: int | None = None) -> Iterator[Entry]:
    """The entries of ``ledger`` after ``start`` up to ``stop``: through its
    ``scan`` where it has one (read as they are needed, none kept), else
    from ``entries``."""
    scan: Callable[[int, int | None], Iterator[Entry]] | None = getattr(ledger, "scan", None)
    if callable(scan):
        return scan(start, stop)
    return iter(ledger.entries()[start:stop])
