"""The linter's competence rules, each seeded with a statute that breaks it."""

from __future__ import annotations

from pathlib import Path

import pytest

import foreningsregler as fr
from foreningsregler.lint_authority import legitimate_bodies, lint_authority

LINT = Path(__file__).parent / "fixtures" / "lint"
ROOT = Path(__file__).resolve().parent.parent


def found(name: str) -> list[tuple[str, int | None, int | None, str | None, str]]:
    statute = fr.load(LINT / name)
    return [(f.code, f.line, f.column, f.provision, f.message) for f in lint_authority(statute)]


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
                    "(filled by b, which does not either)",
                ),
                (
                    "E601",
                    48,
                    5,
                    "§ 1, stk. 1",
                    "the seats of b do not trace back to the members "
                    "(filled by a, which does not either)",
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
                    "§ 1, stk. 1",
                    "bestyrelse has 3 seats, but its voting rule flertal needs 4 present",
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
def test_each_seeded_defect_is_found_exactly(name: str, expected: list[tuple[object, ...]]) -> None:
    assert found(name) == expected


@pytest.mark.parametrize(
    "path",
    [
        LINT / "ok.yaml",
        ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml",
        ROOT / "examples" / "tiny.yaml",
        Path(__file__).parent / "fixtures" / "forening.yaml",
    ],
)
def test_sound_statutes_have_no_competence_findings(path: Path) -> None:
    assert lint_authority(fr.load(path)) == []


def test_rules_that_must_stay_silent() -> None:
    # a per-area exclusive power scoped to the own area is not shared (e606 fixture: prioriter)
    assert [f[4] for f in found("e606_exclusive_shared.yaml") if "prioriter" in f[4]] == []
    # delegations that allow subdelegation do not trigger E603 (e602 fixture)
    assert [f for f in found("e602_cycle.yaml") if f[0] == "E603"] == []


def test_legitimacy_traces_elections_back_to_the_members() -> None:
    statute = fr.load(ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml")
    assert legitimate_bodies(statute) == {b.id for b in statute.bodies}
    broken = fr.load(LINT / "e601_illegitimate.yaml")
    assert {"a", "b"} & legitimate_bodies(broken) == set()


def test_check_runs_the_competence_rules_and_exits_1() -> None:
    from click.testing import CliRunner

    from foreningsregler.cli import cli

    result = CliRunner().invoke(cli, ["check", str(LINT / "e605_no_holder.yaml")])
    assert result.exit_code == 1
    assert "43:5 E605 no body holds beslut [§ 1, stk. 1]" in result.output
