"""pytest plugin: collects ``*.test.yaml`` statute tests, one item per case.

Registered under the ``pytest11`` entry point, so any project that installs
foreningsregler and runs pytest over its statutes gets their cases as tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..errors import ForeningsreglerError
from ..statute.problems import StatuteError
from .statute_tests import SUFFIX, Case, Suite, load_suite


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(SUFFIX):
        collector: StatuteTestFile = StatuteTestFile.from_parent(parent, path=file_path)
        return collector
    return None


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
