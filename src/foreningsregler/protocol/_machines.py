"""The one module that imports transitions, behind a small typed facade.

One transitions ``Machine`` is built per lifecycle kind, with a single
cursor model, never one machine or model per record (per-record models are
slow and leak at scale). The machine decides which transitions a trigger
may take from a state; the answers are cached per (state, trigger), so a
replay asks the machine once per pair and records stay frozen values.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from transitions import Machine


@attrs.frozen
class Edge:
    """A transition as the facade knows it: its index in the lifecycle."""

    index: int
    trigger: str
    sources: tuple[str, ...]
    dest: str


class _Cursor:
    """The machine's only model; its state is set before each question."""

    state: str


class StateMachine:
    """A compiled lifecycle: which transitions a trigger may take from a state."""

    def __init__(
        self, name: str, states: Sequence[str], initial: str, edges: Sequence[Edge]
    ) -> None:
        self.name = name
        self._cursor = _Cursor()
        self._machine = Machine(
            model=self._cursor,
            states=list(states),
            initial=initial,
            auto_transitions=False,
            send_event=True,
            name=name,
        )
        self._edges: dict[tuple[str, str, str], list[int]] = {}
        for edge in edges:
            self._machine.add_transition(edge.trigger, list(edge.sources), edge.dest)
            for source in edge.sources:
                self._edges.setdefault((edge.trigger, source, edge.dest), []).append(edge.index)
        self._cache: dict[tuple[str, str], tuple[int, ...]] = {}

    def candidates(self, state: str, trigger: str) -> tuple[int, ...]:
        """Indices of the transitions ``trigger`` may take from ``state``, in order."""
        key = (state, trigger)
        found = self._cache.get(key)
        if found is None:
            found = tuple(
                index
                for transition in self._machine.get_transitions(trigger, source=state)
                for index in self._edges.get((trigger, state, str(transition.dest)), ())
            )
            self._cache[key] = tuple(dict.fromkeys(found))
            found = self._cache[key]
        return found

    def triggers(self, state: str) -> tuple[str, ...]:
        """The triggers that lead anywhere from ``state``."""
        return tuple(self._machine.get_triggers(state))

    def fire(self, state: str, trigger: str) -> str:
        """Run ``trigger`` on the machine itself from ``state``; the new state.
        The replay uses ``candidates``; this is the plain machine, for checks."""
        self._machine.set_state(state, model=self._cursor)
        self._machine.events[trigger].trigger(self._cursor)
        return self._cursor.state
