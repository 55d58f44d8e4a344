"""Bodies set up by decision (issue 10): a steering group the board sets up and
dissolves at will, with the power it grants it, its limits and its coordinator.

Good and bad input of the statute format (exact code, line and provision), the
protocol's refusals (rule and provision) beside the lawful act, and the
competence answers before the set-up, while it exists and after dissolution.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import minimal_text, one_problem, pos, replace, write

import foreningsregler as fr
from foreningsregler.authority.answers import Reason, SetUp, StaticState
from foreningsregler.authority.export import render
from foreningsregler.economy.events import Clerk
from foreningsregler.economy.stories import found
from foreningsregler.statute.model import Coordinator, Limits, ProvisionRef, SetUpBy

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
D = dt.date
P21 = ProvisionRef(21, 1)
LIMITS = ProvisionRef(21, 2)
COORDINATION = ProvisionRef(21, 3)

PROVISION = """  - number: 21
    title: Styregrupper
    sources: [{document: foranalyse, section: "5.4"}]
    stk:
      - text: Bestyrelsen kan nedsætte og nedlægge en styregruppe for et projekt og delegere kompetence til den.
      - text: Styregruppen kan inden for en ramme på 500.000 kr. igangsætte anskaffelser på it-området til det produkt, den er nedsat for.
      - text: Bestyrelsen udpeger styregruppens tovholder.

membership:
"""
BODY = """  - id: styregruppe
    name: Styregruppen for Sagsoverblik
    kind: steering_group
    seats: 3
    filled_by: {method: appointment, by: bestyrelse, provision: "§ 21, stk. 1"}
    voting: bestyrelsesflertal
    set_up_by: {body: bestyrelse, power: nedsaet-styregruppe, provision: "§ 21, stk. 1"}
    limits: {budget_kr: 500000, area: it, product: Sagsoverblik, provision: "§ 21, stk. 2"}
    coordinator: {appointed_by: bestyrelse, provision: "§ 21, stk. 3"}
    provision: "§ 21, stk. 1"

powers:
"""
POWERS = """  - id: nedsaet-styregruppe
    name: Nedsætte og nedlægge styregrupper
    holder: bestyrelse
    provision: "§ 21, stk. 1"
  - id: styr-projekt
    name: Igangsætte anskaffelser i et projekt
    holder: bestyrelse
    provision: "§ 21, stk. 2"

delegations:
  - id: projekt-til-styregruppe
    power: styr-projekt
    from: bestyrelse
    to: styregruppe
    granted: decision
    provision: "§ 21, stk. 1"
"""


def statute_text() -> str:
    text = BUNDLED.read_text("utf-8")
    text = replace(text, "\nmembership:\n", "\n" + PROVISION)
    text = replace(text, "\npowers:\n", "\n" + BODY)
    return replace(text, "\ndelegations:\n", "\n" + POWERS)


STATUTE = fr.loads(statute_text(), name="v.yaml")


def test_a_body_set_up_by_decision_loads() -> None:
    body = STATUTE.body("styregruppe")
    assert body.set_up_by == SetUpBy(body="bestyrelse", power="nedsaet-styregruppe", provision=P21)
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


def founded() -> fr.Association:
    association = fr.Association(STATUTE)
    assert STATUTE.membership is not None
    found(Clerk(association), STATUTE.membership.municipalities, D(2015, 10, 1))
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
    board(association, day, kind="set-up-body", body="styregruppe", name="Sagsoverblik")
    board(association, day, kind="grant-delegation", delegation="projekt-til-styregruppe")
    for n, municipality in enumerate(members(association, day)[:2]):
        board(
            association,
            day,
            kind="elect",
            body="styregruppe",
            person=f"Projektleder {n}",
            municipality=municipality,
        )
    board(association, day, kind="appoint-coordinator", body="styregruppe", person="Projektleder 0")


def acquire(day: dt.date, **data: Any) -> fr.Event:
    facts = {"power": "styr-projekt", "area": "it", "product": "Sagsoverblik", "amount_kr": 200000}
    return event("exercise", day, "styregruppe", vote=VOTE2, **{**facts, **data})


@pytest.fixture
def running() -> fr.Association:
    association = founded()
    set_up(association)
    association.record(event("hold-meeting", LATER, "styregruppe"))
    return association


def refused(association: fr.Association, happening: fr.Event) -> fr.RuleViolation:
    with pytest.raises(fr.RuleViolation) as caught:
        association.check(happening)
    return caught.value


def test_the_set_up_body_acts_within_its_limits(running: fr.Association) -> None:
    running.record(acquire(LATER))
    running.record(acquire(LATER, amount_kr=300000))
    assert running._replay.spent["styregruppe"] == 500000
    assert running._replay.coordinators["styregruppe"] == "Projektleder 0"
    assert running.at(LATER).set_up_bodies["styregruppe"] == SetUp("styregruppe", DAY, "Sagsoverblik")
