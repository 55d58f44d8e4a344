"""Powers, voting rules and money rules of several statutes, row by row.

A row is one power (voting rule, money rule) matched across the statutes
(``matching``: by id, or by an assumption said as one); each statute's side
is what that statute says of it, or None. A power's side lists every body
that may exercise it, as the statute's own ``Authority`` answers (``list_bodies``
and ``check``, not a walk of its own): the holder, and every body a chain of
delegations reaches, each with its chains, conditions, amount limit, what the
decision needs first and the voting rule it decides by, all cited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import attrs

from ..i18n import _, shown_number
from ..statute.model import Cited, MoneyRule, Statute, VotingRule
from .answers import Answer
from .index import Authority
from .matching import SIMILARITY, Item, Joined, MatchKind, Row, match

R = TypeVar("R", VotingRule, MoneyRule)


def cite(element: Cited | None) -> str | None:
    """An element's provision as text, ``(assumption)`` where it is one; None without one."""
    ref = element.provision if element is not None else None
    if ref is None:
        return None
    if element is not None and element.assumption:
        return _("{provision} (assumption)", provision=str(ref))
    return str(ref)


@attrs.frozen
class Holding:
    """One body that may exercise a power, and how (the statute's own answer)."""

    answer: Answer
    #: The per-area template the body is an instance of (None: a body of its own).
    template: str | None = None

    @property
    def body(self) -> str:
        return self.answer.body

    @property
    def holds(self) -> bool:
        """The body holds the power itself (a chain of one step), not only by delegation."""
        return any(len(c.steps) == 1 for c in self.answer.chains)

    @property
    def max_amount_kr(self) -> int | None:
        """The most one act may commit: the highest of its chains' limits, None
        where some chain has none."""
        limits = [c.max_amount_kr for c in self.answer.chains]
        return None if not limits or None in limits else max(x for x in limits if x is not None)

    def to_json(self) -> dict[str, object]:
        said = self.answer.to_json()
        shown = ("chains", "conditions", "requires", "procedure", "more_chains")
        return {
            "body": self.body,
            "holds": self.holds,
            "max_amount_kr": self.max_amount_kr,
            **{key: said[key] for key in shown if key in said},
        }


@attrs.frozen
class PowerSide:
    """What one statute says of a power: its name, provision and every body that may exercise it."""

    power: str
    name: str
    provision: str | None
    holdings: tuple[Holding, ...]
    #: Each per-area instance among the bodies of the chains, and its template.
    instances: tuple[tuple[str, str], ...] = attrs.field(default=(), eq=False, repr=False)

    def to_json(self) -> dict[str, object]:
        return {
            "power": self.power,
            "name": self.name,
            "provision": self.provision,
            "holders": [h.to_json() for h in self.holdings],
        }


@attrs.frozen
class RuleSide:
    """What one statute says of a voting or money rule: its id, name, text and provision."""

    id: str
    name: str | None
    text: str
    provision: str | None

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "text": self.text, "provision": self.provision}


@attrs.frozen
class Matched:
    """One element across the statutes: each side (None: that statute has none),
    how they were matched, and the assumptions a match rests on."""

    key: str
    match: MatchKind
    sides: tuple[PowerSide | RuleSide | None, ...]
    joined: tuple[Joined, ...] = ()

    @property
    def same(self) -> bool:
        """Every statute has it, and every side says the same (provisions aside)."""
        return None not in self.sides and len({_said(s) for s in self.sides}) == 1

    @property
    def assumptions(self) -> tuple[str, ...]:
        """Why elements of different ids are taken as one, in the current language."""
        return tuple(_assumption(j) for j in self.joined)

    def to_json(self, names: Sequence[str]) -> dict[str, object]:
        return {
            "key": self.key,
            "match": self.match.value,
            "same": self.same,
            "assumptions": [
                {
                    "by": j.by.value,
                    "left": {"statute": names[j.left[0]], "id": j.left[1].id},
                    "right": {"statute": names[j.right[0]], "id": j.right[1].id},
                    "similarity": j.score,
                    "text": text,
                }
                for j, text in zip(self.joined, self.assumptions, strict=True)
            ],
            "sides": [s.to_json() if s is not None else None for s in self.sides],
        }


def _said(side: PowerSide | RuleSide | None) -> object:
    if isinstance(side, RuleSide):
        return side.text
    if side is None:
        return None
    return tuple(
        (
            h.body,
            tuple(
                tuple((s.kind.value, s.source, s.target, *sorted(s.scope)) for s in c.steps)
                for c in h.answer.chains
            ),
            tuple((r.kind, r.body) for r in h.answer.requires),
        )
        for h in side.holdings
    )


def _assumption(joined: Joined) -> str:
    (_i, left), (_j, right) = joined.left, joined.right
    if joined.by is MatchKind.KIND:
        return _(
            "assumption: {left} and {right} taken as one because both are of the kind {kind}",
            left=left.id,
            right=right.id,
            kind=left.kind,
        )
    return _(
        "assumption: {left} ('{left_name}') and {right} ('{right_name}') taken as one "
        "because their names are {similarity} alike",
        left=left.id,
        left_name=left.name,
        right=right.id,
        right_name=right.name,
        similarity=shown_number(joined.score),
    )


def powers(
    statutes: Sequence[Statute],
    authorities: Sequence[Authority],
    similarity: float = SIMILARITY,
) -> tuple[Matched, ...]:
    """Every power of the statutes, matched into rows, with who may exercise it in each."""
    rows = match([[Item(p.id, p.name) for p in s.powers] for s in statutes], similarity)
    return tuple(_matched(row, authorities) for row in rows)


def _matched(row: Row, authorities: Sequence[Authority]) -> Matched:
    sides = tuple(
        _power_side(authority, item.id) if item is not None else None
        for authority, item in zip(authorities, row.items, strict=True)
    )
    return Matched(row.key, row.kind, sides, row.joined)


def _power_side(authority: Authority, power: str) -> PowerSide:
    found = authority.statute.power(power)
    statute = authority.statute
    holdings = tuple(
        Holding(authority.check(body, power), statute.body(body).template)
        for body in authority.list_bodies(power)
    )
    # The holders first, in the statute's order, then the bodies reached by delegation.
    ordered = sorted(holdings, key=lambda h: not h.holds)
    named = {s.source for h in holdings for c in h.answer.chains for s in c.steps}
    named |= {s.target for h in holdings for c in h.answer.chains for s in c.steps}
    instances = tuple(
        (b.id, b.template) for b in statute.bodies if b.template is not None and b.id in named
    )
    return PowerSide(power, found.name, cite(found), tuple(ordered), instances)


def voting_rules(
    statutes: Sequence[Statute], similarity: float = SIMILARITY
) -> tuple[Matched, ...]:
    """Every voting rule of the statutes, matched into rows, each side said in words."""
    sides = [[Item(r.id, r.name or r.id) for r in s.voting_rules] for s in statutes]
    rules = [{r.id: r for r in s.voting_rules} for s in statutes]
    return _rows(sides, rules, _voting_side, similarity)


def _voting_side(rule: VotingRule) -> RuleSide:
    return RuleSide(rule.id, rule.name, voting_text(rule), cite(rule))


def voting_text(rule: VotingRule) -> str:
    """What a voting rule asks: majority, of what, quorum, and the tie."""
    majority = rule.majority.value + (f" {rule.threshold}" if rule.threshold else "")
    names = {"majority": majority, "base": rule.base.value}
    if rule.quorum is not None:
        quorum = rule.quorum.fraction or rule.quorum.count
        text = _("{majority} of {base}, quorum {quorum}", quorum=quorum, **names)
    else:
        text = _("{majority} of {base}", **names)
    if rule.tie_break.value == "chair":
        text = _("{text}, the chair decides a tie", text=text)
    if rule.weights is not None:
        text = _("{text}, weighted votes", text=text)
    if rule.consecutive_meetings is not None:
        text = _("{text}, at two consecutive meetings", text=text)
    return text


def money_rules(statutes: Sequence[Statute], similarity: float = SIMILARITY) -> tuple[Matched, ...]:
    """Every money rule of the statutes, matched into rows (by id, then kind, then name)."""
    sides = [[Item(r.id, r.name, r.kind.value) for r in s.money_rules] for s in statutes]
    rules = [{r.id: r for r in s.money_rules} for s in statutes]
    return _rows(sides, rules, _money_side, similarity)


def _rows(
    sides: list[list[Item]],
    rules: Sequence[Mapping[str, R]],
    said: Callable[[R], RuleSide],
    similarity: float,
) -> tuple[Matched, ...]:
    """The rules matched into rows, each statute's side said by ``said`` (or None)."""
    return tuple(
        Matched(
            row.key,
            row.kind,
            tuple(
                said(found[item.id]) if item is not None else None
                for found, item in zip(rules, row.items, strict=True)
            ),
            row.joined,
        )
        for row in match(sides, similarity)
    )


def _money_side(rule: MoneyRule) -> RuleSide:
    return RuleSide(rule.id, rule.name, money_text(rule), cite(rule))


def money_text(rule: MoneyRule) -> str:
    """What a money rule says: its kind, who sets it, how it is split and its amounts."""
    parts = [rule.kind.value]
    if rule.set_by:
        parts.append(_("set by {body}", body=rule.set_by))
    if rule.set_yearly is not None:
        parts.append(_("decided each year by {body}", body=rule.set_yearly.by))
    if rule.split is not None:
        parts.append(_("split by {by} among {among}", by=rule.split.by, among=rule.split.among))
    if rule.period:
        parts.append(_("per {period}", period=rule.period))
    if rule.bands:
        parts.append(
            _("{count} size bands", count=len(rule.bands))
            if len(rule.bands) > 1
            else _("one size band")
        )
    for amount in rule.per_kind:
        parts.append(
            _("{kind}: {amount} kr.", kind=amount.kind.value, amount=shown_number(amount.amount))
        )
    if rule.amount is not None:
        parts.append(_("{amount} kr. a year", amount=shown_number(rule.amount)))
    return ", ".join(parts)
