"""The command line: ``foreningsregler`` and its text reports.

``cli`` and ``main`` are imported on first use (PEP 562), so importing a module
of this package (``cli.common``) does not build the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .commands import cli, main

__all__ = ["cli", "main"]


def __getattr__(name: str) -> object:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import commands

    value = getattr(commands, name)
    globals()[name] = value
    return value
