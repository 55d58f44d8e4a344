"""What ``check`` does with each file: tell its kind by its content, then check it.

A statute is loaded and linted; a statute test is read and validated with its
statute (``test`` runs it); an events file is read, and with ``--statute`` its
events are judged in the order the files are named, as ``record`` would record
them into a new protocol; a scenario is read and checked against its statute
(``simulate`` runs it). The kind comes from the keys a file holds, never from
its name, so ``check vedtaegter/*.yaml`` and a pre-commit hook may name them all.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..checks import check as lint
from ..errors import ForeningsreglerError
from ..i18n import N_, _
from ..statute import _yaml
from ..statute.loading import load, read_document, read_text
from ..statute.model import Statute
from ..statute.problems import Finding, Severity, StatuteError
from ..statute.validation import EVENTS_SCHEMA_FILE

if TYPE_CHECKING:  # the protocol, the simulation and the tests only for the files that need them
    from ..protocol.association import Association, BatchRefusal
    from ..protocol.ledger import Event
    from ..versions.history import History

STATUTE, STATUTE_TEST, EVENTS, SCENARIO = "statute", "statute-test", "events", "scenario"
HISTORY = "history"
KINDS = (STATUTE, STATUTE_TEST, EVENTS, SCENARIO, HISTORY)
#: Top-level keys only a statute test has, and only a scenario has.
_TEST_KEYS = frozenset({"checks", "list_bodies", "list_powers", "scenarios", "states"})
_SCENARIO_KEYS = frozenset({"municipalities", "founding", "years", "running_costs", "fee"})
_EVENT_KEYS = frozenset({"kind", "date", "actor"})
#: Top-level keys only a statute has (its schema's, but ``format`` and ``statute``).
_STATUTE_KEYS = frozenset(
    {
        "provisions",
        "sources",
        "membership",
        "roles",
        "areas",
        "bodies",
        "powers",
        "delegations",
        "voting_rules",
        "money_rules",
        "lifecycles",
        "financial_year",
        "clauses",
        "signing",
    }
)


@attrs.frozen
class Problem:
    """A finding of any file ``check`` reads, in the one shape every format writes:
    a code of the library (``E301``) or, for a refused event, the rule (``no-transition``)."""

    code: str
    severity: str
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    provision: str | None = None

    @classmethod
    def of(cls, finding: Finding, file: str) -> Problem:
        return cls(
            finding.code,
            finding.severity.value,
            finding.message,
            finding.file or file,
            finding.line,
            finding.column,
            finding.provision,
        )

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}:{self.column or 1}"
        cited = f" [{self.provision}]" if self.provision else ""
        return f"{place}: {self.code} {self.message}{cited}"

    def to_json(self) -> dict[str, object]:
        return attrs.asdict(self)


@attrs.frozen
class Checked:
    """One file: its kind, whether it could be read as that kind, and its problems.
    ``unloadable`` problems kept it from being read (exit 2); ``findings`` are
    about what it says (errors among them exit 1)."""

    path: Path
    kind: str
    summary: str
    findings: tuple[Problem, ...] = ()
    unloadable: tuple[Problem, ...] = ()
    statute: Statute | None = None
    lint: tuple[Finding, ...] = ()

    @property
    def loaded(self) -> bool:
        return not self.unloadable

    def to_json(self) -> dict[str, object]:
        return {
            "path": os.fspath(self.path),
            "kind": self.kind,
            "loaded": self.loaded,
            "summary": self.summary,
        }


def kind_of(path: Path) -> str:
    """The kind of file ``path`` holds, by its top-level keys. A file whose keys
    do not tell (only ``format``, or not YAML at all) is taken by its name
    (``*.test.yaml`` a statute test, else a statute), so its problems are said
    by the reader of that kind."""
    keys = _top_level_keys(path) or frozenset()
    if "events" in keys or (keys >= _EVENT_KEYS and "format" not in keys):
        return EVENTS
    if keys & _STATUTE_KEYS:
        return STATUTE
    if "versions" in keys:
        return HISTORY
    if keys & _SCENARIO_KEYS:
        return SCENARIO
    if keys & _TEST_KEYS:
        return STATUTE_TEST
    from ..testing.statute_tests import SUFFIX

    return STATUTE_TEST if path.name.endswith(SUFFIX) else STATUTE


#: A key at the start of a line: a key of the top-level mapping (a block
#: scalar's lines and nested keys are indented).
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]|$)", re.MULTILINE)


def _top_level_keys(path: Path) -> frozenset[str] | None:
    """The top-level keys, read from the lines that start with one (fast: a
    statute test of 100 kB is not parsed twice); a document in flow style
    (``{kind: ..., date: ...}``) is parsed."""
    try:
        text = read_text(path)
    except StatuteError:
        return None
    keys = frozenset(_TOP_KEY.findall(text))
    if keys:
        return keys
    parsed, problems = _yaml.parse(text, os.fspath(path))
    if parsed is None or problems or not isinstance(parsed.data, dict):
        return None
    return frozenset(str(key) for key in parsed.data)


def check_files(paths: Sequence[Path], statute: Statute | History | None) -> list[Checked]:
    """Every file checked as its kind; the events files judged in the order named,
    one after the other, against ``statute`` (if given)."""
    judge = _judge(statute)
    return [_check(path, kind_of(path), judge) for path in paths]


def load_governing(path: Path, fmt: str) -> Statute | History:
    """The statute at ``path``, or the statute's history if the file is one
    (``versions``): what ``record``, ``status`` and ``check --statute`` judge by;
    a file that does not load prints its problems and exits 2."""
    from .common import load_statute

    if kind_of(path) != HISTORY:
        return load_statute(path, fmt)
    from ..versions.history import load_history
    from .common import EXIT_UNLOADABLE, emit

    try:
        return load_history(path)
    except StatuteError as error:
        emit([], list(error.problems), fmt)
        sys.exit(EXIT_UNLOADABLE)


def _judge(statute: Statute | History | None) -> Association | None:
    """The protocol the events files are recorded into, imported only if asked for."""
    if statute is None:
        return None
    from ..protocol.association import Association
    from ..protocol.ledger import MemoryLedger

    return Association(statute, MemoryLedger(), planning=True)


def _check(path: Path, kind: str, judge: Association | None) -> Checked:
    name = os.fspath(path)
    try:
        if kind == STATUTE:
            return _statute(path)
        if kind == STATUTE_TEST:
            from ..testing.statute_tests import load_suite

            suite = load_suite(path)
            return Checked(path, kind, _(TEST_READ, cases=len(suite.cases)))
        if kind == HISTORY:
            from ..versions.history import load_history

            history = load_history(path)
            return Checked(path, kind, _(HISTORY_READ, count=len(history.versions)))
        if kind == SCENARIO:
            from ..economy.simulation import load_scenario

            scenario = load_scenario(path)
            read = SCENARIO_READ if scenario.flows is None else FLOWS_READ
            return Checked(path, kind, _(read, statute=scenario.statute.name))
        return _events(path, judge)
    except StatuteError as error:  # a problem said twice (by two schema branches) once
        problems = tuple(dict.fromkeys(Problem.of(f, name) for f in error.problems))
        return Checked(path, kind, _(NOT_READ, count=len(problems)), unloadable=problems)
    except ForeningsreglerError as error:  # e.g. a test's state naming an unknown body
        problem = Problem("E204", Severity.ERROR.value, str(error), name)
        return Checked(path, kind, _(NOT_READ, count=1), unloadable=(problem,))


def _statute(path: Path) -> Checked:
    statute = load(path)
    found = tuple(lint(statute))
    problems = tuple(Problem.of(f, os.fspath(path)) for f in found)
    errors = sum(f.severity is Severity.ERROR for f in found)
    summary = _(STATUTE_READ, errors=errors, findings=len(found))
    return Checked(path, STATUTE, summary, problems, statute=statute, lint=found)


def _events(path: Path, judge: Association | None) -> Checked:
    from ..protocol.association import BatchRefusal
    from ..protocol.event_files import read_events

    events = read_events(path)
    if judge is None:
        return Checked(path, EVENTS, _(EVENTS_READ, count=len(events)))
    try:
        judge.record_all(events)
    except BatchRefusal as refusal:
        problem = _refused(path, refusal, events[refusal.number - 1])
        summary = _(EVENTS_REFUSED, number=refusal.number, count=len(events))
        return Checked(path, EVENTS, summary, (problem,))
    except ForeningsreglerError as error:  # e.g. an event the protocol cannot hold
        problem = Problem("E204", Severity.ERROR.value, str(error), os.fspath(path))
        return Checked(path, EVENTS, _(NOT_READ, count=1), unloadable=(problem,))
    return Checked(path, EVENTS, _(EVENTS_LAWFUL, count=len(events)))


def _refused(path: Path, refusal: BatchRefusal, event: Event) -> Problem:
    """The refused event as a problem at its place in the file."""
    line = column = None
    parsed = read_document(path, EVENTS_SCHEMA_FILE)
    where: tuple[str | int, ...] = ()
    if isinstance(parsed.data, dict) and "events" in parsed.data:
        where = ("events", refusal.number - 1)
    place = parsed.value_at(where)
    if place is not None:
        line, column = place.line, place.column
    message = _(
        "event {number} ({kind} on {day} by {actor}) is refused: {message}",
        number=refusal.number,
        kind=event.kind,
        day=event.date,
        actor=event.actor,
        message=refusal.message,
    )
    provision = str(refusal.provision) if refusal.provision else None
    return Problem(refusal.rule, "error", message, os.fspath(path), line, column, provision)


def files_named(paths: Iterable[Path]) -> list[Path]:
    """The files named, a directory giving its ``*.yaml`` (each once, in order)."""
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return list(dict.fromkeys(found))


def exit_code(checked: Sequence[Checked]) -> int:
    """2 when a file could not be read, 1 for an error found in one, else 0."""
    if any(c.unloadable for c in checked):
        return 2
    return 1 if any(p.severity == "error" for c in checked for p in c.findings) else 0


def all_problems(checked: Sequence[Checked]) -> list[Problem]:
    return [p for c in checked for p in (*c.unloadable, *c.findings)]


def kinds_json(checked: Sequence[Checked]) -> dict[str, Any]:
    """``check --format json``: one document, whatever the exit code."""
    problems = all_problems(checked)
    counts = {s.value: sum(p.severity == s.value for p in problems) for s in Severity}
    return {
        "version": 1,
        "files": [c.to_json() for c in checked],
        "findings": [p.to_json() for p in problems],
        "counts": counts,
        "exit_code": exit_code(checked),
    }


STATUTE_READ = N_("statute: {errors} errors among {findings} findings")
TEST_READ = N_("statute test: {cases} cases, valid with its statute (run them with 'test')")
SCENARIO_READ = N_("scenario of {statute}: valid (run it with 'simulate')")
FLOWS_READ = N_(
    "scenario of {statute} with decision flows: valid (run it with 'simulate' or 'flows')"
)
HISTORY_READ = N_(
    "statute history: {count} versions, each loaded and every amendment valid under the "
    "version in force when it was adopted"
)
EVENTS_READ = N_(
    "events file: {count} events, valid in form (--statute judges them against a statute)"
)
EVENTS_LAWFUL = N_("events file: {count} events, each allowed after those before it")
EVENTS_REFUSED = N_("events file: event {number} of {count} is refused")
NOT_READ = N_("{count} problem(s): the file cannot be read")
