"""Statute tests: ``NAME.test.yaml`` files of questions and expected answers.

Advisers write them beside a statute as its executable commentary. A check
case names a body, a power and the facts of an act, says whether it is
allowed and lists every chain that grants it, so a new, unintended path
fails the case. ``foreningsregler test`` and the pytest plugin run the same
cases through :func:`load_suite`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, cast

import attrs

from . import _yaml
from .authority import Answer, Authority, StaticState, UnknownName
from .loading import load, read_text
from .problems import StatuteError
from .validation import TEST_SCHEMA_FILE, validate

SUFFIX = ".test.yaml"


@attrs.frozen
class Case:
    """One question of a test file, with where it is written."""

    kind: str
    name: str
    line: int
    spec: Mapping[str, Any] = attrs.field(repr=False)

    def run(self, suite: Suite) -> list[str]:
        """The ways the statute departs from the expected answer; [] if none."""
        try:
            return _RUNNERS[self.kind](suite, self.spec)
        except UnknownName as error:
            return [str(error)]


@attrs.frozen
class Suite:
    """A test file with its statute compiled, ready to run its cases."""

    path: Path
    authority: Authority
    states: Mapping[str, StaticState]
    cases: tuple[Case, ...]


@attrs.frozen
class CaseResult:
    case: Case
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def statute_test_file(path: Path) -> Path:
    """The test file of a statute (``NAME.yaml`` -> ``NAME.test.yaml``), or itself."""
    if path.name.endswith(SUFFIX):
        return path
    return path.with_name(path.name.removesuffix(".yaml") + SUFFIX)


def find_test_files(paths: list[Path]) -> list[Path]:
    """Test files named by statute files, test files or directories."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.rglob(f"*{SUFFIX}")))
        else:
            found.append(statute_test_file(path))
    return found


def load_suite(path: Path) -> Suite:
    """Read a test file and compile its statute; StatuteError for either's problems."""
    name = str(path)
    parsed = _parse(path)
    data = cast(dict[str, Any], parsed.data)
    statute_path = path.parent / data.get("statute", path.name.removesuffix(SUFFIX) + ".yaml")
    states = {key: _state(value) for key, value in data.get("states", {}).items()}
    cases = tuple(_cases(data, parsed, name))
    return Suite(path, Authority(load(statute_path)), states, cases)


def run_suite(suite: Suite) -> list[CaseResult]:
    return [CaseResult(case, tuple(case.run(suite))) for case in suite.cases]


def _parse(path: Path) -> _yaml.Parsed:
    name = str(path)
    parsed, problems = _yaml.parse(read_text(path), name)
    if parsed is None:
        raise StatuteError(problems)
    problems = validate(parsed, name, TEST_SCHEMA_FILE)
    if problems:
        raise StatuteError(problems)
    return parsed


def _state(spec: Mapping[str, Any]) -> StaticState:
    return StaticState(
        adopted=frozenset(spec.get("adopted", ())),
        running=frozenset(spec.get("running", ())),
        participants={k: frozenset(v) for k, v in spec.get("participants", {}).items()},
    )


def _cases(data: Mapping[str, Any], parsed: _yaml.Parsed, name: str) -> Iterator[Case]:
    for kind in ("checks", "list_bodies", "list_powers"):
        for index, spec in enumerate(data.get(kind, [])):
            place = parsed.value_at((kind, index))
            yield Case(
                kind, spec.get("name") or _title(kind, spec), place.line if place else 0, spec
            )


def _title(kind: str, spec: Mapping[str, Any]) -> str:
    if kind == "checks":
        facts = ", ".join(
            f"{k}={spec[k]}" for k in ("phase", "municipality", "on", "area", "state") if k in spec
        )
        return f"{spec['body']} {spec['power']}" + (f" ({facts})" if facts else "")
    if kind == "list_bodies":
        return f"bodies that may exercise {spec['power']}"
    return f"powers of {spec['body']}"


# --- Running the cases ---------------------------------------------------------


def _run_check(suite: Suite, spec: Mapping[str, Any]) -> list[str]:
    state_name = spec.get("state")
    if state_name is not None and state_name not in suite.states:
        return [f"unknown state '{state_name}' (the file defines: {', '.join(suite.states)})"]
    on = spec.get("on")
    answer = suite.authority.check(
        spec["body"],
        spec["power"],
        phase=spec.get("phase"),
        municipality=spec.get("municipality"),
        on=dt.date.fromisoformat(on) if on else None,
        state=suite.states.get(state_name) if state_name else None,
        area=spec.get("area"),
    )
    return _compare_answer(answer, spec)


def _compare_answer(answer: Answer, spec: Mapping[str, Any]) -> list[str]:
    failures = []
    if answer.allowed is not spec["allowed"]:
        got = "allowed" if answer.allowed else "refused: " + "; ".join(map(str, answer.denials))
        failures.append(f"expected {'allowed' if spec['allowed'] else 'refused'}, got {got}")
    if "chains" in spec:
        failures += _compare_sets(
            "chain",
            _chain_set(spec["chains"]),
            {tuple(s.notation for s in c.steps) for c in answer.chains},
        )
    if "conditions" in spec:
        failures += _compare_sets(
            "condition", set(spec["conditions"]), {c.scope.value for c in answer.conditions}
        )
    if "denials" in spec:
        failures += _compare_sets(
            "denial", set(spec["denials"]), {d.reason.value for d in answer.denials}
        )
    return failures


def _chain_set(chains: list[list[str]]) -> set[tuple[str, ...]]:
    return {tuple(chain) for chain in chains}


def _compare_sets(what: str, expected: set[Any], got: set[Any]) -> list[str]:
    """``what`` is the singular noun: chain, body, power, condition, denial."""
    unexpected = [f"unexpected {what}: {_show(item)}" for item in sorted(got - expected, key=str)]
    missing = [f"missing {what}: {_show(item)}" for item in sorted(expected - got, key=str)]
    return unexpected + missing


def _show(item: object) -> str:
    return " -> ".join(item) if isinstance(item, tuple) else str(item)


def _run_list_bodies(suite: Suite, spec: Mapping[str, Any]) -> list[str]:
    got = set(suite.authority.list_bodies(spec["power"]))
    return _compare_sets("body", set(spec["bodies"]), got)


def _run_list_powers(suite: Suite, spec: Mapping[str, Any]) -> list[str]:
    got = set(suite.authority.list_powers(spec["body"]))
    return _compare_sets("power", set(spec["powers"]), got)


_RUNNERS = {
    "checks": _run_check,
    "list_bodies": _run_list_bodies,
    "list_powers": _run_list_powers,
}
