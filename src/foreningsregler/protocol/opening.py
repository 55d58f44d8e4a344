"""Opening a protocol by its file name, verifying it, and mending it.

``open_ledger`` picks the store by the name (``*.jsonl`` is JSON Lines,
anything else SQLite). ``verify_ledger`` opens one read-only and says what
was checked. ``repair`` is the only thing that changes a protocol other than
appending: it keeps a copy first, then completes or cuts a torn last line and
writes the head file of a chain that verifies; it never hides tampering (a
store shorter than its head stays refused).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import attrs

from ..i18n import _
from .files import NotAProtocol, existing_file, sync_file, writers_lock
from .jsonl_store import JsonlLedger
from .ledger import GENESIS, Entry, Event, Head, TamperedLedger, chain_hash
from .protection import BadKey, Key, head_path, read_head, write_head
from .sqlite_store import SqliteLedger

FileLedger = JsonlLedger | SqliteLedger


def open_ledger(
    path: str | os.PathLike[str],
    *,
    read_only: bool = False,
    key: Key | None = None,
    expect_head: Head | None = None,
    adopt_head: bool = False,
    durability: str = "normal",
) -> FileLedger:
    """A JSON Lines ledger for ``*.jsonl``, otherwise SQLite. ``adopt_head``
    accepts a missing head file (only ``repair`` uses it); ``durability``
    ("normal" or "full") is docs/protocol.md's "Durability"."""
    store = JsonlLedger if Path(path).suffix == ".jsonl" else SqliteLedger
    return store(
        path,
        key=key,
        read_only=read_only,
        expect_head=expect_head,
        adopt_head=adopt_head,
        durability=durability,
    )


@attrs.frozen
class Verified:
    """What ``verify`` found: the head, and whether codes were checked."""

    head: Head
    authenticated: bool  # every entry's code checked with the key
    keyed: bool  # the head says the protocol is written with a key
    expected: bool


def verify_ledger(
    path: str | os.PathLike[str], *, key: Key | None = None, expect_head: Head | None = None
) -> Verified:
    """Open ``path`` read-only and check its chain, head file, the expected
    head and, with a key, every entry's code; TamperedLedger when one fails."""
    ledger = open_ledger(path, read_only=True, key=key, expect_head=expect_head)
    for _entry in ledger.scan():  # every event read, not only its chain
        pass
    record = read_head(path)
    keyed = record is not None and record.authenticated
    return Verified(ledger.head(), key is not None, keyed, expect_head is not None)


@attrs.frozen
class Repaired:
    """What ``repair`` did: the copy it kept, what it mended, the head now."""

    copy: Path
    mended: tuple[str, ...]
    head: Head


def repair(path: str | os.PathLike[str], *, key: Key | None = None) -> Repaired:
    """Keep a copy of the protocol, mend a torn last line, write its head."""
    existing_file(path, read_only=True)
    record = read_head(path)
    if Path(path).suffix == ".jsonl" and record is None:
        _looks_like_a_protocol(Path(path))
    if key is None and record is not None and record.authenticated:
        message = _(
            "{path}: this protocol is authenticated; give its key to repair",
            path=os.fspath(path),
        )
        raise BadKey(message)
    with writers_lock(path):
        copy = _keep_copy(Path(path))
        mended = _mend_torn_line(Path(path)) if Path(path).suffix == ".jsonl" else ()
        # Read-only inside the lock this holds: a writer's opening would wait for it.
        ledger = open_ledger(path, read_only=True, key=key, adopt_head=True)
        for _entry in ledger.scan():  # every event read: only a readable chain is mended
            pass
        head = ledger.head()
        if record is None or record.head != head:
            # What the head will name is on the disk first (a writer killed
            # before its sync may have left it in memory only).
            sync_file(path)
            sync_file(f"{os.fspath(path)}-wal")
            write_head(path, head, key)
            mended += ("head-written",)
        return Repaired(copy, mended, head)


def _looks_like_a_protocol(path: Path) -> None:
    """Without a head file, only a file whose first line is a protocol's first
    entry is mended: repair never cuts another program's file down to nothing."""
    first = path.read_bytes().split(b"\n", 1)[0]
    if not first or not _whole_entry(first, b""):
        raise NotAProtocol(path, _("is not a protocol of this library, so nothing was repaired"))


def _keep_copy(path: Path) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    copy = path.with_name(f"{path.name}.{stamp}.bak")
    shutil.copy2(path, copy)
    if head_path(path).exists():
        shutil.copy2(head_path(path), head_path(copy))
    return copy


def _mend_torn_line(path: Path) -> tuple[str, ...]:
    """Complete a last line that is a whole entry but lost its newline; cut
    one that is not (the copy keeps its bytes)."""
    raw = path.read_bytes()
    if not raw or raw.endswith(b"\n"):
        return ()
    start = raw.rfind(b"\n") + 1
    with path.open("r+b") as handle:
        if _whole_entry(raw[start:], raw[:start]):
            handle.seek(len(raw))
            handle.write(b"\n")
            return ("line-completed",)
        handle.truncate(start)
        return ("line-cut",)


def _whole_entry(line: bytes, before: bytes) -> bool:
    """Whether ``line`` is an entry that follows the last complete one."""
    try:
        value = json.loads(line)
        entry = Entry(value["seq"], Event.from_json(value["event"]), value["prev"], value["hash"])
        previous = json.loads(before.splitlines()[-1])["hash"] if before else None
    except (ValueError, KeyError, TypeError, RecursionError, IndexError):
        return False
    prev = previous if previous is not None else GENESIS
    return entry.prev_hash == prev and chain_hash(prev, entry.event) == entry.hash


__all__ = [
    "FileLedger",
    "Repaired",
    "TamperedLedger",
    "Verified",
    "open_ledger",
    "repair",
    "verify_ledger",
]
