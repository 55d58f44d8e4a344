"""The protocol's commands: record events, and the association on a day."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path

import click

from ..protocol.association import Association, RuleViolation
from ..protocol.event_files import open_ledger, read_events
from ..protocol.ledger import TamperedLedger
from ..statute.model import Statute
from ..statute.problems import StatuteError
from .common import (
    EXIT_FINDINGS,
    EXIT_UNLOADABLE,
    FORMAT_OPTION,
    emit,
    load_statute,
    to_json,
)
from .report import status_text

_STATUTE = click.option(
    "--statute",
    "statute_path",
    type=click.Path(path_type=Path),
    required=True,
    envvar="FORENINGSREGLER_STATUTE",
    show_envvar=True,
    help="The statute the protocol follows.",
)
_LEDGER = click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(path_type=Path),
    required=True,
    help="The protocol: a SQLite file, or JSON Lines if it ends in .jsonl.",
)


@click.command("record")
@_STATUTE
@_LEDGER
@click.argument("event_files", nargs=-1, required=True, type=click.Path(path_type=Path))
def record_command(statute_path: Path, ledger_path: Path, event_files: tuple[Path, ...]) -> None:
    """Record the events of EVENT_FILES in the protocol, in order.

    A refused event stops the run: it is not recorded, and the rule, the
    provision and the current state are printed (exit code 1).
    """
    association = open_association(statute_path, ledger_path)
    for path in event_files:
        try:
            events = read_events(path)
        except StatuteError as error:
            emit([], list(error.problems), "text")
            sys.exit(EXIT_UNLOADABLE)
        for event in events:
            try:
                entry = association.record(event)
            except (sqlite3.Error, OSError) as error:
                click.echo(f"foreningsregler: {ledger_path}: {error}", err=True)
                sys.exit(EXIT_UNLOADABLE)
            except RuleViolation as refusal:
                click.echo(
                    f"refused: {event.kind} on {event.date} by {event.actor}: {refusal}", err=True
                )
                click.echo(f"rule: {refusal.rule}", err=True)
                sys.exit(EXIT_FINDINGS)
            click.echo(f"recorded #{entry.seq}: {event.kind} on {event.date} by {event.actor}")


@click.command("status")
@_STATUTE
@_LEDGER
@click.option(
    "--on", "on", type=click.DateTime(["%Y-%m-%d"]), required=True, help="The day (YYYY-MM-DD)."
)
@FORMAT_OPTION
def status_command(statute_path: Path, ledger_path: Path, on: dt.datetime, fmt: str) -> None:
    """The association on a day: members, phases and participants, seats, decisions."""
    state = open_association(statute_path, ledger_path).at(on.date())
    click.echo(to_json(state.to_json()) if fmt == "json" else "\n".join(status_text(state)))


def open_association(
    statute_path: Path, ledger_path: Path, statute: Statute | None = None
) -> Association:
    statute = statute if statute is not None else load_statute(statute_path, "text")
    try:
        return Association(statute, open_ledger(ledger_path))
    except (TamperedLedger, RuleViolation, sqlite3.Error, OSError) as error:
        # A file that is no protocol, or a folder that is not there, is bad input.
        click.echo(f"foreningsregler: {ledger_path}: {error}", err=True)
        sys.exit(EXIT_UNLOADABLE)
