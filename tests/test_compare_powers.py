"""compare: who holds each power through delegations, powers matched across
statutes (by id, by kind, by name as an assumption, or unmatched), voting and
money rules side by side; text in Danish and English, JSON against its schema;
bad input with its exact exit code and message."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, MINIMAL, minimal_text, replace, write

import foreningsregler as fr
from foreningsregler.authority.matching import Item, MatchKind, match
from foreningsregler.authority.side_by_side import Matched, PowerSide
from foreningsregler.cli.commands import cli

DELEGATED = FIXTURES / "compare" / "delegeret.yaml"
HISTORY = FIXTURES / "history"


def _row(comparison: fr.Comparison, key: str) -> Matched:
    return next(row for row in comparison.powers if row.key == key)


def _holders(side: object) -> list[tuple[str, bool, int | None, list[list[str]]]]:
    """Each holder: body, whether it holds the power itself, its limit, its chains."""
    assert isinstance(side, PowerSide)
    return [
        (
            h.body,
            h.holds,
            h.max_amount_kr,
            [[step.notation for step in chain.steps] for chain in h.answer.chains],
        )
        for h in side.holdings
    ]


def test_every_body_a_power_reaches_through_delegations_with_its_provisions() -> None:
    comparison = fr.compare([fr.load(MINIMAL), fr.load(DELEGATED)])
    row = _row(comparison, "fasebeslutning")
    assert row.match is MatchKind.ID and not row.same
    holds = "bestyrelse holds fasebeslutning [§ 4, stk. 3]"
    down = "bestyrelse delegates to udvalg3-{area} [§ 4, stk. 3]"
    on = "udvalg3-{area} delegates to udvalg-{area} [§ 4, stk. 3]"
    areas = ("teknik-og-miljoe", "it")
    assert _holders(row.sides[0]) == [
        ("bestyrelse", True, None, [[holds]]),
        *((f"udvalg3-{a}", False, None, [[holds, down.format(area=a)]]) for a in areas),
    ]
    assert sorted(_holders(row.sides[1])) == sorted(
        [
            ("bestyrelse", True, None, [[holds]]),
            *((f"udvalg3-{a}", False, 100000, [[holds, down.format(area=a)]]) for a in areas),
            *(
                (f"udvalg-{a}", False, 100000, [[holds, down.format(area=a), on.format(area=a)]])
                for a in areas
            ),
        ]
    )
    # The holders come first; each answer is the statute's own Authority's.
    side = row.sides[1]
    assert isinstance(side, PowerSide) and side.holdings[0].body == "bestyrelse"
    authority = fr.Authority(fr.load(DELEGATED))
    for holding in side.holdings:
        assert holding.answer == authority.check(holding.body, "fasebeslutning")
    conditions = [str(c) for c in side.holdings[-1].answer.conditions]
    assert "only within the body's own area [§ 4, stk. 3]" in conditions


def test_the_holders_in_json_carry_chains_conditions_and_the_voting_rule() -> None:
    document = fr.compare([fr.load(MINIMAL), fr.load(DELEGATED)]).to_json()
    jsonschema.Draft202012Validator(fr.output_schema("compare")).validate(document)
    row = next(r for r in document["powers"] if r["key"] == "fasebeslutning")  # type: ignore[index, union-attr]
    board, *_ = row["sides"][1]["holders"]
    assert board["body"] == "bestyrelse" and board["holds"] is True
    assert board["procedure"]["voting_rule"] == "simpelt-flertal"
    assert board["procedure"]["provision"] == "§ 3, stk. 1"
    reached = next(h for h in row["sides"][1]["holders"] if h["body"] == "udvalg-it")
    assert reached["max_amount_kr"] == 100000
    assert [step["provision"] for step in reached["chains"][0]] == ["§ 4, stk. 3"] * 3


def test_powers_of_other_ids_are_matched_by_name_as_an_assumption(tmp_path: Path) -> None:
    renamed = replace(
        minimal_text(),
        "  - id: optagelse\n    name: Optagelse af medlemmer\n",
        "  - id: optag-medlem\n    name: Optagelse af nye medlemmer\n",
    )
    other = fr.load(write(tmp_path, renamed.replace("id: kommunefaellesskab", "id: andet")))
    comparison = fr.compare([fr.load(MINIMAL), other])
    row = _row(comparison, "optagelse")
    assert row.match is MatchKind.NAME
    assert [s.power for s in row.sides if isinstance(s, PowerSide)] == ["optagelse", "optag-medlem"]
    assert row.assumptions == (
        "assumption: optagelse ('Optagelse af medlemmer') and optag-medlem "
        "('Optagelse af nye medlemmer') taken as one because their names are 0.92 alike",
    )
    assert not comparison.unmatched
    # Asked for identical names only, the two are listed as unmatched, each alone.
    strict = fr.compare([fr.load(MINIMAL), other], similarity=1)
    assert [(r.key, r.match) for r in strict.unmatched] == [
        ("optagelse", MatchKind.UNMATCHED),
        ("optag-medlem", MatchKind.UNMATCHED),
    ]
    assert strict.unmatched[0].sides[1] is None and strict.unmatched[1].sides[0] is None


def test_unmatched_powers_are_listed_not_guessed() -> None:
    comparison = fr.compare([fr.load(fr.bundled("projektsamarbejde")), fr.load(MINIMAL)])
    unmatched = {row.key for row in comparison.unmatched}
    assert {"opret-projekt", "ophaev-rammeaftalen", "optagelse", "kontingent"} <= unmatched
    assert all(row.match is not MatchKind.NAME for row in comparison.powers)
    text = (
        CliRunner()
        .invoke(cli, ["compare", "projektsamarbejde", str(MINIMAL), "--lang", "en"])
        .output
    )
    section = text.split("Powers in one statute only (not matched)\n")[1]
    assert "  opret-projekt: Oprette et projekt med navn og periode" in section


def test_the_history_versions_compared_show_the_delegation_an_amendment_added() -> None:
    versions = [fr.load(HISTORY / f"digitaliseringsforeningen-v{n}.yaml") for n in (1, 2, 3)]
    comparison = fr.compare(versions)
    assert comparison.names == (
        "Digitaliseringsforeningen 1",
        "Digitaliseringsforeningen 2",
        "Digitaliseringsforeningen 3",
    )
    row = _row(comparison, "fastlaeg-aarsaktiviteter")
    assert [[h.body for h in s.holdings] for s in row.sides if isinstance(s, PowerSide)] == [
        ["generalforsamling"],
        ["generalforsamling", "bestyrelse"],
        ["generalforsamling", "bestyrelse"],
    ]
    # What fr.diff calls a consequence for competence, compare shows side by side.
    found = fr.diff(versions[0], versions[1])
    assert [(c.body, c.power) for c in found.competence] == [
        ("bestyrelse", "fastlaeg-aarsaktiviteter")
    ]


def test_money_rules_of_other_ids_are_matched_by_their_kind() -> None:
    models = [fr.load(fr.bundled(n)) for n in ("faelles-kerne", "paragraf60-selskab")]
    comparison = fr.compare(models)
    fee = next(r for r in comparison.money if r.key == "kontingent")
    assert fee.match is MatchKind.KIND
    assert [s.id for s in fee.sides if s is not None] == ["kontingent", "bidrag"]  # type: ignore[union-attr]
    assert fee.assumptions == (
        "assumption: kontingent and bidrag taken as one because both are of the kind "
        "membership_fee",
    )
    rule = next(r for r in comparison.voting if r.key == "bestyrelsesflertal")
    assert rule.match is MatchKind.ID and not rule.same
    assert [(s.text, s.provision) for s in rule.sides] == [  # type: ignore[union-attr]
        ("simple of votes_cast, quorum 2, the chair decides a tie", "§ 5, stk. 5"),
        ("simple of votes_cast, quorum 3, the chair decides a tie", "§ 5, stk. 5"),
    ]


def test_the_matcher_joins_best_first_and_never_two_of_one_statute() -> None:
    rows = match(
        [
            [Item("a", "Vælge bestyrelsen"), Item("b", "Vælge bestyrelsens formand")],
            [Item("c", "Vælge bestyrelsen")],
        ]
    )
    assert [(r.ids, r.kind) for r in rows] == [
        (("a", "c"), MatchKind.NAME),
        (("b",), MatchKind.UNMATCHED),
    ]
    # Two of one kind in a statute: the kind does not tell which, so no join.
    rows = match(
        [[Item("x", "Gebyr", "fee"), Item("y", "Bidrag", "fee")], [Item("z", "Afgift", "fee")]]
    )
    assert all(r.kind is MatchKind.UNMATCHED for r in rows)


def test_the_comparison_draws_itself_and_is_a_table() -> None:
    comparison = fr.compare([fr.load(MINIMAL), fr.load(DELEGATED)])
    html = comparison._repr_html_()
    assert (
        html is not None and "<table>" in html and "udvalg-it: by delegation [§ 4, stk. 3]" in html
    )
    frame = comparison.to_pandas()
    rows = frame[(frame.power == "fasebeslutning") & (frame.body == "udvalg-it")]
    assert rows.to_dict("records") == [
        {
            "power": "fasebeslutning",
            "match": "id",
            "statute": "Fællesskabet 0.1 (delegeret.yaml)",
            "power_id": "fasebeslutning",
            "body": "udvalg-it",
            "holds": False,
            "chain": "bestyrelse holds fasebeslutning within adopted_phases [§ 4, stk. 3] → "
            "bestyrelse delegates to udvalg3-it within adopted_phases, own_area, "
            "participating_municipalities [§ 4, stk. 3] → "
            "udvalg3-it delegates to udvalg-it [§ 4, stk. 3]",
            "conditions": frame[frame.body == "udvalg-it"].conditions.iloc[0],
            "max_amount_kr": 100000,
            "voting_rule": None,
            "provision": "§ 4, stk. 3",
        }
    ]


def test_the_command_in_danish_and_english() -> None:
    runner = CliRunner()
    args = ["compare", str(MINIMAL), str(DELEGATED)]
    danish = runner.invoke(cli, [*args, "--lang", "da"])
    assert danish.exit_code == 0
    assert "Hvem må udøve hver kompetence (indehavere og delegationer)" in danish.output
    assert "bestyrelse har kompetencen [§ 4, stk. 3]" in danish.output
    assert "højst 100.000 kr. pr. handling" in danish.output
    english = runner.invoke(cli, [*args, "--lang", "en"])
    assert "Who may exercise each power (holders and delegations)" in english.output
    assert "udvalg by delegation: bestyrelse delegates to udvalg3" in english.output
    assert "at most 100000 kr. per act" in english.output
    assert "udvalg by delegation: bestyrelse delegates to udvalg3 within adopted_phases," in (
        english.output
    )
    assert "Voting rules side by side" in english.output
    assert "Money rules side by side" in english.output


def test_the_command_writes_json_valid_against_its_schema() -> None:
    result = CliRunner().invoke(
        cli,
        ["compare", "projektsamarbejde", "faelles-kerne", "paragraf60-selskab", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator(fr.output_schema("compare")).validate(document)
    assert document["version"] == 1
    assert [s["id"] for s in document["sources"]] == [
        "projektsamarbejde",
        "faelles-kerne",
        "paragraf60-selskab",
    ]


def test_one_file_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["compare", str(MINIMAL), "--lang", "en"])
    assert result.exit_code == 2
    assert "Error: compare needs at least two statutes" in result.stderr


def test_a_file_that_cannot_be_read_exits_2_with_e100(tmp_path: Path) -> None:
    missing = tmp_path / "mangler.yaml"
    result = CliRunner().invoke(cli, ["compare", str(MINIMAL), str(missing), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{missing}: E100 cannot read the file" in result.stderr
    result = CliRunner().invoke(cli, ["compare", str(MINIMAL), str(missing), "--format", "json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["problems"][0]["code"] == "E100"


def test_the_same_file_twice_is_a_usage_error(tmp_path: Path) -> None:
    same = str(MINIMAL.parent / ".." / "fixtures" / MINIMAL.name)
    result = CliRunner().invoke(
        cli, ["compare", str(MINIMAL), str(DELEGATED), same, "--lang", "en"]
    )
    assert result.exit_code == 2
    assert f"Error: {same} is named twice (statute 1 and 3); compare each file once" in (
        result.stderr
    )
    statute = fr.load(MINIMAL)
    with pytest.raises(fr.BadArgument, match=r"is given twice \(as statute 1 and 2\)"):
        fr.compare([statute, statute])


@pytest.mark.parametrize("similarity", [0, 1.5, "0.8", True])
def test_a_similarity_out_of_range_is_a_bad_argument(similarity: object) -> None:
    statutes = [fr.load(MINIMAL), fr.load(DELEGATED)]
    with pytest.raises(fr.BadArgument, match="similarity: a number above 0 and at most 1"):
        fr.compare(statutes, similarity=similarity)  # type: ignore[arg-type]
    result = CliRunner().invoke(cli, ["compare", str(MINIMAL), str(DELEGATED), "--similarity", "0"])
    assert result.exit_code == 2 and "--similarity" in result.stderr


def test_identical_names_are_matched_however_common_their_words() -> None:
    # "Magt" is in every name, so it points to no pair; identical names still match.
    left = [Item(f"p{i}", f"Magt {i}") for i in range(100)]
    right = [Item(f"q{i}", f"Magt {i}") for i in reversed(range(100))]
    rows = match([left, right])
    assert sorted(r.ids for r in rows) == sorted((f"p{i}", f"q{i}") for i in range(100))
    assert {r.kind for r in rows} == {MatchKind.NAME}


def test_a_history_file_stands_for_its_versions(tmp_path: Path) -> None:
    history = str(HISTORY / "digitaliseringsforeningen.history.yaml")
    result = CliRunner().invoke(cli, ["compare", history, "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [s["version"] for s in document["sources"]] == ["1", "2", "3"]
    version = str(HISTORY / "digitaliseringsforeningen-v2.yaml")
    twice = CliRunner().invoke(cli, ["compare", history, version, "--lang", "en"])
    assert twice.exit_code == 2
    assert f"statutes: {version} is given twice (as statute 2 and 4)" in twice.stderr
    broken = write(tmp_path, Path(history).read_text("utf-8"), "h.history.yaml")
    result = CliRunner().invoke(cli, ["compare", str(broken), str(MINIMAL), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{broken}:8:14: E902 the statute file digitaliseringsforeningen-v1.yaml" in (
        result.stderr
    )


def test_without_pandas_the_table_is_a_library_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    comparison = fr.compare([fr.load(MINIMAL), fr.load(DELEGATED)])
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    with pytest.raises(fr.MissingExtra) as caught:
        comparison.to_pandas()
    assert isinstance(caught.value, ImportError)
    assert str(caught.value) == (
        "Comparison.to_pandas needs pandas, in the notebooks extra: "
        "pip install 'foreningsregler[notebooks]'"
    )
    with fr.i18n.use_language("da"), pytest.raises(fr.MissingExtra, match="kræver pandas"):
        comparison.to_pandas()
