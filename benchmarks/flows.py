"""Decision-flows benchmark: runs per second of the K14 flows scenario.

    .venv/bin/python benchmarks/flows.py [--runs N] [--rounds R] [--quick]

Sweeps the same runs of ``examples/k14.flows.yaml`` (every proposal passed
step by step through the statute's procedure and judged by the protocol) with
a process pool of 1 and of 2 workers, checks that both give the same outcomes,
prints one JSON line with ``flow_runs_per_s_1_worker``,
``flow_runs_per_s_2_workers`` and the proposals a run makes, and rewrites the
"Decision flows" section of docs/performance.md (not with ``--quick``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _report import replace_section

import foreningsregler as fr
from foreningsregler.economy.flow_results import FlowSweep
from foreningsregler.economy.flow_sweep import sweep_flows
from foreningsregler.economy.simulation import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "examples" / "k14.flows.yaml"
SECTION = "## Decision flows"


def rate(workers: int, runs: int) -> tuple[float, FlowSweep]:
    scenario = load_scenario(SCENARIO)
    statute = fr.load(scenario.statute)
    start = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        result = sweep_flows(statute, scenario, runs, 7, pool)
    return runs / (time.perf_counter() - start), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="10 runs, one round, no report")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.rounds = 10, 1
    ones, twos, proposals = [], [], 0
    for _ in range(args.rounds):  # interleaved: a shared host's noise hits both alike
        one, first = rate(1, args.runs)
        two, second = rate(2, args.runs)
        if first.runs != second.runs:
            raise SystemExit("1 and 2 workers gave different outcomes for the same seed")
        ones.append(one)
        twos.append(two)
        proposals = sum(len(run) for run in first.runs)
    one, two = statistics.median(ones), statistics.median(twos)
    figures = {
        "scenario": SCENARIO.relative_to(ROOT).as_posix(),
        "runs": args.runs,
        "proposals_per_run": round(proposals / args.runs, 1),
        "flow_runs_per_s_1_worker": round(one, 1),
        "flow_runs_per_s_2_workers": round(two, 1),
    }
    print(json.dumps(figures))
    if not args.quick:
        replace_section(SECTION, _section(args, figures, ones, twos))


def _section(
    args: argparse.Namespace, figures: dict[str, object], ones: list[float], twos: list[float]
) -> str:
    spread = [f"{min(v):.1f}-{max(v):.1f}" for v in (ones, twos)]
    return "\n".join(
        [
            SECTION,
            "",
            f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores "
            f"({platform.processor() or platform.machine()}), Python "
            f"{platform.python_version()}, with `python benchmarks/flows.py --runs "
            f"{args.runs}`: the median of {args.rounds} interleaved rounds (their range "
            f"in brackets), the flows of `{figures['scenario']}` (14 members, 10 years, "
            f"{figures['proposals_per_run']} proposals a run) swept with a process pool; "
            "both pools gave the same outcomes for the same seed. No target is set for it.",
            "",
            "| workers | runs/s (median) | range |",
            "|---:|---:|---|",
            f"| 1 | {figures['flow_runs_per_s_1_worker']} | {spread[0]} |",
            f"| 2 | {figures['flow_runs_per_s_2_workers']} | {spread[1]} |",
            "",
            "Every step of every proposal (its meeting called with notice, the vote, the "
            "recommendations and consultations it needs first) is recorded and judged by "
            "the protocol in full, as in a plain run: the time is in `Association.record`.",
            "",
        ]
    )


if __name__ == "__main__":
    main()
