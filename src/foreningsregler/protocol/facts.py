"""Reading an event's facts: texts, the municipality, the matter and the vote.

Strict on purpose: a count is a whole number (not ``3.9``, not ``true``), a
name is non-empty text, and a fact that names nothing the statute knows is
refused with its nearest match.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from ..statute.model import ProvisionRef
from .changes import Matter
from .state import RuleViolation
from .voting import Vote

#: The facts that say what a decision is about, in order of precedence.
MATTER_KEYS = ("proposal", "phase", "delegation", "municipality")
_VOTE_KEYS = frozenset({"present", "yes", "no", "abstain", "chair", "chair_absent", "alternates"})


def text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise RuleViolation("missing-data", f"the event needs '{key}' (text)", None)
    return value


def municipality_of(data: Mapping[str, Any], actor: str) -> str:
    value = data.get("municipality", actor)
    return value if isinstance(value, str) else text(data, "municipality")


def matter(data: Mapping[str, Any]) -> Matter:
    """What the act is about: its proposal, phase, delegation or municipality."""
    for key in MATTER_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value:
            return (key, value)
    return None


def show_matter(found: Matter) -> str:
    return f"{found[0]} {found[1]}" if found else "the matter"


def unknown(
    kind: str,
    name: str,
    known: Iterable[str],
    provision: ProvisionRef | None,
    where: str = "the statute",
) -> None:
    """Refuse a fact that names nothing ``where`` knows, with the nearest match."""
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise RuleViolation(f"unknown-{kind}", f"{where} knows no {kind} '{name}'{hint}", provision)


def read_vote(data: Mapping[str, Any], cited: ProvisionRef | None) -> Vote:
    """The vote the event records under ``vote:``; whole numbers that add up."""
    raw = data.get("vote")
    if raw is None:
        raise RuleViolation(
            "no-vote", "the decision needs its vote: vote: {present, yes, no, abstain}", cited
        )
    if not isinstance(raw, Mapping):
        raise RuleViolation("bad-vote", "vote is a mapping of present, yes, no, abstain", cited)
    extra = sorted(set(map(str, raw)) - _VOTE_KEYS)
    if extra:
        raise RuleViolation("bad-vote", f"a vote has no '{extra[0]}'", cited)
    counts = {k: _count(raw, k, cited) for k in ("present", "yes", "no", "abstain", "alternates")}
    chair = raw.get("chair")
    if chair not in (None, "yes", "no"):
        raise RuleViolation("bad-vote", "the chair's vote is 'yes' or 'no'", cited)
    absent = raw.get("chair_absent", False)
    if not isinstance(absent, bool):
        raise RuleViolation("bad-vote", "chair_absent is true or false", cited)
    if counts["alternates"] > counts["present"]:
        raise RuleViolation("bad-vote", "alternates are counted among those present", cited)
    return Vote(
        counts["present"],
        counts["yes"],
        counts["no"],
        counts["abstain"],
        chair,
        absent,
        counts["alternates"],
    )


def _count(raw: Mapping[str, Any], key: str, cited: ProvisionRef | None) -> int:
    value = raw.get(key, 0 if key in ("abstain", "alternates") else None)
    if value is None:
        raise RuleViolation("bad-vote", f"the vote needs '{key}' (a whole number)", cited)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleViolation("bad-vote", f"'{key}' is a whole number, not {value!r}", cited)
    if value < 0:
        raise RuleViolation("bad-vote", f"'{key}' cannot be negative", cited)
    return value
