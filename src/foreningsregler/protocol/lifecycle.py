"""The statute's lifecycles, compiled: one state machine per kind of record.

A lifecycle in the statute file names states, transitions fired by acts
(``trigger``) or by the clock (``when``), and guards. Guards and clock
conditions come from the closed registries below; their meaning lives in
code (``association``), so a statute file never carries code. Compiling
checks the lifecycle: every state reachable from the initial one, no
non-final state without a way out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import StrEnum
from functools import cached_property

import attrs

from .._text import one_line
from ..i18n import _
from ..statute.model import Lifecycle, LifecycleKind, Statute, Transition
from ..statute.problems import Finding
from ._machines import Edge, StateMachine


class Guard(StrEnum):
    """Conditions a transition may require; implemented in ``association``."""

    AT_GENERAL_ASSEMBLY = "at_general_assembly"
    IS_MEMBER = "is_member"
    PHASE_OPEN_FOR_JOINING = "phase_open_for_joining"
    NO_JOINED_PHASE_UNENDED = "no_joined_phase_unended"
    VOTE_PASSES = "vote_passes"
    VOTE_FAILS = "vote_fails"
    ALL_DECLARATIONS_SIGNED = "all_declarations_signed"
    CONSTITUTED = "constituted"


class Meaning(StrEnum):
    """What a state means to rules outside its own lifecycle."""

    MEMBER = "member"
    ADOPTED = "adopted"
    RUNNING = "running"
    ENDED = "ended"
    JOINED = "joined"
    DECLINED = "declined"
    PASSED = "passed"
    OPERATING = "operating"
    WITHDRAWN = "withdrawn"
    FOUNDED = "founded"  # the association exists: its bodies may exercise their powers
    NOTICE = "notice"  # notice to withdraw given; the period runs from entering it
    GRANTED = "granted"  # a delegation in force


class Clock(StrEnum):
    """Conditions under which a transition happens by itself on a day."""

    PHASE_STARTED = "phase_started"
    PHASE_ENDED = "phase_ended"
    NOTICE_AND_JOINED_PHASES_ENDED = "notice_and_joined_phases_ended"
    DECLINED_AND_JOINED_PHASES_ENDED = "declined_and_joined_phases_ended"
    #: A provisional exclusion the next meeting of ``exclusion.ratified_by`` did not ratify.
    EXCLUSION_NOT_RATIFIED = "exclusion_not_ratified"


@attrs.frozen
class Compiled:
    """A lifecycle with its machine and the look-ups a replay needs."""

    lifecycle: Lifecycle
    machine: StateMachine
    clock: tuple[Transition, ...]

    @property
    def kind(self) -> LifecycleKind:
        return self.lifecycle.kind

    def transition(self, index: int) -> Transition:
        return self.lifecycle.transitions[index]

    def candidates(self, state: str, trigger: str) -> tuple[Transition, ...]:
        """Transitions ``trigger`` may take from ``state``, in statute order."""
        return tuple(self.lifecycle.transitions[i] for i in self.machine.candidates(state, trigger))

    def clock_from(self, state: str) -> tuple[tuple[Clock, Transition], ...]:
        """The clock transitions out of ``state``, with their condition."""
        return self.clocked.get(state, ())

    @cached_property
    def clocked(self) -> Mapping[str, tuple[tuple[Clock, Transition], ...]]:
        """The states some clock transition leaves (``clock_from`` of each): a
        state not named here never moves by the clock."""
        found: dict[str, list[tuple[Clock, Transition]]] = {}
        for t in self.clock:
            for source in t.sources:
                found.setdefault(source, []).append((Clock(t.when or ""), t))
        return {state: tuple(items) for state, items in found.items()}

    @property
    def triggers(self) -> frozenset[str]:
        return frozenset(t.trigger for t in self.lifecycle.transitions if t.trigger)


def compile_lifecycle(lifecycle: Lifecycle) -> Compiled:
    edges = [
        Edge(index, t.trigger, t.sources, t.dest)
        for index, t in enumerate(lifecycle.transitions)
        if t.trigger is not None
    ]
    states = [s.id for s in lifecycle.states]
    machine = StateMachine(lifecycle.id, states, lifecycle.initial, edges)
    clock = tuple(t for t in lifecycle.transitions if t.when is not None)
    return Compiled(lifecycle, machine, clock)


def compile_all(statute: Statute) -> dict[LifecycleKind, Compiled]:
    return {lc.kind: compile_lifecycle(lc) for lc in statute.lifecycles}


# --- Validation ----------------------------------------------------------------


def lint_lifecycles(statute: Statute) -> list[Finding]:
    """Unreachable states (E701) and trap states (E702) of every lifecycle."""
    return [f for lc in statute.lifecycles for f in _lint(statute, lc)]


def _lint(statute: Statute, lifecycle: Lifecycle) -> Iterator[Finding]:
    reachable = reachable_states(lifecycle)
    leaving = {source for t in lifecycle.transitions for source in t.sources}
    for state in lifecycle.states:
        where = state.location
        line, column = (where.line, where.column) if where else (None, None)
        cited = str(state.provision) if state.provision else None
        if state.id not in reachable:
            message = _(
                "{lifecycle}: no transition leads to the state '{state}'",
                lifecycle=lifecycle.id,
                state=state.id,
            )
            yield Finding("E701", message, statute.path, line, column, cited)
        elif state.id not in leaving and not state.final:
            message = _(
                "{lifecycle}: the state '{state}' has no way out; "
                "add a transition or mark it final",
                lifecycle=lifecycle.id,
                state=state.id,
            )
            yield Finding("E702", message, statute.path, line, column, cited)


def reachable_states(lifecycle: Lifecycle) -> set[str]:
    seen = {lifecycle.initial}
    frontier = [lifecycle.initial]
    while frontier:
        state = frontier.pop()
        for t in lifecycle.transitions:
            if state in t.sources and t.dest not in seen:
                seen.add(t.dest)
                frontier.append(t.dest)
    return seen


# --- Diagrams --------------------------------------------------------------------


def mermaid(lifecycle: Lifecycle) -> str:
    """A Mermaid state diagram with each transition's trigger and provision."""
    names = {s.id: s.name for s in lifecycle.states}
    lines = ["stateDiagram-v2", f"    %% {_label(lifecycle.name)}"]
    lines += [f'    state "{_label(names[s.id])}" as {_sid(s.id)}' for s in lifecycle.states]
    lines.append(f"    [*] --> {_sid(lifecycle.initial)}")
    for t in lifecycle.transitions:
        cited = str(t.provision) if t.provision else _("no provision")
        label = (
            _("{label} if {guards}", label=_label(t.label), guards=", ".join(t.guards))
            if t.guards
            else _label(t.label)
        )
        for source in t.sources:
            lines.append(f"    {_sid(source)} --> {_sid(t.dest)}: {label} [{cited}]")
    lines += [f"    {_sid(s.id)} --> [*]" for s in lifecycle.states if s.final]
    return "\n".join(lines) + "\n"


def _sid(state: str) -> str:
    return "s_" + state.replace("-", "_")


def _label(text: str) -> str:
    # Mermaid state labels: no colons or quotes inside, and on one line.
    return one_line(text).replace('"', "'").replace(":", " -")
