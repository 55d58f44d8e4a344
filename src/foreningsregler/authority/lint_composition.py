"""The linter's rules on composition and voting variants (E630-E634, W415).

What the schema and the load checks cannot see: a chair both rotating and
chosen, a vice-chair of a body with no chair, staggered terms that can never
fill the body, and voting variants a body cannot use (unanimity among a
phase's participants outside a body of all members; weights by member kind
in a body whose seats are held for no member); and, as a warning, a quorum a
body in office with its least seats cannot reach.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from ..i18n import _
from ..statute.model import Body, Cited, FillMethod, Statute, VoteBase, VotingRule
from ..statute.problems import Finding
from .graph import holders

#: Bodies whose seats are held by staff or a supplier, not for a member.
_NOT_FOR_MEMBERS = frozenset({FillMethod.EMPLOYMENT, FillMethod.PROCUREMENT})


def lint_composition(statute: Statute) -> list[Finding]:
    """Every E630-E634 and W415 finding of a loaded statute."""
    return [
        *_chairs(statute),
        *_staggered(statute),
        *_rule_users(statute),
    ]


def _finding(statute: Statute, code: str, message: str, where: Cited, *cited: Cited) -> Finding:
    """A finding at ``where``, citing the first of ``cited`` that has a provision."""
    return Finding.at(statute.path, code, message, where, *cited)


def _written(statute: Statute) -> Iterator[Body]:
    return statute.written_bodies()


def _label(body: Body) -> str:
    return body.written_id


def _chairs(statute: Statute) -> Iterator[Finding]:
    """E630: a rotating chair that a body also chooses; E631: a vice-chair of a
    body that has no chair."""
    for body in _written(statute):
        chair = body.chair
        if chair is not None and chair.rotation is not None and chair.chosen_by is not None:
            message = _(
                "the chair of {body} rotates by a stated order, and is also chosen "
                "by {by}: the two contradict",
                body=_label(body),
                by=chair.chosen_by,
            )
            yield _finding(statute, "E630", message, chair.rotation, chair.rotation, chair, body)
        vice = body.vice_chair
        if vice is not None and chair is None:
            message = _(
                "{body} has a vice-chair but no chair for them to stand in for", body=_label(body)
            )
            yield _finding(statute, "E631", message, vice, vice, body)


def _staggered(statute: Statute) -> Iterator[Finding]:
    """E632: staggered terms under which the seats cannot be filled as written:
    a share elected each year above all the seats, or one that, times the years
    of a term, is less than all."""
    for body in _written(statute):
        fill, size = body.filled_by, body.size
        share = fill.yearly_share
        if share is not None and share > 1:
            message = _(
                "{body} elects {share} of its seats a year, more than all of them",
                body=_label(body),
                share=share,
            )
            yield _finding(statute, "E632", message, fill, fill, body)
            continue
        if share is None or size is None or fill.term_years is None:
            continue
        yearly = _ceil(share * size)
        if yearly * fill.term_years < size:
            message = _(
                "{body} elects at most {yearly} of its {size} seats a year for "
                "{years} years: at most {most} can ever sit",
                body=_label(body),
                yearly=yearly,
                size=size,
                years=fill.term_years,
                most=yearly * fill.term_years,
            )
            yield _finding(statute, "E632", message, fill, fill, body)


def _ceil(value: Fraction) -> int:
    return -(-value.numerator // value.denominator)


def _rule_users(statute: Statute) -> Iterator[Finding]:
    """Each rule against the bodies that decide by it: a body's own rule, and a
    power's rule for each of its holders."""
    rules = {r.id: r for r in statute.voting_rules}
    pairs: list[tuple[Body, VotingRule, Cited]] = []
    for body in _written(statute):
        if body.voting in rules:
            pairs.append((body, rules[body.voting], body))
    for power in statute.powers:
        if power.voting in rules:
            pairs += [(b, rules[power.voting], power) for b in holders(statute, power)]
    seen: set[tuple[str, str, str]] = set()
    for body, rule, where in pairs:
        for code, message in _misfits(body, rule):
            key = (code, _label(body), rule.id)
            if key not in seen:
                seen.add(key)
                yield _finding(statute, code, message, where, rule)


def _misfits(body: Body, rule: VotingRule) -> Iterator[tuple[str, str]]:
    label = _label(body)
    if rule.base is VoteBase.PARTICIPANTS and body.size is not None:
        yield (
            "E633",
            _(
                "{body} votes by {rule}, counted among a phase's participants, but it is "
                "not a body of all members: the participants cannot all vote in it",
                body=label,
                rule=rule.id,
            ),
        )
    if rule.weights is not None and body.filled_by.method in _NOT_FOR_MEMBERS:
        yield (
            "E634",
            _(
                "{body} votes by {rule}, weighted by member kind, but its seats are held "
                "for no member",
                body=label,
                rule=rule.id,
            ),
        )
    count = rule.quorum.count if rule.quorum is not None else None
    if body.seats_min is not None and count is not None and count > body.seats_min:
        yield (
            "W415",
            _(
                "{body} is in office with {seats} seats filled, but {rule} needs "
                "{count} present: it cannot decide until more seats are filled",
                body=label,
                seats=body.seats_min,
                rule=rule.id,
                count=count,
            ),
        )
