"""Review item 5 on the fixture statute: the association must exist.

Its lifecycle ``foreningen`` (§ 5): founded by the founding generalforsamling
(``hold-founding-assembly``, § 5, stk. 1), operating (§ 5, stk. 2), dissolved
by the generalforsamling (``dissolve``, § 5, stk. 3, a final state). No power
is used before it is founded (``not-founded``), and after the dissolution no
event of any kind is recorded (``association-ended``).
"""

from __future__ import annotations

from typing import Any

import pytest
from test_procedure_support import (
    ANSKAF,
    FOUNDING,
    D,
    act,
    applied,
    decide,
    fixture_statute,
    founded,
    meeting,
    refused,
    staffed,
    vote,
)

import foreningsregler as fr
from foreningsregler.protocol.association import Association
from foreningsregler.statute.model import Statute

FOUNDED = fr.ProvisionRef(5, 1)
DISSOLVED = fr.ProvisionRef(5, 3)
NOT_YET = (
    "the association is not founded on 2015-10-01 (state: establishment); no power is held yet"
)


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fixture_statute()


@pytest.fixture
def before(statute: Statute) -> Association:
    """Signed and approved; the founding generalforsamling meets on 1 October 2015."""
    association = applied(statute)
    meeting(association, "generalforsamling", FOUNDING)
    return association


# --- Before the founding -----------------------------------------------------------------


def test_a_power_exercised_before_the_founding_is_refused(before: Association) -> None:
    error = refused(before, "exercise", FOUNDING, "generalforsamling", power=ANSKAF, vote=vote(3))
    assert (error.rule, error.provision, error.message) == ("not-founded", FOUNDED, NOT_YET)
    admit = refused(
        before, "admit", FOUNDING, "generalforsamling", municipality="Sorø", vote=vote(3)
    )
    assert (admit.rule, admit.provision, admit.state) == ("not-founded", FOUNDED, "approved")
    assert before.at(FOUNDING).association is None  # still the initial state
    assert before.at(FOUNDING).members == set()


def test_a_prior_made_before_the_founding_is_refused(before: Association) -> None:
    """A consultation is made under the power it is for: not before the founding."""
    meeting(before, "f14-it", FOUNDING)
    error = refused(
        before, "consult", FOUNDING, "f14-it", power="fastsaet-kontingent", vote=vote(3)
    )
    assert (error.rule, error.provision, error.message) == ("not-founded", FOUNDED, NOT_YET)


def test_once_founded_the_powers_are_held(before: Association) -> None:
    decide(before, "generalforsamling", FOUNDING, "hold-founding-assembly")
    assert before.at(FOUNDING).association == "founded"
    act(before, "exercise", FOUNDING, "generalforsamling", power=ANSKAF, vote=vote(3))
    act(before, "admit", FOUNDING, "generalforsamling", municipality="Sorø", vote=vote(3))
    assert before.at(FOUNDING).members == {"Sorø"}


def test_the_founding_is_a_decision_at_the_founding_assembly(statute: Statute) -> None:
    association = applied(statute)
    unmet = refused(
        association, "hold-founding-assembly", FOUNDING, "generalforsamling", vote=vote(3)
    )
    assert (unmet.rule, unmet.provision) == ("no-meeting", fr.ProvisionRef(4, 3))
    meeting(association, "generalforsamling", FOUNDING)
    board = refused(association, "hold-founding-assembly", FOUNDING, "bestyrelse", vote=vote(3))
    assert (board.rule, board.provision) == ("actor", FOUNDED)
    act(association, "hold-founding-assembly", FOUNDING, "generalforsamling", vote=vote(3))
    again = refused(
        association, "hold-founding-assembly", FOUNDING, "generalforsamling", vote=vote(3)
    )
    assert (again.rule, again.provision, again.state) == ("no-transition", FOUNDED, "founded")


# --- After the dissolution ------------------------------------------------------------------

ENDED = "the association is opløst (dissolved) since 2016-03-01"
DAY = D(2016, 3, 1)


@pytest.fixture
def dissolved(statute: Statute) -> Association:
    association = staffed(founded(statute))
    decide(association, "generalforsamling", DAY, "dissolve")
    return association


def test_the_generalforsamling_dissolves_the_association(statute: Statute) -> None:
    association = staffed(founded(statute))
    meeting(association, "bestyrelse", DAY)
    board = refused(association, "dissolve", DAY, "bestyrelse", vote=vote(3))
    assert (board.rule, board.provision) == ("actor", DISSOLVED)
    meeting(association, "generalforsamling", DAY)
    split = refused(association, "dissolve", DAY, "generalforsamling", vote=vote(2, 1, 1))
    assert (split.rule, split.provision) == ("vote-failed", fr.ProvisionRef(4, 2))
    act(association, "dissolve", DAY, "generalforsamling", vote=vote(3))
    assert association.at(DAY).association == "dissolved"
    assert association.at(D(2030, 1, 1)).association == "dissolved"


@pytest.mark.parametrize(
    ("kind", "actor", "data"),
    [
        ("hold-meeting", "bestyrelse", {}),
        ("dissolve", "generalforsamling", {"vote": vote(3)}),
        ("sign-declaration", "Roskilde", {}),
        ("give-notice", "Sorø", {}),
        ("exercise", "generalforsamling", {"power": ANSKAF, "vote": vote(3)}),
        (
            "elect",
            "generalforsamling",
            {
                "body": "bestyrelse",
                "person": "KD Roskilde",
                "municipality": "Sorø",
                "role": "kommunaldirektoer",
                "vote": vote(3),
            },
        ),
        ("recommend", "bestyrelse", {"power": "fastsaet-kontingent", "vote": vote(3)}),
        ("dance", "Sorø", {}),
    ],
)
def test_nothing_is_recorded_after_the_dissolution(
    dissolved: Association, kind: str, actor: str, data: dict[str, Any]
) -> None:
    for day in (DAY, D(2016, 3, 2), D(2020, 1, 1)):
        error = refused(dissolved, kind, day, actor, **data)
        assert (error.rule, error.provision, error.message) == (
            "association-ended",
            DISSOLVED,
            ENDED,
        )


def test_an_association_not_founded_cannot_be_dissolved(before: Association) -> None:
    error = refused(before, "dissolve", FOUNDING, "generalforsamling", vote=vote(3))
    assert (error.rule, error.provision, error.state) == (
        "no-transition",
        DISSOLVED,
        "establishment",
    )
