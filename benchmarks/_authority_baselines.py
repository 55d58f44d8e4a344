"""The baselines of benchmarks/authority.py: the same question answered three other ways.

Each answers "may this body exercise this power, with these facts, on this
state?" as ``Authority.check`` does (rules 1-8 of ``authority.index``): a
chain of delegations from a holder, sub-delegation honoured, every scope of
every step tested against the facts and the state, a delegation granted by a
lifecycle only while the state does not withhold it, a body set up by decision
only while it exists.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

import networkx as nx

from foreningsregler.authority.answers import AuthorityState, Chain
from foreningsregler.authority.index import Authority
from foreningsregler.authority.query import Query
from foreningsregler.statute.model import Body, Grant, LifecycleKind, Scope, Statute


class Question(NamedTuple):
    body: str
    power: str
    phase: str | None = None
    municipality: str | None = None
    area: str | None = None
    person: str | None = None


# --- Scopes, as every baseline tests them ---------------------------------------------


def scope_holds(scope: Scope, body: Body, q: Question, state: AuthorityState) -> bool:
    """One scope of a step, for the acting body ``body`` of the question."""
    if scope is Scope.OWN_AREA:
        return q.area is not None and q.area == body.area
    if scope is Scope.OWN_MUNICIPALITY:
        return (
            q.municipality is not None
            and q.person is not None
            and state.seat_municipality(body.id, q.person) == q.municipality
        )
    if q.phase is None:
        return False
    if scope is Scope.ADOPTED_PHASES:
        return state.phase_adopted(q.phase)
    if scope is Scope.RUNNING_PHASES:
        return state.phase_running(q.phase)
    return q.municipality is not None and state.participates(q.municipality, q.phase)


def exists(body: Body, state: AuthorityState) -> bool:
    """A body set up by decision acts only while the state has it set up."""
    if body.set_up_by is None:
        return True
    record = None if body.many else state.set_up(body.id)
    return record is not None and record.dissolved is None


# --- (a) The plain search over the Statute objects ---------------------------------------


def plain_answer(statute: Statute, state: AuthorityState, q: Question) -> bool:
    """A depth-first search over (body, may pass on), nothing precomputed."""
    body = statute.body(q.body)
    if not exists(body, state):
        return False
    power = statute.power(q.power)
    verdicts: dict[Scope, bool] = {}

    def holds(scopes: frozenset[Scope]) -> bool:
        for scope in scopes:
            verdict = verdicts.get(scope)
            if verdict is None:
                verdict = verdicts[scope] = scope_holds(scope, body, q, state)
            if not verdict:
                return False
        return True

    if not holds(power.scope):
        return False
    by_lifecycle = statute.lifecycle(LifecycleKind.DELEGATION) is not None
    delegations = [d for d in statute.delegations if d.power == q.power]
    stack = [(h, True) for ref in power.holders for h in statute.instances(ref)]
    seen = {(h.id, True) for h, _ in stack}
    while stack:
        current, may_pass = stack.pop()
        if current.id == q.body:
            return True
        if not may_pass:
            continue
        for delegation in delegations:
            if delegation.from_body not in (current.id, current.template):
                continue
            for target in statute.instances(delegation.to_body):
                if current.area is not None and target.area not in (None, current.area):
                    continue
                key = (target.id, delegation.subdelegation)
                if key in seen or not holds(delegation.scope):
                    continue
                granted = by_lifecycle or delegation.granted is Grant.DECISION
                if granted and state.withheld(delegation.key, target.id) is not None:
                    continue
                seen.add(key)
                stack.append((target, delegation.subdelegation))
    return False


# --- (c) The old naive search of the networkx graph -------------------------------------


def naive_answer(
    statute: Statute, graph: nx.MultiDiGraph[str], state: AuthorityState, q: Question
) -> bool:
    """Search the graph for this question alone, scopes read from the edges' text."""
    body = statute.body(q.body)
    if not exists(body, state):
        return False
    frontier = [
        (u, _scope(d), True)
        for u, _, d in graph.in_edges(q.power, data=True)
        if d["kind"] == "holds"
    ]
    seen = {(u, True) for u, _, _ in frontier}
    by_lifecycle = statute.lifecycle(LifecycleKind.DELEGATION) is not None
    while frontier:
        current, scope, may_pass = frontier.pop()
        if current == q.body and all(scope_holds(s, body, q, state) for s in scope):
            return True
        if not may_pass:
            continue
        for _, target, data in graph.out_edges(current, data=True):
            if data["kind"] != "delegates" or data["power"] != q.power:
                continue
            key = (target, bool(data["subdelegation"]))
            if key in seen or _withheld(statute, state, by_lifecycle, q.power, current, target):
                continue
            seen.add(key)
            frontier.append((target, scope | _scope(data), bool(data["subdelegation"])))
    return False


def _scope(data: dict[str, Any]) -> frozenset[Scope]:
    text = data.get("scope")
    return frozenset(Scope(s) for s in str(text).split(",") if s) if text else frozenset()


def _withheld(
    statute: Statute,
    state: AuthorityState,
    by_lifecycle: bool,
    power: str,
    source: str,
    target: str,
) -> bool:
    for d in statute.delegations:
        if d.power != power or not (by_lifecycle or d.granted is Grant.DECISION):
            continue
        sources = {b.id for b in statute.instances(d.from_body)}
        if source in sources and target in {b.id for b in statute.instances(d.to_body)}:
            return state.withheld(d.key, target) is not None
    return False


# --- (b) pycasbin ---------------------------------------------------------------------------

#: RBAC with domains; the request's action, domain and object are compared
#: before ``g()``, which is the costly part (pycasbin evaluates left to right).
CASBIN_MODEL = """
[request_definition]
r = sub, dom, obj, act
[policy_definition]
p = sub, dom, obj, act
[role_definition]
g = _, _, _
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = r.act == p.act && r.dom == p.dom && r.obj == p.obj && g(r.sub, p.sub, r.dom)
"""
#: FastEnforcer's cache key orders (its policy cache is two keys deep): the
#: benchmark uses the one that measures fastest.
CACHE_KEY_ORDERS = tuple(itertools.permutations((1, 2, 3), 2))


def casbin_request(q: Question) -> tuple[str, str, str, str]:
    """The question as a request: the phase is the domain, the other facts the object."""
    obj = "|".join(v or "*" for v in (q.municipality, q.area, q.person))
    return q.body, q.phase or "*", obj, q.power


def casbin_enforcer(
    statute: Statute,
    state: AuthorityState,
    questions: Iterable[Question],
    kind: Any,
    order: tuple[int, ...] = (3, 1),
) -> Any:
    """A role per chain, granted in each (domain, object) of the questions where
    every step of the chain holds on ``state``: the policy a casbin user writes
    for this state (it must be rewritten when the state changes)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.conf"
        path.write_text(CASBIN_MODEL, "utf-8")
        if kind.__name__ == "FastEnforcer":
            enforcer = kind(str(path), cache_key_order=list(order))
        else:
            enforcer = kind(str(path))
    authority = Authority(statute)
    for q in questions:
        body = statute.body(q.body)
        if not exists(body, state):
            continue
        sub, dom, obj, act = casbin_request(q)
        query = Query(body, q.phase, q.municipality, q.area, q.person, state)
        for number, chain in enumerate(authority.chains(q.body, q.power)):
            if _chain_holds(query, chain):
                role = f"{act}#{sub}#{number}"
                enforcer.add_policy(role, dom, obj, act)
                enforcer.add_grouping_policy(sub, role, dom)
    return enforcer


def _chain_holds(query: Query, chain: Chain) -> bool:
    return query.first_failure(chain) is None


def casbin_answer(enforcer: Any, q: Question) -> bool:
    return bool(enforcer.enforce(*casbin_request(q)))
