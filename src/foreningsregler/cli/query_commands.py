"""The commands that ask a statute or run a scenario: ``who``, ``explain``,
``compare``, ``graph``, ``simulate`` and ``diagram``. Imported only when one of
them runs (``commands`` registers them lazily)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..authority.comparison import compare
from ..authority.comparison_text import comparison_text
from ..authority.export import FORMATS, render
from ..authority.index import Authority
from ..authority.matching import SIMILARITY
from ..checks import check as lint
from ..economy.simulation import (
    MAX_RUNS,
    MAX_WORKERS,
    Scenario,
    Sweep,
    simulate,
    sweep,
)
from ..errors import BadArgument, ForeningsreglerError
from ..i18n import N_, _
from ..protocol.lifecycle import mermaid
from ..statute.model import Statute
from ..statute.problems import StatuteError
from ..versions.history import is_history, load_history
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNLOADABLE,
    FORMAT_OPTION,
    HELP_FIELDS,
    STATUTE,
    echo,
    emit,
    guard,
    in_processes,
    load_scenario_and_statute,
    load_statute,
    sweep_options,
    to_json,
)
from .completion import complete_body, complete_lifecycle, complete_power
from .protocol_commands import open_association
from .reading_commands import lifecycle_json
from .report import (
    answer_text,
    body_text,
    overview_text,
    run_json,
    run_text,
    sweep_text,
    verdict_sentence,
)

HELP_FIELDS.update(max_runs=f"{MAX_RUNS:,}")

F = TypeVar("F", bound=Callable[..., Any])


def _scope_options(command: F) -> F:
    """The facts of one act: phase, municipality, date and area."""
    for option in reversed(
        (
            click.option("--phase", help=N_("The phase the act falls under, e.g. fase-1.")),
            click.option("--municipality", help=N_("The municipality the act concerns.")),
            click.option(
                "--on", type=click.DateTime(["%Y-%m-%d"]), help=N_("The day (YYYY-MM-DD).")
            ),
            click.option("--area", help=N_("The area the act falls in (id, e.g. it).")),
            click.option("--person", help=N_("The person who acts, where the scope needs one.")),
            click.option(
                "--ledger",
                type=click.Path(path_type=Path, dir_okay=False),
                help=N_("A protocol: judge the act on its state on --on (required with it)."),
            ),
        )
    ):
        command = option(command)
    return command


@click.command("who")
@click.argument("path", type=STATUTE)
@click.argument("power", shell_complete=complete_power)
@_scope_options
@FORMAT_OPTION
def who_command(path: Path, power: str, fmt: str, **facts: Any) -> None:
    """Which bodies may exercise POWER, and by which chains of provisions."""
    authority = _authority(path, fmt)
    asked = _facts(authority, path, facts)
    answers = guard(
        lambda: [
            authority.check(body, power, **asked)
            for body in authority.list_bodies(power, asked["state"])
        ]
    )
    if fmt == "json":
        echo(to_json([a.to_json() for a in answers]))
        return
    if not answers:
        echo(_("no body may exercise {power}", power=power))
    for answer in answers:
        echo("\n".join(answer_text(answer)))


@click.command("explain")
@click.argument("path", type=STATUTE)
@click.argument("body", required=False, shell_complete=complete_body)
@click.argument("power", required=False, shell_complete=complete_power)
@_scope_options
@FORMAT_OPTION
def explain_command(
    path: Path, body: str | None, power: str | None, fmt: str, **facts: Any
) -> None:
    """Explain the statute, a BODY, or whether BODY may exercise POWER.

    With only PATH: who fills each body and who may exercise each power.
    Every line cites the provision it rests on. A refused act exits 1.
    """
    authority = _authority(path, fmt)
    if body is None:
        _explain_all(authority, fmt)
    elif power is None:
        _explain_body(authority, body, fmt)
    else:
        asked = _facts(authority, path, facts)
        answer = guard(lambda: authority.check(body, power, **asked))
        if fmt == "json":
            echo(to_json(answer.to_json()))
        else:
            echo(verdict_sentence(authority.statute, answer, asked))
            echo("\n".join(answer_text(answer)))
        sys.exit(EXIT_OK if answer.allowed else EXIT_FINDINGS)


def _explain_all(authority: Authority, fmt: str) -> None:
    statute = authority.statute
    if fmt == "text":
        echo("\n".join(overview_text(statute, authority)))
        return
    answers = [
        authority.check(b, p.id).to_json()
        for p in statute.powers
        for b in authority.list_bodies(p.id)
    ]
    echo(to_json(answers))


def _explain_body(authority: Authority, body: str, fmt: str) -> None:
    powers = guard(lambda: authority.list_powers(body))
    if fmt == "json":
        echo(to_json([authority.check(body, p).to_json() for p in powers]))
        return
    echo("\n".join(body_text(authority.statute, authority, authority.statute.body(body))))


@click.command("compare")
@click.argument("paths", nargs=-1, required=True, type=STATUTE)
@click.option(
    "--similarity",
    default=SIMILARITY,
    show_default=True,
    type=click.FloatRange(0, 1, min_open=True),
    help=N_(
        "How alike the names of two powers (or rules) of different ids must be "
        "to be matched, an assumption the output says (1: identical names only)."
    ),
)
@FORMAT_OPTION
def compare_command(paths: tuple[Path, ...], similarity: float, fmt: str) -> None:
    """Put the same questions to two or more statutes (e.g. cooperation models):
    members, bodies, who may exercise each power through delegations, voting
    and money rules side by side, handover of competence, withdrawal; each
    answer with its provision. A history file stands for all its versions."""
    _each_once(paths)
    statutes = [statute for path in paths for statute in _statutes_in(path, fmt)]
    if len(statutes) < 2:
        raise click.UsageError(_("compare needs at least two statutes"))
    try:
        comparison = compare(statutes, similarity=similarity)
    except BadArgument as error:  # a version file also named on its own
        raise click.UsageError(str(error)) from None
    if fmt == "json":
        echo(to_json(comparison.to_json()))
    else:
        findings = [lint(statute) for statute in statutes]
        echo("\n".join(comparison_text(comparison, findings)))


def _statutes_in(path: Path, fmt: str) -> list[Statute]:
    """The statute of a statute file, or each version of a history file."""
    if not is_history(path):
        return [load_statute(path, fmt)]
    try:
        return [version.statute for version in load_history(path).versions]
    except StatuteError as error:
        emit([], list(error.problems), fmt)
        sys.exit(EXIT_UNLOADABLE)


def _each_once(paths: tuple[Path, ...]) -> None:
    """A file named twice is a slip, not a comparison: a usage error (exit 2)."""
    seen: dict[str, int] = {}
    for number, path in enumerate(paths, start=1):
        where = os.path.realpath(path)
        if where in seen:
            raise click.UsageError(
                _(
                    "{path} is named twice (statute {first} and {second}); compare each file once",
                    path=os.fspath(path),
                    first=seen[where],
                    second=number,
                )
            )
        seen[where] = number


@click.command("graph")
@click.argument("path", type=STATUTE)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="mermaid", show_default=True)
def graph_command(path: Path, fmt: str) -> None:
    """The competence graph: bodies, powers and their typed, cited edges.

    JSON is networkx's node-link form (docs/format.md, "Graph export").
    """
    echo(render(load_statute(path, "text"), fmt), nl=False)


@click.command("simulate")
@click.argument("scenario_path", type=click.Path(path_type=Path))
@sweep_options(
    MAX_RUNS,
    N_("Runs of the scenario; more than one is a sweep (at most {max_runs})."),
    MAX_WORKERS,
)
@FORMAT_OPTION
def simulate_command(
    scenario_path: Path, runs: int, seed: int, workers: int | None, fmt: str
) -> None:
    """Simulate a scenario through its statute: one run, or a sweep of many.

    A single run prints the years (members, income, costs, balance) and every
    refused act with its provision; a sweep prints the distributions. Exit code
    1 when a year breaks the rule against debt (in any run of a sweep), so a CI
    job can gate a budget on it; 2 for a scenario or statute that cannot be read
    or run (e.g. years beyond the calendar, a budget split among no inhabitants).
    """
    scenario, statute = load_scenario_and_statute(scenario_path, fmt)
    try:
        if runs == 1:
            result = simulate(statute, scenario, seed)
            echo(to_json(run_json(result)) if fmt == "json" else "\n".join(run_text(result)))
            sys.exit(EXIT_FINDINGS if result.breaches else EXIT_OK)
        summary = _sweep(statute, scenario, runs, seed, workers)
        echo(to_json(summary.to_json()) if fmt == "json" else "\n".join(sweep_text(summary)))
        sys.exit(EXIT_OK if summary.covered == 1 else EXIT_FINDINGS)
    except ForeningsreglerError as error:  # a scenario the simulation cannot run
        echo(f"foreningsregler: {scenario_path}: {error}", err=True)
        sys.exit(EXIT_UNLOADABLE)


def _sweep(
    statute: Statute, scenario: Scenario, runs: int, seed: int, workers: int | None
) -> Sweep:
    return in_processes(
        runs, workers, lambda pool, done: sweep(statute, scenario, runs, seed, pool, progress=done)
    )


@click.command("diagram")
@click.argument("path", type=STATUTE)
@click.argument("lifecycle", shell_complete=complete_lifecycle)
@FORMAT_OPTION
def diagram_command(path: Path, lifecycle: str, fmt: str) -> None:
    """A Mermaid state diagram of LIFECYCLE (its id or kind), provisions on the
    arrows; with --format json its states and transitions, each with its provision."""
    statute = load_statute(path, fmt)
    found = next((lc for lc in statute.lifecycles if lifecycle in (lc.id, lc.kind.value)), None)
    if found is None:
        known = ", ".join(lc.id for lc in statute.lifecycles) or _("none")
        message = _(
            "no lifecycle '{lifecycle}' (the statute has: {known})",
            lifecycle=lifecycle,
            known=known,
        )
        echo(f"foreningsregler: {message}", err=True)
        sys.exit(EXIT_UNLOADABLE)
    echo(to_json(lifecycle_json(found)) if fmt == "json" else mermaid(found), nl=fmt == "json")


def _facts(authority: Authority, path: Path, facts: dict[str, Any]) -> dict[str, Any]:
    """The question's facts; with --ledger, the protocol's state on --on."""
    on = facts.get("on")
    day = on.date() if isinstance(on, dt.datetime) else None
    ledger = facts.get("ledger")
    state = None
    if ledger is not None:
        if day is None:
            raise click.UsageError(_("--ledger needs --on (the day to judge the act on)"))
        state = open_association(path, ledger, authority.statute).at(day)
    return {
        "phase": facts.get("phase"),
        "municipality": facts.get("municipality"),
        "on": day,
        "area": facts.get("area"),
        "person": facts.get("person"),
        "state": state,
    }


def _authority(path: Path, fmt: str) -> Authority:
    return Authority(load_statute(path, fmt))
