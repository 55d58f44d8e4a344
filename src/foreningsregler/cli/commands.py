"""The command line: check statutes and ask who may decide what.

Calls only the public API. No input may end in a traceback: loading
problems are findings (exit 2), unknown names are usage errors (exit 2), and
anything unforeseen is reported in one line with exit code 3.

The group is lazy: a command's module (and what it imports: the protocol, the
simulation, jinja2) is imported only when that command runs or ``--help``
lists it, so ``foreningsregler check`` pays for ``check`` alone.
"""

from __future__ import annotations

import importlib
import signal
import sys
from typing import TextIO

import click

from .._text import visible
from ..i18n import _
from . import click_texts
from .common import EXIT_INTERNAL, EXIT_UNLOADABLE, Group, speak, speak_command

#: Each command and the module (relative to this package) and name that define it.
_COMMANDS = {
    "check": (".check_command", "check_command"),
    "compare": (".query_commands", "compare_command"),
    "diagram": (".query_commands", "diagram_command"),
    "diff": ("..versions.command", "diff_command"),
    "explain": (".query_commands", "explain_command"),
    "flows": (".flows_command", "flows_command"),
    "graph": (".query_commands", "graph_command"),
    "record": (".protocol_commands", "record_command"),
    "repair": (".protocol_commands", "repair_command"),
    "report": ("..report.command", "report_command"),
    "schema": (".reading_commands", "schema_command"),
    "serve": ("..service.command", "serve_command"),
    "show": (".reading_commands", "show_command"),
    "simulate": (".query_commands", "simulate_command"),
    "status": (".protocol_commands", "status_command"),
    "test": (".suite_command", "test_command"),
    "verify": (".protocol_commands", "verify_command"),
    "who": (".query_commands", "who_command"),
}


class _LazyGroup(Group):
    """A group that imports a command's module on first use (``_COMMANDS``)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _COMMANDS:
            module, name = _COMMANDS[cmd_name]
            command = getattr(importlib.import_module(module, __package__), name)
            speak_command(command)
            self.commands[cmd_name] = command
        return self.commands.get(cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="foreningsregler", prog_name="foreningsregler")
def cli() -> None:
    """Check and query the statutes (vedtægter) of an association of municipalities."""


speak(cli)
click_texts.install()


def main(argv: list[str] | None = None, stderr: TextIO | None = None) -> None:
    """Entry point: run the CLI; an unforeseen failure is one line, not a traceback."""
    if hasattr(signal, "SIGPIPE"):
        # A reader that goes away (| head) ends us quietly, as it ends cat, instead
        # of click's exit 1, which means a refusal; work done before stays done.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        cli.main(args=argv, prog_name="foreningsregler", standalone_mode=True)
    except SystemExit:
        raise
    except OSError as error:  # the output cannot be written: a full disk, a closed file
        print(visible(f"foreningsregler: {error.strerror or error}"), file=stderr or sys.stderr)
        sys.exit(EXIT_UNLOADABLE)
    except Exception as error:  # the last guard before a user's terminal
        print(
            visible(
                "foreningsregler: "
                + _("internal error: {kind}: {error}", kind=type(error).__name__, error=error)
            ),
            file=stderr or sys.stderr,
        )
        sys.exit(EXIT_INTERNAL)
