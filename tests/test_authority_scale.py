"""Delegation shapes with exponentially many chains: a ladder of levels of two
bodies, bodies that all delegate to each other. Compiling, answering, listing
and linting them stays bounded, and the answers stay right: the chains listed
are the first, depth first, the rest are counted, circles are reported once
per strongly connected component. (Their speed is measured in
benchmarks/authority.py, not here.)"""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys
from pathlib import Path

import pytest

import foreningsregler as fr
from foreningsregler.authority.answers import Chain, StaticState, TreeNode, Withheld
from foreningsregler.authority.chains import CHAIN_LIMIT, COUNT_LIMIT, TREE_LIMIT
from foreningsregler.authority.index import Authority, Reason
from foreningsregler.authority.lint import lint_authority
from foreningsregler.i18n import use_language
from foreningsregler.statute.model import ProvisionRef

ROOT = Path(__file__).resolve().parent.parent

HEAD = """format: 1
statute: {id: form, name: Formforeningen, status: draft, provision: "§ 1"}
provisions:
  - number: 1
    title: Alt
    assumption: true
    reason: Genereret i testen.
    stk: [{text: Organer.}, {text: Delegation.}, {text: Mere delegation.}]
bodies:
  - {id: gf, name: GF, kind: assembly, seats: members, filled_by: {method: membership},
     provision: "§ 1, stk. 1"}
"""
POWERS = """powers:
  - {id: beslut, name: Beslutte, holder: gf, provision: "§ 1, stk. 1"}
  - {id: andet, name: Andet, holder: gf, provision: "§ 1, stk. 1"}
delegations:
"""


def body(name: str) -> str:
    return (
        f"  - {{id: {name}, name: Organ {name}, kind: committee, seats: 3, "
        f'filled_by: {{method: election, by: gf}}, provision: "§ 1, stk. 1"}}\n'
    )


def delegation(source: str, target: str, extra: str = "", stk: int = 2) -> str:
    return (
        f"  - {{power: beslut, from: {source}, to: {target}, subdelegation: true, "
        f'{extra}provision: "§ 1, stk. {stk}"}}\n'
    )


def ladder_text(levels: int, extra: str = "") -> str:
    """``levels`` levels of bodies a and b; each delegates to both of the next."""
    names = [[f"l{level}-{side}" for side in "ab"] for level in range(1, levels + 1)]
    text = HEAD + "".join(body(n) for level in names for n in level) + POWERS
    above = ["gf"]
    for level in names:
        text += "".join(delegation(s, t, extra) for s in above for t in level)
        above = level
    return text


def clique_text(size: int) -> str:
    """``size`` bodies each delegating to every other; gf delegates to the first."""
    names = [f"o{i}" for i in range(1, size + 1)]
    text = HEAD + "".join(body(n) for n in names) + POWERS + delegation("gf", "o1")
    return text + "".join(delegation(s, t) for s in names for t in names if s != t)


def load(text: str) -> fr.Statute:
    return fr.loads(text, name="form.yaml", max_bytes=len(text.encode()) + 1)


def line_of(text: str, fragment: str) -> int:
    """The line (from 1) of the only line holding ``fragment``."""
    [number] = [i for i, line in enumerate(text.splitlines(), 1) if fragment in line]
    return number


def brute_chains(statute: fr.Statute, target: str) -> list[tuple[str, ...]]:
    """Every simple path of delegations of beslut from gf to ``target``, by brute force."""
    out: dict[str, list[str]] = {}
    for d in statute.delegations:
        out.setdefault(d.from_body, []).append(d.to_body)
    found = []

    def walk(path: tuple[str, ...]) -> None:
        if path[-1] == target:
            found.append(path)
            return
        for nxt in out.get(path[-1], []):
            if nxt not in path:
                walk((*path, nxt))

    walk(("gf",))
    return found


def bodies_of(chain: Chain) -> tuple[str, ...]:
    return (chain.steps[0].source, *(s.target for s in chain.steps[1:]))


# --- A ladder: chains counted exactly, listed depth first ----------------------------


def test_a_ladder_of_40_levels_lists_20_chains_and_counts_the_rest() -> None:
    authority = Authority(load(ladder_text(40)))
    answer = authority.check("l40-b", "beslut")
    assert answer.allowed
    assert len(answer.chains) == CHAIN_LIMIT
    assert answer.more_chains == 2**39 - CHAIN_LIMIT and answer.more_chains_exact
    # Depth first, in file order: the first chain takes side a all the way down.
    assert bodies_of(answer.chains[0]) == ("gf", *(f"l{i}-a" for i in range(1, 40)), "l40-b")
    assert bodies_of(answer.chains[1])[-3:] == ("l38-a", "l39-b", "l40-b")
    assert all(len(c.steps) == 41 for c in answer.chains)
    assert len(set(answer.chains)) == CHAIN_LIMIT
    assert answer.to_json()["more_chains"] == 2**39 - CHAIN_LIMIT
    assert answer.more_text == "and 549755813868 more chains, not listed"
    with use_language("da"):
        assert answer.more_text == "og 549.755.813.868 kæder mere, ikke vist"


def test_a_small_ladder_lists_every_chain_brute_force_finds() -> None:
    statute = load(ladder_text(4))
    answer = Authority(statute).check("l4-a", "beslut")
    assert [bodies_of(c) for c in answer.chains] == brute_chains(statute, "l4-a")
    assert len(answer.chains) == 8 and answer.more_chains == 0
    assert "more_chains" not in answer.to_json() and answer.more_text == ""


def test_a_ladder_answers_every_body_and_only_its_power() -> None:
    authority = Authority(load(ladder_text(40)))
    assert len(authority.list_bodies("beslut")) == 81
    assert authority.list_powers("l23-a") == ("beslut",)
    assert authority.list_bodies("andet") == ("gf",)
    refused = authority.check("l23-a", "andet")
    assert not refused.allowed
    assert [d.reason for d in refused.denials] == [Reason.NO_CHAIN]
    assert len(authority.chains("l40-a", "beslut")) == CHAIN_LIMIT
    assert authority.chains("l40-a", "andet") == ()


def withheld_at(statute: fr.Statute, bodies: set[str]) -> StaticState:
    """A state where every delegation to ``bodies`` is withheld."""
    withheld = {
        (d.key, d.to_body): Withheld("suspenderet", dt.date(2025, 1, 1), d.provision)
        for d in statute.delegations
        if d.to_body in bodies
    }
    return StaticState(withheld_delegations=withheld)


def test_with_a_state_the_listed_chains_are_those_that_grant() -> None:
    statute = load(ladder_text(30, "granted: decision, "))
    authority = Authority(statute)
    # Side a of level 2 is withheld: the chains through it no longer grant.
    answer = authority.check("l30-a", "beslut", state=withheld_at(statute, {"l2-a"}))
    assert answer.allowed and answer.evaluated
    assert len(answer.chains) == CHAIN_LIMIT
    assert all(bodies_of(c)[2] == "l2-b" for c in answer.chains)
    assert answer.more_chains == 2**28 - CHAIN_LIMIT and answer.more_chains_exact
    # Listed chains that all grant stay listed as they are.
    granted = authority.check("l30-a", "beslut", state=withheld_at(statute, {"l22-b"}))
    assert granted.chains == authority.chains("l30-a", "beslut")
    assert granted.more_chains == 2**28 - CHAIN_LIMIT


def test_a_chain_beyond_those_listed_still_grants() -> None:
    statute = load(ladder_text(30, "granted: decision, "))
    # Withhold side a at every level but the first: one chain per first choice is left.
    state = withheld_at(statute, {f"l{i}-a" for i in range(2, 31)} - {"l30-a"})
    answer = Authority(statute).check("l30-a", "beslut", state=state)
    assert answer.allowed
    assert [bodies_of(c)[1] for c in answer.chains] == ["l1-a", "l1-b"]
    assert all(bodies_of(c)[2:-1] == tuple(f"l{i}-b" for i in range(2, 30)) for c in answer.chains)
    assert answer.more_chains == 0


def test_when_no_chain_grants_each_listed_chain_says_why() -> None:
    statute = load(ladder_text(30, "granted: decision, "))
    answer = Authority(statute).check(
        "l30-a", "beslut", state=withheld_at(statute, {"l9-a", "l9-b"})
    )
    assert not answer.allowed and answer.evaluated
    assert len(answer.denials) == CHAIN_LIMIT
    assert {d.reason for d in answer.denials} == {Reason.DELEGATION_WITHHELD}
    assert answer.denials[0].message == (
        "the delegation beslut:l8-a:l9-a to l9-a is suspenderet since 2025-01-01"
    )
    assert answer.denials[0].provision == ProvisionRef(1, 2)
    # The statute's own chains are still listed, and counted.
    assert answer.more_chains == 2**29 - CHAIN_LIMIT


def count_nodes(nodes: tuple[TreeNode, ...]) -> tuple[int, int]:
    shown = omitted = 0
    stack = list(nodes)
    while stack:
        node = stack.pop()
        shown, omitted = shown + 1, omitted + node.omitted
        stack.extend(node.children)
    return shown, omitted


def test_the_tree_of_a_ladder_is_bounded_and_says_what_it_leaves_out() -> None:
    authority = Authority(load(ladder_text(40)))
    [root] = authority.expand("beslut")
    shown, omitted = count_nodes((root,))
    assert shown == TREE_LIMIT and omitted > 0
    # Depth first: the room runs out inside the first branch; l1-b is left out.
    assert root.body == "gf" and [c.body for c in root.children] == ["l1-a"]
    assert root.omitted == 1
    small = Authority(load(ladder_text(3)))
    assert count_nodes(small.expand("beslut")) == (1 + 2 + 4 + 8, 0)


# --- A clique: counted up to a bound; one circle ------------------------------------------


def test_bodies_delegating_to_each_other_are_counted_up_to_the_bound() -> None:
    authority = Authority(load(clique_text(30)))
    answer = authority.check("o30", "beslut", state=StaticState())
    assert answer.allowed
    assert len(answer.chains) == CHAIN_LIMIT
    assert answer.more_chains == COUNT_LIMIT - CHAIN_LIMIT and not answer.more_chains_exact
    assert answer.more_text == "and at least 980 more chains, not listed"
    assert answer.to_json()["more_chains_exact"] is False
    assert all(len(set(bodies_of(c))) == len(c.steps) for c in answer.chains)  # simple paths
    assert bodies_of(answer.chains[0]) == ("gf", *(f"o{i}" for i in range(1, 31)))
    assert set(authority.list_bodies("beslut")) == {"gf", *(f"o{i}" for i in range(1, 31))}


@pytest.mark.parametrize("size", [3, 4, 5])
def test_a_small_clique_lists_and_counts_what_brute_force_finds(size: int) -> None:
    statute = load(clique_text(size))
    answer = Authority(statute).check(f"o{size}", "beslut")
    expected = brute_chains(statute, f"o{size}")
    listed = [bodies_of(c) for c in answer.chains]
    assert listed == expected[:CHAIN_LIMIT]
    assert len(listed) + answer.more_chains == len(expected) and answer.more_chains_exact


def test_a_circle_of_thirty_bodies_is_reported_once_naming_them() -> None:
    text = clique_text(30)
    findings = lint_authority(load(text))
    [cycle] = [f for f in findings if f.code == "E602"]
    assert (cycle.line, cycle.column, cycle.provision) == (
        line_of(text, "from: o30, to: o29"),
        5,
        "§ 1, stk. 2",
    )
    names = ", ".join(f"o{i}" for i in range(1, 31))
    assert cycle.message == (
        f"beslut is delegated in circles among 30 bodies, {names}, by 870 delegations (§ 1, stk. 2)"
    )


def test_each_strongly_connected_component_is_one_finding() -> None:
    # Two components: a triangle with every way round (o1-o3), and a single
    # circle (k1 -> k2 -> k1) reached from it; a self-delegation is a third.
    names = ["o1", "o2", "o3", "k1", "k2", "s1"]
    text = HEAD + "".join(body(n) for n in names) + POWERS + delegation("gf", "o1")
    text += "".join(delegation(s, t) for s, t in itertools.permutations(["o1", "o2", "o3"], 2))
    text += delegation("o3", "k1") + delegation("k1", "k2", stk=3) + delegation("k2", "k1", stk=3)
    text += delegation("gf", "s1") + delegation("s1", "s1", stk=3)
    found = [(f.code, f.line, f.column, f.provision, f.message) for f in lint_authority(load(text))]
    assert found == [
        (
            "E602",
            line_of(text, "from: o3, to: o2"),
            5,
            "§ 1, stk. 2",
            "beslut is delegated in circles among 3 bodies, o1, o2, o3, "
            "by 6 delegations (§ 1, stk. 2)",
        ),
        (
            "E602",
            line_of(text, "from: k2, to: k1"),
            5,
            "§ 1, stk. 3",
            "beslut is delegated in a circle: k1 -> k2 -> k1",
        ),
        (
            "E602",
            line_of(text, "from: s1, to: s1"),
            5,
            "§ 1, stk. 3",
            "beslut is delegated in a circle: s1 -> s1",
        ),
    ]
    with use_language("da"):
        [first, *_rest] = lint_authority(load(text))
    assert first.message == (
        "beslut delegeres i ringe mellem 3 organer, o1, o2, o3, ved 6 delegationer (§ 1, stk. 2)"
    )


def test_a_ladder_has_no_circle_and_no_other_finding_of_the_wing() -> None:
    assert lint_authority(load(ladder_text(40))) == []


# --- What the index does not load ----------------------------------------------------------


def test_asking_and_linting_do_not_import_networkx() -> None:
    program = (
        "import sys, foreningsregler as fr\n"
        "from foreningsregler.authority.answers import StaticState\n"
        "from foreningsregler.authority.index import Authority\n"
        "from foreningsregler.checks import check\n"
        f"statute = fr.load({str(ROOT / 'vedtaegter' / 'digitaliseringsforeningen.yaml')!r})\n"
        "authority = Authority(statute)\n"
        "authority.check('generalforsamling', 'vedtag-faser', state=StaticState())\n"
        "authority.expand('vedtag-faser'); check(statute)\n"
        "print('networkx' in sys.modules)\n"
        "authority.graph\n"
        "print('networkx' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True"]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (ladder_text(6, "granted: decision, "), "l6-b"),  # its tree compiled whole
        (ladder_text(7, "granted: decision, "), "l7-a"),  # too large: asked lazily
        (
            clique_text(5).replace(
                "subdelegation: true, ", "subdelegation: true, granted: decision, "
            ),
            "o4",
        ),
    ],
)
@pytest.mark.parametrize("seed", range(6))
def test_granted_chains_are_the_first_brute_force_grants(text: str, target: str, seed: int) -> None:
    statute = load(text)
    bodies = sorted({d.to_body for d in statute.delegations})
    withheld = {b for i, b in enumerate(bodies) if (i * 7 + seed * 3) % 5 == 0} - {target}
    every = brute_chains(statute, target)
    granting = [c for c in every if not set(c[1:]) & withheld]
    answer = Authority(statute).check(target, "beslut", state=withheld_at(statute, withheld))
    assert answer.allowed is bool(granting)
    if granting:
        assert [bodies_of(c) for c in answer.chains] == granting[:CHAIN_LIMIT]
        assert len(answer.chains) + answer.more_chains == len(granting)
    else:
        assert len(answer.chains) + answer.more_chains == len(every)
