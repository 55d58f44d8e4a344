"""Commands that show a statute as written, and the format it is written in.

``foreningsregler show PATH § 14`` prints the text of § 14 (or one stk.), then
every element the file encodes from it, assumptions with their reasons, and
the findings of ``check`` that concern it: the tool's reading of a provision
beside the provision, for an adviser to compare.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from ..checks import check as lint
from ..i18n import N_, _, language
from ..outputs import output_schema, output_schemas
from ..statute import _schema_text
from ..statute.citation import Cited
from ..statute.lifecycles import Lifecycle
from ..statute.model import ProvisionRef, Statute
from ..statute.schemas import SCHEMAS, schema_json
from .common import EXIT_UNLOADABLE, STATUTE, echo, load_statute

#: "§ 14", "14", "§14, stk. 2", "14 stk 2": the numbers are what counts.
_WRITTEN = re.compile(r"§?\s*(\d+)\s*(?:,?\s*stk\.?\s*(\d+))?", re.IGNORECASE)


@click.command("show")
@click.argument("path", type=STATUTE)
@click.argument("provision", nargs=-1, required=True)
def show_command(path: Path, provision: tuple[str, ...]) -> None:
    """Show PROVISION of the statute (e.g. § 14, or § 14, stk. 2): its text, what
    was encoded from it, the assumptions made and the findings that concern it."""
    statute = load_statute(path, "text")
    wanted = _parse(" ".join(provision))
    found = next((p for p in statute.provisions if p.number == wanted.paragraph), None)
    if found is None or (wanted.stk is not None and wanted.stk not in _stk_numbers(found)):
        known = ", ".join(f"§ {p.number}" for p in statute.provisions)
        echo(
            "foreningsregler: "
            + _("the statute has no {provision} (it has {known})", provision=wanted, known=known),
            err=True,
        )
        sys.exit(EXIT_UNLOADABLE)
    echo("\n".join(_provision_text(statute, found.number, wanted.stk)))


@click.command("schema")
@click.argument("name", required=False, default="statute")
@click.option(
    "--list",
    "listed",
    is_flag=True,
    help=N_("List the schemas: the input formats, and the outputs' (output/NAME)."),
)
def schema_command(name: str, listed: bool) -> None:
    """Print a JSON Schema of the package (by default the statute format's), its
    descriptions in the chosen language (--lang da|en): point an editor at it for
    hover help and completion while writing a statute. The JSON the commands
    print has its schemas too, named output/NAME (e.g. output/check)."""
    if listed:
        for known in SCHEMAS:
            echo(known)
        for output in output_schemas():
            echo(f"output/{output}")
        return
    if name.removeprefix("output/") in output_schemas() and name.startswith("output/"):
        echo(_output_schema_json(name.removeprefix("output/")), nl=False)
    elif name in SCHEMAS:
        echo(schema_json(name), nl=False)
    else:
        known = ", ".join([*SCHEMAS, *(f"output/{o}" for o in output_schemas())])
        raise click.UsageError(_(NO_SCHEMA, name=name, known=known))


NO_SCHEMA = N_("no schema '{name}': one of {known}")


def _output_schema_json(name: str) -> str:
    """An output's schema, its titles and descriptions in the reader's language."""
    schema = output_schema(name)
    chosen = language()
    if chosen != "en":
        schema = _schema_text.translated(schema, _, chosen)
    return str(_schema_text.dumps(schema))


def lifecycle_json(lifecycle: Lifecycle) -> dict[str, object]:
    """``diagram --format json``: a lifecycle's states and transitions, each cited."""
    return {
        "version": 1,
        "id": lifecycle.id,
        "name": lifecycle.name,
        "kind": lifecycle.kind.value,
        "initial": lifecycle.initial,
        **_cited(lifecycle),
        "states": [
            {"id": s.id, "name": s.name, "final": s.final, **_cited(s)} for s in lifecycle.states
        ],
        "transitions": [
            {
                "sources": list(t.sources),
                "dest": t.dest,
                "trigger": t.trigger,
                "when": t.when,
                "actor": t.actor,
                "power": t.power,
                "guards": list(t.guards),
                **_cited(t),
            }
            for t in lifecycle.transitions
        ],
    }


def _cited(element: Cited) -> dict[str, object]:
    return {
        "provision": str(element.provision) if element.provision else None,
        "assumption": element.assumption,
        "reason": element.reason,
    }


def _parse(text: str) -> ProvisionRef:
    match = _WRITTEN.fullmatch(text.strip())
    if match is None:
        raise click.UsageError(
            _("write the provision as § 14 or § 14, stk. 2, not {text!r}", text=text)
        )
    return ProvisionRef(int(match.group(1)), int(match.group(2)) if match.group(2) else None)


def _stk_numbers(provision: object) -> set[int]:
    return {s.number for s in getattr(provision, "stk", ())}


def _provision_text(statute: Statute, number: int, stk: int | None) -> list[str]:
    provision = next(p for p in statute.provisions if p.number == number)
    lines = [f"§ {number}. {provision.title}"]
    for part in provision.stk:
        if stk is None or part.number == stk:
            lines.append(f"  Stk. {part.number}. {part.text}")
    if provision.assumption:
        lines.append("  " + _("assumption: {reason}", reason=provision.reason or "-"))
    cited = {str(ProvisionRef(number, stk))} if stk else _refs(provision.number, provision)
    lines += _encoded(statute, cited)
    lines += _findings(statute, cited)
    return lines


def _refs(number: int, provision: object) -> set[str]:
    return {str(ProvisionRef(number))} | {
        str(ProvisionRef(number, s)) for s in _stk_numbers(provision)
    }


def _encoded(statute: Statute, cited: set[str]) -> list[str]:
    rows = []
    for label, element in statute.elements():
        ref = getattr(element, "provision", None)
        if ref is None or str(ref) not in cited:
            continue
        row = f"  {label} [{ref}]"
        if getattr(element, "assumption", False):
            reason = getattr(element, "reason", None) or "-"
            row += " " + _("(assumption: {reason})", reason=reason)
        rows.append(row)
    if not rows:
        return [_("Nothing is encoded from it.")]
    return [_("Encoded from it ({count}):", count=len(rows)), *rows]


def _findings(statute: Statute, cited: set[str]) -> list[str]:
    found = [f for f in lint(statute) if f.provision in cited]
    if not found:
        return []
    rows = [f"  {f.line or '-'}:{f.column or '-'} {f.code} {f.message}" for f in found]
    return [_("Findings of check ({count}):", count=len(found)), *rows]
