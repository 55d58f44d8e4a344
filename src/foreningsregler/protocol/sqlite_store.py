"""The protocol in SQLite (the embedded default): WAL, one transaction per append.

Each append is one IMMEDIATE transaction under the writers' lock; the head
file is written after it, once the write-ahead log is on the disk, or once
for a block of appends (``writing``). ``durability`` says whether each commit
is synced to the disk too ("full") or only the ones the head names
("normal", the default): docs/protocol.md, "Durability".

Before anything is written the file is looked at: a new or empty database
becomes a protocol; one holding the protocol's table is opened; anything
else (another application's database, a table hidden behind a view) is
refused without being touched. A read-only opening uses a read-only
connection, immutable while no write-ahead log exists, so it creates no file.

A writer's opening verifies every stored text against its hash, and the
heads. A read-only opening reads no row: its first read (a replay's) is one
pass that verifies each row (its hash, its place in the chain, its code)
before its event is read and yielded, and the heads when the rows end
(``_verifying``); a consumer that meets a refusal first reads to the end
before reporting it (``Association``), so tampering is what is reported.
A later read parses every event again; while the rows are the very ones
verified (nobody else has committed since: SQLite's data version, or for an
immutable connection the file's status, unchanged) it hashes no text again,
and only checks that each event is its stored text. Otherwise it verifies
every row again.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import quote

from ..errors import expect
from ..i18n import _
from .files import (
    Guard,
    NotAProtocol,
    Writer,
    durability_of,
    existing_file,
    sync_file,
    writers_lock,
)
from .ledger import (
    GENESIS,
    Chain,
    Entry,
    Event,
    Gate,
    Head,
    TamperedLedger,
    chained_after,
    text_hash,
)
from .protection import HeadRecord, Key, read_head
from .sqlite_rows import (
    broken,
    check_header,
    entry_of,
    link_of,
    sqlite_errors,
    switch_to_wal,
    verified_entry,
)
from .stored import quick_event

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
#: A file changed this recently may change again with the same times (they
#: are coarse): its status cannot tell that its rows are as they were read.
_SETTLED = 2.0


class SqliteLedger:
    """SQLite in WAL mode; each append is one IMMEDIATE transaction.

    A writer verifies the protocol when it opens it; a read-only store
    (``read_only=True``) when it first reads: ``head()``, ``entries()`` or a
    ``scan`` (a replay's one pass) raises ``TamperedLedger``, not the
    opening."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        key: Key | None = None,
        read_only: bool = False,
        expect_head: Head | None = None,
        adopt_head: bool = False,
        timeout: float = 30.0,
        durability: str = "normal",
    ) -> None:
        expect(path, (str, os.PathLike), "path", "a protocol's path (text or a Path)")
        self.path = os.fspath(path)
        self.read_only = read_only
        self.durability = durability_of(durability)
        self._timeout = timeout
        self._writer = Writer(self.path)
        self._guard = Guard(self.path, key, expect_head, adopt_head)
        self._local = threading.local()
        self._lock = threading.RLock()
        self._chain = Chain(self.path)  # the verified end; no entry is kept
        if existing_file(path, read_only=read_only):
            check_header(self.path, read_only)
        with sqlite_errors(self.path):
            self._has_code = self._prepare()
        if read_only:  # verified when first read: a replay's one pass (``_verifying``)
            with sqlite_errors(self.path):
                self._connection()
        else:
            self.head()  # verify on open, streaming

    def _prepare(self) -> bool:
        """Look at the file's tables; a writer makes a protocol of an empty one.
        Whether its table has the column for codes."""
        columns: set[str] | None = None
        if self.read_only or os.path.exists(self.path):
            # Looked at read-only first: another program's database is left as it was.
            with contextlib.closing(self._connect(True, self._quiet())) as looking:
                columns = self._columns(looking)
        if self.read_only:
            if columns is None:
                raise NotAProtocol(self.path, _("holds no protocol"))
            return "code" in columns
        with writers_lock(self.path):
            return self._make_ready(self._connection())

    def _make_ready(self, connection: sqlite3.Connection) -> bool:
        columns = self._columns(connection)
        switch_to_wal(connection, self._timeout)
        if columns is None:
            connection.execute(_SCHEMA)
            self._guard.committed(Head(0, GENESIS))
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
            immutable = self.read_only and self._quiet()
            connection = self._connect(self.read_only, immutable)
            self._local.connection, self._local.immutable = connection, immutable
            self._local.verified = None  # see ``_view``
        return connection

    def _quiet(self) -> bool:
        """No write-ahead log: nobody is writing."""
        return not Path(f"{self.path}-wal").exists()

    def _connect(self, read_only: bool, immutable: bool = False) -> sqlite3.Connection:
        if not read_only:
            connection = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)
            # In WAL mode NORMAL survives a killed process intact; only a power
            # loss may drop the last commits, never corrupt the file, and
            # ``_publish`` syncs the log before a head names them. FULL syncs
            # every commit.
            synchronous = "FULL" if self.durability == "full" else "NORMAL"
            connection.execute(f"PRAGMA synchronous={synchronous}")
            return connection
        # Without a write-ahead log nobody is writing: immutable creates no -shm.
        quiet = "&immutable=1" if immutable else ""
        uri = f"file:{quote(os.path.abspath(self.path))}?mode=ro{quiet}"
        return sqlite3.connect(uri, uri=True, timeout=self._timeout, isolation_level=None)

    def head(self) -> Head:
        """The count and hash of the last entry, read under the lock."""
        with self._lock, sqlite_errors(self.path):
            self._catch_up(self._connection())
            return self._chain.head

    def entries(self) -> tuple[Entry, ...]:
        """Every entry, checked as it is read (``scan`` streams them instead)."""
        return tuple(self.scan())

    def scan(self, start: int = 0, stop: int | None = None) -> Iterator[Entry]:
        """The entries after ``start`` up to ``stop`` (all, without it), read
        in batches and verified as they stream by; none is kept."""
        with self._lock, sqlite_errors(self.path):
            connection = self._connection()
            if not self._chain.count and self._local.verified is None:
                # nothing verified yet; what is verified is noted for this thread
                return self._verifying(connection, start, stop, vars(self._local))
            self._catch_up(connection)
            end = self._chain.count if stop is None else min(stop, self._chain.count)
            known = self._chain.head
            prev = self._hash_at(connection, start) if 0 < start < end else GENESIS
        return self._scanned(connection, start, end, prev, known)

    def _verifying(
        self,
        connection: sqlite3.Connection,
        start: int,
        stop: int | None,
        local: dict[str, object],
    ) -> Iterator[Entry]:
        """One pass over every row of a protocol not verified yet: each row's
        hash, place in the chain and code verified before its entry (after
        ``start`` up to ``stop``) is read and yielded, the rows after ``stop``
        verified unread; the heads checked when the rows end, before the
        stream does. So a consumer may judge entries before a tampered end is
        found: it reads to the end before reporting a refusal
        (``Association``). Verified to the end, later reads hash nothing again."""
        record = self._guard.head_first()  # before the rows: see ``Guard.head_first``
        immutable = bool(local["immutable"])
        with sqlite_errors(self.path):
            before = self._view(connection, immutable)
        chain, seen = Chain(self.path), dict[int, str]()
        yield from self._verified_rows(connection, chain, start, stop, record, seen)
        with self._lock, sqlite_errors(self.path):

            def hash_at(seq: int) -> str:
                if seq == chain.count:
                    return chain.hash
                return seen.get(seq) or self._hash_at(connection, seq)

            self._guard.check_heads(chain.count, hash_at, record)
            if self._chain.count <= chain.count:  # not behind this store's own appends
                self._chain = chain
                if before is not None and self._view(connection, immutable) == before:
                    local["verified"] = before

    def _verified_rows(
        self,
        connection: sqlite3.Connection,
        chain: Chain,
        start: int,
        stop: int | None,
        record: HeadRecord | None,
        seen: dict[int, str],
    ) -> Iterator[Entry]:
        """``_verifying``'s rows: every row linked to ``chain``, those after
        ``start`` up to ``stop`` read; the hashes the heads name in ``seen``."""
        wanted = self._guard.wanted(record)
        keyed = self._guard.key is not None
        last = stop if stop is not None else 1 << 62
        code = "code" if self._has_code else "NULL"
        count, last_hash = chain.count, chain.hash  # the chain's end, kept in locals
        read = Entry.read
        with sqlite_errors(self.path):
            cursor = connection.execute(
                f"SELECT seq, event, prev, hash, {code} FROM protocol ORDER BY seq"
            )
            try:
                while rows := cursor.fetchmany(_BATCH):
                    for row in rows:
                        seq, text, prev, digest, code = row
                        if not (
                            type(seq) is int and type(text) is type(prev) is type(digest) is str
                        ):
                            seq, text, prev, digest = link_of(self.path, row)
                        # ``Chain.link``, written out: it is every row's cost
                        if seq != count + 1 or prev != last_hash or text_hash(prev, text) != digest:
                            chain.count, chain.hash = count, last_hash
                            broken(self.path, chain, row, (seq, text, prev, digest))
                        count, last_hash = seq, digest
                        if keyed:
                            self._guard.check_code(seq, digest, code if type(code) is str else None)
                        if seq in wanted:
                            seen[seq] = digest
                        if start < seq <= last:  # read the quick way, else the careful way
                            event = quick_event(text, True)  # it encodes: it was just hashed
                            if event is None:
                                yield verified_entry(self.path, seq, text, row)
                            else:
                                yield read(seq, event, prev, digest)
                chain.count, chain.hash = count, last_hash
            finally:
                cursor.close()

    def _scanned(
        self, connection: sqlite3.Connection, start: int, end: int, prev: str, known: Head
    ) -> Iterator[Entry]:
        # what this thread's connection verified, looked up in this thread
        looks = (self._local.verified, self._local.immutable)
        return self._streamed(connection, start, end, prev, known, looks)

    def _streamed(
        self,
        connection: sqlite3.Connection,
        start: int,
        end: int,
        prev: str,
        known: Head,
        looks: tuple[object, bool],
    ) -> Iterator[Entry]:
        if start >= end:
            return
        chain = Chain(self.path, start, prev)
        with sqlite_errors(self.path):
            for rows, verified in self._batches(connection, start, end, *looks):
                for row in rows:
                    entry = entry_of(self.path, row)
                    if verified and isinstance(row[1], str):
                        chain.follow_read(entry, row[1])  # its text and code checked before
                    else:
                        chain.follow(entry)
                        self._guard.check_entry(entry, row[4] if isinstance(row[4], str) else None)
                    yield entry
        if chain.count != end or (end == known.count and chain.hash != known.hash):
            why = _("changed while the protocol was open")
            raise TamperedLedger(self.path, chain.count + 1, why)

    def _batches(
        self,
        connection: sqlite3.Connection,
        start: int,
        stop: int,
        verified: object,
        immutable: bool,
    ) -> Iterator[tuple[list[tuple[object, ...]], bool]]:
        """The stored rows after ``start`` up to ``stop``, in batches, each
        with whether its rows are the very ones this connection verified
        (``_view``): their texts need not be hashed again."""
        code = "code" if self._has_code else "NULL"
        cursor = connection.execute(
            f"SELECT seq, event, prev, hash, {code} FROM protocol"
            " WHERE seq > ? AND seq <= ? ORDER BY seq",
            (start, stop),
        )
        try:
            while rows := cursor.fetchmany(_BATCH):
                # looked at after the rows are read: a change before then shows
                yield rows, verified is not None and self._view(connection, immutable) == verified
        finally:
            cursor.close()

    def _view(self, connection: sqlite3.Connection, immutable: bool) -> object:
        """What changes when another program changes the stored rows: the
        connection's data version (commits by others, in the snapshot it
        reads), or, for an immutable one (SQLite does not look), the file's
        status. None when it cannot tell (a file changed a moment ago).

        ``verified`` (per connection) is the view under which every stored
        entry up to the chain's end was verified; while the view is the
        same, the rows are the ones verified (this connection's own appends
        leave it as it is)."""
        if not immutable:
            return connection.execute("PRAGMA data_version").fetchone()[0]
        try:
            status = os.stat(self.path)
        except OSError:  # removed or renamed while open: the rows are hashed again
            return None
        if time.time() - status.st_ctime < _SETTLED:
            return None
        return (
            status.st_dev,
            status.st_ino,
            status.st_size,
            status.st_mtime_ns,
            status.st_ctime_ns,
        )

    def _catch_up(self, connection: sqlite3.Connection, heads: bool = True) -> None:
        """Verify the chain of what other writers appended since the last look,
        as it streams by: each stored text against its hash, unread (``scan``
        reads the events, and a replay reads every one); and, with ``heads``,
        the head file and the expected head against it."""
        if not heads:  # a block's later appends: only this writer has written
            self._catch_up_chain(connection)
            return
        record = self._guard.head_first()
        wanted = self._guard.wanted(record)
        chain = Chain(self.path, self._chain.count, self._chain.hash)
        previous, self._local.verified = self._local.verified, None
        immutable = self._local.immutable
        before = self._view(connection, immutable)
        # every entry up to the end verified by this connection, nothing changed since?
        whole = before is not None and (not chain.count or previous == before)
        seen: dict[int, str] = {}
        code = "code" if self._has_code else "NULL"
        cursor = connection.execute(
            f"SELECT seq, event, prev, hash, {code} FROM protocol WHERE seq > ? ORDER BY seq",
            (chain.count,),
        )
        keyed = self._guard.key is not None
        while rows := cursor.fetchmany(_BATCH):
            for row in rows:
                seq, text, prev, digest, code = row
                if not (type(seq) is int and type(text) is type(prev) is type(digest) is str):
                    seq, text, prev, digest = link_of(self.path, row)
                try:
                    chain.link(seq, prev, digest, text)
                except TamperedLedger:
                    entry_of(self.path, row)  # a row that is no event says so first
                    raise
                if keyed:
                    self._guard.check_code(seq, digest, code if isinstance(code, str) else None)
                if seq in wanted:
                    seen[seq] = digest
        self._still_there(connection)

        def hash_at(seq: int) -> str:
            if seq == chain.count:
                return chain.hash
            return seen.get(seq) or self._hash_at(connection, seq)

        self._guard.check_heads(chain.count, hash_at, record)
        self._chain = chain
        if whole and self._view(connection, immutable) == before:
            self._local.verified = before

    def _catch_up_chain(self, connection: sqlite3.Connection) -> None:
        """The chain's end is still stored as it was, and nothing follows it:
        a writer holding the lock for a block checks only this."""
        rows = connection.execute(
            "SELECT seq, hash FROM protocol WHERE seq >= ? ORDER BY seq LIMIT 2",
            (self._chain.count,),
        ).fetchall()
        last = [(self._chain.count, self._chain.hash)] if self._chain.count else []
        if rows != last:  # changed, or written by one that ignored the lock: read it all
            self._catch_up(connection)

    def _since(self, connection: sqlite3.Connection, known: int) -> tuple[Entry, ...]:
        """The entries other writers appended after ``known`` (few: read whole)."""
        if known >= self._chain.count:
            return ()
        prev = self._hash_at(connection, known) if known else GENESIS
        return tuple(self._scanned(connection, known, self._chain.count, prev, self._chain.head))

    def _hash_at(self, connection: sqlite3.Connection, seq: int) -> str:
        """The stored hash of entry ``seq`` (verified when it was first read)."""
        row = connection.execute("SELECT hash FROM protocol WHERE seq = ?", (seq,)).fetchone()
        return row[0] if row is not None and isinstance(row[0], str) else ""

    def _still_there(self, connection: sqlite3.Connection) -> None:
        """The last entry read before must still be stored as it was: rows
        deleted under an open protocol are noticed, not skipped."""
        if not self._chain.count:
            return
        if self._hash_at(connection, self._chain.count) != self._chain.hash:
            why = _("changed while the protocol was open")
            raise TamperedLedger(self.path, self._chain.count, why)

    def append(self, event: Event, gate: Gate, known: int) -> Entry:
        """Append one event after ``gate`` has judged the entries since ``known``."""
        return self.append_all((event,), gate, known)[0]

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """Hold the writers' lock for a block of appends (``with
        ledger.writing(): ...``): each append is still its own transaction,
        visible to readers once it returns; the head file is written once,
        when the block ends, before the lock is let go. Other writers wait
        for the block (``LedgerBusy`` after 30 s)."""
        if not self._writer.in_block:  # an outer block checked this
            self._guard.may_write(self.read_only)
        return self._writer.block(self._publish)

    def append_all(self, events: Sequence[Event], gate: Gate, known: int) -> tuple[Entry, ...]:
        """Append events in one transaction, or none if ``gate`` refuses."""
        if not self._writer.in_block:  # a block checked this when it began
            self._guard.may_write(self.read_only)
        connection = self._connection()
        # The writers' lock first: a thread waiting for another's block holds
        # nothing that block needs.
        with self._writer.append(self._publish), self._lock, sqlite_errors(self.path):
            connection.execute("BEGIN IMMEDIATE")
            try:
                heads = self._writer.heads_due()
                self._catch_up(connection, heads=heads)
                if heads:
                    self._writer.heads_checked()
                gate(self._since(connection, known))
                new = chained_after(self._chain.head, events)
                if len(new) == 1:  # most appends: one row, no list around it
                    connection.execute(_INSERT, self._row(new[0]))
                else:
                    connection.executemany(_INSERT, [self._row(entry) for entry in new])
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            self._chain = Chain(self.path, new[-1].seq, new[-1].hash) if new else self._chain
            return tuple(new)

    def _publish(self) -> None:
        """Write the head file of what is committed, after the write-ahead log
        holding it is on the disk (with "normal", commits are not synced
        one by one): a power loss never leaves a head naming lost entries."""
        if self.durability != "full":
            sync_file(f"{self.path}-wal")
        self._guard.committed(self._chain.head)

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
