"""Statutes side by side: the same questions put to each, every answer cited.

An adviser comparing cooperation models (project by project, an association
with a common core, one joint § 60 company) asks of each the same things: who
may be a member, which bodies there are and how their seats are filled, who
holds which powers, how they vote, how a member hands over competence and
leaves, and how the money is split. ``compare`` answers each aspect for every
statute, in the statute's own terms and with its provisions, so a reader sees
the models differ without reading the files side by side. What changed between
two versions of one statute is another question (a diff, not this).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs

from ..errors import BadArgument, expect
from ..statute.model import Body, Cited, FillMethod, LifecycleKind, ProvisionRef, Statute


@attrs.frozen
class Cell:
    """One statute's answer to one aspect: short texts, each with its citation."""

    items: tuple[tuple[str, str | None], ...]

    @property
    def empty(self) -> bool:
        return not self.items


@attrs.frozen
class Aspect:
    key: str
    title: str
    cells: tuple[Cell, ...]

    @property
    def same(self) -> bool:
        """Every statute gives the same texts (citations aside)."""
        texts = {tuple(text for text, _ in cell.items) for cell in self.cells}
        return len(texts) == 1


@attrs.frozen
class Comparison:
    names: tuple[str, ...]
    aspects: tuple[Aspect, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "statutes": list(self.names),
            "aspects": [
                {
                    "key": a.key,
                    "title": a.title,
                    "same": a.same,
                    "answers": [
                        [{"text": text, "provision": cited} for text, cited in cell.items]
                        for cell in a.cells
                    ],
                }
                for a in self.aspects
            ],
        }


def compare(statutes: Sequence[Statute]) -> Comparison:
    """Every aspect of ``_ASPECTS`` answered for each statute, in order."""
    statutes = _statutes(statutes)
    names = tuple(s.metadata.short_name or s.metadata.name for s in statutes)
    aspects = tuple(
        Aspect(key, title, tuple(Cell(tuple(ask(s))) for s in statutes))
        for key, title, ask in _ASPECTS
    )
    return Comparison(names, aspects)


def _statutes(statutes: object) -> tuple[Statute, ...]:
    """One statute or more, each loaded (``load``); a single statute is no list of them."""
    wanted = "a list of Statutes (from load)"
    if isinstance(statutes, str | Statute):
        raise BadArgument(f"statutes: {wanted}, not one {type(statutes).__name__}")
    expect(statutes, Iterable, "statutes", wanted)
    assert isinstance(statutes, Iterable)
    found = tuple(statutes)
    for statute in found:
        expect(statute, Statute, "statutes", wanted)
    if not found:
        raise BadArgument(f"statutes: {wanted}; there is nothing to compare in none")
    return found


Items = Iterator[tuple[str, str | None]]


def _cite(element: Cited | None) -> str | None:
    ref: ProvisionRef | None = element.provision if element is not None else None
    if ref is None:
        return None
    return str(ref) + (" (assumption)" if element is not None and element.assumption else "")


def _legal_basis(statute: Statute) -> Items:
    basis = statute.metadata.legal_basis
    if basis is not None:
        changes = f", changed under {basis.changes}" if basis.changes else ""
        yield f"{basis.law}{changes}", _cite(basis)


def _members(statute: Statute) -> Items:
    membership = statute.membership
    if membership is None:
        return
    if membership.eligible:
        yield membership.eligible, _cite(membership)
    roster = membership.roster
    if roster:
        kinds = Counter(m.kind.value for m in roster)
        named = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        yield f"{len(roster)} named members ({named})", _cite(membership)
    for rule in membership.kinds:
        yield f"{rule.kind.value}: {'open' if rule.open else 'closed'}", _cite(rule)
    if membership.admission is not None:
        by = membership.admission.by or "no body"
        yield f"admitted by {by}", _cite(membership.admission)
    if membership.exclusion is not None:
        yield f"excluded by {membership.exclusion.by}", _cite(membership.exclusion)
    for klass in membership.classes:
        paid = f", paid by {klass.paid_by}" if klass.paid_by else ""
        yield f"class {klass.id}{paid}", _cite(klass)
    for partner in membership.partners:
        yield f"partner (not a member): {partner.name}", _cite(partner)
    if membership.core is not None:
        by = f", extended by {membership.core.extended_by}" if membership.core.extended_by else ""
        yield f"a common core of phases{by}", _cite(membership.core)


def _seats(statute: Statute, body: Body) -> str:
    size = body.size
    seats = "one seat per member" if size is None else f"{size} seat{'s' if size != 1 else ''}"
    if body.of_participants:
        seats = "one seat per participant of its phase"
    fill = body.filled_by
    how = fill.method.value + (f" by {_written(statute, fill.by)}" if fill.by else "")
    term = f", {fill.term_years}-year term" if fill.term_years else ""
    term += ", term to the end of the municipal election period" if fill.term else ""
    interim = ", until the founding" if body.interim else ""
    return f"{seats}, {how}{term}{interim}"


def _bodies(statute: Statute) -> Items:
    seen: set[str] = set()
    for body in statute.bodies:
        written = body.template or body.id
        if written in seen:
            continue
        seen.add(written)
        per_area = " per area" if body.template else ""
        yield f"{written} ({body.kind.value}{per_area}): {_seats(statute, body)}", _cite(body)


def _powers(statute: Statute) -> Items:
    holders: Counter[str] = Counter()
    for power in statute.powers:
        for holder in power.holders:
            holders[holder] += 1
    for holder, count in holders.most_common():
        body = next((b for b in statute.bodies if (b.template or b.id) == holder), None)
        yield f"{holder}: {count}", _cite(body)


def _reserved(statute: Statute) -> Items:
    """Powers the statute keeps for one body alone (exclusive)."""
    for power in statute.powers:
        if power.exclusive:
            yield f"{power.id} ({', '.join(power.holders)})", _cite(power)


def _priors(statute: Statute) -> Items:
    for power in statute.powers:
        for requirement in power.requires:
            who = f"the chair of {requirement.from_body}" if requirement.chair else None
            text = f"{power.id} needs {requirement.kind.value} of {who or requirement.from_body}"
            yield text, _cite(requirement)


def _voting(statute: Statute) -> Items:
    for rule in statute.voting_rules:
        majority = rule.majority.value + (f" {rule.threshold}" if rule.threshold else "")
        quorum = ""
        if rule.quorum is not None:
            quorum = f", quorum {rule.quorum.fraction or rule.quorum.count}"
        yield f"{rule.id}: {majority} of {rule.base.value}{quorum}", _cite(rule)


def _written(statute: Statute, body_id: str) -> str:
    """A body as the file writes it: a per-area instance by its template."""
    body = next((b for b in statute.bodies if b.id == body_id), None)
    return body.template or body.id if body is not None else body_id


def _delegations(statute: Statute) -> Items:
    seen: set[str] = set()
    for delegation in statute.delegations:
        to, by = _written(statute, delegation.to_body), _written(statute, delegation.from_body)
        text = f"{delegation.power}: {by} to {to}"
        if delegation.max_amount_kr is not None:
            text += f", at most {delegation.max_amount_kr} kr. per act"
        if text not in seen:
            seen.add(text)
            yield text, _cite(delegation)


def _handover(statute: Statute) -> Items:
    """How a member hands over competence: to the association, or phase by phase."""
    for lifecycle in statute.lifecycles:
        if lifecycle.kind in (LifecycleKind.MEMBERSHIP, LifecycleKind.PHASE):
            yield f"{lifecycle.kind.value}: {lifecycle.name}", _cite(lifecycle)


def _withdrawal(statute: Statute) -> Items:
    withdrawal = statute.membership.withdrawal if statute.membership else None
    if withdrawal is None:
        return
    notice = []
    if withdrawal.notice_months:
        notice.append(f"{withdrawal.notice_months} months' notice")
    if withdrawal.notice_to is not None:
        notice.append(f"to the end of a {withdrawal.notice_to.value}")
    text = f"earliest at {withdrawal.earliest}" + (f", {', '.join(notice)}" if notice else "")
    yield text, _cite(withdrawal)


def _money(statute: Statute) -> Items:
    for rule in statute.money_rules:
        split = f", split by {rule.split.by} among {rule.split.among}" if rule.split else ""
        yield f"{rule.id} ({rule.kind.value}){split}", _cite(rule)


def _obligations(statute: Statute) -> Items:
    if statute.membership is not None:
        for obligation in statute.membership.obligations:
            yield obligation.kind, _cite(obligation)


def _clauses(statute: Statute) -> Items:
    parts: tuple[tuple[str, Cited | None], ...] = (
        *statute.clauses.items(),
        ("signing", statute.signing),
        ("power of attorney", statute.signing.attorney if statute.signing else None),
    )
    for name, clause in parts:
        if clause is not None:
            yield name, _cite(clause)


def _staff(statute: Statute) -> Items:
    """Bodies of employees or suppliers rather than of members' representatives."""
    for body in statute.bodies:
        if body.filled_by.method in (FillMethod.EMPLOYMENT, FillMethod.PROCUREMENT):
            yield body.id, _cite(body)


_ASPECTS: tuple[tuple[str, str, Callable[[Statute], Items]], ...] = (
    ("legal_basis", "Legal basis", _legal_basis),
    ("members", "Who may be a member", _members),
    ("bodies", "Bodies and their seats", _bodies),
    ("staff", "Staff and suppliers", _staff),
    ("powers", "Powers per body", _powers),
    ("reserved", "Powers reserved to one body", _reserved),
    ("priors", "Decisions that need another body first", _priors),
    ("voting", "Voting rules", _voting),
    ("delegations", "Delegations", _delegations),
    ("handover", "How a member hands over competence", _handover),
    ("withdrawal", "Withdrawal", _withdrawal),
    ("money", "Money", _money),
    ("obligations", "Duties of members", _obligations),
    ("clauses", "Standard clauses", _clauses),
)
