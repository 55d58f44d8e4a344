"""What ``foreningsregler check`` imports (issue 15): what it needs, and not the
modules only another command, another output format or a failing text needs.
The time it takes is measured by benchmarks/startup.py, not here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Runs the command line in this process and prints the modules it imported.
PROGRAM = """
import json, sys
from foreningsregler.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def imported(*arguments: str) -> tuple[int, set[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, *arguments],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    found = json.loads(done.stdout.splitlines()[-1])
    return found["code"], set(found["modules"])


#: Modules ``check`` of a valid statute, as text, never needs.
NOT_FOR_CHECK = {
    "networkx",  # the graph: exports only
    "jsonschema",  # explains a document that fails its schema
    "jinja2",  # the report
    "importlib.resources",  # the package's files are read by path
    "tempfile",
    "foreningsregler.statute._yaml_errors",  # PyYAML's errors in our words
    "foreningsregler.cli.report",  # --verbose's sections
    "foreningsregler.cli.check_formats",  # --format sarif and github
    "click.shell_completion",
    "foreningsregler.protocol.association",  # --statute's judge, events files
    "foreningsregler.economy.simulation",  # scenarios
    "foreningsregler.testing.statute_tests",  # statute tests
    "foreningsregler.report",
    "foreningsregler.service",
}


def test_check_of_a_statute_imports_only_what_it_needs() -> None:
    code, modules = imported("check", "digitaliseringsforeningen")
    assert code == 0
    assert "foreningsregler.checks" in modules and "yaml" in modules
    assert NOT_FOR_CHECK & modules == set()


@pytest.mark.parametrize(
    ("arguments", "needed"),
    [
        (("check", "--format", "sarif", "digitaliseringsforeningen"), "cli.check_formats"),
        (("check", "--verbose", "digitaliseringsforeningen"), "cli.report"),
    ],
    ids=["sarif", "verbose"],
)
def test_an_option_imports_what_it_needs_when_asked(
    arguments: tuple[str, ...], needed: str
) -> None:
    code, modules = imported(*arguments)
    assert code == 0
    assert f"foreningsregler.{needed}" in modules


def test_a_text_that_is_no_yaml_is_said_in_our_words(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("bodies: {a: 1\n", "utf-8")
    code, modules = imported("check", str(broken))
    assert code == 2
    assert "foreningsregler.statute._yaml_errors" in modules
