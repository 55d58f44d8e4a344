"""Statute tests: ``NAME.test.yaml`` files of questions and expected answers.

Advisers write them beside a statute as its executable commentary. A check
case names a body, a power and the facts of an act, says whether it is
allowed and lists every chain that grants it, so a new, unintended path
fails the case. ``foreningsregler test`` and the pytest plugin run the same
cases through :func:`load_suite`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, cast

import attrs

from ..authority.answers import SetUp
from ..authority.index import Answer, Authority, Condition, StaticState, UnknownName, Withheld
from ..errors import ForeningsreglerError
from ..i18n import N_, _, language, shown_day, use_language
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
        return _("bodies that may exercise {power}", power=spec["power"])
    if kind == "scenarios":
        return str(spec["name"])
    return _("powers of {body}", body=spec["body"])


# --- Running the cases ---------------------------------------------------------


def _run_check(suite: Suite, spec: Mapping[str, Any]) -> list[str]:
    state_name = spec.get("state")
    if state_name is not None and state_name not in suite.states:
        defined = ", ".join(suite.states)
        return [
            _(
                "unknown state '{state}' (the file defines: {states})",
                state=state_name,
                states=defined,
            )
        ]
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
        return [_("expected an unknown {kind}, got an answer", kind=spec["unknown"])]
    return _compare_answer(answer, spec)


def _compare_answer(answer: Answer, spec: Mapping[str, Any]) -> list[str]:
    failures = []
    if answer.allowed is not spec["allowed"]:
        if answer.allowed:
            failures.append(_("expected refused, got allowed"))
        else:
            denials = "; ".join(map(str, answer.denials))
            failures.append(_("expected allowed, got refused: {denials}", denials=denials))
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


#: What a case compares as a set, and how a failure says an item is one too
#: many or one too few: a message id for each, with the fields of ``_compare_sets``.
_SETS = {
    "chain": (N_("unexpected chain: {item}"), N_("missing chain: {item}")),
    "condition": (N_("unexpected condition: {item}"), N_("missing condition: {item}")),
    "denial": (N_("unexpected denial: {item}"), N_("missing denial: {item}")),
    "body": (N_("unexpected body: {item}"), N_("missing body: {item}")),
    "power": (N_("unexpected power: {item}"), N_("missing power: {item}")),
    "member": (N_("unexpected member: {item}"), N_("missing member: {item}")),
    "participant": (
        N_("unexpected participant of {phase}: {item}"),
        N_("missing participant of {phase}: {item}"),
    ),
    "seat": (N_("unexpected seat in {body}: {item}"), N_("missing seat in {body}: {item}")),
}


def _compare_sets(what: str, expected: set[Any], got: set[Any], **fields: str) -> list[str]:
    """``what`` is a key of ``_SETS``: chain, condition, denial, body, power,
    member, participant (of ``phase``), seat (in ``body``)."""
    too_many, too_few = _SETS[what]
    unexpected = [
        _(too_many, item=_show(item), **fields) for item in sorted(got - expected, key=str)
    ]
    missing = [_(too_few, item=_show(item), **fields) for item in sorted(expected - got, key=str)]
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
        try:
            failures = (
                _record_step(association, step)
                if "record" in step
                else _state_step(association, step["state"])
            )
        except ForeningsreglerError as error:  # e.g. an event the protocol cannot hold
            failures = [str(error)]
        if failures:
            return [_step(number, step, failure) for failure in failures]
    return []


def _step(number: int, step: Mapping[str, Any], failure: str) -> str:
    """A failure of a scenario's step, told by the step's number and name."""
    if "name" in step:
        return _(
            "step {number} ({name}): {failure}", number=number, name=step["name"], failure=failure
        )
    return _("step {number}: {failure}", number=number, failure=failure)


def _record_step(association: Association, step: Mapping[str, Any]) -> list[str]:
    item = step["record"]
    event = Event(
        item["kind"], dt.date.fromisoformat(item["date"]), item["actor"], item.get("data") or {}
    )
    expected = step.get("refused")
    names = {"kind": event.kind, "actor": event.actor}
    try:
        association.record(event)
    except RuleViolation as refusal:
        if expected is None:
            return [
                _(
                    "{kind} by {actor} was refused: {refusal} (rule {rule})",
                    refusal=refusal,
                    rule=refusal.rule,
                    **names,
                )
            ]
        return _compare_refusal(refusal, expected, lambda: association.check(event))
    if expected is not None:
        return [
            _(
                "{kind} by {actor} was recorded; expected refusal {rule}",
                rule=expected["rule"],
                **names,
            )
        ]
    return []


def _compare_refusal(
    refusal: RuleViolation, expected: Mapping[str, Any], judge_again: Callable[[], None]
) -> list[str]:
    failures = []
    if refusal.rule != expected["rule"]:
        failures.append(
            _(
                "refused by rule {rule}, expected {expected}: {refusal}",
                rule=refusal.rule,
                expected=expected["rule"],
                refusal=refusal,
            )
        )
    cited = str(refusal.provision) if refusal.provision else None
    if "provision" in expected and cited != expected["provision"]:
        failures.append(
            _(
                "refusal cites {cited}, expected {expected}",
                cited=cited,
                expected=expected["provision"],
            )
        )
    wanted = expected.get("message")
    if wanted is not None and not _says(refusal, wanted, judge_again):
        failures.append(
            _(
                "refusal says '{message}', expected '{expected}'",
                message=refusal.message,
                expected=wanted,
            )
        )
    return failures


def _says(refusal: RuleViolation, wanted: str, judge_again: Callable[[], None]) -> bool:
    """Whether the refusal says ``wanted``, in the reader's language or in English:
    a test file quotes a refusal in the language it was written in, and its
    writer need not know which one a reader will run it in. The event is
    judged again in English, which records nothing (``Association.check``)."""
    if wanted in refusal.message:
        return True
    if language() == "en":
        return False
    try:
        with use_language("en"):
            judge_again()
    except RuleViolation as english:
        return wanted in english.message
    return False


def _state_step(association: Association, expected: Mapping[str, Any]) -> list[str]:
    state = association.at(dt.date.fromisoformat(expected["on"]))
    failures = []
    if "association" in expected and state.association != expected["association"]:
        failures.append(
            _(
                "association is {actual}, expected {expected}",
                actual=state.association,
                expected=expected["association"],
            )
        )
    if "members" in expected:
        failures += _compare_sets("member", set(expected["members"]), set(state.members))
    for key, message, actual in (
        (
            "membership",
            N_("membership of {name} is {actual}, expected {expected}"),
            state.membership,
        ),
        (
            "decisions",
            N_("decisions of {name} is {actual}, expected {expected}"),
            {k: d.state for k, d in state.decisions.items()},
        ),
        (
            "phases",
            N_("phases of {name} is {actual}, expected {expected}"),
            {k: p.state for k, p in state.phases.items()},
        ),
        (
            "categories",
            N_("categories of {name} is {actual}, expected {expected}"),
            {k: c.category for k, c in state.categories.items()},
        ),
    ):
        for name, wanted in expected.get(key, {}).items():
            if actual.get(name) != wanted:
                failures.append(_(message, name=name, actual=actual.get(name), expected=wanted))
    failures += _terms(association, state, expected)
    for phase, wanted in expected.get("participants", {}).items():
        failures += _compare_sets(
            "participant", set(wanted), set(state.participants(phase)), phase=phase
        )
    for body, wanted in expected.get("seats", {}).items():
        seated = {seat.person for seat in state.seats.get(body, ())}
        failures += _compare_sets("seat", set(wanted), seated, body=body)
    on = shown_day(dt.date.fromisoformat(expected["on"]))
    return [_("on {day}: {failure}", day=on, failure=failure) for failure in failures]


def _terms(association: Association, state: State, expected: Mapping[str, Any]) -> list[str]:
    """Membership classes, the common core and fees decided (``memberx``)."""
    failures = []
    for member, wanted in expected.get("classes", {}).items():
        placed = state.term("class", member)
        actual = placed.value if placed is not None else None
        if actual != wanted:
            failures.append(
                _(
                    "class of {member} is {actual}, expected {expected}",
                    member=member,
                    actual=actual,
                    expected=wanted,
                )
            )
    for name in expected.get("core", []):
        core = association.statute.membership.core if association.statute.membership else None
        listed = core is not None and name in (*core.phases, *core.areas)
        if not listed and state.term("core", name) is None:
            failures.append(_("{name} is not in the common core", name=name))
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
                _(
                    "fee {rule} for {year} is {amount} decided, expected {expected}",
                    rule=fee["rule"],
                    year=fee["year"],
                    amount=amount,
                    expected=fee["amount"],
                )
            )
    return failures


_RUNNERS = {
    "checks": _run_check,
    "list_bodies": _run_list_bodies,
    "list_powers": _run_list_powers,
    "scenarios": _run_scenario,
}
