"""How the library is started from outside: ``python -m foreningsregler``, and
the pytest plugin, which collects statute tests and nothing else."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from foreningsregler import __version__
from foreningsregler.cli.commands import cli
from foreningsregler.testing.pytest_plugin import is_statute_test

ROOT = Path(__file__).resolve().parent.parent


def test_python_m_runs_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "foreningsregler", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, f"foreningsregler, version {__version__}\n")


def test_python_m_checks_a_statute_with_the_scripts_exit_codes(tmp_path: Path) -> None:
    missing = subprocess.run(
        [sys.executable, "-m", "foreningsregler", "check", str(tmp_path / "mangler.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2
    assert "E100 cannot read the file" in missing.stdout + missing.stderr


def test_the_plugin_collects_a_statute_test_beside_its_statute() -> None:
    assert is_statute_test(ROOT / "vedtaegter" / "digitaliseringsforeningen.test.yaml")


def test_the_plugin_collects_a_statute_test_that_names_its_statute(tmp_path: Path) -> None:
    path = tmp_path / "k14.test.yaml"
    path.write_text("format: 1\nstatute: ../vedtaegter/k14.yaml\nchecks: []\n", "utf-8")
    assert is_statute_test(path)


def test_the_plugin_leaves_another_projects_test_yaml_alone(tmp_path: Path) -> None:
    """A project with its own settings.test.yaml must not fail to collect (E203)."""
    settings = tmp_path / "settings.test.yaml"
    settings.write_text("database: sqlite\nstatute_of_limitations: 3\n", "utf-8")
    assert not is_statute_test(settings)
    assert not is_statute_test(tmp_path / "statute.yaml")
    assert not is_statute_test(tmp_path / "absent.test.yaml")


def test_check_over_a_glob_tells_statutes_and_their_tests_apart() -> None:
    """`check vedtaegter/*.yaml`, as a shell expands it, names the test files too:
    each is validated as a statute test, by its content, not read as a statute."""
    named = sorted(str(p) for p in (ROOT / "vedtaegter").glob("*.yaml"))
    assert any(n.endswith(".test.yaml") for n in named)
    result = CliRunner().invoke(cli, ["check", *named, "--format", "json"])
    assert result.exit_code == 0, result.output
    kinds = {f["path"]: f["kind"] for f in json.loads(result.stdout)["files"]}
    assert kinds == {n: "statute-test" if n.endswith(".test.yaml") else "statute" for n in named}
    only_tests = [n for n in named if n.endswith(".test.yaml")]
    result = CliRunner().invoke(cli, ["check", *only_tests])
    assert result.exit_code == 0, result.output
    assert all("statute test:" in line for line in result.stdout.splitlines())
