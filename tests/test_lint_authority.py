"""The linter's competence rules, each seeded with a statute that breaks it,
and each shown silent where the statute is sound."""

from __future__ import annotations

from pathlib import Path

import pytest

import foreningsregler as fr
from foreningsregler.authority.index import build_graph
from foreningsregler.authority.lint import legitimate_bodies, lint_authority

FIXTURES = Path(__file__).parent / "fixtures"
LINT = FIXTURES / "lint"
ROOT = Path(__file__).resolve().parent.parent

Found = tuple[str, int | None, int | None, str | None, str]


def findings(statute: fr.Statute) -> list[Found]:
    return [(f.code, f.line, f.column, f.provision, f.message) for f in lint_authority(statute)]


def found(name: str) -> list[Found]:
    return findings(fr.load(LINT / name))


def variant(name: str, *changes: tuple[str, str]) -> fr.Statute:
    """A fixture with some text replaced; each old text must occur exactly once."""
    text = (LINT / name).read_text("utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return fr.loads(text, name=name)


def codes(statute: fr.Statute) -> list[str]:
    return [f.code for f in lint_authority(statute)]


# --- Each rule, seeded ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "e601_illegitimate.yaml",
            [
                (
                    "E601",
                    42,
                    5,
                    "§ 1, stk. 1",
                    "the seats of a do not trace back to the members "
                    "(election by b, which does not either)",
                ),
                (
                    "E601",
                    48,
                    5,
                    "§ 1, stk. 1",
                    "the seats of b do not trace back to the members "
                    "(election by a, which does not either)",
                ),
            ],
        ),
        (
            "e602_cycle.yaml",
            [
                (
                    "E602",
                    47,
                    5,
                    "§ 1, stk. 2",
                    "beslut is delegated in a circle: bestyrelse -> udvalg-it -> bestyrelse",
                ),
            ],
        ),
        (
            "e603_subdelegation.yaml",
            [
                (
                    "E603",
                    46,
                    5,
                    "§ 1, stk. 2",
                    "bestyrelse passes on beslut, but no delegation to it allows subdelegation",
                ),
            ],
        ),
        (
            "e604_not_held.yaml",
            [
                (
                    "E604",
                    45,
                    5,
                    "§ 1, stk. 2",
                    "bestyrelse delegates beslut, which it neither holds nor has received",
                ),
            ],
        ),
        ("e605_no_holder.yaml", [("E605", 43, 5, "§ 1, stk. 1", "no body holds beslut")]),
        (
            "e606_exclusive_shared.yaml",
            [
                (
                    "E606",
                    43,
                    5,
                    "§ 1, stk. 1",
                    "beslut is exclusive, but 2 bodies hold it: gf, bestyrelse",
                ),
            ],
        ),
        (
            "e607_recommendation.yaml",
            [
                (
                    "E607",
                    46,
                    16,
                    "§ 1, stk. 1",
                    "beslut requires a recommendation from gf, which holds the power itself",
                ),
            ],
        ),
        (
            "e608_drawn_from_smaller.yaml",
            [
                (
                    "E608",
                    42,
                    5,
                    "§ 1, stk. 1",
                    "forretningsudvalg has 5 seats but is drawn from bestyrelse, which has 3",
                ),
            ],
        ),
        (
            "e609_role_unfillable.yaml",
            [
                (
                    "E609",
                    42,
                    5,
                    "§ 1, stk. 1",
                    "forretningsudvalg seats fagchef, but bestyrelse seats only direktoer",
                ),
            ],
        ),
        (
            "e610_quorum.yaml",
            [
                (
                    "E610",
                    26,
                    5,
                    "§ 1, stk. 3",  # at the body, citing the voting rule
                    "bestyrelse votes by flertal, but its quorum of 4 present "
                    "is more than the 3 seats",
                ),
            ],
        ),
        (
            "e611_majority.yaml",
            [
                (
                    "E611",
                    45,
                    5,
                    "§ 1, stk. 3",
                    "flertal needs 3/2 of the votes, more than all of them",
                ),
            ],
        ),
    ],
)
def test_each_seeded_defect_is_found_exactly(name: str, expected: list[Found]) -> None:
    assert found(name) == expected


@pytest.mark.parametrize(
    "path",
    [
        LINT / "ok.yaml",
        FIXTURES / "minimal.yaml",
        FIXTURES / "forening.yaml",
        ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml",
        ROOT / "examples" / "tiny.yaml",
    ],
)
def test_sound_statutes_have_no_competence_findings(path: Path) -> None:
    assert lint_authority(fr.load(path)) == []


def test_a_given_graph_is_used_as_is() -> None:
    statute = fr.load(LINT / "e602_cycle.yaml")
    assert lint_authority(statute, build_graph(statute)) == lint_authority(statute)


# --- E601 illegitimate-body ------------------------------------------------------------


def test_e601_elections_and_appointments_trace_back_to_the_members() -> None:
    statute = fr.load(ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml")
    assert legitimate_bodies(statute) == {b.id for b in statute.bodies}
    broken = fr.load(LINT / "e601_illegitimate.yaml")
    assert {"a", "b"} & legitimate_bodies(broken) == set()


def test_e601_silent_for_a_chain_of_elections_from_the_members() -> None:
    # gf (members) elects bestyrelse, which elects a, which elects b
    statute = variant(
        "e601_illegitimate.yaml",
        ("{method: election, by: b, ", "{method: election, by: bestyrelse, "),
    )
    assert codes(statute) == []


def test_e601_silent_for_a_body_drawn_from_and_elected_by_a_per_area_template() -> None:
    # a is not per area; `udvalg` then means every area's udvalg
    statute = variant(
        "e601_illegitimate.yaml",
        (
            "    seats: 3\n    filled_by: {method: election, by: b, ",
            "    seats: 3\n    drawn_from: udvalg\n    filled_by: {method: election, by: udvalg, ",
        ),
        ("{method: election, by: a, ", "{method: procurement, by: a, "),
    )
    assert codes(statute) == []


def test_e601_a_body_drawn_from_an_illegitimate_body() -> None:
    statute = variant(
        "e601_illegitimate.yaml",
        (
            "    seats: 3\n    filled_by: {method: election, by: b, ",
            "    seats: 3\n    drawn_from: b\n    filled_by: {method: election, by: bestyrelse, ",
        ),
    )
    assert findings(statute) == [
        (
            "E601",
            42,
            5,
            "§ 1, stk. 1",
            "the seats of a do not trace back to the members (drawn from b, which does not either)",
        ),
        (
            "E601",
            49,
            5,
            "§ 1, stk. 1",
            "the seats of b do not trace back to the members "
            "(election by a, which does not either)",
        ),
    ]


# --- E602 delegation-cycle ---------------------------------------------------------------


def test_e602_silent_without_the_delegation_back() -> None:
    statute = variant(
        "e602_cycle.yaml",
        (
            "  - {power: beslut, from: udvalg, to: bestyrelse, subdelegation: true, "
            'provision: "§ 1, stk. 2"}\n',
            "",
        ),
    )
    assert codes(statute) == []


def test_e602_silent_for_two_paths_to_one_body() -> None:
    # gf -> bestyrelse -> udvalg and gf -> udvalg: a diamond, not a circle
    statute = variant(
        "e602_cycle.yaml",
        ("from: udvalg, to: bestyrelse,", "from: gf, to: udvalg,"),
    )
    assert codes(statute) == []


def test_e602_a_delegation_back_to_the_holder_is_a_circle() -> None:
    statute = variant(
        "e602_cycle.yaml",
        ("from: udvalg, to: bestyrelse,", "from: bestyrelse, to: gf,"),
    )
    assert findings(statute) == [
        (
            "E602",
            47,
            5,
            "§ 1, stk. 2",
            "beslut is delegated in a circle: bestyrelse -> gf -> bestyrelse",
        ),
    ]


# --- E603 subdelegation-not-allowed, E604 delegates-power-not-held ------------------------


def test_e603_silent_when_the_delegation_received_allows_subdelegation() -> None:
    statute = variant(
        "e603_subdelegation.yaml",
        (
            "from: gf, to: bestyrelse, provision",
            "from: gf, to: bestyrelse, subdelegation: true, provision",
        ),
    )
    assert codes(statute) == []


def test_e603_and_e604_silent_when_the_holder_delegates() -> None:
    statute = variant(
        "e604_not_held.yaml", ("from: bestyrelse, to: udvalg", "from: gf, to: udvalg")
    )
    assert codes(statute) == []


def test_e604_silent_when_the_power_was_received() -> None:
    # bestyrelse received beslut (with subdelegation), so it may pass it on
    statute = variant(
        "e604_not_held.yaml",
        (
            "delegations:\n",
            "delegations:\n"
            "  - {power: beslut, from: gf, to: bestyrelse, subdelegation: true, "
            'provision: "§ 1, stk. 2"}\n',
        ),
    )
    assert codes(statute) == []


def test_e604_a_per_area_body_passing_on_what_it_never_received_is_reported_once() -> None:
    statute = variant(
        "e604_not_held.yaml", ("from: bestyrelse, to: udvalg", "from: udvalg, to: bestyrelse")
    )
    assert findings(statute) == [
        (
            "E604",
            45,
            5,
            "§ 1, stk. 2",
            "udvalg delegates beslut, which it neither holds nor has received",
        ),
    ]


# --- E605 power-without-holder, E606 exclusive-power-shared --------------------------------


def test_e605_silent_for_a_power_held_by_a_per_area_template() -> None:
    statute = variant(
        "e605_no_holder.yaml",
        ("name: Beslutte, provision", "name: Beslutte, holder: udvalg, provision"),
    )
    assert codes(statute) == []


def test_e606_silent_for_an_own_area_power_of_a_per_area_body() -> None:
    # prioriter: exclusive, held by udvalg (2 areas), scope own_area
    assert [f[4].split()[0] for f in found("e606_exclusive_shared.yaml")] == ["beslut"]
    statute = variant("e606_exclusive_shared.yaml", ("holder: [gf, bestyrelse]", "holder: gf"))
    assert codes(statute) == []


def test_e606_a_per_area_holder_without_own_area_shares_the_power() -> None:
    statute = variant(
        "e606_exclusive_shared.yaml",
        ("holder: [gf, bestyrelse]", "holder: gf"),
        ("exclusive: true, scope: [own_area]", "exclusive: true"),
    )
    assert findings(statute) == [
        (
            "E606",
            44,
            5,
            "§ 1, stk. 1",
            "prioriter is exclusive, but 2 bodies hold it: udvalg-it, udvalg-social",
        ),
    ]


def test_e606_own_area_does_not_excuse_a_second_holder_in_the_same_area() -> None:
    statute = variant(
        "e606_exclusive_shared.yaml",
        ("holder: [gf, bestyrelse]", "holder: gf"),
        ("holder: udvalg,", "holder: [udvalg, fagudvalg],"),
        (
            "powers:\n",
            "  - id: fagudvalg\n"
            "    name: Fagudvalget for {area}\n"
            "    kind: committee\n"
            "    per_area: true\n"
            "    seats: 3\n"
            '    filled_by: {method: election, by: udvalg, provision: "§ 1, stk. 1"}\n'
            '    provision: "§ 1, stk. 1"\n'
            "powers:\n",
        ),
    )
    assert findings(statute) == [
        (
            "E606",
            51,
            5,
            "§ 1, stk. 1",
            "prioriter is exclusive, but 2 bodies hold it in one area: udvalg-it, fagudvalg-it",
        ),
    ]


# --- E607 recommendation-impossible --------------------------------------------------------


def test_e607_silent_for_a_recommendation_from_another_legitimate_body() -> None:
    statute = variant(
        "e607_recommendation.yaml", ("from: gf, provision", "from: bestyrelse, provision")
    )
    assert codes(statute) == []


def test_e607_a_supplier_cannot_recommend() -> None:
    statute = variant(
        "e607_recommendation.yaml",
        ("from: gf, provision", "from: partner, provision"),
        (
            "powers:\n",
            "  - id: partner\n"
            "    name: Leverandøren\n"
            "    kind: partner\n"
            "    seats: 1\n"
            '    filled_by: {method: procurement, by: bestyrelse, provision: "§ 1, stk. 1"}\n'
            '    provision: "§ 1, stk. 1"\n'
            "powers:\n",
        ),
    )
    assert findings(statute) == [
        (
            "E607",
            52,
            16,
            "§ 1, stk. 1",
            "beslut requires a recommendation from partner, "
            "which is a supplier, not a body of the association",
        ),
    ]


def test_e607_an_illegitimate_body_cannot_recommend() -> None:
    statute = variant(
        "e601_illegitimate.yaml",
        (
            '  - {id: beslut, name: Beslutte, holder: gf, provision: "§ 1, stk. 1"}',
            "  - id: beslut\n"
            "    name: Beslutte\n"
            "    holder: gf\n"
            '    requires: [{kind: proposal, from: a, provision: "§ 1, stk. 2"}]\n'
            '    provision: "§ 1, stk. 1"',
        ),
    )
    assert [f for f in findings(statute) if f[0] == "E607"] == [
        (
            "E607",
            58,
            16,
            "§ 1, stk. 2",
            "beslut requires a proposal from a, which has no seats traced back to the members",
        ),
    ]


# --- E608 drawn-from-smaller-body, E609 role-unfillable --------------------------------------


def test_e608_silent_for_as_many_seats_as_the_source() -> None:
    statute = variant("e608_drawn_from_smaller.yaml", ("seats: 5", "seats: 3"))
    assert codes(statute) == []


def test_e608_silent_when_either_side_follows_the_membership() -> None:
    from_members = variant(
        "e608_drawn_from_smaller.yaml", ("drawn_from: bestyrelse", "drawn_from: gf")
    )
    assert codes(from_members) == []
    one_per_member = variant("e608_drawn_from_smaller.yaml", ("seats: 5", "seats: members"))
    assert codes(one_per_member) == []


def test_e609_silent_when_the_roles_overlap_or_are_open() -> None:
    overlap = variant(
        "e609_role_unfillable.yaml",
        ("seats: 2\n    eligible: [fagchef]", "seats: 2\n    eligible: [fagchef, direktoer]"),
    )
    assert codes(overlap) == []
    open_seats = variant(
        "e609_role_unfillable.yaml", ("seats: 2\n    eligible: [fagchef]\n", "seats: 2\n")
    )
    assert codes(open_seats) == []


# --- E610 quorum-unreachable, E611 majority-unreachable --------------------------------------


def test_e610_silent_for_a_quorum_of_every_seat() -> None:
    assert codes(variant("e610_quorum.yaml", ("quorum: {count: 4}", "quorum: {count: 3}"))) == []
    assert (
        codes(variant("e610_quorum.yaml", ("quorum: {count: 4}", 'quorum: {fraction: "1/1"}')))
        == []
    )


def test_e610_silent_for_a_count_against_seats_that_follow_the_membership() -> None:
    statute = variant(
        "e610_quorum.yaml",
        ("kind: assembly\n", "kind: assembly\n    voting: flertal\n"),
        ("    voting: flertal\n    provision", "    provision"),
        ("quorum: {count: 4}", "quorum: {count: 40}"),
    )
    assert codes(statute) == []


def test_e610_a_quorum_fraction_above_one_fails_any_body() -> None:
    statute = variant(
        "e610_quorum.yaml",
        ("kind: assembly\n", "kind: assembly\n    voting: flertal\n"),
        ("quorum: {count: 4}", 'quorum: {fraction: "3/2"}'),
    )
    message = "votes by flertal, but its quorum of 3/2 of the seats is more than all of them"
    assert findings(statute) == [
        ("E610", 19, 5, "§ 1, stk. 3", f"gf {message}"),
        ("E610", 27, 5, "§ 1, stk. 3", f"bestyrelse {message}"),
    ]


def test_e610_a_power_voting_rule_is_held_against_its_holder() -> None:
    statute = variant(
        "e610_quorum.yaml",
        ("    voting: flertal\n    provision", "    provision"),
        ("holder: gf,", "holder: bestyrelse, voting: flertal,"),
    )
    assert findings(statute) == [
        (
            "E610",
            42,
            5,
            "§ 1, stk. 3",
            "beslut is decided by bestyrelse under flertal, but its quorum of 4 present "
            "is more than the 3 seats",
        ),
    ]


def test_e611_silent_for_a_threshold_of_all_the_votes() -> None:
    statute = variant("e611_majority.yaml", ('threshold: "3/2"', 'threshold: "1/1"'))
    assert codes(statute) == []


def test_check_runs_the_competence_rules_and_exits_1() -> None:
    from click.testing import CliRunner

    from foreningsregler.cli import cli

    result = CliRunner().invoke(cli, ["check", str(LINT / "e605_no_holder.yaml")])
    assert result.exit_code == 1
    # Grouped under its provision, each line path:line:col: (issue 13, issue 14).
    lines = result.output.splitlines()
    at = lines.index("  § 1, stk. 1")
    assert lines[at + 1] == f"    {LINT / 'e605_no_holder.yaml'}:43:5: E605 no body holds beslut"
