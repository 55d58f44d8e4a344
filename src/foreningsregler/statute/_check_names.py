"""Members' names in their one form, before any name is compared (E330, E315).

Every place a statute names a member by its name (``membership.municipalities``,
a member's or partner's ``name``, a rotating chair's order, weights by member,
the domicile) is normalised in the parsed document (``names.normalise_name``),
so "Sorø" and "Sorø " are found to be one member (E315, in ``references``) and
events name it as the statute does. A name with an invisible or control
character is refused where it is written (E330).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..i18n import _
from ._yaml import Parsed, PathKey
from .names import name_problem, normalise_name
from .problems import Finding
from .validation import enclosing_provision

_STAR = "*"

#: Where a statute writes a member's name as a value.
NAMED: tuple[tuple[str, ...], ...] = (
    ("membership", "municipalities", _STAR),
    ("membership", "members", _STAR, "name"),
    ("membership", "partners", _STAR, "name"),
    ("bodies", _STAR, "chair", "rotation", "order", _STAR),
    ("clauses", "domicile", "municipality"),
)
#: Where it writes members' names as the keys of a mapping.
NAMED_KEYS: tuple[tuple[str, ...], ...] = (("voting_rules", _STAR, "weights", "by_member"),)


def normalise_names(parsed: Parsed, file: str) -> list[Finding]:
    """Normalise the names in ``parsed`` (a schema-valid statute) in place; every
    name that cannot be normalised is an E330."""
    found: list[Finding] = []
    for pattern in NAMED:
        for path, parent, step in _places(parsed.data, pattern, ()):
            if not isinstance(parent[step], str):
                continue
            problem = name_problem(parent[step])
            if problem is not None:
                found.append(_finding(parsed, file, "E330", problem, path))
            else:
                parent[step] = normalise_name(parent[step])
    for pattern in NAMED_KEYS:
        for path, parent, step in _places(parsed.data, pattern, ()):
            if isinstance(parent[step], dict):
                found.extend(_keys(parsed, file, parent, step, path))
    return found


def _keys(parsed: Parsed, file: str, parent: Any, step: Any, path: PathKey) -> list[Finding]:
    """A mapping's keys normalised, its places moved with them; two keys that
    become one name the member twice (E315)."""
    found: list[Finding] = []
    renamed: dict[str, Any] = {}
    for key, value in parent[step].items():
        problem = name_problem(key)
        if problem is not None:
            found.append(_key_finding(parsed, file, "E330", problem, (*path, key)))
            continue
        name = normalise_name(key)
        if name in renamed:
            message = _("the member '{name}' is named twice", name=name)
            found.append(_key_finding(parsed, file, "E315", message, (*path, key)))
            continue
        renamed[name] = value
        for places in (parsed.keys, parsed.values):
            if (*path, key) in places:
                places[(*path, name)] = places[(*path, key)]
    parent[step] = renamed
    return found


def _places(
    node: Any, pattern: tuple[str, ...], path: PathKey
) -> Iterator[tuple[PathKey, Any, Any]]:
    """(path, container, key or index) of each value at ``pattern``, so it can be replaced."""
    step, rest = pattern[0], pattern[1:]
    if step == _STAR and isinstance(node, list):
        steps: list[str | int] = list(range(len(node)))
    elif isinstance(node, dict) and step in node:
        steps = [step]
    else:
        return
    for key in steps:
        if rest:
            yield from _places(node[key], rest, (*path, key))
        else:
            yield (*path, key), node, key


def _finding(parsed: Parsed, file: str, code: str, message: str, path: PathKey) -> Finding:
    place = parsed.value_at(path)
    line, column = (place.line, place.column) if place else (None, None)
    return Finding(code, message, file, line, column, enclosing_provision(parsed.data, path))


def _key_finding(parsed: Parsed, file: str, code: str, message: str, path: PathKey) -> Finding:
    place = parsed.key_at(path)
    line, column = (place.line, place.column) if place else (None, None)
    return Finding(code, message, file, line, column, enclosing_provision(parsed.data, path))
