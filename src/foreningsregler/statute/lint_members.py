"""The linter's rules for members and fees: what the schema cannot see.

Size bands must hold every population from 0 upward exactly once (E620-E622);
a member the statute names must be of a kind open to membership (E623); every
open kind must have a fee (E624). A fee by population states the population
date it uses (W410); members of other kinds than kommune ask for the kinds
open to membership (W411); kinds need a transition that admits (W405).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from ..i18n import _
from .model import (
    Band,
    Cited,
    LifecycleKind,
    MemberKind,
    Membership,
    MoneyKind,
    MoneyRule,
    Statute,
)
from .problems import Finding


def lint_members(statute: Statute) -> list[Finding]:
    """Every finding about the statute's members and fees, in no particular order."""
    found: list[Finding] = []
    for rule in statute.money_rules:
        found += _bands(statute, rule)
        found += _population_date(statute, rule)
    membership = statute.membership
    if membership is not None:
        found += _admissible(statute, membership)
        found += _kinds_listed(statute, membership)
        found += _kinds_enforced(statute, membership)
        for rule in statute.money_rules:
            found += _fee_for_every_kind(statute, membership, rule)
    return found


def _finding(
    statute: Statute, code: str, message: str, element: Cited, within: Cited | None = None
) -> Finding:
    """A finding at ``element``, citing its provision or else the one it shares
    with the element ``within`` it (a band shares its rule's)."""
    where = element.location
    line, column = (where.line, where.column) if where else (None, None)
    provision = element.provision or (within.provision if within is not None else None)
    cited = str(provision) if provision is not None else None
    return Finding(code, message, statute.path, line, column, cited)


def _dotted(number: int) -> str:
    """A population as the statutes write it, in either language: 21.002."""
    return f"{number:,}".replace(",", ".")


def _show(band: Band) -> str:
    if band.under is None:
        return _("{band} (from {lower} upward)", band=band.id, lower=_dotted(band.lower))
    return _(
        "{band} (from {lower} under {upper})",
        band=band.id,
        lower=_dotted(band.lower),
        upper=_dotted(band.under),
    )


def _bands(statute: Statute, rule: MoneyRule) -> Iterator[Finding]:
    """Upside-down bands (E620); then, of the rest in order, overlaps (E621)
    and gaps (E622), from 0 to no upper end."""
    right: list[Band] = []
    for band in rule.bands:
        if band.under is not None and band.under <= band.lower:
            message = _(
                "{rule}: the band {band} ends where or before it starts",
                rule=rule.id,
                band=_show(band),
            )
            yield _finding(statute, "E620", message, band, rule)
        else:
            right.append(band)
    if not right:
        return
    ordered = sorted(right, key=lambda b: (b.lower, b.under is None, b.under or 0))
    if ordered[0].lower > 0:
        message = _(
            "{rule}: no band holds a population under {lower}",
            rule=rule.id,
            lower=_dotted(ordered[0].lower),
        )
        yield _finding(statute, "E622", message, ordered[0], rule)
    for before, after in itertools.pairwise(ordered):
        end = before.under
        if end is None or end > after.lower:
            message = _(
                "{rule}: the bands {first} and {second} overlap",
                rule=rule.id,
                first=_show(before),
                second=_show(after),
            )
            yield _finding(statute, "E621", message, after, rule)
        elif end < after.lower:
            message = _(
                "{rule}: no band holds {lower} to {upper} inhabitants",
                rule=rule.id,
                lower=_dotted(end),
                upper=_dotted(after.lower - 1),
            )
            yield _finding(statute, "E622", message, after, rule)
    top = max(ordered, key=lambda b: (b.under is None, b.under or 0))
    if top.under is not None:
        message = _(
            "{rule}: no band holds {lower} inhabitants or more",
            rule=rule.id,
            lower=_dotted(top.under),
        )
        yield _finding(statute, "E622", message, top, rule)


def _by_population(rule: MoneyRule) -> bool:
    return bool(rule.bands) or (rule.split is not None and rule.split.by == "population")


def _population_date(statute: Statute, rule: MoneyRule) -> Iterator[Finding]:
    if _by_population(rule) and rule.population_date is None:
        message = _(
            "{rule} goes by population, but states no population date (population_date): "
            "whose figures count is left open",
            rule=rule.id,
        )
        yield _finding(statute, "W410", message, rule)


def _admissible(statute: Statute, membership: Membership) -> Iterator[Finding]:
    """A named member must be of a kind listed open, where kinds are listed."""
    if not membership.kinds:
        return
    for member in membership.roster:
        rule = membership.kind_rule(member.kind)
        if rule is not None and rule.open:
            continue
        if rule is not None:
            message = _(
                "the member {member} is of the kind {kind}, which is closed to membership",
                member=member.id,
                kind=member.kind,
            )
        else:
            message = _(
                "the member {member} is of the kind {kind}, which is not listed in "
                "membership.kinds",
                member=member.id,
                kind=member.kind,
            )
        yield _finding(statute, "E623", message, member)


def _kinds_listed(statute: Statute, membership: Membership) -> Iterator[Finding]:
    others = sorted({m.kind.value for m in membership.members} - {MemberKind.KOMMUNE.value})
    if others and not membership.kinds:
        message = _(
            "members of the kinds {kinds} are named, but membership.kinds lists "
            "no kind open or closed: admission is not checked by kind",
            kinds=", ".join(others),
        )
        yield _finding(statute, "W411", message, membership)


def _kinds_enforced(statute: Statute, membership: Membership) -> Iterator[Finding]:
    """Kinds are checked when a membership transition admits (enters a state that
    means member from one that does not); without one, nothing is checked (W405)."""
    if not membership.kinds:
        return
    lifecycle = statute.lifecycle(LifecycleKind.MEMBERSHIP)
    member = {s.id for s in lifecycle.states if "member" in s.means} if lifecycle else set()
    transitions = lifecycle.transitions if lifecycle else ()
    if any(t.dest in member and set(t.sources) - member for t in transitions):
        return
    message = _(
        "membership.kinds opens and closes kinds, but no membership transition admits a "
        "member (into a state that means member), so no admission is checked by kind"
    )
    yield _finding(statute, "W405", message, membership.kinds[0])


def _fee_for_every_kind(
    statute: Statute, membership: Membership, rule: MoneyRule
) -> Iterator[Finding]:
    """Every open kind (or, without kinds, every named kind) pays: an amount for
    its kind, a band by population, or a band by decision."""
    if rule.kind is not MoneyKind.MEMBERSHIP_FEE or not (rule.bands or rule.per_kind):
        return
    kinds = [k.kind for k in membership.kinds if k.open] or [m.kind for m in membership.roster]
    for kind in dict.fromkeys(kinds):
        by_population = bool(rule.bands) and kind in rule.population_kinds
        if rule.amount_for(kind) or by_population or rule.category is not None:
            continue
        message = _(
            "{rule} gives members of the kind {kind} no fee: no amount for the kind "
            "(per_kind), no band by population (population_kinds), no band by decision (category)",
            rule=rule.id,
            kind=kind,
        )
        yield _finding(statute, "E624", message, rule)
