"""The replay streams and keeps the state, not the entries; ``at(d)`` from checkpoints.

- ``at(d)`` from checkpoints and the changes since equals a replay up to
  ``d`` without them, for every day of random protocols (the property
  tests' generator), and with corrections, whose earlier days are replayed;
- a ledger that can only be streamed (a single pass per scan, no
  ``entries``) is enough for an association: open, record, correct, ``at``;
- opening a SQLite protocol keeps no event in memory;
- a stored row changed under an open protocol is found when it is read
  again, and a row read without its canonical text made again is refused
  as before where the careful reading would refuse or change it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from test_protocol_properties import STATUTE, _association, protocols

import foreningsregler as fr
from foreningsregler.cli import cli
from foreningsregler.protocol.corrections import replayed
from foreningsregler.protocol.ledger import (
    Entry,
    Event,
    Gate,
    Head,
    MemoryLedger,
    text_hash,
)
from foreningsregler.protocol.protection import write_head
from foreningsregler.protocol.rules import Rules
from foreningsregler.protocol.sqlite_store import SqliteLedger
from foreningsregler.protocol.stored import stored_event

FIXTURE = Path(__file__).parent / "fixtures" / "forening.yaml"
RULES = Rules.of(STATUTE)


def statute() -> fr.Statute:
    return fr.load(FIXTURE)


def days_around(events: tuple[Event, ...] | list[Event]) -> list[dt.date]:
    """Every day of the record, the day before it and the day after it."""
    days = sorted({e.date for e in events})
    if not days:
        return [dt.date(2015, 1, 1)]
    span = (days[-1] - days[0]).days
    return [days[0] + dt.timedelta(days=n) for n in range(-1, span + 2)]


def plain_at(events: tuple[Event, ...] | list[Event], day: dt.date) -> fr.State:
    """The state on ``day`` by replaying the events up to it, without checkpoints."""
    return replayed(RULES, [e for e in events if e.date <= day]).snapshot(day)


# --- at(d) from checkpoints ------------------------------------------------------------


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(protocols)
def test_checkpoints_give_the_state_a_full_replay_gives(protocol: Any) -> None:
    association, events = _association(protocol)
    for event in events:
        with contextlib.suppress(fr.RuleViolation):
            association.record(event)
    recorded = association.events
    checked = fr.Association(STATUTE, MemoryLedger(list(recorded)), checkpoint_every=3)
    for day in days_around(recorded):
        assert checked.at(day) == plain_at(recorded, day), day
        assert association.at(day) == checked.at(day), day


def three() -> fr.Association:
    association = fr.Association(statute(), checkpoint_every=2)
    association.record_all(
        [
            fr.Event("sign-declaration", dt.date(2015, 3, 1), "Sorø"),
            fr.Event("sign-declaration", dt.date(2015, 3, 2), "Køge"),
            fr.Event("approve-in-principle", dt.date(2015, 6, 1), "Sorø"),
        ]
    )
    return association


def correct(actor: str, *numbers: int, day: dt.date = dt.date(2015, 7, 1)) -> fr.Event:
    return fr.Event("correct", day, actor, {"corrects": list(numbers), "reason": "tastefejl"})


def test_at_equals_the_replay_up_to_every_day_around_a_correction() -> None:
    association = three()
    association.record(correct("Køge", 2))
    association.record(fr.Event("sign-declaration", dt.date(2015, 7, 3), "Køge"))
    association.record(fr.Event("sign-declaration", dt.date(2015, 7, 4), "Næstved"))
    events = association.events
    for day in days_around(events):
        assert association.at(day) == plain_at(events, day), day
    # Before the correction Køge had declared; after it, not until it declared again.
    assert association.at(dt.date(2015, 6, 30)).membership["Køge"] == "intent-declared"
    assert "Køge" not in association.at(dt.date(2015, 7, 2)).membership
    again = fr.Association(statute(), MemoryLedger(list(events)), checkpoint_every=1)
    for day in days_around(events):
        assert again.at(day) == association.at(day), day


def test_a_refused_batch_leaves_the_history_as_it_was() -> None:
    association = three()
    before = [association.at(day) for day in days_around(association.events)]
    with pytest.raises(fr.RuleViolation) as refused:
        association.record_all(
            [
                correct("Køge", 2),
                fr.Event("sign-declaration", dt.date(2015, 7, 2), "Sorø"),  # signed before
            ]
        )
    assert refused.value.number == 2  # type: ignore[attr-defined]
    assert [association.at(day) for day in days_around(association.events)] == before
    association.record(fr.Event("sign-declaration", dt.date(2015, 7, 3), "Næstved"))
    events = association.events
    for day in days_around(events):
        assert association.at(day) == plain_at(events, day), day


@pytest.mark.parametrize("every", [0, -3, 2.5, "10", True])
def test_checkpoint_every_is_a_whole_number_from_one(every: object) -> None:
    with pytest.raises(fr.BadArgument) as refused:
        fr.Association(statute(), checkpoint_every=every)  # type: ignore[arg-type]
    assert "checkpoint_every" in str(refused.value)


# --- streaming -------------------------------------------------------------------------


class StreamOnly:
    """A ledger that can only be streamed: each scan is one pass over a
    generator, and ``entries`` (everything at once) is refused."""

    def __init__(self, events: list[Event]) -> None:
        self.inner = MemoryLedger(events)
        self.scans: list[tuple[int, int | None]] = []

    def entries(self) -> tuple[Entry, ...]:
        raise AssertionError("the replay asked for every entry at once")

    def scan(self, start: int = 0, stop: int | None = None) -> Iterator[Entry]:
        self.scans.append((start, stop))
        return (entry for entry in self.inner.scan(start, stop))

    def append(self, event: Event, gate: Gate, known: int) -> Entry:
        return self.inner.append(event, gate, known)

    def append_all(self, events: Any, gate: Gate, known: int) -> tuple[Entry, ...]:
        return self.inner.append_all(events, gate, known)


def test_a_ledger_that_can_only_be_streamed_is_enough() -> None:
    recorded = list(three().events)
    ledger = StreamOnly(recorded)
    association = fr.Association(statute(), ledger, checkpoint_every=1)
    assert ledger.scans == [(0, None)]  # one pass on opening
    association.record(correct("Køge", 2))  # reads entry 2, replays without it
    association.record(fr.Event("sign-declaration", dt.date(2015, 7, 3), "Næstved"))
    events = [e.event for e in ledger.inner.entries()]
    for day in days_around(events):
        assert association.at(day) == plain_at(events, day), day


def test_opening_a_sqlite_protocol_keeps_no_event(tmp_path: Path) -> None:
    events = [
        fr.Event("sign-declaration", dt.date(2015, 3, 1) + dt.timedelta(days=n), m)
        for n, m in enumerate(["Sorø", "Køge", "Næstved"])
    ]
    path = tmp_path / "p.db"
    fr.Association(statute(), SqliteLedger(path)).record_all(events)
    gc.collect()
    before = sum(isinstance(o, Event) for o in gc.get_objects())
    ledger = SqliteLedger(path, read_only=True)
    association = fr.Association(statute(), ledger, checkpoint_every=1)
    gc.collect()
    assert sum(isinstance(o, Event) for o in gc.get_objects()) == before
    assert association.at(dt.date(2015, 3, 2)).membership == {
        "Sorø": "intent-declared",
        "Køge": "intent-declared",
    }


def test_a_row_changed_under_an_open_protocol_is_found_when_read_again(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    association = fr.Association(statute(), SqliteLedger(path), checkpoint_every=1)
    association.record_all(list(three().events))
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE protocol SET event = replace(event, 'Køge', 'Roskilde') WHERE seq = 2"
        )
    with pytest.raises(fr.TamperedLedger) as found:
        association.record(correct("Køge", 2))  # replays entry 2 from the file
    assert found.value.seq == 2
    assert "does not match its hash" in str(found.value)


# --- rows read without making their canonical text again ---------------------------------


def test_a_stored_event_reads_as_the_event_that_was_stored() -> None:
    for event in three().events:
        read = stored_event(event.canonical())
        assert read == event
        assert read.canonical() == event.canonical()
    event = fr.Event("exercise", dt.date(2016, 1, 1), "f3-it", {"vote": {"yes": 2}, "x": [1]})
    assert stored_event(event.canonical()).data["vote"]["yes"] == 2


def row(path: Path, text: str) -> None:
    """Store ``text`` as the first entry with a hash that fits it."""
    SqliteLedger(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO protocol (seq, event, prev, hash) VALUES (1, ?, ?, ?)",
            (text, "0" * 64, text_hash("0" * 64, text)),
        )


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"actor":"Sorø","data":{"x":NaN},"date":"2015-03-01","kind":"k"}', "unreadable"),
        ('{"actor":"Sorø","data":{"x":"\\ud800"},"date":"2015-03-01","kind":"k"}', "unreadable"),
        ('{"actor":"Sorø","data":[],"date":"2015-03-01","kind":"k"}', "unreadable"),
        ('{"actor":"Sor\\u00f8 ","data":{},"date":"2015-03-01","kind":"k"}', "match its hash"),
        ('{"actor":"Sorø ","data":{},"date":"2015-03-01","kind":"k"}', "match its hash"),
        ('{"actor":"Sorø","data":{},"date":"2015-13-01","kind":"k"}', "unreadable"),
        ('{"actor":"Sorø","data":{},"date":"20150301","kind":"k"}', "match its hash"),
        ('{"actor":"Sorø","data":{},"date":"2015-03-01","kind":"k","x":1}', "match its hash"),
        ("[1, 2]", "unreadable"),
    ],
)
def test_verify_reads_every_event_and_refuses_what_the_careful_reading_would(
    tmp_path: Path, text: str, why: str
) -> None:
    """Opening checks each row's text against its hash; ``verify`` and a
    replay also read the event, and refuse what the careful reading refuses
    or would change (a name not in its one form no longer fits its hash)."""
    path = tmp_path / "p.db"
    row(path, text)
    write_head(path, Head(1, text_hash("0" * 64, text)), None)
    result = CliRunner().invoke(cli, ["verify", "--ledger", str(path)])
    assert result.exit_code == 1, result.output
    assert why in result.output
    assert "event 1" in result.output
    with pytest.raises(fr.TamperedLedger):
        fr.Association(statute(), SqliteLedger(path, read_only=True))
