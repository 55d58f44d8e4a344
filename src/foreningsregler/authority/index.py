"""Who may decide what: the competence graph and its compiled index.

``build_graph`` draws the statute as a networkx MultiDiGraph of bodies and
powers with typed edges, each citing its provision. ``Authority`` compiles
it once: for every (body, power) the chains of ``holds`` and ``delegates``
steps that grant it, and the scope conditions each chain carries. Queries
are dictionary look-ups plus set look-ups on the state; they never search
the graph.

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
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterator, Mapping

import attrs
import networkx as nx

from ..errors import BadArgument, expect, expect_day, shown
from ..i18n import N_, _, language, shown_day
from ..statute.model import (
    Body,
    Delegation,
    FillMethod,
    Grant,
    LifecycleKind,
    Power,
    ProvisionRef,
    Scope,
    Statute,
)
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
from .query import (
    Query,
    as_instance,
    not_set_up,
    set_up_condition,
    unknown_instance,
    with_instances,
)
from .wording import and_list

__all__ = [
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

_PHASE_SCOPES = frozenset(
    {Scope.ADOPTED_PHASES, Scope.RUNNING_PHASES, Scope.PARTICIPATING_MUNICIPALITIES}
)

_FILL_EDGES = {
    FillMethod.ELECTION: EdgeKind.ELECTS,
    FillMethod.APPOINTMENT: EdgeKind.APPOINTS,
    FillMethod.EMPLOYMENT: EdgeKind.APPOINTS,
    FillMethod.PROCUREMENT: EdgeKind.APPOINTS,
}

# --- The graph ----------------------------------------------------------------


def build_graph(statute: Statute) -> nx.MultiDiGraph[str]:
    """Bodies and powers as nodes; elects, appoints, holds, delegates,
    recommends, chairs and member_of edges, each with its provision."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(statute=statute.metadata.id)
    for body in statute.bodies:
        graph.add_node(
            body.id,
            kind="body",
            name=body.name,
            size=body.size,
            body_kind=body.kind.value,
            area=body.area,
            template=body.template,
            **({"set_up_by": body.set_up_by.body} if body.set_up_by else {}),
        )
    for power in statute.powers:
        graph.add_node(power.id, kind="power", name=power.name, exclusive=power.exclusive)
    for body in statute.bodies:
        _body_edges(graph, statute, body)
    for power in statute.powers:
        _power_edges(graph, statute, power)
    for delegation in statute.delegations:
        for source, target in delegation_pairs(statute, delegation):
            _edge(
                graph,
                source.id,
                target.id,
                EdgeKind.DELEGATES,
                delegation.provision,
                power=delegation.power,
                scope=_scope_text(delegation.scope),
                subdelegation=delegation.subdelegation,
            )
    return graph


def _edge(
    graph: nx.MultiDiGraph[str],
    source: str,
    target: str,
    kind: EdgeKind,
    provision: ProvisionRef | None,
    **data: object,
) -> None:
    cited = str(provision) if provision else None
    power = data.get("power")
    # One edge per kind and power between two nodes: two delegations of
    # different powers to the same body must not overwrite each other.
    key = f"{kind.value}:{power}" if power else kind.value
    graph.add_edge(
        source, target, key=key, kind=kind.value, provision=cited, **{"power": None, **data}
    )


def _body_edges(graph: nx.MultiDiGraph[str], statute: Statute, body: Body) -> None:
    # A reference to a per-area body from outside it means every area's body.
    fill = body.filled_by
    if fill.by is not None and fill.method in _FILL_EDGES:
        for source in statute.instances(fill.by):
            _edge(
                graph,
                source.id,
                body.id,
                _FILL_EDGES[fill.method],
                fill.provision or body.provision,
            )
    if body.chair is not None and body.chair.from_body is not None:
        for source in statute.instances(body.chair.from_body):
            _edge(graph, source.id, body.id, EdgeKind.CHAIRS, body.chair.provision)
    if body.drawn_from is not None:
        for target in statute.instances(body.drawn_from):
            _edge(graph, body.id, target.id, EdgeKind.MEMBER_OF, body.provision)
    made = body.set_up_by
    if made is not None:
        for source in statute.instances(made.body):
            _edge(graph, source.id, body.id, EdgeKind.SETS_UP, made.provision, power=made.power)


def _power_edges(graph: nx.MultiDiGraph[str], statute: Statute, power: Power) -> None:
    for holder in holders(statute, power):
        _edge(
            graph,
            holder.id,
            power.id,
            EdgeKind.HOLDS,
            power.provision,
            power=power.id,
            scope=_scope_text(power.scope),
        )
    for requirement in power.requires:
        for body in statute.instances(requirement.from_body):
            _edge(
                graph,
                body.id,
                power.id,
                EdgeKind.RECOMMENDS,
                requirement.provision,
                power=power.id,
                requirement=requirement.kind.value,
            )


def holders(statute: Statute, power: Power) -> tuple[Body, ...]:
    """The bodies that originally hold a power, per-area templates expanded."""
    return tuple(body for ref in power.holders for body in statute.instances(ref))


def delegation_pairs(statute: Statute, delegation: Delegation) -> Iterator[tuple[Body, Body]]:
    """(from, to) instances of a delegation; per-area to per-area stays in its area."""
    for source in statute.instances(delegation.from_body):
        for target in statute.instances(delegation.to_body):
            if source.area is None or target.area is None or source.area == target.area:
                yield source, target


def _scope_text(scope: frozenset[Scope]) -> str:
    return ",".join(sorted(s.value for s in scope))


# --- The compiled index -------------------------------------------------------


class Authority:
    """The compiled competence index of one statute."""

    def __init__(self, statute: Statute) -> None:
        expect(statute, Statute, "statute", N_("a Statute (from load)"))
        self.statute = statute
        self.graph: nx.MultiDiGraph[str]
        self._chains: dict[tuple[str, str], tuple[Chain, ...]] = {}
        self._conditions: dict[tuple[str, str], tuple[Condition, ...]] = {}
        self._trees: dict[str, tuple[TreeNode, ...]] = {}
        self._by_body: dict[str, list[str]] = defaultdict(list)
        self._by_power: dict[str, list[str]] = defaultdict(list)
        self._bodies = {b.id: b for b in statute.bodies}
        self._requires: dict[str, tuple[Requirement, ...]] = {}
        #: (body, power, language) -> the statute's own answer (its denial is a text).
        self._static: dict[tuple[str, str, str], Answer] = {}
        self._in_force = statute.metadata.in_force
        self._areas = {a.id for a in statute.areas}
        self._municipalities = set(statute.membership.names if statute.membership else ())
        self._granted_by_lifecycle = statute.lifecycle(LifecycleKind.DELEGATION) is not None
        self._compile()

    def _compile(self) -> None:
        # Compiling allocates many small acyclic values; the cyclic collector
        # would rescan the growing heap again and again for nothing.
        paused = gc.isenabled()
        gc.disable()
        try:
            self.graph = build_graph(self.statute)
            self._compile_powers()
        finally:
            if paused:
                gc.enable()

    def _compile_powers(self) -> None:
        outgoing = _delegations_by_power(self.statute, self._granted_by_lifecycle)
        for power in self.statute.powers:
            found: dict[str, list[Chain]] = defaultdict(list)
            roots = tuple(
                _walk(holder, power, outgoing.get(power.id, {}), found)
                for holder in holders(self.statute, power)
            )
            self._trees[power.id] = roots
            for body_id, chains in found.items():
                self._chains[(body_id, power.id)] = tuple(chains)
                self._conditions[(body_id, power.id)] = tuple(
                    dict.fromkeys(c for chain in chains for c in chain.conditions)
                )
                self._by_body[body_id].append(power.id)
                self._by_power[power.id].append(body_id)
            self._requires[power.id] = tuple(
                Requirement(r.kind.value, r.from_body, r.provision, r.power, r.chair)
                for r in power.requires
            )

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
        """
        _texts(body=body, power=power, phase=phase, municipality=municipality, area=area)
        _texts(person=person)
        _state(state)
        on = _day(on)
        found = self._resolve(body)
        self._check_facts(municipality, area)
        key = (found.instance_of or body, power)
        in_force = self._in_force
        if on is not None and in_force is not None and on < in_force:
            return self._not_in_force(key[0], power, on)
        static = self._static.get((*key, language()))
        if static is None:
            static = self._static_answer(*key)
        if found.instance_of is not None:
            static = as_instance(static, found)
        if static.allowed and state is not None:
            absent = not_set_up(found, state, on)
            if absent is not None:
                return attrs.evolve(static, allowed=False, denials=(absent,), evaluated=True)
        asked = state is not None or any(f is not None for f in (phase, municipality, area, person))
        if not static.allowed or not static.conditions or not asked:
            return static  # refused by the statute itself, or nothing to evaluate
        uses_phase = any(c.scope in _PHASE_SCOPES for c in static.conditions)
        if uses_phase and phase is not None and state is not None and not state.phase_known(phase):
            known = sorted(state.known_phases())
            hint = did_you_mean(phase, known) or _("; no phase of that id is on record")
            raise UnknownName("phase", phase, known, hint)
        query = Query(found, phase, municipality, area, person, state)
        chains = static.chains
        failures = [query.first_failure(chain) for chain in chains]
        granted = tuple(c for c, f in zip(chains, failures, strict=True) if f is None)
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
        )

    def _static_answer(self, body: str, power: str) -> Answer:
        """The answer that depends on the statute alone, made once per pair."""
        self._known(body, power)
        chains = self._chains.get((body, power), ())
        requires = self._requires[power]
        if not chains:
            answer = Answer(body, power, False, (), (self._no_chain(body, power),), (), requires)
        else:
            conditions = set_up_condition(self._bodies[body]) + self._conditions[(body, power)]
            procedure = self._procedure(body, power)
            answer = Answer(
                body, power, True, chains, (), conditions, requires, procedure=procedure
            )
        self._static[(body, power, language())] = answer
        return answer

    def _procedure(self, body: str, power: str) -> Procedure | None:
        """How ``body`` decides when it exercises ``power``, where it decides by vote."""
        found = self._bodies[body]
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
        return Answer(
            body,
            power,
            False,
            self._chains.get((body, power), ()),
            (denial,),
            self._conditions.get((body, power), ()),
            self._requires[power],
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
        found = tuple(self._by_power.get(power, ()))
        return found if state is None else with_instances(self.statute, found, state)

    def expand(self, power: str) -> tuple[TreeNode, ...]:
        """The whole delegation tree of a power, one root per holder."""
        self._known(None, power)
        return self._trees[power]

    def chains(self, body: str, power: str) -> tuple[Chain, ...]:
        """The chains of ``body`` (an instance: its template's) to ``power``."""
        found = self._resolve(body)
        self._known(None, power)
        return self._chains.get((found.instance_of or body, power), ())

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


def _delegations_by_power(
    statute: Statute, granted_by_lifecycle: bool
) -> dict[str, dict[str, list[Step]]]:
    """power -> from-body -> delegation steps, per-area templates expanded."""
    result: dict[str, dict[str, list[Step]]] = defaultdict(lambda: defaultdict(list))
    for delegation in statute.delegations:
        conditional = granted_by_lifecycle or delegation.granted is Grant.DECISION
        for source, target in delegation_pairs(statute, delegation):
            step = Step(
                EdgeKind.DELEGATES,
                source.id,
                target.id,
                delegation.provision,
                delegation.scope,
                subdelegation=delegation.subdelegation,
                delegation=delegation.key if conditional else None,
                max_amount_kr=delegation.max_amount_kr,
            )
            result[delegation.power][source.id].append(step)
    return result


def _walk(
    holder: Body,
    power: Power,
    outgoing: Mapping[str, list[Step]],
    found: dict[str, list[Chain]],
) -> TreeNode:
    root = Step(EdgeKind.HOLDS, holder.id, power.id, power.provision, power.scope, power.assumption)
    return _visit(holder.id, (root,), True, outgoing, found, {holder.id})


def _visit(
    body: str,
    steps: tuple[Step, ...],
    may_pass_on: bool,
    outgoing: Mapping[str, list[Step]],
    found: dict[str, list[Chain]],
    visited: set[str],
) -> TreeNode:
    found[body].append(Chain(steps))
    children = []
    if may_pass_on:
        for step in outgoing.get(body, ()):
            if step.target in visited:
                continue  # a delegation cycle grants nothing new; the linter reports it
            child = _visit(
                step.target,
                (*steps, step),
                step.subdelegation,
                outgoing,
                found,
                visited | {step.target},
            )
            children.append(child)
    return TreeNode(body, steps[-1], tuple(children))
