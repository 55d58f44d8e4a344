"""Reading an event's facts: texts, the municipality, the matter and the vote.

Strict on purpose: a count is a whole number (not ``3.9``, not ``true``), a
name is non-empty text, and a fact that names nothing the statute knows is
refused with its nearest match.
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Iterable, Mapping
from typing import Any, cast

from ..i18n import N_, _
from ..statute.model import ProvisionRef
from .changes import Matter
from .state import RuleViolation
from .voting import Vote

#: Values of a vote's counts and of ``written`` that a key may hold, each with
#: its type (``True == 1``, but a vote of ``True`` is refused).
_SCALARS = frozenset({int, str, bool, type(None)})
#: Values no other value of those equals: a key needs not hold their types.
_UNTYPED = frozenset({int, str, type(None)})
#: An event's vote as it is read: a frozen mapping (tested first: no ABC check).
_MAPPINGS = frozenset({types.MappingProxyType, dict})
#: The facts that say what a decision is about, in order of precedence.
MATTER_KEYS = ("proposal", "phase", "delegation", "municipality")
_VOTE_KEYS = frozenset({"present", "yes", "no", "abstain", "chair", "chair_absent", "alternates"})


def text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise RuleViolation("missing-data", _("the event needs '{key}' (text)", key=key), None)
    return value


def municipality_of(data: Mapping[str, Any], actor: str) -> str:
    value = data.get("municipality", actor)
    return value if isinstance(value, str) else text(data, "municipality")


def counts_key(data: Mapping[str, Any]) -> tuple[object, ...] | None:
    """The vote's counts and ``written`` as a key, each value with its type, for
    what is judged once per state and day (a decision's vote, an act repeated
    the quick way); None where one is not plain (a named vote, any other value).

    Counts that are all whole numbers, text or none (the common vote) key as
    they are; a vote with any other value (``True == 1``) keys with its types."""
    raw, written = data.get("vote"), data.get("written")
    kind = type(written)
    if kind not in _SCALARS:
        return None
    if raw is None:
        return (written, kind, None)
    if type(raw) not in _MAPPINGS and not isinstance(raw, Mapping):
        return None
    items = tuple(raw.items())
    for _name, value in items:
        if value.__class__ not in _UNTYPED:
            kinds = tuple(map(type, raw.values()))
            return (written, kind, items, kinds) if _SCALARS.issuperset(kinds) else None
    return (written, kind, items)


def matter(data: Mapping[str, Any]) -> Matter:
    """What the act is about: its proposal, phase, delegation or municipality."""
    for key in MATTER_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value:
            return (key, value)
    return None


#: A matter as a message names it, by the fact that names it.
_MATTERS = {
    "proposal": N_("proposal {name}"),
    "phase": N_("phase {name}"),
    "delegation": N_("delegation {name}"),
    "municipality": N_("municipality {name}"),
}


def show_matter(found: Matter) -> str:
    if not found:
        return _("the matter")
    shown = _MATTERS.get(found[0])
    return _(shown, name=found[1]) if shown else f"{found[0]} {found[1]}"


#: A name no one knows, by what it should name: without and with the nearest match.
_UNKNOWN = {
    "municipality": (
        N_("{where} knows no municipality '{name}'"),
        N_("{where} knows no municipality '{name}'; did you mean '{close}'?"),
    ),
    "area": (
        N_("{where} knows no area '{name}'"),
        N_("{where} knows no area '{name}'; did you mean '{close}'?"),
    ),
    "body": (
        N_("{where} knows no body '{name}'"),
        N_("{where} knows no body '{name}'; did you mean '{close}'?"),
    ),
    "power": (
        N_("{where} knows no power '{name}'"),
        N_("{where} knows no power '{name}'; did you mean '{close}'?"),
    ),
    "phase": (
        N_("{where} knows no phase '{name}'"),
        N_("{where} knows no phase '{name}'; did you mean '{close}'?"),
    ),
    "proposal": (
        N_("{where} knows no proposal '{name}'"),
        N_("{where} knows no proposal '{name}'; did you mean '{close}'?"),
    ),
    "delegation": (
        N_("{where} knows no delegation '{name}'"),
        N_("{where} knows no delegation '{name}'; did you mean '{close}'?"),
    ),
    "category": (
        N_("{where} knows no category '{name}'"),
        N_("{where} knows no category '{name}'; did you mean '{close}'?"),
    ),
}
_UNKNOWN_OTHER = (
    N_("{where} knows no {kind} '{name}'"),
    N_("{where} knows no {kind} '{name}'; did you mean '{close}'?"),
)


def unknown(
    kind: str,
    name: str,
    known: Iterable[str],
    provision: ProvisionRef | None,
    where: str | None = None,
) -> None:
    """Refuse a fact that names nothing ``where`` knows (by default the
    statute; a message, such as ``_("the protocol")``), with the nearest match."""
    close = difflib.get_close_matches(name, sorted(known), n=1)
    plain, hinted = _UNKNOWN.get(kind, _UNKNOWN_OTHER)
    facts = {"where": where if where is not None else _("the statute"), "kind": kind, "name": name}
    message = _(hinted, close=close[0], **facts) if close else _(plain, **facts)
    raise RuleViolation(f"unknown-{kind}", message, provision)


def read_vote(data: Mapping[str, Any], cited: ProvisionRef | None) -> Vote:
    """The vote the event records under ``vote:``; whole numbers that add up.

    A replay reads the same few votes thousands of times: a vote of plain
    values is read once, and kept by its counts, each with its type."""
    raw = data.get("vote")
    if type(raw) not in _MAPPINGS:
        return _read_vote(raw, cited)
    counts = cast("Mapping[str, Any]", raw)
    kinds = tuple(map(type, counts.values()))
    if not _SCALARS.issuperset(kinds):
        return _read_vote(raw, cited)
    key = (tuple(counts.items()), kinds)
    found = _VOTES.get(key)
    if found is None:
        found = _read_vote(raw, cited)  # a refusal is not kept: it is said again
        if len(_VOTES) < _VOTES_KEPT:
            _VOTES[key] = found
    return found


#: Votes read, by their counts and types (a frozen ``Vote`` is shared safely).
_VOTES: dict[tuple[object, ...], Vote] = {}
_VOTES_KEPT = 1024


def _read_vote(raw: object, cited: ProvisionRef | None) -> Vote:
    if raw is None:
        message = _("the decision needs its vote: vote: {keys}", keys="{present, yes, no, abstain}")
        raise RuleViolation("no-vote", message, cited)
    if not isinstance(raw, Mapping):
        message = _("vote is a mapping of present, yes, no, abstain")
        raise RuleViolation("bad-vote", message, cited)
    extra = sorted(set(map(str, raw)) - _VOTE_KEYS)
    if extra:
        raise RuleViolation("bad-vote", _("a vote has no '{key}'", key=extra[0]), cited)
    counts = {k: _count(raw, k, cited) for k in ("present", "yes", "no", "abstain", "alternates")}
    chair = raw.get("chair")
    if chair not in (None, "yes", "no"):
        raise RuleViolation("bad-vote", _("the chair's vote is 'yes' or 'no'"), cited)
    absent = raw.get("chair_absent", False)
    if not isinstance(absent, bool):
        raise RuleViolation("bad-vote", _("chair_absent is true or false"), cited)
    if counts["alternates"] > counts["present"]:
        raise RuleViolation("bad-vote", _("alternates are counted among those present"), cited)
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
        message = _("the vote needs '{key}' (a whole number)", key=key)
        raise RuleViolation("bad-vote", message, cited)
    if isinstance(value, bool) or not isinstance(value, int):
        message = _("'{key}' is a whole number, not {value}", key=key, value=repr(value))
        raise RuleViolation("bad-vote", message, cited)
    if value < 0:
        raise RuleViolation("bad-vote", _("'{key}' cannot be negative", key=key), cited)
    return value
