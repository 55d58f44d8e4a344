"""``foreningsregler test``: run statute tests; the results as text, JSON or JUnit XML.

JUnit XML is what CI services show as test reports: a ``testsuite`` per test
file, a ``testcase`` per case (its line in ``file``/``line``), a ``failure``
with every way the statute departed from the expected answer, and an
``error`` case for a test file that cannot be loaded.
"""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import attrs
import click

from .._text import visible, xml_text
from ..i18n import N_, _
from ..statute.problems import Finding, StatuteError
from ..testing.statute_tests import CaseResult, find_test_files, load_suite, run_suite
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNLOADABLE,
    STATUTE,
    echo,
    emit,
    to_json,
)
from .report import case_text

NO_TEST_HERE = N_("{path}: no statute test (*.test.yaml) in this directory")


@attrs.frozen
class FileRun:
    """One test file: its results, or the problems that kept it from running."""

    path: Path
    results: tuple[CaseResult, ...] = ()
    problems: tuple[Finding, ...] = ()


@click.command("test")
@click.argument("paths", nargs=-1, required=True, type=STATUTE)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "junit"]),
    default="text",
    show_default=True,
)
def test_command(paths: tuple[Path, ...], fmt: str) -> None:
    """Run statute tests (NAME.test.yaml beside NAME.yaml, or directories of them;
    a bundled statute by its name).

    Ends with 'N passed, N failed'. Exit code 0: all passed; 1: a case failed;
    2: a test file or its statute could not be loaded.
    """
    for path in paths:
        if path.is_dir() and not find_test_files([path]):
            raise click.UsageError(_(NO_TEST_HERE, path=visible(str(path))))
    runs = [_run(path, show=fmt == "text") for path in find_test_files(list(paths))]
    code = _exit_code(runs)
    if fmt == "json":
        echo(to_json(results_json(runs, code)))
    elif fmt == "junit":
        echo(junit(runs))
    else:
        emit([], [p for run in runs for p in run.problems], "text")
        passed, failed = _counts(runs)
        echo(_("{passed} passed, {failed} failed", passed=passed, failed=failed))
    sys.exit(code)


def _run(path: Path, *, show: bool) -> FileRun:
    """Run one file; as text, its results are shown as they come."""
    try:
        suite = load_suite(path)
    except StatuteError as error:
        return FileRun(path, problems=error.problems)
    if show:
        echo(str(path))
    results = []
    for result in run_suite(suite):
        results.append(result)
        if show:
            echo("\n".join(case_text(result)))
    return FileRun(path, tuple(results))


def _counts(runs: Sequence[FileRun]) -> tuple[int, int]:
    results = [r for run in runs for r in run.results]
    passed = sum(r.passed for r in results)
    return passed, len(results) - passed


def _exit_code(runs: Sequence[FileRun]) -> int:
    if any(run.problems for run in runs):
        return EXIT_UNLOADABLE
    return EXIT_FINDINGS if _counts(runs)[1] else EXIT_OK


def results_json(runs: Sequence[FileRun], code: int) -> dict[str, object]:
    """``test --format json``: every file, every case, and the counts."""
    passed, failed = _counts(runs)
    return {
        "version": 1,
        "files": [
            {
                "path": os.fspath(run.path),
                "loaded": not run.problems,
                "cases": [_case_json(r) for r in run.results],
                "problems": [p.to_json() for p in run.problems],
            }
            for run in runs
        ],
        "passed": passed,
        "failed": failed,
        "exit_code": code,
    }


def _case_json(result: CaseResult) -> dict[str, object]:
    case = result.case
    return {
        "kind": case.kind,
        "name": case.name,
        "line": case.line,
        "passed": result.passed,
        "failures": list(result.failures),
    }


def junit(runs: Sequence[FileRun]) -> str:
    """The results as JUnit XML (the form of Ant's JUnit task, which CI services read)."""
    passed, failed = _counts(runs)
    errors = sum(bool(run.problems) for run in runs)
    root = ET.Element(
        "testsuites",
        name="foreningsregler",
        tests=str(passed + failed + errors),
        failures=str(failed),
        errors=str(errors),
    )
    for run in runs:
        root.append(_suite(run))
    ET.indent(root)
    document = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return xml_text('<?xml version="1.0" encoding="UTF-8"?>\n' + document)


def _suite(run: FileRun) -> ET.Element:
    name = os.fspath(run.path)
    failures = sum(not r.passed for r in run.results)
    suite = ET.Element(
        "testsuite",
        name=name,
        file=name,
        tests=str(len(run.results) + int(bool(run.problems))),
        failures=str(failures),
        errors=str(int(bool(run.problems))),
    )
    for result in run.results:
        case = result.case
        element = ET.SubElement(
            suite,
            "testcase",
            classname=run.path.name.removesuffix(".yaml").replace(".", "_"),
            name=f"{case.kind}[{case.line}] {case.name}",
            file=name,
            line=str(case.line),
        )
        if not result.passed:
            failure = ET.SubElement(element, "failure", message=result.failures[0])
            failure.text = "\n".join(result.failures)
    if run.problems:
        element = ET.SubElement(suite, "testcase", classname="load", name=name, file=name)
        error = ET.SubElement(
            element, "error", message=_("the test file or its statute cannot be loaded")
        )
        error.text = "\n".join(str(p) for p in run.problems)
    return suite
