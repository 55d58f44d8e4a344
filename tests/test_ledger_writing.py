"""Writing in a block (``ledger.writing()``) and the ``durability`` option.

A block holds the writers' lock while it runs: each append inside it is still
its own transaction (SQLite) or write of whole lines (JSON Lines), visible to
readers at once; the head file is written once, when the block ends, after
what it names is synced to the disk. These tests check what a block promises
(one writer at a time, the head at its end, a crash inside it loses nothing
that was committed and leaves a protocol that opens), what it still detects
(rows deleted, a file cut short under it), and the option's bad values.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

import foreningsregler as fr
from foreningsregler.errors import BadArgument
from foreningsregler.i18n import use_language
from foreningsregler.protocol import files, jsonl_store, opening, sqlite_store
from foreningsregler.protocol.association import Association
from foreningsregler.protocol.files import LedgerBusy, ReadOnlyLedger
from foreningsregler.protocol.jsonl_store import JsonlLedger
from foreningsregler.protocol.ledger import Entry, Event, Head, TamperedLedger, chained_after
from foreningsregler.protocol.opening import open_ledger, repair, verify_ledger
from foreningsregler.protocol.protection import BadKey, Key, read_head
from foreningsregler.protocol.sqlite_store import SqliteLedger

DAY = dt.date(2016, 3, 17)
SRC = Path(__file__).resolve().parent.parent / "src"
FileLedger = JsonlLedger | SqliteLedger

file_kinds = pytest.mark.parametrize("file_kind", ["jsonl", "sqlite"])


def note(n: int, actor: str = "Sorø") -> Event:
    return Event("note", DAY, actor, {"n": n})


def accept(new: Sequence[Entry]) -> None:
    return None


def path_for(tmp_path: Path, kind: str) -> Path:
    return tmp_path / ("protokol.jsonl" if kind == "jsonl" else "protokol.db")


def store(path: Path, **options: object) -> FileLedger:
    kind = JsonlLedger if path.suffix == ".jsonl" else SqliteLedger
    return kind(path, **options)  # type: ignore[arg-type]


def head_count(path: Path) -> int:
    record = read_head(path)
    assert record is not None
    return record.head.count


# --- the block ------------------------------------------------------------------


@file_kinds
def test_a_block_writes_the_head_once_at_its_end(file_kind: str, tmp_path: Path) -> None:
    path = path_for(tmp_path, file_kind)
    ledger = store(path)
    ledger.append(note(0), accept, 0)
    assert head_count(path) == 1
    with ledger.writing():
        for n in range(1, 6):
            entry = ledger.append(note(n), accept, n)
            assert entry.seq == n + 1
            # each append is stored at once; the head still names what it did before
            reader = store(path, read_only=True)
            assert reader.head().count == n + 1
            assert head_count(path) == 1
    assert read_head(path) is not None
    assert head_count(path) == 6
    assert ledger.head() == store(path, read_only=True).head()
    verified = verify_ledger(path)
    assert verified.head.count == 6


@file_kinds
def test_a_block_that_appends_nothing_leaves_the_head_alone(file_kind: str, tmp_path: Path) -> None:
    path = path_for(tmp_path, file_kind)
    ledger = store(path)
    ledger.append(note(0), accept, 0)
    before = path.with_name(path.name + ".head").stat().st_mtime_ns
    with ledger.writing():
        pass
    assert path.with_name(path.name + ".head").stat().st_mtime_ns == before


@file_kinds
def test_nested_blocks_write_the_head_when_the_outer_one_ends(
    file_kind: str, tmp_path: Path
) -> None:
    path = path_for(tmp_path, file_kind)
    ledger = store(path)
    with ledger.writing():
        with ledger.writing():
            ledger.append(note(0), accept, 0)
        assert head_count(path) == 0
        ledger.append(note(1), accept, 1)
    assert head_count(path) == 2


@file_kinds
def test_a_block_that_raises_keeps_and_heads_what_it_committed(
    file_kind: str, tmp_path: Path
) -> None:
    path = path_for(tmp_path, file_kind)
    ledger = store(path)

    def refuse(new: Sequence[Entry]) -> None:
        raise RuntimeError("refused")

    with pytest.raises(RuntimeError, match="refused"), ledger.writing():
        ledger.append(note(0), accept, 0)
        ledger.append(note(1), accept, 1)
        ledger.append(note(2), refuse, 2)
    assert head_count(path) == 2
    assert [e.event.data["n"] for e in store(path).entries()] == [0, 1]
    # the lock was let go: another writer appends at once
    assert store(path).append(note(3, "Køge"), accept, 2).seq == 3


@file_kinds
def test_a_second_writer_waits_for_the_block_and_then_gives_up(
    file_kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = path_for(tmp_path, file_kind)
    ledger, other = store(path), store(path)
    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.2)
    refused: list[BaseException] = []

    def second_writer() -> None:
        try:
            other.append(note(99, "Køge"), accept, 0)
        except LedgerBusy as error:
            refused.append(error)

    with ledger.writing():
        ledger.append(note(0), accept, 0)
        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join(timeout=30)
    assert len(refused) == 1
    assert "another writer held the lock" in str(refused[0])
    assert [e.event.actor for e in store(path).entries()] == ["Sorø"]
    # after the block, the other writer is shown this one's entry and appends
    shown: list[int] = []
    entry = other.append(note(99, "Køge"), lambda new: shown.extend(e.seq for e in new), 0)
    assert (shown, entry.seq) == ([1], 2)


@file_kinds
def test_the_thread_holding_the_block_appends_through_another_store_at_once(
    file_kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One lock object per file in the process: the thread that holds it
    # through one store takes it again through another on the same path (a
    # relative spelling too), instead of waiting for itself and giving up.
    path = path_for(tmp_path, file_kind)
    monkeypatch.chdir(tmp_path)
    ledger, other = store(path), store(Path(path.name))
    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.2)
    with ledger.writing():
        ledger.append(note(0), accept, 0)
        shown: list[int] = []
        entry = other.append(note(1, "Køge"), lambda new: shown.extend(e.seq for e in new), 0)
        assert (shown, entry.seq) == ([1], 2)  # the other store is shown the block's entry
        assert ledger.append(note(2), accept, 2).seq == 3
    assert [e.event.data["n"] for e in store(path).entries()] == [0, 1, 2]
    assert head_count(path) == 3


@file_kinds
def test_repair_waits_for_a_block(
    file_kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = path_for(tmp_path, file_kind)
    ledger = store(path)
    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.2)
    outcome: list[BaseException] = []

    def repairing() -> None:
        try:
            repair(path)
        except LedgerBusy as error:
            outcome.append(error)

    with ledger.writing():
        ledger.append(note(0), accept, 0)
        thread = threading.Thread(target=repairing)
        thread.start()
        thread.join(timeout=30)
    assert len(outcome) == 1


@file_kinds
def test_a_block_on_a_read_only_store_is_refused(file_kind: str, tmp_path: Path) -> None:
    path = path_for(tmp_path, file_kind)
    store(path).append(note(0), accept, 0)
    with pytest.raises(ReadOnlyLedger, match="opened read-only; nothing is written"):
        store(path, read_only=True).writing()


@file_kinds
def test_a_block_on_an_authenticated_store_needs_its_key(file_kind: str, tmp_path: Path) -> None:
    path = path_for(tmp_path, file_kind)
    key = Key(b"k" * 32)
    store(path, key=key).append(note(0), accept, 0)
    with pytest.raises(BadKey, match="this protocol is authenticated; give its key to write"):
        store(path).writing()
    keyed = store(path, key=key)
    with keyed.writing():
        keyed.append(note(1), accept, 1)
    assert verify_ledger(path, key=key).head.count == 2


# --- what a block still detects ---------------------------------------------------


def test_rows_deleted_under_a_sqlite_block_are_detected(tmp_path: Path) -> None:
    path = tmp_path / "protokol.db"
    ledger = SqliteLedger(path)
    with ledger.writing():
        for n in range(3):
            ledger.append(note(n), accept, n)
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
            connection.execute("DELETE FROM protocol WHERE seq = 3")
        with pytest.raises(TamperedLedger, match="event 3 changed while the protocol was open"):
            ledger.append(note(3), accept, 3)


def test_a_jsonl_file_cut_short_under_a_block_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "protokol.jsonl"
    ledger = JsonlLedger(path)
    with ledger.writing():
        for n in range(3):
            ledger.append(note(n), accept, n)
        lines = path.read_bytes().splitlines(keepends=True)
        path.write_bytes(b"".join(lines[:2]))
        with pytest.raises(TamperedLedger, match="was cut short while the protocol was open"):
            ledger.append(note(3), accept, 3)


def test_rows_written_past_the_lock_are_caught_up_and_shown(tmp_path: Path) -> None:
    """One that ignores the lock (another program) and appends a valid entry:
    the block's next append reads it, checks it and shows it to its gate."""
    path = tmp_path / "protokol.db"
    ledger = SqliteLedger(path)
    with ledger.writing():
        ledger.append(note(0), accept, 0)
        [row] = chained_after(ledger.head(), [note(1, "Køge")])
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
            connection.execute(
                "INSERT INTO protocol VALUES (?, ?, ?, ?, NULL)",
                (row.seq, row.event.canonical(), row.prev_hash, row.hash),
            )
        shown: list[int] = []
        entry = ledger.append(note(2), lambda new: shown.extend(e.seq for e in new), 1)
    assert (shown, entry.seq) == ([2], 3)
    assert head_count(path) == 3


# --- crashes ------------------------------------------------------------------


@file_kinds
def test_a_crash_between_the_commit_and_the_head_loses_nothing(
    file_kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = path_for(tmp_path, file_kind)
    ledger = store(path)
    ledger.append(note(0), accept, 0)

    def crash(*args: object) -> None:
        raise OSError("the process died here")

    monkeypatch.setattr(files, "write_head", crash)
    with pytest.raises(OSError, match="died here"):
        ledger.append(note(1), accept, 1)
    monkeypatch.undo()
    # committed, but the head names one entry less: later appends, not tampering
    assert head_count(path) == 1
    reopened = store(path)
    assert [e.event.data["n"] for e in reopened.entries()] == [0, 1]
    assert verify_ledger(path).head.count == 2
    reopened.append(note(2), accept, 2)
    assert head_count(path) == 3


_CRASHING_WRITER = """
import datetime as dt, os, sys
from foreningsregler.protocol.jsonl_store import JsonlLedger
from foreningsregler.protocol.ledger import Event
from foreningsregler.protocol.sqlite_store import SqliteLedger
path = sys.argv[1]
ledger = (JsonlLedger if path.endswith(".jsonl") else SqliteLedger)(path)
with ledger.writing():
    for n in range(1, 11):
        ledger.append(Event("note", dt.date(2016, 3, 17), "Sorø", {"n": n}), lambda new: None, n)
    os._exit(0)  # killed inside the block: no head written, the lock let go by the system
"""


@file_kinds
def test_a_writer_killed_inside_a_block_leaves_a_protocol_that_opens(
    file_kind: str, tmp_path: Path
) -> None:
    path = path_for(tmp_path, file_kind)
    store(path).append(note(0), accept, 0)
    environment = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", _CRASHING_WRITER, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment,
    )
    assert done.returncode == 0, done.stderr
    assert head_count(path) == 1
    ledger = store(path)
    assert [e.event.data["n"] for e in ledger.entries()] == list(range(11))
    with ledger.writing():  # the lock is free again
        ledger.append(note(11), accept, 11)
    assert head_count(path) == 12
    assert verify_ledger(path).head.count == 12


# --- durability -----------------------------------------------------------------


@pytest.mark.parametrize("value", ["fast", "FULL", "", None, 1, True])
@pytest.mark.parametrize("opener", [SqliteLedger, JsonlLedger, open_ledger])
def test_a_durability_that_is_none_of_the_two_is_a_bad_argument(
    value: object, opener: object, tmp_path: Path
) -> None:
    path = tmp_path / ("p.jsonl" if opener is JsonlLedger else "p.db")
    with pytest.raises(BadArgument) as raised:
        opener(path, durability=value)  # type: ignore[operator]
    assert str(raised.value) == f"durability: 'normal' or 'full', not {value!r}"
    assert not path.exists()  # refused before anything is written


def test_a_bad_durability_is_named_in_danish(tmp_path: Path) -> None:
    with use_language("da"), pytest.raises(BadArgument) as raised:
        SqliteLedger(tmp_path / "p.db", durability="fast")
    assert str(raised.value) == "durability: 'normal' eller 'full', ikke 'fast'"


@pytest.mark.parametrize(("durability", "level"), [("normal", 1), ("full", 2)])
def test_sqlite_syncs_each_commit_only_with_full(
    durability: str, level: int, tmp_path: Path
) -> None:
    ledger = SqliteLedger(tmp_path / "p.db", durability=durability)
    ledger.append(note(0), accept, 0)
    (synchronous,) = ledger._connection().execute("PRAGMA synchronous").fetchone()
    assert synchronous == level
    assert ledger.durability == durability


def test_normal_sqlite_syncs_its_log_before_a_head_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.db"
    ledger = SqliteLedger(path)
    order: list[str] = []
    synced = sqlite_store.sync_file
    written = files.write_head
    monkeypatch.setattr(sqlite_store, "sync_file", lambda p: (order.append(p), synced(p))[1])
    monkeypatch.setattr(files, "write_head", lambda *a: (order.append("head"), written(*a))[1])  # type: ignore[func-returns-value]
    ledger.append(note(0), accept, 0)
    with ledger.writing():
        ledger.append(note(1), accept, 1)
        ledger.append(note(2), accept, 2)
    assert order == [f"{path}-wal", "head", f"{path}-wal", "head"]


@pytest.mark.parametrize(("durability", "inside"), [("normal", 0), ("full", 3)])
def test_jsonl_syncs_each_write_only_with_full(
    durability: str, inside: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = JsonlLedger(tmp_path / "p.jsonl", durability=durability)
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(jsonl_store.os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    with ledger.writing():
        for n in range(3):
            ledger.append(note(n), accept, n)
        assert len(synced) == inside
    # the end of the block: the file synced (unless each write was), then the head
    assert len(synced) == inside + (1 if durability == "normal" else 0) + 1


# --- through the association ----------------------------------------------------


@file_kinds
def test_an_association_records_in_a_block(file_kind: str, tmp_path: Path) -> None:
    statute = fr.load(
        Path(__file__).resolve().parent.parent / "vedtaegter/digitaliseringsforeningen.yaml"
    )
    path = path_for(tmp_path, file_kind)
    ledger = store(path)
    association = Association(statute, ledger, planning=True)
    with ledger.writing():
        association.record(Event("sign-declaration", dt.date(2015, 10, 1), "Sorø"))
        with pytest.raises(fr.RuleViolation):
            association.record(Event("sign-declaration", dt.date(2015, 10, 1), "Sorø"))
        association.record(Event("sign-declaration", dt.date(2015, 10, 1), "Køge"))
    assert head_count(path) == 2
    again = Association(statute, store(path, read_only=True))
    assert again.at(dt.date(2015, 10, 1)) == association.at(dt.date(2015, 10, 1))
    assert Head.parse(str(verify_ledger(path).head)).count == 2


@file_kinds
def test_a_thread_waiting_for_the_block_does_not_hold_it_up(file_kind: str, tmp_path: Path) -> None:
    """Another thread appending through the same store waits for the block,
    holding nothing the block needs: the block goes on, and the other thread
    appends after it, shown the block's entries."""
    path = path_for(tmp_path, file_kind)
    ledger = store(path)
    shown: list[int] = []
    results: list[Entry] = []

    def other() -> None:
        gate = lambda new: shown.extend(e.seq for e in new)  # noqa: E731
        results.append(ledger.append(note(99, "Køge"), gate, 0))

    with ledger.writing():
        ledger.append(note(0), accept, 0)
        thread = threading.Thread(target=other)
        thread.start()
        thread.join(timeout=0.3)  # let it reach the lock (it cannot pass it)
        assert thread.is_alive() and not results
        ledger.append(note(1), accept, 1)
        ledger.append(note(2), accept, 2)
    thread.join(timeout=30)
    assert [e.seq for e in results] == [4]
    assert shown == [1, 2, 3]
    assert head_count(path) == 4


def test_threads_sharing_an_association_wait_for_a_block(tmp_path: Path) -> None:
    statute = fr.load(SRC.parent / "vedtaegter" / "digitaliseringsforeningen.yaml")
    ledger = SqliteLedger(tmp_path / "protokol.db")
    association = Association(statute, ledger, planning=True)
    day = dt.date(2015, 10, 1)
    results: list[Entry] = []
    thread = threading.Thread(
        target=lambda: results.append(association.record(Event("sign-declaration", day, "Køge")))
    )
    with ledger.writing():
        association.record(Event("sign-declaration", day, "Sorø"))
        thread.start()
        thread.join(timeout=0.3)  # it waits for the block, holding nothing it needs
        assert thread.is_alive() and not results
        association.record(Event("sign-declaration", day, "Næstved"))
    thread.join(timeout=30)
    assert [e.seq for e in results] == [3]
    assert association.at(day).membership == {
        "Sorø": "intent-declared",
        "Næstved": "intent-declared",
        "Køge": "intent-declared",
    }


def test_repair_syncs_the_protocol_before_its_head_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer killed before its sync may leave entries in memory only: the
    head repair writes must not name them before they are on the disk."""
    path = tmp_path / "protokol.db"
    ledger = SqliteLedger(path)
    ledger.append(note(0), accept, 0)
    path.with_name(path.name + ".head").unlink()
    order: list[str] = []
    synced, written = opening.sync_file, opening.write_head
    monkeypatch.setattr(opening, "sync_file", lambda p: (order.append(os.fspath(p)), synced(p)))
    monkeypatch.setattr(opening, "write_head", lambda *a: (order.append("head"), written(*a)))
    repaired = repair(path)
    assert "head-written" in repaired.mended
    assert order == [str(path), f"{path}-wal", "head"]
    assert head_count(path) == 1


@pytest.mark.parametrize("name", ["protokol.db", "protokol.jsonl"])
@pytest.mark.parametrize("durability", ["normal", "full"])
def test_open_ledger_passes_durability_on(name: str, durability: str, tmp_path: Path) -> None:
    ledger = open_ledger(tmp_path / name, durability=durability)
    assert ledger.durability == durability
    assert open_ledger(tmp_path / name).durability == "normal"  # the default
    with ledger.writing():
        ledger.append(note(0), accept, 0)
    assert verify_ledger(tmp_path / name).head.count == 1
