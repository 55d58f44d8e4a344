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

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import attrs

from ..errors import BadArgument, expect
from ..i18n import N_, _, ngettext, shown_number
from ..statute.calendar import PeriodEnd
from ..statute.model import Body, Cited, FillMethod, LifecycleKind, Statute
from . import side_by_side
from .comparison_table import holders_frame
from .index import Authority
from .matching import SIMILARITY, MatchKind
from .side_by_side import Matched
from .side_by_side import cite as _cite
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


#: The version of the comparison's JSON output (schema/output/compare.schema.json).
OUTPUT_VERSION = 1


@attrs.frozen
class Source:
    """One statute compared: the label it is shown by, and what names it."""

    label: str
    id: str
    name: str
    version: str | None
    path: str | None

    def to_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "path": self.path,
        }


@attrs.frozen
class Comparison:
    """Statutes compared side by side: for each aspect, what each statute says;
    every power with who may exercise it in each; the voting and money rules."""

    names: tuple[str, ...]
    aspects: tuple[Aspect, ...]
    sources: tuple[Source, ...] = ()
    powers: tuple[Matched, ...] = ()
    voting: tuple[Matched, ...] = ()
    money: tuple[Matched, ...] = ()

    @property
    def unmatched(self) -> tuple[Matched, ...]:
        """The powers only one statute has: matched neither by id nor by name."""
        return tuple(p for p in self.powers if p.match is MatchKind.UNMATCHED)

    def to_json(self) -> dict[str, object]:
        """The comparison as plain JSON data (schema/output/compare.schema.json)."""
        return {
            "version": OUTPUT_VERSION,
            "statutes": list(self.names),
            "sources": [s.to_json() for s in self.sources],
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
            "powers": [p.to_json(self.names) for p in self.powers],
            "voting_rules": [r.to_json(self.names) for r in self.voting],
            "money_rules": [r.to_json(self.names) for r in self.money],
        }

    def to_pandas(self) -> Any:
        """One row per power, statute and body that may exercise it (a power a
        statute lacks: one row with no body), as a pandas DataFrame; pandas is
        in the notebooks extra."""
        return holders_frame(self.names, self.powers)

    def _repr_html_(self) -> str | None:
        """The comparison in Jupyter: who may exercise each power, side by side (see _display)."""
        from .._display import shown

        return shown("comparison", "text/html", self)


def compare(statutes: Sequence[Statute], *, similarity: float = SIMILARITY) -> Comparison:
    """Every aspect of ``_ASPECTS`` answered for each statute, in order, in
    the current language (the statutes' own names and ids as they are); every
    power matched across the statutes (``matching``: by id, else by names at
    least ``similarity`` alike, an assumption said as one) with who may exercise
    it in each, as each statute's ``Authority`` answers; the voting and money
    rules side by side."""
    statutes = _statutes(statutes)
    similarity = _similarity(similarity)
    sources = _sources(statutes)
    names = tuple(s.label for s in sources)
    aspects = tuple(
        Aspect(key, _(title), tuple(Cell(tuple(ask(s))) for s in statutes))
        for key, title, ask in _ASPECTS
    )
    authorities = [Authority(s) for s in statutes]
    return Comparison(
        names,
        aspects,
        sources,
        side_by_side.powers(statutes, authorities, similarity),
        side_by_side.voting_rules(statutes, similarity),
        side_by_side.money_rules(statutes, similarity),
    )


def _similarity(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise BadArgument(
            _("similarity: a number above 0 and at most 1, not {value}", value=repr(value))
        )
    return float(value)


def _sources(statutes: Sequence[Statute]) -> tuple[Source, ...]:
    """Each statute's label: its short name; where two share one, with its
    version, and where that does not tell them apart either, its file's name."""
    labels = [s.metadata.short_name or s.metadata.name for s in statutes]
    for extra in (_with_version, _with_file, _with_number):
        shared = {label for label in labels if labels.count(label) > 1}
        labels = [
            label + extra(i, s) if label in shared else label
            for i, (label, s) in enumerate(zip(labels, statutes, strict=True))
        ]
    return tuple(
        Source(label, s.metadata.id, s.metadata.name, s.metadata.version, s.path)
        for label, s in zip(labels, statutes, strict=True)
    )


def _with_version(_i: int, statute: Statute) -> str:
    version = statute.metadata.version
    return f" {version}" if version else ""


def _with_file(_i: int, statute: Statute) -> str:
    return f" ({os.path.basename(statute.path)})" if statute.path else ""


def _with_number(i: int, _statute: Statute) -> str:
    return f" #{i + 1}"


def _statutes(statutes: object) -> tuple[Statute, ...]:
    """One statute or more, each loaded (``load``), no file twice; a single
    statute is no list of them."""
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
    _once(found)
    return found


def _once(statutes: Sequence[Statute]) -> None:
    """No statute file compared with itself (a typo, not a question)."""
    seen: dict[str, int] = {}
    for number, statute in enumerate(statutes, start=1):
        if statute.path is None or not os.path.isfile(statute.path):
            continue
        where = os.path.realpath(statute.path)
        if where in seen:
            raise BadArgument(
                _(
                    "statutes: {path} is given twice (as statute {first} and {second}); "
                    "compare each file once",
                    path=statute.path,
                    first=seen[where],
                    second=number,
                )
            )
        seen[where] = number


Items = Iterator[tuple[str, str | None]]


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
