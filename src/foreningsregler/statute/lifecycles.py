"""Lifecycles as the statute writes them: states, and transitions by act or clock."""

from __future__ import annotations

from enum import StrEnum

import attrs

from ..i18n import _
from .citation import Cited


class LifecycleKind(StrEnum):
    """The records whose life the statute governs; one lifecycle each."""

    MEMBERSHIP = "membership"
    ASSOCIATION = "association"
    PHASE = "phase"
    PARTICIPATION = "participation"
    DECISION = "decision"
    DELEGATION = "delegation"


@attrs.frozen(kw_only=True)
class LifecycleState(Cited):
    id: str
    name: str
    final: bool = False
    means: frozenset[str] = frozenset()
    description: str | None = None


@attrs.frozen(kw_only=True)
class Transition(Cited):
    """A way from one state to another: fired by an act (``trigger``) or by
    the clock (``when``), never both."""

    sources: tuple[str, ...]
    dest: str
    trigger: str | None = None
    when: str | None = None
    actor: str | None = None
    power: str | None = None
    guards: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.trigger or _("when {clock}", clock=self.when)


@attrs.frozen(kw_only=True)
class Lifecycle(Cited):
    id: str
    name: str
    kind: LifecycleKind
    initial: str
    states: tuple[LifecycleState, ...]
    transitions: tuple[Transition, ...]
    description: str | None = None
