"""The linter's competence rules: a statute whose bodies and powers cannot work.

Each rule is a short function over the statute and its competence graph and
yields findings at the offending element, citing its provision. A per-area
body is reported once, by its template.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from .authority import EdgeKind, build_graph, delegation_pairs, holders
from .model import Body, BodyKind, Delegation, FillMethod, Scope, Statute
from .problems import Finding


def lint_authority(statute: Statute, graph: nx.MultiDiGraph[str] | None = None) -> list[Finding]:
    graph = graph if graph is not None else build_graph(statute)
    legitimate = legitimate_bodies(statute)
    findings = [
        *_illegitimate(statute, legitimate),
        *_cycles(statute, graph),
        *_onward_delegations(statute),
        *_holders(statute),
        *_recommendations(statute, legitimate),
        *_composition(statute),
        *_voting(statute),
    ]
    return sorted(findings, key=lambda f: (f.line or 0, f.column or 0, f.code))


def _finding(statute: Statute, code: str, message: str, element: object) -> Finding:
    where = getattr(element, "location", None)
    cited = getattr(element, "provision", None)
    line, column = (where.line, where.column) if where else (None, None)
    return Finding(code, message, statute.path, line, column, str(cited) if cited else None)


def _templates_once(statute: Statute) -> Iterator[Body]:
    seen: set[str] = set()
    for body in statute.bodies:
        key = body.template or body.id
        if key not in seen:
            seen.add(key)
            yield body


def _label(body: Body) -> str:
    return body.template or body.id


# --- E601 legitimacy ---------------------------------------------------------------


def legitimate_bodies(statute: Statute) -> set[str]:
    """Bodies whose seats trace back to the members through elections and appointments."""
    legitimate: set[str] = set()
    changed = True
    while changed:
        changed = False
        for body in statute.bodies:
            if body.id in legitimate:
                continue
            fill = body.filled_by
            chosen = fill.method is FillMethod.MEMBERSHIP or fill.by in legitimate
            drawn = body.drawn_from is None or body.drawn_from in legitimate
            if chosen and drawn:
                legitimate.add(body.id)
                changed = True
    return legitimate


def _illegitimate(statute: Statute, legitimate: set[str]) -> Iterator[Finding]:
    for body in _templates_once(statute):
        if body.id not in legitimate:
            source = body.filled_by.by or body.drawn_from
            message = (
                f"the seats of {_label(body)} do not trace back to the members "
                f"(filled by {source}, which does not either)"
            )
            yield _finding(statute, "E601", message, body)


# --- E602 cycles, E603 and E604 onward delegation -------------------------------------


def _cycles(statute: Statute, graph: nx.MultiDiGraph[str]) -> Iterator[Finding]:
    for power in statute.powers:
        edges = [
            (u, v)
            for u, v, d in graph.edges(data=True)
            if d["kind"] == EdgeKind.DELEGATES.value and d["power"] == power.id
        ]
        # One finding per set of written delegations, not per area; at the
        # delegation written last, which closes the circle.
        reported: set[frozenset[int]] = set()
        # simple_cycles' order follows string hashing; start each at its least node.
        found: list[list[str]] = list(nx.simple_cycles(nx.DiGraph(edges)))
        cycles = sorted(c[c.index(min(c)) :] + c[: c.index(min(c))] for c in found)
        for cycle in cycles:
            steps = zip(cycle, [*cycle[1:], cycle[0]], strict=True)
            written = [_delegation_between(statute, power.id, u, v) for u, v in steps]
            key = frozenset(id(d) for d in written)
            if key in reported:
                continue
            reported.add(key)
            closing = max(written, key=lambda d: d.location.line if d.location else 0)
            path = " -> ".join([*cycle, cycle[0]])
            yield _finding(statute, "E602", f"{power.id} is delegated in a circle: {path}", closing)


def _delegation_between(statute: Statute, power: str, source: str, target: str) -> Delegation:
    return next(
        d
        for d in statute.delegations
        if d.power == power
        and any((s.id, t.id) == (source, target) for s, t in delegation_pairs(statute, d))
    )


def _onward_delegations(statute: Statute) -> Iterator[Finding]:
    for delegation in statute.delegations:
        power = statute.power(delegation.power)
        holding = {b.id for b in holders(statute, power)}
        for source, _ in delegation_pairs(statute, delegation):
            if source.id in holding:
                continue
            received = [
                d
                for d in statute.delegations
                if d.power == power.id
                and any(t.id == source.id for _, t in delegation_pairs(statute, d))
            ]
            if not received:
                message = (
                    f"{source.id} delegates {power.id}, which it neither holds nor has received"
                )
                yield _finding(statute, "E604", message, delegation)
            elif not any(d.subdelegation for d in received):
                message = (
                    f"{source.id} passes on {power.id}, but no delegation to it "
                    "allows subdelegation"
                )
                yield _finding(statute, "E603", message, delegation)
            break  # one finding per delegation, not per area


# --- E605, E606 holders; E607 recommendations ---------------------------------------------


def _holders(statute: Statute) -> Iterator[Finding]:
    for power in statute.powers:
        if not power.holders:
            yield _finding(statute, "E605", f"no body holds {power.id}", power)
            continue
        bodies = holders(statute, power)
        per_area = Scope.OWN_AREA in power.scope and len(power.holders) == 1
        if power.exclusive and len(bodies) > 1 and not per_area:
            names = ", ".join(b.id for b in bodies)
            message = f"{power.id} is exclusive, but {len(bodies)} bodies hold it: {names}"
            yield _finding(statute, "E606", message, power)


def _recommendations(statute: Statute, legitimate: set[str]) -> Iterator[Finding]:
    for power in statute.powers:
        holding = {b.id for b in holders(statute, power)}
        for requirement in power.requires:
            bodies = statute.instances(requirement.from_body)
            reason = _cannot_recommend(bodies, holding, legitimate)
            if reason:
                message = (
                    f"{power.id} requires a {requirement.kind.value} from "
                    f"{requirement.from_body}, which {reason}"
                )
                yield _finding(statute, "E607", message, requirement)


def _cannot_recommend(bodies: tuple[Body, ...], holding: set[str], legitimate: set[str]) -> str:
    if any(b.id in holding for b in bodies):
        return "holds the power itself"
    if any(b.kind is BodyKind.PARTNER for b in bodies):
        return "is a supplier, not a body of the association"
    if any(b.id not in legitimate for b in bodies):
        return "has no seats traced back to the members"
    return ""


# --- E608, E609 composition; E610, E611 voting ----------------------------------------------


def _composition(statute: Statute) -> Iterator[Finding]:
    for body in _templates_once(statute):
        if body.drawn_from is None:
            continue
        source = statute.body(body.drawn_from)
        if body.size is not None and source.size is not None and body.size > source.size:
            message = (
                f"{_label(body)} has {body.size} seats but is drawn from "
                f"{_label(source)}, which has {source.size}"
            )
            yield _finding(statute, "E608", message, body)
        if body.eligible and source.eligible and not set(body.eligible) & set(source.eligible):
            message = (
                f"{_label(body)} seats {', '.join(body.eligible)}, but "
                f"{_label(source)} seats only {', '.join(source.eligible)}"
            )
            yield _finding(statute, "E609", message, body)


def _voting(statute: Statute) -> Iterator[Finding]:
    rules = {r.id: r for r in statute.voting_rules}
    for rule in statute.voting_rules:
        if rule.threshold is not None and rule.threshold > 1:
            yield _finding(
                statute,
                "E611",
                f"{rule.id} needs {rule.threshold} of the votes, more than all of them",
                rule,
            )
        if (
            rule.quorum is not None
            and rule.quorum.fraction is not None
            and rule.quorum.fraction > 1
        ):
            yield _finding(
                statute,
                "E610",
                f"{rule.id} needs {rule.quorum.fraction} of the "
                "seats present, more than all of them",
                rule,
            )
    for body in _templates_once(statute):
        body_rule = rules.get(body.voting or "")
        quorum = body_rule.quorum if body_rule else None
        if (
            quorum is not None
            and quorum.count is not None
            and body.size is not None
            and quorum.count > body.size
        ):
            message = (
                f"{_label(body)} has {body.size} seats, but its voting rule "
                f"{body.voting} needs {quorum.count} present"
            )
            yield _finding(statute, "E610", message, body)
