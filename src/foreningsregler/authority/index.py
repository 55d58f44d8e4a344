"""Who may decide what: the competence graph and its compiled index.

``build_graph`` (in ``graph``) draws the statute as a networkx MultiDiGraph
of bodies and powers with typed edges, each citing its provision; the index
does not need it. ``Authority`` compiles the statute once: for every power
its holders and delegations (``chains.PowerChains``), and for every (body,
power) some chain joins an ``Entry``: the chains that grant it (at most
``CHAIN_LIMIT`` listed, the rest counted), the conditions they carry, the
answers made beforehand and the conditions as plain tests. A question is a
dictionary look-up and the tests against the facts and the state; it never
searches. A power whose delegation tree is larger than a few times its
delegations (sub-delegation in a ladder or a circle makes it exponential) is
not walked at compile time: its entries are made when first asked, from the
first chains a pruned search finds, and kept in a memo of at most
``MEMO_SIZE`` answers, as are the statute's refusals (the oldest dropped
first).

Rules the compiled index obeys (the statute tests hold it to them):

1. A body may exercise a power if it holds it, or if a chain of delegations
   of that power leads to it from a holder.
2. Only a holder, or a body whose delegation allows ``subdelegation``, may
   pass a power on; other onward delegations grant nothing (the linter
   reports them).
3. A chain carries the scopes of all its steps; every scope is a condition
   that must hold for the act, and the first that fails is the denial.
4. A delegation to a per-area template reaches every area's instance, or,
   from a per-area body, the same area's instance.
5. Before the statute is in force (``in_force``) no body may exercise
   anything.
6. A delegation whose grant is a lifecycle (the statute has a delegation
   lifecycle, or the delegation is ``granted: decision``) grants only while
   its record for the receiving body is in a state that means ``granted``.
7. Every scope is checked: a fact the scope needs and the question lacks is
   a denial ("name the ..."), never a pass; facts that name nothing the
   statute (or the protocol) knows are an ``UnknownName``.
8. A body set up by decision (``set_up_by``) may exercise a power only while
   it exists: asked with a state, it is refused (``not-set-up``) before its
   set-up and from its dissolution; without one, its answer lists the
   condition. Only the acting body is checked, not set-up bodies earlier on
   the chain.
9. An instance ``<template>/<name>`` of a template set up as several bodies
   (``instances: many``) has its template's chains; asked with a state it is
   refused (``not-set-up``) where that instance does not exist on the day,
   and the template itself, which never acts, asks for an instance
   (``instance-required``). A name whose template allows no instances is an
   ``UnknownName``.
10. An answer lists at most ``CHAIN_LIMIT`` chains and counts the rest
    (``more_chains``); asked with facts or a state, the act is granted when
    any chain grants it, listed or not, and the chains listed are the first
    that grant it.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections.abc import Hashable
from typing import TYPE_CHECKING

import attrs

from ..errors import BadArgument, expect, expect_day, shown
from ..i18n import N_, _, language, shown_day
from ..statute.model import Body, LifecycleKind, Statute
from ..statute.setup import INSTANCE_SEPARATOR
from .answers import (
    SCOPE_TEXT,
    Answer,
    AuthorityState,
    Chain,
    Condition,
    Denial,
    EdgeKind,
    Procedure,
    Reason,
    Requirement,
    StaticState,
    Step,
    TreeNode,
    UnknownName,
    Withheld,
    did_you_mean,
)
from .chains import CHAIN_LIMIT, TREE_LIMIT, PowerChains
from .entries import PHASE_SCOPES, Entry, chain_conditions, make_entry
from .graph import build_graph, delegation_pairs, delegation_steps, holders, holding_steps
from .query import (
    Query,
    as_instance,
    not_set_up,
    unknown_instance,
    with_instances,
)
from .wording import and_list

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "CHAIN_LIMIT",
    "MEMO_SIZE",
    "SCOPE_TEXT",
    "Answer",
    "Authority",
    "AuthorityState",
    "Chain",
    "Condition",
    "Denial",
    "EdgeKind",
    "Reason",
    "Requirement",
    "StaticState",
    "Step",
    "TreeNode",
    "UnknownName",
    "Withheld",
    "build_graph",
    "delegation_pairs",
    "holders",
]

#: The most answers the memo keeps (refusals by the statute, and the entries of
#: powers too large to compile whole); the oldest go first.
MEMO_SIZE = 4096
#: A power's delegation tree is walked at compile time while it has at most
#: this many bodies per holder and delegation (else its entries are made when asked).
_TREE_PER_STEP = 8


class _Memo:
    """At most ``size`` values; past that the oldest is dropped (first in, first
    out: a look-up reorders nothing, so it costs one dictionary read)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: dict[Hashable, object] = {}
        self._lock = threading.Lock()  # for what is put: threads may share an index

    def get(self, key: Hashable) -> object | None:
        return self._values.get(key)

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            values = self._values
            values[key] = value
            while len(values) > self.size:
                del values[next(iter(values))]

    def __len__(self) -> int:
        return len(self._values)


class Authority:
    """The compiled competence index of one statute."""

    def __init__(self, statute: Statute) -> None:
        expect(statute, Statute, "statute", N_("a Statute (from load)"))
        self.statute = statute
        self._powers: dict[str, PowerChains] = {}
        #: power -> body -> its entry, for every pair of a power compiled whole.
        self._entries: dict[str, dict[str, Entry]] = {}
        self._trees: dict[str, tuple[TreeNode, ...]] = {}
        self._by_body: dict[str, list[str]] = {}
        self._by_power: dict[str, tuple[str, ...]] = {}
        #: The bodies some chain reaches, for each power too large to compile whole.
        self._reaches: dict[str, frozenset[str]] = {}
        self._bodies = {b.id: b for b in statute.bodies}
        self._requires: dict[str, tuple[Requirement, ...]] = {}
        #: Refusals by the statute, by (body, power, language), and entries made when asked.
        self._memo = _Memo(MEMO_SIZE)
        self._in_force = statute.metadata.in_force
        self._areas = {a.id for a in statute.areas}
        self._municipalities = set(statute.membership.names if statute.membership else ())
        self._granted_by_lifecycle = statute.lifecycle(LifecycleKind.DELEGATION) is not None
        self._graph: nx.MultiDiGraph[str] | None = None
        self._compile()

    @property
    def graph(self) -> nx.MultiDiGraph[str]:
        """The statute's competence graph (``build_graph``), drawn when first read."""
        if self._graph is None:
            self._graph = build_graph(self.statute)
        return self._graph

    def _compile(self) -> None:
        # Compiling allocates many small acyclic values; the cyclic collector
        # would rescan the growing heap again and again for nothing.
        paused = gc.isenabled()
        gc.disable()
        try:
            self._compile_powers()
        finally:
            if paused:
                gc.enable()

    def _compile_powers(self) -> None:
        steps = delegation_steps(self.statute, self._granted_by_lifecycle)
        for power in self.statute.powers:
            self._requires[power.id] = tuple(
                Requirement(r.kind.value, r.from_body, r.provision, r.power, r.chair)
                for r in power.requires
            )
            chains = PowerChains(holding_steps(self.statute, power), steps.get(power.id, {}))
            self._powers[power.id] = chains
            found, tree, whole = chains.walk(_TREE_PER_STEP * chains.size)
            if whole:
                self._trees[power.id] = tree
                entries = {
                    body: self._entry(body, power.id, tuple(map(Chain, paths)))
                    for body, paths in found.items()
                }
                self._entries[power.id] = entries
                reached = tuple(entries)
            else:
                reached = chains.reachable()
                self._reaches[power.id] = frozenset(reached)
            self._by_power[power.id] = reached
            for body in reached:
                self._by_body.setdefault(body, []).append(power.id)

    def _entry(self, body: str, power: str, chains: tuple[Chain, ...]) -> Entry:
        listed = chains[:CHAIN_LIMIT]
        more = (len(chains) - len(listed), True)
        found = self._bodies[body]
        return make_entry(
            found, power, listed, more, self._requires[power], self._procedure(found, power)
        )

    def _lazy_entry(self, body: str, power: str) -> Entry | None:
        """The entry of a pair of a power too large to compile whole, made when asked."""
        if body not in self._reaches.get(power, ()):
            return None
        key = ("entry", body, power)
        entry = self._memo.get(key)
        if isinstance(entry, Entry):
            return entry
        graph = self._powers[power]
        listed = graph.chains_to(body, CHAIN_LIMIT)
        total, exact = graph.count_to(body)
        found = self._bodies[body]
        made = make_entry(
            found,
            power,
            listed,
            (total - len(listed), exact),
            self._requires[power],
            self._procedure(found, power),
        )
        self._memo.put(key, made)
        return made

    # -- queries --

    def check(
        self,
        body: str,
        power: str,
        *,
        phase: str | None = None,
        municipality: str | None = None,
        on: dt.date | None = None,
        state: AuthorityState | None = None,
        area: str | None = None,
        person: str | None = None,
    ) -> Answer:
        """May ``body`` exercise ``power``? With the chains, or the denials.

        Without ``state`` and without facts the answer is the statute's alone
        (conditions listed, not evaluated); with facts or a state every
        condition is checked, and a missing fact is a denial.

        Asked often (a protocol's replay), it is quickest with ``on`` a
        ``datetime.date``, the facts plain ``str`` or None and a state of one
        type: an allowed act is then two look-ups and one call of the pair's
        compiled test, which asks the state only what the chains' conditions
        need, and returns an answer made beforehand.
        """
        found = self.quickly(body, power, phase, municipality, on, state, area, person)
        if found is not None:
            return found
        return self._check(body, power, phase, municipality, on, state, area, person)

    def entry_of(self, body: str, power: str) -> Entry | None:
        """The compiled entry of ``body`` and ``power``, where the index made it whole."""
        return self._entries.get(power, {}).get(body)

    def quickly(
        self,
        body: str,
        power: str,
        phase: str | None,
        municipality: str | None,
        on: dt.date | None,
        state: AuthorityState | None,
        area: str | None,
        person: str | None,
    ) -> Answer | None:
        """``check``'s answer where the quick way gives it, else None (the full
        way must say why): plain facts, and a pair some chain joins whose tests
        all pass, or a refusal given before."""
        try:
            entry = self._entries[power].get(body)
        except (KeyError, TypeError):
            return None
        if (
            (state is not None and type(state) not in _STATE_TYPES)
            or (on is not None and (type(on) is not dt.date or self._before(on)))
            or (phase is not None and (type(phase) is not str or not phase))
            or (person is not None and (type(person) is not str or not person))
            or (area is not None and (type(area) is not str or area not in self._areas))
            or (
                municipality is not None
                and (
                    type(municipality) is not str
                    or (self._municipalities and municipality not in self._municipalities)
                )
            )
        ):
            return None
        if entry is None:
            refusal = self._memo.get((body, power, language()))
            return refusal if isinstance(refusal, Answer) else None
        if not entry.quick:
            return None
        if not entry.conditioned or (
            state is None
            and phase is None
            and municipality is None
            and area is None
            and person is None
        ):
            return entry.static
        if entry.passes(phase, municipality, area, person, state):
            return entry.static if state is None else entry.evaluated
        return None

    def _before(self, on: dt.date) -> bool:
        return self._in_force is not None and on < self._in_force

    def _check(
        self,
        body: str,
        power: str,
        phase: str | None,
        municipality: str | None,
        on: object,
        state: AuthorityState | None,
        area: str | None,
        person: str | None,
    ) -> Answer:
        """The full way: every argument checked, every denial said."""
        _texts(body=body, power=power, phase=phase, municipality=municipality, area=area)
        _texts(person=person)
        _state(state)
        day = _day(on)
        found = self._resolve(body)
        self._check_facts(municipality, area)
        key = (found.instance_of or body, power)
        if day is not None and self._before(day):
            return self._not_in_force(key[0], power, day)
        static = self._static(*key)
        if found.instance_of is not None:
            static = as_instance(static, found)
        if static.allowed and state is not None:
            absent = not_set_up(found, state, day)
            if absent is not None:
                return attrs.evolve(static, allowed=False, denials=(absent,), evaluated=True)
        asked = state is not None or any(f is not None for f in (phase, municipality, area, person))
        if not static.allowed or not static.conditions or not asked:
            return static  # refused by the statute itself, or nothing to evaluate
        if any(c.scope is not None and c.scope in PHASE_SCOPES for c in static.conditions):
            self._known_phase(phase, state)
        query = Query(found, phase, municipality, area, person, state)
        chains = static.chains
        failures = [query.first_failure(chain) for chain in chains]
        granted = tuple(c for c, f in zip(chains, failures, strict=True) if f is None)
        more, exact = 0, True
        if static.more_chains:  # the listed chains are not all: search the rest
            granted, more, exact = self._granting(key[0], power, query)
        denials = () if granted else tuple(f for f in failures if f is not None)
        return Answer(
            body,
            power,
            bool(granted),
            granted or chains,
            denials,
            static.conditions,
            static.requires,
            evaluated=state is not None,
            procedure=static.procedure,
            more_chains=more if granted else static.more_chains,
            more_chains_exact=exact if granted else static.more_chains_exact,
        )

    def _granting(self, body: str, power: str, query: Query) -> tuple[tuple[Chain, ...], int, bool]:
        """The first chains whose every step passes, and how many more do."""
        graph = self._powers[power]
        verdicts: dict[int, bool] = {}

        def passes(step: Step) -> bool:
            verdict = verdicts.get(id(step))
            if verdict is None:
                verdict = verdicts[id(step)] = query.step_passes(step)
            return verdict

        granted = graph.chains_to(body, CHAIN_LIMIT, passes)
        if len(granted) < CHAIN_LIMIT:
            return granted, 0, True
        total, exact = graph.count_to(body, passes)
        return granted, total - len(granted), exact

    def _known_phase(self, phase: str | None, state: AuthorityState | None) -> None:
        if phase is not None and state is not None and not state.phase_known(phase):
            known = sorted(state.known_phases())
            hint = did_you_mean(phase, known) or _("; no phase of that id is on record")
            raise UnknownName("phase", phase, known, hint)

    def _static(self, body: str, power: str) -> Answer:
        """The answer that depends on the statute alone: the entry's, or a refusal."""
        entry = self._entries.get(power, {}).get(body) or self._lazy_entry(body, power)
        if entry is not None:
            return entry.static
        key = (body, power, language())
        answer = self._memo.get(key)
        if isinstance(answer, Answer):
            return answer
        self._known(body, power)
        refusal = Answer(
            body, power, False, (), (self._no_chain(body, power),), (), self._requires[power]
        )
        self._memo.put(key, refusal)
        return refusal

    def _procedure(self, found: Body, power: str) -> Procedure | None:
        """How ``found`` decides when it exercises ``power``, where it decides by vote."""
        rule = self.statute.deciding_rule(found, self.statute.power(power))
        if rule is None:
            return None
        written = found.meetings is not None and found.meetings.written_procedure
        return Procedure(rule.id, rule.name, rule.provision, written)

    def _not_in_force(self, body: str, power: str, on: dt.date) -> Answer:
        self._known(body, power)
        assert self._in_force is not None
        message = _(
            "the statute is in force from {start}, not on {day}",
            start=shown_day(self._in_force),
            day=shown_day(on),
        )
        denial = Denial(Reason.NOT_IN_FORCE, message, self.statute.metadata.provision)
        chains = self.chains(body, power)
        return Answer(
            body, power, False, chains, (denial,), chain_conditions(chains), self._requires[power]
        )

    def list_powers(self, body: str) -> tuple[str, ...]:
        """Every power the body may exercise by some chain, in statute order."""
        _texts(body=body, power="-")
        self._known(body, None)
        return tuple(self._by_body.get(body, ()))

    def list_bodies(self, power: str, state: AuthorityState | None = None) -> tuple[str, ...]:
        """Every body that may exercise the power by some chain; with ``state``,
        a template set up as several bodies is replaced by its instances on
        record in it."""
        _texts(body="-", power=power)
        _state(state)
        self._known(None, power)
        found = self._by_power.get(power, ())
        return found if state is None else with_instances(self.statute, found, state)

    def expand(self, power: str) -> tuple[TreeNode, ...]:
        """The delegation tree of a power, one root per holder; where it has
        more than ``TREE_LIMIT`` bodies, the first of them depth first, and
        each node counts the steps left out below it (``omitted``)."""
        self._known(None, power)
        tree = self._trees.get(power)
        if tree is None:
            _found, tree, _whole = self._powers[power].walk(TREE_LIMIT)
        return tree

    def chains(self, body: str, power: str) -> tuple[Chain, ...]:
        """The chains of ``body`` (an instance: its template's) to ``power``;
        at most ``CHAIN_LIMIT`` of them (``check`` counts the rest)."""
        try:
            return self._entries[power][body].chains  # the usual case, looked up at once
        except (KeyError, TypeError):
            pass
        found = self._resolve(body)
        self._known(None, power)
        return self._static(found.instance_of or body, power).chains

    def _resolve(self, body: str) -> Body:
        """The body an id names: one of the statute's, or the instance
        ``<template>/<name>`` of a template set up as several (``instances: many``)."""
        found = self._bodies.get(body)
        if found is None:
            try:
                found = self.statute.body(body)
            except KeyError:
                self._known(body, None)
                raise UnknownName("body", body, self._bodies) from None
        return found

    def _known(self, body: str | None, power: str | None) -> None:
        if body is not None and INSTANCE_SEPARATOR in body and body not in self._bodies:
            raise UnknownName("body", body, self._bodies, unknown_instance(self.statute, body))
        if body is not None and body not in self._bodies:
            instances = [b.id for b in self.statute.instances(body)]
            hint = _(
                "; {body} is defined per area: name one of {instances}",
                body=body,
                instances=", ".join(instances),
            )
            raise UnknownName("body", body, self._bodies, hint if instances else "")
        if power is not None and power not in self._requires:
            raise UnknownName("power", power, self._requires)

    def _check_facts(self, municipality: str | None, area: str | None) -> None:
        """Facts must name what the statute knows (phases: the protocol, in ``check``)."""
        if area is not None and area not in self._areas:
            raise UnknownName("area", area, self._areas)
        known = self._municipalities
        if municipality is not None and known and municipality not in known:
            raise UnknownName("municipality", municipality, known)

    def _no_chain(self, body: str, power: str) -> Denial:
        named = self.statute.power(power)
        if named.holders:
            message = _(
                "no provision gives {body} the power {power} (held by {holders})",
                body=body,
                power=power,
                holders=and_list(named.holders),
            )
        else:
            message = _(
                "no provision gives {body} the power {power} (held by no body)",
                body=body,
                power=power,
            )
        return Denial(Reason.NO_CHAIN, message, named.provision)

    def _repr_svg_(self) -> str | None:
        """The competence graph drawn in Jupyter (see _display)."""
        from .._display import shown

        return shown("authority", "image/svg+xml", self)


def _day(on: object) -> dt.date | None:
    """The question's day: a date (a datetime counts by its date), or none."""
    return None if on is None else expect_day(on, "on")


def _texts(**names: object) -> None:
    """A name in a question is text (BadArgument); the empty text names nothing."""
    for kind, value in names.items():
        if value is None and kind not in ("body", "power"):
            continue
        expect(value, str, kind, N_("a name (text)"))
        if not value:
            raise UnknownName(kind, repr(value), (), _("; a name is non-empty text"))


#: What a state must answer (``AuthorityState``), and the types seen to answer it.
_STATE_METHODS = tuple(n for n, v in vars(AuthorityState).items() if callable(v) and n[0] != "_")
_STATE_TYPES: set[type] = set()


def _state(state: object) -> None:
    """A state of the protocol, or none; checked once per type (a question is asked often)."""
    if state is None or type(state) in _STATE_TYPES:
        return
    if not all(callable(getattr(state, name, None)) for name in _STATE_METHODS):
        raise BadArgument(
            _(
                "state: a state of the protocol (Association.at, or StaticState), not {value}",
                value=shown(state),
            )
        )
    _STATE_TYPES.add(type(state))
