"""What every command shares: exit codes, loading a statute, printing text and findings.

Every line a command prints goes through ``echo`` (text) or ``to_json``
(JSON): a statute, a scenario or an event is written by someone else, and no
control character of it may reach the terminal raw (``_text``).
"""

from __future__ import annotations

import contextvars
import inspect
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .._text import json_text, visible
from ..authority.answers import UnknownName
from ..bundled import bundled, bundled_names
from ..i18n import LANGUAGES, N_, _, set_language
from ..statute.loading import load
from ..statute.model import Statute
from ..statute.problems import Finding, StatuteError

if TYPE_CHECKING:  # click's completion, and the simulation, only when asked for
    from click.shell_completion import CompletionItem

    from ..economy.simulation import Scenario

EXIT_OK, EXIT_FINDINGS, EXIT_UNLOADABLE, EXIT_INTERNAL = 0, 1, 2, 3

FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)

T = TypeVar("T")


class StatuteType(click.ParamType[Path]):
    """A statute named by its path, or by the name of a bundled statute
    (``digitaliseringsforeningen``): a path that exists wins, so a file of
    that name in the current folder is never shadowed."""

    name = "statute"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        return statute_path(Path(value))

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        names = [CompletionItem(n) for n in bundled_names() if n.startswith(incomplete)]
        return [*names, CompletionItem(incomplete, type="file")]


def statute_path(path: Path) -> Path:
    """``path`` itself if it exists or names no bundled statute, else the bundled one."""
    if path.exists() or str(path) not in bundled_names():
        return path
    return bundled(str(path))


STATUTE = StatuteType()

NOT_JSON = N_(
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
        echo(f"foreningsregler: {_(NOT_JSON, error=error)}", err=True)
        sys.exit(EXIT_UNLOADABLE)
    return json_text(text)


def emit(findings: list[Finding], unloadable: list[Finding], fmt: str) -> None:
    """The problems of a file a command cannot use: with ``--format json`` one
    document on stdout (``{"version": 1, "problems": [...]}``, the output schema
    ``problems``), as text one line each on stderr."""
    if fmt == "json":
        problems = [f.to_json() for f in (*findings, *unloadable)]
        echo(to_json({"version": 1, "problems": problems}))
        return
    for problem in unloadable:
        echo(str(problem), err=True)
    if unloadable:
        echo(_("{count} problem(s): the file cannot be loaded", count=len(unloadable)), err=True)


# --- the language of what the command line says --------------------------------


class _Fields(dict[str, object]):
    """Fields the help texts name; one no module has given yet stays as written
    (a help text never fails on a field)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


#: Fields the help texts name, e.g. a limit: ``{max_runs}``.
HELP_FIELDS: dict[str, object] = _Fields()


def _set_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        set_language(value)


def language_option() -> click.Option:
    """``--lang da|en``: eager, so even ``--help`` speaks it."""
    return click.Option(
        ["--lang"],
        type=click.Choice(LANGUAGES),
        is_eager=True,
        expose_value=False,
        callback=_set_language,
        help=N_(
            "The language of the output: da (Danish, the default) or en; else "
            "$FORENINGSREGLER_LANG or the locale ($LANG)."
        ),
    )


def _translated(text: str | None) -> str | None:
    if not text:
        return text
    message = _(inspect.cleandoc(text))
    return message.format_map(HELP_FIELDS) if HELP_FIELDS and "{" in message else message


F = TypeVar("F", bound=Callable[..., Any])


def load_scenario_and_statute(path: Path, fmt: str) -> tuple[Scenario, Statute]:
    """The scenario at ``path`` and its statute, for a command that runs it; one
    that does not load prints its problems and exits 2."""
    from ..economy.simulation import load_scenario  # only for a command that runs one

    try:
        scenario = load_scenario(path)
    except StatuteError as error:
        emit([], list(error.problems), fmt)
        sys.exit(EXIT_UNLOADABLE)
    return scenario, load_statute(scenario.statute, fmt)


def in_processes(
    runs: int, workers: int | None, sweep: Callable[[Any, Callable[[int], None]], T]
) -> T:
    """``sweep(pool, progress)`` on its own processes (never more than there are
    runs), its progress drawn on stderr."""
    from concurrent.futures import ProcessPoolExecutor  # only for a sweep

    processes = min(workers or os.cpu_count() or 1, runs)
    with (
        ProcessPoolExecutor(processes) as pool,
        click.progressbar(length=runs, label=_("runs"), file=sys.stderr) as bar,
    ):
        return sweep(pool, bar.update)


def sweep_options(runs_most: int, runs_help: str, workers_most: int) -> Callable[[F], F]:
    """``--runs`` (1 to ``runs_most``), ``--seed`` and ``--workers``: the options
    of a command that runs a scenario once or sweeps it."""
    HELP_FIELDS["max_workers"] = workers_most
    options = (
        click.option(
            "--runs",
            default=1,
            show_default=True,
            type=click.IntRange(1, runs_most),
            help=runs_help,
        ),
        click.option("--seed", default=0, show_default=True, type=int),
        click.option(
            "--workers",
            default=None,
            type=click.IntRange(1, workers_most),
            help=N_("Processes for a sweep (default: one per core; at most {max_workers})."),
        ),
    )

    def decorate(command: F) -> F:
        for option in reversed(options):  # as if written above it, in this order
            command = option(command)
        return command

    return decorate


class _Helped(click.Command):
    """A command whose help text is a message of the catalog."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        original, self.help = self.help, _translated(self.help)
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = original

    def get_short_help_str(self, limit: int = 45) -> str:
        original, self.help = self.help, _translated(self.help)
        try:
            return super().get_short_help_str(limit)
        finally:
            self.help = original

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # click keeps the --help option it made, its text in the language of the
        # first call; make it afresh so each run speaks its own language.
        self._help_option = None
        return super().get_help_option(ctx)


class _Command(_Helped):
    pass


class Group(_Helped, click.Group):
    """A group that speaks the catalog's language, each run in its own context."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # Each run in a context of its own: a --lang chosen by one run (as
        # tests and other in-process callers make many) is not the next one's.
        return contextvars.copy_context().run(super().main, *args, **kwargs)


class _Option(click.Option):
    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        original, self.help = self.help, _translated(self.help)
        try:
            return super().get_help_record(ctx)
        finally:
            self.help = original


def speak(group: click.Group) -> None:
    """Every command of ``group`` takes --lang and gives its help in the language.

    A lazy group's commands are not there yet: it calls ``speak_command`` on each
    as it imports it."""
    if not isinstance(group, Group):
        group.__class__ = Group
    group.params.append(language_option())
    for command in group.commands.values():
        speak_command(command)


def speak_command(command: click.Command) -> None:
    """``command`` takes --lang and gives its help, and its options', in the language."""
    command.__class__ = Group if isinstance(command, click.Group) else _Command
    if not any(param.name == "lang" for param in command.params):
        command.params.append(language_option())
    for param in command.params:
        if type(param) is click.Option:
            param.__class__ = _Option
