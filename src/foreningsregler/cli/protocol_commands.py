"""The protocol's commands: record events, the association on a day, verify, repair.

Only ``record`` and ``repair`` write; ``status``, ``verify`` and the
``--ledger`` of ``who`` and ``explain`` open the protocol read-only, so they
never create or change a file. Exit codes (docs/cli.md): 0 done; 1 an event
refused (nothing of its file recorded) or, for ``verify`` and ``repair``, a
protocol that does not verify; 2 bad input: a file that cannot be read, a path
that is no protocol of this library, a protocol that does not verify when
another command needs it, a key or head that is wrong or missing, a lock held
too long.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from ..errors import ForeningsreglerError
from ..i18n import N_, _
from ..protocol.association import Association, BatchRefusal
from ..protocol.event_files import read_events
from ..protocol.ledger import BadEvent, Entry, Event, Head, TamperedLedger
from ..protocol.opening import Verified, open_ledger, repair, verify_ledger
from ..protocol.protection import Key
from ..statute.model import Statute
from ..statute.problems import StatuteError
from .check_files import HISTORY, kind_of, load_governing
from .check_files import STATUTE as STATUTE_KIND
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNLOADABLE,
    FORMAT_OPTION,
    STATUTE,
    echo,
    emit,
    to_json,
)
from .common import statute_path as named_statute
from .report import status_text

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

#: The statute is the first argument; ``--statute`` (or the variable
#: FORENINGSREGLER_STATUTE) is kept, hidden, for the scripts written before.
_STATUTE = click.option(
    "--statute",
    "statute_path",
    type=STATUTE,
    envvar="FORENINGSREGLER_STATUTE",
    hidden=True,
)
NO_STATUTE = N_("name the statute the protocol follows (the first argument)")
_LEDGER = click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(path_type=Path),
    required=True,
    help=N_("The protocol: a SQLite file, or JSON Lines if it ends in .jsonl."),
)


def _protection(command: F) -> F:
    """--key-file and --expect-head: what the chain alone cannot check."""
    command = click.option(
        "--expect-head",
        "expect_head",
        metavar="COUNT:HASH",
        help=N_(
            "The head 'verify' printed before, kept elsewhere: refuse a protocol "
            "cut short or rewritten since."
        ),
    )(command)
    return click.option(
        "--key-file",
        "key_file",
        type=click.Path(path_type=Path, dir_okay=False),
        help=N_(
            "The protocol's key (HMAC); else $FORENINGSREGLER_KEY. Every entry is "
            "authenticated with it, so forged or rewritten entries are detected."
        ),
    )(command)


def _fail(message: str, code: int = EXIT_UNLOADABLE) -> NoReturn:
    echo(f"foreningsregler: {message}", err=True)
    sys.exit(code)


def _key(key_file: Path | None) -> Key | None:
    return _guarded(lambda: Key.from_file(key_file) if key_file else Key.from_environment())


def _head(text: str | None) -> Head | None:
    return _guarded(lambda: Head.parse(text)) if text else None


def _guarded(work: Callable[[], T], tampered: int = EXIT_UNLOADABLE) -> T:
    """Run ``work``; a protocol that does not verify exits ``tampered``, any other
    of the library's errors (no protocol, a bad key, a busy lock) exits 2. The
    refusal of a batch is the caller's to report."""
    try:
        return work()
    except BatchRefusal:
        raise
    except TamperedLedger as error:
        _fail(_("the protocol does not verify: {error}", error=error), tampered)
    except ForeningsreglerError as error:
        _fail(str(error))
    except OSError as error:  # e.g. a full disk or a folder without write access
        _fail(f"{error.filename or ''}: {error.strerror}")


def open_association(
    statute_path: Path,
    ledger_path: Path,
    statute: Statute | None = None,
    *,
    read_only: bool = True,
    key: Key | None = None,
    expect_head: Head | None = None,
    planning: bool = False,
) -> Association:
    """The association on its protocol; read-only unless asked to write."""
    governing = statute if statute is not None else load_governing(statute_path, "text")
    key = key if key is not None else _key(None)

    def opened() -> Association:
        ledger = open_ledger(ledger_path, read_only=read_only, key=key, expect_head=expect_head)
        return Association(governing, ledger, planning=planning)

    return _guarded(opened)


@click.command("record")
@_STATUTE
@_LEDGER
@_protection
@click.option("--planning", is_flag=True, help=N_("Accept events dated after today (a plan)."))
@FORMAT_OPTION
@click.argument(
    "arguments",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path),
    metavar="STATUTE EVENT_FILES...",
)
@click.pass_context
def record_command(
    ctx: click.Context,
    statute_path: Path | None,
    ledger_path: Path,
    key_file: Path | None,
    expect_head: str | None,
    planning: bool,
    fmt: str,
    arguments: tuple[Path, ...],
) -> None:
    """Record the events of EVENT_FILES in the protocol of STATUTE, file by file.

    Every file is read before anything is recorded. The events of one file are
    checked one after the other and recorded together, or not at all: a refused
    event prints its rule, provision and state and exits 1, and nothing of its
    file is recorded (files before it stay recorded).
    """
    statute_path, event_files = _statute_first(ctx, statute_path, arguments)
    batches = [(path, _events(path, fmt)) for path in event_files]
    association = open_association(
        statute_path,
        ledger_path,
        read_only=False,
        key=_key(key_file),
        expect_head=_head(expect_head),
        planning=planning,
    )
    recorded: list[Entry] = []
    for path, events in batches:
        try:
            recorded.extend(_guarded(partial(association.record_all, events)))
        except BatchRefusal as refusal:
            _refused(path, events[refusal.number - 1], refusal, recorded, fmt)
    _report(recorded, fmt)


def _statute_first(
    ctx: click.Context, given: Path | None, arguments: tuple[Path, ...]
) -> tuple[Path, tuple[Path, ...]]:
    """The statute and the events files: the statute is the first argument unless
    --statute names it; one from the environment yields to a first argument that
    is a statute."""
    source = ctx.get_parameter_source("statute_path")
    explicit = source is click.core.ParameterSource.COMMANDLINE
    if given is not None and (explicit or len(arguments) < 2):
        return given, arguments
    if given is not None and kind_of(named_statute(arguments[0])) not in _GOVERNING:
        return given, arguments
    if len(arguments) < 2:
        raise click.UsageError(_(NO_STATUTE if given is None else NO_EVENTS))
    return named_statute(arguments[0]), arguments[1:]


#: What a protocol is judged by: a statute, or its history.
_GOVERNING = (STATUTE_KIND, HISTORY)
NO_EVENTS = N_("name the events files to record after the statute")


def _events(path: Path, fmt: str) -> list[Event]:
    try:
        return read_events(path)
    except StatuteError as error:
        emit([], list(error.problems), fmt)
        sys.exit(EXIT_UNLOADABLE)
    except BadEvent as error:
        _fail(f"{path}: {error}")


def _report(recorded: list[Entry], fmt: str) -> None:
    if fmt == "json":
        echo(to_json({"recorded": [_entry_json(e) for e in recorded]}))
        return
    for entry in recorded:
        event = entry.event
        echo(
            _(
                "recorded #{seq}: {kind} on {day} by {actor}",
                seq=entry.seq,
                kind=event.kind,
                day=event.date,
                actor=event.actor,
            )
        )


def _refused(
    path: Path, event: Event, refusal: BatchRefusal, recorded: list[Entry], fmt: str
) -> NoReturn:
    if fmt == "text":
        _report(recorded, fmt)
    else:
        body = {"recorded": [_entry_json(e) for e in recorded], "refused": refusal.to_json()}
        echo(to_json({**body, "file": os.fspath(path), "event": event.to_json()}))
    echo(
        _(
            "refused: {path}: event {number} ({kind} on {day} by {actor}): {refusal}; "
            "nothing of this file was recorded",
            path=path,
            number=refusal.number,
            kind=event.kind,
            day=event.date,
            actor=event.actor,
            refusal=refusal,
        ),
        err=True,
    )
    echo(_("rule: {rule}", rule=refusal.rule), err=True)
    sys.exit(EXIT_FINDINGS)


def _entry_json(entry: Entry) -> dict[str, object]:
    return {"seq": entry.seq, "hash": entry.hash, **entry.event.to_json()}


@click.command("status")
@_STATUTE
@_LEDGER
@_protection
@click.option(
    "--on", "on", type=click.DateTime(["%Y-%m-%d"]), required=True, help=N_("The day (YYYY-MM-DD).")
)
@FORMAT_OPTION
@click.argument("statute", required=False, type=STATUTE)
def status_command(
    statute: Path | None,
    statute_path: Path | None,
    ledger_path: Path,
    key_file: Path | None,
    expect_head: str | None,
    on: dt.datetime,
    fmt: str,
) -> None:
    """The association on a day: members, phases and participants, seats, decisions.

    Read-only: a protocol that does not verify is refused (exit 2).
    """
    statute_path = statute or statute_path
    if statute_path is None:
        raise click.UsageError(_(NO_STATUTE))
    association = open_association(
        statute_path, ledger_path, key=_key(key_file), expect_head=_head(expect_head)
    )
    day = on.date()
    state, version = association.at(day), association.version_on(day)
    if fmt == "json":
        found = state.to_json()
        if version is not None:
            found["statute_version"] = {
                "number": version.number,
                "file": version.file,
                "in_force": version.in_force.isoformat(),
            }
        echo(to_json(found))
        return
    lines = status_text(state)
    if version is not None:  # the version the protocol's acts brought into force
        count = len(association.versions.versions) if association.versions else 0
        lines.insert(
            1,
            _(
                "Statute: version {number} of {count} ({file})",
                number=version.number,
                count=count,
                file=version.file,
            ),
        )
    echo("\n".join(lines))


@click.command("verify")
@_LEDGER
@_protection
@FORMAT_OPTION
def verify_command(
    ledger_path: Path, key_file: Path | None, expect_head: str | None, fmt: str
) -> None:
    """Check a protocol's chain, its head file, the head expected and, with a
    key, every entry's code; print its head (keep it elsewhere for --expect-head).

    Read-only. Exit code 0: it verifies; 1: it does not (altered, cut short,
    forged or torn); 2: no protocol, or a bad key or head.
    """
    key, expected = _key(key_file), _head(expect_head)
    found = _guarded(
        lambda: verify_ledger(ledger_path, key=key, expect_head=expected), EXIT_FINDINGS
    )
    if fmt == "json":
        echo(to_json({"verified": True, "head": str(found.head), **_checked(found)}))
        return
    echo(_("{path}: verified, {count} entries", path=ledger_path, count=found.head.count))
    echo(_("head: {head}", head=found.head))
    echo(_authentication(found))


def _authentication(found: Verified) -> str:
    if found.authenticated:
        return _("authenticated: every entry carries the key's code")
    if found.keyed:
        return _("written with a key: give it (--key-file) to authenticate every entry")
    return _("not authenticated: written without a key, so forged appends go unnoticed")


def _checked(found: Verified) -> dict[str, bool]:
    return {
        "authenticated": found.authenticated,
        "keyed": found.keyed,
        "expected_head": found.expected,
    }


@click.command("repair")
@_LEDGER
@click.option(
    "--key-file",
    "key_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_("The protocol's key; else $FORENINGSREGLER_KEY."),
)
def repair_command(ledger_path: Path, key_file: Path | None) -> None:
    """Mend a protocol after a crash: keep a copy, then complete or cut a torn
    last line (JSON Lines) and write the head file of a chain that verifies.

    Never hides tampering: a protocol cut short or altered stays refused (exit 1).
    """
    key = _key(key_file)
    done = _guarded(lambda: repair(ledger_path, key=key), EXIT_FINDINGS)
    echo(_("{path}: copy kept as {copy}", path=ledger_path, copy=done.copy))
    for what in done.mended or ("nothing-to-mend",):
        echo(_("mended: {what}", what=what))
    echo(_("head: {head}", head=done.head))
    sys.exit(EXIT_OK)
