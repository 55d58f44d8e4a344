"""Every command's help, each in a fresh process: the command line imports a
command's module only when it is asked for, so a help text must not lean on
what another command's module set up (a field like ``{max_workers}`` once made
``flows --help`` an internal error)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from foreningsregler.cli import cli

COMMANDS = sorted(cli.list_commands(None))  # type: ignore[arg-type]


def test_every_command_is_listed() -> None:
    assert {"check", "flows", "simulate", "record", "diff", "compare"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("language", ["da", "en"])
def test_the_help_of_each_command_alone(command: str, language: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "foreningsregler", "--lang", language, command, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert "{" not in done.stdout.replace("{da|en}", ""), done.stdout
