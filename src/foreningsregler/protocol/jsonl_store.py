"""The protocol as JSON Lines: one entry per line, never overwritten.

Entries read once are kept with the file offset they end at, so each read
or append verifies only what other writers added since. A writer verifies
the file on opening; a read-only store on its first read, in one pass that
hashes each line once as it yields its entry, the heads checked when the
lines end (``_verifying``, as ``SqliteLedger`` does). A last line without
its newline is a crash mid-write (or a writer still writing, which a reader
waits out briefly): it is reported as ``TornLedger``, never dropped or
overwritten; ``repair`` mends it after keeping a copy.

Each append is one write of whole lines under the writers' lock, then the
file is synced and the head file written, or, for a block of appends
(``writing``), synced and written once when the block ends; with
``durability="full"`` every append is synced before it returns.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable, Container, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import attrs

from ..errors import expect
from ..i18n import _
from .files import (
    Guard,
    TornLedger,
    Writer,
    durability_of,
    existing_file,
    sync_file,
    writers_lock,
)
from .ledger import (
    GENESIS,
    BadEvent,
    Chain,
    Entry,
    Event,
    Gate,
    Head,
    TamperedLedger,
    chained_after,
)
from .protection import HeadRecord, Key
from .stored import plain_day, plain_event

#: How long a reader waits for a writer to finish its line before calling it torn.
_TORN_PATIENCE = 1.0
#: Every so many entries the offset after it is kept: a scan from the middle
#: starts near where it is asked to, and nothing else is kept of the entries.
_MARK = 4096
_CHUNK = 1 << 20


_T = TypeVar("_T")

#: An event's canonical text (``Event.canonical``), written by one encoder made once.
_CANONICAL = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
).encode


def event_of(value: Any) -> Event:
    """The event of a line's ``event`` object: taken as it is when it is
    one as ``Event.to_json`` writes it, else read the careful way
    (``Event.from_json``), which refuses or mends it."""
    text = _plain_text(value)
    event = plain_event(value, text) if text is not None else None
    return event if event is not None else Event.from_json(value)


def canonical_of(value: Any) -> str:
    """``event_of(value).canonical()``, the event not made when it need not be."""
    text = _plain_text(value)
    return text if text is not None else Event.from_json(value).canonical()


def _text_and_event(value: Any) -> tuple[str, Event]:
    """``canonical_of(value)`` and ``event_of(value)``, each made once."""
    text = _plain_text(value)
    event = plain_event(value, text) if text is not None else None
    if text is None or event is None:
        event = Event.from_json(value)
        return event.canonical(), event
    return text, event


def _plain_text(value: Any) -> str | None:
    """The canonical text of an event object as ``Event.to_json`` writes it."""
    if type(value) is not dict or "data" not in value or plain_day(value) is None:
        return None
    try:
        text = _CANONICAL(value)
        text.isascii() or text.encode()  # UnicodeEncodeError: a lone surrogate
    except (ValueError, RecursionError):  # NaN, a lone surrogate...
        return None
    return text


@attrs.frozen
class _Mark:
    seq: int
    offset: int  # where the line after entry ``seq`` begins
    hash: str


class JsonlLedger:
    """One JSON object per line; a lock file orders writers.

    A writer verifies the protocol when it opens it; a read-only store
    (``read_only=True``) when it first reads (a torn last line is still told
    on opening): ``head()``, ``entries()`` or a ``scan`` raises
    ``TamperedLedger``, not the opening."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        key: Key | None = None,
        read_only: bool = False,
        expect_head: Head | None = None,
        adopt_head: bool = False,
        durability: str = "normal",
    ) -> None:
        expect(path, (str, os.PathLike), "path", "a protocol's path (text or a Path)")
        self.path = Path(path)
        self.read_only = read_only
        self.durability = durability_of(durability)
        self._writer = Writer(path)
        self._guard = Guard(os.fspath(path), key, expect_head, adopt_head)
        self._lock = threading.RLock()  # a gate may read the entries (a correction)
        self._chain = Chain(os.fspath(path))  # the verified end; no entry is kept
        self._offset = 0
        self._marks = [_Mark(0, 0, GENESIS)]
        if not existing_file(path, read_only=read_only):
            self._create()
        if read_only:  # verified when first read: a replay's one pass (``_verifying``)
            self._patiently(self._check_whole)
        else:
            self.head()  # verify on open, streaming

    def _create(self) -> None:
        with writers_lock(self.path):
            with self.path.open("ab"):
                pass
            if self.path.stat().st_size == 0:
                self._guard.committed(Head(0, GENESIS))

    def head(self) -> Head:
        """The count and hash of the last entry, read under the lock."""
        with self._lock:
            self._patiently(self._catch_up)
            return self._chain.head

    def _patiently(self, read: Callable[[BinaryIO], None]) -> None:
        """``read`` the file; a torn last line is given a moment to be finished."""
        deadline = time.monotonic() + _TORN_PATIENCE
        while True:
            try:
                with self.path.open("rb") as handle:
                    read(handle)
                return
            except TornLedger:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)  # a writer may be finishing its line

    def _check_whole(self, handle: BinaryIO) -> None:
        self._check_torn(handle, os.fstat(handle.fileno()).st_size)

    def entries(self) -> tuple[Entry, ...]:
        """Every entry, checked as it is read (``scan`` streams them instead)."""
        return tuple(self.scan())

    def scan(self, start: int = 0, stop: int | None = None) -> Iterator[Entry]:
        """The entries after ``start`` up to ``stop`` (all, without it), read
        line by line and verified as they stream by; none is kept."""
        with self._lock:
            if not self._chain.count and not self._offset:  # nothing verified yet
                return self._verifying(start, stop)
        known = self.head()
        end = known.count if stop is None else min(stop, known.count)
        return self._scanned(start, end, known)

    def _verifying(self, start: int, stop: int | None) -> Iterator[Entry]:
        """One pass over every line of a protocol not verified yet (as
        ``SqliteLedger._verifying``): each line's hash, place and code
        verified before its entry (after ``start`` up to ``stop``) is yielded,
        each text hashed once; the heads checked when the lines end. A torn
        last line is read as ``head`` reads it, with its moment of patience."""
        record = self._guard.head_first()
        with self.path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            try:
                self._check_torn(handle, size)
            except TornLedger:
                torn = True
            else:
                torn = False
                chain, seen, marks = Chain(str(self.path)), dict[int, str](), list[_Mark]()
                yield from self._verified_lines(
                    handle, size, chain, (start, stop), (record, seen, marks)
                )
        if torn:  # read as ``head`` reads it: waited for, or told
            known = self.head()
            yield from self._scanned(
                start, known.count if stop is None else min(stop, known.count), known
            )
            return
        with self._lock:

            def hash_at(seq: int) -> str:
                return chain.hash if seq == chain.count else seen.get(seq) or self._hash_at(seq)

            self._guard.check_heads(chain.count, hash_at, record)
            if not self._offset:  # nothing verified meanwhile
                self._chain, self._offset = chain, size
                self._marks.extend(marks)

    def _verified_lines(
        self,
        handle: BinaryIO,
        size: int,
        chain: Chain,
        wanted_range: tuple[int, int | None],
        kept: tuple[HeadRecord | None, dict[int, str], list[_Mark]],
    ) -> Iterator[Entry]:
        """``_verifying``'s lines up to ``size``: each linked to ``chain``, its
        entry yielded if it lies in ``wanted_range``; the hashes the heads
        name, and the marks, kept."""
        (start, stop), (record, seen, marks) = wanted_range, kept
        last = stop if stop is not None else 1 << 62
        wanted = self._guard.wanted(record)
        offset = 0
        handle.seek(0)
        while offset < size:
            line = handle.readline(size - offset)
            offset += len(line)
            seq, (text, event), prev, digest, code = self._fields(
                line, chain.count + 1, _text_and_event
            )
            self._linked(chain, (seq, text, prev, digest, code), offset, (wanted, seen, marks))
            if start < seq <= last:
                yield Entry.read(seq, event, prev, digest)

    def _scanned(self, start: int, end: int, known: Head) -> Iterator[Entry]:
        if start >= end:
            return
        mark = max((m for m in self._marks if m.seq <= start), key=lambda m: m.seq)
        where = str(self.path)
        with self.path.open("rb") as handle:
            handle.seek(mark.offset)
            chain = Chain(where, mark.seq, mark.hash)
            for _skipped in range(mark.seq, start - 1):
                handle.readline()
            if start > mark.seq:
                chain = Chain(where, start, self._parse(handle.readline(), start)[0].hash)
            while chain.count < end:
                line = handle.readline()
                if not line.endswith(b"\n"):
                    break
                entry, code = self._parse(line, chain.count + 1)
                chain.follow(entry)
                self._guard.check_entry(entry, code)
                yield entry
        if chain.count != end or (end == known.count and chain.hash != known.hash):
            why = _("changed while the protocol was open")
            raise TamperedLedger(where, chain.count + 1, why)

    def _catch_up(self, handle: BinaryIO, heads: bool = True) -> None:
        """Verify the lines other writers appended since the last look, as they
        stream by; and, with ``heads``, the head file and the expected head."""
        size = os.fstat(handle.fileno()).st_size
        if not heads and size == self._offset:  # a block's later appends: nothing new
            return
        record = self._guard.head_first()
        if size < self._offset:
            raise TamperedLedger(
                str(self.path), self._chain.count, _("was cut short while the protocol was open")
            )
        self._check_torn(handle, size)
        wanted = self._guard.wanted(record)
        chain = Chain(str(self.path), self._chain.count, self._chain.hash)
        seen: dict[int, str] = {}
        marks: list[_Mark] = []
        offset = self._offset
        handle.seek(offset)
        while offset < size:
            line = handle.readline(size - offset)
            offset += len(line)
            # each event's canonical text is hashed; the events are made when read
            fields = self._fields(line, chain.count + 1, canonical_of)
            self._linked(chain, fields, offset, (wanted, seen, marks))

        def hash_at(seq: int) -> str:
            return chain.hash if seq == chain.count else seen.get(seq) or self._hash_at(seq)

        self._guard.check_heads(chain.count, hash_at, record)
        self._chain, self._offset = chain, offset
        self._marks.extend(marks)

    def _linked(
        self,
        chain: Chain,
        fields: tuple[int, str, str, str, str | None],
        offset: int,
        kept: tuple[Container[int], dict[int, str], list[_Mark]],
    ) -> None:
        """A line's entry (seq, canonical text, previous hash, hash, code),
        ending at ``offset``, linked to ``chain`` and its code checked; its
        hash kept where the heads name it (``kept``), and a mark every ``_MARK``."""
        seq, text, prev, digest, code = fields
        wanted, seen, marks = kept
        chain.link(seq, prev, digest, text)
        self._guard.check_code(seq, digest, code)
        if seq in wanted:
            seen[seq] = digest
        if seq % _MARK == 0:
            marks.append(_Mark(seq, offset, digest))

    def _check_torn(self, handle: BinaryIO, size: int) -> None:
        """A last line without its newline: a crash mid-write, or a writer still writing."""
        if size <= self._offset:
            return
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return
        handle.seek(self._offset)
        lines = 0
        while chunk := handle.read(_CHUNK):
            lines += chunk.count(b"\n")
        raise TornLedger(
            str(self.path),
            self._chain.count + lines + 1,
            _("is an incomplete last line (a crash mid-write?)"),
            _("'foreningsregler repair' mends it and keeps a copy"),
        )

    def _hash_at(self, seq: int) -> str:
        """The stored hash of entry ``seq`` (verified when it was first read)."""
        mark = max((m for m in self._marks if m.seq <= seq), key=lambda m: m.seq)
        if mark.seq == seq:
            return mark.hash
        with self.path.open("rb") as handle:
            handle.seek(mark.offset)
            for _skipped in range(mark.seq, seq - 1):
                handle.readline()
            return self._parse(handle.readline(), seq)[0].hash

    def _parse(self, line: bytes, number: int) -> tuple[Entry, str | None]:
        seq, event, prev, digest, code = self._fields(line, number, event_of)
        return Entry.read(seq, event, prev, digest), code

    def _fields(
        self, line: bytes, number: int, read: Callable[[Any], _T]
    ) -> tuple[Any, _T, Any, Any, str | None]:
        """A line's seq, its event as ``read`` reads it, its previous hash,
        hash and code; TamperedLedger when it is unreadable."""
        try:
            value = json.loads(line)
            seq, event = value["seq"], read(value["event"])
            prev, digest, code = value["prev"], value["hash"], value.get("code")
            if not isinstance(code, str | None):
                raise TypeError(_("its code is no text"))
            return seq, event, prev, digest, code
        except (ValueError, KeyError, TypeError, RecursionError, BadEvent) as error:
            detail = _("is unreadable ({error})", error=error)
            raise TamperedLedger(str(self.path), number, detail) from None

    def append(self, event: Event, gate: Gate, known: int) -> Entry:
        """Append one event after ``gate`` has judged the entries since ``known``."""
        return self.append_all((event,), gate, known)[0]

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """Hold the writers' lock for a block of appends (``with
        ledger.writing(): ...``): each append is still one write of whole
        lines; the file is synced and the head file written once, when the
        block ends, before the lock is let go. Other writers wait for the
        block (``LedgerBusy`` after 30 s)."""
        if not self._writer.in_block:  # an outer block checked this
            self._guard.may_write(self.read_only)
        return self._writer.block(self._publish)

    def append_all(self, events: Sequence[Event], gate: Gate, known: int) -> tuple[Entry, ...]:
        """Append events as one write under the lock, or none if ``gate`` refuses."""
        if not self._writer.in_block:  # a block checked this when it began
            self._guard.may_write(self.read_only)
        # The writers' lock first: a thread waiting for another's block holds
        # nothing that block needs.
        with self._writer.append(self._publish), self._lock, self.path.open("r+b") as handle:
            heads = self._writer.heads_due()
            self._catch_up(handle, heads=heads)
            if heads:
                self._writer.heads_checked()
            gate(tuple(self._scanned(known, self._chain.count, self._chain.head)))
            new = chained_after(self._chain.head, events)
            lines = [self._line(entry) for entry in new]
            self._write(handle, b"".join(lines))
            self._advance(new, lines)
            return tuple(new)

    def _publish(self) -> None:
        """Sync the lines written and then write the head file naming them
        (``durability="full"`` synced each write already)."""
        if self.durability != "full":
            sync_file(self.path)
        self._guard.committed(self._chain.head)

    def _advance(self, new: Sequence[Entry], lines: Sequence[bytes]) -> None:
        """The chain's end moves past ``new``, just written as ``lines``; its marks too."""
        for entry, line in zip(new, lines, strict=True):
            self._offset += len(line)
            if entry.seq % _MARK == 0:
                self._marks.append(_Mark(entry.seq, self._offset, entry.hash))
        if new:
            self._chain = Chain(str(self.path), new[-1].seq, new[-1].hash)

    def _write(self, handle: BinaryIO, data: bytes) -> None:
        """Write ``data`` after the last entry; a failed write (a full disk)
        takes its own partial bytes back, leaving no torn line."""
        handle.seek(self._offset)
        try:
            handle.write(data)
            handle.flush()
            if self.durability == "full":
                os.fsync(handle.fileno())
        except BaseException:
            handle.truncate(self._offset)
            raise

    def _line(self, entry: Entry) -> bytes:
        record: dict[str, Any] = {
            "seq": entry.seq,
            "event": entry.event.to_json(),
            "prev": entry.prev_hash,
            "hash": entry.hash,
        }
        if self._guard.key is not None:
            record["code"] = self._guard.key.entry_code(entry)
        return json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
