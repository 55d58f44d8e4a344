"""Protocol benchmark: replay and recording throughput.

A generated record of the statute's municipalities over 20 years (about
95,000 events with the bundled statute's 14: the founding, the bodies
elected, a yearly phase prepared, proposed, recommended and adopted at a
general assembly called with notice, every member joining, and each F3
meeting weekly to start, by a vote, an acquisition for every participant),
every event of which the statute accepts, is replayed in memory and from
SQLite, and recorded into SQLite, beside a bare transitions trigger loop of
the same length in the same run. Each replay is checked against the end of
the recording: the members, the phases, the number of acquisitions.

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
from pathlib import Path

import attrs
from _report import replace_section
from transitions import Machine

import foreningsregler as fr
from foreningsregler.economy.events import Clerk
from foreningsregler.economy.stories import adopt_phase, assembly_day, declare, found
from foreningsregler.protocol.association import Association
from foreningsregler.protocol.ledger import Event, MemoryLedger
from foreningsregler.protocol.lifecycle import Meaning
from foreningsregler.protocol.rules import Rules
from foreningsregler.protocol.sqlite_store import SqliteLedger
from foreningsregler.statute.model import LifecycleKind, Statute

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "forening.yaml"
SECTION = "## Protocol (replay and record)"


def default_statute() -> Path:
    """The bundled statute once it has lifecycles; the test fixture until then."""
    if BUNDLED.exists() and fr.load(BUNDLED).lifecycles:
        return BUNDLED
    return FIXTURE


POWER = "igangsaet-anskaffelse"  # the F3's power, delegated by the general assembly
FOUNDING = dt.date(2015, 10, 1)


@attrs.frozen
class Expected:
    """What the replayed protocol must show at its end."""

    members: frozenset[str]
    phases: dict[str, str]  # phase -> what it means on the last day: "ended" or "running"
    exercises: int
    last: dt.date


def municipalities(statute: Statute, count: int = 98) -> list[str]:
    """The statute's municipalities, or ``count`` made-up ones where it names none."""
    named = statute.membership.municipalities if statute.membership else ()
    return list(named) or [f"Kommune {i:02d}" for i in range(1, count + 1)]


def record_events(statute: Statute, years: int, meetings: int) -> tuple[list[Event], Expected]:
    """A plausible protocol, every event of which the statute accepts: recorded
    through an ``Association`` by a strict clerk, which raises on any refusal.

    Founding (declarations, the founding general assembly voting, admitting
    and electing the board; the board choosing its chair and appointing the
    management, each by a vote); every F3 elected by its F14 by a vote at an
    F14 meeting; each year a phase prepared by an F14, proposed, recommended
    and adopted at a general assembly called with notice, every member
    joining; then ``meetings`` times a year each F3 meets, chaired by the
    member of the management the management chose, and by a vote starts an
    acquisition for every participant.
    """
    names = municipalities(statute)
    f3 = [b.id for b in statute.instances("f3")]
    association = Association(statute, MemoryLedger(), planning=True)
    clerk = Clerk(association, keep=f3, strict=True)
    found(clerk, names, FOUNDING)
    for body in f3:
        clerk.ensure(body, FOUNDING + dt.timedelta(days=2))
    phases = []
    for year in range(FOUNDING.year + 1, FOUNDING.year + 1 + years):
        phase, start, end = f"fase-{year}", dt.date(year, 1, 1), dt.date(year, 12, 31)
        day = assembly_day(statute, FOUNDING, start)
        if not adopt_phase(clerk, phase, day, name=f"Fase {year}", start=start, end=end):
            raise AssertionError(f"{phase} was not adopted")
        declare(clerk, phase, day, names, lambda _: True)
        phases.append(phase)
        for meeting in range(meetings):  # before the next phase's preparation in November
            when = start + dt.timedelta(days=meeting * 300 // meetings)
            for body in f3:
                for name in names:
                    clerk.exercise(body, POWER, when, phase=phase, municipality=name)
    events = list(association.events)
    expected = Expected(
        members=frozenset(names),
        phases={p: "ended" for p in phases[:-1]} | {phases[-1]: "running"},
        exercises=years * meetings * len(f3) * len(names),
        last=events[-1].date,
    )
    return events, expected


def check_replay(association: Association, expected: Expected) -> None:
    """The replay ends where the recording did: every member still a member and
    in the running phase, every phase before it ended, every acquisition
    accepted (a replay raises on any event the statute refuses)."""
    state = association.at(expected.last)
    rules = Rules.of(association.statute)
    if state.members != expected.members:
        raise AssertionError(f"members after the replay: {sorted(state.members)}")
    for phase, meaning in expected.phases.items():
        found = state.phases[phase].state
        if not rules.has(LifecycleKind.PHASE, found, Meaning(meaning)):
            raise AssertionError(f"{phase} is {found} after the replay, not {meaning}")
    running = [p for p, meaning in expected.phases.items() if meaning == "running"]
    if any(state.participants(p) != expected.members for p in running):
        raise AssertionError("a member does not take part in the running phase")
    exercises = sum(1 for event in association.events if event.kind == "exercise")
    if exercises != expected.exercises:
        raise AssertionError(f"{exercises} acquisitions replayed, {expected.exercises} expected")


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
    meetings = 4 if quick else 52
    events, expected = record_events(statute, 20, meetings)
    memory = MemoryLedger(events)
    # Three interleaved runs of the replay and the bare loop, each figure the
    # median: a shared host's noise then hits both alike.
    replays, bares = [], []
    for _ in range(3):
        start = time.perf_counter()
        replayed = Association(statute, memory)
        replays.append(len(events) / (time.perf_counter() - start))
        bares.append(bare_trigger_rate(len(events)))
        check_replay(replayed, expected)
    replay_memory, bare = statistics.median(replays), statistics.median(bares)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "protokol.db"
        recorded = min(len(events), 2_000 if quick else 20_000)
        association = Association(statute, SqliteLedger(path), planning=True)
        start = time.perf_counter()
        for event in events[:recorded]:
            association.record(event)
        record_sqlite = recorded / (time.perf_counter() - start)
        ledger = SqliteLedger(path)
        for event in events[recorded:]:
            ledger.append(event, lambda new: None, len(ledger.entries()))
        start = time.perf_counter()
        replayed = Association(statute, SqliteLedger(path))
        replay_sqlite = len(events) / (time.perf_counter() - start)
        check_replay(replayed, expected)
    return {
        "statute": statute_path.relative_to(ROOT).as_posix(),
        "events": len(events),
        "exercises": expected.exercises,
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
            "Every event is a lawful one: "
            f"{result['exercises']} are an F3's acquisitions, each a decision that the replay "
            "checks in full (the F3 in office, its meeting that day, the vote's counts, quorum "
            "and majority, the competence chain with its five conditions on the day, the "
            "delegation's state), and the replayed state is checked at the end. Before the "
            "statute's procedure was enforced (issue 9) an acquisition checked only the "
            "competence chain, and replay ran at 55,567 events/s; the 50,000 target is not met "
            "since, and the time is spread over those checks (about a third in the competence "
            "check, a sixth reading and judging the vote) rather than in one place. The "
            "clauses of issue 10 added checks every event passes (bodies set up by decision, "
            "interim bodies, a phase's participants, member kinds and partners, the law's "
            "lifecycle, amount limits, the written procedure, two-meeting rules): replay fell "
            "from 24,006 events/s (measured before them) to about half, and recording fell "
            "below its 5,000 target. Single runs on this shared host vary by about 15%. Speed "
            "is the open performance issue's to win back.",
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
