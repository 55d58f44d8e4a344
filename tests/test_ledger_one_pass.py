"""A replay from SQLite reads the protocol in one pass: each row verified as
it streams by, before its entry is judged; the heads checked when the rows
end. Tampering is still what is reported, whatever judging meets first: a
forged row whose chain is consistent but whose head does not match is
refused as tampered, not as a refused act."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import foreningsregler as fr
from foreningsregler.cli import cli
from foreningsregler.protocol import ledger
from foreningsregler.protocol.jsonl_store import JsonlLedger
from foreningsregler.protocol.ledger import GENESIS, Entry, Event, Head, TamperedLedger, text_hash
from foreningsregler.protocol.protection import Key, head_path, write_head
from foreningsregler.protocol.sqlite_store import SqliteLedger

FIXTURE = Path(__file__).parent / "fixtures" / "forening.yaml"
FIRST = dt.date(2015, 3, 1)
MEMBERS = ["Sorø", "Køge", "Næstved", "Ringsted"]
#: Refused by the statute: Sorø has already signed its declaration.
REFUSED = Event("sign-declaration", dt.date(2015, 3, 2), "Sorø")


def statute() -> fr.Statute:
    return fr.load(FIXTURE)


def events() -> list[Event]:
    return [
        Event("sign-declaration", FIRST + dt.timedelta(days=n), m) for n, m in enumerate(MEMBERS)
    ]


def written(path: Path, key: Key | None = None) -> Path:
    """A protocol of four accepted events, with its head file."""
    fr.Association(statute(), SqliteLedger(path, key=key)).record_all(events())
    return path


def rows(path: Path) -> list[tuple[int, str, str, str]]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute(
            "SELECT seq, event, prev, hash FROM protocol ORDER BY seq"
        ).fetchall()


def forge(path: Path, seq: int, event: Event) -> None:
    """Replace entry ``seq`` by ``event`` and write the chain after it again,
    consistent to the end (its codes, with a key, are left as they were)."""
    texts = {number: text for number, text, _prev, _hash in rows(path)}
    texts[seq] = event.canonical()
    prev = GENESIS
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        for number in sorted(texts):
            digest = text_hash(prev, texts[number])
            connection.execute(
                "UPDATE protocol SET event = ?, prev = ?, hash = ? WHERE seq = ?",
                (texts[number], prev, digest, number),
            )
            prev = digest


def sql(path: Path, statement: str, *values: object) -> None:
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute(statement, values)


def replayed(path: Path, **options: object) -> fr.Association:
    return fr.Association(statute(), SqliteLedger(path, read_only=True, **options))  # type: ignore[arg-type]


def test_the_forged_event_alone_is_a_refused_act(tmp_path: Path) -> None:
    """What the tests below forge would be refused as an act, were it not tampering."""
    path = written(tmp_path / "p.db")
    forge(path, 2, REFUSED)
    head_path(path).unlink()
    with pytest.raises(fr.RuleViolation) as refused:
        replayed(path, adopt_head=True)
    assert refused.value.rule == "no-transition"
    assert "entry 2 " in str(refused.value)


def test_a_forged_chain_whose_head_differs_is_tampered_not_a_refused_act(tmp_path: Path) -> None:
    path = written(tmp_path / "p.db")
    forge(path, 2, REFUSED)
    with pytest.raises(TamperedLedger) as found:
        replayed(path)
    assert found.value.seq == 4
    assert "does not match the head its head file records" in str(found.value)


def test_a_forged_chain_with_no_head_file_is_tampered_not_a_refused_act(tmp_path: Path) -> None:
    path = written(tmp_path / "p.db")
    forge(path, 2, REFUSED)
    head_path(path).unlink()
    with pytest.raises(TamperedLedger) as found:
        replayed(path)
    assert found.value.seq == 4
    assert "has no head file" in str(found.value)


@pytest.mark.parametrize(
    ("change", "seq", "said"),
    [
        (
            "UPDATE protocol SET event = replace(event, 'Næstved', 'Roskilde') WHERE seq = 3",
            3,
            "does not match its hash",
        ),
        ("DELETE FROM protocol WHERE seq = 4", 4, "is missing: its head file says 4, found 3"),
    ],
    ids=["changed", "cut-off"],
)
def test_a_row_changed_or_cut_off_after_a_refused_one_is_what_is_reported(
    tmp_path: Path, change: str, seq: int, said: str
) -> None:
    path = written(tmp_path / "p.db")
    forge(path, 2, REFUSED)
    sql(path, change)
    with pytest.raises(TamperedLedger) as found:
        replayed(path)
    assert found.value.seq == seq
    assert said in str(found.value)


def test_a_forged_row_without_the_keys_code_is_refused_before_it_is_judged(
    tmp_path: Path,
) -> None:
    key = Key(b"k" * 32)
    path = written(tmp_path / "p.db", key)
    forge(path, 2, REFUSED)
    with pytest.raises(TamperedLedger) as found:
        replayed(path, key=key)
    assert found.value.seq == 2
    assert "was not written with this key" in str(found.value)


def test_a_truncated_protocol_is_found_after_its_rows_are_replayed(tmp_path: Path) -> None:
    path = written(tmp_path / "p.db")
    sql(path, "DELETE FROM protocol WHERE seq = 4")
    with pytest.raises(TamperedLedger) as found:
        replayed(path)
    assert found.value.seq == 4
    assert "is missing: its head file says 4, found 3" in str(found.value)


def correction(day: dt.date) -> Event:
    return Event("correct", day, "Køge", {"corrects": [2], "reason": "tastefejl"})


def test_a_replay_started_again_by_a_correction_still_verifies_every_row(
    tmp_path: Path, hashes: list[str]
) -> None:
    """A correction that voids an entry already made starts the pass again
    (``history.Restart``); the pass left unfinished verified nothing for
    good, so the next one verifies every row again, then the heads."""
    path = written(tmp_path / "p.db")
    later = [
        correction(dt.date(2015, 7, 1)),
        Event("sign-declaration", dt.date(2015, 7, 3), "Køge"),
    ]
    fr.Association(statute(), SqliteLedger(path)).record_all(later)
    hashes.clear()  # what the writers hashed: only the reader's pass is counted
    hashed = hashes
    reader = SqliteLedger(path, read_only=True)
    association = fr.Association(statute(), reader)
    assert association.at(dt.date(2015, 7, 2)).membership.get("Køge") is None
    assert association.at(dt.date(2015, 7, 3)).membership["Køge"] == "intent-declared"
    assert reader._chain.head == Head(6, rows(path)[-1][3])
    # the first pass stopped at the correction (entry 5), the second read all six
    assert len(hashed) == 5 + 6
    write_head(path, Head(6, "f" * 64), None)
    with pytest.raises(TamperedLedger) as found:
        replayed(path)
    assert found.value.seq == 6
    assert "does not match the head its head file records" in str(found.value)


class Refusing:
    """A ledger whose scan gives a refused entry and stops there, and whose
    ``head`` finds the protocol tampered with."""

    def __init__(self) -> None:
        self.heads = 0

    def entries(self) -> tuple[Entry, ...]:
        return tuple(self.scan())

    def scan(self, start: int = 0, stop: int | None = None) -> Iterator[Entry]:
        yield from ledger.chained_after(Head(0, GENESIS), [events()[0], REFUSED])

    def head(self) -> Head:
        self.heads += 1
        raise TamperedLedger("p.db", 3, "is missing")

    def append(self, event: Event, gate: ledger.Gate, known: int) -> Entry:
        raise AssertionError("nothing is written")

    def append_all(self, events: object, gate: ledger.Gate, known: int) -> tuple[Entry, ...]:
        raise AssertionError("nothing is written")


def test_a_refusal_on_opening_asks_the_ledger_to_verify_to_the_end_first() -> None:
    """Whatever judging raises on opening, the ledger is verified to its end
    (its ``head``) before the refusal is let through: tampering wins."""
    refusing = Refusing()
    with pytest.raises(TamperedLedger) as found:
        fr.Association(statute(), refusing)
    assert refusing.heads == 1
    assert found.value.seq == 3


def test_a_refusal_of_an_untampered_protocol_is_reported_as_it_is(tmp_path: Path) -> None:
    """A protocol recorded under another statute: its rows and heads hold,
    and the refusal, with the entry's place, is what is reported."""
    path = tmp_path / "p.db"
    SqliteLedger(path).append_all([*events()[:1], REFUSED], lambda new: None, 0)
    with pytest.raises(fr.RuleViolation) as refused:
        replayed(path)
    assert refused.value.rule == "no-transition"
    assert "entry 2 " in str(refused.value)


# --- JSON Lines: the same one pass -------------------------------------------------


def forge_lines(path: Path, seq: int, event: Event) -> None:
    """``forge`` for a JSON Lines protocol: entry ``seq`` replaced, the chain
    after it written again, consistent to the end."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    prev = GENESIS
    for line in lines:
        if line["seq"] == seq:
            line["event"] = event.to_json()
        text = Event.from_json(line["event"]).canonical()
        line["prev"], line["hash"] = prev, text_hash(prev, text)
        prev = line["hash"]
    written_lines = [json.dumps(line, ensure_ascii=False, sort_keys=True) for line in lines]
    path.write_text("".join(f"{line}\n" for line in written_lines), encoding="utf-8")


def test_a_first_read_of_json_lines_hashes_each_line_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.jsonl"
    fr.Association(statute(), JsonlLedger(path)).record_all(events())
    hashed: list[str] = []
    real = ledger.text_hash
    monkeypatch.setattr(ledger, "text_hash", lambda p, t: (hashed.append(t), real(p, t))[1])
    reader = JsonlLedger(path, read_only=True)
    assert hashed == []
    association = fr.Association(statute(), reader)
    assert len(hashed) == len(MEMBERS)
    assert [e.event for e in reader.entries()] == events() == list(association.events)


def test_a_forged_json_lines_chain_is_tampered_not_a_refused_act(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    fr.Association(statute(), JsonlLedger(path)).record_all(events())
    forge_lines(path, 2, REFUSED)
    with pytest.raises(TamperedLedger) as found:
        fr.Association(statute(), JsonlLedger(path, read_only=True))
    assert found.value.seq == 4
    assert "does not match the head its head file records" in str(found.value)
    head_path(path).unlink()
    with pytest.raises(fr.RuleViolation) as refused:
        fr.Association(statute(), JsonlLedger(path, read_only=True, adopt_head=True))
    assert "entry 2 " in str(refused.value)


def test_status_of_a_forged_protocol_exits_2_as_tampered_not_1_as_refused(tmp_path: Path) -> None:
    path = written(tmp_path / "p.db")
    forge(path, 2, REFUSED)
    runner = CliRunner(env={"FORENINGSREGLER_STATUTE": str(FIXTURE)})
    result = runner.invoke(cli, ["status", "--ledger", str(path), "--on", "2016-01-01"])
    assert result.exit_code == 2, result.output
    assert "event 4 does not match the head its head file records" in result.stderr
    assert "refused" not in result.stderr
