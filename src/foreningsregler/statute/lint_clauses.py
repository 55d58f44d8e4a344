"""The linter's rules for the standard clauses: what the schema cannot see.

Liability stated both ways (E675); contracts owned by the association while a
money rule puts them outside its accounts (E676); a kind of work licensed
twice (E677); rights transferred on dissolution that the members own (E678).
A licence that is not an SPDX identifier the library knows (W450); joint
liability towards creditors with no split among the members (W451).
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from ..i18n import _
from .model import Cited, LiabilityShare, MoneyKind, Owner, Statute
from .problems import Finding

#: SPDX identifiers of licences associations publish code and documents under.
KNOWN_LICENCES = frozenset(
    {
        "MPL-2.0",
        "EUPL-1.2",
        "GPL-2.0-only",
        "GPL-2.0-or-later",
        "GPL-3.0-only",
        "GPL-3.0-or-later",
        "AGPL-3.0-only",
        "AGPL-3.0-or-later",
        "LGPL-2.1-only",
        "LGPL-2.1-or-later",
        "LGPL-3.0-only",
        "LGPL-3.0-or-later",
        "MIT",
        "Apache-2.0",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "CC-BY-3.0",
        "CC-BY-SA-3.0",
        "CC0-1.0",
        "ODbL-1.0",
    }
)


def lint_clauses(statute: Statute) -> list[Finding]:
    """Every finding about the statute's standard clauses."""
    return [*_liability(statute), *_ownership(statute), *_licences(statute), *_ip(statute)]


def _finding(statute: Statute, code: str, message: str, element: Cited) -> Finding:
    return Finding.at(statute.path, code, message, element)


def _liability(statute: Statute) -> Iterator[Finding]:
    clause = statute.clauses.liability
    if clause is None:
        return
    if clause.members is not None and (clause.third_parties or clause.between_members):
        yield _finding(
            statute,
            "E675",
            _(
                "liability states members and also third_parties/between_members: "
                "give the single value or the split, not both"
            ),
            clause,
        )
    elif clause.third_parties is LiabilityShare.JOINT and clause.between_members is None:
        yield _finding(
            statute,
            "W451",
            _(
                "the members are jointly liable towards third parties, but between_members "
                "does not say how they share the burden among themselves"
            ),
            clause,
        )


def _ownership(statute: Statute) -> Iterator[Finding]:
    clause = statute.clauses.ownership
    if clause is None or clause.contracts is not Owner.ASSOCIATION:
        return
    for rule in statute.money_rules:
        if rule.kind is MoneyKind.OUTSIDE_ACCOUNTS and rule.provision:
            message = _(
                "the association owns its contracts (ownership.contracts), but money rule "
                "{rule} puts purchases outside its accounts, as the members' own contracts "
                "({provision})",
                rule=rule.id,
                provision=rule.provision,
            )
            yield _finding(statute, "E676", message, clause)
        elif rule.kind is MoneyKind.OUTSIDE_ACCOUNTS:
            message = _(
                "the association owns its contracts (ownership.contracts), but money rule "
                "{rule} puts purchases outside its accounts, as the members' own contracts",
                rule=rule.id,
            )
            yield _finding(statute, "E676", message, clause)


def _licences(statute: Statute) -> Iterator[Finding]:
    clause = statute.clauses.licences
    if clause is None:
        return
    seen: set[str] = set()
    for work in clause.works:
        if work.what in seen:
            message = _("{work} is licensed twice", work=work.what)
            yield _finding(statute, "E677", message, _cited(work, clause))
        seen.add(work.what)
        if work.licence not in KNOWN_LICENCES:
            message = _(
                "{licence} (for {work}) is not an SPDX identifier the library "
                "knows; write it as SPDX does, e.g. MPL-2.0 or CC-BY-SA-4.0",
                licence=work.licence,
                work=work.what,
            )
            yield _finding(statute, "W450", message, _cited(work, clause))


def _ip(statute: Statute) -> Iterator[Finding]:
    dissolution, ownership = statute.clauses.dissolution, statute.clauses.ownership
    if dissolution is None or dissolution.ip is None or ownership is None:
        return
    if ownership.solutions is Owner.MEMBERS:
        if ownership.provision:
            message = _(
                "the dissolution clause transfers the association's rights (ip), but "
                "ownership.solutions says the members own the solutions ({provision})",
                provision=ownership.provision,
            )
        else:
            message = _(
                "the dissolution clause transfers the association's rights (ip), but "
                "ownership.solutions says the members own the solutions"
            )
        yield _finding(statute, "E678", message, _cited(dissolution.ip, dissolution))


def _cited(part: Cited, clause: Cited) -> Cited:
    """The part, citing its clause's provision when it cites none itself."""
    if part.provision is not None:
        return part
    return attrs.evolve(part, provision=clause.provision)
