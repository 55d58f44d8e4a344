"""Scenarios (``scenario``: municipalities, a timeline and behaviour) simulated through a statute.

``simulate`` turns a scenario into events and records each through an
``Association``, so every simulated act passes the same rules as a real one;
a refusal is part of the result, not a crash. The events follow the statute
(``events.Clerk``): the founding general assembly admits the founders and
elects the bodies it fills, every decision (an election too) is taken at its
body's meeting by a vote, meetings are called with the statute's notice, and
a phase is recommended and consulted on, proposed, recommended and adopted
before the members declare whether they join. Money follows the statute's
rules: the yearly fee (a rate per inhabitant, split by population among the
members on 1 January) and each phase's payment (its budget, split among its participants
when it starts); a year in debt is reported with the rule's provision. Flows: ``flows``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import pickle
import random
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any, TypeVar

import attrs

from ..errors import expect, expect_int
from ..i18n import N_, _, shown_day
from ..protocol.history import collector_paused
from ..protocol.ledger import Event
from ..protocol.rules import Rules
from ..statute.law import LawRef
from ..statute.loading import load
from ..statute.model import MoneyKind, ProvisionRef, Statute
from . import tables
from .events import Clerk
from .money import EconomyError, apportion
from .scenario import FIRST_YEAR as FIRST_YEAR
from .scenario import LAST_YEAR as LAST_YEAR
from .scenario import Municipality as Municipality
from .scenario import PhasePlan as PhasePlan
from .scenario import Scenario as Scenario
from .scenario import load_scenario as load_scenario
from .scratch import ScratchAssociation
from .stories import adopt_phase, assembly_day, declare, found, hold_ordinary_assembly

# --- Results -------------------------------------------------------------------------


@attrs.frozen
class Refusal:
    event: Event
    rule: str
    message: str
    provision: ProvisionRef | LawRef | None


@attrs.frozen
class Year:
    """One year: who were members, who paid what, and the association's balance."""

    year: int
    members: tuple[str, ...]
    payments: Mapping[str, int]  # øre per municipality: fee plus phase payments
    income: int
    costs: int
    balance: int  # at the end of the year, carried over


@attrs.frozen
class Breach:
    """A year-end balance below zero: the association would be in debt."""

    year: int
    balance: int
    provision: ProvisionRef | None


@attrs.frozen
class Result:
    seed: int
    events: tuple[Event, ...]
    refusals: tuple[Refusal, ...]
    years: tuple[Year, ...]
    breaches: tuple[Breach, ...]

    def membership(self) -> dict[int, int]:
        """Number of members in each year."""
        return {y.year: len(y.members) for y in self.years}

    def to_pandas(self, unit: str = "oere") -> Any:
        """Payments per municipality per year as a pandas DataFrame, money in
        ``unit`` (``oere``, ``kr`` or ``tkr``; see ``tables.result_frame``)."""
        return tables.result_frame(self.years, unit)


# --- Simulation --------------------------------------------------------------------------


#: The years a run fits in: those an event may carry, as for a scenario's file.
RUN_YEARS = range(FIRST_YEAR, LAST_YEAR + 1)


def simulate(statute: Statute, scenario: Scenario, seed: int) -> Result:
    """One run of the scenario: the protocol, membership, payments and balance."""
    _check_run(statute, scenario, seed)
    with collector_paused():  # see ``_chunk``
        return _simulated(statute, scenario, seed, _founded(statute, scenario))


def _simulated(statute: Statute, scenario: Scenario, seed: int, start: _Run | None) -> Result:
    """A run from ``start``, a run just founded (the founding draws no random
    number, so every run of a scenario starts alike), or from nothing."""
    rng = random.Random(seed)
    if start is None:
        run = _Run(statute, scenario)
        found(run.clerk, [m.name for m in scenario.municipalities], scenario.founding)
    else:
        run = start.fork()
    run.plan_phases_of(scenario.founding.year + 1, rng)
    for year in range(scenario.founding.year + 1, scenario.founding.year + scenario.years + 1):
        run.year(year, rng)
    refusals = tuple(
        Refusal(event, refusal.rule, refusal.message, refusal.provision)
        for event, refusal in run.clerk.refusals
    )
    return Result(seed, run.association.events, refusals, tuple(run.years), tuple(run.breaches))


def _check_run(statute: Statute, scenario: Scenario, seed: int) -> None:
    """The arguments of a run, refused with the library's errors before it starts."""
    expect(statute, Statute, "statute", N_("a Statute (from load)"))
    expect(scenario, Scenario, "scenario", N_("a Scenario (from load_scenario)"))
    expect_int(seed, "seed")
    last = scenario.founding.year + scenario.years
    if scenario.founding.year not in RUN_YEARS or last not in RUN_YEARS:
        raise EconomyError(
            _(
                "the scenario runs from {founding} to the end of {last}; a simulation "
                "stays within the years {first} to {final} of the calendar",
                founding=shown_day(scenario.founding),
                last=last,
                first=RUN_YEARS[0],
                final=RUN_YEARS[-1],
            )
        )


class _Run:
    """The mutable side of one run: the association and its clerk, the money."""

    def __init__(self, statute: Statute, scenario: Scenario, clerk: Clerk | None = None) -> None:
        """A new run, or one that goes on from ``clerk``'s record (``fork``)."""
        self.statute, self.scenario = statute, scenario
        self.population = {m.name: m.population for m in scenario.municipalities}
        # A run's events are judged in full, then summarised: no hash chain to keep.
        if clerk is None:
            rules = _rules(statute)
            self.association = ScratchAssociation(statute, rules=rules)
            self.clerk = Clerk(self.association, rules, rank=self.population)
        else:  # the founding's record, forked without judging it again
            assert isinstance(clerk.association, ScratchAssociation)
            self.association = clerk.association.fork()
            self.clerk = clerk.fork(self.association)
        self.noticed: set[str] = set()  # members that have given notice
        self.years: list[Year] = []
        self.breaches: list[Breach] = []
        self.adopted: dict[str, bool] = {}  # phase -> adopted, before this run forked
        self.balance = 0
        self.no_debt = next(
            (r.provision for r in statute.money_rules if r.kind is MoneyKind.NO_DEBT), None
        )

    def fork(self) -> _Run:
        """A run that starts where this one is (before any year: no money yet)."""
        assert not self.years and not self.balance
        run = _Run(self.statute, self.scenario, self.clerk)
        run.adopted = dict(self.adopted)
        return run

    def year(self, year: int, rng: random.Random) -> None:
        new_year = dt.date(year, 1, 1)
        members = sorted(self.clerk.state(new_year).members)
        payments = self._fee(members)
        income = sum(payments.values())
        costs = self.scenario.running_costs
        for phase in self.scenario.phases:
            if phase.start.year == year:
                costs += phase.budget
                for municipality, share in self._phase_payment(phase).items():
                    payments[municipality] = payments.get(municipality, 0) + share
                    income += share
        notice_day = dt.date(year, 2, 1)  # notices in February, planning in November
        for spec in self.scenario.municipalities:
            if spec.name in members and rng.random() < spec.gives_notice:
                self._give_notice(spec.name, notice_day)
        self.plan_phases_of(year + 1, rng)
        hold_ordinary_assembly(
            self.clerk, assembly_day(self.statute, self.scenario.founding, dt.date(year + 1, 1, 1))
        )
        self.balance += income - costs
        self.years.append(Year(year, tuple(members), payments, income, costs, self.balance))
        if self.balance < 0:
            self.breaches.append(Breach(year, self.balance, self.no_debt))

    def _give_notice(self, municipality: str, day: dt.date) -> None:
        """A member gives notice once; one already under notice has nothing to give."""
        if municipality not in self.noticed and self.clerk.act("give-notice", day, municipality):
            self.noticed.add(municipality)

    def _fee(self, members: list[str]) -> dict[str, int]:
        people = {m: self.population[m] for m in members}
        if not sum(people.values()):  # no members, or none with inhabitants: no fee
            return dict.fromkeys(members, 0)
        return _split(self.scenario.fee_per_inhabitant * sum(people.values()), people)

    def _phase_payment(self, phase: PhasePlan) -> dict[str, int]:
        joined = sorted(self.clerk.state(phase.start).participants(phase.id))
        if not joined:
            return {}
        people = {m: self.population[m] for m in joined}
        if not sum(people.values()) and phase.budget:
            raise EconomyError(
                _(
                    "the budget of {phase} is split by population, and its participants "
                    "({participants}) have no inhabitants",
                    phase=phase.id,
                    participants=", ".join(joined),
                )
            )
        return _split(phase.budget, people) if phase.budget else dict.fromkeys(joined, 0)

    def adopt(self, phase: PhasePlan, meeting: dt.date) -> bool:
        name, start, end = phase.name, phase.start, phase.end
        return adopt_phase(self.clerk, phase.id, meeting, name=name, start=start, end=end)

    def plan_phases_of(self, year: int, rng: random.Random) -> None:
        """Phases starting next year are prepared, proposed, recommended and adopted
        this autumn; at the general assembly each member says whether it joins."""
        joins = {m.name: m.joins for m in self.scenario.municipalities}
        for phase in self.scenario.phases:
            if phase.start.year != year:
                continue
            meeting = assembly_day(self.statute, self.scenario.founding, phase.start)
            adopted = self.adopted.pop(phase.id, None)  # adopted before this run forked
            if adopted is None:
                adopted = self.adopt(phase, meeting)
            if not adopted:
                continue
            members = self.clerk.state(meeting).members
            declare(
                self.clerk,
                phase.id,
                meeting,
                [m.name for m in self.scenario.municipalities if m.name in members],
                lambda m: rng.random() < joins[m],
            )


def _split(total: int, people: dict[str, int]) -> dict[str, int]:
    """``apportion``, remembered: the runs of a sweep split the same sums among
    the same members again and again."""
    return dict(_apportioned(total, tuple(people.items())))


@functools.lru_cache(maxsize=4096)
def _apportioned(total: int, people: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    return tuple(apportion(total, dict(people)).items())


_COMPILED: dict[Statute, Rules] = {}


def _rules(statute: Statute) -> Rules:
    """The statute compiled once per process, shared by all its runs. Keyed by value:
    a worker process receives its own copy of the statute with every job."""
    found = _COMPILED.get(statute)
    if found is None:
        if len(_COMPILED) > 8:
            _COMPILED.clear()
        found = _COMPILED[statute] = Rules.of(statute)
    return found


_FOUNDED: dict[tuple[Statute, Scenario], _Run] = {}


def _founded(statute: Statute, scenario: Scenario) -> _Run:
    """The scenario's association just founded (and its first phase adopted), once
    per process: each run goes on from a fork of it (``ScratchAssociation.fork``:
    the founding's changes made again, its events not judged again)."""
    key = (statute, scenario)
    found_run = _FOUNDED.get(key)
    if found_run is None:
        found_run = _Run(statute, scenario)
        found(found_run.clerk, [m.name for m in scenario.municipalities], scenario.founding)
        # The first phase of the first year is adopted before any random draw too.
        year = scenario.founding.year + 1
        first = next((p for p in scenario.phases if p.start.year == year), None)
        if first is not None:
            meeting = assembly_day(statute, scenario.founding, first.start)
            found_run.adopted[first.id] = found_run.adopt(first, meeting)
        if len(_FOUNDED) > 8:
            _FOUNDED.clear()
        _FOUNDED[key] = found_run  # only once founded: threads may share it from here on
    return found_run


def simulate_file(path: str | os.PathLike[str], seed: int) -> Result:
    scenario = load_scenario(path)
    return simulate(load(scenario.statute), scenario, seed)


# --- Sweeps -------------------------------------------------------------------------------


def run_seed(seed: int, run: int) -> int:
    """Run ``run``'s own seed: the same whatever the number of workers."""
    digest = hashlib.sha256(f"{seed}:{run}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


@attrs.frozen
class RunSummary:
    """What a sweep keeps of one run."""

    members: tuple[int, ...]  # per year
    payments: Mapping[str, int]  # øre paid over all years
    covered: bool  # the running costs were always covered (no breach of the no-debt rule)
    refusals: int


def summarise(result: Result) -> RunSummary:
    paid: dict[str, int] = {}
    for year in result.years:
        for municipality, amount in year.payments.items():
            paid[municipality] = paid.get(municipality, 0) + amount
    return RunSummary(
        tuple(len(y.members) for y in result.years), paid, not result.breaches, len(result.refusals)
    )


#: The most runs of one sweep: it keeps a summary of every run (some 3 kB), so
#: 100,000 runs keep some 300 MB, and take hours on a few cores.
MAX_RUNS = 100_000
#: The most processes a sweep's command starts (runs are CPU-bound: more
#: processes than cores only cost memory).
MAX_WORKERS = 64

#: One job of a sweep: the statute and scenario (pickled once for the whole
#: sweep), the sweep's seed and the runs from ``start`` to ``stop`` (their seeds
#: are made in the worker, so a large sweep builds nothing per run before it starts).
Job = tuple[bytes, int, int, int]
#: Runs a job holds at least (a third of a second or so: the job's journey to a
#: worker and back is a small part of it), unless the sweep has fewer than 16 jobs' worth.
JOB_RUNS = 50
#: What one run of a sweep's jobs gives (a summary; a flow's outcomes).
T = TypeVar("T")
_SHIPPED: dict[bytes, tuple[Statute, Scenario]] = {}


def _shipped(shipped: bytes) -> tuple[Statute, Scenario]:
    """The statute and scenario of a sweep, unpickled once per process: every job
    of the sweep then has the same objects (and the same founding, found at once)."""
    found = _SHIPPED.get(shipped)
    if found is None:
        if len(_SHIPPED) > 8:
            _SHIPPED.clear()
        found = _SHIPPED[shipped] = pickle.loads(shipped)  # bytes the sweep made
    return found


def _chunk(job: Job) -> list[RunSummary]:
    shipped, seed, start, stop = job
    statute, scenario = _shipped(shipped)
    founded = _founded(statute, scenario)
    summaries = []
    for i in range(start, stop):
        # A run's objects go as their counts drop: the cyclic collector, paused
        # until they have gone, does not walk them again and again meanwhile.
        with collector_paused():
            summaries.append(summarise(_simulated(statute, scenario, run_seed(seed, i), founded)))
    return summaries


@attrs.frozen
class Sweep:
    """The summary of many runs of one scenario."""

    seed: int
    runs: tuple[RunSummary, ...]
    first_year: int
    break_even: tuple[int, int]  # members needed to cover the running costs: fewest, most

    @property
    def covered(self) -> float:
        """The share of runs in which the running costs were always covered."""
        return sum(r.covered for r in self.runs) / len(self.runs)

    def members(self, year: int) -> dict[int, int]:
        """Distribution of the number of members in ``year``: count -> runs."""
        index = year - self.first_year
        counts: dict[int, int] = {}
        for run in self.runs:
            counts[run.members[index]] = counts.get(run.members[index], 0) + 1
        return dict(sorted(counts.items()))

    def mean_payments(self) -> dict[str, int]:
        """Each municipality's mean total payment over the runs, in øre."""
        names = sorted({m for r in self.runs for m in r.payments})
        return {
            m: round(sum(r.payments.get(m, 0) for r in self.runs) / len(self.runs)) for m in names
        }

    def to_pandas(self, table: str = "members", unit: str = "oere") -> Any:
        """The runs as a pandas DataFrame: ``members`` per run and year, or
        ``payments`` per run and municipality in ``unit`` (``tables.sweep_frame``)."""
        return tables.sweep_frame(self.runs, self.first_year, table, unit)

    def to_json(self) -> dict[str, object]:
        years = range(self.first_year, self.first_year + len(self.runs[0].members))
        return {
            "seed": self.seed,
            "runs": len(self.runs),
            "covered": self.covered,
            # This scenario's own figures; the Foranalyse's (7) belongs to it alone.
            "break_even_members": {"fewest": self.break_even[0], "most": self.break_even[1]},
            "members": {str(y): self.members(y) for y in years},
            "mean_payments_oere": self.mean_payments(),
        }


def sweep(
    statute: Statute,
    scenario: Scenario,
    runs: int,
    seed: int,
    executor: Executor | None = None,
    *,
    chunks: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Sweep:
    """Many seeded runs (at most MAX_RUNS) in ``chunks`` jobs (by default 16, or
    more for a large sweep: ``JOB_RUNS`` runs each, so that no worker waits long
    for another's last job); identical for the same seed on any executor,
    number of workers or of chunks."""
    _check_run(statute, scenario, seed)
    expect_int(runs, "runs", 1, MAX_RUNS)
    if chunks is None:
        chunks = max(16, runs // JOB_RUNS)
    expect_int(chunks, "chunks", 1, MAX_RUNS)
    summaries = in_jobs(_chunk, (statute, scenario), seed, (runs, chunks), executor, progress)
    return Sweep(seed, tuple(summaries), scenario.founding.year + 1, break_even(scenario))


def in_jobs(
    work: Callable[[Job], list[T]],
    shipped: tuple[Statute, Scenario],
    seed: int,
    sizes: tuple[int, int],
    executor: Executor | None,
    progress: Callable[[int], None] | None,
) -> list[T]:
    """What ``work`` gives for runs 0 to ``runs`` of ``seed`` (``sizes``: runs and
    chunks, checked by the caller), in ``chunks`` jobs on ``executor`` (a process
    pool of its own by default), in the runs' order; ``progress`` told each job's
    count. The statute and scenario are pickled once for every job."""
    if executor is not None:
        expect(executor, Executor, "executor", N_("a concurrent.futures.Executor"))
    runs, chunks = sizes
    size = -(-runs // chunks)
    data = pickle.dumps(shipped, protocol=pickle.HIGHEST_PROTOCOL)
    # One job per chunk, not per run (a list: an executor such as dask's maps no iterator).
    jobs = [(data, seed, i, min(i + size, runs)) for i in range(0, runs, size)]
    done: list[T] = []
    own = executor is None
    pool = executor if executor is not None else ProcessPoolExecutor()
    try:
        for part in pool.map(work, jobs):  # map keeps the order of the jobs
            done.extend(part)
            if progress is not None:
                progress(len(part))
    finally:
        if own:
            pool.shutdown()
    return done


def break_even(scenario: Scenario) -> tuple[int, int]:
    """Members whose fees cover the running costs: the largest first, and the smallest first."""
    sizes = sorted(m.population for m in scenario.municipalities)

    def needed(order: list[int]) -> int:
        total = 0
        for count, people in enumerate(order, start=1):
            total += people * scenario.fee_per_inhabitant
            if total >= scenario.running_costs:
                return count
        return len(order) + 1  # never covered

    return needed(sizes[::-1]), needed(sizes)
