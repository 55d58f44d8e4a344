"""Decision flows over many seeded runs, as ``simulation.sweep`` runs a scenario:
each run's seed made from the sweep's and the run's number, the runs' outcomes
gathered in order, so the same seed gives the same sweep on any executor."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from ..errors import expect_int
from ..i18n import _
from .flow_results import FlowSweep, Outcome
from .flows import ASSUMPTIONS, _plan, as_scenario, simulate_flows
from .simulation import Job, _check_run, _shipped, in_jobs, run_seed

#: The most runs of one flow sweep (each keeps its proposals' outcomes).
MAX_FLOW_RUNS = 10_000


def _chunk(job: Job) -> list[tuple[Outcome, ...]]:
    shipped, seed, start, stop = job
    statute, scenario = _shipped(shipped)
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
    scenario = as_scenario(scenario)
    _check_run(statute, scenario, seed)
    _plan(scenario)
    expect_int(runs, "runs", 1, MAX_FLOW_RUNS)
    expect_int(chunks, "chunks", 1, MAX_FLOW_RUNS)
    done = in_jobs(_chunk, (statute, scenario), seed, (runs, chunks), executor, progress)
    return FlowSweep(seed, tuple(done), tuple(_(a) for a in ASSUMPTIONS))
