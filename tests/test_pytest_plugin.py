"""The pytest plugin is polite: in a project that installs foreningsregler it
collects the statute tests and leaves every other ``*.test.yaml`` alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from foreningsregler.testing.pytest_plugin import is_statute_test

FIXTURES = Path(__file__).parent / "fixtures"

#: Another project's files: settings beside their test variant, which has a
#: ``format`` key of its own but none of a statute test's keys.
SETTINGS = "database: postgres\nformat: json\n"
SETTINGS_TEST = "database: sqlite\nformat: text\nstatute_of_limitations: 3\n"
PROJECT_TEST = "def test_the_projects_own_test():\n    assert True\n"


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A temporary project: its own tests and settings, and a statute with its tests."""
    pytester.makefile(".yaml", settings=SETTINGS)
    pytester.makefile(".test.yaml", settings=SETTINGS_TEST)
    pytester.makefile(".test.yaml", **{"broken_config": "format: [unclosed\n"})
    pytester.makepyfile(test_project=PROJECT_TEST)
    statutes = pytester.mkdir("vedtaegter")
    for name in ("forening.yaml", "forening.test.yaml"):
        (statutes / name).write_text((FIXTURES / name).read_text("utf-8"), "utf-8")
    return pytester


def test_the_projects_own_test_yaml_is_never_touched(project: pytest.Pytester) -> None:
    result = project.runpytest("-q", "-p", "no:cacheprovider")
    outcomes = result.parseoutcomes()
    assert outcomes.get("errors", 0) == 0 and outcomes.get("failed", 0) == 0
    assert "settings.test.yaml" not in result.stdout.str()
    assert "broken_config" not in result.stdout.str()
    assert "E203" not in result.stdout.str() and "Interrupted" not in result.stdout.str()


def test_the_statute_tests_are_collected_beside_the_projects_tests(
    project: pytest.Pytester,
) -> None:
    result = project.runpytest("--collect-only", "-q", "-p", "no:cacheprovider")
    collected = [line for line in result.stdout.lines if "::" in line]
    assert "test_project.py::test_the_projects_own_test" in collected
    statute_cases = [line for line in collected if line.startswith("vedtaegter/forening.test")]
    assert len(statute_cases) > 1
    assert not [line for line in collected if "settings" in line or "broken_config" in line]


def test_the_plugin_can_be_turned_off(project: pytest.Pytester) -> None:
    result = project.runpytest("--collect-only", "-q", "-p", "no:foreningsregler")
    collected = [line for line in result.stdout.lines if "::" in line]
    assert collected == ["test_project.py::test_the_projects_own_test"]


def test_a_statute_test_is_told_by_its_content(tmp_path: Path) -> None:
    (tmp_path / "settings.yaml").write_text(SETTINGS, "utf-8")
    settings = tmp_path / "settings.test.yaml"
    settings.write_text(SETTINGS_TEST, "utf-8")
    assert not is_statute_test(settings)  # a statute beside it is not enough
    settings.write_text("format: 1\nchecks: []\n", "utf-8")
    assert is_statute_test(settings)
    named = tmp_path / "k14.test.yaml"
    named.write_text("format: 1\nstatute: ../k14.yaml\nstates: {}\n", "utf-8")
    assert is_statute_test(named)
    named.write_text("format: 1\nstates: {}\n", "utf-8")  # no statute, none named
    assert not is_statute_test(named)
    assert not is_statute_test(tmp_path / "absent.test.yaml")
    assert not is_statute_test(tmp_path / "settings.yaml")
