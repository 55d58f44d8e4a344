"""What decision flows give: each proposal's outcome, and per kind of decision the
time from proposal to decision and why proposals fail, each failure with the
provision the protocol cited. A sweep gathers the outcomes of many seeded runs.
"""

from __future__ import annotations

import datetime as dt
import enum
import statistics
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import expect, expect_int
from ..i18n import N_, _
from ..protocol.state import RuleViolation
from ..statute.law import LawRef
from ..statute.model import ProvisionRef
from .tables import _pandas

if TYPE_CHECKING:
    from .flows import Step, _Open


class Reason(enum.StrEnum):
    """How a proposal ended: passed, or why it failed, or still open."""

    PASSED = "passed"
    NO_QUORUM = "no-quorum"  # its body was inquorate at every try
    VOTED_DOWN = "voted-down"  # the vote did not reach the majority
    NO_PRIOR = "no-prior"  # a recommendation (proposal, ...) it needs failed
    REFUSED = "refused"  # the protocol refused the act for another rule
    OPEN = "open"  # not decided when the scenario's years ended


#: What each reason means, for a person.
REASONS = {
    Reason.PASSED: N_("passed"),
    Reason.NO_QUORUM: N_("no quorum"),
    Reason.VOTED_DOWN: N_("voted down"),
    Reason.NO_PRIOR: N_("no recommendation (or proposal, consultation, agreement)"),
    Reason.REFUSED: N_("refused by the protocol"),
    Reason.OPEN: N_("still open"),
}


@attrs.frozen
class Outcome:
    """One proposal: when it arose and was decided, how, and (if it failed) at
    which step, under which rule and provision."""

    kind: str
    number: int
    proposed: dt.date
    decided: dt.date | None
    reason: Reason
    body: str | None = None  # the body of the step where it failed
    step: str | None = None  # that step: exercise, a trigger, or a prior's kind
    rule: str | None = None  # the protocol's rule that refused it
    provision: ProvisionRef | LawRef | None = None
    message: str = ""

    @property
    def days(self) -> int | None:
        """Days from proposal to decision; None while open."""
        return (self.decided - self.proposed).days if self.decided is not None else None

    @classmethod
    def passed(cls, kind: str, number: int, proposed: dt.date, day: dt.date) -> Outcome:
        return cls(kind, number, proposed, day, Reason.PASSED)

    @classmethod
    def failed(
        cls,
        proposal: _Open,
        step: Step,
        day: dt.date,
        reason: Reason,
        refusal: RuleViolation | None,
    ) -> Outcome:
        provision = refusal.provision if refusal is not None else None
        if reason is Reason.NO_PRIOR and step.requirement is not None:
            provision = step.requirement.provision or provision
        return cls(
            proposal.kind,
            proposal.number,
            proposal.proposed,
            day,
            reason,
            step.body,
            step.what,
            refusal.rule if refusal is not None else None,
            provision,
            refusal.message if refusal is not None else "",
        )

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "number": self.number,
            "proposed": self.proposed.isoformat(),
            "decided": self.decided.isoformat() if self.decided else None,
            "days": self.days,
            "outcome": self.reason.value,
            "body": self.body,
            "step": self.step,
            "rule": self.rule,
            "provision": str(self.provision) if self.provision else None,
            "message": self.message,
        }


@attrs.frozen
class KindSummary:
    """One kind of decision over one run or many: how many proposals, how long
    those passed took (median and 90th percentile, in days), how many failed and
    why (reason -> count), and the provisions cited (reason -> provisions)."""

    kind: str
    proposals: int
    passed: int
    median_days: float | None
    p90_days: float | None
    failed: tuple[tuple[str, int], ...]
    provisions: tuple[tuple[str, tuple[str, ...]], ...]
    open: int

    @property
    def failure_rate(self) -> float:
        decided = self.proposals - self.open
        return sum(n for _, n in self.failed) / decided if decided else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "proposals": self.proposals,
            "passed": self.passed,
            "open": self.open,
            "failure_rate": self.failure_rate,
            "days_to_decision": {"median": self.median_days, "p90": self.p90_days},
            "failed": dict(self.failed),
            "provisions": {k: list(v) for k, v in self.provisions},
        }


def summarise(kind: str, outcomes: Iterable[Outcome]) -> KindSummary:
    mine = [o for o in outcomes if o.kind == kind]
    days = sorted(o.days for o in mine if o.reason is Reason.PASSED and o.days is not None)
    failed: dict[str, int] = {}
    cited: dict[str, set[str]] = {}
    for o in mine:
        if o.reason not in (Reason.PASSED, Reason.OPEN):
            failed[o.reason.value] = failed.get(o.reason.value, 0) + 1
            if o.provision is not None:
                cited.setdefault(o.reason.value, set()).add(str(o.provision))
    return KindSummary(
        kind,
        len(mine),
        len(days),
        statistics.median(days) if days else None,
        _percentile(days, 0.9) if days else None,
        tuple(sorted(failed.items())),
        tuple(sorted((k, tuple(sorted(v))) for k, v in cited.items())),
        sum(o.reason is Reason.OPEN for o in mine),
    )


def _percentile(ordered: list[int], share: float) -> float:
    """The ``share`` quantile of sorted values (linear between neighbours)."""
    if len(ordered) == 1:
        return float(ordered[0])
    return float(statistics.quantiles(ordered, n=100, method="inclusive")[round(share * 100) - 1])


def _kinds(outcomes: Iterable[Outcome]) -> list[str]:
    return sorted({o.kind for o in outcomes})


def _frame(rows: list[dict[str, object]], call: str) -> Any:
    pandas = _pandas(call)
    columns = [
        "run", "kind", "number", "proposed", "decided", "days", "outcome", "body", "step",
        "rule", "provision",
    ]  # fmt: skip
    return pandas.DataFrame(rows, columns=columns)


@attrs.frozen
class Flows:
    """One run's decision flows: every proposal's outcome, and the assumptions."""

    seed: int
    outcomes: tuple[Outcome, ...]
    assumptions: tuple[str, ...]

    def summary(self) -> dict[str, KindSummary]:
        """Per kind of decision: counts, time to decision, failures and why."""
        return {k: summarise(k, self.outcomes) for k in _kinds(self.outcomes)}

    def to_pandas(self) -> Any:
        """One row per proposal: ``run`` (0), ``kind``, ``number``, ``proposed``,
        ``decided``, ``days``, ``outcome``, ``body``, ``step``, ``rule``, ``provision``."""
        return _frame([_row(0, o) for o in self.outcomes], "Flows.to_pandas")

    def to_json(self) -> dict[str, object]:
        return {
            "version": "1.0",
            "seed": self.seed,
            "runs": 1,
            "kinds": [s.to_json() for s in self.summary().values()],
            "proposals": [o.to_json() for o in self.outcomes],
            "assumptions": list(self.assumptions),
        }


def _row(run: int, outcome: Outcome) -> dict[str, object]:
    row = outcome.to_json()
    row.pop("message")
    row["run"] = run
    return row


@attrs.frozen
class FlowSweep:
    """The outcomes of many runs (``runs[i]``: run i's outcomes)."""

    seed: int
    runs: tuple[tuple[Outcome, ...], ...]
    assumptions: tuple[str, ...]

    def summary(self) -> dict[str, KindSummary]:
        every = [o for run in self.runs for o in run]
        return {k: summarise(k, every) for k in _kinds(every)}

    def to_pandas(self) -> Any:
        """One row per proposal of every run (the columns of ``Flows.to_pandas``)."""
        rows = [_row(i, o) for i, run in enumerate(self.runs) for o in run]
        return _frame(rows, "FlowSweep.to_pandas")

    def to_json(self) -> dict[str, object]:
        return {
            "version": "1.0",
            "seed": self.seed,
            "runs": len(self.runs),
            "kinds": [s.to_json() for s in self.summary().values()],
            "assumptions": list(self.assumptions),
        }


#: The most runs of one flow sweep (each keeps its proposals' outcomes).
MAX_FLOW_RUNS = 10_000

FlowJob = tuple[Any, Any, int, int, int]


def _chunk(job: FlowJob) -> list[tuple[Outcome, ...]]:
    from .flows import simulate_flows
    from .simulation import run_seed

    statute, scenario, seed, start, stop = job
    return [
        simulate_flows(statute, scenario, run_seed(seed, i)).outcomes for i in range(start, stop)
    ]


def sweep_flows(
    statute: Any,
    scenario: Any,
    runs: int,
    seed: int,
    executor: Executor | None = None,
    *,
    chunks: int = 16,
    progress: Callable[[int], None] | None = None,
) -> FlowSweep:
    """Many seeded runs of the decision flows (at most MAX_FLOW_RUNS), as
    ``simulation.sweep`` runs them: the same result for the same seed on any
    executor or number of workers; ``scenario`` a ``Scenario`` or its path."""
    from .flows import ASSUMPTIONS, _plan, as_scenario
    from .simulation import _check_run

    scenario = as_scenario(scenario)
    _check_run(statute, scenario, seed)
    _plan(scenario)
    expect_int(runs, "runs", 1, MAX_FLOW_RUNS)
    expect_int(chunks, "chunks", 1, MAX_FLOW_RUNS)
    if executor is not None:
        expect(executor, Executor, "executor", N_("a concurrent.futures.Executor"))
    size = -(-runs // chunks)
    jobs = [(statute, scenario, seed, i, min(i + size, runs)) for i in range(0, runs, size)]
    done: list[tuple[Outcome, ...]] = []
    own = executor is None
    pool = executor if executor is not None else ProcessPoolExecutor()
    try:
        for part in pool.map(_chunk, jobs):
            done.extend(part)
            if progress is not None:
                progress(len(part))
    finally:
        if own:
            pool.shutdown()
    return FlowSweep(seed, tuple(done), tuple(_(a) for a in ASSUMPTIONS))
