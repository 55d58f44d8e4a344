"""The compiled answer of one body and one power, and its quick evaluation.

An ``Entry`` is made once for every (body, power) that some chain joins: the
statute's own answer (conditions listed, not evaluated), the same answer
evaluated on a state where every listed chain grants the act, and every
condition of those chains once, as a plain test. ``Authority.check`` runs the
tests against a question's facts and state; where all pass it returns the
answer made beforehand, allocating nothing; where one fails, ``Query`` works
out which chains still grant the act and why the others do not.

The tests of an entry are joined into one function, one boolean expression
(``passes``), since a loop that dispatches on each test's kind costs more
than the state's own answers. Its source is made only of the fixed fragments
of ``_TERMS`` and numbered names; the statute's names (an area, a body, a
delegation) are values in the function's namespace, never part of its text.
Each shape of tests is compiled once. ``passes_own`` holds only the tests of
the question's area, municipality and person: a replay's quick way, whose
day key fixes the phase and the state, asks those alone (``protocol.quick``).
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Iterable
from typing import cast

import attrs

from ..statute.model import Body, Scope
from .answers import Answer, AuthorityState, Chain, Condition, Procedure, Requirement, SetUp
from .query import set_up_condition

#: The kinds of test, checked in this order: the question's facts, then the state.
(
    AREA,
    MUNICIPALITY,
    PHASE,
    PARTICIPANTS,
    PHASE_KNOWN,
    SET_UP,
    GRANT,
    ADOPTED,
    RUNNING,
    PARTICIPATING,
) = range(10)
#: The first kind that reads the state: without one, it and those after it hold.
_FIRST_OF_STATE = PHASE_KNOWN

#: The kinds of test that read the question's area, municipality or person;
#: the others read its phase, the state and the statute alone.
OWN_FACTS = frozenset({AREA, MUNICIPALITY, PARTICIPANTS, PARTICIPATING})

#: A test: its kind and the name it reads (an area, a body, a delegation) and the body acting.
Test = tuple[int, str | None, str | None]

#: Whether a question passes every test: (phase, municipality, area, person, state).
Passes = Callable[[str | None, str | None, str | None, str | None, "AuthorityState | None"], bool]

#: Each kind of test as a term of ``passes``; ``{i}`` numbers the test's own names.
_TERMS = {
    AREA: "area == name{i}",
    MUNICIPALITY: "municipality is not None and person is not None",
    PHASE: "phase is not None",
    PARTICIPANTS: "municipality is not None",
    PHASE_KNOWN: "state.phase_known(phase)",
    SET_UP: "exists(state.set_up(name{i}))",
    GRANT: "state.withheld(name{i}, actor{i}) is None",
    ADOPTED: "state.phase_adopted(phase)",
    RUNNING: "state.phase_running(phase)",
    PARTICIPATING: "state.participates(municipality, phase)",
}
#: The person's seat is for the question's municipality.
_SEAT = "state.seat_municipality(name{i}, person) == municipality"

PHASE_SCOPES = frozenset(
    {Scope.ADOPTED_PHASES, Scope.RUNNING_PHASES, Scope.PARTICIPATING_MUNICIPALITIES}
)


@attrs.frozen
class Entry:
    """What the statute says of one body and one power, ready to be asked."""

    body: Body
    static: Answer
    #: ``static`` evaluated on a state where every listed chain grants the act.
    evaluated: Answer
    #: Every condition of the listed chains once, as a test (and the body's set-up).
    tests: tuple[Test, ...]
    #: The tests as one function of the question.
    passes: Passes
    #: Only the tests that read the question's area, municipality or person:
    #: all that a question with the same phase, on a state where ``passes``
    #: held, still needs (``protocol.quick``).
    passes_own: Passes
    #: The answer has conditions to evaluate when a question brings facts or a state.
    conditioned: bool
    #: Every chain is listed, and the tests alone can grant the act.
    quick: bool

    @property
    def chains(self) -> tuple[Chain, ...]:
        return self.static.chains


def make_entry(
    body: Body,
    power: str,
    chains: tuple[Chain, ...],
    more: tuple[int, bool],
    requires: tuple[Requirement, ...],
    procedure: Procedure | None,
) -> Entry:
    """The entry of ``body`` and ``power`` from its listed chains and how many more there are."""
    conditions = chain_conditions(chains)
    shown = set_up_condition(body) + conditions
    static = Answer(
        body.id,
        power,
        True,
        chains,
        (),
        shown,
        requires,
        procedure=procedure,
        more_chains=more[0],
        more_chains_exact=more[1],
    )
    evaluated = attrs.evolve(static, evaluated=True)
    tests = _tests(body, conditions)
    return Entry(
        body,
        static,
        evaluated,
        tests,
        compiled(tests),
        compiled(tuple(t for t in tests if t[0] in OWN_FACTS)),
        bool(shown),
        quick=not more[0] and not body.many,
    )


def chain_conditions(chains: Iterable[Chain]) -> tuple[Condition, ...]:
    """The conditions of the chains, each once, in the order the chains give them."""
    return tuple(dict.fromkeys(c for chain in chains for c in chain.conditions))


def _tests(body: Body, conditions: tuple[Condition, ...]) -> tuple[Test, ...]:
    found: dict[Test, None] = {}
    if body.set_up_by is not None:
        found[(SET_UP, body.id, None)] = None
    for condition in conditions:
        scope = condition.scope
        if scope is Scope.OWN_AREA:
            found[(AREA, body.area, None)] = None
        elif scope is Scope.OWN_MUNICIPALITY:
            found[(MUNICIPALITY, body.id, None)] = None
        elif scope is not None:
            found[(PHASE, None, None)] = None
            kind = {
                Scope.ADOPTED_PHASES: ADOPTED,
                Scope.RUNNING_PHASES: RUNNING,
                Scope.PARTICIPATING_MUNICIPALITIES: PARTICIPATING,
            }[scope]
            if kind == PARTICIPATING:
                found[(PARTICIPANTS, None, None)] = None
            found[(PHASE_KNOWN, None, None)] = None
            found[(kind, None, None)] = None
        elif condition.delegation is not None:
            found[(GRANT, condition.delegation, condition.body)] = None
    return tuple(sorted(found, key=lambda test: test[0]))


def compiled(tests: tuple[Test, ...]) -> Passes:
    """The tests as one function of the question: whether every test holds (a
    missing fact fails, as in ``Query``; so does a phase not on record, for
    ``Query`` to name it; without a state, what reads the state holds)."""
    code = _code(tuple(kind for kind, _name, _actor in tests))
    names: dict[str, object] = {"__builtins__": {}, "exists": _exists}
    for number, (_kind, name, actor) in enumerate(tests):
        names[f"name{number}"], names[f"actor{number}"] = name, actor
    return cast(Passes, types.FunctionType(code, names, "passes"))


@functools.lru_cache(maxsize=256)
def _code(kinds: tuple[int, ...]) -> types.CodeType:
    facts: list[str] = []
    reads: list[str] = []  # the terms that read the state, in the order of their kinds
    for number, kind in enumerate(kinds):
        term = _TERMS[kind].format(i=number)
        (facts if kind < _FIRST_OF_STATE else reads).append(term)
        if kind == MUNICIPALITY:
            reads.append(_SEAT.format(i=number))
    if reads:
        facts.append(f"(state is None or ({' and '.join(reads)}))")
    source = (
        "def passes(phase, municipality, area, person, state):\n"
        f"    return {' and '.join(facts) or 'True'}\n"
    )
    made: dict[str, types.FunctionType] = {}
    exec(compile(source, "<foreningsregler.authority.entries>", "exec"), {}, made)
    return made["passes"].__code__


def _exists(record: SetUp | None) -> bool:
    """A body set up by decision exists on the day: set up, not dissolved."""
    return record is not None and record.dissolved is None
