"""Builds powers, delegations and voting rules from a checked document."""

from __future__ import annotations

from typing import Any

from ._build import Reader, as_tuple, fraction
from ._yaml import PathKey
from .model import (
    ConsecutiveMeetings,
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
    Weights,
)


def power(r: Reader, d: dict[str, Any], path: PathKey) -> Power:
    requires = tuple(
        Requirement(
            kind=RequirementKind(q["kind"]),
            from_body=q["from"],
            power=q.get("power"),
            chair=bool(q.get("chair", False)),
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
        max_amount_kr=d.get("max_amount_kr"),
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
        weights=weights(r, d["weights"], (*path, "weights")) if "weights" in d else None,
        consecutive_meetings=ConsecutiveMeetings(
            one_ordinary=bool(d["consecutive_meetings"].get("one_ordinary", False)),
            **r.cited(d["consecutive_meetings"], (*path, "consecutive_meetings")),
        )
        if "consecutive_meetings" in d
        else None,
        **r.cited(d, path),
    )


def weights(r: Reader, d: dict[str, Any], path: PathKey) -> Weights:
    return Weights(
        by_kind=tuple(sorted(d.get("by_kind", {}).items())),
        by_member=tuple(sorted(d.get("by_member", {}).items())),
        **r.cited(d, path),
    )
