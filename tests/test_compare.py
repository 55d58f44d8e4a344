"""Statutes side by side: the same aspects answered for each, with provisions."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import write

import foreningsregler as fr
from foreningsregler.cli.commands import cli

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
TINY = ROOT / "examples" / "tiny.yaml"


def _variant(tmp_path: Path) -> Path:
    """The bundled statute with a board of five and no interim bodies' powers changed."""
    text = BUNDLED.read_text("utf-8").replace(
        "    kind: board\n    seats: 3\n    eligible: [kommunaldirektoer]\n    one_seat_per_member",
        "    kind: board\n    seats: 5\n    eligible: [kommunaldirektoer]\n    one_seat_per_member",
        1,
    )
    return write(tmp_path, text, "variant.yaml")


def _aspect(comparison: fr.Comparison, key: str) -> fr.authority.comparison.Aspect:
    return next(a for a in comparison.aspects if a.key == key)


def test_the_same_statute_from_two_files_is_the_same_in_every_aspect(tmp_path: Path) -> None:
    copy = write(tmp_path, BUNDLED.read_text("utf-8"), "kopi.yaml")
    comparison = fr.compare([fr.load(BUNDLED), fr.load(copy)])
    assert all(aspect.same for aspect in comparison.aspects)
    assert all(row.same and row.match.value == "id" for row in comparison.powers)
    # Two statutes of one name and version are told apart by their files.
    assert comparison.names == (
        "Digitaliseringsforeningen 0.1 (digitaliseringsforeningen.yaml)",
        "Digitaliseringsforeningen 0.1 (kopi.yaml)",
    )


def test_a_larger_board_differs_in_bodies_only(tmp_path: Path) -> None:
    comparison = fr.compare([fr.load(BUNDLED), fr.load(_variant(tmp_path))])
    assert [a.key for a in comparison.aspects if not a.same] == ["bodies"]
    assert all(row.same for row in comparison.powers)
    old, new = _aspect(comparison, "bodies").cells
    board = "bestyrelse (board): {} seats, election by generalforsamling, 2-year term"
    assert (board.format(3), "§ 6, stk. 1") in old.items
    assert (board.format(5), "§ 6, stk. 1") in new.items


def test_answers_cite_their_provisions_and_mark_assumptions() -> None:
    comparison = fr.compare([fr.load(BUNDLED), fr.load(TINY)])
    bundled, tiny = _aspect(comparison, "withdrawal").cells
    assert bundled.items == (
        ("earliest at phase_end, 6 months' notice", "§ 14, stk. 2 (assumption)"),
    )
    assert tiny.empty
    priors = _aspect(comparison, "priors").cells[0].items
    assert ("beslut-sekretariatsopgaven needs agreement of direktion", "§ 6, stk. 8") in priors


def test_per_area_bodies_appear_once_by_their_template() -> None:
    [cell] = next(a for a in fr.compare([fr.load(BUNDLED)]).aspects if a.key == "bodies").cells
    texts = [text for text, _ in cell.items]
    assert sum(text.startswith("f3 ") for text in texts) == 1
    assert "f3 (committee per area): 3 seats, election by f14" in texts


def test_the_command_compares_in_text_and_json(tmp_path: Path) -> None:
    runner = CliRunner()
    variant = str(_variant(tmp_path))
    result = runner.invoke(cli, ["compare", str(BUNDLED), variant])
    assert result.exit_code == 0
    assert "Voting rules side by side" in result.output
    assert "Bodies and their seats\n" in result.output
    assert "  Digitaliseringsforeningen 0.1 (variant.yaml)  " in result.output
    assert "0 errors, 0 warnings," in result.output
    result = runner.invoke(cli, ["compare", str(BUNDLED), variant, "--format", "json"])
    document = json.loads(result.output)
    bodies = next(a for a in document["aspects"] if a["key"] == "bodies")
    assert bodies["same"] is False
    assert bodies["answers"][1][1] == {
        "text": "bestyrelse (board): 5 seats, election by generalforsamling, 2-year term",
        "provision": "§ 6, stk. 1",
    }


def test_members_are_counted_by_kind_and_the_legal_basis_is_cited() -> None:
    comparison = fr.compare([fr.load(BUNDLED)])
    [members] = next(a for a in comparison.aspects if a.key == "members").cells
    assert ("14 named members (14 kommune)", "§ 3, stk. 1") in members.items
    [basis] = next(a for a in comparison.aspects if a.key == "legal_basis").cells
    assert basis.items == (
        ("kstl-60, changed under godkend-vedtaegter", "§ 18, stk. 3 (assumption)"),
    )


def test_one_statute_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["compare", str(BUNDLED)])
    assert result.exit_code == 2
    assert "compare needs at least two statutes" in result.output


def test_a_statute_that_cannot_be_loaded_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["compare", str(BUNDLED), str(tmp_path / "mangler.yaml")])
    assert result.exit_code == 2
    assert "E100 cannot read the file" in result.output
