"""pytest plugin: collects ``*.test.yaml`` statute tests, one item per case.

Registered under the ``pytest11`` entry point, so any project that installs
foreningsregler and runs pytest over its statutes gets their cases as tests.
It is polite: a ``*.test.yaml`` is collected only when its content is a statute
test (a top-level ``format:`` and one of a statute test's own keys) and it has
a statute (one beside it, or one it names with ``statute:``). Another
project's ``settings.test.yaml`` is never loaded, even beside a ``settings.yaml``.
Turn the plugin off in a project with ``-p no:foreningsregler``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..errors import ForeningsreglerError
from ..statute.problems import StatuteError
from .statute_tests import SUFFIX, Case, Suite, load_suite


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """pytest's hook: a collector for a statute test, None for any other file."""
    if is_statute_test(file_path):
        collector: StatuteTestFile = StatuteTestFile.from_parent(parent, path=file_path)
        return collector
    return None


def is_statute_test(path: Path) -> bool:
    """Whether ``path`` is a statute test by its name and its content.

    A ``NAME.test.yaml`` whose top level has ``format:`` and one of ``checks``,
    ``list_bodies``, ``list_powers``, ``scenarios`` or ``states``, and whose
    statute is beside it (``NAME.yaml``) or named by ``statute:``. Only the
    file's top-level keys are read, without parsing the YAML, so a file of
    another project is never loaded and cannot fail the collection.
    """
    if not path.name.endswith(SUFFIX):
        return False
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return False
    keys = set(_TOP_LEVEL_KEY.findall(text))
    if "format" not in keys or not keys & _CASE_KEYS:
        return False
    beside = path.parent / (path.name.removesuffix(SUFFIX) + ".yaml")
    return "statute" in keys or beside.is_file()


#: A key at the top level of a YAML mapping, as a statute test file has them.
_TOP_LEVEL_KEY = re.compile(r"^([a-z_]+):", re.MULTILINE)
#: The keys only a statute test has (its schema's properties besides format, statute).
_CASE_KEYS = frozenset({"checks", "list_bodies", "list_powers", "scenarios", "states"})


class StatuteTestFailure(ForeningsreglerError):
    """The ways a statute departed from one case's expected answer."""


class StatuteTestFile(pytest.File):
    """A statute test file, collected as one item per case."""

    def collect(self) -> Iterator[pytest.Item]:
        """The file's cases; a file that does not load is a collection error."""
        try:
            suite = load_suite(self.path)
        except StatuteError as error:
            raise self.CollectError(str(error)) from None
        for case in suite.cases:
            yield StatuteTestItem.from_parent(
                self, name=f"{case.kind}[{case.line}] {case.name}", suite=suite, case=case
            )


class StatuteTestItem(pytest.Item):
    """One case of a statute test file, run against its compiled statute."""

    def __init__(self, *, suite: Suite, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.suite, self.case = suite, case

    def runtest(self) -> None:
        """Run the case; its failures, if any, as one StatuteTestFailure."""
        failures = self.case.run(self.suite)
        if failures:
            raise StatuteTestFailure("\n".join(failures))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, StatuteTestFailure):
            return f"{self.path}:{self.case.line}: {self.case.name}\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, self.name
