"""pytest plugin: collects ``*.test.yaml`` statute tests, one item per case.

Registered under the ``pytest11`` entry point, so any project that installs
foreningsregler and runs pytest over its statutes gets their cases as tests;
a ``*.test.yaml`` that is no statute test (no statute beside it, none named)
is not collected.
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
    if is_statute_test(file_path):
        collector: StatuteTestFile = StatuteTestFile.from_parent(parent, path=file_path)
        return collector
    return None


def is_statute_test(path: Path) -> bool:
    """A ``NAME.test.yaml`` beside its statute ``NAME.yaml``, or one that names
    its statute (``statute:``): another project's ``settings.test.yaml`` is not
    one, and is left to that project."""
    if not path.name.endswith(SUFFIX):
        return False
    if (path.parent / (path.name.removesuffix(SUFFIX) + ".yaml")).is_file():
        return True
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return False
    return _NAMES_STATUTE.search(text) is not None


#: A top-level ``statute:`` key, as a statute test file names its statute.
_NAMES_STATUTE = re.compile(r"^statute:", re.MULTILINE)


class StatuteTestFailure(ForeningsreglerError):
    """The ways a statute departed from one case's expected answer."""


class StatuteTestFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        try:
            suite = load_suite(self.path)
        except StatuteError as error:
            raise self.CollectError(str(error)) from None
        for case in suite.cases:
            yield StatuteTestItem.from_parent(
                self, name=f"{case.kind}[{case.line}] {case.name}", suite=suite, case=case
            )


class StatuteTestItem(pytest.Item):
    def __init__(self, *, suite: Suite, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.suite, self.case = suite, case

    def runtest(self) -> None:
        failures = self.case.run(self.suite)
        if failures:
            raise StatuteTestFailure("\n".join(failures))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, StatuteTestFailure):
            return f"{self.path}:{self.case.line}: {self.case.name}\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, self.name
