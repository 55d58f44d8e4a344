"""Simulation benchmark: runs per second of the K14 scenario over 10 years.

    .venv/bin/python benchmarks/simulation.py [--runs N] [--quick]

Sweeps the same runs with a process pool of 1 and of 2 workers in one run
(checking that both give the same result, and that the statute refused no
simulated act: the K14 scenario provokes no refusal), prints one JSON line
with ``runs_per_s_1_worker`` and ``runs_per_s_2_workers`` and rewrites the
"Simulation" section of docs/performance.md with the command that made it
(not with ``--quick``, a smoke run of 20 runs in one round).
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
from foreningsregler.economy.simulation import Sweep, load_scenario, sweep

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "examples" / "k14.scenario.yaml"
SECTION = "## Simulation (sweeps)"


def rate(workers: int, runs: int) -> tuple[float, Sweep]:
    scenario = load_scenario(SCENARIO)
    statute = fr.load(scenario.statute)
    start = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        result = sweep(statute, scenario, runs, 7, pool)
    elapsed = time.perf_counter() - start
    refused = sum(run.refusals for run in result.runs)
    if refused:
        raise SystemExit(f"the statute refused {refused} simulated acts; the runs are not lawful")
    return runs / elapsed, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="20 runs, one round, no report")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.rounds = 20, 1
    # Interleaved rounds, medians: a shared host's noise then hits both pools alike.
    ones, twos = [], []
    for _ in range(args.rounds):
        one, first = rate(1, args.runs)
        two, second = rate(2, args.runs)
        if first != second:
            raise SystemExit("1 and 2 workers gave different results for the same seed")
        ones.append(one)
        twos.append(two)
    one, two = statistics.median(ones), statistics.median(twos)
    figures = {
        "scenario": SCENARIO.relative_to(ROOT).as_posix(),
        "runs": args.runs,
        "runs_per_s_1_worker": round(one, 1),
        "runs_per_s_2_workers": round(two, 1),
        "speedup": round(two / one, 2),
        "seconds_for_10000_runs_2_workers": round(10_000 / two, 1),
    }
    print(json.dumps(figures))
    if args.quick:
        return
    body = "\n".join(
        [
            SECTION,
            "",
            f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, with `python benchmarks/simulation.py --runs "
            f"{args.runs}`, the median of {args.rounds} interleaved rounds: the K14 scenario "
            f"(`{figures['scenario']}`, 10 years) swept with a "
            "process pool; both pools gave the same result for the same seed.",
            "",
            "| workers | runs/s | target |",
            "|---:|---:|---|",
            f"| 1 | {figures['runs_per_s_1_worker']} | |",
            f"| 2 | {figures['runs_per_s_2_workers']} | 10,000 runs in under 60 s: "
            f"{figures['seconds_for_10000_runs_2_workers']} s |",
            "",
            f"Two workers run {figures['speedup']}x as fast as one (target: at least 1.7x).",
            "",
            "Every run records only lawful events (the benchmark fails on a refusal): the "
            "founding with its votes, elections and re-elections, the meetings with their "
            "notice, the recommendations and consultations before each phase, and every "
            "decision with its vote, each checked in full by the protocol. Before the "
            "statute's procedure was enforced (issue 9) a run of seed 3 recorded 99 events, "
            "unchecked by procedure (151 now), at 213.6 runs/s on two workers; the 60 s target "
            "is not met since. The time is in `Association.record` and `Association.at`.",
            "",
        ]
    )
    replace_section(SECTION, body)


if __name__ == "__main__":
    main()
