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

from ..authority.answers import SetUp
from ..authority.index import Answer, Authority, Condition, StaticState, UnknownName, Withheld
from ..errors import ForeningsreglerError
from ..protocol.association import Association, RuleViolation
from ..protocol.ledger import Event
from ..protocol.state import State
from ..statute import _yaml
from ..statute.loading import load, read_document
from ..statute.validation import TEST_SCHEMA_FILE

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
        except ForeningsreglerError as error:  # e.g. an unknown name: the case fails
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
    parsed = read_document(path, TEST_SCHEMA_FILE)
    data = cast(dict[str, Any], parsed.data)
    statute_path = path.parent / data.get("statute", path.name.removesuffix(SUFFIX) + ".yaml")
    states = {key: _state(value) for key, value in data.get("states", {}).items()}
    cases = tuple(_cases(data, parsed, name))
    return Suite(path, Authority(load(statute_path)), states, cases)


def run_suite(suite: Suite) -> list[CaseResult]:
    return [CaseResult(case, tuple(case.run(suite))) for case in suite.cases]


def _state(spec: Mapping[str, Any]) -> StaticState:
    return StaticState(
        adopted=frozenset(spec.get("adopted", ())),
        running=frozenset(spec.get("running", ())),
        participants={k: frozenset(v) for k, v in spec.get("participants", {}).items()},
        proposed=frozenset(spec.get("proposed", ())),
        withheld_delegations={
            (delegation, body): Withheld("withheld", None, None)
            for delegation, bodies in spec.get("withheld", {}).items()
            for body in bodies
        },
        seats={
            (body, person): municipality
            for body, people in spec.get("seats", {}).items()
            for person, municipality in people.items()
        },
        # Bodies set up by decision that exist in this state (since when does not matter).
        set_up_bodies={body: SetUp(body, dt.date.min) for body in spec.get("set_up", ())},
    )


def _cases(data: Mapping[str, Any], parsed: _yaml.Parsed, name: str) -> Iterator[Case]:
    for kind in ("checks", "list_bodies", "list_powers", "scenarios"):
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
    if kind == "scenarios":
        return str(spec["name"])
    return f"powers of {spec['body']}"


# --- Running the cases ---------------------------------------------------------


def _run_check(suite: Suite, spec: Mapping[str, Any]) -> list[str]:
    state_name = spec.get("state")
    if state_name is not None and state_name not in suite.states:
        return [f"unknown state '{state_name}' (the file defines: {', '.join(suite.states)})"]
    on = spec.get("on")
    try:
        answer = suite.authority.check(
            spec["body"],
            spec["power"],
            phase=spec.get("phase"),
            municipality=spec.get("municipality"),
            on=dt.date.fromisoformat(on) if on else None,
            state=suite.states.get(state_name) if state_name else None,
            area=spec.get("area"),
            person=spec.get("person"),
        )
    except UnknownName as error:
        if spec.get("unknown") == error.kind:
            return []
        raise
    if "unknown" in spec:
        return [f"expected an unknown {spec['unknown']}, got an answer"]
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
            "condition", set(spec["conditions"]), {_condition(c) for c in answer.conditions}
        )
    if "denials" in spec:
        failures += _compare_sets(
            "denial", set(spec["denials"]), {d.reason.value for d in answer.denials}
        )
    return failures


def _condition(condition: Condition) -> str:
    """A condition as test files write it: its scope, ``delegation:<id>``, or
    ``set_up_by:<body>`` for a body that exists only once set up, or
    ``max_amount_kr:<kroner>`` for a delegation's amount limit per act."""
    if condition.scope is not None:
        return condition.scope.value
    if condition.set_up_by is not None:
        return f"set_up_by:{condition.set_up_by}"
    if condition.max_amount_kr is not None:
        return f"max_amount_kr:{condition.max_amount_kr}"
    return f"delegation:{condition.delegation}"


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


def _run_scenario(suite: Suite, spec: Mapping[str, Any]) -> list[str]:
    """Record the steps' events in order; stop at the first step that fails."""
    association = Association(suite.authority.statute, planning=True)
    for number, step in enumerate(spec["steps"], start=1):
        label = f"step {number}" + (f" ({step['name']})" if "name" in step else "")
        try:
            failures = (
                _record_step(association, step)
                if "record" in step
                else _state_step(association, step["state"])
            )
        except ForeningsreglerError as error:  # e.g. an event the protocol cannot hold
            failures = [str(error)]
        if failures:
            return [f"{label}: {failure}" for failure in failures]
    return []


def _record_step(association: Association, step: Mapping[str, Any]) -> list[str]:
    item = step["record"]
    event = Event(
        item["kind"], dt.date.fromisoformat(item["date"]), item["actor"], item.get("data") or {}
    )
    expected = step.get("refused")
    try:
        association.record(event)
    except RuleViolation as refusal:
        if expected is None:
            return [f"{event.kind} by {event.actor} was refused: {refusal} (rule {refusal.rule})"]
        return _compare_refusal(refusal, expected)
    if expected is not None:
        return [f"{event.kind} by {event.actor} was recorded; expected refusal {expected['rule']}"]
    return []


def _compare_refusal(refusal: RuleViolation, expected: Mapping[str, Any]) -> list[str]:
    failures = []
    if refusal.rule != expected["rule"]:
        failures.append(f"refused by rule {refusal.rule}, expected {expected['rule']}: {refusal}")
    cited = str(refusal.provision) if refusal.provision else None
    if "provision" in expected and cited != expected["provision"]:
        failures.append(f"refusal cites {cited}, expected {expected['provision']}")
    if "message" in expected and expected["message"] not in refusal.message:
        failures.append(f"refusal says '{refusal.message}', expected '{expected['message']}'")
    return failures


def _state_step(association: Association, expected: Mapping[str, Any]) -> list[str]:
    state = association.at(dt.date.fromisoformat(expected["on"]))
    failures = []
    if "association" in expected and state.association != expected["association"]:
        failures.append(f"association is {state.association}, expected {expected['association']}")
    if "members" in expected:
        failures += _compare_sets("member", set(expected["members"]), set(state.members))
    for key, actual in (
        ("membership", state.membership),
        ("decisions", {k: d.state for k, d in state.decisions.items()}),
        ("phases", {k: p.state for k, p in state.phases.items()}),
        ("categories", {k: c.category for k, c in state.categories.items()}),
    ):
        for name, wanted in expected.get(key, {}).items():
            if actual.get(name) != wanted:
                failures.append(f"{key} of {name} is {actual.get(name)}, expected {wanted}")
    failures += _terms(association, state, expected)
    for phase, wanted in expected.get("participants", {}).items():
        failures += _compare_sets(
            f"participant of {phase}", set(wanted), set(state.participants(phase))
        )
    for body, wanted in expected.get("seats", {}).items():
        seated = {seat.person for seat in state.seats.get(body, ())}
        failures += _compare_sets(f"seat in {body}", set(wanted), seated)
    return [f"on {expected['on']}: {failure}" for failure in failures]


def _terms(association: Association, state: State, expected: Mapping[str, Any]) -> list[str]:
    """Membership classes, the common core and fees decided (``memberx``)."""
    failures = []
    for member, wanted in expected.get("classes", {}).items():
        placed = state.term("class", member)
        actual = placed.value if placed is not None else None
        if actual != wanted:
            failures.append(f"class of {member} is {actual}, expected {wanted}")
    for name in expected.get("core", []):
        core = association.statute.membership.core if association.statute.membership else None
        listed = core is not None and name in (*core.phases, *core.areas)
        if not listed and state.term("core", name) is None:
            failures.append(f"{name} is not in the common core")
    for fee in expected.get("fees", []):
        found = [
            t
            for t in state.terms
            if (t.kind, t.subject, t.year, t.value)
            == ("fee", fee["rule"], fee["year"], fee.get("class"))
        ]
        amount = found[-1].amount if found else None
        if amount != fee["amount"]:
            failures.append(
                f"fee {fee['rule']} for {fee['year']} is {amount} decided, expected {fee['amount']}"
            )
    return failures


_RUNNERS = {
    "checks": _run_check,
    "list_bodies": _run_list_bodies,
    "list_powers": _run_list_powers,
    "scenarios": _run_scenario,
}
