"""Review items 9 and 10 on the fixture statute: a phase is adopted with its
period, and the facts of an event name things that exist.

- The transition into a state meaning ``adopted`` needs ``start`` and ``end``,
  given on it or earlier (``phase-period``, the clock's provision, § 2, stk. 3);
  nor is a phase adopted after its period has ended.
- ``municipality``, ``area``, ``body``, ``power``, ``phase``, ``proposal``,
  ``delegation`` and ``person`` are non-empty text (``bad-data``); a phase is
  on record (but for the act that proposes it, and the priors that come before
  it), a proposal drafted (but for ``draft-proposal``), a delegation one of the
  statute's: else ``unknown-phase``, ``unknown-proposal``, ``unknown-delegation``,
  citing the lifecycle of such records.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_procedure_support import (
    ANSKAF,
    DELEGATION,
    D,
    act,
    decide,
    fixture_statute,
    founded,
    meeting,
    refused,
    staffed,
    vote,
    with_phase_1,
)

import foreningsregler as fr
from foreningsregler.protocol.association import Association
from foreningsregler.statute.model import Statute

ADOPTION = fr.ProvisionRef(2, 3)
PHASES, DECISIONS, DELEGATIONS = fr.ProvisionRef(2), fr.ProvisionRef(4), fr.ProvisionRef(2, 9)
FULL = {"power": ANSKAF, "phase": "fase-1", "municipality": "Sorø", "area": "it"}


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fixture_statute()


@pytest.fixture
def association(statute: Statute) -> Association:
    return staffed(founded(statute))


# --- 9. A phase is adopted with its period ---------------------------------------------------


def _recommended(association: Association, **period: str) -> None:
    """fase-1 proposed (with ``period``) and recommended; a generalforsamling on 1 March 2016."""
    decide(association, "direktion", D(2016, 1, 4), "propose-phase", phase="fase-1", **period)
    decide(association, "bestyrelse", D(2016, 1, 5), "recommend-phase", phase="fase-1")
    meeting(association, "generalforsamling", D(2016, 3, 1))


@pytest.mark.parametrize(
    ("proposed", "adopted"),
    [({}, {}), ({"start": "2016-06-01"}, {}), ({}, {"end": "2016-12-31"})],
    ids=["no-dates", "start-only", "end-only"],
)
def test_a_phase_without_its_period_is_not_adopted(
    association: Association, proposed: dict[str, str], adopted: dict[str, str]
) -> None:
    _recommended(association, **proposed)
    error = refused(
        association,
        "adopt-phase",
        D(2016, 3, 1),
        "generalforsamling",
        phase="fase-1",
        vote=vote(3),
        **adopted,
    )
    assert (error.rule, error.provision, error.state) == ("phase-period", ADOPTION, "recommended")
    assert error.message == (
        "the phase fase-1 is adopted with its start and end (start, end); none is given"
    )


def test_a_phase_is_adopted_with_the_dates_its_adoption_gives(association: Association) -> None:
    _recommended(association)
    day = D(2016, 3, 1)
    period = {"start": "2016-06-01", "end": "2016-12-31"}
    act(
        association, "adopt-phase", day, "generalforsamling", phase="fase-1", vote=vote(3), **period
    )
    phase = association.at(day).phases["fase-1"]
    assert (phase.state, phase.start, phase.end) == ("adopted", D(2016, 6, 1), D(2016, 12, 31))
    assert association.at(D(2016, 6, 1)).phases["fase-1"].state == "running"


def test_a_phase_is_adopted_with_the_dates_its_proposal_gave(association: Association) -> None:
    _recommended(association, start="2016-06-01", end="2016-12-31")
    act(
        association, "adopt-phase", D(2016, 3, 1), "generalforsamling", phase="fase-1", vote=vote(3)
    )
    assert association.at(D(2017, 1, 1)).phases["fase-1"].state == "ended"


def test_a_phase_is_not_adopted_after_its_period(association: Association) -> None:
    _recommended(association, start="2016-01-01", end="2016-02-29")
    error = refused(
        association, "adopt-phase", D(2016, 3, 1), "generalforsamling", phase="fase-1", vote=vote(3)
    )
    assert (error.rule, error.provision) == ("phase-period", ADOPTION)
    assert (
        error.message == "the phase fase-1 ended on 2016-02-29, before it is adopted on 2016-03-01"
    )


# --- 10. Facts name things -------------------------------------------------------------------


@pytest.fixture
def running(statute: Statute) -> Association:
    association = with_phase_1(statute)
    meeting(association, "f3-it", D(2016, 9, 1))
    return association


@pytest.mark.parametrize(
    ("fact", "value"),
    [
        ("municipality", 5),
        ("area", ["it"]),
        ("power", {"id": ANSKAF}),
        ("phase", ""),
        ("person", ""),
        ("proposal", 3),
        ("delegation", []),
        ("body", None),
        ("municipality", ""),
    ],
)
def test_a_fact_that_is_not_text_is_bad_data(running: Association, fact: str, value: Any) -> None:
    error = refused(
        running, "exercise", D(2016, 9, 1), "f3-it", vote=vote(3), **{**FULL, fact: value}
    )
    assert (error.rule, error.provision) == ("bad-data", None)
    assert error.message == f"'{fact}' names something: non-empty text"


def test_the_same_facts_as_text_are_accepted(running: Association) -> None:
    act(running, "exercise", D(2016, 9, 1), "f3-it", vote=vote(3), **FULL)


def test_a_phase_must_be_on_record(running: Association) -> None:
    error = refused(
        running, "exercise", D(2016, 9, 1), "f3-it", vote=vote(3), **{**FULL, "phase": "fase-2"}
    )
    assert (error.rule, error.provision) == ("unknown-phase", PHASES)
    assert error.message == "the protocol knows no phase 'fase-2'; did you mean 'fase-1'?"
    # The act that proposes it names it first; then it is on record.
    period = {"start": "2018-01-01", "end": "2018-12-31"}
    decide(running, "direktion", D(2016, 9, 1), "propose-phase", phase="fase-2", **period)
    assert running.at(D(2016, 9, 1)).phases["fase-2"].state == "proposed"


def test_a_prior_may_name_a_phase_before_it_is_proposed(association: Association) -> None:
    """The f14's recommendation comes before the phase is on record."""
    facts = {"power": "vedtag-projektplan", "phase": "fase-7", "area": "it"}
    decide(association, "f14-it", D(2016, 1, 4), "recommend", **facts)
    meeting(association, "f3-it", D(2016, 1, 5))
    # ... but the decision it is for names a phase on record.
    error = refused(association, "exercise", D(2016, 1, 5), "f3-it", vote=vote(3), **facts)
    assert (error.rule, error.provision) == ("unknown-phase", PHASES)


def test_a_proposal_must_be_drafted(association: Association) -> None:
    meeting(association, "bestyrelse", D(2016, 1, 4))
    error = refused(association, "put-to-vote", D(2016, 1, 4), "bestyrelse", proposal="p9")
    assert (error.rule, error.provision) == ("unknown-proposal", DECISIONS)
    assert error.message == "the protocol knows no proposal 'p9'"
    voted = refused(association, "vote", D(2016, 1, 4), "bestyrelse", proposal="p9", vote=vote(3))
    assert (voted.rule, voted.provision) == ("unknown-proposal", DECISIONS)
    act(
        association, "draft-proposal", D(2016, 1, 4), "bestyrelse", proposal="p9", body="bestyrelse"
    )
    act(association, "put-to-vote", D(2016, 1, 4), "bestyrelse", proposal="p9")
    act(association, "vote", D(2016, 1, 4), "bestyrelse", proposal="p9", vote=vote(3))
    assert association.at(D(2016, 1, 4)).decisions["p9"].state == "passed"


def test_a_delegation_must_be_one_of_the_statutes(association: Association) -> None:
    meeting(association, "generalforsamling", D(2016, 3, 1))
    error = refused(
        association,
        "suspend-delegation",
        D(2016, 3, 1),
        "generalforsamling",
        delegation="anskaffelser",
        to="f3-it",
        vote=vote(3),
    )
    assert (error.rule, error.provision) == ("unknown-delegation", DELEGATIONS)
    assert error.message == (
        "the statute knows no delegation 'anskaffelser'; did you mean 'anskaffelser-til-f3'?"
    )
    act(
        association,
        "suspend-delegation",
        D(2016, 3, 1),
        "generalforsamling",
        delegation=DELEGATION,
        to="f3-it",
        vote=vote(3),
    )
