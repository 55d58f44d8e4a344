"""Reading a stored protocol verifies each row's text against its hash once.

A read-only opening reads no row; its first read verifies every row as it
streams by (one pass: hash, place in the chain, code, then the event read),
and the heads when the rows end. A read that follows finds the very rows
verified (SQLite's data version, or an immutable file's status, unchanged)
and hashes none again. A row changed after that is still found."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from foreningsregler.protocol import ledger, sqlite_store
from foreningsregler.protocol.ledger import Entry, Event, Head, TamperedLedger, chained_after
from foreningsregler.protocol.protection import Key, write_head
from foreningsregler.protocol.sqlite_store import SqliteLedger

COUNT = 30
CHANGED = 17


def events() -> list[Event]:
    day = dt.date(2016, 3, 17)
    return [
        Event("note", day + dt.timedelta(days=n), "Sorø", {"n": n, "by": ["Køge", {"x": n}]})
        for n in range(COUNT)
    ]


@contextlib.contextmanager
def reader_of(
    kind: str, path: Path, key: Key | None = None, hashes: list[str] | None = None
) -> Iterator[SqliteLedger]:
    """A read-only store of ``path``: with no writer about (its connection
    immutable, the file's status watched), or beside an open writer (its
    write-ahead log there, SQLite's data version watched). ``hashes`` is
    emptied of what writing hashed."""
    writer = SqliteLedger(path, key=key)
    writer.append_all(events(), lambda new: None, 0)
    if kind == "immutable":
        writer.close()
        time.sleep(0.05)  # the file's times settle (see below)
    if hashes is not None:
        hashes.clear()
    try:
        reader = SqliteLedger(path, read_only=True, key=key)
        assert reader._local.immutable == (kind == "immutable")
        yield reader
    finally:
        writer.close()


KINDS = ["immutable", "wal"]


@pytest.fixture(autouse=True)
def settled_soon(monkeypatch: pytest.MonkeyPatch) -> None:
    # A file's times are coarse: one changed in the last seconds may change
    # again unseen, so its rows are hashed again when read. The tests wait
    # 50 ms instead of seconds.
    monkeypatch.setattr(sqlite_store, "_SETTLED", 0.03)


def change_row(path: Path, seq: int) -> None:
    """Another program changes the event of entry ``seq`` (not its hash)."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute(
            "UPDATE protocol SET event = replace(event, 'Køge', 'Roskilde') WHERE seq = ?", (seq,)
        )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("keyed", [False, True], ids=["plain", "keyed"])
def test_a_read_after_the_first_hashes_no_text_again(
    kind: str, keyed: bool, tmp_path: Path, hashes: list[str]
) -> None:
    key = Key(b"k" * 32) if keyed else None
    with reader_of(kind, tmp_path / "p.db", key, hashes) as reader:
        assert hashes == []  # opening read no row
        read = reader.entries()
        assert len(hashes) == COUNT  # the first read verified every row, once
        assert reader.head().count == COUNT
        assert reader.entries() == read
        assert len(hashes) == COUNT
        assert [entry.event for entry in read] == events()
        assert [entry.event.canonical() for entry in read] == hashes
        assert reader.entries() == read  # and again


@pytest.mark.parametrize("kind", KINDS)
def test_a_row_changed_after_opening_is_found_when_read(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with reader_of(kind, path) as reader:
        reader.entries()  # verified
        # An immutable connection reads the file again only for pages not in
        # its cache (a large protocol's): make it read them again.
        reader._connection().execute("PRAGMA cache_size = 1")
        time.sleep(0.05)  # a change now shows in the file's times
        change_row(path, CHANGED)
        with pytest.raises(TamperedLedger) as found:
            reader.entries()
    assert found.value.seq == CHANGED
    assert "does not match its hash" in str(found.value)


def test_a_file_changed_a_moment_ago_is_hashed_again_when_read(
    tmp_path: Path, hashes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_store, "_SETTLED", 3600.0)
    with reader_of("immutable", tmp_path / "p.db", hashes=hashes) as reader:
        reader.entries()
        reader.entries()
    assert len(hashes) == 2 * COUNT


def test_a_row_changed_and_rows_appended_are_found_by_a_reader_that_catches_up(
    tmp_path: Path,
) -> None:
    """Rows appended since opening are verified when read; the earlier rows,
    verified on opening, are not taken as unchanged once anything changed."""
    path = tmp_path / "p.db"
    with reader_of("wal", path) as reader:
        reader.entries()  # verified
        change_row(path, CHANGED)
        [row] = chained_after(reader.head(), [Event("note", dt.date(2017, 1, 1), "Køge")])
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
            connection.execute(
                "INSERT INTO protocol VALUES (?, ?, ?, ?, NULL)",
                (row.seq, row.event.canonical(), row.prev_hash, row.hash),
            )
        assert reader.head().count == COUNT + 1  # the new row verified
        with pytest.raises(TamperedLedger) as found:
            reader.entries()
    assert found.value.seq == CHANGED


def test_a_read_in_another_thread_hashes_what_its_connection_did_not_verify(
    tmp_path: Path, hashes: list[str]
) -> None:
    read: list[tuple[Entry, ...]] = []
    with reader_of("wal", tmp_path / "p.db", hashes=hashes) as reader:
        thread = threading.Thread(target=lambda: read.append(reader.entries()))
        thread.start()
        thread.join(timeout=30)
        assert len(hashes) == COUNT  # the thread's first read
        assert read == [reader.entries()]
        assert len(hashes) == 2 * COUNT  # this thread's connection verified none


#: Texts whose hash may fit but which the careful way writes otherwise.
NOT_CANONICAL = [
    '{"actor":"Sorø ","data":{},"date":"2015-03-01","kind":"k"}',
    '{"actor":"Sor\\u00f8","data":{},"date":"2015-03-01","kind":"k"}',
    '{"actor":"Sorø","data":{},"date":"20150301","kind":"k"}',
    '{"actor":"Sorø","date":"2015-03-01","kind":"k","x":1}',
]
NOT_CANONICAL_IDS = ["name-not-in-one-form", "escape", "day-not-iso", "extra-key"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "text",
    NOT_CANONICAL,
    ids=NOT_CANONICAL_IDS,
)
def test_a_text_the_careful_way_writes_otherwise_fails_a_read_without_hashing(
    kind: str, text: str, tmp_path: Path
) -> None:
    """A forged row whose hash fits its text, which is no canonical text:
    opening finds the hash fitting; reading, with no text hashed again,
    still refuses it as the hash check of a careful reading does."""
    path = tmp_path / "p.db"
    writer = SqliteLedger(path)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute(
            "INSERT INTO protocol (seq, event, prev, hash) VALUES (1, ?, ?, ?)",
            (text, ledger.GENESIS, ledger.text_hash(ledger.GENESIS, text)),
        )
    if kind == "immutable":
        writer.close()
        time.sleep(0.05)
    try:
        reader = SqliteLedger(path, read_only=True)
        assert reader.head().count == 1
        assert reader._local.verified is not None
        with pytest.raises(TamperedLedger) as found:
            reader.entries()
    finally:
        writer.close()
    assert found.value.seq == 1
    assert "does not match its hash" in str(found.value)


def test_a_file_removed_while_open_is_still_read_and_hashed_again(
    tmp_path: Path, hashes: list[str]
) -> None:
    """An immutable connection still reads the file it opened; nothing tells
    that its rows are the ones verified, so they are hashed again."""
    path = tmp_path / "p.db"
    with reader_of("immutable", path, hashes=hashes) as reader:
        path.rename(tmp_path / "elsewhere.db")
        read = reader.entries()
        assert reader.entries() == read
    assert [entry.event for entry in read] == events()
    assert len(hashes) == 2 * COUNT


@pytest.mark.parametrize(
    "text",
    NOT_CANONICAL,
    ids=NOT_CANONICAL_IDS,
)
def test_a_text_the_careful_way_writes_otherwise_fails_the_first_read(
    text: str, tmp_path: Path
) -> None:
    """The same forged rows, read in the one pass of a first read."""
    path = tmp_path / "p.db"
    SqliteLedger(path).close()
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute(
            "INSERT INTO protocol (seq, event, prev, hash) VALUES (1, ?, ?, ?)",
            (text, ledger.GENESIS, ledger.text_hash(ledger.GENESIS, text)),
        )
    with pytest.raises(TamperedLedger) as found:
        SqliteLedger(path, read_only=True).entries()
    assert found.value.seq == 1
    assert "does not match its hash" in str(found.value)


def test_the_first_read_yields_no_entry_before_it_is_verified(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with reader_of("immutable", path) as reader:
        change_row(path, CHANGED)
        read: list[Entry] = []
        with pytest.raises(TamperedLedger) as found:
            read.extend(reader.scan())
    assert found.value.seq == CHANGED
    assert "does not match its hash" in str(found.value)
    assert [entry.seq for entry in read] == list(range(1, CHANGED))


def test_a_first_read_of_a_few_entries_verifies_every_row_and_the_heads(
    tmp_path: Path, hashes: list[str]
) -> None:
    """Entries 5 to 10 only are read; every row is verified (hashed, unread),
    then the head file, which names another entry 30: after the entries."""
    path = tmp_path / "p.db"
    with reader_of("immutable", path, hashes=hashes) as reader:
        write_head(path, Head(COUNT, "f" * 64), None)
        read: list[Entry] = []
        with pytest.raises(TamperedLedger) as found:
            read.extend(reader.scan(4, 10))
    assert [entry.seq for entry in read] == list(range(5, 11))
    assert len(hashes) == COUNT
    assert found.value.seq == COUNT
    assert "does not match the head its head file records" in str(found.value)


def test_a_first_read_left_unfinished_verified_nothing_for_good(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with reader_of("wal", path) as reader:
        stream = reader.scan()
        assert [next(stream).seq for _ in range(3)] == [1, 2, 3]
        stream.close()
        assert reader._chain.count == 0 and reader._local.verified is None
        sql_delete_last(path)
        with pytest.raises(TamperedLedger) as found:
            reader.entries()
    assert found.value.seq == COUNT
    assert f"is missing: its head file says {COUNT}, found {COUNT - 1}" in str(found.value)


def sql_delete_last(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("DELETE FROM protocol WHERE seq = ?", (COUNT,))
