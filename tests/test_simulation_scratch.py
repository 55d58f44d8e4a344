"""A run's own association (issue 15): forked without judging again, and asked
for a day's state without a full snapshot, it answers as a replayed one does."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import attrs
import pytest

import foreningsregler as fr
from foreningsregler.economy import simulation
from foreningsregler.economy.events import Clerk
from foreningsregler.economy.scratch import DayState, ScratchAssociation
from foreningsregler.economy.simulation import load_scenario, simulate
from foreningsregler.economy.stories import found
from foreningsregler.protocol.association import Association
from foreningsregler.protocol.ledger import MemoryLedger
from foreningsregler.protocol.state import State

ROOT = Path(__file__).resolve().parent.parent
K14 = ROOT / "examples" / "k14.scenario.yaml"
STATUTE = fr.load(ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml")
NAMES = [m.name for m in load_scenario(K14).municipalities]
FOUNDING = dt.date(2015, 10, 1)


def founded(names: list[str] = NAMES) -> tuple[ScratchAssociation, Clerk]:
    association = ScratchAssociation(STATUTE)
    clerk = Clerk(association)
    found(clerk, names, FOUNDING)
    assert not clerk.refusals
    return association, clerk


def fields(state: State) -> dict[str, object]:
    return {f.name: getattr(state, f.name) for f in attrs.fields(State)}


def test_a_day_state_is_the_full_snapshot_field_by_field() -> None:
    association, _ = founded()
    replayed = Association(STATUTE, MemoryLedger(association.events))
    for day in (FOUNDING + dt.timedelta(days=1), dt.date(2016, 1, 1), dt.date(2030, 6, 1)):
        state = association.at(day)
        assert isinstance(state, DayState)
        expected = replayed.at(day)
        assert fields(state) == fields(expected)
        assert state == expected and expected == state.full()
        assert state.members == expected.members
        assert state.participants("fase-1") == expected.participants("fase-1") == frozenset()


def test_a_day_state_read_late_is_the_state_when_it_was_asked_for() -> None:
    association, clerk = founded()
    day = dt.date(2016, 3, 1)
    before = association.at(day)  # nothing but the members worked out yet
    assert clerk.act("give-notice", day, "Greve")
    assert association.at(day).membership["Greve"] != before.membership["Greve"]
    replayed = Association(STATUTE, MemoryLedger(association.events[:-1]))
    assert fields(before) == fields(replayed.at(day))  # the seats etc. as they were


def test_a_day_state_before_the_last_recorded_day_is_a_full_snapshot() -> None:
    association, _ = founded()
    earlier = association.at(FOUNDING - dt.timedelta(days=150))
    assert type(earlier) is State
    assert earlier.members == frozenset()


def test_a_day_state_pickles_as_its_snapshot() -> None:
    association, _ = founded(NAMES[:3])
    state = association.at(FOUNDING + dt.timedelta(days=2))
    again = pickle.loads(pickle.dumps(state))
    assert type(again) is State
    assert again == state
    assert again.members == set(NAMES[:3])


def test_a_fork_goes_on_alone_from_the_same_record() -> None:
    association, clerk = founded()
    fork = association.fork()
    day = dt.date(2016, 2, 1)
    assert fields(fork.at(day)) == fields(association.at(day))
    twin = clerk.fork(fork)
    assert twin.act("give-notice", day, "Greve")
    assert len(fork.events) == len(association.events) + 1
    assert association.at(day).membership["Greve"] != fork.at(day).membership["Greve"]
    replayed = Association(STATUTE, MemoryLedger(fork.events))
    assert fields(fork.at(day)) == fields(replayed.at(day))
    assert fork.ledger.entries()[: len(association.events)] == association.ledger.entries()


def test_every_state_a_run_asks_for_is_the_replayed_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each state the clerk was given in a run equals the state a protocol
    replayed from the run's events gives on that day (as it then stood)."""
    scenario = load_scenario(K14)
    seen: list[tuple[int, DayState]] = []
    original = ScratchAssociation.at

    def watched(self: ScratchAssociation, day: dt.date) -> State:
        state = original(self, day)
        if isinstance(state, DayState):
            seen.append((len(self.ledger.entries()), state))
        return state

    monkeypatch.setattr(ScratchAssociation, "at", watched)
    simulation._FOUNDED.clear()
    result = simulate(STATUTE, scenario, 5)
    simulation._FOUNDED.clear()
    assert len(seen) > 20
    for count, state in seen[::7]:
        replayed = Association(STATUTE, MemoryLedger(result.events[:count]))
        assert fields(state) == fields(replayed.at(state.on))


def test_runs_are_those_of_the_plain_protocol(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same seeds give the same results as when each run replays the founding
    and every state is a full snapshot (the protocol as any other caller has it)."""
    scenario = load_scenario(K14)
    simulation._FOUNDED.clear()
    fast = [simulate(STATUTE, scenario, seed) for seed in (0, 4, 9)]

    def replayed(self: ScratchAssociation) -> ScratchAssociation:
        return ScratchAssociation(self.statute, self.ledger.entries(), rules=self._rules)

    def snapshot(self: ScratchAssociation, day: dt.date) -> State:
        return Association.at(self, day)

    monkeypatch.setattr(ScratchAssociation, "fork", replayed)
    monkeypatch.setattr(ScratchAssociation, "at", snapshot)
    simulation._FOUNDED.clear()
    plain = [simulate(STATUTE, scenario, seed) for seed in (0, 4, 9)]
    simulation._FOUNDED.clear()
    assert fast == plain
    assert len({len(r.events) for r in fast}) > 1  # the seeds differ


#: The sweep of 16 runs of K14 from seed 7 as it was before issue 15 made runs
#: cheaper (commit c9ff5e8): the members in the first and last year, and the
#: mean payments of three members, in øre.
PINNED_MEMBERS = {
    2016: {10: 1, 11: 2, 12: 4, 13: 6, 14: 3},
    2025: {6: 1, 7: 1, 8: 3, 9: 2, 10: 1, 11: 3, 12: 5},
}
PINNED_PAYMENTS = {"Greve": 422_827_031, "Næstved": 762_534_525, "Sorø": 234_338_333}


def test_a_sweep_on_one_or_two_workers_is_the_runs_of_a_fresh_association(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each run of a sweep, on one process or two, is the run a plain
    ``Association`` gives, fresh for the run (a hash-chained ``MemoryLedger``,
    its own founding judged, every state a full snapshot); and the sweep gives
    what it gave before the runs were made cheaper."""
    from concurrent.futures import ProcessPoolExecutor

    from foreningsregler.economy.simulation import run_seed, summarise, sweep

    scenario = load_scenario(K14)
    with ProcessPoolExecutor(1) as one, ProcessPoolExecutor(2) as two:
        first = sweep(STATUTE, scenario, 16, 7, one)
        second = sweep(STATUTE, scenario, 16, 7, two, chunks=3)
    assert first == second
    assert {year: first.members(year) for year in PINNED_MEMBERS} == PINNED_MEMBERS
    assert {m: first.mean_payments()[m] for m in PINNED_PAYMENTS} == PINNED_PAYMENTS

    made: list[Association] = []

    def fresh(statute: fr.Statute, rules: object = None) -> Association:
        made.append(Association(statute, MemoryLedger(), planning=True))
        return made[-1]

    monkeypatch.setattr(simulation, "ScratchAssociation", fresh)
    for run in (0, 5, 11):  # a few: a run of the plain protocol takes some time
        plain = simulation._simulated(STATUTE, scenario, run_seed(7, run), None)
        assert summarise(plain) == first.runs[run]
        entries = made[-1].ledger.entries()
        assert [e.event for e in entries] == list(plain.events)
        assert entries[-1].hash and entries[-1].prev_hash == entries[-2].hash  # chained


def test_a_refused_event_changes_nothing_in_a_runs_association() -> None:
    from foreningsregler.errors import BadArgument
    from foreningsregler.protocol.ledger import Event
    from foreningsregler.protocol.state import RuleViolation

    association, _ = founded()
    before = association.ledger.entries()
    day = dt.date(2016, 3, 1)
    state = fields(association.at(day))
    with pytest.raises(RuleViolation) as refused:  # Aarhus was never declared nor admitted
        association.record(Event("give-notice", day, "Aarhus"))
    assert refused.value.rule and refused.value.provision is not None
    with pytest.raises(BadArgument, match="event: an Event, not"):
        association.record({"kind": "give-notice"})  # type: ignore[arg-type]
    assert association.ledger.entries() == before
    assert fields(association.at(day)) == state
    entry = association.record(Event("give-notice", day, "Greve"))
    assert (entry.seq, entry.hash, entry.prev_hash) == (len(before) + 1, "", "")
    assert association.ledger.entries() == (*before, entry)


def test_a_sweeps_statute_is_unpickled_once_per_process_and_its_splits_are_fresh() -> None:
    statute, scenario = simulation._shipped(pickle.dumps((STATUTE, load_scenario(K14))))
    again = simulation._shipped(pickle.dumps((STATUTE, load_scenario(K14))))  # equal bytes
    assert statute == STATUTE and again[0] is statute and again[1] is scenario
    first = simulation._split(100, {"Greve": 1, "Sorø": 2})
    first["Greve"] += 1_000  # a run adds a phase's payment to its fees
    assert simulation._split(100, {"Greve": 1, "Sorø": 2}) == {"Greve": 33, "Sorø": 67}
