"""The append-only protocol stores: chain, reopening, gates, tampering, torn
lines, threads, processes and killed writers.

Most tests run against all three stores through the ``kind`` and ``reopen``
fixtures: ``reopen()`` gives a new store object on the same backing (for the
memory store, the one shared object).
"""

from __future__ import annotations

import contextlib
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
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from foreningsregler.protocol import TornLedger, repair
from foreningsregler.protocol.jsonl_store import JsonlLedger
from foreningsregler.protocol.ledger import (
    GENESIS,
    Entry,
    Event,
    Head,
    Ledger,
    MemoryLedger,
    TamperedLedger,
    chain_hash,
    verify,
)
from foreningsregler.protocol.protection import write_head
from foreningsregler.protocol.sqlite_store import SqliteLedger

WORKER = Path(__file__).parent / "ledger_workers" / "append.py"
DAY = dt.date(2016, 3, 17)
ACTORS = ["Sorø", "Køge", "Næstved", "Ærøskøbing", "Aabenraa"]
TEKST = "Bestyrelsen i Sorø vedtog æøå ÆØÅ — “citat” §4 stk. 2"

Reopen = Callable[[], Ledger]


def note(actor: str, n: int, day: dt.date = DAY) -> Event:
    return Event("note", day, actor, {"n": n, "tekst": TEKST})


def five_events() -> list[Event]:
    """Five events; the middle one (seq 3) is by Næstved with n == 3."""
    return [note(actor, n, DAY + dt.timedelta(days=n)) for n, actor in enumerate(ACTORS, 1)]


def accept(new: Sequence[Entry]) -> None:
    return None


def append_all(ledger: Ledger, events: Sequence[Event]) -> list[Entry]:
    return [ledger.append(event, accept, len(ledger.entries())) for event in events]


def path_for(tmp_path: Path, kind: str) -> Path:
    return tmp_path / ("protokol.jsonl" if kind == "jsonl" else "protokol.db")


def open_store(path: Path) -> JsonlLedger | SqliteLedger:
    return JsonlLedger(path) if path.suffix == ".jsonl" else SqliteLedger(path)


def sqlite_rows(path: Path) -> list[tuple[Any, ...]]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute(
            "SELECT seq, event, prev, hash FROM protocol ORDER BY seq"
        ).fetchall()


@pytest.fixture(params=["memory", "jsonl", "sqlite"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def reopen(kind: str, tmp_path: Path) -> Reopen:
    """Open a (new) store object on a fresh store in ``tmp_path``."""
    if kind == "memory":
        shared = MemoryLedger()
        return lambda: shared
    path = path_for(tmp_path, kind)
    return lambda: open_store(path)


file_kinds = pytest.mark.parametrize("file_kind", ["jsonl", "sqlite"])


# --- 1. append and read back -----------------------------------------------


def sample_events() -> list[Event]:
    return [
        Event("meeting", dt.date(2016, 3, 17), "Sorø", {"sted": "Sorø Kro", "tekst": TEKST}),
        Event("vote", dt.date(2016, 3, 17), "Køge", {"for": 12, "imod": 3, "blank": 0}),
        Event("motion", dt.date(2017, 1, 2), "Ærøskøbing", {"forslag": {"§": [4, "stk. 2"]}}),
        Event("resign", dt.date(2018, 12, 31), "Næstved", {}),
        Event("note", dt.date(2019, 2, 28), "Aabenraa", {"beløb": 1.5, "godkendt": True}),
    ]


def test_appended_events_come_back_in_a_hash_chain(reopen: Reopen) -> None:
    ledger = reopen()
    assert ledger.entries() == ()
    events = sample_events()
    returned = append_all(ledger, events)
    entries = ledger.entries()
    assert entries == tuple(returned)
    assert [entry.seq for entry in entries] == [1, 2, 3, 4, 5]
    assert [entry.event for entry in entries] == events
    for entry, event in zip(entries, events, strict=True):
        assert (entry.event.kind, entry.event.date, entry.event.actor) == (
            event.kind,
            event.date,
            event.actor,
        )
        assert dict(entry.event.data) == dict(event.data)
    assert entries[0].event.data["tekst"] == TEKST
    assert entries[2].event.data == {"forslag": {"§": [4, "stk. 2"]}}
    assert entries[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.hash
    for entry in entries:
        assert entry.hash == chain_hash(entry.prev_hash, entry.event)
    assert len({entry.hash for entry in entries}) == 5
    verify(entries, "test")
    reopened = reopen().entries()
    assert reopened == entries
    assert [entry.event for entry in reopened] == sample_events()  # not the same objects


@pytest.mark.parametrize(
    "data",
    [{"n": 1, "tekst": TEKST}, {"n": 1, "stemmer": {"for": [1, 2]}}],
    ids=["flat", "nested"],
)
def test_changing_the_data_dict_after_appending_changes_nothing(
    reopen: Reopen, data: dict[str, Any]
) -> None:
    original = json.loads(json.dumps(data))
    ledger = reopen()
    entry = ledger.append(Event("note", DAY, "Sorø", data), accept, 0)
    data["n"] = 2
    data["ny"] = "Køge"
    if "stemmer" in data:
        data["stemmer"]["for"].append(3)
        data["stemmer"]["imod"] = 9
    assert entry.event.data == original
    assert ledger.entries()[0].event.data == original
    assert reopen().entries()[0].event.data == original
    verify(reopen().entries(), "test")


@pytest.mark.parametrize("handle", ["appended", "read-back"])
def test_changing_a_recorded_event_through_its_data_changes_nothing(
    reopen: Reopen, handle: str
) -> None:
    """``Event`` is frozen: neither the event the caller appended nor one read
    back may be a handle on what the store has recorded (raising on the change
    is as good as ignoring it)."""
    ledger = reopen()
    event = Event("note", DAY, "Sorø", {"n": 1})
    ledger.append(event, accept, 0)
    target = event if handle == "appended" else ledger.entries()[0].event
    with contextlib.suppress(TypeError):
        target.data["n"] = 2  # type: ignore[index]
    assert ledger.entries()[0].event.data == {"n": 1}
    assert reopen().entries()[0].event.data == {"n": 1}
    verify(ledger.entries(), "test")


def test_a_jsonl_line_always_matches_its_hash(tmp_path: Path) -> None:
    """An event whose data changed after its canonical form was first taken
    must still be written so that the store reopens."""
    event = Event("note", DAY, "Sorø", {"n": 1})
    MemoryLedger().append(event, accept, 0)  # takes the canonical form
    with contextlib.suppress(TypeError):
        event.data["n"] = 2  # type: ignore[index]
    path = tmp_path / "protokol.jsonl"
    JsonlLedger(path).append(event, accept, 0)
    assert JsonlLedger(path).entries()[0].event == event


def test_the_same_events_chain_identically_in_every_store(tmp_path: Path) -> None:
    events = five_events()
    stores: list[Ledger] = [
        MemoryLedger(),
        JsonlLedger(tmp_path / "a.jsonl"),
        SqliteLedger(tmp_path / "a.db"),
    ]
    chains = [tuple(append_all(store, events)) for store in stores]
    assert chains[0] == chains[1] == chains[2]
    assert MemoryLedger(events).entries() == chains[0]


# --- 2. reopening -----------------------------------------------------------


@file_kinds
def test_reopening_gives_exactly_the_same_entries(file_kind: str, tmp_path: Path) -> None:
    path = path_for(tmp_path, file_kind)
    first = open_store(path)
    written = tuple(append_all(first, five_events()))
    if isinstance(first, SqliteLedger):
        first.close()
    reopened = open_store(path).entries()
    assert reopened == written
    assert [entry.event for entry in reopened] == five_events()
    # Replaying the stored events from scratch reproduces every seq and hash.
    assert MemoryLedger([entry.event for entry in reopened]).entries() == reopened
    # A reopened store continues the chain where it ended.
    second = open_store(path)
    sixth = second.append(note("Sorø", 6), accept, 5)
    assert (sixth.seq, sixth.prev_hash) == (6, written[-1].hash)
    assert open_store(path).entries() == (*written, sixth)


# --- 3. gates ---------------------------------------------------------------


class Refused(Exception):
    pass


def test_the_gate_is_shown_exactly_the_entries_after_known(reopen: Reopen) -> None:
    ledger = reopen()
    written = append_all(ledger, five_events()[:3])
    for known in range(4):
        shown: list[Entry] = []

        def refuse(new: Sequence[Entry], shown: list[Entry] = shown) -> None:
            shown.extend(new)
            raise Refused

        with pytest.raises(Refused):
            ledger.append(note("Køge", 9), refuse, known)
        assert shown == written[known:]
    shown = []
    entry = ledger.append(note("Køge", 9), shown.extend, 1)
    assert shown == written[1:]
    assert (entry.seq, entry.prev_hash) == (4, written[-1].hash)


def test_a_refusing_gate_writes_nothing(kind: str, reopen: Reopen, tmp_path: Path) -> None:
    path = path_for(tmp_path, kind)
    ledger = reopen()
    before = tuple(append_all(ledger, five_events()[:2]))
    raw_before = path.read_bytes() if kind == "jsonl" else None
    rows_before = sqlite_rows(path) if kind == "sqlite" else None
    refusal = Refused("nej tak")

    def refuse(new: Sequence[Entry]) -> None:
        raise refusal

    with pytest.raises(Refused) as caught:
        ledger.append(note("Køge", 3), refuse, 2)
    assert caught.value is refusal
    assert ledger.entries() == before
    assert reopen().entries() == before
    if kind == "jsonl":
        assert path.read_bytes() == raw_before
    if kind == "sqlite":
        assert sqlite_rows(path) == rows_before
        assert len(sqlite_rows(path)) == 2
    # The refusal leaves no gap and no lock: another object's next event is number 3.
    third = reopen().append(note("Køge", 3), accept, 2)
    assert (third.seq, third.prev_hash) == (3, before[-1].hash)
    assert ledger.entries() == (*before, third)
    assert reopen().entries() == (*before, third)


def test_a_gate_refusing_on_an_empty_store_writes_nothing(
    kind: str, reopen: Reopen, tmp_path: Path
) -> None:
    ledger = reopen()

    def refuse(new: Sequence[Entry]) -> None:
        assert list(new) == []
        raise Refused

    with pytest.raises(Refused):
        ledger.append(note("Sorø", 1), refuse, 0)
    assert reopen().entries() == ()
    if kind == "jsonl":
        assert path_for(tmp_path, kind).read_bytes() == b""
    if kind == "sqlite":
        assert sqlite_rows(path_for(tmp_path, kind)) == []


@file_kinds
def test_a_stale_writer_is_shown_what_another_object_appended(
    file_kind: str, tmp_path: Path
) -> None:
    path = path_for(tmp_path, file_kind)
    first, second = open_store(path), open_store(path)
    assert second.entries() == ()  # second now believes the store is empty
    by_first = append_all(first, five_events()[:2])

    # Refusing after seeing the other writer's entries writes nothing.
    shown: list[Entry] = []

    def refuse(new: Sequence[Entry]) -> None:
        shown.extend(new)
        raise Refused

    with pytest.raises(Refused):
        second.append(note("Køge", 9), refuse, 0)
    assert shown == by_first
    assert open_store(path).entries() == tuple(by_first)

    # Accepting stores the event after them.
    shown.clear()
    entry = second.append(note("Køge", 9), shown.extend, 0)
    assert shown == by_first
    assert (entry.seq, entry.prev_hash) == (3, by_first[-1].hash)
    assert first.entries() == (*by_first, entry)
    assert open_store(path).entries() == (*by_first, entry)

    # And the first, stale in turn, is shown the second's entry.
    shown.clear()
    fourth = first.append(note("Sorø", 10), shown.extend, 2)
    assert shown == [entry]
    assert fourth.seq == 4


# --- 4. tampering -----------------------------------------------------------


def flip_hex(value: str) -> str:
    return ("1" if value[0] == "0" else "0") + value[1:]


def one_byte(old: bytes, new: bytes) -> Callable[[list[bytes]], list[bytes]]:
    """Replace ``old`` by ``new`` (same length, one byte apart) in line 3."""
    assert len(old) == len(new) and sum(a != b for a, b in zip(old, new, strict=True)) == 1

    def change(lines: list[bytes]) -> list[bytes]:
        assert lines[2].count(old) == 1
        return [*lines[:2], lines[2].replace(old, new), *lines[3:]]

    return change


def in_record(change: Callable[[dict[str, Any]], None]) -> Callable[[list[bytes]], list[bytes]]:
    """Rewrite line 3 with ``change`` applied to its parsed record."""

    def rewrite(lines: list[bytes]) -> list[bytes]:
        record = json.loads(lines[2])
        change(record)
        line = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return [*lines[:2], line, *lines[3:]]

    return rewrite


def rehash(record: dict[str, Any]) -> None:
    record["event"]["actor"] = "Slagelse"
    record["hash"] = chain_hash(record["prev"], Event.from_json(record["event"]))


JSONL_TAMPERING: dict[str, tuple[Callable[[list[bytes]], list[bytes]], int]] = {
    "actor-byte": (one_byte("Næstved".encode(), "Næztved".encode()), 3),
    "data-byte": (one_byte(b'"n": 3', b'"n": 4'), 3),
    "text-byte": (one_byte("vedtog æøå".encode(), "vedtog æøä".encode()), 3),
    "date-byte": (one_byte(b'"2016-03-20"', b'"2016-03-21"'), 3),
    "kind-byte": (one_byte(b'"kind": "note"', b'"kind": "nota"'), 3),
    "line-deleted": (lambda lines: [*lines[:2], *lines[3:]], 3),
    "lines-swapped": (lambda lines: [lines[0], lines[2], lines[1], *lines[3:]], 2),
    "line-duplicated": (lambda lines: [*lines[:3], lines[2], *lines[3:]], 4),
    "hash-changed": (in_record(lambda r: r.update(hash=flip_hex(r["hash"]))), 3),
    "prev-changed": (in_record(lambda r: r.update(prev=flip_hex(r["prev"]))), 3),
    "seq-changed": (in_record(lambda r: r.update(seq=9)), 3),
    "rehashed": (in_record(rehash), 4),
    "garbage": (lambda lines: [*lines[:2], b"{not json", *lines[3:]], 3),
}


@pytest.mark.parametrize(("change", "seq"), JSONL_TAMPERING.values(), ids=JSONL_TAMPERING.keys())
def test_jsonl_tampering_is_detected_on_open(
    tmp_path: Path, change: Callable[[list[bytes]], list[bytes]], seq: int
) -> None:
    path = tmp_path / "protokol.jsonl"
    append_all(JsonlLedger(path), five_events())
    lines = path.read_bytes().splitlines()
    assert len(lines) == 5
    changed = change(lines)
    assert changed != lines
    path.write_bytes(b"".join(line + b"\n" for line in changed))
    with pytest.raises(TamperedLedger) as caught:
        JsonlLedger(path)
    assert caught.value.seq == seq
    assert caught.value.where == str(path)
    assert f"event {seq} " in str(caught.value)


def sql(statement: str, *parameters: object) -> Callable[[sqlite3.Connection], None]:
    return lambda connection: connection.execute(statement, parameters) and None


def sqlite_swap(connection: sqlite3.Connection) -> None:
    (two,), (three,) = connection.execute(
        "SELECT event FROM protocol WHERE seq IN (2, 3) ORDER BY seq"
    ).fetchall()
    connection.execute("UPDATE protocol SET event = ? WHERE seq = 2", (three,))
    connection.execute("UPDATE protocol SET event = ? WHERE seq = 3", (two,))


def sqlite_flip(column: str) -> Callable[[sqlite3.Connection], None]:
    def flip(connection: sqlite3.Connection) -> None:
        (value,) = connection.execute(f"SELECT {column} FROM protocol WHERE seq = 3").fetchone()
        connection.execute(f"UPDATE protocol SET {column} = ? WHERE seq = 3", (flip_hex(value),))

    return flip


def sqlite_rehash(connection: sqlite3.Connection) -> None:
    event, prev = connection.execute("SELECT event, prev FROM protocol WHERE seq = 3").fetchone()
    forged = Event.from_json({**json.loads(event), "actor": "Slagelse"})
    connection.execute(
        "UPDATE protocol SET event = ?, hash = ? WHERE seq = 3",
        (forged.canonical(), chain_hash(prev, forged)),
    )


SQLITE_TAMPERING: dict[str, tuple[Callable[[sqlite3.Connection], None], int]] = {
    "actor-changed": (
        sql("UPDATE protocol SET event = replace(event, 'Næstved', 'Næztved') WHERE seq = 3"),
        3,
    ),
    "data-changed": (
        sql("""UPDATE protocol SET event = replace(event, '"n":3', '"n":4') WHERE seq = 3"""),
        3,
    ),
    "row-deleted": (sql("DELETE FROM protocol WHERE seq = 3"), 3),
    "rows-swapped": (sqlite_swap, 2),
    "hash-changed": (sqlite_flip("hash"), 3),
    "prev-changed": (sqlite_flip("prev"), 3),
    "seq-changed": (sql("UPDATE protocol SET seq = 9 WHERE seq = 3"), 3),
    "rehashed": (sqlite_rehash, 4),
    "garbage": (sql("UPDATE protocol SET event = '{not json' WHERE seq = 3"), 3),
}


@pytest.mark.parametrize(("change", "seq"), SQLITE_TAMPERING.values(), ids=SQLITE_TAMPERING.keys())
def test_sqlite_tampering_is_detected_on_open(
    tmp_path: Path, change: Callable[[sqlite3.Connection], None], seq: int
) -> None:
    path = tmp_path / "protokol.db"
    ledger = SqliteLedger(path)
    append_all(ledger, five_events())
    ledger.close()
    before = sqlite_rows(path)
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        change(connection)
    assert sqlite_rows(path) != before
    with pytest.raises(TamperedLedger) as caught:
        SqliteLedger(path)
    assert caught.value.seq == seq
    assert caught.value.where == str(path)
    assert f"event {seq} " in str(caught.value)


# --- 5. a torn last line ------------------------------------------------------


def torn_fourth_line(tmp_path: Path) -> tuple[Path, bytes, bytes]:
    """A JSONL store of three events followed by half the line the fourth would
    be, as a crash in mid-write leaves it (its head file still says three);
    also the intact four-event file."""
    events = five_events()[:4]
    reference = tmp_path / "reference.jsonl"
    written = append_all(JsonlLedger(reference), events)
    intact = reference.read_bytes()
    lines = intact.splitlines(keepends=True)
    path = tmp_path / "protokol.jsonl"
    path.write_bytes(b"".join(lines[:3]) + lines[3][: len(lines[3]) // 2])
    write_head(path, Head.of(written[:3]), None)
    return path, b"".join(lines[:3]), intact


def test_a_torn_last_line_is_reported_not_dropped(tmp_path: Path) -> None:
    path, _, _ = torn_fourth_line(tmp_path)
    raw = path.read_bytes()
    with pytest.raises(TornLedger) as torn:
        JsonlLedger(path)
    assert torn.value.seq == 4
    assert "incomplete last line" in str(torn.value) and "repair" in str(torn.value)
    assert path.read_bytes() == raw  # reading changed nothing


def test_repair_cuts_a_torn_line_and_keeps_a_copy(tmp_path: Path) -> None:
    path, three_lines, intact = torn_fourth_line(tmp_path)
    raw = path.read_bytes()
    done = repair(path)
    assert done.mended == ("line-cut",)
    assert done.copy.read_bytes() == raw  # the torn bytes are kept
    assert path.read_bytes() == three_lines
    ledger = JsonlLedger(path)
    fourth = ledger.append(five_events()[3], accept, 3)
    assert path.read_bytes() == intact  # as an uninterrupted run writes it
    assert JsonlLedger(path).entries()[-1] == fourth


def test_repair_completes_a_whole_entry_that_lost_its_newline(tmp_path: Path) -> None:
    path = tmp_path / "protokol.jsonl"
    written = append_all(JsonlLedger(path), five_events()[:2])
    path.write_bytes(path.read_bytes()[:-1])  # the last newline is lost
    with pytest.raises(TornLedger):
        JsonlLedger(path)
    assert repair(path).mended == ("line-completed",)
    assert JsonlLedger(path).entries() == tuple(written)


def test_a_store_opened_before_the_tear_reports_it(tmp_path: Path) -> None:
    path = tmp_path / "protokol.jsonl"
    ledger = JsonlLedger(path)
    append_all(ledger, five_events()[:3])
    with path.open("ab") as handle:
        handle.write(b'{"event": {"actor": "K\xc3\xb8ge", "da')
    raw = path.read_bytes()
    with pytest.raises(TornLedger):
        ledger.entries()
    with pytest.raises(TornLedger):  # nor does a writer write over it
        ledger.append(note("Køge", 4), accept, 3)
    assert path.read_bytes() == raw


# --- 6. threads ---------------------------------------------------------------

THREADS, PER_THREAD = 8, 50


def append_as(ledger: Ledger, actor: str, count: int) -> list[Entry]:
    """Append ``count`` events, each through a gate that insists on being shown
    exactly the entries after this writer's last one, none of them its own."""
    known, last_hash, mine = 0, GENESIS, []
    for n in range(count):
        shown: list[Entry] = []

        def gate(new: Sequence[Entry], known: int = known, shown: list[Entry] = shown) -> None:
            assert [e.seq for e in new] == list(range(known + 1, known + 1 + len(new)))
            assert all(e.event.actor != actor for e in new)
            shown.extend(new)

        event = Event("note", DAY, actor, {"worker": actor, "n": n, "tekst": TEKST})
        entry = ledger.append(event, gate, known)
        assert entry.seq == known + len(shown) + 1
        assert entry.prev_hash == (shown[-1].hash if shown else last_hash)
        assert entry.event == event
        known, last_hash = entry.seq, entry.hash
        mine.append(entry)
    return mine


WORKER_TEKST = "Generalforsamling i Sorø"  # what the worker script writes


def assert_all_landed(
    entries: Sequence[Entry], writers: Sequence[str], count: int, tekst: str = TEKST
) -> None:
    assert [entry.seq for entry in entries] == list(range(1, len(writers) * count + 1))
    verify(entries, "test")
    for writer in writers:
        mine = [entry.event.data for entry in entries if entry.event.actor == writer]
        assert [data["n"] for data in mine] == list(range(count))
        assert all(data["worker"] == writer and data["tekst"] == tekst for data in mine)


@pytest.mark.parametrize(
    ("kind", "shared"),
    [("memory", True), ("jsonl", True), ("jsonl", False), ("sqlite", True), ("sqlite", False)],
    ids=[
        "memory",
        "jsonl-one-object",
        "jsonl-object-per-thread",
        "sqlite-one-object",
        "sqlite-object-per-thread",
    ],
)
def test_threads_lose_nothing(reopen: Reopen, shared: bool) -> None:
    common = reopen()
    start = threading.Barrier(THREADS)

    def work(number: int) -> list[Entry]:
        try:
            ledger = common if shared else reopen()
        except BaseException:
            start.abort()  # let the other threads fail at once instead of waiting
            raise
        start.wait(timeout=30)
        try:
            return append_as(ledger, f"tråd-{number}", PER_THREAD)
        finally:
            if isinstance(ledger, SqliteLedger):
                ledger.close()  # this thread's connection

    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(work, number) for number in range(THREADS)]
        results = [future.result(timeout=60) for future in futures]
    entries = reopen().entries()
    assert_all_landed(entries, [f"tråd-{number}" for number in range(THREADS)], PER_THREAD)
    # What each append returned is what was stored.
    assert sorted(entry.seq for mine in results for entry in mine) == list(range(1, 401))
    for mine in results:
        assert [entries[entry.seq - 1] for entry in mine] == mine


# --- 7. processes ---------------------------------------------------------------


def start_worker(path: Path, name: str, count: int, *barrier: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, str(WORKER), str(path), name, str(count), *map(str, barrier)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate(timeout=10)
        raise
    assert proc.returncode == 0, stderr.decode("utf-8", "replace")


def wait_until(condition: Callable[[], bool], procs: Sequence[subprocess.Popen[bytes]]) -> None:
    """Poll ``condition`` for at most 20 s while the workers are alive."""
    deadline = time.monotonic() + 20
    while not condition():
        for proc in procs:
            if proc.poll() is not None:
                _, stderr = proc.communicate()
                pytest.fail(f"worker ended ({proc.returncode}): {stderr.decode(errors='replace')}")
        if time.monotonic() > deadline:
            pytest.fail("the workers did not get there within 20 s")
        time.sleep(0.01)


@file_kinds
def test_two_processes_lose_nothing_and_never_interleave(file_kind: str, tmp_path: Path) -> None:
    path = path_for(tmp_path, file_kind)
    go = tmp_path / "go"
    names = ["proces-Sorø", "proces-Køge"]
    ready = [tmp_path / f"ready-{number}" for number in range(2)]
    procs = [
        start_worker(path, name, 200, flag, go) for name, flag in zip(names, ready, strict=True)
    ]
    try:
        wait_until(lambda: all(flag.exists() for flag in ready), procs)
        go.touch()  # both open the store and append from the same moment
        for proc in procs:
            finish(proc)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate(timeout=10)

    if file_kind == "jsonl":
        raw = path.read_bytes()
        assert raw.endswith(b"\n")
        records = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
        assert [record["seq"] for record in records] == list(range(1, 401))
        assert all(set(record) == {"seq", "event", "prev", "hash"} for record in records)
    else:
        with contextlib.closing(sqlite3.connect(path)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert [row[0] for row in sqlite_rows(path)] == list(range(1, 401))
    entries = open_store(path).entries()
    assert_all_landed(entries, names, 200, WORKER_TEKST)


def test_opening_a_fresh_sqlite_file_waits_for_another_opener(tmp_path: Path) -> None:
    """While another process sets up a brand-new file it holds a write lock on it
    in rollback mode (switching to WAL writes the header); opening the store at
    that moment must wait for it (``timeout``), not fail with "database is
    locked". Two processes opening a new protocol at once hit exactly this."""
    path = tmp_path / "protokol.db"
    holding, release = threading.Event(), threading.Event()

    def other_opener() -> None:
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
            connection.execute("BEGIN IMMEDIATE")
            holding.set()
            release.wait(timeout=10)
            connection.execute("COMMIT")

    thread = threading.Thread(target=other_opener)
    thread.start()
    try:
        assert holding.wait(timeout=10)
        threading.Timer(0.3, release.set).start()
        ledger = SqliteLedger(path, timeout=10)
    finally:
        release.set()
        thread.join(timeout=10)
    assert ledger.entries() == ()
    assert ledger.append(note("Sorø", 1), accept, 0).seq == 1


# --- 8. a writer killed mid-stream -------------------------------------------------


def stored_count(path: Path) -> int:
    """How many entries the file holds, read without the store's help."""
    if not path.exists():
        return 0
    if path.suffix == ".jsonl":
        return path.read_bytes().count(b"\n")
    if not path.with_name(path.name + "-wal").exists():
        return 0  # not yet switched to WAL: keep out of the worker's way while it sets up
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=5)) as connection:
            return int(connection.execute("SELECT count(*) FROM protocol").fetchone()[0])
    except sqlite3.OperationalError:  # the worker has not yet created the table
        return 0


@file_kinds
def test_a_killed_writer_leaves_a_valid_prefix(file_kind: str, tmp_path: Path) -> None:
    path = path_for(tmp_path, file_kind)
    proc = start_worker(path, "Sorø", 0)  # appends until killed
    try:
        wait_until(lambda: stored_count(path) >= 20, [proc])
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    ledger = open_store(path)
    entries = ledger.entries()
    k = len(entries)
    assert k >= 20
    assert [entry.seq for entry in entries] == list(range(1, k + 1))
    verify(entries, str(path))
    assert [entry.event.data["n"] for entry in entries] == list(range(k))
    assert all(entry.event.actor == "Sorø" for entry in entries)

    after = ledger.append(note("Køge", k), accept, k)
    assert (after.seq, after.prev_hash) == (k + 1, entries[-1].hash)
    reopened = open_store(path).entries()
    assert reopened == (*entries, after)
    verify(reopened, str(path))
    if file_kind == "jsonl":
        lines = path.read_bytes().splitlines()
        assert [json.loads(line)["seq"] for line in lines] == list(range(1, k + 2))
