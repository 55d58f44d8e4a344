"""The competence graph: bodies and powers with typed, cited edges.

``build_graph`` draws the statute as a networkx MultiDiGraph for the exports
and for readers who want to search it themselves; the compiled index and the
linter do not need it, so networkx is imported only when a graph is drawn
(it costs a noticeable share of ``import foreningsregler``). The helpers
here name who holds a power and which pairs of bodies a delegation joins,
per-area templates expanded, for every module of the wing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..statute.model import (
    Body,
    Delegation,
    FillMethod,
    Grant,
    Power,
    ProvisionRef,
    Scope,
    Statute,
)
from .answers import EdgeKind, Step

if TYPE_CHECKING:
    import networkx as nx

_FILL_EDGES = {
    FillMethod.ELECTION: EdgeKind.ELECTS,
    FillMethod.APPOINTMENT: EdgeKind.APPOINTS,
    FillMethod.EMPLOYMENT: EdgeKind.APPOINTS,
    FillMethod.PROCUREMENT: EdgeKind.APPOINTS,
}


def build_graph(statute: Statute) -> nx.MultiDiGraph[str]:
    """Bodies and powers as nodes; elects, appoints, holds, delegates,
    recommends, chairs and member_of edges, each with its provision."""
    import networkx as nx  # only drawing needs it: importing it costs start-up time

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


def _scope_text(scope: frozenset[Scope]) -> str:
    return ",".join(sorted(s.value for s in scope))


def holders(statute: Statute, power: Power) -> tuple[Body, ...]:
    """The bodies that originally hold a power, per-area templates expanded."""
    return tuple(body for ref in power.holders for body in statute.instances(ref))


def delegation_pairs(statute: Statute, delegation: Delegation) -> Iterator[tuple[Body, Body]]:
    """(from, to) instances of a delegation; per-area to per-area stays in its area."""
    for source in statute.instances(delegation.from_body):
        for target in statute.instances(delegation.to_body):
            if source.area is None or target.area is None or source.area == target.area:
                yield source, target


def delegation_steps(
    statute: Statute, granted_by_lifecycle: bool
) -> dict[str, dict[str, list[Step]]]:
    """power -> from-body -> its delegation steps, in file order, per-area templates expanded."""
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


def holding_steps(statute: Statute, power: Power) -> tuple[Step, ...]:
    """The first step of every chain of ``power``: a holder holds it."""
    return tuple(
        Step(EdgeKind.HOLDS, body.id, power.id, power.provision, power.scope, power.assumption)
        for body in holders(statute, power)
    )
