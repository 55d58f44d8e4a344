"""The command ``flows``: a scenario's decision flows through its statute, one
run or a sweep; per kind of decision the time to decision and why proposals
fail (docs/simulation.md). Imported only when it runs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..economy.flow_results import REASONS, FlowSweep, KindSummary, Reason
from ..economy.flow_sweep import MAX_FLOW_RUNS, sweep_flows
from ..economy.flows import simulate_flows
from ..economy.simulation import MAX_WORKERS, Scenario
from ..errors import ForeningsreglerError
from ..i18n import N_, _
from ..statute.model import Statute
from .common import (
    EXIT_OK,
    EXIT_UNLOADABLE,
    FORMAT_OPTION,
    HELP_FIELDS,
    echo,
    in_processes,
    load_scenario_and_statute,
    sweep_options,
    to_json,
)

HELP_FIELDS.update(max_flow_runs=f"{MAX_FLOW_RUNS:,}")


@click.command("flows")
@click.argument("scenario_path", type=click.Path(path_type=Path))
@sweep_options(
    MAX_FLOW_RUNS,
    N_("Runs of the scenario; more than one is a sweep (at most {max_flow_runs})."),
    MAX_WORKERS,
)
@FORMAT_OPTION
def flows_command(scenario_path: Path, runs: int, seed: int, workers: int | None, fmt: str) -> None:
    """Simulate a scenario's decision flows through its statute.

    Proposals of each kind of decision the scenario's flows name pass through
    the statute's own procedure (recommendations, meeting, quorum, vote); per
    kind it prints the days from proposal to decision (median and 90th
    percentile) and how often proposals fail and why, with the provision cited.
    Exit code 0 when it ran; 2 for a scenario or statute that cannot be read or
    run (e.g. a scenario without flows).
    """
    scenario, statute = load_scenario_and_statute(scenario_path, fmt)
    try:
        if runs == 1:
            flows = simulate_flows(statute, scenario, seed)
            document, kinds, assumptions = flows.to_json(), flows.summary(), flows.assumptions
        else:
            swept = _sweep(statute, scenario, runs, seed, workers)
            document, kinds, assumptions = swept.to_json(), swept.summary(), swept.assumptions
    except ForeningsreglerError as error:  # a scenario the simulation cannot run
        echo(f"foreningsregler: {scenario_path}: {error}", err=True)
        sys.exit(EXIT_UNLOADABLE)
    if fmt == "json":
        echo(to_json(document))
    else:
        echo("\n".join(flows_text(list(kinds.values()), assumptions, runs)))
    sys.exit(EXIT_OK)


def _sweep(
    statute: Statute, scenario: Scenario, runs: int, seed: int, workers: int | None
) -> FlowSweep:
    return in_processes(
        runs,
        workers,
        lambda pool, done: sweep_flows(statute, scenario, runs, seed, pool, progress=done),
    )


def flows_text(kinds: list[KindSummary], assumptions: tuple[str, ...], runs: int) -> list[str]:
    """Per kind of decision: proposals, passed, days to decision, failures and why."""
    lines = [_("Decision flows over {runs} run(s):", runs=runs)]
    for kind in kinds:
        days = (
            _(
                "median {median} days, 90th percentile {p90} days",
                median=_days(kind.median_days),
                p90=_days(kind.p90_days),
            )
            if kind.median_days is not None
            else _("none passed")
        )
        lines.append(
            _(
                "{kind}: {proposals} proposed, {passed} passed, {open} open ({days}); "
                "{rate:.0%} of those decided failed",
                kind=kind.kind,
                proposals=kind.proposals,
                passed=kind.passed,
                open=kind.open,
                days=days,
                rate=kind.failure_rate,
            )
        )
        cited = dict(kind.provisions)
        for reason, count in kind.failed:
            where = ", ".join(cited.get(reason, ())) or _("no provision")
            lines.append(f"  {_(REASONS[Reason(reason)])}: {count} [{where}]")
    lines.append(_("Assumptions (the sources do not settle these):"))
    lines += [f"  - {a}" for a in assumptions]
    return lines


def _days(value: float | None) -> str:
    return str(round(value)) if value is not None else "-"
