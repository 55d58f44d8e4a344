"""The semantic diff: each type of change, no change of meaning for a change of
form, the consequence for competence in sentences, and ``foreningsregler diff``
(issue 11, item 3)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import foreningsregler as fr
from foreningsregler.cli.commands import cli
from foreningsregler.versions import ChangeType, diff

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
HISTORY = ROOT / "tests" / "fixtures" / "history"
V2, V3 = (
    HISTORY / "digitaliseringsforeningen-v2.yaml",
    HISTORY / "digitaliseringsforeningen-v3.yaml",
)
SCHEMA = ROOT / "src" / "foreningsregler" / "schema" / "output" / "diff.schema.json"
DATA: dict[str, Any] = yaml.safe_load(BUNDLED.read_text("utf-8"))
OLD = fr.load(BUNDLED)

Data = dict[str, Any]


def mutated(change: Callable[[Data], object]) -> fr.Statute:
    data = copy.deepcopy(DATA)
    change(data)
    return fr.loads(yaml.safe_dump(data, allow_unicode=True), name="ny.yaml")


def item(data: Data, part: str, ident: str) -> Data:
    found: Data = next(x for x in data[part] if x.get("id") == ident)
    return found


def types(old: fr.Statute, new: fr.Statute) -> list[str]:
    return [c.type.value for c in diff(old, new).changes]


# --- each type of change ----------------------------------------------------


def _new_body(d: Data) -> None:
    body = copy.deepcopy(item(d, "bodies", "bestyrelse"))
    body.update(id="revisionsudvalg", name="Revisionsudvalget", chair=None, voting=None)
    del body["chair"], body["voting"]
    d["bodies"].append(body)


def _new_power(d: Data) -> None:
    d["powers"].append(
        {
            "id": "vaelg-revisor",
            "name": "Vælge revisor",
            "holder": "bestyrelse",
            "provision": "§ 6, stk. 3",
        }
    )


def _set(part: str, ident: str, **values: object) -> Callable[[Data], None]:
    def change(d: Data) -> None:
        item(d, part, ident).update(values)

    return change


def _filled(**values: object) -> Callable[[Data], None]:
    def change(d: Data) -> None:
        item(d, "bodies", "bestyrelse")["filled_by"].update(values)

    return change


def _delegation(**values: object) -> Callable[[Data], None]:
    def change(d: Data) -> None:
        d["delegations"][0].update(values)

    return change


def _add_delegation(d: Data) -> None:
    d["delegations"].append(
        {
            "power": "fastlaeg-aarsaktiviteter",
            "from": "generalforsamling",
            "to": "bestyrelse",
            "provision": "§ 4, stk. 2",
        }
    )


def _requires(d: Data) -> None:
    item(d, "powers", "igangsaet-anskaffelse")["requires"] = [
        {"kind": "recommendation", "from": "f14", "provision": "§ 11, stk. 2"}
    ]


def _money(d: Data) -> None:
    d["money_rules"][0]["due"] = "in_arrears"


def _lifecycle(d: Data) -> None:
    d["lifecycles"][0]["transitions"][0]["trigger"] = "underskriv-erklaering"


def _meetings(d: Data) -> None:
    item(d, "bodies", "bestyrelse")["meetings"]["ordinary_per_year"] = 6


def _financial_year(d: Data) -> None:
    d["financial_year"] = {"start_month": 7, "provision": "§ 16, stk. 1"}


CASES: list[tuple[str, Callable[[Data], object], list[str]]] = [
    ("body-added", _new_body, ["body-added"]),
    ("seats", _set("bodies", "bestyrelse", seats=5), ["seats-changed"]),
    ("term", _filled(term_years=4), ["term-changed"]),
    ("election", _filled(method="appointment"), ["election-changed"]),
    ("power-added", _new_power, ["power-added"]),
    (
        "power-moved",
        _set("powers", "fastlaeg-aarsaktiviteter", holder="bestyrelse"),
        ["power-moved"],
    ),
    ("exclusive", _set("powers", "fastlaeg-aarsaktiviteter", exclusive=True), ["power-changed"]),
    (
        "power-scope",
        _set("powers", "fastlaeg-aarsaktiviteter", scope=["adopted_phases"]),
        ["scope-changed"],
    ),
    ("delegation-added", _add_delegation, ["delegation-added"]),
    (
        "narrowed",
        _delegation(max_amount_kr=500_000),
        ["delegation-narrowed"],
    ),
    (
        "widened",
        _delegation(scope=["adopted_phases", "running_phases", "participating_municipalities"]),
        ["delegation-widened"],
    ),
    (
        "delegation-scope",
        _delegation(
            scope=["adopted_phases", "running_phases", "participating_municipalities"],
            max_amount_kr=100,
        ),
        ["scope-changed"],
    ),
    ("voting", _set("voting_rules", "vedtaegtsflertal", threshold="3/4"), ["voting-rule-changed"]),
    ("quorum", _set("voting_rules", "bestyrelsesflertal", quorum={"count": 3}), ["quorum-changed"]),
    ("body-voting", _set("bodies", "bestyrelse", voting="udvalgsflertal"), ["voting-rule-changed"]),
    ("recommendation", _requires, ["recommendation-changed"]),
    ("money", _money, ["money-rule-changed"]),
    ("lifecycle", _lifecycle, ["lifecycle-changed"]),
    ("notice", _meetings, ["notice-changed"]),
    ("calendar", _financial_year, ["calendar-changed"]),
]


@pytest.mark.parametrize(("case", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_change_is_typed(
    case: str, change: Callable[[Data], object], expected: list[str]
) -> None:
    new = mutated(change)
    assert types(OLD, new) == expected
    found = diff(OLD, new)
    assert not found.same_meaning and bool(found)
    # the mirror: added one way is removed the other; narrowed is widened
    assert [c.to_json() for c in diff(new, OLD).changes] == [
        c.mirrored().to_json() for c in found.changes
    ]


def test_a_removed_body_names_its_provision() -> None:
    [change] = diff(mutated(_new_body), OLD).changes
    assert (change.type, change.kind, change.element) == (
        ChangeType.BODY_REMOVED,
        "body",
        "revisionsudvalg",
    )
    assert str(change.old_provision) == "§ 6, stk. 1" and change.new_provision is None
    assert change.new is None and change.old["seats"] == 3


def test_a_change_names_the_fields_and_provisions_on_both_sides() -> None:
    new = mutated(_filled(term_years=4, provision="§ 6, stk. 3"))
    [change] = diff(OLD, new).changes
    assert change.fields == ("filled_by.term_years",)
    assert change.old == {
        "filled_by": {"method": "election", "by": "generalforsamling", **_rest(OLD)}
    }
    assert (str(change.old_provision), str(change.new_provision)) == ("§ 6, stk. 2", "§ 6, stk. 3")


def _rest(statute: fr.Statute) -> dict[str, Any]:
    from foreningsregler.versions.meaning import meaning

    found: dict[str, Any] = meaning(statute.body("bestyrelse").filled_by)
    return {k: v for k, v in found.items() if k not in ("method", "by")}


# --- form is not meaning --------------------------------------------------


def test_the_same_statute_has_no_change() -> None:
    found = diff(OLD, OLD)
    assert found.same_meaning and not found and found.text_changes == ()


def test_reformatting_reordering_and_comments_change_nothing() -> None:
    text = yaml.safe_dump(DATA, allow_unicode=True, sort_keys=True, width=60, indent=4)
    data = copy.deepcopy(DATA)
    data["bodies"].reverse()
    data["powers"].reverse()
    reordered = yaml.safe_dump(data, allow_unicode=True)
    for new in (fr.loads("# en kommentar\n" + text), fr.loads(reordered)):
        found = diff(OLD, new)
        assert found.same_meaning and found.text_changes == ()


def test_rewording_a_provision_is_a_change_of_text_only() -> None:
    def reword(d: Data) -> None:
        item(d, "bodies", "bestyrelse")["name"] = "Styrelsen"
        d["provisions"][5]["stk"][0]["text"] = "Bestyrelsen består af tre medlemmer."
        item(d, "powers", "vaelg-bestyrelse")["provision"] = "§ 4, stk. 1"
        item(d, "powers", "vaelg-bestyrelse")["description"] = "Ny beskrivelse."

    found = diff(OLD, mutated(reword))
    assert found.same_meaning and found.changes == () and found.competence == ()
    listed = {(t.kind, t.where, t.field) for t in found.text_changes}
    assert listed == {
        ("provision", "§ 6, stk. 1", "text"),
        ("body", "bestyrelse", "name"),
        ("power", "vaelg-bestyrelse", "provision"),
        ("power", "vaelg-bestyrelse", "description"),
    }


# --- the consequence for competence -------------------------------------


def test_a_recommendation_added_is_said_for_each_body_that_exercises_the_power() -> None:
    found = diff(fr.load(V2), fr.load(V3))
    [change] = found.changes
    assert change.type is ChangeType.RECOMMENDATION and str(change.new_provision) == "§ 11, stk. 2"
    pairs = {(c.body, c.power) for c in found.competence}
    assert ("f3-it", "igangsaet-anskaffelse") in pairs and (
        "generalforsamling",
        "igangsaet-anskaffelse",
    ) in pairs
    [it] = [c for c in found.competence if c.body == "f3-it"]
    assert it.old is not None and it.new is not None and it.old.chains == it.new.chains
    assert it.sentences() == (
        "Fagforretningsudvalget (F3) for IT may no longer exercise 'igangsætte systemanskaffelser "
        "og implementering' without recommendation from Fagudvalget (F14) for IT, § 11, stk. 2",
    )


def test_the_danish_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORENINGSREGLER_LANG", "da")
    [it] = [c for c in diff(fr.load(V2), fr.load(V3)).competence if c.body == "f3-it"]
    assert it.sentences() == (
        "Fagforretningsudvalget (F3) for IT må ikke længere igangsætte systemanskaffelser og "
        "implementering uden indstilling fra Fagudvalget (F14) for IT, § 11, stk. 2",
    )


def test_a_chain_that_appeared_and_one_that_disappeared() -> None:
    new = mutated(_add_delegation)
    [gained] = diff(OLD, new).competence
    assert (gained.body, gained.power, gained.old) == (
        "bestyrelse",
        "fastlaeg-aarsaktiviteter",
        None,
    )
    [chain] = gained.appeared
    assert [str(s.provision) for s in chain.steps] == ["§ 4, stk. 2", "§ 4, stk. 2"]
    assert gained.sentences()[0].startswith("Bestyrelsen may now exercise 'fastlægge")
    [lost] = diff(new, OLD).competence
    assert lost.new is None and lost.disappeared == gained.appeared
    assert lost.sentences() == (
        "Bestyrelsen may no longer exercise 'fastlægge foreningens aktiviteter for det "
        "kommende år' [§ 4, stk. 2]",
    )


def test_a_condition_removed_is_said_with_its_provision() -> None:
    widened = mutated(
        _delegation(scope=["adopted_phases", "running_phases", "participating_municipalities"])
    )
    found = diff(OLD, widened).competence
    assert {c.body for c in found} == {b.id for b in OLD.instances("f3")}
    assert (
        found[0]
        .sentences()[0]
        .endswith("without the condition: only within the body's own area [§ 11, stk. 2]")
    )


def test_a_voting_rule_changed_changes_how_its_bodies_decide() -> None:
    new = mutated(_set("voting_rules", "bestyrelsesflertal", majority="unanimity"))
    found = diff(OLD, new)
    assert found.competence and all(c.body == "bestyrelse" for c in found.competence)
    assert "by the voting rule" in found.competence[0].sentences()[0]


def test_diff_takes_only_statutes() -> None:
    with pytest.raises(fr.BadArgument):
        diff(OLD, str(BUNDLED))  # type: ignore[arg-type]


# --- the command line ---------------------------------------------------------


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["diff", *args])


def test_the_same_meaning_exits_0(tmp_path: Path) -> None:
    other = tmp_path / "omformateret.yaml"
    other.write_text(yaml.safe_dump(DATA, allow_unicode=True, sort_keys=True), "utf-8")
    result = run(str(BUNDLED), str(other), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "The meaning is the same." in result.output


def test_a_change_of_meaning_exits_1_and_says_it_in_danish() -> None:
    result = run(str(V2), str(V3), "--lang", "da")
    assert result.exit_code == 1
    assert "Betydningen er ændret: 1 ændring, 7 følger for kompetencen." in result.output
    assert "indstilling ændret: power igangsaet-anskaffelse [§ 11, stk. 2]" in result.output
    assert (
        "  Fagforretningsudvalget (F3) for IT må ikke længere igangsætte systemanskaffelser og "
        "implementering uden indstilling fra Fagudvalget (F14) for IT, § 11, stk. 2\n"
    ) in result.output
    assert "Ændringer alene i teksten (ingen ændring i betydning)" in result.output


def test_english_on_request() -> None:
    result = run(str(V2), str(V3), "--lang", "en")
    assert result.exit_code == 1
    assert "The meaning differs: 1 change, 7 consequences for competence." in result.output
    assert "recommendation changed: power igangsaet-anskaffelse [§ 11, stk. 2]" in result.output


def test_json_output_follows_its_schema() -> None:
    result = run(str(V2), str(V3), "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    schema = json.loads(SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["version"] == schema["properties"]["version"]["const"] == 1
    assert [c["type"] for c in document["changes"]] == ["recommendation-changed"]
    [it] = [c for c in document["competence"] if c["body"] == "f3-it"]
    assert it["old"]["allowed"] and it["new"]["allowed"] and it["appeared"] == []


def test_json_of_every_change_type_follows_the_schema() -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for _case, change, _types in CASES:
        validator.validate(diff(OLD, mutated(change)).to_json())
    assert {t.value for t in ChangeType} == set(
        schema["$defs"]["change"]["properties"]["type"]["enum"]
    )


def test_a_statute_that_does_not_load_exits_2_with_its_findings(tmp_path: Path) -> None:
    broken = tmp_path / "brudt.yaml"
    broken.write_text("format: 1\nstatute: [\n", "utf-8")
    result = CliRunner().invoke(cli, ["diff", str(BUNDLED), str(broken), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{broken}:3:1: E103" in result.stderr
    assert "1 problem(s): the file cannot be loaded" in result.stderr
    assert result.stdout == ""


def test_a_missing_file_exits_2_also_as_json(tmp_path: Path) -> None:
    missing = tmp_path / "findes-ikke.yaml"
    result = CliRunner().invoke(cli, ["diff", str(missing), str(BUNDLED), "--format", "json"])
    assert result.exit_code == 2
    [problem] = json.loads(result.stderr)
    assert (problem["code"], problem["file"]) == ("E100", str(missing))


def test_the_help_is_danish() -> None:
    result = run("--help", "--lang", "da")
    assert (
        result.exit_code == 0
        and "Hvad ændres i betydning fra vedtægten OLD til NEW" in result.output
    )


def test_the_example_of_versions_md_is_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = (ROOT / "docs" / "versions.md").read_text("utf-8")
    monkeypatch.chdir(ROOT)
    old, new = (
        str(p.relative_to(ROOT)) for p in (HISTORY / "digitaliseringsforeningen-v1.yaml", V2)
    )
    result = run(old, new, "--lang", "en")
    assert result.exit_code == 1
    command = f"$ foreningsregler diff {old} {new} --lang en\n"
    assert command + result.output in doc
    danish = run(str(V2.relative_to(ROOT)), str(V3.relative_to(ROOT)), "--lang", "da").output
    [f3_it] = [line for line in danish.splitlines() if "(F3) for IT" in line]
    assert f3_it.strip() in doc
    [gained] = [
        line for line in run(old, new, "--lang", "da").output.splitlines() if "må nu" in line
    ]
    assert gained.strip() in doc


def test_hidden_characters_of_a_statute_are_shown_as_escapes(tmp_path: Path) -> None:
    hidden = "Bestyrelsen \u202e består \u0085 af tre."
    data = copy.deepcopy(DATA)
    _add_delegation(data)
    data["provisions"][5]["stk"][0]["text"] = hidden
    path = tmp_path / "skjult.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    for fmt, shown in (("text", "§ 6, stk. 1: reworded"), ("json", "\\u202e")):
        args = ["diff", str(BUNDLED), str(path), "--format", fmt]
        result = CliRunner().invoke(cli, args, color=True)
        assert result.exit_code == 1
        assert "\u202e" not in result.output and "\u0085" not in result.output
        assert shown in result.output
    [text] = [t for t in json.loads(result.output)["text_changes"] if t["kind"] == "provision"]
    assert text["new"] == hidden


def test_a_control_character_in_a_statute_is_escaped_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "styretegn.yaml"
    path.write_text('format: 1\nstatute: {id: x, name: "a\\e[2J"}\n', "utf-8")
    result = CliRunner().invoke(cli, ["diff", str(path), str(BUNDLED)], color=True)
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "E103" in result.stderr
