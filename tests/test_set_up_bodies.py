"""Bodies set up by decision (issue 10): a steering group the board sets up and
dissolves at will, with the power it grants it, its limits and its coordinator.

Good and bad input of the statute format (exact code, line and provision), the
protocol's refusals (rule and provision) beside the lawful act, and the
competence answers before the set-up, while it exists and after dissolution.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import minimal_text, one_problem, pos, problems_of, replace, write

import foreningsregler as fr
from foreningsregler.authority.answers import Reason, SetUp, StaticState
from foreningsregler.authority.export import render
from foreningsregler.economy.events import Clerk
from foreningsregler.economy.stories import found
from foreningsregler.statute.model import Coordinator, Limits, ProvisionRef, SetUpBy

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
D = dt.date
P22 = ProvisionRef(22, 1)
LIMITS = ProvisionRef(22, 2)
COORDINATION = ProvisionRef(22, 3)

PROVISION = """  - number: 22
    title: Styregrupper
    sources: [{document: foranalyse, section: "5.4"}]
    stk:
      - text: Bestyrelsen kan nedsætte og nedlægge en sagsgruppe for et projekt.
      - text: Styregruppen kan inden for 500.000 kr. igangsætte anskaffelser til sit produkt.
      - text: Bestyrelsen udpeger styregruppens tovholder.

membership:
"""
BODY = """  - id: sagsgruppe
    name: Styregruppen for Sagsoverblik
    kind: steering_group
    seats: 3
    filled_by: {method: appointment, by: bestyrelse, provision: "§ 22, stk. 1"}
    voting: bestyrelsesflertal
    set_up_by: {body: bestyrelse, power: nedsaet-styregruppe, provision: "§ 22, stk. 1"}
    limits: {budget_kr: 500000, area: it, product: Sagsoverblik, provision: "§ 22, stk. 2"}
    coordinator: {appointed_by: bestyrelse, provision: "§ 22, stk. 3"}
    provision: "§ 22, stk. 1"

powers:
"""
POWERS = """  - id: nedsaet-styregruppe
    name: Nedsætte og nedlægge styregrupper
    holder: bestyrelse
    provision: "§ 22, stk. 1"
  - id: styr-projekt
    name: Igangsætte anskaffelser i et projekt
    holder: bestyrelse
    provision: "§ 22, stk. 2"

delegations:
  - id: projekt-til-styregruppe
    power: styr-projekt
    from: bestyrelse
    to: sagsgruppe
    granted: decision
    provision: "§ 22, stk. 1"
"""


def statute_text() -> str:
    text = BUNDLED.read_text("utf-8")
    text = replace(text, "\nmembership:\n", "\n" + PROVISION)
    text = replace(text, "\npowers:\n", "\n" + BODY)
    return replace(text, "\ndelegations:\n", "\n" + POWERS)


STATUTE = fr.loads(statute_text(), name="v.yaml")


def test_a_body_set_up_by_decision_loads() -> None:
    body = STATUTE.body("sagsgruppe")
    assert body.set_up_by == SetUpBy(body="bestyrelse", power="nedsaet-styregruppe", provision=P22)
    assert body.limits == Limits(
        budget_kr=500000, area="it", product="Sagsoverblik", provision=LIMITS
    )
    assert body.coordinator == Coordinator(appointed_by="bestyrelse", provision=COORDINATION)
    assert [f for f in fr.check(STATUTE) if f.severity.value == "error"] == []


# --- The protocol -------------------------------------------------------------------

DAY = D(2016, 1, 4)
LATER = D(2016, 3, 1)
VOTE3 = {"present": 3, "yes": 3, "no": 0}
VOTE2 = {"present": 2, "yes": 2, "no": 0}


def founded(statute: fr.Statute = STATUTE) -> fr.Association:
    association = fr.Association(statute)
    assert statute.membership is not None
    found(Clerk(association), statute.membership.municipalities, D(2015, 10, 1))
    return association


@pytest.fixture(scope="module")
def base() -> fr.Association:
    return founded()


def event(kind: str, day: dt.date, actor: str, **data: Any) -> fr.Event:
    return fr.Event(kind, day, actor, data)


def board(association: fr.Association, day: dt.date, **data: Any) -> None:
    """A board meeting that day (once), then its decision."""
    if ("bestyrelse", day) not in association._replay.meetings:
        association.record(event("hold-meeting", day, "bestyrelse"))
    kind = data.pop("kind")
    association.record(event(kind, day, "bestyrelse", vote=VOTE3, **data))


def members(association: fr.Association, day: dt.date) -> list[str]:
    return sorted(association.at(day).members)


def set_up(association: fr.Association, day: dt.date = DAY) -> None:
    """The board sets up the steering group, grants it the power, appoints two
    members and its coordinator."""
    board(association, day, kind="set-up-body", body="sagsgruppe", name="Sagsoverblik")
    board(association, day, kind="grant-delegation", delegation="projekt-til-styregruppe")
    for n, municipality in enumerate(members(association, day)[:2]):
        board(
            association,
            day,
            kind="elect",
            body="sagsgruppe",
            person=f"Projektleder {n}",
            municipality=municipality,
        )
    board(association, day, kind="appoint-coordinator", body="sagsgruppe", person="Projektleder 0")


def acquire(day: dt.date, **data: Any) -> fr.Event:
    facts = {"power": "styr-projekt", "area": "it", "product": "Sagsoverblik", "amount_kr": 200000}
    return event("exercise", day, "sagsgruppe", vote=VOTE2, **{**facts, **data})


@pytest.fixture
def running() -> fr.Association:
    association = founded()
    set_up(association)
    association.record(event("hold-meeting", LATER, "sagsgruppe"))
    return association


def refused(association: fr.Association, happening: fr.Event) -> fr.RuleViolation:
    with pytest.raises(fr.RuleViolation) as caught:
        association.check(happening)
    return caught.value


def test_the_set_up_body_acts_within_its_limits(running: fr.Association) -> None:
    running.record(acquire(LATER))
    running.record(acquire(LATER, amount_kr=300000))
    assert running._replay.spent["sagsgruppe"] == 500000
    assert running._replay.coordinators["sagsgruppe"] == "Projektleder 0"
    assert running.at(LATER).set_up_bodies["sagsgruppe"] == SetUp("sagsgruppe", DAY, "Sagsoverblik")


def test_nothing_of_the_body_before_it_is_set_up(base: fr.Association) -> None:
    some = members(base, DAY)[0]
    elect = event("elect", DAY, "bestyrelse", body="sagsgruppe", person="P", municipality=some)
    for happening in (event("hold-meeting", DAY, "sagsgruppe"), elect, acquire(DAY)):
        refusal = refused(base, happening)
        assert (refusal.rule, refusal.provision) == ("not-set-up", P22)
        assert "sagsgruppe has not been set up by bestyrelse on 2016-01-04" in refusal.message


def test_only_the_board_sets_it_up(base: fr.Association) -> None:
    refusal = refused(base, event("set-up-body", DAY, "direktion", body="sagsgruppe"))
    assert (refusal.rule, refusal.provision) == ("actor", P22)
    assert refusal.message == "sagsgruppe is set up and dissolved by bestyrelse, not direktion"


def test_setting_up_is_a_decision_of_the_board(base: fr.Association) -> None:
    refusal = refused(base, event("set-up-body", DAY, "bestyrelse", body="sagsgruppe"))
    assert (refusal.rule, refusal.provision) == ("no-meeting", ProvisionRef(6, 5))


def test_a_body_the_statute_sets_up_itself_is_not_set_up_by_decision(base: fr.Association) -> None:
    refusal = refused(base, event("set-up-body", DAY, "bestyrelse", body="direktion"))
    assert (refusal.rule, refusal.provision) == ("not-set-up-by-decision", ProvisionRef(7, 1))


def test_dissolving_what_is_not_set_up_is_refused() -> None:
    association = founded()
    association.record(event("hold-meeting", DAY, "bestyrelse"))
    refusal = refused(
        association,
        event("dissolve-body", DAY, "bestyrelse", body="sagsgruppe", vote=VOTE3),
    )
    assert (refusal.rule, refusal.provision) == ("not-set-up", P22)
    assert refusal.message == (
        "sagsgruppe has not been set up by bestyrelse on 2016-01-04: nothing to dissolve"
    )


def test_setting_up_twice_is_refused(running: fr.Association) -> None:
    running.record(event("hold-meeting", LATER, "bestyrelse"))
    again = event("set-up-body", LATER, "bestyrelse", body="sagsgruppe", vote=VOTE3)
    refusal = refused(running, again)
    assert (refusal.rule, refusal.provision) == ("already-set-up", P22)
    assert refusal.message == "sagsgruppe is set up since 2016-01-04; dissolve it first"


@pytest.mark.parametrize(
    ("facts", "rule", "message"),
    [
        ({"area": "teknik-og-miljoe"}, "limit-area", "acts only for the area it: not 'teknik"),
        ({"area": None}, "limit-area", "acts only for the area it: name it (area)"),
        ({"product": "Ydelsessystem"}, "limit-product", "only for the product Sagsoverblik"),
        ({"product": None}, "limit-product", "name it (product)"),
        ({"amount_kr": 500001}, "limit-budget", "has spent 0 kr. of its budget of 500000 kr."),
        ({"amount_kr": None}, "limit-budget", "name what the act spends (amount_kr)"),
    ],
)
def test_an_act_beyond_its_limits_is_refused(
    running: fr.Association, facts: dict[str, Any], rule: str, message: str
) -> None:
    running.check(acquire(LATER))  # the lawful act, beside each refusal
    happening = acquire(LATER, **facts)
    data = {k: v for k, v in happening.data.items() if v is not None}
    refusal = refused(running, fr.Event("exercise", LATER, "sagsgruppe", data))
    assert (refusal.rule, refusal.provision) == (rule, LIMITS)
    assert message in refusal.message


def test_the_budget_counts_every_act_since_the_set_up(running: fr.Association) -> None:
    running.record(acquire(LATER, amount_kr=400000))
    refusal = refused(running, acquire(LATER, amount_kr=100001))
    assert (refusal.rule, refusal.provision) == ("limit-budget", LIMITS)
    assert refusal.message == (
        "sagsgruppe has spent 400000 kr. of its budget of 500000 kr.; 100001 kr. more exceeds it"
    )
    running.check(acquire(LATER, amount_kr=100000))


@pytest.mark.parametrize("amount", [-1, 2.5, True, "100"])
def test_an_amount_is_whole_kroner(running: fr.Association, amount: object) -> None:
    refusal = refused(running, acquire(LATER, amount_kr=amount))
    assert refusal.rule == "bad-data"


def test_only_the_board_appoints_the_coordinator(running: fr.Association) -> None:
    running.record(event("hold-meeting", LATER, "direktion"))
    appoint = event("appoint-coordinator", LATER, "direktion", body="sagsgruppe", person="X")
    refusal = refused(running, appoint)
    assert (refusal.rule, refusal.provision) == ("actor", COORDINATION)
    assert refusal.message == (
        "the coordinator of sagsgruppe is appointed by bestyrelse, not direktion"
    )


def test_no_coordinator_before_the_set_up() -> None:
    association = founded()
    association.record(event("hold-meeting", DAY, "bestyrelse"))
    appoint = event(
        "appoint-coordinator", DAY, "bestyrelse", body="sagsgruppe", person="X", vote=VOTE3
    )
    refusal = refused(association, appoint)
    assert (refusal.rule, refusal.provision) == ("not-set-up", P22)


def test_after_dissolution_nothing_and_a_new_set_up_starts_empty(
    running: fr.Association,
) -> None:
    day = D(2016, 6, 1)
    board(running, day, kind="dissolve-body", body="sagsgruppe")
    refusal = refused(running, acquire(day))
    assert (refusal.rule, refusal.provision) == ("not-set-up", P22)
    assert "sagsgruppe was dissolved by bestyrelse on 2016-06-01" in refusal.message
    assert running.at(day).seats.get("sagsgruppe", ()) == ()
    assert running.at(D(2016, 5, 31)).seats["sagsgruppe"]  # history is kept
    # Set up again: a new body, with no seats, coordinator or spending of the old one.
    later = D(2016, 9, 1)
    board(running, later, kind="set-up-body", body="sagsgruppe")
    assert running._replay.spent.get("sagsgruppe") is None
    assert "sagsgruppe" not in running._replay.coordinators
    refusal = refused(running, event("hold-meeting", later, "sagsgruppe"))
    assert refusal.rule == "not-in-office"


def test_a_creator_without_the_power_cannot_set_it_up() -> None:
    text = replace(
        statute_text(),
        "    name: Nedsætte og nedlægge styregrupper\n    holder: bestyrelse\n",
        "    name: Nedsætte og nedlægge styregrupper\n    holder: generalforsamling\n",
    )
    statute = fr.loads(text, name="v.yaml")
    [finding] = [f for f in fr.check(statute) if f.code == "E640"]
    assert finding.message == (
        "sagsgruppe is set up by bestyrelse under nedsaet-styregruppe, "
        "which bestyrelse cannot exercise (held by generalforsamling)"
    )
    assert (finding.line, finding.provision) == (
        pos(text, "set_up_by: {body: bestyrelse")[0],
        "§ 22, stk. 1",
    )
    association = founded(statute)
    association.record(event("hold-meeting", DAY, "bestyrelse"))
    refusal = refused(
        association, event("set-up-body", DAY, "bestyrelse", body="sagsgruppe", vote=VOTE3)
    )
    assert (refusal.rule, refusal.provision) == ("power:no-chain", P22)


def test_a_body_without_a_coordinator_gets_none() -> None:
    text = replace(
        statute_text(),
        '    coordinator: {appointed_by: bestyrelse, provision: "§ 22, stk. 3"}\n',
        "",
    )
    association = founded(fr.loads(text, name="v.yaml"))
    appoint = event("appoint-coordinator", DAY, "bestyrelse", body="sagsgruppe", person="X")
    refusal = refused(association, appoint)
    assert (refusal.rule, refusal.provision) == ("no-coordinator", P22)
    assert refusal.message == "the statute gives sagsgruppe no coordinator"


# --- Competence answers and the graph --------------------------------------------------


AUTHORITY = fr.Authority(STATUTE)


def test_without_a_protocol_the_answer_shows_the_set_up_as_a_condition() -> None:
    answer = AUTHORITY.check("sagsgruppe", "styr-projekt")
    assert answer.allowed
    [condition, grant] = answer.conditions
    assert str(condition) == (
        "only while sagsgruppe is set up by decision of bestyrelse [§ 22, stk. 1]"
    )
    assert answer.to_json()["conditions"][0]["set_up_by"] == "bestyrelse"
    assert grant.delegation == "projekt-til-styregruppe"


def test_answers_follow_the_protocol_from_the_day_it_exists(running: fr.Association) -> None:
    def ask(day: dt.date) -> fr.Answer:
        return AUTHORITY.check("sagsgruppe", "styr-projekt", on=day, state=running.at(day))

    before = ask(D(2016, 1, 3))
    assert not before.allowed
    [denial] = before.denials
    assert (denial.reason, denial.provision) == (Reason.NOT_SET_UP, P22)
    assert denial.message == (
        "sagsgruppe is set up by decision of bestyrelse; it has not been set up on 2016-01-03"
    )
    assert ask(DAY).allowed
    board(running, D(2016, 6, 1), kind="dissolve-body", body="sagsgruppe")
    assert ask(D(2016, 5, 31)).allowed
    after = ask(D(2016, 6, 1))
    assert [d.reason for d in after.denials] == [Reason.NOT_SET_UP]
    assert after.denials[0].message == "sagsgruppe was dissolved by bestyrelse on 2016-06-01"
    assert running.at(D(2016, 6, 1)).to_json()["set_up"] == {
        "sagsgruppe": {"name": "Sagsoverblik", "since": "2016-01-04", "dissolved": "2016-06-01"}
    }


def test_a_static_state_says_which_bodies_are_set_up() -> None:
    granted = StaticState(set_up_bodies={"sagsgruppe": SetUp("sagsgruppe", DAY)})
    assert AUTHORITY.check("sagsgruppe", "styr-projekt", state=granted).allowed
    denied = AUTHORITY.check("sagsgruppe", "styr-projekt", state=StaticState())
    assert [d.reason for d in denied.denials] == [Reason.NOT_SET_UP]


def test_the_graph_shows_who_sets_the_body_up() -> None:
    data = json.loads(render(STATUTE, "json"))
    node = next(n for n in data["nodes"] if n["id"] == "sagsgruppe")
    assert node["set_up_by"] == "bestyrelse"
    assert "set_up_by" not in next(n for n in data["nodes"] if n["id"] == "bestyrelse")
    [edge] = [e for e in data["edges"] if e["kind"] == "sets_up" and e["source"] == "bestyrelse"]
    assert (edge["source"], edge["target"], edge["power"], edge["provision"]) == (
        "bestyrelse",
        "sagsgruppe",
        "nedsaet-styregruppe",
        "§ 22, stk. 1",
    )
    assert "(3 seats; set up by decision of bestyrelse)" in render(STATUTE, "mermaid")


# --- Bad input ------------------------------------------------------------------------

GROUP = """  - id: arbejdsgruppe
    name: Arbejdsgruppen
    kind: committee
    seats: 3
    filled_by: {method: appointment, by: bestyrelse, provision: "§ 3, stk. 2"}
    set_up_by: {body: bestyrelse, power: nedsaet, provision: "§ 3, stk. 2"}
    limits: {budget_kr: 100000, area: it, provision: "§ 3, stk. 2"}
    coordinator: {appointed_by: bestyrelse, provision: "§ 3, stk. 2"}
    provision: "§ 3, stk. 2"
powers:
  - id: nedsaet
    name: Nedsætte arbejdsgrupper
    holder: bestyrelse
    provision: "§ 3, stk. 2"
"""


def group_text(old: str = "", new: str = "") -> str:
    text = replace(minimal_text(), "powers:\n", GROUP)
    return replace(text, old, new) if old else text


def test_the_small_group_loads_and_checks_clean(tmp_path: Path) -> None:
    statute = fr.load(write(tmp_path, group_text()))
    limits = Limits(budget_kr=100000, area="it", provision=ProvisionRef(3, 2))
    assert statute.body("arbejdsgruppe").limits == limits
    assert [f.code for f in fr.check(statute) if f.severity.value == "error"] == []


@pytest.mark.parametrize(
    ("old", "new", "code", "at", "message"),
    [
        (
            "body: bestyrelse, power",
            "body: bestyrelsen, power",
            "E301",
            "bestyrelsen",
            "unknown body 'bestyrelsen'; did you mean 'bestyrelse'?",
        ),
        (
            "power: nedsaet,",
            "power: nedsat,",
            "E302",
            "nedsat",
            "unknown power 'nedsat'; did you mean 'nedsaet'?",
        ),
        (
            "appointed_by: bestyrelse",
            "appointed_by: styrelse",
            "E301",
            "styrelse",
            "unknown body 'styrelse'; did you mean 'bestyrelse'?",
        ),
        ("area: it,", "area: itt,", "E304", "itt", "unknown area 'itt'; did you mean 'it'?"),
        (
            "body: bestyrelse, power",
            "body: arbejdsgruppe, power",
            "E320",
            "arbejdsgruppe, power",
            "the body 'arbejdsgruppe' is set up by itself",
        ),
    ],
)
def test_bad_names(tmp_path: Path, old: str, new: str, code: str, at: str, message: str) -> None:
    text = group_text(old, new)
    problem = one_problem(write(tmp_path, text), code)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if new in row)
    assert (problem.line, problem.column) == (line, text.splitlines()[line - 1].index(at) + 1)
    assert problem.message == message
    assert problem.provision == "§ 3, stk. 2"


def test_limits_and_a_coordinator_need_a_set_up_by_decision(tmp_path: Path) -> None:
    text = group_text(
        '    set_up_by: {body: bestyrelse, power: nedsaet, provision: "§ 3, stk. 2"}\n', ""
    )
    problems = problems_of(write(tmp_path, text))
    assert [(p.code, p.line, p.column, p.message, p.provision) for p in problems] == [
        (
            "E319",
            *pos(text, "limits: {", "{"),
            "the body 'arbejdsgruppe' has limits, but is not set up by decision",
            "§ 3, stk. 2",
        ),
        (
            "E319",
            *pos(text, "coordinator: {", "{"),
            "the body 'arbejdsgruppe' has coordinator, but is not set up by decision",
            "§ 3, stk. 2",
        ),
    ]


@pytest.mark.parametrize(
    ("old", "new", "code", "at"),
    [
        ("budget_kr: 100000", "budget_kr: -1", "E204", "-1"),
        ("budget_kr: 100000", "budget_kr: mange", "E202", "mange"),
        ("budget_kr: 100000", "budget: 100000", "E201", "budget"),
        ("power: nedsaet, provision", "provision", "E203", "{body"),
    ],
)
def test_bad_shapes(tmp_path: Path, old: str, new: str, code: str, at: str) -> None:
    text = group_text(old, new)
    problem = one_problem(write(tmp_path, text), code)
    row = next(n for n, r in enumerate(text.splitlines(), 1) if new in r and at in r)
    assert problem.line == row
    assert problem.column == text.splitlines()[row - 1].index(at) + 1
    assert problem.provision == "§ 3, stk. 2"


def test_a_body_set_up_by_one_without_the_power_is_e640(tmp_path: Path) -> None:
    text = group_text(
        '    holder: bestyrelse\n    provision: "§ 3, stk. 2"\n',
        '    holder: generalforsamling\n    provision: "§ 3, stk. 2"\n',
    )
    [finding] = [f for f in fr.check(fr.load(write(tmp_path, text))) if f.code == "E640"]
    assert (finding.line, finding.column) == pos(text, "set_up_by: {body", "{")
    assert finding.provision == "§ 3, stk. 2"


def test_the_command_line_explains_from_a_ledger(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from foreningsregler.cli import cli

    path = write(tmp_path, statute_text(), "v.yaml")
    ledger = tmp_path / "protokol.jsonl"
    association = fr.Association(fr.load(path), fr.JsonlLedger(ledger))
    assert association.statute.membership is not None
    found(Clerk(association), association.statute.membership.municipalities, D(2015, 10, 1))
    set_up(association)

    def explain(day: str) -> Any:
        args = ["explain", str(path), "sagsgruppe", "styr-projekt", "--ledger", str(ledger)]
        return CliRunner().invoke(cli, [*args, "--on", day])

    before, after = explain("2016-01-03"), explain("2016-01-04")
    assert before.exit_code == 1
    assert "sagsgruppe is set up by decision of bestyrelse; it has not been set up" in (
        before.output
    )
    assert "[§ 22, stk. 1]" in before.output
    assert after.exit_code == 0, after.output
    body = CliRunner().invoke(cli, ["explain", str(path), "sagsgruppe"])
    assert "  set up by decision of: bestyrelse, under nedsaet-styregruppe [§ 22, stk. 1]" in (
        body.output
    )
    assert "  limits: budget 500000 kr., area it, product Sagsoverblik [§ 22, stk. 2]" in (
        body.output
    )
    assert "  coordinator appointed by: bestyrelse [§ 22, stk. 3]" in body.output


def test_a_statute_test_file_names_the_bodies_set_up(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from foreningsregler.cli import cli

    write(tmp_path, statute_text(), "v.yaml")
    cases = """format: 1
states:
  nedsat: {set_up: [sagsgruppe]}
  ikke-nedsat: {}
checks:
  - body: sagsgruppe
    power: styr-projekt
    allowed: true
    conditions: ["set_up_by:bestyrelse", "delegation:projekt-til-styregruppe"]
    chains: &chains
      - - bestyrelse holds styr-projekt [§ 22, stk. 2]
        - bestyrelse delegates to sagsgruppe [§ 22, stk. 1]
  - {body: sagsgruppe, power: styr-projekt, state: nedsat, allowed: true, chains: *chains}
  - {body: sagsgruppe, power: styr-projekt, state: ikke-nedsat, allowed: false,
     chains: *chains, denials: [not-set-up]}
"""
    write(tmp_path, cases, "v.test.yaml")
    result = CliRunner().invoke(cli, ["test", str(tmp_path / "v.test.yaml")])
    assert result.output.endswith("3 passed, 0 failed\n"), result.output


@pytest.mark.parametrize(
    ("kind", "data", "rule"),
    [
        ("set-up-body", {"name": 7}, "bad-data"),
        ("set-up-body", {"name": ""}, "bad-data"),
        ("set-up-body", {"body": None}, "missing-data"),
        ("dissolve-body", {"body": None}, "missing-data"),
        ("appoint-coordinator", {"person": None}, "missing-data"),
        ("set-up-body", {"body": "styregruppen"}, "unknown-body"),
    ],
)
def test_bad_facts_of_the_set_up_events(kind: str, data: dict[str, Any], rule: str) -> None:
    association = founded()
    association.record(event("hold-meeting", DAY, "bestyrelse"))
    lawful = {"body": "sagsgruppe", "vote": VOTE3, "person": "X"}
    association.check(event("set-up-body", DAY, "bestyrelse", **lawful))
    facts = {k: v for k, v in {**lawful, **data}.items() if v is not None}
    refusal = refused(association, fr.Event(kind, DAY, "bestyrelse", facts))
    assert refusal.rule == rule


# --- A budget each set-up decides (limits.budget_by_decision) ------------------------------------

BY_DECISION = fr.loads(
    statute_text().replace(
        "limits: {budget_kr: 500000,", "limits: {budget_kr: 500000, budget_by_decision: true,"
    ),
    name="v.yaml",
)


def test_the_set_up_decides_the_budget_within_the_statutes_most() -> None:
    association = founded(BY_DECISION)
    association.record(event("hold-meeting", DAY, "bestyrelse"))
    setup = {"body": "sagsgruppe", "name": "Sagsoverblik", "vote": VOTE3}
    for budget, message in (
        (None, "decides its budget: budget_kr, whole kroner"),
        ("mange", "decides its budget: budget_kr, whole kroner"),
        (600000, "a budget of 600000 kr. exceeds the most 500000 kr. it may have"),
    ):
        with pytest.raises(fr.RuleViolation) as caught:
            association.record(event("set-up-body", DAY, "bestyrelse", **setup, budget_kr=budget))
        assert (caught.value.rule, caught.value.provision) == ("limit-budget", LIMITS)
        assert message in caught.value.message
    association.record(event("set-up-body", DAY, "bestyrelse", **setup, budget_kr=300000))
    assert association.at(DAY).to_json()["set_up"]["sagsgruppe"]["budget_kr"] == 300000
    board(association, DAY, kind="grant-delegation", delegation="projekt-til-styregruppe")
    for n, municipality in enumerate(members(association, DAY)[:2]):
        seat = {"body": "sagsgruppe", "person": f"P{n}", "municipality": municipality}
        board(association, DAY, kind="elect", **seat)
    association.record(event("hold-meeting", LATER, "sagsgruppe"))
    association.record(acquire(LATER, amount_kr=200000))
    with pytest.raises(fr.RuleViolation) as caught:
        association.record(acquire(LATER, amount_kr=200000))
    assert caught.value.rule == "limit-budget"
    assert "has spent 200000 kr. of its budget of 300000 kr." in caught.value.message


def test_budget_by_decision_must_be_a_boolean(tmp_path: Path) -> None:
    text = statute_text().replace("limits: {budget_kr: 500000,", "limits: {budget_by_decision: ja,")
    problem = one_problem(write(tmp_path, text), "E202")
    assert (problem.line, problem.column) == pos(text, "budget_by_decision: ja", "ja")
    assert problem.provision == "§ 22, stk. 2"
