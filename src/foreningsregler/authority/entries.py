"""The compiled answer of one body and one power, and its quick evaluation.

An ``Entry`` is made once for every (body, power) that some chain joins: the
statute's own answer (conditions listed, not evaluated), the same answer
evaluated on a state where every listed chain grants the act, and every
condition of those chains once, as a plain test. ``Authority.check`` runs the
tests against a question's facts and state; where all pass it returns the
answer made beforehand, allocating nothing; where one fails, ``Query`` works
out which chains still grant the act and why the others do not.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ..statute.model import Body, Scope
from .answers import Answer, AuthorityState, Chain, Condition, Procedure, Requirement
from .query import set_up_condition

#: The kinds of test, checked in this order: the question's facts, then the state.
AREA, MUNICIPALITY, PHASE, PARTICIPANTS, SET_UP, GRANT, ADOPTED, RUNNING, PARTICIPATING = range(9)

#: A test: its kind and the name it reads (an area, a body, a delegation) and the body acting.
Test = tuple[int, str | None, str | None]

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
    #: The answer has conditions to evaluate when a question brings facts or a state.
    conditioned: bool
    #: A condition reads the phase (an unknown phase is then an ``UnknownName``).
    uses_phase: bool
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
    return Entry(
        body,
        static,
        attrs.evolve(static, evaluated=True),
        _tests(body, conditions),
        bool(shown),
        any(c.scope in PHASE_SCOPES for c in shown),
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
            found[(kind, None, None)] = None
        elif condition.delegation is not None:
            found[(GRANT, condition.delegation, condition.body)] = None
    return tuple(sorted(found, key=lambda test: test[0]))


def all_pass(
    tests: tuple[Test, ...],
    phase: str | None,
    municipality: str | None,
    area: str | None,
    person: str | None,
    state: AuthorityState | None,
) -> bool:
    """Whether every test holds for the question (a missing fact fails, as in ``Query``)."""
    for kind, name, actor in tests:
        if kind == AREA:
            if area is None or area != name:
                return False
        elif kind == MUNICIPALITY:
            if municipality is None or person is None:
                return False
            if state is not None and state.seat_municipality(name or "", person) != municipality:
                return False
        elif kind == PHASE:
            if phase is None:
                return False
        elif kind == PARTICIPANTS:
            if municipality is None:
                return False
        elif state is None:
            return True  # the rest reads the state; without one they hold
        elif kind == SET_UP:
            record = state.set_up(name or "")
            if record is None or record.dissolved is not None:
                return False
        elif kind == GRANT:
            if state.withheld(name or "", actor or "") is not None:
                return False
        elif kind == ADOPTED:
            if not state.phase_adopted(phase or ""):
                return False
        elif kind == RUNNING:
            if not state.phase_running(phase or ""):
                return False
        elif not state.participates(municipality or "", phase or ""):
            return False
    return True
