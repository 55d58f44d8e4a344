"""Issue 12: nothing lost, nothing bricked, tampering detected, read-only reads.

Each case checks the exact exit code and the words of the message, for both
stores where both apply.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import filelock
import pytest
from click.testing import CliRunner, Result

import foreningsregler as fr
from foreningsregler.cli import cli
from foreningsregler.protocol import (
    BadHead,
    BadKey,
    Head,
    JsonlLedger,
    Key,
    LedgerBusy,
    NotAProtocol,
    ReadOnlyLedger,
    SqliteLedger,
    files,
    open_ledger,
    repair,
    verify_ledger,
)
from foreningsregler.protocol.ledger import chain_hash
from foreningsregler.protocol.protection import write_head

FIXTURE = Path(__file__).parent / "fixtures" / "forening.yaml"
SORO = """\
events:
  - {kind: sign-declaration, date: "2015-03-01", actor: Sorø}
  - {kind: sign-declaration, date: "2015-03-02", actor: Køge}
  - {kind: sign-declaration, date: "2015-03-03", actor: Næstved}
"""
DAY = dt.date(2015, 3, 1)
SECRET = b"a key of at least sixteen bytes!"


def run(*args: str) -> Result:
    return CliRunner(env={"FORENINGSREGLER_STATUTE": str(FIXTURE)}).invoke(cli, list(args))


def events_file(tmp_path: Path, text: str = SORO, name: str = "ev.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(params=["protokol.db", "protokol.jsonl"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / request.param
    result = run("record", "--ledger", str(path), str(events_file(tmp_path)))
    assert result.exit_code == 0, result.output
    return path


def statute() -> fr.Statute:
    return fr.load(FIXTURE)


def entries_of(path: Path) -> int:
    return len(open_ledger(path, read_only=True).entries())


def drop_last(path: Path, keep: int) -> None:
    """Cut the store to ``keep`` entries behind the library's back."""
    if path.suffix == ".jsonl":
        lines = path.read_bytes().splitlines(keepends=True)
        path.write_bytes(b"".join(lines[:keep]))
    else:
        with sqlite3.connect(path) as connection:
            connection.execute("DELETE FROM protocol WHERE seq > ?", (keep,))


# --- 1. dates: no event bricks the protocol ----------------------------------


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (dt.date(9999, 12, 31), "between 1900-01-01 and 2199-12-31"),
        (dt.date(1, 1, 1), "between 1900-01-01 and 2199-12-31"),
        (dt.datetime(2015, 3, 1, 12, 0), "is a day"),
    ],
)
def test_an_event_outside_the_calendar_is_refused_before_anything(day: dt.date, words: str) -> None:
    with pytest.raises(fr.BadEvent, match=words):
        fr.Event("sign-declaration", day, "Sorø")


def test_a_far_date_in_an_events_file_is_refused_and_nothing_recorded(
    store: Path, tmp_path: Path
) -> None:
    bad = events_file(
        tmp_path, 'kind: sign-declaration\ndate: "9999-12-31"\nactor: Ringsted\n', "b.yaml"
    )
    result = run("record", "--ledger", str(store), str(bad))
    assert result.exit_code == 2
    assert "between 1900-01-01 and 2199-12-31" in result.output
    assert entries_of(store) == 3
    later = events_file(
        tmp_path, 'kind: sign-declaration\ndate: "2015-04-01"\nactor: Ringsted\n', "c.yaml"
    )
    assert run("record", "--ledger", str(store), str(later)).exit_code == 0


def test_a_future_event_is_refused_unless_planning(tmp_path: Path) -> None:
    today = dt.date(2015, 3, 10)
    association = fr.Association(statute(), today=lambda: today)
    with pytest.raises(fr.RuleViolation) as refused:
        association.record(fr.Event("sign-declaration", dt.date(2015, 3, 11), "Sorø"))
    assert refused.value.rule == "future-event"
    assert refused.value.provision is None
    assert association.events == ()
    planning = fr.Association(statute(), planning=True, today=lambda: today)
    planning.record(fr.Event("sign-declaration", dt.date(2015, 3, 11), "Sorø"))


def test_record_refuses_a_future_event_with_exit_1_and_takes_planning(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    ahead = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    plan = events_file(tmp_path, f'kind: sign-declaration\ndate: "{ahead}"\nactor: Sorø\n')
    refused = run("record", "--ledger", str(path), str(plan))
    assert refused.exit_code == 1
    assert "rule: future-event" in refused.output
    assert run("record", "--ledger", str(path), "--planning", str(plan)).exit_code == 0


# --- 1. a correcting act ------------------------------------------------------


def association_with_three() -> fr.Association:
    association = fr.Association(statute())
    association.record_all(
        [
            fr.Event("sign-declaration", dt.date(2015, 3, 1), "Sorø"),
            fr.Event("sign-declaration", dt.date(2015, 3, 2), "Køge"),
            fr.Event("approve-in-principle", dt.date(2015, 6, 1), "Sorø"),
        ]
    )
    return association


def correct(actor: str, *numbers: int, reason: str = "indtastningsfejl") -> fr.Event:
    return fr.Event(
        "correct", dt.date(2015, 7, 1), actor, {"corrects": list(numbers), "reason": reason}
    )


def test_a_correction_voids_an_entry_and_keeps_it() -> None:
    association = association_with_three()
    association.record(correct("Køge", 2))
    assert "Køge" not in association.at(dt.date(2015, 7, 2)).membership
    assert association.at(dt.date(2015, 6, 2)).membership["Køge"] == "intent-declared"
    assert len(association.events) == 4  # the voided entry stays in the record
    again = fr.Association(statute(), association.ledger)  # and the replay agrees
    assert "Køge" not in again.at(dt.date(2015, 7, 2)).membership


@pytest.mark.parametrize(
    ("event", "rule"),
    [
        (correct("Sorø", 1), "correction-breaks-record"),
        (correct("Køge", 9), "correction-unknown-entry"),
        (correct("Sorø", 2), "correction-by-another"),
        (correct("Køge", 2, reason=" "), "correction-incomplete"),
        (
            fr.Event("correct", dt.date(2015, 7, 1), "Køge", {"corrects": ["2"], "reason": "x"}),
            "correction-incomplete",
        ),
    ],
)
def test_a_correction_that_does_not_hold_is_refused(event: fr.Event, rule: str) -> None:
    association = association_with_three()
    with pytest.raises(fr.RuleViolation) as refused:
        association.record(event)
    assert refused.value.rule == rule
    assert len(association.events) == 3


def test_an_entry_is_corrected_once() -> None:
    association = association_with_three()
    association.record(correct("Køge", 2))
    with pytest.raises(fr.RuleViolation) as refused:
        association.record(correct("Køge", 2))
    assert refused.value.rule == "correction-twice"


def test_the_refused_correction_names_the_entry_that_rests_on_the_voided_one() -> None:
    association = association_with_three()
    with pytest.raises(fr.RuleViolation) as refused:
        association.record(correct("Sorø", 1))
    assert "entry 3 (approve-in-principle" in refused.value.message


# --- 2. tampering and loss are detected ---------------------------------------


def test_verify_prints_the_head_and_exits_0(store: Path) -> None:
    result = run("verify", "--ledger", str(store))
    assert result.exit_code == 0
    head = open_ledger(store, read_only=True).head()
    assert f"head: {head}" in result.output
    assert head.count == 3


def test_deleting_the_last_entries_is_detected(store: Path) -> None:
    drop_last(store, 2)
    result = run("verify", "--ledger", str(store))
    assert result.exit_code == 1
    assert "event 3 is missing: its head file says 3, found 2" in result.output
    status = run("status", "--ledger", str(store), "--on", "2016-01-01")
    assert status.exit_code == 2
    assert "does not verify" in status.output


def test_emptying_the_file_is_detected(store: Path) -> None:
    store.write_bytes(b"")
    result = run("verify", "--ledger", str(store))
    assert result.exit_code == 1
    assert "head" in result.output and "says 3" in result.output


def test_dropping_the_table_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    assert run("record", "--ledger", str(path), str(events_file(tmp_path))).exit_code == 0
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE protocol")
    result = run("verify", "--ledger", str(path))
    assert result.exit_code == 1
    assert "the table is gone, the head says 3" in result.output


def test_rows_hidden_behind_a_view_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    assert run("record", "--ledger", str(path), str(events_file(tmp_path))).exit_code == 0
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE protocol RENAME TO hidden")
        connection.execute("CREATE VIEW protocol AS SELECT * FROM hidden WHERE seq < 3")
    result = run("status", "--ledger", str(path), "--on", "2016-01-01")
    assert result.exit_code == 2
    assert "holds other tables or views" in result.output


def test_a_deleted_head_file_is_refused_until_repaired(store: Path) -> None:
    Path(f"{store}.head").unlink()
    result = run("verify", "--ledger", str(store))
    assert result.exit_code == 1
    assert "has no head file (run 'repair' to write one)" in result.output
    repaired = run("repair", "--ledger", str(store))
    assert repaired.exit_code == 0
    assert "mended: head-written" in repaired.output
    assert run("verify", "--ledger", str(store)).exit_code == 0


def test_an_expected_head_catches_a_rewritten_head_file(store: Path, tmp_path: Path) -> None:
    kept = str(open_ledger(store, read_only=True).head())
    drop_last(store, 2)
    Path(f"{store}.head").unlink()
    repair(store)  # someone hides the loss by writing a new head file
    result = run("verify", "--ledger", str(store), "--expect-head", kept)
    assert result.exit_code == 1
    assert "the expected head says 3, found 2" in result.output


def forge_append(path: Path) -> None:
    """Append an entry with a correct hash, as someone without the key can."""
    lines = path.read_text(encoding="utf-8").splitlines()
    last = json.loads(lines[-1])
    event = fr.Event("sign-declaration", dt.date(2015, 3, 20), "Ringsted")
    digest = chain_hash(last["hash"], event)
    forged = {"seq": last["seq"] + 1, "event": event.to_json(), "prev": last["hash"]}
    lines.append(json.dumps({**forged, "hash": digest}, ensure_ascii=False, sort_keys=True))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_forged_append_is_caught_only_with_the_key(tmp_path: Path) -> None:
    path, key = tmp_path / "p.jsonl", tmp_path / "key"
    key.write_bytes(SECRET + b"\n")
    recorded = run(
        "record", "--ledger", str(path), "--key-file", str(key), str(events_file(tmp_path))
    )
    assert recorded.exit_code == 0
    forge_append(path)
    # Without the key, a well-made append cannot be told apart (docs/protocol.md).
    unkeyed = run("verify", "--ledger", str(path))
    assert unkeyed.exit_code == 0
    assert "written with a key: give it (--key-file)" in unkeyed.output
    result = run("verify", "--ledger", str(path), "--key-file", str(key))
    assert result.exit_code == 1
    assert "event 4 carries no authentication code" in result.output


def test_a_chain_rewritten_without_the_key_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    key = Key(SECRET)
    ledger = SqliteLedger(path, key=key)
    fr.Association(statute(), ledger).record_all(
        [fr.Event("sign-declaration", dt.date(2015, 3, 1), "Sorø")]
    )
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE protocol SET code = ?", ("0" * 64,))
    with pytest.raises(fr.TamperedLedger, match="was not written with this key"):
        verify_ledger(path, key=key)
    with pytest.raises(fr.TamperedLedger, match="was not written with this key"):
        verify_ledger(path, key=Key(b"another key of sixteen+ bytes"))


def test_an_authenticated_protocol_is_not_written_without_its_key(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    JsonlLedger(path, key=Key(SECRET))
    result = run("record", "--ledger", str(path), str(events_file(tmp_path)))
    assert result.exit_code == 2
    assert "this protocol is authenticated; give its key to write" in result.output


def test_a_short_key_and_a_malformed_head_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BadKey, match="at least 16 bytes"):
        Key(b"short")
    with pytest.raises(BadHead, match="COUNT:HASH"):
        Head.parse("3:abc")
    key = tmp_path / "key"
    key.write_bytes(b"short")
    result = run("verify", "--ledger", str(tmp_path / "p.db"), "--key-file", str(key))
    assert result.exit_code == 2
    assert "a key has at least 16 bytes, this one 5" in result.output
    missing = run("verify", "--ledger", str(tmp_path / "p.db"), "--key-file", str(tmp_path / "no"))
    assert missing.exit_code == 2
    assert "the key cannot be read" in missing.output


def test_the_key_comes_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    runner = CliRunner(
        env={"FORENINGSREGLER_STATUTE": str(FIXTURE), "FORENINGSREGLER_KEY": SECRET.decode()}
    )
    assert (
        runner.invoke(cli, ["record", "--ledger", str(path), str(events_file(tmp_path))]).exit_code
        == 0
    )
    verified = runner.invoke(cli, ["verify", "--ledger", str(path)])
    assert "authenticated: every entry carries the key's code" in verified.output


def test_a_writer_notices_its_file_cut_short_under_it(tmp_path: Path) -> None:
    for name in ("p.db", "p.jsonl"):
        path = tmp_path / name
        association = fr.Association(statute(), open_ledger(path))
        association.record_all(
            [fr.Event("sign-declaration", dt.date(2015, 3, d), "Sorø") for d in (1,)]
            + [fr.Event("sign-declaration", dt.date(2015, 3, 2), "Køge")]
        )
        drop_last(path, 1)
        with pytest.raises(fr.TamperedLedger):
            association.record(fr.Event("sign-declaration", dt.date(2015, 3, 3), "Ringsted"))


# --- 3. a torn JSON Lines protocol is reported, and repaired on request -------


def crashed_mid_write(tmp_path: Path) -> tuple[Path, bytes]:
    """Three events recorded, then the third line cut in half and the head
    file back at two, as a crash before the write finished leaves them."""
    store = tmp_path / "protokol.jsonl"
    assert run("record", "--ledger", str(store), str(events_file(tmp_path))).exit_code == 0
    two = open_ledger(store, read_only=True).entries()[:2]
    lines = store.read_bytes().splitlines(keepends=True)
    store.write_bytes(lines[0] + lines[1] + lines[2][:40])
    write_head(store, Head.of(two), None)
    return store, store.read_bytes()


def test_a_torn_line_is_reported_and_repaired_with_a_copy(tmp_path: Path) -> None:
    store, torn = crashed_mid_write(tmp_path)
    status = run("status", "--ledger", str(store), "--on", "2016-01-01")
    assert status.exit_code == 2
    assert "event 3 is an incomplete last line" in status.output
    assert store.read_bytes() == torn  # read-only: untouched
    repaired = run("repair", "--ledger", str(store))
    assert repaired.exit_code == 0
    assert "mended: line-cut" in repaired.output
    copies = list(store.parent.glob("protokol.jsonl.*.bak"))
    assert len(copies) == 1 and copies[0].read_bytes() == torn
    assert run("verify", "--ledger", str(store)).exit_code == 0
    assert entries_of(store) == 2


def test_repair_does_not_hide_a_committed_entry_cut_off(tmp_path: Path) -> None:
    store, _ = crashed_mid_write(tmp_path)
    write_head(store, Head(3, "0" * 64), None)  # the third was committed
    repaired = run("repair", "--ledger", str(store))
    assert repaired.exit_code == 1
    assert "does not verify" in repaired.output


# --- 4. read-only commands never write ----------------------------------------


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_status_on_a_missing_path_creates_nothing(tmp_path: Path) -> None:
    result = run("status", "--ledger", str(tmp_path / "typo.db"), "--on", "2016-01-01")
    assert result.exit_code == 2
    assert "no protocol here (the file does not exist)" in result.output
    assert list(tmp_path.iterdir()) == []


def test_read_only_commands_leave_a_protocol_byte_for_byte(store: Path) -> None:
    gc.collect()  # the recording connection is closed, as when its process ends
    before = listing(store.parent)
    assert run("status", "--ledger", str(store), "--on", "2016-01-01").exit_code == 0
    assert run("verify", "--ledger", str(store)).exit_code == 0
    assert run(
        "who", str(FIXTURE), "vedtag-faser", "--ledger", str(store), "--on", "2016-01-01"
    ).exit_code in (0, 1)
    assert listing(store.parent) == before


def test_another_programs_database_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE kunder (navn TEXT)")
    before = listing(tmp_path)
    for command in (
        ["status", "--ledger", str(path), "--on", "2016-01-01"],
        ["record", "--ledger", str(path), str(events_file(tmp_path))],
    ):
        result = run(*command)
        assert result.exit_code == 2
        assert "holds other tables or views than a protocol's" in result.output
    assert {k: v for k, v in listing(tmp_path).items() if k != "ev.yaml"} == before


@pytest.mark.parametrize("kind", ["folder", "fifo", "device", "not-sqlite", "missing-folder"])
def test_a_path_that_is_no_protocol_exits_2(kind: str, tmp_path: Path) -> None:
    path = {
        "folder": tmp_path,
        "fifo": tmp_path / "fifo.db",
        "device": Path("/dev/zero"),
        "not-sqlite": tmp_path / "notes.db",
        "missing-folder": tmp_path / "nowhere" / "p.db",
    }[kind]
    if kind == "fifo":
        os.mkfifo(path)
    if kind == "not-sqlite":
        path.write_text("mine, not a protocol", encoding="utf-8")
    words = {
        "folder": "is a folder, not a protocol",
        "fifo": "is a special file",
        "device": "is a special file",
        "not-sqlite": "is not a SQLite database",
        "missing-folder": "the folder for a new protocol does not exist",
    }[kind]
    for command in (
        ["status", "--ledger", str(path), "--on", "2016-01-01"],
        ["record", "--ledger", str(path), str(events_file(tmp_path))],
        ["verify", "--ledger", str(path)],
    ):
        result = run(*command)
        expected = (
            words
            if not (kind == "missing-folder" and command[0] != "record")
            else "no protocol here"
        )
        assert result.exit_code == 2, (command, result.output)
        assert expected in result.output


def test_the_api_refuses_the_same_paths(tmp_path: Path) -> None:
    with pytest.raises(NotAProtocol, match="no protocol here"):
        SqliteLedger(tmp_path / "typo.db", read_only=True)
    with pytest.raises(NotAProtocol, match="is a folder"):
        JsonlLedger(tmp_path)
    ledger = JsonlLedger(tmp_path / "p.jsonl")
    read_only = JsonlLedger(tmp_path / "p.jsonl", read_only=True)
    with pytest.raises(ReadOnlyLedger):
        fr.Association(statute(), read_only).record(
            fr.Event("sign-declaration", dt.date(2015, 3, 1), "Sorø")
        )
    assert ledger.entries() == ()


# --- 5. record is atomic per file ---------------------------------------------


REFUSED_THIRD = """\
events:
  - {kind: sign-declaration, date: "2015-03-01", actor: Sorø}
  - {kind: sign-declaration, date: "2015-03-02", actor: Køge}
  - {kind: withdraw, date: "2015-03-03", actor: Sorø}
"""


def test_a_refused_event_records_nothing_of_its_file(tmp_path: Path) -> None:
    for name in ("p.db", "p.jsonl"):
        path = tmp_path / name
        first = events_file(
            tmp_path, 'kind: sign-declaration\ndate: "2015-02-01"\nactor: Ringsted\n', "a.yaml"
        )
        bad = events_file(tmp_path, REFUSED_THIRD, "b.yaml")
        result = run("record", "--ledger", str(path), str(first), str(bad))
        assert result.exit_code == 1
        assert "event 3 (withdraw on 2015-03-03 by Sorø)" in result.output
        assert "nothing of this file was recorded" in result.output
        assert "rule: no-transition" in result.output
        assert entries_of(path) == 1  # the first file only
        assert run("verify", "--ledger", str(path)).exit_code == 0


def test_a_refused_batch_leaves_the_association_as_it_was() -> None:
    association = fr.Association(statute())
    batch = [
        fr.Event("sign-declaration", dt.date(2015, 3, 1), "Sorø"),
        fr.Event("withdraw", dt.date(2015, 3, 2), "Sorø"),
    ]
    with pytest.raises(fr.RuleViolation) as refused:
        association.record_all(batch)
    assert getattr(refused.value, "number", None) == 2
    assert association.events == ()
    assert association.at(dt.date(2015, 3, 5)).membership == {}
    association.record(batch[0])  # the state is clean: the first event is still new
    assert association.at(dt.date(2015, 3, 5)).membership == {"Sorø": "intent-declared"}


def test_a_closed_reader_neither_half_records_nor_says_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    many = "events:\n" + "".join(
        f'  - {{kind: sign-declaration, date: "2015-03-01", actor: "{name}"}}\n'
        for name in ("Sorø", "Køge", "Næstved", "Ringsted", "Roskilde")
    )
    command = [sys.executable, "-m", "foreningsregler", "record", "--statute", str(FIXTURE)]
    run_it = subprocess.run(
        [*command, "--ledger", str(path), str(events_file(tmp_path, many))],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert run_it.returncode == 0, run_it.stderr
    full = subprocess.run(
        [*command, "--ledger", str(tmp_path / "q.db"), str(events_file(tmp_path, many))],
        stdout=open("/dev/full", "w"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )
    assert full.returncode == 2
    assert b"No space left on device" in full.stderr
    assert b"Traceback" not in full.stderr
    assert entries_of(tmp_path / "q.db") == 5  # recorded before the output failed


# --- 7. a portable lock -------------------------------------------------------


def test_the_package_imports_and_writes_without_fcntl(tmp_path: Path) -> None:
    script = f"""
import sys
sys.modules["fcntl"] = None  # as on Windows
import datetime as dt
import gc
import foreningsregler as fr
ledger = fr.JsonlLedger({str(tmp_path / "p.jsonl")!r})
fr.Association(fr.load({str(FIXTURE)!r}), ledger).record(
    fr.Event("sign-declaration", dt.date(2015, 3, 1), "Sorø"))
print(len(ledger.entries()))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"


def test_a_lock_held_too_long_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.jsonl"
    ledger = JsonlLedger(path)
    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.1)
    held = filelock.FileLock(f"{path}.lock")  # another writer holds the lock
    with held, pytest.raises(LedgerBusy, match="another writer held the lock"):
        ledger.append_all([fr.Event("sign-declaration", DAY, "Sorø")], lambda new: None, 0)
    assert ledger.entries() == ()


# --- 6. odd values never reach a store ----------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"amount": float("nan")}, "plain JSON"),
        ({"amount": float("inf")}, "plain JSON"),
        ({"note": "\udc80"}, "plain JSON"),
        ({"when": dt.date(2015, 3, 1)}, "plain JSON"),
        ({1: "x"}, "text keys only"),
        (["not", "a", "mapping"], "is a mapping"),
    ],
)
def test_event_data_that_json_cannot_carry_is_a_bad_event(data: object, words: str) -> None:
    with pytest.raises(fr.BadEvent, match=words):
        fr.Event("exercise", DAY, "bestyrelse", data)  # type: ignore[arg-type]


def test_deeply_nested_data_is_a_bad_event() -> None:
    nested: dict[str, object] = {}
    for _ in range(5000):
        nested = {"n": nested}
    with pytest.raises(fr.BadEvent, match="plain JSON"):
        fr.Event("exercise", DAY, "bestyrelse", nested)


@pytest.mark.parametrize("actor", ["\x1b[2JSorø", "So\udc80rø", "Sor\u200bø"])
def test_an_actor_with_an_invisible_character_is_a_bad_event(actor: str) -> None:
    with pytest.raises(fr.BadEvent, match="an event names"):
        fr.Event("sign-declaration", DAY, actor)


def test_a_blank_actor_is_a_bad_event() -> None:
    with pytest.raises(fr.BadEvent, match="an event's actor is non-empty text, not ' '"):
        fr.Event("sign-declaration", DAY, " ")


@pytest.mark.parametrize("written", ["Sorø ", " Sorø\n", "Sorø", "Soro\u0338"])
def test_an_actor_and_a_municipality_are_taken_in_one_form(written: str) -> None:
    assert fr.Event("sign-declaration", DAY, written).actor == "Sorø"
    event = fr.Event("admit", DAY, "generalforsamling", {"municipality": written})
    assert event.data["municipality"] == "Sorø"
    assert unicodedata.is_normalized("NFC", fr.Event("x", DAY, "So\u0308rø").actor)


@pytest.mark.parametrize(
    "row",
    [
        '{"kind": "x", "date": "2015-03-01", "actor": "Sorø", "data": '
        + "[" * 100000
        + "]" * 100000
        + "}",
        '{"kind": "x", "date": "2015-03-01", "actor": "Sorø", "data": {"n": ' + "9" * 5000 + "}}",
        '{"kind": "x", "date": "2015-03-01T10:00:00", "actor": "Sorø"}',
        '{"kind": 7, "date": "2015-03-01", "actor": "Sorø"}',
    ],
)
def test_an_odd_stored_row_is_unreadable_not_a_crash(row: str, tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    SqliteLedger(path)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO protocol (seq, event, prev, hash) VALUES (1, ?, ?, ?)",
            (row, "0" * 64, "1" * 64),
        )
    result = run("verify", "--ledger", str(path))
    assert result.exit_code == 1
    assert "event 1 is unreadable" in result.output


@pytest.mark.parametrize(
    "make",
    [
        lambda: fr.MemoryLedger(1),  # type: ignore[arg-type]
        lambda: fr.MemoryLedger(["not an event"]),  # type: ignore[list-item]
        lambda: fr.SqliteLedger(None),  # type: ignore[arg-type]
        lambda: fr.JsonlLedger(3.5),  # type: ignore[arg-type]
    ],
)
def test_a_ledger_of_the_wrong_values_is_a_bad_argument(make: object) -> None:
    with pytest.raises(fr.BadArgument):
        make()  # type: ignore[operator]
