"""What every command shares: exit codes, loading a statute, printing findings."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from ..authority.index import UnknownName
from ..statute.loading import load
from ..statute.model import Statute
from ..statute.problems import Finding, StatuteError

EXIT_OK, EXIT_FINDINGS, EXIT_UNLOADABLE, EXIT_INTERNAL = 0, 1, 2, 3

FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)

T = TypeVar("T")


def guard(ask: Callable[[], T]) -> T:
    """Run a query; an unknown body or power is a usage error, not a traceback."""
    try:
        return ask()
    except UnknownName as error:
        click.echo(f"foreningsregler: {error}", err=True)
        sys.exit(EXIT_UNLOADABLE)


def load_statute(path: Path, fmt: str) -> Statute:
    try:
        return load(path)
    except StatuteError as error:
        emit([], list(error.problems), fmt)
        sys.exit(EXIT_UNLOADABLE)


def to_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def emit(findings: list[Finding], unloadable: list[Finding], fmt: str) -> None:
    if fmt == "json":
        click.echo(to_json([f.to_json() for f in findings]))
        if unloadable:
            click.echo(to_json([f.to_json() for f in unloadable]), err=True)
        return
    for problem in unloadable:
        click.echo(str(problem), err=True)
    if unloadable:
        click.echo(f"{len(unloadable)} problem(s): the file cannot be loaded", err=True)
