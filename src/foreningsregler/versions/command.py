"""``foreningsregler diff OLD NEW [--format text|json]``: what a change of the
statute means.

Registered on the command line's group in ``cli/commands.py``. Exit code 0:
the meaning is the same (text may differ); 1: the meaning differs; 2: a
statute cannot be loaded (its problems are printed as ``check`` prints them).
Every line is printed with the data's hidden characters escaped (``_text``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .._text import json_text, visible
from ..i18n import N_, _
from ..statute.loading import load
from ..statute.model import Statute
from ..statute.problems import Finding, StatuteError
from .diff import diff
from .text import diff_text

EXIT_SAME, EXIT_DIFFERS, EXIT_UNUSABLE = 0, 1, 2


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=N_("text for a reader, json for a program (schema/output/diff.schema.json)."),
)
def diff_command(old: Path, new: Path, fmt: str) -> None:
    """What changes in meaning from the statute OLD to NEW: typed changes, who
    may decide what before and after, and the changes of text apart.

    Exit code 0: the same meaning; 1: the meaning differs; 2: a statute cannot
    be loaded. Run it in a pull request to fail on a change of meaning.
    """
    statutes = [_load(path, fmt) for path in (old, new)]
    if any(s is None for s in statutes):
        sys.exit(EXIT_UNUSABLE)
    before, after = statutes
    assert before is not None and after is not None
    found = diff(before, after)
    if fmt == "json":
        _say(json_text(json.dumps(found.to_json(), ensure_ascii=False, indent=2)))
    else:
        _say("\n".join(diff_text(found)))
    sys.exit(EXIT_SAME if found.same_meaning else EXIT_DIFFERS)


def _load(path: Path, fmt: str) -> Statute | None:
    """The statute, or None after its problems are printed (as ``check`` prints them)."""
    try:
        return load(path)
    except StatuteError as error:
        _problems(list(error.problems), fmt)
        return None


def _problems(problems: list[Finding], fmt: str) -> None:
    if fmt == "json":
        text = json.dumps([p.to_json() for p in problems], ensure_ascii=False, indent=2)
        _say(json_text(text), err=True)
        return
    for problem in problems:
        _say(str(problem), err=True)
    _say(_("{count} problem(s): the file cannot be loaded", count=len(problems)), err=True)


def _say(text: str, *, err: bool = False) -> None:
    click.echo(visible(text), err=err)
