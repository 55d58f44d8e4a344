"""A protocol on disk: which paths are protocols, and what every file store checks.

A read-only opening never creates or changes a file; a path that is not a
protocol of this library (missing, a directory, a special file, another
application's database) is refused with ``NotAProtocol`` before anything is
read from it, so a FIFO cannot hang a reader and ``/dev/zero`` cannot eat its
memory. ``Guard`` holds what a store checks on every read besides the chain:
the head file, the head the caller expects, and the key's codes. ``Writer``
holds the writers' lock, for one append or for a block of them (``writing``),
and publishes the head before it lets the lock go.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import filelock

from ..errors import BadArgument, ForeningsreglerError, expect, shown
from ..i18n import _
from .ledger import GENESIS, Entry, Head, TamperedLedger
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
#: How durable a commit is when ``append`` returns (docs/protocol.md,
#: "Durability"): "normal" survives a killed process, and the entries the
#: head file names survive a power loss too; "full" makes every commit
#: survive a power loss before ``append`` returns.
DURABILITIES = ("normal", "full")


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
    # One lock object per file in this process (``is_singleton``): a thread
    # that holds it through one store takes it again through another on the
    # same path, instead of waiting for itself; other threads and processes
    # wait. Its timeout is given when it is taken (``writers_lock``).
    where = os.path.realpath(f"{os.fspath(path)}.lock")  # one spelling per file
    return filelock.FileLock(where, thread_local=True, is_singleton=True)


@contextlib.contextmanager
def writers_lock(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the writers' lock of ``path``; LedgerBusy after ``LOCK_TIMEOUT`` s."""
    lock = lock_for(path)
    try:
        lock.acquire(timeout=LOCK_TIMEOUT)
    except filelock.Timeout:
        raise busy(path) from None
    try:
        yield
    finally:
        lock.release()


def durability_of(value: object) -> str:
    """``value`` if it is one of ``DURABILITIES``, else BadArgument."""
    if not isinstance(value, str) or value not in DURABILITIES:
        raise BadArgument(_("durability: 'normal' or 'full', not {value}", value=shown(value)))
    return value


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


class Writer:
    """The writers' lock as the threads of one store hold it: for a single
    append, publishing the head (``publish``) right after its commit, or for
    a block of appends (``block``), publishing once when the block ends. The
    head is always published before the lock is let go, so the next writer
    finds it naming every entry committed under the lock."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._path = os.fspath(path)
        self._local = threading.local()  # this thread's block: depth, unpublished, heads due

    @property
    def in_block(self) -> bool:
        """Whether this thread holds the lock for a block of appends."""
        return bool(getattr(self._local, "depth", 0))

    def heads_due(self) -> bool:
        """Whether this append must check the head file: always outside a
        block; inside one until an append has checked it (no other writer
        changes what this one checked while it holds the lock)."""
        return not self.in_block or bool(self._local.heads_due)

    def heads_checked(self) -> None:
        """The head file was checked under this block's lock."""
        if self.in_block:
            self._local.heads_due = False

    @contextlib.contextmanager
    def block(self, publish: Callable[[], None]) -> Iterator[None]:
        """Hold the lock while the block runs; publish once at its end if
        anything was appended (even when the block raised)."""
        if self.in_block:  # nested: the outer block publishes
            self._local.depth += 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        with self._held():
            self._local.depth, self._local.unpublished, self._local.heads_due = 1, False, True
            try:
                yield
            finally:
                self._local.depth = 0
                if self._local.unpublished:
                    self._local.unpublished = False
                    publish()

    @contextlib.contextmanager
    def append(self, publish: Callable[[], None]) -> Iterator[None]:
        """One append: inside a block, under its lock, published at its end;
        otherwise under the lock for this append alone, published at once."""
        if self.in_block:
            yield
            self._local.unpublished = True
            return
        with self._held():
            yield
            publish()

    def _held(self) -> contextlib.AbstractContextManager[None]:
        return writers_lock(self._path)


def sync_file(path: str | os.PathLike[str]) -> None:
    """Flush a file to the disk, whoever wrote it (SQLite's write-ahead log);
    a file that is gone has nothing to flush. POSIX syncs through a read-only
    descriptor; Windows needs one open for writing."""
    try:
        descriptor = os.open(path, os.O_RDWR if os.name == "nt" else os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def check_head_at(
    count: int, hash_at: Callable[[int], str], head: Head, where: str, source: str
) -> None:
    """Raise TamperedLedger unless a chain of ``count`` entries, read as it
    streams by, reaches ``head``: as many entries at least, and the one at
    its count with its hash (entries after it are later appends; only a key
    can tell whether they are forged). ``hash_at(seq)`` is the hash of its
    entry ``seq`` (1 <= seq <= count)."""
    if head.count > count:
        detail = _(
            "is missing: {source} says {count}, found {found}",
            source=source,
            count=head.count,
            found=count,
        )
        raise TamperedLedger(where, count + 1, detail)
    at = hash_at(head.count) if head.count else GENESIS
    if at != head.hash:
        detail = _("does not match the head {source} records", source=source)
        raise TamperedLedger(where, head.count, detail)
