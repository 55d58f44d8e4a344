"""Builds powers, delegations and voting rules from a checked document."""

from __future__ import annotations

from typing import Any

from ._build import Reader, as_tuple, fraction
from ._yaml import PathKey
from .model import (
    Delegation,
    Grant,
    Majority,
    Power,
    Quorum,
    Requirement,
    RequirementKind,
    Scope,
    TieBreak,
    VoteBase,
    VotingRule,
)


def power(r: Reader, d: dict[str, Any], path: PathKey) -> Power:
    requires = tuple(
        Requirement(
            kind=RequirementKind(q["kind"]),
            from_body=q["from"],
            power=q.get("power"),
            **r.cited(q, (*path, "requires", i)),
        )
        for i, q in enumerate(d.get("requires", []))
    )
    return Power(
        id=d["id"],
        name=d["name"],
        holders=as_tuple(d.get("holder")),
        exclusive=bool(d.get("exclusive", False)),
        individual=bool(d.get("individual", False)),
        requires=requires,
        voting=d.get("voting"),
        scope=frozenset(Scope(s) for s in d.get("scope", ())),
        description=d.get("description"),
        **r.cited(d, path),
    )


def delegation(r: Reader, d: dict[str, Any], path: PathKey) -> Delegation:
    return Delegation(
        power=d["power"],
        from_body=d["from"],
        to_body=d["to"],
        scope=frozenset(Scope(s) for s in d.get("scope", ())),
        subdelegation=bool(d.get("subdelegation", False)),
        id=d.get("id"),
        granted=Grant(d.get("granted", Grant.STATUTE.value)),
        **r.cited(d, path),
    )


def voting_rule(r: Reader, d: dict[str, Any], path: PathKey) -> VotingRule:
    quorum = d.get("quorum")
    return VotingRule(
        id=d["id"],
        name=d.get("name"),
        majority=Majority(d["majority"]),
        quorum=Quorum(count=quorum.get("count"), fraction=fraction(quorum.get("fraction")))
        if quorum
        else None,
        threshold=fraction(d.get("threshold")),
        base=VoteBase(d.get("base", VoteBase.VOTES_CAST.value)),
        tie_break=TieBreak(d.get("tie_break", TieBreak.REJECTED.value)),
        **r.cited(d, path),
    )
