"""click's own words (Usage:, Options, Error: …) in the chosen language.

click marks its messages with gettext but ships no Danish catalog. The
messages a person meets on the command line are listed here, so the cli's
catalog holds their Danish, and ``install`` lets click's modules look them
up there; click fills in their fields itself.
"""

from __future__ import annotations

import importlib

from ..i18n import N_, catalog, language

#: The messages of click 8 that a command line user sees.
MESSAGES = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("Error: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("No such option {name!r}."),
    N_("Try '{command} {option}' for help."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("Option {name!r} does not take a value."),
    N_("Option {name!r} requires an argument."),
    N_("Option {name!r} requires {nargs} arguments."),
    N_("Got unexpected extra argument ({args})"),
    N_("Got unexpected extra arguments ({args})"),
    N_("{value!r} is not {choice}."),
    N_("{value!r} is not one of {choices}."),
    N_("{value!r} does not match the format {format}."),
    N_("{value!r} does not match the formats {formats}."),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("Aborted!"),
)

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types")


def _gettext(message: str) -> str:
    return catalog(language()).gettext(message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return catalog(language()).ngettext(singular, plural, count)


def install() -> None:
    """Let click's modules find their messages in the cli's catalog."""
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        names = vars(module)
        if "_" in names:
            names["_"] = _gettext
        if "ngettext" in names:
            names["ngettext"] = _ngettext
