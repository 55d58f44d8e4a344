"""The command line: ``foreningsregler check PATH...``.

Calls only the public API. No input may end in a traceback: loading
problems are findings, and anything unforeseen is reported in one line
with exit code 3.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

import click

from . import __version__
from .checks import check as lint
from .loading import load, statute_files
from .model import Body, Delegation, Power, ProvisionRef, Statute
from .problems import Finding, Severity, StatuteError

EXIT_OK, EXIT_FINDINGS, EXIT_UNLOADABLE, EXIT_INTERNAL = 0, 1, 2, 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="foreningsregler")
def cli() -> None:
    """Check and query the statutes (vedtægter) of an association of municipalities."""


@cli.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def check_command(paths: tuple[Path, ...], fmt: str) -> None:
    """Load and validate statute files; print errors, warnings and assumptions.

    Exit code 0: no errors; 1: findings with errors; 2: a file could not be loaded.
    """
    findings: list[Finding] = []
    unloadable: list[Finding] = []
    for path in statute_files(list(paths)):
        try:
            statute = load(path)
        except StatuteError as error:
            unloadable.extend(error.problems)
            continue
        found = lint(statute)
        findings.extend(found)
        if fmt == "text":
            click.echo(summary(statute, found))
    _emit(findings, unloadable, fmt)
    if unloadable:
        sys.exit(EXIT_UNLOADABLE)
    sys.exit(EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK)


def _emit(findings: list[Finding], unloadable: list[Finding], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2))
        if unloadable:
            text = json.dumps([f.to_json() for f in unloadable], ensure_ascii=False, indent=2)
            click.echo(text, err=True)
        return
    for problem in unloadable:
        click.echo(str(problem), err=True)
    if unloadable:
        click.echo(f"{len(unloadable)} problem(s): the file cannot be loaded", err=True)


def summary(statute: Statute, findings: list[Finding]) -> str:
    """A readable account of a statute and its findings."""
    meta = statute.metadata
    lines = [
        f"{statute.path}: {meta.name} ({meta.status.value}"
        + (f", version {meta.version})" if meta.version else ")")
    ]
    lines.append("  " + _counts(statute))
    lines += _section("Bodies", _unique_bodies(statute), lambda b: _body_line(statute, b))
    lines += _section("Powers", statute.powers, _power_line)
    lines += _section("Delegations", statute.delegations, _delegation_line)
    by_severity = {s: [f for f in findings if f.severity is s] for s in Severity}
    for severity, title in (
        (Severity.ERROR, "Errors"),
        (Severity.WARNING, "Warnings"),
        (Severity.INFO, "Assumptions"),
    ):
        lines += _section(title, by_severity[severity], lambda f: _finding_line(f))
    lines.append(
        f"Result: {len(by_severity[Severity.ERROR])} errors, "
        f"{len(by_severity[Severity.WARNING])} warnings, "
        f"{len(by_severity[Severity.INFO])} assumptions"
    )
    return "\n".join(lines)


def _counts(statute: Statute) -> str:
    parts = [
        (len(statute.provisions), "provisions"),
        (len(statute.roles), "roles"),
        (len(statute.areas), "areas"),
        (len(statute.bodies), "bodies"),
        (len(statute.powers), "powers"),
        (len(statute.delegations), "delegations"),
        (len(statute.voting_rules), "voting rules"),
        (len(statute.money_rules), "money rules"),
    ]
    return ", ".join(f"{n} {label}" for n, label in parts)


def _section(title: str, items: Iterable[object], line: Callable[..., str]) -> list[str]:
    rows = [f"  {line(item)}" for item in items]
    return [f"{title} ({len(rows)})", *rows] if rows else []


def _unique_bodies(statute: Statute) -> list[Body]:
    seen: set[str] = set()
    result = []
    for body in statute.bodies:
        key = body.template or body.id
        if key not in seen:
            seen.add(key)
            result.append(body)
    return result


def _cite(ref: ProvisionRef | None, assumption: bool) -> str:
    cited = f"[{ref}]" if ref else "[no provision]"
    return cited + (" (assumption)" if assumption else "")


def _body_line(statute: Statute, body: Body) -> str:
    ident, name = body.id, body.name
    if body.template is not None:
        count = len(statute.instances(body.template))
        ident, name = f"{body.template} (x{count} areas)", _template_name(statute, body)
    seats = "one seat per member" if body.size is None else f"{body.seats} seats"
    fill = body.filled_by
    chosen = fill.method.value + (f" by {body.filled_by.by}" if fill.by else "")
    if body.template and fill.by:
        chosen = f"{fill.method.value} by {fill.by.removesuffix('-' + (body.area or ''))}"
    cited = _cite(body.provision, body.assumption)
    return f"{ident}: {name}; {body.kind.value}, {seats}, {chosen} {cited}"


def _template_name(statute: Statute, body: Body) -> str:
    area = next(a for a in statute.areas if a.id == body.area)
    return body.name.replace(area.name, "{area}")


def _power_line(power: Power) -> str:
    needs = "".join(f"; needs {r.kind.value} from {r.from_body}" for r in power.requires)
    scope = f"; within {', '.join(sorted(s.value for s in power.scope))}" if power.scope else ""
    return (
        f"{power.id}: {power.name}; held by {_holders(power)}{needs}{scope} "
        f"{_cite(power.provision, power.assumption)}"
    )


def _holders(power: Power) -> str:
    return " and ".join(power.holders) if power.holders else "no body"


def _delegation_line(d: Delegation) -> str:
    scope = f" within {', '.join(sorted(s.value for s in d.scope))}" if d.scope else ""
    return f"{d.power}: {d.from_body} -> {d.to_body}{scope} {_cite(d.provision, d.assumption)}"


def _finding_line(finding: Finding) -> str:
    place = f"{finding.line}:{finding.column}" if finding.line else "-"
    cited = f" [{finding.provision}]" if finding.provision else ""
    return f"{place} {finding.code} {finding.message}{cited}"


def main(argv: list[str] | None = None, stderr: TextIO | None = None) -> None:
    """Entry point: run the CLI; an unforeseen failure is one line, not a traceback."""
    try:
        cli.main(args=argv, prog_name="foreningsregler", standalone_mode=True)
    except SystemExit:
        raise
    except Exception as error:  # the last guard before a user's terminal
        print(
            f"foreningsregler: internal error: {type(error).__name__}: {error}",
            file=stderr or sys.stderr,
        )
        sys.exit(EXIT_INTERNAL)
