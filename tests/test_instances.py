"""Several bodies at once from one template set up by decision (``set_up_by:
{..., instances: many}``): one steering group per project.

The statute writes the template once; each ``set-up-body`` with ``instance``
makes ``<template>/<instance>``, a body of its own. Good and bad input of the
format (exact code, line, provision), the protocol's refusals (rule and
provision) beside the lawful act, and the competence answers per instance.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import minimal_text, pos, problems_of, replace, write
from test_set_up_bodies import (
    LIMITS,
    P22,
    VOTE3,
    acquire,
    board,
    event,
    founded,
    members,
    refused,
    statute_text,
)

import foreningsregler as fr
from foreningsregler.authority.answers import Reason, SetUp, StaticState

D = dt.date
DAY, LATER, END = D(2016, 1, 4), D(2016, 3, 1), D(2016, 6, 1)
ONE, TWO = "sagsgruppe/sagsoverblik", "sagsgruppe/ydelse"


def many_text() -> str:
    return replace(
        statute_text(),
        "set_up_by: {body: bestyrelse, power: nedsaet-styregruppe,",
        "set_up_by: {body: bestyrelse, power: nedsaet-styregruppe, instances: many,",
    )


STATUTE = fr.loads(many_text(), name="v.yaml")
AUTHORITY = fr.Authority(STATUTE)


def test_the_template_loads_and_names_its_instances() -> None:
    template = STATUTE.body("sagsgruppe")
    assert template.set_up_by is not None and template.set_up_by.many
    assert template.many
    instance = STATUTE.body(ONE)
    assert (instance.id, instance.instance_of, instance.many) == (ONE, "sagsgruppe", False)
    assert instance.limits == template.limits
    assert STATUTE.instances(ONE) == (instance,)
    assert ONE not in {b.id for b in STATUTE.bodies}  # the statute knows the template only
    for bad in ("bestyrelse/x", "sagsgruppe/Sags Overblik", "sagsgruppe/", "/x"):
        with pytest.raises(KeyError):
            STATUTE.body(bad)
    assert [f for f in fr.check(STATUTE) if f.severity.value == "error"] == []


# --- The protocol -------------------------------------------------------------------


def appoint(association: fr.Association, body: str, day: dt.date = DAY) -> None:
    for n, municipality in enumerate(members(association, day)[:2]):
        board(
            association,
            day,
            kind="elect",
            body=body,
            person=f"{body} {n}",
            municipality=municipality,
        )


@pytest.fixture
def two() -> fr.Association:
    """Two steering groups from the one template, each with its two members."""
    association = founded(STATUTE)
    board(association, DAY, kind="set-up-body", body="sagsgruppe", instance="sagsoverblik")
    board(association, DAY, kind="set-up-body", body="sagsgruppe", instance="ydelse", name="KY")
    board(association, DAY, kind="grant-delegation", delegation="projekt-til-styregruppe")
    appoint(association, ONE)
    appoint(association, TWO)
    board(association, DAY, kind="appoint-coordinator", body=ONE, person=f"{ONE} 0")
    for body in (ONE, TWO):
        association.record(event("hold-meeting", LATER, body))
    return association


def spend(body: str, amount: int, day: dt.date = LATER) -> fr.Event:
    return fr.Event("exercise", day, body, {**acquire(day).data, "amount_kr": amount})


def test_each_instance_has_its_own_seats_coordinator_and_budget(two: fr.Association) -> None:
    two.record(spend(ONE, 500000))
    two.record(spend(TWO, 500000))  # the other instance's budget is whole
    replay = two._replay
    assert replay.spent == {ONE: 500000, TWO: 500000}
    assert replay.coordinators == {ONE: f"{ONE} 0"}
    state = two.at(LATER)
    assert [s.person for s in state.seats[ONE]] == [f"{ONE} 0", f"{ONE} 1"]
    assert [s.person for s in state.seats[TWO]] == [f"{TWO} 0", f"{TWO} 1"]
    assert state.set_up_bodies == {ONE: SetUp(ONE, DAY), TWO: SetUp(TWO, DAY, "KY")}
    refusal = refused(two, spend(ONE, 1))
    assert (refusal.rule, refusal.provision) == ("limit-budget", LIMITS)
    assert refusal.message.startswith(f"{ONE} has spent 500000 kr.")


def test_the_template_itself_never_acts(two: fr.Association) -> None:
    two.check(event("hold-meeting", D(2016, 4, 1), ONE))  # the lawful act beside it
    some = members(two, LATER)[2]
    cases = [
        event("hold-meeting", D(2016, 4, 1), "sagsgruppe"),
        event("elect", LATER, "bestyrelse", body="sagsgruppe", person="P", municipality=some),
        event("dissolve-body", LATER, "bestyrelse", body="sagsgruppe", vote=VOTE3),
        event("appoint-coordinator", LATER, "bestyrelse", body="sagsgruppe", person="P"),
        event("set-up-body", LATER, "bestyrelse", body="sagsgruppe", vote=VOTE3),
    ]
    for happening in cases:
        refusal = refused(two, happening)
        assert (refusal.rule, refusal.provision) == ("instance-required", P22), happening
        assert "sagsgruppe is set up as several bodies (instances: many)" in refusal.message
        assert "names one of them, sagsgruppe/<instance>" in refusal.message


def test_an_instance_is_set_up_once_at_a_time(two: fr.Association) -> None:
    two.record(event("hold-meeting", LATER, "bestyrelse"))
    another = event("set-up-body", LATER, "bestyrelse", body="sagsgruppe", instance="tredje")
    two.check(fr.Event(another.kind, LATER, "bestyrelse", {**another.data, "vote": VOTE3}))
    again = event("set-up-body", LATER, "bestyrelse", body="sagsgruppe", instance="ydelse")
    refusal = refused(two, fr.Event(again.kind, LATER, "bestyrelse", {**again.data, "vote": VOTE3}))
    assert (refusal.rule, refusal.provision) == ("already-set-up", P22)
    assert refusal.message == f"{TWO} is set up since 2016-01-04; dissolve it first"


@pytest.mark.parametrize("name", ["Sags Overblik", 7, "", "a/b"])
def test_an_instance_is_named_by_an_id(name: object) -> None:
    association = founded(STATUTE)
    association.record(event("hold-meeting", DAY, "bestyrelse"))
    lawful = {"body": "sagsgruppe", "instance": "sagsoverblik", "vote": VOTE3}
    association.check(fr.Event("set-up-body", DAY, "bestyrelse", lawful))
    refusal = refused(
        association, fr.Event("set-up-body", DAY, "bestyrelse", {**lawful, "instance": name})
    )
    assert (refusal.rule, refusal.provision) == ("bad-data", P22)
    assert refusal.message == (
        f"an instance is named by an id (lower-case kebab-case), not {name!r}"
    )


def test_a_single_body_takes_no_instance() -> None:
    single = fr.loads(statute_text(), name="v.yaml")
    association = founded(single)
    association.record(event("hold-meeting", DAY, "bestyrelse"))
    lawful = {"body": "sagsgruppe", "vote": VOTE3}
    association.check(fr.Event("set-up-body", DAY, "bestyrelse", lawful))
    named = {**lawful, "instance": "sagsoverblik"}
    refusal = refused(association, fr.Event("set-up-body", DAY, "bestyrelse", named))
    assert (refusal.rule, refusal.provision) == ("no-instances", P22)
    assert refusal.message == "sagsgruppe exists at most once: it is set up without an instance"
    refusal = refused(association, event("hold-meeting", DAY, "sagsgruppe/sagsoverblik"))
    assert refusal.rule == "unknown-municipality"  # no body of that id: not an instance


def test_an_instance_not_set_up_is_refused_with_the_nearest_name(two: fr.Association) -> None:
    refusal = refused(two, event("hold-meeting", LATER, "sagsgruppe/sagsoverblk"))
    assert (refusal.rule, refusal.provision) == ("not-set-up", P22)
    assert refusal.message == (
        "sagsgruppe/sagsoverblk has not been set up by bestyrelse on 2016-03-01: "
        f"it cannot hold-meeting or be acted on; did you mean '{ONE}'?"
    )
    refusal = refused(two, event("hold-meeting", LATER, "sagsgruppe/noget-helt-andet"))
    assert refusal.message.endswith("be acted on")


def test_a_name_of_no_template_is_an_unknown_body(two: fr.Association) -> None:
    refusal = refused(
        two,
        event("elect", LATER, "bestyrelse", body="bestyrelse/x", person="P", municipality="Sorø"),
    )
    assert refusal.rule == "unknown-body"
    assert refusal.message.startswith("the statute knows no body 'bestyrelse/x'")


def test_dissolving_one_instance_leaves_the_other(two: fr.Association) -> None:
    board(two, END, kind="dissolve-body", body=TWO)
    two.record(event("hold-meeting", END, ONE))
    refusal = refused(two, event("hold-meeting", D(2016, 6, 2), TWO))
    assert (refusal.rule, refusal.provision) == ("not-set-up", P22)
    assert refusal.message == (
        f"{TWO} was dissolved by bestyrelse on 2016-06-01: it cannot hold-meeting or be acted on"
    )
    assert TWO not in two.at(END).seats and two.at(END).seats[ONE]
    # Set up again under the same name: a new body, without the old seats.
    later = D(2016, 9, 1)
    board(two, later, kind="set-up-body", body="sagsgruppe", instance="ydelse")
    refusal = refused(two, event("hold-meeting", later, TWO))
    assert (refusal.rule, refusal.provision) == ("not-in-office", P22)


# --- Competence answers -------------------------------------------------------------


def test_without_a_state_an_instance_has_its_templates_chains() -> None:
    answer = AUTHORITY.check(ONE, "styr-projekt")
    template = AUTHORITY.check("sagsgruppe", "styr-projekt")
    assert answer.allowed and answer.body == ONE
    assert answer.chains == template.chains
    [condition, grant] = answer.conditions
    assert str(condition) == f"only while {ONE} is set up by decision of bestyrelse [§ 22, stk. 1]"
    assert grant.delegation == "projekt-til-styregruppe"
    assert AUTHORITY.chains(ONE, "styr-projekt") == template.chains


def test_with_a_state_an_instance_is_allowed_only_while_it_exists(two: fr.Association) -> None:
    def ask(body: str, day: dt.date) -> fr.Answer:
        return AUTHORITY.check(body, "styr-projekt", on=day, state=two.at(day))

    assert ask(ONE, LATER).allowed
    before = ask(ONE, D(2016, 1, 3))
    assert [(d.reason, d.provision) for d in before.denials] == [(Reason.NOT_SET_UP, P22)]
    assert before.denials[0].message == (
        f"{ONE} is set up by decision of bestyrelse; it has not been set up on 2016-01-03"
    )
    never = ask("sagsgruppe/tredje", LATER)
    assert [d.reason for d in never.denials] == [Reason.NOT_SET_UP]
    board(two, END, kind="dissolve-body", body=TWO)
    assert ask(ONE, END).allowed
    after = ask(TWO, END)
    assert after.denials[0].message == f"{TWO} was dissolved by bestyrelse on 2016-06-01"
    template = ask("sagsgruppe", LATER)
    [denial] = template.denials
    assert (denial.reason, denial.provision) == (Reason.INSTANCE_REQUIRED, P22)
    assert denial.message == (
        "sagsgruppe is set up as several bodies (instances: many): "
        "name one of them, sagsgruppe/<instance>"
    )


def test_a_static_state_names_the_instances_set_up() -> None:
    state = StaticState(set_up_bodies={ONE: SetUp(ONE, DAY)})
    assert AUTHORITY.check(ONE, "styr-projekt", state=state).allowed
    assert not AUTHORITY.check(TWO, "styr-projekt", state=state).allowed


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "bestyrelse/x",
            "unknown body 'bestyrelse/x'; bestyrelse is not set up as several bodies "
            "(instances: many)",
        ),
        (
            "sagsgruppe/Sags",
            "unknown body 'sagsgruppe/Sags'; 'Sags' is not an instance's name "
            "(lower-case kebab-case)",
        ),
        ("sagsgrupe/x", "unknown body 'sagsgrupe/x'; did you mean 'sagsgruppe'?"),
    ],
)
def test_an_unknown_instance_is_an_unknown_name(body: str, message: str) -> None:
    with pytest.raises(fr.UnknownName) as caught:
        AUTHORITY.check(body, "styr-projekt")
    assert str(caught.value) == message
    with pytest.raises(fr.UnknownName):
        AUTHORITY.chains(body, "styr-projekt")


def test_the_command_line_explains_an_instance_from_a_ledger(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from foreningsregler.cli import cli
    from foreningsregler.economy.events import Clerk
    from foreningsregler.economy.stories import found

    path = write(tmp_path, many_text(), "v.yaml")
    ledger = tmp_path / "protokol.jsonl"
    association = fr.Association(fr.load(path), fr.JsonlLedger(ledger))
    assert association.statute.membership is not None
    found(Clerk(association), association.statute.membership.municipalities, D(2015, 10, 1))
    board(association, DAY, kind="set-up-body", body="sagsgruppe", instance="sagsoverblik")
    board(association, DAY, kind="grant-delegation", delegation="projekt-til-styregruppe")

    def explain(body: str, day: str) -> Any:
        args = ["explain", str(path), body, "styr-projekt", "--ledger", str(ledger)]
        return CliRunner().invoke(cli, [*args, "--on", day])

    assert explain(ONE, "2016-01-04").exit_code == 0
    before = explain(ONE, "2016-01-03")
    assert before.exit_code == 1
    assert f"{ONE} is set up by decision of bestyrelse; it has not been set up" in before.output
    assert "[§ 22, stk. 1]" in before.output
    other = explain(TWO, "2016-01-04")
    assert other.exit_code == 1 and f"{TWO} is set up by decision of bestyrelse" in other.output
    unknown = explain("bestyrelse/x", "2016-01-04")
    assert unknown.exit_code != 0 and "Traceback" not in unknown.output
    assert "bestyrelse is not set up as several bodies" in unknown.output


# --- Bad input ----------------------------------------------------------------------

GROUP = """  - id: styregruppe
    name: Styregruppen
    kind: steering_group
    seats: 3
    filled_by: {method: appointment, by: bestyrelse, provision: "§ 3, stk. 2"}
    chair: {chosen_by: styregruppe, provision: "§ 3, stk. 2"}
    set_up_by: {body: bestyrelse, power: nedsaet, instances: many, provision: "§ 3, stk. 2"}
    provision: "§ 3, stk. 2"
  - id: projektgruppe
    name: Projektgruppen
    kind: working_group
    seats: 5
    filled_by: {method: appointment, by: bestyrelse, provision: "§ 3, stk. 2"}
    provision: "§ 3, stk. 2"
powers:
  - id: nedsaet
    name: Nedsætte styregrupper
    holder: bestyrelse
    provision: "§ 3, stk. 2"
  - id: styre
    name: Styre projektet
    holder: [bestyrelse, styregruppe]
    provision: "§ 3, stk. 2"
"""


def group_text(old: str = "", new: str = "") -> str:
    text = replace(minimal_text(), "powers:\n", GROUP)
    return replace(text, old, new) if old else text


def test_a_template_may_hold_a_power_and_choose_its_own_chair(tmp_path: Path) -> None:
    statute = fr.load(write(tmp_path, group_text()))
    assert [f.code for f in fr.check(statute) if f.severity.value == "error"] == []
    instance = statute.body("styregruppe/it")
    assert instance.chair is not None and instance.chair.chosen_by == "styregruppe/it"


@pytest.mark.parametrize(
    ("old", "new", "at"),
    [
        (
            '    filled_by: {method: appointment, by: bestyrelse, provision: "§ 3, stk. 2"}\n'
            '    provision: "§ 3, stk. 2"\npowers:',
            '    filled_by: {method: appointment, by: styregruppe, provision: "§ 3, stk. 2"}\n'
            '    provision: "§ 3, stk. 2"\npowers:',
            "appointment, by: styregruppe",
        ),
        (
            "    seats: 5\n",
            "    seats: 5\n    drawn_from: styregruppe\n",
            "drawn_from: styregruppe",
        ),
        (
            "    seats: 5\n",
            '    seats: 5\n    chair: {from: styregruppe, provision: "§ 3, stk. 2"}\n',
            "chair: {from: styregruppe",
        ),
    ],
)
def test_the_template_named_as_the_body_that_acts_is_e323(
    tmp_path: Path, old: str, new: str, at: str
) -> None:
    text = group_text(old, new)
    problems = problems_of(write(tmp_path, text))
    assert [(p.code, p.message, p.provision) for p in problems] == [
        (
            "E323",
            "'styregruppe' is set up as several instances (instances: many); "
            "the statute cannot say which of them acts here",
            "§ 3, stk. 2",
        )
    ]
    [problem] = problems
    assert (problem.line, problem.column) == pos(text, at, "styregruppe")


def test_a_decision_granted_delegation_from_the_template_is_e323(tmp_path: Path) -> None:
    delegation = (
        "delegations:\n"
        "  - {id: videre, power: styre, from: styregruppe, to: projektgruppe,"
        ' granted: decision, provision: "§ 3, stk. 2"}\n'
    )
    text = replace(group_text(), "delegations:\n", delegation)
    [problem] = problems_of(write(tmp_path, text))
    assert (problem.code, problem.provision) == ("E323", "§ 3, stk. 2")
    assert (problem.line, problem.column) == pos(text, "from: styregruppe", "styregruppe")
    by_statute = text.replace(" granted: decision,", "")
    statute = fr.load(write(tmp_path, by_statute))  # delegated by the statute: every instance
    assert fr.Authority(statute).check("projektgruppe", "styre").allowed


def test_instances_takes_one_or_many(tmp_path: Path) -> None:
    text = group_text("instances: many", "instances: mange")
    [problem] = problems_of(write(tmp_path, text))
    assert problem.code == "E204"
    assert (problem.line, problem.column) == pos(text, "instances: mange", "mange")
    assert problem.provision == "§ 3, stk. 2"
    single = fr.load(write(tmp_path, group_text("instances: many", "instances: one")))
    assert not single.body("styregruppe").many


# --- A body of a phase's participants (seats: participants) ---------------------------

COUNCIL = """  - id: projektraad
    name: Projektrådet
    kind: steering_group
    seats: participants
    filled_by: {method: membership, provision: "§ 2, stk. 5"}
    voting: gf-flertal
    set_up_by:
      {body: generalforsamling, power: vedtag-faser, instances: many, provision: "§ 2, stk. 5"}
    provision: "§ 2, stk. 5"
  - id: deltagerraad
    name: Deltagerrådet
    kind: committee
    seats: participants
    filled_by: {method: membership, provision: "§ 2, stk. 5"}
    voting: gf-flertal
    provision: "§ 2, stk. 5"
powers:
  - id: styr-fase
    name: Styre fasen
    holder: [projektraad, deltagerraad]
    provision: "§ 2, stk. 5"
  - id: godkend-fase
    name: Godkende fasens fælles beslutninger
    holder: projektraad
    voting: deltagerenstemmighed
    provision: "§ 2, stk. 5"
"""
P25 = fr.ProvisionRef(2, 5)
PDAY = D(2016, 4, 1)
RAAD = "projektraad/fase-1"


def council_statute() -> fr.Statute:
    from test_sammensat_support import FIXTURE

    text = replace(FIXTURE.read_text("utf-8"), "powers:\n", COUNCIL)
    return fr.loads(text, name="sammensat.yaml")


COUNCIL_STATUTE = council_statute()


@pytest.fixture
def council() -> fr.Association:
    """Five members; Køge, Sorø and Næstved join fase-1; the generalforsamling
    sets up fase-1's project council."""
    from test_sammensat_support import decide, vote

    association = fr.Association(COUNCIL_STATUTE)
    for m in ("Køge", "Næstved", "Ringsted", "Roskilde", "Sorø"):
        association.record(fr.Event("apply", D(2016, 2, 1), m, {}))
    decide(association, "generalforsamling", D(2016, 3, 1), "hold-founding-assembly", vote=vote(5))
    for m in ("Køge", "Næstved", "Ringsted", "Roskilde", "Sorø"):
        decide(
            association, "generalforsamling", D(2016, 3, 1), "admit", municipality=m, vote=vote(5)
        )
    decide(
        association,
        "generalforsamling",
        PDAY,
        "adopt-phase",
        phase="fase-1",
        start="2016-05-01",
        end="2017-12-31",
        vote=vote(5),
    )
    for m in ("Køge", "Sorø", "Næstved"):
        association.record(fr.Event("join-phase", PDAY, m, {"phase": "fase-1"}))
    decide(
        association,
        "generalforsamling",
        PDAY,
        "set-up-body",
        body="projektraad",
        instance="fase-1",
        phase="fase-1",
        vote=vote(5),
    )
    association.record(event("hold-meeting", PDAY, RAAD))
    return association


def test_the_participants_body_loads_and_checks_clean() -> None:
    body = COUNCIL_STATUTE.body("projektraad")
    assert body.of_participants and body.size is None
    assert [f for f in fr.check(COUNCIL_STATUTE) if f.severity.value == "error"] == []


def test_the_set_up_names_the_phase(council: fr.Association) -> None:
    assert council.at(PDAY).set_up_bodies[RAAD].phase == "fase-1"
    assert council.at(PDAY).to_json()["set_up"][RAAD]["phase"] == "fase-1"


def test_the_participants_decide_alone(council: fr.Association) -> None:
    council.check(
        event("exercise", PDAY, RAAD, power="styr-fase", vote={"present": 3, "yes": 2, "no": 1})
    )
    council.check(event("exercise", PDAY, RAAD, power="styr-fase", vote={"yes": ["Køge", "Sorø"]}))
    too_many = refused(
        council,
        event("exercise", PDAY, RAAD, power="styr-fase", vote={"present": 4, "yes": 4, "no": 0}),
    )
    assert (too_many.rule, too_many.provision) == ("bad-vote", fr.ProvisionRef(2, 1))
    assert too_many.message == "4 present but the body has 3 seats"
    outsider = refused(
        council,
        event("exercise", PDAY, RAAD, power="styr-fase", vote={"yes": ["Køge", "Roskilde"]}),
    )
    assert (outsider.rule, outsider.provision) == ("not-a-participant", P25)
    assert outsider.message == (
        "Roskilde has not joined fase-1; only its participants sit in projektraad/fase-1"
    )


def test_the_majority_counts_the_participants(council: fr.Association) -> None:
    # gf-flertal: quorum of half the seats, and the seats are the three participants.
    inquorate = refused(
        council,
        event("exercise", PDAY, RAAD, power="styr-fase", vote={"present": 1, "yes": 1, "no": 0}),
    )
    assert (inquorate.rule, inquorate.provision) == ("not-quorate", fr.ProvisionRef(2, 1))
    assert "(1 present, 2 needed under gf-flertal)" in inquorate.message


def test_a_decision_on_another_phase_is_refused(council: fr.Association) -> None:
    from test_sammensat_support import decide, vote

    decide(
        council,
        "generalforsamling",
        PDAY,
        "adopt-phase",
        phase="fase-2",
        start="2016-05-01",
        end="2017-12-31",
        vote=vote(5),
    )
    facts = {"power": "styr-fase", "vote": {"present": 3, "yes": 3, "no": 0}}
    council.check(event("exercise", PDAY, RAAD, phase="fase-1", **facts))
    other = refused(council, event("exercise", PDAY, RAAD, phase="fase-2", **facts))
    assert (other.rule, other.provision) == ("participants-phase", P25)
    assert other.message == (
        "projektraad/fase-1 is the body of the participants of fase-1; not of fase-2"
    )


def test_only_participants_take_a_seat(council: fr.Association) -> None:
    council.check(event("elect", PDAY, "Køge", body=RAAD, person="K", municipality="Køge"))
    refusal = refused(
        council, event("elect", PDAY, "Roskilde", body=RAAD, person="R", municipality="Roskilde")
    )
    assert (refusal.rule, refusal.provision) == ("not-a-participant", P25)
    assert refusal.message == (
        "Roskilde has not joined fase-1; only its participants sit in projektraad/fase-1"
    )


def test_each_participant_takes_one_seat(council: fr.Association) -> None:
    """seats: participants is one seat for each, also without one_seat_per_member."""
    council.record(event("elect", PDAY, "Køge", body=RAAD, person="K1", municipality="Køge"))
    second = refused(
        council, event("elect", PDAY, "Køge", body=RAAD, person="K2", municipality="Køge")
    )
    assert second.rule == "one-seat-per-member"
    assert second.message == f"Køge already has a seat in {RAAD}"


def test_a_body_of_participants_is_set_up_for_a_phase(council: fr.Association) -> None:
    from test_sammensat_support import vote

    lawful = {"body": "projektraad", "instance": "anden", "phase": "fase-1", "vote": vote(5)}
    council.check(fr.Event("set-up-body", PDAY, "generalforsamling", lawful))
    without = {k: v for k, v in lawful.items() if k != "phase"}
    refusal = refused(council, fr.Event("set-up-body", PDAY, "generalforsamling", without))
    assert (refusal.rule, refusal.provision) == ("participants-phase", P25)
    assert refusal.message == (
        "projektraad/anden seats the participants of a phase: set it up for one (phase)"
    )


def test_a_standing_body_of_participants_decides_on_the_phase_named(
    council: fr.Association,
) -> None:
    council.record(event("hold-meeting", PDAY, "deltagerraad"))
    council.check(
        event(
            "exercise",
            PDAY,
            "deltagerraad",
            power="styr-fase",
            phase="fase-1",
            vote={"yes": ["Køge", "Sorø", "Næstved"]},
        )
    )
    refusal = refused(
        council,
        event(
            "exercise",
            PDAY,
            "deltagerraad",
            power="styr-fase",
            vote={"present": 3, "yes": 3, "no": 0},
        ),
    )
    assert (refusal.rule, refusal.provision) == ("participants-phase", P25)
    assert (
        refusal.message == "deltagerraad seats the participants of a phase: name the phase (phase)"
    )
    outsider = refused(
        council,
        event(
            "exercise",
            PDAY,
            "deltagerraad",
            power="styr-fase",
            phase="fase-1",
            vote={"yes": ["Ringsted"]},
        ),
    )
    assert outsider.rule == "not-a-participant"


def test_participants_are_filled_by_membership(tmp_path: Path) -> None:
    from test_sammensat_support import FIXTURE

    text = replace(FIXTURE.read_text("utf-8"), "powers:\n", COUNCIL)
    text = text.replace(
        "    seats: participants\n    filled_by: {method: membership,",
        "    seats: participants\n    filled_by: {method: election, by: bestyrelse,",
        1,
    )
    [problem] = problems_of(write(tmp_path, text, "sammensat.yaml"))
    assert (problem.code, problem.provision) == ("E324", "§ 2, stk. 5")
    assert problem.message == (
        "the body 'projektraad' seats the participants of a phase, "
        "each sending its own: it is filled by membership"
    )
    line = (
        text.splitlines().index(
            '    filled_by: {method: election, by: bestyrelse, provision: "§ 2, stk. 5"}'
        )
        + 1
    )
    assert (problem.line, problem.column) == (line, len("    filled_by: {method: ") + 1)


def test_explain_and_compare_say_whose_seats_they_are(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from test_sammensat_support import FIXTURE

    from foreningsregler.authority.comparison import compare
    from foreningsregler.cli import cli

    path = write(tmp_path, replace(FIXTURE.read_text("utf-8"), "powers:\n", COUNCIL), "s.yaml")
    shown = CliRunner().invoke(cli, ["explain", str(path), "projektraad"])
    assert "one seat per participant of its phase" in shown.output, shown.output
    assert "one seat per participant of its phase" in repr(compare([COUNCIL_STATUTE]))


def test_a_body_of_participants_where_no_one_can_join_is_e660() -> None:
    path = Path(__file__).parent / "fixtures" / "lint" / "e660_participants.yaml"
    text = path.read_text("utf-8")
    [finding] = [f for f in fr.check(fr.load(path)) if f.code == "E660"]
    assert (finding.line, finding.column) == pos(text, "  - id: projektraad", "id")
    assert finding.provision == "§ 1, stk. 2"
    assert finding.message == (
        "projektraad seats the participants of a phase, but no participation lifecycle "
        "has a state that means joined: no one would sit in it"
    )
    assert [f for f in fr.check(COUNCIL_STATUTE) if f.code == "E660"] == []


def test_who_lists_the_instances_on_record_that_day(two: fr.Association) -> None:
    assert AUTHORITY.list_bodies("styr-projekt") == ("bestyrelse", "sagsgruppe")
    state = two.at(LATER)
    assert AUTHORITY.list_bodies("styr-projekt", state) == ("bestyrelse", ONE, TWO)
    assert AUTHORITY.list_bodies("styr-projekt", two.at(D(2016, 1, 3))) == ("bestyrelse",)
    view = two._replay.view(LATER)
    assert AUTHORITY.list_bodies("styr-projekt", view) == ("bestyrelse", ONE, TWO)
    assert AUTHORITY.check(TWO, "styr-projekt", on=LATER, state=view).allowed


def test_the_command_line_who_names_each_instance(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from foreningsregler.cli import cli
    from foreningsregler.economy.events import Clerk
    from foreningsregler.economy.stories import found

    path = write(tmp_path, many_text(), "v.yaml")
    ledger = tmp_path / "protokol.jsonl"
    association = fr.Association(fr.load(path), fr.JsonlLedger(ledger))
    assert association.statute.membership is not None
    found(Clerk(association), association.statute.membership.municipalities, D(2015, 10, 1))
    board(association, DAY, kind="set-up-body", body="sagsgruppe", instance="sagsoverblik")
    args = ["who", str(path), "styr-projekt", "--ledger", str(ledger), "--on", "2016-01-04"]
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    assert [a["body"] for a in json.loads(result.output)] == ["bestyrelse", ONE]


def test_a_statute_test_file_names_the_instances_set_up(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from foreningsregler.cli import cli

    write(tmp_path, many_text(), "v.yaml")
    cases = """format: 1
states:
  nedsat: {set_up: [sagsgruppe/sagsoverblik]}
checks:
  - body: sagsgruppe/sagsoverblik
    power: styr-projekt
    state: nedsat
    allowed: true
    chains: &chains
      - - bestyrelse holds styr-projekt [§ 22, stk. 2]
        - bestyrelse delegates to sagsgruppe [§ 22, stk. 1]
  - {body: sagsgruppe/ydelse, power: styr-projekt, state: nedsat, allowed: false,
     chains: *chains, denials: [not-set-up]}
  - {body: sagsgruppe, power: styr-projekt, state: nedsat, allowed: false,
     chains: *chains, denials: [instance-required]}
"""
    write(tmp_path, cases, "v.test.yaml")
    result = CliRunner().invoke(cli, ["test", str(tmp_path / "v.test.yaml")])
    assert result.output.endswith("3 passed, 0 failed\n"), result.output


def test_unanimity_among_exactly_the_projects_participants(council: fr.Association) -> None:
    """base: participants in the project council: its own phase, no phase named."""
    approve = {"power": "godkend-fase"}
    council.check(
        event("exercise", PDAY, RAAD, vote={"yes": ["Køge", "Sorø", "Næstved"]}, **approve)
    )
    dissent = refused(
        council,
        event("exercise", PDAY, RAAD, vote={"yes": ["Køge", "Sorø"], "no": ["Næstved"]}, **approve),
    )
    assert (dissent.rule, dissent.provision) == ("vote-failed", P25)
    assert dissent.message == (
        "the vote did not pass: unanimity: 2 of 3 for, 1 against under deltagerenstemmighed"
    )
    by_heads = refused(
        council, event("exercise", PDAY, RAAD, vote={"present": 3, "yes": 3, "no": 0}, **approve)
    )
    assert (by_heads.rule, by_heads.provision) == ("named-vote", P25)
