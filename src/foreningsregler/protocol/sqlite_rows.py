"""A SQLite protocol's file and rows as ``sqlite_store`` reads them.

SQLite's errors said as the library's, the file's header looked at before
SQLite opens it, write-ahead logging switched on, and a stored row read:
its columns checked (``link_of``), its event read the careful way
(``entry_of``), and what is wrong with a row that breaks the chain said
(``broken``): a row that is no event says so first.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator

from ..i18n import _
from .files import LedgerBusy, NotAProtocol
from .ledger import BadEvent, Chain, Entry, TamperedLedger
from .protection import read_head
from .stored import stored_event

HEADER = b"SQLite format 3\x00"
#: A stored row: seq, event, prev, hash and code, as SQLite gives them.
Row = tuple[object, ...]


@contextlib.contextmanager
def sqlite_errors(path: str) -> Iterator[None]:
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


def check_header(path: str, read_only: bool) -> None:
    """A SQLite database, or an empty file a writer makes one of."""
    with open(path, "rb") as handle:
        header = handle.read(len(HEADER))
    if header == HEADER:
        return
    if header:
        raise NotAProtocol(path, _("is not a SQLite database"))
    record = read_head(path)
    if record is not None and record.head.count:
        why = _("is missing: the file is empty, its head says {count}", count=record.head.count)
        raise TamperedLedger(path, 1, why)
    if read_only:
        raise NotAProtocol(path, _("is empty, not a protocol"))


def switch_to_wal(connection: sqlite3.Connection, timeout: float) -> None:
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


def link_of(path: str, row: Row) -> tuple[int, str, str, str]:
    """A row's number, event text, previous hash and hash, or TamperedLedger."""
    seq, text, prev, digest = row[:4]
    if isinstance(text, bytes):
        try:
            text = text.decode()
        except UnicodeDecodeError as error:
            why = _("is unreadable ({why})", why=error)
            raise TamperedLedger(path, seq_of(seq), why) from None
    if not (
        isinstance(seq, int)
        and isinstance(text, str)
        and isinstance(prev, str)
        and isinstance(digest, str)
    ):
        why = _("is unreadable ({why})", why=_("its columns are of the wrong type"))
        raise TamperedLedger(path, seq_of(seq), why)
    return seq, text, prev, digest


def entry_of(path: str, row: Row) -> Entry:
    """The entry of a row, its event read the careful way, or TamperedLedger."""
    seq, event, prev, digest = row[0], row[1], row[2], row[3]
    try:
        if not isinstance(event, (str, bytes)):
            raise TypeError(_("its event is no text"))
        parsed = stored_event(event if isinstance(event, str) else event.decode())
        if not (isinstance(seq, int) and isinstance(prev, str) and isinstance(digest, str)):
            raise TypeError(_("its columns are of the wrong type"))
    except (ValueError, KeyError, TypeError, RecursionError, BadEvent) as error:
        why = _("is unreadable ({why})", why=error)
        raise TamperedLedger(path, seq_of(seq), why) from None
    return Entry.read(seq, parsed, prev, digest)


def verified_entry(path: str, seq: int, text: str, row: Row) -> Entry:
    """The entry of a row whose text was just verified against its hash,
    read the careful way: its event must be that very text (the careful
    reading may write another, which the hash does not cover)."""
    entry = entry_of(path, row)
    if entry.event.canonical() != text:
        raise TamperedLedger(path, seq, _("does not match its hash"))
    return entry


def broken(path: str, chain: Chain, row: Row, fields: tuple[int, str, str, str]) -> None:
    """Raise TamperedLedger for a row (``fields``: seq, text, prev, hash)
    that does not link to ``chain``: a row that is no event says so first."""
    seq, text, prev, digest = fields
    try:
        chain.link(seq, prev, digest, text)
    except TamperedLedger:
        entry_of(path, row)
        raise


def seq_of(value: object) -> int:
    return value if isinstance(value, int) else 0
