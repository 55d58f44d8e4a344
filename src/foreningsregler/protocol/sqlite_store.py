"""The protocol in SQLite (the embedded default): WAL, one transaction per append.

Before anything is written the file is looked at: a new or empty database
becomes a protocol; one holding the protocol's table is opened; anything
else (another application's database, a table hidden behind a view) is
refused without being touched. A read-only opening uses a read-only
connection, immutable while no write-ahead log exists, so it creates no file.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import quote

import filelock

from ..errors import expect
from ..i18n import _
from .files import Guard, LedgerBusy, NotAProtocol, busy, existing_file, lock_for
from .ledger import BadEvent, Entry, Event, Gate, Head, TamperedLedger, chained, verify
from .protection import Key, read_head

_HEADER = b"SQLite format 3\x00"
_COLUMNS = {"seq", "event", "prev", "hash"}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS protocol (
    seq INTEGER PRIMARY KEY,
    event TEXT NOT NULL,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    code TEXT
)
"""
_INSERT = "INSERT INTO protocol (seq, event, prev, hash, code) VALUES (?, ?, ?, ?, ?)"
_BATCH = 4096  # rows fetched at a time: memory stays flat while reading


@contextlib.contextmanager
def _sqlite_errors(path: str) -> Iterator[None]:
    """SQLite's errors as the library's: a lock held too long, or a file
    that is no usable database."""
    try:
        yield
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            message = _("{path}: the database is locked by another program", path=path)
            raise LedgerBusy(message) from None
        raise NotAProtocol(path, _("cannot be used as a protocol ({why})", why=error)) from None
    except sqlite3.Error as error:
        raise NotAProtocol(path, _("cannot be used as a protocol ({why})", why=error)) from None


def _check_header(path: str, read_only: bool) -> None:
    with open(path, "rb") as handle:
        header = handle.read(len(_HEADER))
    if header == _HEADER:
        return
    if header:
        raise NotAProtocol(path, _("is not a SQLite database"))
    record = read_head(path)
    if record is not None and record.head.count:
        why = _("is missing: the file is empty, its head says {count}", count=record.head.count)
        raise TamperedLedger(path, 1, why)
    if read_only:
        raise NotAProtocol(path, _("is empty, not a protocol"))


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
    """SQLite in WAL mode; each append is one IMMEDIATE transaction."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        key: Key | None = None,
        read_only: bool = False,
        expect_head: Head | None = None,
        adopt_head: bool = False,
        timeout: float = 30.0,
    ) -> None:
        expect(path, (str, os.PathLike), "path", "a protocol's path (text or a Path)")
        self.path = os.fspath(path)
        self.read_only = read_only
        self._timeout = timeout
        self._guard = Guard(self.path, key, expect_head, adopt_head)
        self._local = threading.local()
        self._lock = threading.RLock()
        self._entries: list[Entry] = []
        if existing_file(path, read_only=read_only):
            _check_header(self.path, read_only)
        with _sqlite_errors(self.path):
            self._has_code = self._prepare()
        self.entries()  # verify on open

    def _prepare(self) -> bool:
        """Look at the file's tables; a writer makes a protocol of an empty one.
        Whether its table has the column for codes."""
        columns: set[str] | None = None
        if self.read_only or os.path.exists(self.path):
            # Looked at read-only first: another program's database is left as it was.
            with contextlib.closing(self._connect(read_only=True)) as looking:
                columns = self._columns(looking)
        if self.read_only:
            if columns is None:
                raise NotAProtocol(self.path, _("holds no protocol"))
            return "code" in columns
        try:
            with lock_for(self.path):
                return self._make_ready(self._connection())
        except filelock.Timeout:
            raise busy(self.path) from None

    def _make_ready(self, connection: sqlite3.Connection) -> bool:
        columns = self._columns(connection)
        _switch_to_wal(connection, self._timeout)
        if columns is None:
            connection.execute(_SCHEMA)
            self._guard.committed(())
        elif "code" not in columns:  # a protocol from before codes existed
            connection.execute("ALTER TABLE protocol ADD COLUMN code TEXT")
        return True

    def _columns(self, connection: sqlite3.Connection) -> set[str] | None:
        """The protocol table's columns; None for a database with no tables."""
        objects = connection.execute(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
        if not objects:
            record = read_head(self.path)
            if record is not None and record.head.count:
                why = _(
                    "is missing: the table is gone, the head says {count}",
                    count=record.head.count,
                )
                raise TamperedLedger(self.path, 1, why)
            return None
        if objects != [("table", "protocol")]:
            raise NotAProtocol(
                self.path, _("holds other tables or views than a protocol's (another program's?)")
            )
        columns = {row[1] for row in connection.execute("PRAGMA table_info(protocol)")}
        if not _COLUMNS <= columns <= _COLUMNS | {"code"}:
            raise NotAProtocol(self.path, _("holds a table 'protocol' of another shape"))
        return columns

    def _connection(self) -> sqlite3.Connection:
        # One connection per thread: sqlite3 connections must not be shared.
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._connect(self.read_only)
            self._local.connection = connection
        return connection

    def _connect(self, read_only: bool) -> sqlite3.Connection:
        if not read_only:
            connection = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)
            # In WAL mode NORMAL survives a killed process intact; only a power
            # loss may drop the last commits, never corrupt the file.
            connection.execute("PRAGMA synchronous=NORMAL")
            return connection
        # Without a write-ahead log nobody is writing: immutable creates no -shm.
        quiet = "" if Path(f"{self.path}-wal").exists() else "&immutable=1"
        uri = f"file:{quote(os.path.abspath(self.path))}?mode=ro{quiet}"
        return sqlite3.connect(uri, uri=True, timeout=self._timeout, isolation_level=None)

    def head(self) -> Head:
        """The chain's head: the number of entries and the last entry's hash."""
        return Head.of(self.entries())

    def entries(self) -> tuple[Entry, ...]:
        """Every entry in the database, in order, read anew."""
        with self._lock, _sqlite_errors(self.path):
            self._catch_up(self._connection())
            return tuple(self._entries)

    def _catch_up(self, connection: sqlite3.Connection) -> None:
        record = self._guard.head_first()
        code = "code" if self._has_code else "NULL"
        cursor = connection.execute(
            f"SELECT seq, event, prev, hash, {code} FROM protocol WHERE seq > ? ORDER BY seq",
            (len(self._entries),),
        )
        new: list[Entry] = []
        codes: list[str | None] = []
        while rows := cursor.fetchmany(_BATCH):
            for row in rows:
                new.append(self._entry(row))
                codes.append(row[4] if isinstance(row[4], str) else None)
        verify(new, self.path, self._entries[-1] if self._entries else None)
        self._still_there(connection)
        self._guard.check([*self._entries, *new], new, codes, record)
        self._entries.extend(new)

    def _still_there(self, connection: sqlite3.Connection) -> None:
        """The last entry read before must still be stored as it was: rows
        deleted under an open protocol are noticed, not skipped."""
        if not self._entries:
            return
        last = self._entries[-1]
        row = connection.execute("SELECT hash FROM protocol WHERE seq = ?", (last.seq,)).fetchone()
        if row is None or row[0] != last.hash:
            raise TamperedLedger(self.path, last.seq, _("changed while the protocol was open"))

    def _entry(self, row: tuple[object, ...]) -> Entry:
        seq, event, prev, digest = row[:4]
        try:
            if not isinstance(event, str | bytes):
                raise TypeError(_("its event is no text"))
            parsed = Event.from_json(json.loads(event))
            if not (isinstance(seq, int) and isinstance(prev, str) and isinstance(digest, str)):
                raise TypeError(_("its columns are of the wrong type"))
        except (ValueError, KeyError, TypeError, RecursionError, BadEvent) as error:
            why = _("is unreadable ({why})", why=error)
            raise TamperedLedger(self.path, _seq_of(seq), why) from None
        return Entry(seq, parsed, prev, digest)

    def append(self, event: Event, gate: Gate, known: int) -> Entry:
        """Append one event after ``gate`` has judged the entries since ``known``."""
        return self.append_all((event,), gate, known)[0]

    def append_all(self, events: Sequence[Event], gate: Gate, known: int) -> tuple[Entry, ...]:
        """Append events in one transaction, or none if ``gate`` refuses."""
        self._guard.may_write(self.read_only)
        connection = self._connection()
        try:
            with self._lock, lock_for(self.path), _sqlite_errors(self.path):
                connection.execute("BEGIN IMMEDIATE")
                try:
                    self._catch_up(connection)
                    gate(self._entries[known:])
                    new = chained(self._entries, events)
                    connection.executemany(
                        _INSERT,
                        [self._row(entry) for entry in new],
                    )
                    connection.execute("COMMIT")
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
                self._entries.extend(new)
                self._guard.committed(self._entries)
                return tuple(new)
        except filelock.Timeout:
            raise busy(self.path) from None

    def _row(self, entry: Entry) -> tuple[int, str, str, str, str | None]:
        key = self._guard.key
        code = key.entry_code(entry) if key is not None else None
        return (entry.seq, entry.event.canonical(), entry.prev_hash, entry.hash, code)

    def close(self) -> None:
        """Close this thread's connection to the database."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None


def _seq_of(value: object) -> int:
    return value if isinstance(value, int) else 0
