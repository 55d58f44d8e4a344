"""The linter's competence rules: a statute whose bodies and powers cannot work.

Each rule (E601-E612; those of composition, E630-E634 and W415, in
``lint_composition``) is one short function over the statute (and, for
cycles, its competence graph) that yields findings at the offending element,
citing its provision. A per-area body is written once and reported once, by
its template, as ``Statute.elements()`` does. A reference to a per-area
template from outside it (``drawn_from: udvalg`` in a body that is not per
area) means every area's instance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..i18n import N_, _, shown_number
from ..statute.model import (
    Body,
    BodyKind,
    Cited,
    Delegation,
    FillMethod,
    Location,
    Majority,
    Power,
    Scope,
    Statute,
    VotingRule,
)
from ..statute.problems import Finding
from .chains import circles, least_circle
from .graph import delegation_pairs, holders
from .lint_composition import lint_composition
from .setup_lint import participants_without_phases, set_up_cycles, set_up_without_power
from .wording import required

if TYPE_CHECKING:
    import networkx as nx


def lint_authority(statute: Statute, graph: nx.MultiDiGraph[str] | None = None) -> list[Finding]:
    """Every E6xx finding of a loaded statute, in file order.

    ``graph`` is accepted for callers that drew it already, and not needed:
    every rule reads the statute itself.
    """
    del graph
    legitimate = legitimate_bodies(statute)
    findings = [
        *illegitimate_bodies(statute, legitimate),
        *delegation_cycles(statute),
        *subdelegations_not_allowed(statute),
        *delegations_of_powers_not_held(statute),
        *powers_without_holder(statute),
        *exclusive_powers_shared(statute),
        *impossible_recommendations(statute, legitimate),
        *bodies_drawn_from_smaller(statute),
        *unfillable_roles(statute),
        *unreachable_quorums(statute),
        *unreachable_majorities(statute),
        *impossible_signing(statute),
        *set_up_without_power(statute),
        *set_up_cycles(statute),
        *participants_without_phases(statute),
        *lint_composition(statute),
    ]
    return sorted(findings, key=lambda f: (f.line or 0, f.column or 0, f.code))


# --- Helpers ------------------------------------------------------------------------


def _finding(statute: Statute, code: str, message: str, element: Cited) -> Finding:
    """A finding at ``element``'s place, citing its provision."""
    return _cited_finding(statute, code, message, element, element)


def _cited_finding(
    statute: Statute, code: str, message: str, where: Cited, cited: Cited
) -> Finding:
    """A finding at ``where``'s place, citing ``cited``'s provision."""
    return Finding.at(statute.path, code, message, where, cited)


def _written_bodies(statute: Statute) -> Iterator[Body]:
    return statute.written_bodies()


def _label(body: Body) -> str:
    return body.written_id


def _sources(statute: Statute, body: Body) -> tuple[Body, ...]:
    """The bodies ``body`` is drawn from: none, one, or every area's instance."""
    return statute.instances(body.drawn_from) if body.drawn_from is not None else ()


def _all_in(statute: Statute, ref: str, bodies: set[str]) -> bool:
    instances = statute.instances(ref)
    return bool(instances) and all(b.id in bodies for b in instances)


# --- E601 illegitimate-body -----------------------------------------------------------


def legitimate_bodies(statute: Statute) -> set[str]:
    """Bodies whose seats trace back to the members through elections and appointments.

    A body filled by membership is legitimate, and so is one the statute the
    members adopt designates by name; so is one elected, appointed, employed or
    procured by a legitimate body. A body drawn from another must
    in addition draw from a legitimate one.
    """
    legitimate: set[str] = set()
    changed = True
    while changed:
        changed = False
        for body in statute.bodies:
            if body.id not in legitimate and not _illegitimacy(statute, body, legitimate):
                legitimate.add(body.id)
                changed = True
    return legitimate


#: Seats that come from the members directly: their own representatives, or
#: the people the statute they adopt names.
_ROOTS = frozenset({FillMethod.MEMBERSHIP, FillMethod.DESIGNATION})


def _illegitimacy(statute: Statute, body: Body, legitimate: set[str]) -> str:
    """Why ``body`` is not (yet) legitimate, or "" if it is."""
    fill = body.filled_by
    if fill.method not in _ROOTS:
        if fill.by is None:
            return _("{method} by no body", method=fill.method.value)
        if not _all_in(statute, fill.by, legitimate):
            return _(
                "{method} by {body}, which does not either", method=fill.method.value, body=fill.by
            )
    if body.drawn_from is not None and not _all_in(statute, body.drawn_from, legitimate):
        return _("drawn from {body}, which does not either", body=body.drawn_from)
    return ""


def illegitimate_bodies(statute: Statute, legitimate: set[str]) -> Iterator[Finding]:
    """E601: a body whose seats do not trace back to the members."""
    for body in _written_bodies(statute):
        if body.id not in legitimate:
            reason = _illegitimacy(statute, body, legitimate)
            message = _(
                "the seats of {body} do not trace back to the members ({reason})",
                body=_label(body),
                reason=reason,
            )
            yield _finding(statute, "E601", message, body)


# --- E602 delegation-cycle ---------------------------------------------------------------


def delegation_cycles(statute: Statute) -> Iterator[Finding]:
    """E602: delegations of one power that lead back to where they started.

    One finding per strongly connected component of a power's delegations
    (bodies each of which passes the power on, through the others, back to
    itself), however many simple circles run through it, and one per set of
    written delegations (not per area); at the delegation written last in
    the file, the one that closes the circle. Where the written delegations
    make a single circle it is shown as a path; else the component's bodies
    and the provisions of its delegations are named.
    """
    written = _written_delegations(statute)
    edges: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for power_id, source, target in written:
        edges[power_id][source].append(target)
    for power in statute.powers:
        graph = edges.get(power.id)
        if graph is None:
            continue
        reported: set[frozenset[int]] = set()
        for component in circles(graph):
            members = set(component)
            delegations = {
                id(d): d
                for (p, source, target), d in written.items()
                if p == power.id and source in members and target in members
            }
            key = frozenset(delegations)
            if key in reported:
                continue
            reported.add(key)
            found = list(delegations.values())
            closing = max(found, key=lambda d: d.location or Location(0, 0))
            message = _circle_message(statute, power.id, component, graph, found)
            yield _finding(statute, "E602", message, closing)


def _circle_message(
    statute: Statute,
    power: str,
    component: list[str],
    graph: dict[str, list[str]],
    delegations: list[Delegation],
) -> str:
    """The circle as a path, or the component's bodies and provisions where
    its written delegations make more than one circle."""
    members = set(component)
    written_bodies = {b.written_id for b in statute.bodies if b.id in members}
    if len(delegations) == len(written_bodies):
        circle = least_circle(component, graph)
        path = " -> ".join([*circle, circle[0]])
        return _("{power} is delegated in a circle: {path}", power=power, path=path)
    ordered = sorted(delegations, key=lambda d: d.location or Location(0, 0))
    provisions = dict.fromkeys(str(d.provision) for d in ordered if d.provision is not None)
    return _(
        "{power} is delegated in circles among {count} bodies, {bodies}, "
        "by {delegations} delegations ({provisions})",
        power=power,
        count=shown_number(len(component)),
        bodies=", ".join(b.id for b in statute.bodies if b.id in members),
        delegations=shown_number(len(delegations)),
        provisions="; ".join(provisions) or _("no provision"),
    )


def _written_delegations(statute: Statute) -> dict[tuple[str, str, str], Delegation]:
    """(power, from, to) between instances -> the first delegation that draws it."""
    written: dict[tuple[str, str, str], Delegation] = {}
    for delegation in statute.delegations:
        for source, target in delegation_pairs(statute, delegation):
            written.setdefault((delegation.power, source.id, target.id), delegation)
    return written


# --- E603 subdelegation-not-allowed, E604 delegates-power-not-held ----------------------


def _received(statute: Statute) -> dict[tuple[str, str], list[Delegation]]:
    """(power, body instance) -> the delegations that give the body the power."""
    received: dict[tuple[str, str], list[Delegation]] = defaultdict(list)
    for delegation in statute.delegations:
        for _source, target in delegation_pairs(statute, delegation):
            received[(delegation.power, target.id)].append(delegation)
    return received


def _onward(statute: Statute) -> Iterator[tuple[Delegation, Body, list[Delegation]]]:
    """(delegation, source, what the source received) where the source does not hold it."""
    received = _received(statute)
    for delegation in statute.delegations:
        holding = {b.id for b in holders(statute, statute.power(delegation.power))}
        sources = dict.fromkeys(s.id for s, _ in delegation_pairs(statute, delegation))
        for source in sources:
            if source not in holding:
                yield delegation, statute.body(source), received[(delegation.power, source)]


def subdelegations_not_allowed(statute: Statute) -> Iterator[Finding]:
    """E603: a delegate passes a power on, but no delegation to it allows that."""
    reported: set[int] = set()
    for delegation, source, received in _onward(statute):
        allowed = any(d.subdelegation for d in received)
        if received and not allowed and id(delegation) not in reported:
            reported.add(id(delegation))
            message = _(
                "{body} passes on {power}, but no delegation to it allows subdelegation",
                body=_label(source),
                power=delegation.power,
            )
            yield _finding(statute, "E603", message, delegation)


def delegations_of_powers_not_held(statute: Statute) -> Iterator[Finding]:
    """E604: a body delegates a power it neither holds nor has received."""
    reported: set[int] = set()
    for delegation, source, received in _onward(statute):
        if not received and id(delegation) not in reported:
            reported.add(id(delegation))
            message = _(
                "{body} delegates {power}, which it neither holds nor has received",
                body=_label(source),
                power=delegation.power,
            )
            yield _finding(statute, "E604", message, delegation)


# --- E605 power-without-holder, E606 exclusive-power-shared -------------------------------


def powers_without_holder(statute: Statute) -> Iterator[Finding]:
    """E605: a power that no body holds."""
    for power in statute.powers:
        if not holders(statute, power):
            yield _finding(statute, "E605", _("no body holds {power}", power=power.id), power)


def exclusive_powers_shared(statute: Statute) -> Iterator[Finding]:
    """E606: an exclusive power held by more than one body (instances counted).

    A per-area holder of a power scoped to ``own_area`` holds it once in
    each area; every other instance is one more holder.
    """
    for power in statute.powers:
        if not power.exclusive:
            continue
        sharing = _sharing_holders(statute, power)
        if sharing:
            names = {
                "power": power.id,
                "count": shown_number(len(sharing)),
                "bodies": ", ".join(b.id for b in sharing),
            }
            if Scope.OWN_AREA in power.scope:
                message = _(
                    "{power} is exclusive, but {count} bodies hold it in one area: {bodies}",
                    **names,
                )
            else:
                message = _("{power} is exclusive, but {count} bodies hold it: {bodies}", **names)
            yield _finding(statute, "E606", message, power)


def _sharing_holders(statute: Statute, power: Power) -> tuple[Body, ...]:
    """Holders that would exercise the power side by side, or () if there is one."""
    bodies = tuple({b.id: b for b in holders(statute, power)}.values())
    if Scope.OWN_AREA not in power.scope:
        return bodies if len(bodies) > 1 else ()
    everywhere = [b for b in bodies if b.area is None]
    groups = [everywhere] + [
        [*everywhere, *(b for b in bodies if b.area == area.id)] for area in statute.areas
    ]
    return next((tuple(g) for g in groups if len(g) > 1), ())


# --- E607 recommendation-impossible --------------------------------------------------------


def impossible_recommendations(statute: Statute, legitimate: set[str]) -> Iterator[Finding]:
    """E607: a required recommendation, proposal or consultation no one can give."""
    for power in statute.powers:
        holding = {b.id for b in holders(statute, power)}
        for requirement in power.requires:
            bodies = statute.instances(requirement.from_body)
            reason = _cannot_recommend(bodies, holding, legitimate)
            if reason:
                message = _(
                    reason,
                    power=power.id,
                    kind=required(requirement.kind.value),
                    body=requirement.from_body,
                )
                yield _finding(statute, "E607", message, requirement)


def _cannot_recommend(bodies: tuple[Body, ...], holding: set[str], legitimate: set[str]) -> str:
    """Why no one of ``bodies`` can give what a power requires: a message id, or ""."""
    if any(b.id in holding for b in bodies):
        return N_("{power} requires a {kind} from {body}, which holds the power itself")
    if any(b.kind is BodyKind.PARTNER for b in bodies):
        return N_(
            "{power} requires a {kind} from {body}, which is a supplier, "
            "not a body of the association"
        )
    if any(b.id not in legitimate for b in bodies):
        return N_(
            "{power} requires a {kind} from {body}, which has no seats traced back to the members"
        )
    return ""


# --- E608 drawn-from-smaller-body, E609 role-unfillable --------------------------------------


def bodies_drawn_from_smaller(statute: Statute) -> Iterator[Finding]:
    """E608: more seats than the body the seats are drawn from has.

    A body with ``seats: members`` has as many seats as there are members:
    nothing to compare, on either side.
    """
    for body in _written_bodies(statute):
        size = body.size
        if size is None:
            continue
        smaller = [s for s in _sources(statute, body) if s.size is not None and s.size < size]
        if smaller:
            source = smaller[0]
            message = _(
                "{body} has {size} seats but is drawn from {source}, which has {source_size}",
                body=_label(body),
                size=size,
                source=_label(source),
                source_size=source.size,
            )
            yield _finding(statute, "E608", message, body)


def unfillable_roles(statute: Statute) -> Iterator[Finding]:
    """E609: a body's eligible roles share none with those of the body it is drawn from."""
    for body in _written_bodies(statute):
        if not body.eligible:
            continue
        wanted = set(body.eligible)
        for source in _sources(statute, body):
            if source.eligible and not wanted & set(source.eligible):
                message = _(
                    "{body} seats {roles}, but {source} seats only {source_roles}",
                    body=_label(body),
                    roles=", ".join(body.eligible),
                    source=_label(source),
                    source_roles=", ".join(source.eligible),
                )
                yield _finding(statute, "E609", message, body)
                break


# --- E610 quorum-unreachable, E611 majority-unreachable --------------------------------------


def unreachable_quorums(statute: Statute) -> Iterator[Finding]:
    """E610: a quorum the body that votes by it can never reach.

    Checked for a body's own voting rule (at the body), a power's rule
    (at the power, against each holder) and the exclusion rule (at the
    exclusion, against the excluding bodies); always citing the rule.
    """
    rules = {r.id: r for r in statute.voting_rules}
    for body in _written_bodies(statute):
        rule = rules.get(body.voting) if body.voting else None
        shortfall = _quorum_shortfall(rule, body) if rule else ""
        if rule and shortfall:
            message = _(
                "{body} votes by {rule}, but {shortfall}",
                body=_label(body),
                rule=rule.id,
                shortfall=shortfall,
            )
            yield _cited_finding(statute, "E610", message, body, rule)
    for power in statute.powers:
        rule = rules.get(power.voting) if power.voting else None
        if rule:
            yield from _quorum_of(statute, rule, power, holders(statute, power), power.id)
    exclusion = statute.membership.exclusion if statute.membership else None
    rule = rules.get(exclusion.voting) if exclusion and exclusion.voting else None
    if exclusion and rule:
        yield from _quorum_of(
            statute, rule, exclusion, statute.instances(exclusion.by), _("exclusion")
        )


def _quorum_of(
    statute: Statute, rule: VotingRule, where: Cited, bodies: tuple[Body, ...], what: str
) -> Iterator[Finding]:
    for body in bodies:
        shortfall = _quorum_shortfall(rule, body)
        if shortfall:
            message = _(
                "{what} is decided by {body} under {rule}, but {shortfall}",
                what=what,
                body=_label(body),
                rule=rule.id,
                shortfall=shortfall,
            )
            yield _cited_finding(statute, "E610", message, where, rule)
            return


def _quorum_shortfall(rule: VotingRule, body: Body) -> str:
    """Why ``body`` cannot reach ``rule``'s quorum, or ""."""
    quorum = rule.quorum
    if quorum is None:
        return ""
    if quorum.fraction is not None and quorum.fraction > 1:
        return _(
            "its quorum of {fraction} of the seats is more than all of them",
            fraction=quorum.fraction,
        )
    if quorum.count is not None and body.size is not None and quorum.count > body.size:
        return _(
            "its quorum of {count} present is more than the {size} seats",
            count=quorum.count,
            size=body.size,
        )
    return ""


def unreachable_majorities(statute: Statute) -> Iterator[Finding]:
    """E611: a qualified majority that needs more than all the votes."""
    for rule in statute.voting_rules:
        threshold = rule.threshold
        if rule.majority is Majority.QUALIFIED and threshold is not None and threshold > 1:
            message = _(
                "{rule} needs {threshold} of the votes, more than all of them",
                rule=rule.id,
                threshold=threshold,
            )
            yield _finding(statute, "E611", message, rule)


def impossible_signing(statute: Statute) -> Iterator[Finding]:
    """E612: a signing alternative asking more of a body than it has, or its chair
    where the statute gives it none."""
    signing = statute.signing
    if signing is None:
        return
    for number, alternative in enumerate(signing.alternatives, start=1):
        wanted: dict[str, int] = defaultdict(int)
        for signers in alternative:
            wanted[signers.body] += 1 if signers.chair else signers.count
        for ref, count in wanted.items():
            bodies = statute.instances(ref)
            if not bodies:
                continue  # E301 has reported it
            body = bodies[0]
            names = {"number": number, "body": ref}
            if any(s.chair and s.body == ref for s in alternative) and body.chair is None:
                message = _(
                    "signing alternative {number} needs the chair of {body}, which has none",
                    **names,
                )
                yield _finding(statute, "E612", message, signing)
            chairs = sum(1 for s in alternative if s.chair and s.body == ref)
            if chairs > len(bodies):
                message = _(
                    "signing alternative {number} needs the chair of {body} {chairs} times; "
                    "distinct signers cannot fill it",
                    chairs=chairs,
                    **names,
                )
                yield _finding(statute, "E612", message, signing)
            if body.size is not None and count > body.size:
                message = _(
                    "signing alternative {number} needs {count} signers from {body}, "
                    "which has {size} seats",
                    count=count,
                    size=body.size,
                    **names,
                )
                yield _finding(statute, "E612", message, signing)
