"""A protocol on disk: which paths are protocols, and what every file store checks.

A read-only opening never creates or changes a file; a path that is not a
protocol of this library (missing, a directory, a special file, another
application's database) is refused with ``NotAProtocol`` before anything is
read from it, so a FIFO cannot hang a reader and ``/dev/zero`` cannot eat its
memory. ``Guard`` holds what a store checks on every read besides the chain:
the head file, the head the caller expects, and the key's codes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import attrs
import filelock

from ..errors import ForeningsreglerError, expect
from ..i18n import _
from .ledger import Entry, Head, TamperedLedger, check_head_at
from .protection import (
    BadKey,
    HeadRecord,
    Key,
    check_code,
    check_code_of,
    check_head_code,
    read_head,
    write_head,
)

#: How long a writer waits for another writer's lock before giving up.
LOCK_TIMEOUT = 30.0


class NotAProtocol(ForeningsreglerError):
    """A path that is not a protocol of this library (or not there)."""

    def __init__(self, path: str | os.PathLike[str], why: str) -> None:
        self.path = os.fspath(path)
        super().__init__(f"{self.path}: {why}")


class LedgerBusy(ForeningsreglerError):
    """Another writer held the protocol's lock for longer than a writer waits."""


class ReadOnlyLedger(ForeningsreglerError):
    """An append to a protocol opened read-only."""


class TornLedger(TamperedLedger):
    """A JSON Lines protocol whose last line is incomplete (a crash mid-write)."""


def existing_file(path: str | os.PathLike[str], *, read_only: bool) -> bool:
    """Whether ``path`` is a regular file; False when it is missing and may be
    created. Anything else is refused without opening it."""
    expect(path, (str, os.PathLike), "path", "a protocol's path (text or a Path)")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if read_only:
            raise NotAProtocol(path, _("no protocol here (the file does not exist)")) from None
        if not Path(path).parent.is_dir():
            raise NotAProtocol(path, _("the folder for a new protocol does not exist")) from None
        return False
    except OSError as error:
        why = _("cannot be read ({reason})", reason=error.strerror)
        raise NotAProtocol(path, why) from None
    if stat.S_ISDIR(mode):
        raise NotAProtocol(path, _("is a folder, not a protocol"))
    if not stat.S_ISREG(mode):
        why = _("is a special file (a device, pipe or socket), not a protocol")
        raise NotAProtocol(path, why)
    return True


def lock_for(path: str | os.PathLike[str]) -> filelock.BaseFileLock:
    """The writers' lock beside the protocol (portable: no fcntl needed)."""
    return filelock.FileLock(f"{os.fspath(path)}.lock", timeout=LOCK_TIMEOUT)


def busy(path: str | os.PathLike[str]) -> LedgerBusy:
    message = _(
        "{path}: another writer held the lock for {seconds} s",
        path=os.fspath(path),
        seconds=f"{LOCK_TIMEOUT:.0f}",
    )
    return LedgerBusy(message)


@attrs.frozen
class Guard:
    """What a store checks besides the chain, and writes after a commit."""

    where: str
    key: Key | None = None
    expect: Head | None = None
    adopt: bool = False  # a missing head file is accepted (``repair`` writes one)

    def head_first(self) -> HeadRecord | None:
        """The head file, read before the entries: it is written after their
        commit, so it never names more than a read that follows finds."""
        return read_head(self.where)

    def wanted(self, record: HeadRecord | None) -> frozenset[int]:
        """The entries whose hash a head names: kept while the entries stream by."""
        return frozenset(h.count for h in (record and record.head, self.expect) if h)

    def check_entry(self, entry: Entry, code: str | None) -> None:
        """With a key, ``entry`` must carry the key's code."""
        if self.key is not None:
            check_code(entry, code, self.key, self.where)

    def check_code(self, seq: int, digest: str, code: str | None) -> None:
        """``check_entry`` of the entry ``seq`` whose hash is ``digest``."""
        if self.key is not None:
            check_code_of(seq, digest, code, self.key, self.where)

    def check_heads(
        self, count: int, hash_at: Callable[[int], str], record: HeadRecord | None
    ) -> None:
        """Raise TamperedLedger unless the head file read before (``record``)
        and the expected head agree with the chain of ``count`` entries
        (``hash_at(seq)``: the hash of entry ``seq``)."""
        if record is None and count and not self.adopt:
            raise TamperedLedger(
                self.where, count, _("has no head file (run 'repair' to write one)")
            )
        if record is not None:
            check_head_code(record, self.key, self.where)
            check_head_at(count, hash_at, record.head, self.where, _("its head file"))
        if self.expect is not None:
            check_head_at(count, hash_at, self.expect, self.where, _("the expected head"))

    def may_write(self, read_only: bool) -> None:
        """Refuse an append to a protocol opened read-only, and to one written
        with a key without that key."""
        if read_only:
            raise ReadOnlyLedger(_("{path}: opened read-only; nothing is written", path=self.where))
        record = read_head(self.where)
        if self.key is None and record is not None and record.authenticated:
            raise BadKey(
                _("{path}: this protocol is authenticated; give its key to write", path=self.where)
            )

    def committed(self, head: Head) -> None:
        write_head(self.where, head, self.key)
