"""Statutes of benchmarks/authority.py, written as YAML: growing, a ladder, a clique."""

from __future__ import annotations

_HEAD = """format: 1
statute: {id: form, name: Formforeningen, status: draft, provision: "§ 1"}
provisions:
  - number: 1
    title: Alt
    assumption: true
    reason: Genereret.
    stk: [{text: Organer.}, {text: Delegation.}]
bodies:
  - {id: gf, name: GF, kind: assembly, seats: members,
     filled_by: {method: membership, provision: "§ 1, stk. 1"}, provision: "§ 1, stk. 1"}
"""
_POWER = """powers:
  - {id: beslut, name: Beslutte, holder: gf, provision: "§ 1, stk. 1"}
delegations:
"""


def _body(name: str) -> str:
    return (
        f"  - {{id: {name}, name: Organ {name}, kind: committee, seats: 3, filled_by: "
        '{method: election, by: gf, provision: "§ 1, stk. 1"}, provision: "§ 1, stk. 1"}\n'
    )


def _delegation(source: str, target: str) -> str:
    return (
        f"  - {{power: beslut, from: {source}, to: {target}, subdelegation: true, "
        'provision: "§ 1, stk. 2"}\n'
    )


def ladder(levels: int) -> str:
    """``levels`` levels of two bodies; each body delegates to both of the next
    level, sub-delegation allowed: 2^(levels - 1) chains to the last level."""
    names = [[f"l{level}-{side}" for side in "ab"] for level in range(1, levels + 1)]
    text = _HEAD + "".join(_body(n) for level in names for n in level) + _POWER
    above = ["gf"]
    for level in names:
        text += "".join(_delegation(s, t) for s in above for t in level)
        above = level
    return text


def clique(size: int) -> str:
    """``size`` bodies each delegating to every other, sub-delegation allowed;
    the assembly delegates to the first."""
    names = [f"o{i}" for i in range(1, size + 1)]
    text = _HEAD + "".join(_body(n) for n in names) + _POWER + _delegation("gf", names[0])
    return text + "".join(_delegation(s, t) for s in names for t in names if s != t)


def generated(step: int) -> str:
    """About ``step`` bodies and 10 x ``step`` powers and delegations, per area."""
    areas = max(1, step // 2)
    powers = 10 * step
    lines = [
        "format: 1",
        'statute: {id: generated, name: Genereret, status: draft, provision: "§ 1"}',
        "provisions:",
        "  - {number: 1, title: Alt, assumption: true, reason: Genereret., stk: [{text: Alt.}]}",
        "areas:",
        *(f'  - {{id: a{i}, name: Område {i}, provision: "§ 1"}}' for i in range(areas)),
        "bodies:",
        "  - {id: gf, name: GF, kind: assembly, seats: members, "
        'filled_by: {method: membership}, provision: "§ 1"}',
        "  - {id: udvalg, name: Udvalg, kind: committee, per_area: true, seats: members, "
        'filled_by: {method: membership}, provision: "§ 1"}',
        "  - {id: fu, name: Forretningsudvalg, kind: committee, per_area: true, seats: 3, "
        'drawn_from: udvalg, filled_by: {method: election, by: udvalg}, provision: "§ 1"}',
        "powers:",
        *(f'  - {{id: p{i}, name: Magt {i}, holder: gf, provision: "§ 1"}}' for i in range(powers)),
        "delegations:",
    ]
    for i in range(powers):
        area = i % areas
        if i % 2:
            lines.append(
                f"  - {{power: p{i}, from: gf, to: udvalg-a{area}, subdelegation: true, "
                'provision: "§ 1"}'
            )
        else:
            lines.append(
                f"  - {{power: p{i}, from: gf, to: fu-a{area}, scope: [adopted_phases, "
                'participating_municipalities], provision: "§ 1"}'
            )
    return "\n".join(lines) + "\n"
