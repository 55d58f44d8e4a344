"""The protocol as JSON Lines: one entry per line, never overwritten.

Entries read once are kept with the file offset they end at, so each read
or append verifies only what other writers added since. A last line without
its newline is a crash mid-write (or a writer still writing, which a reader
waits out briefly): it is reported as ``TornLedger``, never dropped or
overwritten; ``repair`` mends it after keeping a copy.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

import filelock

from ..errors import expect
from ..i18n import _
from .files import Guard, TornLedger, busy, existing_file, lock_for
from .ledger import BadEvent, Entry, Event, Gate, Head, TamperedLedger, chained, verify
from .protection import Key

#: How long a reader waits for a writer to finish its line before calling it torn.
_TORN_PATIENCE = 1.0


class JsonlLedger:
    """One JSON object per line; a lock file orders writers."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        key: Key | None = None,
        read_only: bool = False,
        expect_head: Head | None = None,
        adopt_head: bool = False,
    ) -> None:
        expect(path, (str, os.PathLike), "path", "a protocol's path (text or a Path)")
        self.path = Path(path)
        self.read_only = read_only
        self._guard = Guard(os.fspath(path), key, expect_head, adopt_head)
        self._lock = threading.Lock()
        self._entries: list[Entry] = []
        self._offset = 0
        if not existing_file(path, read_only=read_only):
            self._create()
        self.entries()  # verify on open

    def _create(self) -> None:
        try:
            with lock_for(self.path):
                with self.path.open("ab"):
                    pass
                if self.path.stat().st_size == 0:
                    self._guard.committed(())
        except filelock.Timeout:
            raise busy(self.path) from None

    def head(self) -> Head:
        """The chain's head: the number of entries and the last entry's hash."""
        return Head.of(self.entries())

    def entries(self) -> tuple[Entry, ...]:
        """Every entry on file, in order, read anew (another writer's included)."""
        deadline = time.monotonic() + _TORN_PATIENCE
        with self._lock:
            while True:
                try:
                    with self.path.open("rb") as handle:
                        self._catch_up(handle)
                    return tuple(self._entries)
                except TornLedger:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)  # a writer may be finishing its line

    def _catch_up(self, handle: BinaryIO) -> None:
        record = self._guard.head_first()
        size = os.fstat(handle.fileno()).st_size
        if size < self._offset:
            raise TamperedLedger(
                str(self.path), len(self._entries), _("was cut short while the protocol was open")
            )
        handle.seek(self._offset)
        raw = handle.read()
        if raw and not raw.endswith(b"\n"):
            raise TornLedger(
                str(self.path),
                len(self._entries) + raw.count(b"\n") + 1,
                _("is an incomplete last line (a crash mid-write?)"),
                _("'foreningsregler repair' mends it and keeps a copy"),
            )
        lines = raw.splitlines()
        parsed = [self._parse(line, len(self._entries) + i) for i, line in enumerate(lines, 1)]
        new = [entry for entry, _code in parsed]
        verify(new, str(self.path), self._entries[-1] if self._entries else None)
        self._guard.check([*self._entries, *new], new, [code for _entry, code in parsed], record)
        self._entries.extend(new)
        self._offset += len(raw)

    def _parse(self, line: bytes, number: int) -> tuple[Entry, str | None]:
        try:
            value = json.loads(line)
            entry = Entry(
                value["seq"], Event.from_json(value["event"]), value["prev"], value["hash"]
            )
            code = value.get("code")
            if not isinstance(code, str | None):
                raise TypeError(_("its code is no text"))
            return entry, code
        except (ValueError, KeyError, TypeError, RecursionError, BadEvent) as error:
            detail = _("is unreadable ({error})", error=error)
            raise TamperedLedger(str(self.path), number, detail) from None

    def append(self, event: Event, gate: Gate, known: int) -> Entry:
        """Append one event after ``gate`` has judged the entries since ``known``."""
        return self.append_all((event,), gate, known)[0]

    def append_all(self, events: Sequence[Event], gate: Gate, known: int) -> tuple[Entry, ...]:
        """Append events as one write under the lock, or none if ``gate`` refuses."""
        self._guard.may_write(self.read_only)
        try:
            with self._lock, lock_for(self.path), self.path.open("r+b") as handle:
                self._catch_up(handle)
                gate(self._entries[known:])
                new = chained(self._entries, events)
                data = b"".join(self._line(entry) for entry in new)
                self._write(handle, data)
                self._entries.extend(new)
                self._offset += len(data)
                self._guard.committed(self._entries)
                return tuple(new)
        except filelock.Timeout:
            raise busy(self.path) from None

    def _write(self, handle: BinaryIO, data: bytes) -> None:
        """Write ``data`` after the last entry; a failed write (a full disk)
        takes its own partial bytes back, leaving no torn line."""
        handle.seek(self._offset)
        try:
            handle.write(data)
            handle.flush()
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
