"""``foreningsregler check``: statutes, statute tests, events files and scenarios.

Each file is told apart by its content (``check_files``) and checked by what
checks its kind; the result is said as text for people, or as one JSON
document, a SARIF log or GitHub workflow commands for machines, always on
stdout and always one document, whatever the exit code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .._text import visible
from ..i18n import N_, _
from .check_files import (
    Checked,
    check_files,
    exit_code,
    files_named,
    kinds_json,
    load_governing,
)
from .check_text import check_text
from .common import STATUTE, echo, to_json

FORMATS = ("text", "json", "sarif", "github")
NO_FILE_HERE = N_("{path}: no *.yaml file in this directory")


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=STATUTE)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--statute",
    "statute_path",
    type=STATUTE,
    help=N_(
        "The statute the events files are judged against, in the order named, as "
        "'record' would record them into a new protocol; without it only their form "
        "is checked."
    ),
)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help=N_(
        "Also list the bodies, powers and delegations, every assumption, the duties "
        "and the notes on the law, by provision."
    ),
)
def check_command(
    paths: tuple[Path, ...], fmt: str, statute_path: Path | None, verbose: bool
) -> None:
    """Check statutes, statute tests, events files and scenarios, each told apart
    by its content; print errors, warnings and assumptions.

    A statute is loaded and linted; a statute test is validated with its
    statute (run it with 'test'); an events file is validated, and judged
    against --statute (a statute, or its history: each event under the version
    governing its day); a scenario is validated with its statute; a statute's
    history is loaded with its versions and amendments checked. A bundled
    statute may be named by its name. Exit code 0: no errors; 1: errors found
    (also an event refused); 2: a file could not be read as its kind.
    """
    for path in paths:
        if path.is_dir() and not files_named([path]):
            raise click.UsageError(_(NO_FILE_HERE, path=visible(str(path))))
    statute = None
    if statute_path is not None:
        statute = load_governing(statute_path, "json" if fmt == "json" else "text")
    checked = check_files(files_named(paths), statute)
    if fmt == "json":
        echo(to_json(kinds_json(checked)))
    elif fmt == "sarif":
        from .check_formats import sarif

        echo(to_json(sarif(checked)))
    elif fmt == "github":
        from .check_formats import github

        lines = github(checked)
        if lines:
            echo("\n".join(lines))
    else:
        _text(checked, verbose)
    sys.exit(exit_code(checked))


def _text(checked: list[Checked], verbose: bool) -> None:
    """The account of each statute; a line for each other file; problems on stderr."""
    for one in checked:
        if one.statute is not None:
            echo("\n".join(check_text(one.statute, one.lint, verbose=verbose)))
        elif one.loaded:
            echo(f"{one.path}: {one.summary}")
            for problem in one.findings:
                echo(str(problem))
        else:
            for problem in one.unloadable:
                echo(str(problem), err=True)
            echo(f"{one.path}: {one.summary}", err=True)
