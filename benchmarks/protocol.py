"""Protocol benchmark: replay and recording throughput.

A generated record of 98 municipalities over 20 years (about 100,000 events:
membership, a yearly phase proposed, recommended and adopted at a
generalforsamling, every member joining, and the F3 committees starting
acquisitions for participants) is replayed in memory and from SQLite, and
recorded into SQLite, beside a bare transitions trigger loop of the same
length in the same run.

    .venv/bin/python benchmarks/protocol.py [--quick] [--statute PATH]

Prints one JSON line and rewrites the "Protocol" section of
docs/performance.md with the command that made it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from _report import replace_section
from transitions import Machine

import foreningsregler as fr
from foreningsregler.protocol.association import Association
from foreningsregler.protocol.ledger import Event, MemoryLedger, SqliteLedger
from foreningsregler.statute.model import Statute

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "forening.yaml"
SECTION = "## Protocol (replay and record)"


def default_statute() -> Path:
    """The bundled statute once it has lifecycles; the test fixture until then."""
    if BUNDLED.exists() and fr.load(BUNDLED).lifecycles:
        return BUNDLED
    return FIXTURE


def record_events(
    statute: Statute, municipalities: int, years: int, acts_per_member: int
) -> list[Event]:
    """A plausible protocol, every event of which the statute accepts."""
    names = [f"Kommune {i:02d}" for i in range(1, municipalities + 1)]
    f3 = [b.id for b in statute.instances("f3")]
    events = list(_founding(names))
    for year in range(2016, 2016 + years):
        events += _year(names, f3, year, acts_per_member)
    # The protocol is chronological: a year's acts interleave with the next
    # phase's preparation. The sort is stable, so a day keeps its order.
    return sorted(events, key=lambda event: event.date)


def _founding(names: list[str]) -> Iterator[Event]:
    for kind, day in (
        ("sign-declaration", dt.date(2015, 3, 1)),
        ("approve-in-principle", dt.date(2015, 6, 1)),
    ):
        for name in names:
            yield Event(kind, day, name)
    yield Event("hold-meeting", dt.date(2015, 10, 1), "generalforsamling")
    for name in names:
        yield Event("admit", dt.date(2015, 10, 1), "generalforsamling", {"municipality": name})


def _year(names: list[str], f3: list[str], year: int, acts: int) -> list[Event]:
    phase = f"fase-{year}"
    meeting = dt.date(year - 1, 11, 3)
    events = [
        Event(
            "propose-phase",
            dt.date(year - 1, 11, 1),
            "direktion",
            {
                "phase": phase,
                "name": f"Fase {year}",
                "start": f"{year}-01-01",
                "end": f"{year}-12-31",
            },
        ),
        Event("recommend-phase", dt.date(year - 1, 11, 2), "bestyrelse", {"phase": phase}),
        Event("hold-meeting", meeting, "generalforsamling"),
        Event("adopt-phase", meeting, "generalforsamling", {"phase": phase}),
    ]
    events += [Event("join-phase", meeting, name, {"phase": phase}) for name in names]
    for day in range(acts):
        when = dt.date(year, 1, 1) + dt.timedelta(days=day * 360 // acts)
        events += [
            Event(
                "exercise",
                when,
                f3[(day + i) % len(f3)],
                {"power": "igangsaet-anskaffelse", "phase": phase, "municipality": name},
            )
            for i, name in enumerate(names)
        ]
    return events


def bare_trigger_rate(count: int) -> float:
    """A transitions machine with one model, triggered ``count`` times."""

    class Model:
        state: str

    model = Model()
    machine = Machine(model=model, states=["a", "b"], initial="a", auto_transitions=False)
    machine.add_transition("go", "a", "b")
    machine.add_transition("back", "b", "a")
    go, back = machine.events["go"], machine.events["back"]
    start = time.perf_counter()
    for _ in range(count // 2):
        go.trigger(model)
        back.trigger(model)
    return count / (time.perf_counter() - start)


def measure(statute_path: Path, quick: bool) -> dict[str, object]:
    statute = fr.load(statute_path)
    acts = 4 if quick else 48
    events = record_events(statute, 98, 20, acts)
    memory = MemoryLedger(events)
    # Three interleaved runs of the replay and the bare loop, each figure the
    # median: a shared host's noise then hits both alike.
    replays, bares = [], []
    for _ in range(3):
        start = time.perf_counter()
        Association(statute, memory)
        replays.append(len(events) / (time.perf_counter() - start))
        bares.append(bare_trigger_rate(len(events)))
    replay_memory, bare = statistics.median(replays), statistics.median(bares)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "protokol.db"
        recorded = min(len(events), 2_000 if quick else 20_000)
        association = Association(statute, SqliteLedger(path))
        start = time.perf_counter()
        for event in events[:recorded]:
            association.record(event)
        record_sqlite = recorded / (time.perf_counter() - start)
        ledger = SqliteLedger(path)
        for event in events[recorded:]:
            ledger.append(event, lambda new: None, len(ledger.entries()))
        start = time.perf_counter()
        Association(statute, SqliteLedger(path))
        replay_sqlite = len(events) / (time.perf_counter() - start)
    return {
        "statute": statute_path.relative_to(ROOT).as_posix(),
        "events": len(events),
        "replay_memory_events_per_s": round(replay_memory),
        "replay_sqlite_events_per_s": round(replay_sqlite),
        "record_sqlite_events_per_s": round(record_sqlite),
        "bare_trigger_events_per_s": round(bare),
        "cost_vs_bare_trigger": round(bare / replay_memory, 2),
    }


def write_section(result: dict[str, object], command: str) -> None:
    body = "\n".join(
        [
            SECTION,
            "",
            f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, with `{command}` "
            f"({result['events']} events, statute `{result['statute']}`). Replay and the "
            "bare loop are each the median of three interleaved runs.",
            "",
            "| figure | events/s | target |",
            "|---|---:|---|",
            f"| replay in memory | {result['replay_memory_events_per_s']:,} | >= 50,000 |",
            f"| replay from SQLite (read, verify the hash chain, replay) | "
            f"{result['replay_sqlite_events_per_s']:,} | |",
            f"| record to SQLite (check, one transaction per event) | "
            f"{result['record_sqlite_events_per_s']:,} | >= 5,000 |",
            f"| bare transitions trigger loop | {result['bare_trigger_events_per_s']:,} | |",
            "",
            f"Replay costs {result['cost_vs_bare_trigger']}x a bare transitions trigger per event "
            "(target: at most 3x).",
            "",
        ]
    )
    replace_section(SECTION, body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller record, for a smoke run")
    parser.add_argument("--statute", type=Path, default=None)
    args = parser.parse_args()
    result = measure((args.statute or default_statute()).resolve(), args.quick)
    print(json.dumps(result))
    if not args.quick:
        write_section(result, "python benchmarks/protocol.py")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
