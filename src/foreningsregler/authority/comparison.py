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
from ..i18n import N_, _, ngettext, shown_number
from ..statute.calendar import PeriodEnd
from ..statute.model import Body, Cited, FillMethod, LifecycleKind, ProvisionRef, Statute
from .wording import required


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
    title: str  # in the language of the comparison
    cells: tuple[Cell, ...]

    @property
    def same(self) -> bool:
        """Every statute gives the same texts (citations aside)."""
        texts = {tuple(text for text, _cited in cell.items) for cell in self.cells}
        return len(texts) == 1


@attrs.frozen
class Comparison:
    """Statutes compared side by side: for each aspect, what each statute says."""

    names: tuple[str, ...]
    aspects: tuple[Aspect, ...]

    def to_json(self) -> dict[str, object]:
        """The comparison as plain JSON data: the statutes' names and each aspect."""
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
    """Every aspect of ``_ASPECTS`` answered for each statute, in order, in
    the current language (the statutes' own names and ids as they are)."""
    statutes = _statutes(statutes)
    names = tuple(s.metadata.short_name or s.metadata.name for s in statutes)
    aspects = tuple(
        Aspect(key, _(title), tuple(Cell(tuple(ask(s))) for s in statutes))
        for key, title, ask in _ASPECTS
    )
    return Comparison(names, aspects)


def _statutes(statutes: object) -> tuple[Statute, ...]:
    """One statute or more, each loaded (``load``); a single statute is no list of them."""
    wanted = N_("a list of Statutes (from load)")
    if isinstance(statutes, str | Statute):
        raise BadArgument(
            _(
                "statutes: {wanted}, not one {type}",
                wanted=_(wanted),
                type=type(statutes).__name__,
            )
        )
    expect(statutes, Iterable, "statutes", wanted)
    assert isinstance(statutes, Iterable)
    found = tuple(statutes)
    for statute in found:
        expect(statute, Statute, "statutes", wanted)
    if not found:
        raise BadArgument(
            _("statutes: {wanted}; there is nothing to compare in none", wanted=_(wanted))
        )
    return found


Items = Iterator[tuple[str, str | None]]


def _cite(element: Cited | None) -> str | None:
    ref: ProvisionRef | None = element.provision if element is not None else None
    if ref is None:
        return None
    if element is not None and element.assumption:
        return _("{provision} (assumption)", provision=str(ref))
    return str(ref)


def _legal_basis(statute: Statute) -> Items:
    basis = statute.metadata.legal_basis
    if basis is not None and basis.changes:
        yield (
            _("{law}, changed under {changes}", law=basis.law, changes=basis.changes),
            _cite(basis),
        )
    elif basis is not None:
        yield basis.law, _cite(basis)


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
        text = ngettext(
            "{count} named member ({kinds})",
            "{count} named members ({kinds})",
            len(roster),
            kinds=named,
        )
        yield text, _cite(membership)
    for rule in membership.kinds:
        kind = rule.kind.value
        yield (
            _("{kind}: open", kind=kind) if rule.open else _("{kind}: closed", kind=kind),
            _cite(rule),
        )
    admission = membership.admission
    if admission is not None and admission.by:
        yield _("admitted by {body}", body=admission.by), _cite(admission)
    elif admission is not None:
        yield _("admitted by no body"), _cite(admission)
    if membership.exclusion is not None:
        yield _("excluded by {body}", body=membership.exclusion.by), _cite(membership.exclusion)
    for klass in membership.classes:
        if klass.paid_by:
            text = _("class {id}, paid by {payer}", id=klass.id, payer=klass.paid_by)
        else:
            text = _("class {id}", id=klass.id)
        yield text, _cite(klass)
    for partner in membership.partners:
        yield _("partner (not a member): {name}", name=partner.name), _cite(partner)
    core = membership.core
    if core is not None and core.extended_by:
        yield _("a common core of phases, extended by {body}", body=core.extended_by), _cite(core)
    elif core is not None:
        yield _("a common core of phases"), _cite(core)


def _seats(statute: Statute, body: Body) -> str:
    """A body's seats and how they are filled: whole phrases, listed with commas."""
    size = body.size
    if body.of_participants:
        parts = [_("one seat per participant of its phase")]
    elif size is None:
        parts = [_("one seat per member")]
    else:
        parts = [ngettext("{count} seat", "{count} seats", size)]
    fill = body.filled_by
    method = fill.method.value
    if fill.by:
        parts.append(_("{method} by {body}", method=method, body=_written(statute, fill.by)))
    else:
        parts.append(method)
    if fill.term_years:
        parts.append(_("{years}-year term", years=fill.term_years))
    if fill.term:
        parts.append(_("term to the end of the municipal election period"))
    if body.interim:
        parts.append(_("until the founding"))
    return ", ".join(parts)


def _bodies(statute: Statute) -> Items:
    seen: set[str] = set()
    for body in statute.bodies:
        written = body.template or body.id
        if written in seen:
            continue
        seen.add(written)
        names = {"body": written, "kind": body.kind.value, "seats": _seats(statute, body)}
        if body.template:
            yield _("{body} ({kind} per area): {seats}", **names), _cite(body)
        else:
            yield _("{body} ({kind}): {seats}", **names), _cite(body)


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
            names = {
                "power": power.id,
                "kind": required(requirement.kind.value),
                "body": requirement.from_body,
            }
            if requirement.chair:
                text = _("{power} needs {kind} of the chair of {body}", **names)
            else:
                text = _("{power} needs {kind} of {body}", **names)
            yield text, _cite(requirement)


def _voting(statute: Statute) -> Items:
    for rule in statute.voting_rules:
        majority = rule.majority.value + (f" {rule.threshold}" if rule.threshold else "")
        names = {"rule": rule.id, "majority": majority, "base": rule.base.value}
        if rule.quorum is not None:
            quorum = rule.quorum.fraction or rule.quorum.count
            text = _("{rule}: {majority} of {base}, quorum {quorum}", quorum=quorum, **names)
        else:
            text = _("{rule}: {majority} of {base}", **names)
        yield text, _cite(rule)


def _written(statute: Statute, body_id: str) -> str:
    """A body as the file writes it: a per-area instance by its template."""
    body = next((b for b in statute.bodies if b.id == body_id), None)
    return body.template or body.id if body is not None else body_id


def _delegations(statute: Statute) -> Items:
    seen: set[str] = set()
    for delegation in statute.delegations:
        to, by = _written(statute, delegation.to_body), _written(statute, delegation.from_body)
        names = {"power": delegation.power, "by": by, "to": to}
        if delegation.max_amount_kr is not None:
            amount = shown_number(delegation.max_amount_kr)
            text = _("{power}: {by} to {to}, at most {amount} kr. per act", amount=amount, **names)
        else:
            text = _("{power}: {by} to {to}", **names)
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
    parts = [_("earliest at {earliest}", earliest=withdrawal.earliest)]
    if withdrawal.notice_months:
        parts.append(_("{months} months' notice", months=withdrawal.notice_months))
    if withdrawal.notice_to is not None:
        parts.append(_(_NOTICE_TO[withdrawal.notice_to]))
    yield ", ".join(parts), _cite(withdrawal)


#: The end of a period that notice runs to, as the comparison says it.
_NOTICE_TO = {
    PeriodEnd.FINANCIAL_YEAR: N_("to the end of a financial_year"),
    PeriodEnd.QUARTER: N_("to the end of a quarter"),
    PeriodEnd.MONTH: N_("to the end of a month"),
}


def _money(statute: Statute) -> Items:
    for rule in statute.money_rules:
        names = {"rule": rule.id, "kind": rule.kind.value}
        if rule.split:
            text = _(
                "{rule} ({kind}), split by {by} among {among}",
                by=rule.split.by,
                among=rule.split.among,
                **names,
            )
        else:
            text = _("{rule} ({kind})", **names)
        yield text, _cite(rule)


def _obligations(statute: Statute) -> Items:
    if statute.membership is not None:
        for obligation in statute.membership.obligations:
            yield obligation.kind, _cite(obligation)


def _clauses(statute: Statute) -> Items:
    parts: tuple[tuple[str, Cited | None], ...] = (
        *statute.clauses.items(),
        (_("signing"), statute.signing),
        (_("power of attorney"), statute.signing.attorney if statute.signing else None),
    )
    for name, clause in parts:
        if clause is not None:
            yield name, _cite(clause)


def _staff(statute: Statute) -> Items:
    """Bodies of employees or suppliers rather than of members' representatives."""
    for body in statute.bodies:
        if body.filled_by.method in (FillMethod.EMPLOYMENT, FillMethod.PROCUREMENT):
            yield body.id, _cite(body)


#: Each aspect: its key (stable), its title (a message id, shown with ``_``), its question.
_ASPECTS: tuple[tuple[str, str, Callable[[Statute], Items]], ...] = (
    ("legal_basis", N_("Legal basis"), _legal_basis),
    ("members", N_("Who may be a member"), _members),
    ("bodies", N_("Bodies and their seats"), _bodies),
    ("staff", N_("Staff and suppliers"), _staff),
    ("powers", N_("Powers per body"), _powers),
    ("reserved", N_("Powers reserved to one body"), _reserved),
    ("priors", N_("Decisions that need another body first"), _priors),
    ("voting", N_("Voting rules"), _voting),
    ("delegations", N_("Delegations"), _delegations),
    ("handover", N_("How a member hands over competence"), _handover),
    ("withdrawal", N_("Withdrawal"), _withdrawal),
    ("money", N_("Money"), _money),
    ("obligations", N_("Duties of members"), _obligations),
    ("clauses", N_("Standard clauses"), _clauses),
)
