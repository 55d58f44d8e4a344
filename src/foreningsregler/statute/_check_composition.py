"""Load checks of composition that the schema cannot see (E317, E318).

A range of seats upside down (more at least than at most), and a rotating
chair or weighted votes that name no member of the statute, make a file that
cannot be trusted, so they stop the load like an unknown name does.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from ..i18n import _
from ._yaml import Parsed, PathKey
from .problems import Finding, did_you_mean
from .validation import enclosing_provision


def composition_problems(parsed: Parsed, file: str) -> list[Finding]:
    """Every E317 and E318 of a schema-valid document."""
    data: dict[str, Any] = parsed.data if isinstance(parsed.data, dict) else {}
    named = _named_members(data)
    found: list[Finding] = []
    for index, body in enumerate(data.get("bodies", [])):
        path: PathKey = ("bodies", index)
        for code, message, where in _body(body, named):
            found.append(_finding(parsed, file, code, message, (*path, *where)))
    for index, rule in enumerate(data.get("voting_rules", [])):
        by_member = (rule.get("weights") or {}).get("by_member", {})
        for member in by_member:
            if named is None or member not in named:
                message = _(
                    "the voting rule '{rule}' weighs '{member}', who is no member named",
                    rule=rule["id"],
                    member=member,
                ) + _suggest(member, named)
                at: PathKey = ("voting_rules", index, "weights", "by_member", member)
                found.append(_finding(parsed, file, "E318", message, at))
    return found


def _named_members(data: dict[str, Any]) -> set[str] | None:
    """The members the statute names (municipalities, and members with an id or
    name); None where it names none, so an order cannot be checked."""
    membership = data.get("membership") or {}
    names = {str(m) for m in membership.get("municipalities", [])}
    for member in membership.get("members", []) or []:
        if isinstance(member, dict):
            names |= {str(member[k]) for k in ("id", "name") if k in member}
    return names or None


def _body(body: dict[str, Any], named: set[str] | None) -> Iterator[tuple[str, str, PathKey]]:
    seats = body.get("seats")
    if isinstance(seats, dict) and seats["min"] > seats.get("max", seats["min"]):
        message = _(
            "the body '{body}' has at least {least} and at most {most} seats: "
            "the range is upside down",
            body=body["id"],
            least=seats["min"],
            most=seats["max"],
        )
        yield "E317", message, ("seats", "min")
    rotation = (body.get("chair") or {}).get("rotation")
    if rotation is None:
        return
    order = rotation["order"]
    if order == "alphabetical":
        if named is None:
            message = _(
                "the chair of '{body}' rotates alphabetically among the members, "
                "but the statute names none (membership.municipalities)",
                body=body["id"],
            )
            yield "E318", message, ("chair", "rotation", "order")
        return
    for i, member in enumerate(order):
        if named is not None and member not in named:
            message = _(
                "the chair of '{body}' rotates to '{member}', who is no member named",
                body=body["id"],
                member=member,
            ) + _suggest(member, named)
            yield "E318", message, ("chair", "rotation", "order", i)


def _suggest(name: str, named: set[str] | None) -> str:
    close = difflib.get_close_matches(name, sorted(named or ()), n=1)
    return did_you_mean(close[0] if close else None)


def _finding(parsed: Parsed, file: str, code: str, message: str, path: PathKey) -> Finding:
    place = parsed.value_at(path)
    line, column = (place.line, place.column) if place else (None, None)
    return Finding(code, message, file, line, column, enclosing_provision(parsed.data, path))
