"""The append-only protocol stores: chain, tampering, refusals, concurrency, crashes."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from foreningsregler.ledger import (
    GENESIS,
    Event,
    JsonlLedger,
    Ledger,
    MemoryLedger,
    SqliteLedger,
    TamperedLedger,
    chain_hash,
)

WORKER = Path(__file__).parent / "ledger_workers" / "append.py"
DAY = dt.date(2016, 3, 17)
Store = Callable[[], Ledger]


def note(actor: str, n: int) -> Event:
    return Event("note", DAY, actor, {"n": n, "tekst": "Sorø og Næstved"})


def accept(_: object) -> None:
    return None


def append_all(ledger: Ledger, events: list[Event]) -> None:
    for event in events:
        ledger.append(event, accept, len(ledger.entries()))


@pytest.fixture(params=["memory", "jsonl", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    shared = MemoryLedger()
    makers: dict[str, Store] = {
        "memory": lambda: shared,
        "jsonl": lambda: JsonlLedger(tmp_path / "protokol.jsonl"),
        "sqlite": lambda: SqliteLedger(tmp_path / "protokol.db"),
    }
    return makers[request.param]


def test_entries_form_a_hash_chain(store: Store) -> None:
    ledger = store()
    events = [note("Sorø", n) for n in range(5)]
    append_all(ledger, events)
    entries = store().entries()
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert [e.event for e in entries] == events
    assert entries[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.hash
        assert after.hash == chain_hash(before.hash, after.event)


def test_a_recorded_event_cannot_be_changed_through_its_data(store: Store) -> None:
    data = {"n": 1}
    event = Event("note", DAY, "Sorø", data)
    store().append(event, accept, 0)
    data["n"] = 2
    assert store().entries()[0].event.data == {"n": 1}


def test_a_refusing_gate_writes_nothing(store: Store, tmp_path: Path) -> None:
    ledger = store()
    append_all(ledger, [note("Sorø", 0)])
    files = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}

    def refuse(_: object) -> None:
        raise ValueError("nej")

    with pytest.raises(ValueError, match="nej"):
        ledger.append(note("Sorø", 1), refuse, 1)
    assert len(store().entries()) == 1
    for path, content in files.items():
        if path.suffix == ".jsonl":
            assert path.read_bytes() == content


@pytest.mark.parametrize("kind", ["jsonl", "sqlite"])
def test_the_gate_sees_what_other_writers_appended(kind: str, tmp_path: Path) -> None:
    path = tmp_path / ("protokol.jsonl" if kind == "jsonl" else "protokol.db")
    first, second = (
        (JsonlLedger(path), JsonlLedger(path))
        if kind == "jsonl"
        else (SqliteLedger(path), SqliteLedger(path))
    )
    first.append(note("Sorø", 0), accept, 0)
    seen: list[object] = []
    second.append(note("Køge", 0), lambda new: seen.extend(new), 0)
    assert [e.event.actor for e in seen] == ["Sorø"]  # type: ignore[attr-defined]
    assert [e.event.actor for e in first.entries()] == ["Sorø", "Køge"]


def jsonl_with(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "protokol.jsonl"
    append_all(JsonlLedger(path), [note("Sorø", n) for n in range(count)])
    return path


def rewrite_lines(path: Path, change: Callable[[list[str]], list[str]]) -> None:
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join(change(lines)) + "\n", "utf-8")


@pytest.mark.parametrize(
    ("change", "seq"),
    [
        (lambda lines: [*lines[:2], lines[2].replace("Sorø", "Slagelse", 1), *lines[3:]], 3),
        (lambda lines: [*lines[:2], *lines[3:]], 3),
        (lambda lines: [lines[0], lines[2], lines[1], *lines[3:]], 2),
        (lambda lines: [*lines[:3], lines[3].replace('"hash": "', '"hash": "0', 1)], 4),
    ],
    ids=["changed", "removed", "swapped", "hash"],
)
def test_jsonl_tampering_is_detected_on_open(
    tmp_path: Path, change: Callable[[list[str]], list[str]], seq: int
) -> None:
    path = jsonl_with(tmp_path, 4)
    rewrite_lines(path, change)
    with pytest.raises(TamperedLedger) as caught:
        JsonlLedger(path)
    assert caught.value.seq == seq


@pytest.mark.parametrize(
    ("sql", "seq"),
    [
        ("UPDATE protocol SET event = replace(event, 'Sorø', 'Slagelse') WHERE seq = 3", 3),
        ("DELETE FROM protocol WHERE seq = 2", 2),
        ("UPDATE protocol SET hash = 'x' || hash WHERE seq = 4", 4),
    ],
    ids=["changed", "removed", "hash"],
)
def test_sqlite_tampering_is_detected_on_open(tmp_path: Path, sql: str, seq: int) -> None:
    path = tmp_path / "protokol.db"
    ledger = SqliteLedger(path)
    append_all(ledger, [note("Sorø", n) for n in range(4)])
    ledger.close()
    with sqlite3.connect(path) as connection:
        connection.execute(sql)
    with pytest.raises(TamperedLedger) as caught:
        SqliteLedger(path)
    assert caught.value.seq == seq


def test_a_torn_last_line_is_ignored_then_replaced(tmp_path: Path) -> None:
    path = jsonl_with(tmp_path, 3)
    with path.open("ab") as handle:
        handle.write(b'{"event": {"kind": "note", "date": "2016-03-')
    assert [e.seq for e in JsonlLedger(path).entries()] == [1, 2, 3]
    JsonlLedger(path).append(note("Køge", 9), accept, 3)
    entries = JsonlLedger(path).entries()
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert all(json.loads(line) for line in path.read_text("utf-8").splitlines())


@pytest.mark.parametrize(
    ("kind", "shared"),
    [("memory", True), ("jsonl", True), ("jsonl", False), ("sqlite", True), ("sqlite", False)],
    ids=[
        "memory",
        "jsonl-one-object",
        "jsonl-per-thread",
        "sqlite-one-object",
        "sqlite-per-thread",
    ],
)
def test_threads_lose_nothing(kind: str, shared: bool, tmp_path: Path) -> None:
    path = tmp_path / ("protokol.jsonl" if kind == "jsonl" else "protokol.db")
    memory = MemoryLedger()

    def make() -> Ledger:
        if kind == "memory":
            return memory
        return JsonlLedger(path) if kind == "jsonl" else SqliteLedger(path)

    common = make()

    def work(worker: int) -> None:
        ledger = common if shared else make()
        known = len(ledger.entries())
        for n in range(50):
            known = ledger.append(Event("note", DAY, f"t{worker}", {"n": n}), accept, known).seq

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    entries = make().entries()
    assert [e.seq for e in entries] == list(range(1, 401))
    for worker in range(8):
        assert [e.event.data["n"] for e in entries if e.event.actor == f"t{worker}"] == list(
            range(50)
        )


def run_workers(path: Path, count: int) -> None:
    procs = [
        subprocess.Popen([sys.executable, str(WORKER), str(path), f"p{i}", str(count)])
        for i in range(2)
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0


@pytest.mark.parametrize("name", ["protokol.db", "protokol.jsonl"])
def test_two_processes_lose_nothing_and_never_interleave(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    run_workers(path, 200)
    entries = (JsonlLedger(path) if name.endswith(".jsonl") else SqliteLedger(path)).entries()
    assert [e.seq for e in entries] == list(range(1, 401))
    for worker in ("p0", "p1"):
        assert [e.event.data["n"] for e in entries if e.event.actor == worker] == list(range(200))


@pytest.mark.parametrize("name", ["protokol.db", "protokol.jsonl"])
def test_a_killed_writer_leaves_a_valid_prefix(tmp_path: Path, name: str) -> None:
    path = tmp_path / name

    def count() -> int:
        if not path.exists():
            return 0
        try:
            return len(
                (JsonlLedger(path) if name.endswith(".jsonl") else SqliteLedger(path)).entries()
            )
        except (TamperedLedger, sqlite3.OperationalError):
            return 0

    proc = subprocess.Popen([sys.executable, str(WORKER), str(path), "p0", "0"])
    deadline = time.monotonic() + 60
    while count() < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    ledger = JsonlLedger(path) if name.endswith(".jsonl") else SqliteLedger(path)
    entries = ledger.entries()
    assert len(entries) >= 20
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert [e.event.data["n"] for e in entries] == list(range(len(entries)))
    ledger.append(note("Køge", 0), accept, len(entries))
    assert len(ledger.entries()) == len(entries) + 1
