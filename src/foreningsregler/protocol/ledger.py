"""The protocol (beslutningsprotokol): an append-only record of events.

Events are frozen values with a date, an actor, a kind and their data.
Every stored event carries the hash of the one before it, so a changed,
removed or reordered event is detected when a store is opened. Appending
happens under the store's exclusive lock: the caller is shown the events
other writers appended since it last looked, may refuse, and only then is
the new event written, so a check and its append are one step even across
threads and processes.

Stores: ``MemoryLedger`` (tests, simulations), ``JsonlLedger`` (one JSON
object per line, a lock file for writers) and ``SqliteLedger`` (the
embedded default: WAL, one transaction per event).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO, Protocol

import attrs

from ..errors import ForeningsreglerError

GENESIS = "0" * 64


_SCALARS = (str, int, float, bool, type(None))


def _frozen_data(value: Mapping[str, Any]) -> Mapping[str, Any]:
    # Read-only all the way down: a recorded event must not change through its
    # data, or it would no longer match its (cached) hash.
    # A recorded event's (frozen) data may be given again: thaw it first.
    plain = json.loads(json.dumps(_thaw(dict(value)), ensure_ascii=False))
    frozen: Mapping[str, Any] = _freeze(plain)
    return frozen


class BadEvent(ForeningsreglerError, ValueError):
    """An event that cannot be an act: a kind or actor that is no text, a date
    that is no day (a time of day would make the protocol unreadable)."""


def _name(what: str, value: object) -> None:
    if not isinstance(value, str) or not value:
        raise BadEvent(f"an event's {what} is non-empty text, not {value!r}")


def _day(value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise BadEvent(f"an event's date is a day (YYYY-MM-DD), not {value!r}")


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
    actor: str = attrs.field(validator=lambda _, __, v: _name("actor", v))
    data: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_data)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "date": self.date.isoformat(),
            "actor": self.actor,
            "data": _thaw(self.data),
        }

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Event:
        return cls(
            value["kind"],
            dt.date.fromisoformat(value["date"]),
            value["actor"],
            value.get("data", {}),
        )

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


def chain_hash(prev_hash: str, event: Event) -> str:
    return hashlib.sha256(f"{prev_hash}\n{event.canonical()}".encode()).hexdigest()


def link(entries: Sequence[Entry], event: Event) -> Entry:
    prev = entries[-1].hash if entries else GENESIS
    return Entry(len(entries) + 1, event, prev, chain_hash(prev, event))


class TamperedLedger(ForeningsreglerError):
    """A stored event was changed, removed or reordered."""

    def __init__(self, where: str, seq: int, detail: str) -> None:
        self.where, self.seq = where, seq
        super().__init__(f"{where}: event {seq} {detail}: the protocol has been altered")


def verify(entries: Sequence[Entry], where: str, after: Entry | None = None) -> None:
    """Raise TamperedLedger unless every entry links to the one before it
    (the first to ``after``, an entry already verified)."""
    prev = after.hash if after else GENESIS
    first = after.seq + 1 if after else 1
    for expected_seq, entry in enumerate(entries, start=first):
        if entry.seq != expected_seq:
            raise TamperedLedger(where, expected_seq, f"is missing (found {entry.seq})")
        if entry.prev_hash != prev:
            raise TamperedLedger(where, entry.seq, "does not follow the event before it")
        if chain_hash(prev, entry.event) != entry.hash:
            raise TamperedLedger(where, entry.seq, "does not match its hash")
        prev = entry.hash


#: Shown the events appended by others since ``known``; raise to refuse.
Gate = Callable[[Sequence[Entry]], None]


class Ledger(Protocol):
    """An append-only store of the protocol's events."""

    def entries(self) -> tuple[Entry, ...]:
        """Every stored entry, verified."""
        ...

    def append(self, event: Event, gate: Gate, known: int) -> Entry:
        """Under the store's lock: show ``gate`` the entries after ``known``,
        then, unless it raised, store ``event`` and return its entry."""
        ...


class MemoryLedger:
    """A ledger in memory; thread-safe."""

    def __init__(self, events: Sequence[Event] = ()) -> None:
        self._entries: list[Entry] = []
        self._lock = threading.Lock()
        for event in events:
            self._entries.append(link(self._entries, event))

    def entries(self) -> tuple[Entry, ...]:
        with self._lock:
            return tuple(self._entries)

    def append(self, event: Event, gate: Gate, known: int) -> Entry:
        with self._lock:
            gate(self._entries[known:])
            entry = link(self._entries, event)
            self._entries.append(entry)
            return entry


class JsonlLedger:
    """One JSON object per line; a torn last line (a crash mid-write) is ignored.

    Entries read once are kept with the file offset they end at, so each
    read or append verifies only what other writers added since.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._entries: list[Entry] = []
        self._offset = 0
        self.path.touch(exist_ok=True)
        self.entries()  # verify on open

    def entries(self) -> tuple[Entry, ...]:
        with self._lock, self.path.open("rb") as handle:
            self._catch_up(handle)
            return tuple(self._entries)

    def _catch_up(self, handle: BinaryIO) -> None:
        handle.seek(self._offset)
        raw = handle.read()
        complete = raw[: raw.rfind(b"\n") + 1]  # a torn last line is not yet an entry
        new = [
            self._parse(line, len(self._entries) + i)
            for i, line in enumerate(complete.splitlines(), start=1)
        ]
        verify(new, str(self.path), self._entries[-1] if self._entries else None)
        self._entries.extend(new)
        self._offset += len(complete)

    def _parse(self, line: bytes, number: int) -> Entry:
        try:
            value = json.loads(line)
            event = Event.from_json(value["event"])
            return Entry(value["seq"], event, value["prev"], value["hash"])
        except (ValueError, KeyError, TypeError) as error:
            raise TamperedLedger(str(self.path), number, f"is unreadable ({error})") from None

    def append(self, event: Event, gate: Gate, known: int) -> Entry:
        with self._lock, self.path.open("r+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                self._catch_up(handle)
                gate(self._entries[known:])
                entry = link(self._entries, event)
                record = {
                    "seq": entry.seq,
                    "event": event.to_json(),
                    "prev": entry.prev_hash,
                    "hash": entry.hash,
                }
                line = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
                handle.seek(self._offset)
                handle.truncate()  # drop a torn line left by a crash
                handle.write(line + b"\n")
                handle.flush()
                os.fsync(handle.fileno())
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            self._entries.append(entry)
            self._offset += len(line) + 1
            return entry


_SCHEMA = """
CREATE TABLE IF NOT EXISTS protocol (
    seq INTEGER PRIMARY KEY,
    event TEXT NOT NULL,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
)
"""


def _switch_to_wal(connection: sqlite3.Connection, timeout: float) -> None:
    """Set WAL mode; on a new file another opener may hold the lock, and SQLite
    then answers at once instead of waiting, so wait here."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


class SqliteLedger:
    """SQLite in WAL mode; each event is written in its own IMMEDIATE transaction."""

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        self.path = os.fspath(path)
        self._timeout = timeout
        self._local = threading.local()
        self._lock = threading.RLock()
        self._entries: list[Entry] = []
        connection = self._connection()
        _switch_to_wal(connection, timeout)
        connection.execute(_SCHEMA)
        self.entries()  # verify on open

    def _connection(self) -> sqlite3.Connection:
        # One connection per thread: sqlite3 connections must not be shared.
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)
            # In WAL mode NORMAL survives a killed process intact; only a power
            # loss may drop the last commits, never corrupt the file.
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.connection = connection
        return connection

    def entries(self) -> tuple[Entry, ...]:
        with self._lock:
            self._catch_up(self._connection())
            return tuple(self._entries)

    def _catch_up(self, connection: sqlite3.Connection) -> None:
        rows = connection.execute(
            "SELECT seq, event, prev, hash FROM protocol WHERE seq > ? ORDER BY seq",
            (len(self._entries),),
        ).fetchall()
        new = [self._entry(row) for row in rows]
        verify(new, self.path, self._entries[-1] if self._entries else None)
        self._entries.extend(new)

    def _entry(self, row: tuple[int, str, str, str]) -> Entry:
        seq, event, prev, digest = row
        try:
            parsed = Event.from_json(json.loads(event))
        except (ValueError, KeyError, TypeError) as error:
            raise TamperedLedger(self.path, seq, f"is unreadable ({error})") from None
        return Entry(seq, parsed, prev, digest)

    def append(self, event: Event, gate: Gate, known: int) -> Entry:
        connection = self._connection()
        with self._lock:
            connection.execute("BEGIN IMMEDIATE")
            try:
                self._catch_up(connection)
                gate(self._entries[known:])
                entry = link(self._entries, event)
                connection.execute(
                    "INSERT INTO protocol (seq, event, prev, hash) VALUES (?, ?, ?, ?)",
                    (entry.seq, event.canonical(), entry.prev_hash, entry.hash),
                )
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            self._entries.append(entry)
            return entry

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None
