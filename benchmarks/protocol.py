"""Protocol benchmark: replay, reading, recording and ``at(d)``, checked for equal states.

A generated record of the statute's municipalities over 20 years (about
95,000 events with the bundled statute's 14: the founding, the bodies
elected, a yearly phase prepared, proposed, recommended and adopted at a
general assembly called with notice, every member joining, and each F3
meeting weekly to start, by a vote, an acquisition for every participant),
every event of which the statute accepts, is

- replayed in memory, from SQLite and from JSON Lines (every event judged:
  an act repeated on its day the quick way, docs/protocol.md);
- read from SQLite without replaying (the baseline: the select and one JSON
  decode per row, ``sqlite_scan_events_per_s``);
- recorded into SQLite (checked, one transaction per event);

in interleaved rounds (each figure the median, with its spread). Every way
of replaying must reach the same state: the three replays' ends, and
``at(d)`` with checkpoints against a replay up to ``d`` without them, on
days spread over the record; the benchmark fails otherwise.

Then a large protocol (``--big-events``, 1,000,000 by default) is written to
SQLite in a child process and replayed in another, which reports its
maximum resident set and the time of ``at(d)`` on days spread over it.

    .venv/bin/python benchmarks/protocol.py [--quick] [--big-events N] [--rounds R]

Prints one JSON line (the figures) first, and rewrites the "Protocol"
section of docs/performance.md (not with --quick).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
from _report import replace_section

import foreningsregler as fr
from foreningsregler.economy.events import Clerk
from foreningsregler.economy.stories import adopt_phase, assembly_day, declare, found
from foreningsregler.protocol.association import Association
from foreningsregler.protocol.corrections import replayed
from foreningsregler.protocol.jsonl_store import JsonlLedger
from foreningsregler.protocol.ledger import (
    GENESIS,
    Entry,
    Event,
    Gate,
    Head,
    Ledger,
    MemoryLedger,
    chained_after,
)
from foreningsregler.protocol.lifecycle import Meaning
from foreningsregler.protocol.protection import write_head
from foreningsregler.protocol.rules import Rules
from foreningsregler.protocol.sqlite_store import SqliteLedger
from foreningsregler.statute.model import LifecycleKind, Statute

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
SECTION = "## Protocol (replay and record)"
POWER = "igangsaet-anskaffelse"  # the F3's power, delegated by the general assembly
FOUNDING = dt.date(2015, 10, 1)
TARGETS = {
    "replay_memory_events_per_s": 150_000,
    "record_sqlite_events_per_s": 5_000,
}
RSS_TARGET_MB, AT_TARGET_MS = 200, 50


@attrs.frozen
class Expected:
    """What the replayed protocol must show at its end."""

    members: frozenset[str]
    phases: dict[str, str]  # phase -> what it means on the last day: "ended" or "running"
    exercises: int
    last: dt.date
    count: int


class SqliteSink:
    """A ledger that writes the benchmark's big protocol to SQLite in large
    transactions and keeps nothing: the hash chain and head as a SqliteLedger
    writes them, so the file opens as one."""

    def __init__(self, path: Path) -> None:
        SqliteLedger(path).close()  # the table, the head file
        self.path, self.head = path, Head(0, GENESIS)
        self.rows: list[tuple[int, str, str, str, None]] = []
        self.connection = sqlite3.connect(path, isolation_level=None)

    def entries(self) -> tuple[Entry, ...]:
        return ()

    def append(self, event: Event, gate: Gate, known: int) -> Entry:
        return self.append_all((event,), gate, known)[0]

    def append_all(self, events: Sequence[Event], gate: Gate, known: int) -> tuple[Entry, ...]:
        gate(())
        new = chained_after(self.head, events)
        self.rows.extend((e.seq, e.event.canonical(), e.prev_hash, e.hash, None) for e in new)
        self.head = Head(new[-1].seq, new[-1].hash)
        if len(self.rows) >= 20_000:
            self.flush()
        return tuple(new)

    def flush(self) -> None:
        self.connection.execute("BEGIN")
        self.connection.executemany("INSERT INTO protocol VALUES (?, ?, ?, ?, ?)", self.rows)
        self.connection.execute("COMMIT")
        self.rows.clear()
        write_head(self.path, self.head, None)


def municipalities(statute: Statute) -> list[str]:
    named = statute.membership.municipalities if statute.membership else ()
    return list(named) or [f"Kommune {i:02d}" for i in range(1, 15)]


def record_events(statute: Statute, years: int, meetings: int, ledger: Ledger) -> Expected:
    """A plausible protocol, every event of which the statute accepts, recorded
    through an ``Association`` (on ``ledger``) by a strict clerk, which raises
    on any refusal.

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
    association = Association(statute, ledger, planning=True)
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
    replay = association._replay
    return Expected(
        members=frozenset(names),
        phases={p: "ended" for p in phases[:-1]} | {phases[-1]: "running"},
        exercises=years * meetings * len(f3) * len(names),
        last=replay.last or FOUNDING,
        count=association._known,
    )


def check_replay(association: Association, expected: Expected) -> None:
    """The replay ends where the recording did: every member still a member and
    in the running phase, every phase before it ended (a replay raises on any
    event the statute refuses)."""
    state = association.at(expected.last)
    rules = Rules.of(association.statute)
    if state.members != expected.members:
        raise AssertionError(f"members after the replay: {sorted(state.members)}")
    for phase, meaning in expected.phases.items():
        found_state = state.phases[phase].state
        if not rules.has(LifecycleKind.PHASE, found_state, Meaning(meaning)):
            raise AssertionError(f"{phase} is {found_state} after the replay, not {meaning}")
    running = [p for p, meaning in expected.phases.items() if meaning == "running"]
    if any(state.participants(p) != expected.members for p in running):
        raise AssertionError("a member does not take part in the running phase")
    if association._known != expected.count:
        raise AssertionError(f"{association._known} entries replayed, {expected.count} expected")


def spread_days(first: dt.date, last: dt.date, count: int) -> list[dt.date]:
    span = (last - first).days
    return [first + dt.timedelta(days=span * i // (count - 1)) for i in range(count)]


def check_at(association: Association, events: Sequence[Event], rules: Rules) -> int:
    """``at(d)`` (checkpoints and the changes since) equals a replay up to ``d``
    without them, on days spread over the record; how many days were compared."""
    days = spread_days(events[0].date, events[-1].date, 12)
    for day in days:
        plain = replayed(rules, [e for e in events if e.date <= day]).snapshot(day)
        if association.at(day) != plain:
            raise AssertionError(f"at({day}) differs from the replay up to it")
    return len(days)


def scan_rate(path: Path) -> float:
    """The baseline: read every row of the protocol and decode its event."""
    start = time.perf_counter()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        cursor = connection.execute("SELECT seq, event, prev, hash FROM protocol ORDER BY seq")
        count = 0
        while rows := cursor.fetchmany(4096):
            for row in rows:
                json.loads(row[1])
                count += 1
    return count / (time.perf_counter() - start)


def timed(make: Callable[[], Association], count: int) -> tuple[float, Association]:
    start = time.perf_counter()
    association = make()
    return count / (time.perf_counter() - start), association


def record_rate(statute: Statute, rules: Rules, events: Sequence[Event], folder: Path) -> float:
    # One ``record`` (judged, one transaction) per event, in a block
    # (``writing``) that holds the writers' lock and writes the head file once.
    path = folder / f"record-{time.monotonic_ns()}.db"
    ledger = SqliteLedger(path)
    association = Association(statute, ledger, rules=rules, planning=True)
    start = time.perf_counter()
    with ledger.writing():
        for event in events:
            association.record(event)
    return len(events) / (time.perf_counter() - start)


def figure(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def measure(statute_path: Path, meetings: int, rounds: int, recorded: int) -> dict[str, object]:
    statute = fr.load(statute_path)
    rules = Rules.of(statute)
    memory = MemoryLedger()
    expected = record_events(statute, 20, meetings, memory)
    events = [entry.event for entry in memory.entries()]
    rates: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sqlite_path, jsonl_path = folder / "protokol.db", folder / "protokol.jsonl"
        for path, store in ((sqlite_path, SqliteLedger), (jsonl_path, JsonlLedger)):
            store(path).append_all(events, lambda new: None, 0)
        ways: dict[str, Callable[[], Association]] = {
            "replay_memory": lambda: Association(statute, memory, rules=rules),
            "replay_sqlite": lambda: Association(
                statute, SqliteLedger(sqlite_path, read_only=True), rules=rules
            ),
            "replay_jsonl": lambda: Association(
                statute, JsonlLedger(jsonl_path, read_only=True), rules=rules
            ),
        }
        compared = 0
        for _round in range(rounds):  # interleaved: a shared host's noise hits all alike
            ends = []
            for way, make in ways.items():
                rate, association = timed(make, len(events))
                rates.setdefault(way, []).append(rate)
                check_replay(association, expected)
                ends.append(association.at(expected.last))
            if any(end != ends[0] for end in ends):
                raise AssertionError("the replays in memory, from SQLite and JSON Lines differ")
            rates.setdefault("sqlite_scan", []).append(scan_rate(sqlite_path))
            rates.setdefault("record_sqlite", []).append(
                record_rate(statute, rules, events[:recorded], folder)
            )
            if not compared:
                compared = check_at(association, events, rules)
    figures = {way: figure(values) for way, values in rates.items()}
    return {
        "statute": statute_path.relative_to(ROOT).as_posix(),
        "events": len(events),
        "exercises": expected.exercises,
        "recorded": recorded,
        "rounds": rounds,
        "at_days_compared": compared,
        "figures": figures,
    }


# -- the big protocol, in child processes ------------------------------------------


def big_shape(count: int) -> tuple[int, int]:
    """(years, F3 meetings a year) for about ``count`` events."""
    meetings = 100
    years = max(1, round(count / (meetings * 90 + 340)))
    return years, meetings


def child_generate(path: Path, count: int) -> None:
    statute = fr.load(BUNDLED)
    sink = SqliteSink(path)
    years, meetings = big_shape(count)
    expected = record_events(statute, years, meetings, sink)
    sink.flush()
    sink.connection.close()
    print(json.dumps(attrs.asdict(expected, value_serializer=_plain)))


def _plain(_instance: object, _field: object, value: object) -> object:
    if isinstance(value, frozenset):
        return sorted(value)
    return value.isoformat() if isinstance(value, dt.date) else value


def max_rss_mb() -> float:
    """This process's peak resident set: VmHWM (getrusage's maximum would count
    the parent's pages at the fork before this program was executed)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_replay(path: Path, expected_json: str) -> None:
    statute = fr.load(BUNDLED)
    rules = Rules.of(statute)
    before = max_rss_mb()
    start = time.perf_counter()
    association = Association(statute, SqliteLedger(path, read_only=True), rules=rules)
    seconds = time.perf_counter() - start
    rss = max_rss_mb()
    raw = json.loads(expected_json)
    expected = Expected(
        frozenset(raw["members"]),
        raw["phases"],
        raw["exercises"],
        dt.date.fromisoformat(raw["last"]),
        raw["count"],
    )
    check_replay(association, expected)
    history = association._history
    times = []
    for day in spread_days(history.days[0], history.days[-1] - dt.timedelta(days=1), 25):
        begin = time.perf_counter()
        association.at(day)
        times.append((time.perf_counter() - begin) * 1000)
    result = {
        "events": association._known,
        "replay_s": seconds,
        "max_rss_mb": rss,
        "rss_before_replay_mb": before,
        "at_ms_max": max(times),
        "at_ms_median": statistics.median(times),
        "checkpoints": len(history.checkpoints),
        "checkpoint_mb": sum(len(c.frozen) for c in history.checkpoints) / 2**20,
        "changes": len(history.changes),
    }
    print(json.dumps(result))


def measure_big(count: int) -> dict[str, object]:
    here = [sys.executable, str(Path(__file__).resolve())]
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "big.db"
        start = time.perf_counter()
        made = _child([*here, "--child-generate", str(path), "--big-events", str(count)])
        generated = time.perf_counter() - start
        found = _child([*here, "--child-replay", str(path), "--expected", made])
    return {"generate_s": generated, **json.loads(found)}


def _child(command: list[str]) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise AssertionError(f"{command[2]} failed:\n{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


# -- report ------------------------------------------------------------------------


def keys(result: dict[str, object], big: dict[str, object]) -> dict[str, object]:
    figures = result["figures"]
    assert isinstance(figures, dict)
    return {
        "replay_memory_events_per_s": round(figures["replay_memory"]["median"]),
        "replay_sqlite_events_per_s": round(figures["replay_sqlite"]["median"]),
        "sqlite_scan_events_per_s": round(figures["sqlite_scan"]["median"]),
        "record_sqlite_events_per_s": round(figures["record_sqlite"]["median"]),
        "replay_1m_max_rss_mb": round(float(big["max_rss_mb"]), 1),  # type: ignore[arg-type]
        "at_1m_ms": round(float(big["at_ms_max"]), 2),  # type: ignore[arg-type]
    }


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_section(
    result: dict[str, object], big: dict[str, object], found: dict[str, object], command: str
) -> None:
    figures = result["figures"]
    assert isinstance(figures, dict)

    def row(label: str, way: str, target: str) -> str:
        f = figures[way]
        return f"| {label} | {f['median']:,.0f} | {f['min']:,.0f} to {f['max']:,.0f} | {target} |"

    scan = figures["sqlite_scan"]["median"]
    sqlite_ratio = figures["replay_sqlite"]["median"] / scan
    verdicts = []
    for key, target in TARGETS.items():
        value = found[key]
        assert isinstance(value, int)
        verdicts.append(
            f"- `{key}`: {value:,} against a target of {target:,}: "
            + ("met." if value >= target else f"**missed** ({value / target:.0%} of it).")
        )
    verdicts.append(
        f"- replay from SQLite: {sqlite_ratio:.2f} of the scan (target: at least 0.33): "
        + ("met." if sqlite_ratio >= 1 / 3 else "**missed**.")
    )
    rss, at_ms = float(found["replay_1m_max_rss_mb"]), float(found["at_1m_ms"])  # type: ignore[arg-type]
    verdicts.append(
        f"- replaying {big['events']:,} events from SQLite: maximum resident set {rss:.0f} MB "
        f"(target: under {RSS_TARGET_MB}): " + ("met." if rss < RSS_TARGET_MB else "**missed**.")
    )
    verdicts.append(
        f"- `at(d)` on them, the slowest of 25 days: {at_ms:.1f} ms (median "
        f"{float(big['at_ms_median']):.1f} ms; target: under {AT_TARGET_MS}): "  # type: ignore[arg-type]
        + ("met." if at_ms < AT_TARGET_MS else "**missed**.")
    )
    body = "\n".join(
        [
            SECTION,
            "",
            f"Measured {dt.date.today().isoformat()} on {machine()}, with `{command}`: "
            f"{result['events']:,} events (statute `{result['statute']}`, "
            f"{result['exercises']:,} of them an F3's acquisitions), "
            f"{result['rounds']} interleaved rounds; the median of the rounds and their "
            "spread (lowest to highest).",
            "",
            "| figure | events/s (median) | spread | target |",
            "|---|---:|---:|---|",
            row("replay in memory (judge every event)", "replay_memory", ">= 150,000"),
            row(
                "replay from SQLite (stream, verify the chain, judge)",
                "replay_sqlite",
                ">= 1/3 of the scan",
            ),
            row("replay from JSON Lines (the same)", "replay_jsonl", ""),
            row("scan SQLite (select, one JSON decode a row): baseline", "sqlite_scan", ""),
            row(
                f"record to SQLite ({result['recorded']:,} events, one transaction each, "
                "in a writing() block)",
                "record_sqlite",
                ">= 5,000",
            ),
            "",
            f"Replay from SQLite runs at {sqlite_ratio:.2f} of the scan's rate; replay in memory "
            f"at {figures['replay_memory']['median'] / scan:.2f} of it. Every replay is checked: "
            "the three replays end in the same state, which is the recording's end (members, "
            "phases, participants, entries), and `at(d)` from the checkpoints equals a replay "
            f"up to `d` without them on {result['at_days_compared']} days spread over the record.",
            "",
            f"The large protocol: {big['events']:,} events written to SQLite in "
            f"{float(big['generate_s']):.0f} s (judged as they were made), replayed by a fresh "
            f"process in {float(big['replay_s']):.1f} s with a maximum resident set of "
            f"{float(big['max_rss_mb']):.0f} MB ({float(big['rss_before_replay_mb']):.0f} MB "  # type: ignore[arg-type]
            f"before it: the interpreter, the library and the statute); it kept "
            f"{big['checkpoints']} checkpoints ({float(big['checkpoint_mb']):.1f} MB) and "  # type: ignore[arg-type]
            f"{big['changes']:,} changes. `at(d)` on 25 days spread over it: slowest "
            f"{float(big['at_ms_max']):.1f} ms, median {float(big['at_ms_median']):.1f} ms.",  # type: ignore[arg-type]
            "",
            "Against the targets of issue 15:",
            "",
            *verdicts,
            "",
            "Most replayed events are an F3's acquisitions, each a decision the replay checks "
            "(the F3 in office, its meeting that day, the vote's counts, quorum and "
            "majority, the competence chain with its conditions on the day, the delegation's "
            "state, the amount limits, the statute's standing under the law). What depends "
            "only on the state and the day is worked out once while no entry changes the "
            "state (`Replay.memo`, docs/protocol.md); the first act after each meeting is "
            "judged in full, and each act that repeats it on its day (the same F3, power, "
            "vote and matter) the quick way (`protocol/quick.py`): its day key holds its "
            "phase, so only its own facts (its municipality, area and person, and the "
            "chains' tests that read them) are checked again. The time is in reading each "
            "act's facts for that, in the first act and the meeting of each F3's day, and "
            "in the other acts.",
            f"Per event: the scan {1e6 / scan:.1f} µs, a replay in memory "
            f"{1e6 / figures['replay_memory']['median']:.1f} µs, a replay from SQLite "
            f"{1e6 / figures['replay_sqlite']['median']:.1f} µs, where a third of the scan's "
            f"rate allows {3e6 / scan:.1f} µs. Replay from SQLite adds reading each row to the "
            "same judging: the first read of a protocol verifies each row (its hash, its "
            "place in the chain, its key's code) before its event is read from the same text "
            "and judged, and the heads when the rows end (docs/protocol.md); a sha256 of each "
            "row and making its event are what reading costs beyond the scan. "
            "Recording is measured as one `record` per event (each judged and its own "
            "transaction) inside `ledger.writing()`, which holds the writers' lock for the "
            "block and syncs and writes the head file once at its end; outside a block every "
            "append also takes the lock, syncs the write-ahead log and writes the head file "
            "(docs/protocol.md, Durability and Blocks), which costs milliseconds an append.",
            "",
        ]
    )
    replace_section(SECTION, body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run; docs not rewritten")
    parser.add_argument("--big-events", type=int, default=None, help="the large protocol's size")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--statute", type=Path, default=BUNDLED)
    parser.add_argument("--child-generate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-replay", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--expected", help=argparse.SUPPRESS)
    args = parser.parse_args()
    big_events = args.big_events or (20_000 if args.quick else 1_000_000)
    if args.child_generate:
        return child_generate(args.child_generate, big_events)
    if args.child_replay:
        return child_replay(args.child_replay, args.expected)
    rounds = args.rounds or (2 if args.quick else 5)
    meetings, recorded = (4, 1_000) if args.quick else (52, 5_000)
    result = measure(args.statute.resolve(), meetings, rounds, recorded)
    big = measure_big(big_events)
    found = keys(result, big)
    print(json.dumps(found))
    print(json.dumps({**result, "big": big}))
    if not args.quick:
        command = "python " + " ".join(["benchmarks/protocol.py", *sys.argv[1:]])
        write_section(result, big, found, command)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
