"""Worker for the ledger tests: append events to a store from a separate process.

python append.py STORE WORKER COUNT [READY GO]

STORE ends in ``.jsonl`` for a JSON Lines store, anything else is SQLite.
COUNT 0 appends until the process is killed. With READY and GO the worker
creates the file READY and waits (at most 30 s) for the file GO before it
opens the store, so that two workers start at the same moment.

Every append goes through a gate that insists on being shown exactly the
entries after the worker's last one, none of them its own; a violation makes
the gate refuse, the append raise and the worker exit non-zero.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from foreningsregler.protocol import JsonlLedger, SqliteLedger
from foreningsregler.protocol.ledger import GENESIS, Entry, Event


def wait_for_go(ready: Path, go: Path) -> None:
    ready.touch()
    deadline = time.monotonic() + 30
    while not go.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{go} never appeared")
        time.sleep(0.005)


def main() -> None:
    path, worker, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    if len(sys.argv) == 6:
        wait_for_go(Path(sys.argv[4]), Path(sys.argv[5]))
    ledger = JsonlLedger(path) if path.suffix == ".jsonl" else SqliteLedger(path)
    known, last_hash = 0, GENESIS
    numbers = range(count) if count else itertools.count()
    for number in numbers:
        seen: list[Entry] = []

        def gate(new: Sequence[Entry], known: int = known, seen: list[Entry] = seen) -> None:
            seqs = [entry.seq for entry in new]
            if seqs != list(range(known + 1, known + 1 + len(new))):
                raise RuntimeError(f"{worker}: gate after {known} was shown {seqs}")
            if any(entry.event.actor == worker for entry in new):
                raise RuntimeError(f"{worker}: gate was shown its own entry")
            seen.extend(new)

        event = Event(
            "note",
            dt.date(2016, 3, 17),
            worker,
            {"worker": worker, "n": number, "tekst": "Generalforsamling i Sorø"},
        )
        entry = ledger.append(event, gate, known)
        if entry.seq != known + len(seen) + 1:
            raise RuntimeError(f"{worker}: seq {entry.seq} after {known} + {len(seen)} seen")
        if entry.prev_hash != (seen[-1].hash if seen else last_hash):
            raise RuntimeError(f"{worker}: entry {entry.seq} does not follow what it saw")
        known, last_hash = entry.seq, entry.hash


if __name__ == "__main__":
    main()
