"""What the protocol needs of a statute, compiled once and shared.

The competence index and the compiled lifecycles, with the look-ups acts and
the replay make for every event. Many replays of one statute (the runs of a
simulation) share one ``Rules``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from ..authority.index import Authority, delegation_pairs
from ..statute.calendar import add_months, notice_takes_effect
from ..statute.model import (
    Body,
    BodyKind,
    Delegation,
    Grant,
    LifecycleKind,
    Power,
    Requirement,
    Statute,
    Term,
    Transition,
    VoteBase,
    VotingRule,
)
from ..statute.setup import INSTANCE_SEPARATOR
from .election_period import election_period_end, election_period_runs
from .lifecycle import Clock, Compiled, Meaning, compile_all
from .state import Seat

#: Names looked up in ``Rules.body`` kept at most (a protocol names few bodies).
_NAMES_KEPT = 4096


class Versions(Protocol):
    """A statute's versions as the protocol follows them (``amendments.Timeline``)."""

    def rules_on(self, view: object, day: dt.date) -> Rules:
        """The rules of the version governing ``day`` on the replay ``view``."""
        ...


class Rules:
    """What a replay needs of the statute, looked up once."""

    @classmethod
    def of(cls, statute: Statute) -> Rules:
        """The statute's rules: its competence index and its compiled lifecycles."""
        return cls(statute, Authority(statute))

    def __init__(self, statute: Statute, authority: Authority) -> None:
        self.statute = statute
        self.authority = authority
        #: The statute's history, when the protocol follows its versions (``amendments``).
        self.timeline: Versions | None = None
        self.lifecycles = compile_all(statute)
        self.by_trigger: dict[str, Compiled] = {}
        for compiled in self.lifecycles.values():
            for trigger in sorted(compiled.triggers):
                self.by_trigger.setdefault(trigger, compiled)
        self.means = {
            (c.kind, s.id): s.means for c in self.lifecycles.values() for s in c.lifecycle.states
        }
        self.body_ids = frozenset(b.id for b in statute.bodies)
        #: Bodies set up by decision: they exist only between set-up and dissolution.
        self.set_up_bodies = {b.id: b for b in statute.bodies if b.set_up_by is not None}
        self.power_ids = frozenset(p.id for p in statute.powers)
        self.assembly = next((b for b in statute.bodies if b.kind is BodyKind.ASSEMBLY), None)
        withdrawal = statute.membership.withdrawal if statute.membership else None
        self.notice_months = withdrawal.notice_months or 0 if withdrawal else 0
        self.withdrawal_provision = withdrawal.provision if withdrawal else None
        self.notice_to = withdrawal.notice_to if withdrawal else None
        #: (delegation key, receiving body) -> the delegation: one record each.
        self.delegations: dict[tuple[str, str], Delegation] = {
            (d.key, target.id): d
            for d in statute.delegations
            for _, target in delegation_pairs(statute, d)
        }
        self._granted_state = self._first_state(LifecycleKind.DELEGATION, Meaning.GRANTED)
        #: power -> (the power needing it, the requirement) for requirements made under it.
        self.made_under: dict[str, list[tuple[str, Requirement]]] = {}
        for power in statute.powers:
            for requirement in power.requires:
                if requirement.power is not None:
                    self.made_under.setdefault(requirement.power, []).append(
                        (power.id, requirement)
                    )
        #: The members the statute names (municipalities and ``members``), by name.
        self.municipalities = statute.membership.names if statute.membership else frozenset()
        self.area_ids = frozenset(a.id for a in statute.areas)
        self._deciding: dict[tuple[str, str | None], VotingRule | None] = {}
        #: (kind, state) -> the state as the statute writes it (its provision, final...).
        self.states = {
            (c.kind, s.id): s for c in self.lifecycles.values() for s in c.lifecycle.states
        }
        #: power -> the first transition that exercises it: its event, not ``exercise``.
        self.carried: dict[str, Transition] = {}
        for compiled in self.lifecycles.values():
            for transition in compiled.lifecycle.transitions:
                if transition.power is not None:
                    self.carried.setdefault(transition.power, transition)
        #: Triggers that start a record (leave the initial state): they may name a new one.
        self.creating = {
            c.kind: {t.trigger for t in c.lifecycle.transitions if c.lifecycle.initial in t.sources}
            for c in self.lifecycles.values()
        }
        #: trigger -> the kinds of record it may start.
        self.creates: dict[str, frozenset[LifecycleKind]] = {}
        for kind, triggers in self.creating.items():
            for started in triggers:
                if started is not None:
                    self.creates[started] = self.creates.get(started, frozenset()) | {kind}
        self.delegation_keys = frozenset(key for key, _to in self.delegations)
        #: Triggers of the membership and participation lifecycles (a partner takes none).
        self.member_triggers = frozenset(
            t.trigger
            for k in (LifecycleKind.MEMBERSHIP, LifecycleKind.PARTICIPATION)
            if (c := self.lifecycles.get(k)) is not None
            for t in c.lifecycle.transitions
            if t.trigger is not None
        )
        self._body_of: dict[str, Body | None] = {}
        #: (event kind, actor) pairs the statute lets act (``acts._check_actor``).
        self.actors_known: set[tuple[str, str]] = set()
        #: (actor, power) -> the quick way's plan of those acts, or None (``quick``;
        #: typed loosely so that this module need not import that one).
        self.quick_plans: dict[tuple[str, object], Any] = {}
        self._counts_only: dict[tuple[str, int], tuple[VotingRule, bool]] = {}
        #: A meeting held may move a clock state (an exclusion not ratified lapses).
        self.meetings_move_clock = any(
            t.when == Clock.EXCLUSION_NOT_RATIFIED
            for c in self.lifecycles.values()
            for t in c.clock
        )
        self.founded_states = frozenset(
            s
            for (kind, s), means in self.means.items()
            if kind is LifecycleKind.ASSOCIATION and Meaning.FOUNDED in means
        )
        #: body -> the body it is drawn from: its seats end when that seat does.
        self.drawn_from = {b.id: b.drawn_from for b in statute.bodies if b.drawn_from}
        self._terms = {
            b.id: b.filled_by.term_years for b in statute.bodies if b.filled_by.term_years
        }
        #: bodies whose seats run to the end of the municipal election period.
        self._period_terms = frozenset(
            b.id for b in statute.bodies if b.filled_by.term is Term.ELECTION_PERIOD
        )

    def body(self, ref: str) -> Body | None:
        """The body ``ref`` names (an instance of a template too), or None;
        asked of every event, so looked up once per name."""
        try:
            return self._body_of[ref]
        except KeyError:
            pass
        except TypeError:  # not a name
            return None
        try:
            found: Body | None = self.statute.body(ref)
        except KeyError:
            found = None
        if len(self._body_of) < _NAMES_KEPT:
            self._body_of[ref] = found
        return found

    def know(self, acting: tuple[str, str]) -> None:
        """Keep that the statute lets ``acting`` (event kind, actor) act (odd
        input beyond the names kept is checked again each time)."""
        if len(self.actors_known) < _NAMES_KEPT:
            self.actors_known.add(acting)

    def reads_counts_only(self, body: Body, rule: VotingRule) -> bool:
        """Whether a decision of ``body`` under ``rule`` reads of its event only
        the vote's counts: not a body of a phase's participants, nor a rule of
        two meetings, weights or a base of participants (these read the
        matter and the names)."""
        key = (body.id, id(rule))
        found = self._counts_only.get(key)
        if found is None or found[0] is not rule:
            plain = not (
                body.of_participants
                or rule.consecutive_meetings is not None
                or rule.weights is not None
                or rule.base is VoteBase.PARTICIPANTS
            )
            found = self._counts_only[key] = (rule, plain)
        return found[1]

    def is_body(self, ref: str) -> bool:
        """A body of the statute, or an instance of a template set up as several."""
        return ref in self.body_ids or (
            INSTANCE_SEPARATOR in ref and bool(self.statute.instances(ref))
        )

    def set_up_body(self, ref: object) -> Body | None:
        """The body set up by decision that ``ref`` names (a template's instance
        too); None for any other body or name."""
        if not isinstance(ref, str):
            return None
        found = self.set_up_bodies.get(ref)
        if found is None and INSTANCE_SEPARATOR in ref:
            made = self.statute.instances(ref)
            return made[0] if made else None
        return found

    def template_of(self, body: str) -> str:
        """A template's instance reads the statute's entry of its template."""
        return body.rpartition(INSTANCE_SEPARATOR)[0] if INSTANCE_SEPARATOR in body else body

    def _first_state(self, kind: LifecycleKind, meaning: Meaning) -> str | None:
        compiled = self.lifecycles.get(kind)
        states = compiled.lifecycle.states if compiled else ()
        return next((s.id for s in states if meaning in s.means), None)

    def delegation_start(self, subject: object) -> str | None:
        """A delegation record's state before any event: granted when the statute
        grants it, the lifecycle's initial state when a decision must."""
        delegation = self.delegations.get(subject) if isinstance(subject, tuple) else None
        if delegation is None:
            return None
        if delegation.granted is Grant.STATUTE and self._granted_state is not None:
            return self._granted_state
        return self.initial(LifecycleKind.DELEGATION)

    def deciding_rule(self, body: Body, power: Power | None) -> VotingRule | None:
        """``Statute.deciding_rule``, looked up once per body and power."""
        key = (body.id, power.id if power is not None else None)
        if key not in self._deciding:
            self._deciding[key] = self.statute.deciding_rule(body, power)
        return self._deciding[key]

    def in_term(self, seat: Seat, day: dt.date) -> bool:
        """Whether ``seat`` still runs on ``day``: a term of N years ends N years
        after the election, on the same date; a term of the election period at
        the end of the municipal election period it began in."""
        years = seat.term_years or self._terms.get(self.template_of(seat.body))
        start = seat.renewed or seat.since
        if self.template_of(seat.body) in self._period_terms:
            return election_period_runs(start, day)
        return years is None or day < add_months(start, 12 * years)

    def term_end(self, seat: Seat) -> dt.date | None:
        """The first day ``seat`` no longer runs by its term (``in_term``); None
        for a term without end, or an election period the law data does not end."""
        start = seat.renewed or seat.since
        if self.template_of(seat.body) in self._period_terms:
            end = election_period_end(start)
            return end + dt.timedelta(days=1) if end is not None else None
        years = seat.term_years or self._terms.get(self.template_of(seat.body))
        return None if years is None else add_months(start, 12 * years)

    def notice_due(self, given: dt.date) -> dt.date:
        """The first day a withdrawal noticed on ``given`` may take effect,
        counted as the statute counts it (months, to the end of a period)."""
        return notice_takes_effect(given, self.notice_months, self.notice_to, self.statute.year)

    def has(self, kind: LifecycleKind, state: str | None, meaning: Meaning) -> bool:
        return state is not None and meaning in self.means.get((kind, state), frozenset())

    def initial(self, kind: LifecycleKind) -> str | None:
        compiled = self.lifecycles.get(kind)
        return compiled.lifecycle.initial if compiled else None
