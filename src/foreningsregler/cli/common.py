"""What every command shares: exit codes, loading a statute, printing text and findings.

Every line a command prints goes through ``echo`` (text) or ``to_json``
(JSON): a statute, a scenario or an event is written by someone else, and no
control character of it may reach the terminal raw (``_text``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from .._text import json_text, visible
from ..authority.index import UnknownName
from ..statute.loading import load
from ..statute.model import Statute
from ..statute.problems import Finding, StatuteError

EXIT_OK, EXIT_FINDINGS, EXIT_UNLOADABLE, EXIT_INTERNAL = 0, 1, 2, 3

FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)

T = TypeVar("T")

NOT_JSON = (
    "the output holds a value JSON cannot carry (NaN or infinity, a number too long "
    "to write, or nesting too deep): {error}"
)


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` for text: every control, bidi or other hidden character of
    the data written as an escape (``\\x1b``), our own newlines and tabs kept."""
    click.echo(visible(text), err=err, nl=nl)


def guard(ask: Callable[[], T]) -> T:
    """Run a query; an unknown body or power is a usage error, not a traceback."""
    try:
        return ask()
    except UnknownName as error:
        echo(f"foreningsregler: {error}", err=True)
        sys.exit(EXIT_UNLOADABLE)


def load_statute(path: Path, fmt: str) -> Statute:
    try:
        return load(path)
    except StatuteError as error:
        emit([], list(error.problems), fmt)
        sys.exit(EXIT_UNLOADABLE)


def to_json(value: object) -> str:
    """JSON as the commands print it: strict (no NaN or Infinity, which JSON does
    not have), and every hidden character of the data as a ``\\uXXXX`` escape."""
    try:
        text = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
    except (ValueError, RecursionError) as error:
        echo(f"foreningsregler: {NOT_JSON.format(error=error)}", err=True)
        sys.exit(EXIT_UNLOADABLE)
    return json_text(text)


def emit(findings: list[Finding], unloadable: list[Finding], fmt: str) -> None:
    if fmt == "json":
        echo(to_json([f.to_json() for f in findings]))
        if unloadable:
            echo(to_json([f.to_json() for f in unloadable]), err=True)
        return
    for problem in unloadable:
        echo(str(problem), err=True)
    if unloadable:
        echo(f"{len(unloadable)} problem(s): the file cannot be loaded", err=True)
