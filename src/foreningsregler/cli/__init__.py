"""The command line: ``foreningsregler`` and its text reports."""

from .commands import cli, main

__all__ = ["cli", "main"]
