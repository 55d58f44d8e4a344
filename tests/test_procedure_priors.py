"""Recommendations, proposals and consultations come first, on the same matter.

Rule 4 of issue 9 on the fixture statute, whose powers require:

- indstil-faser (bestyrelse): the direktion's proposal, made under
  udarbejd-faseoplaeg (so ``propose-phase`` records it) [§ 2, stk. 2];
- vedtag-faser (generalforsamling): the bestyrelse's recommendation, made
  under indstil-faser (so ``recommend-phase`` records it) [§ 2, stk. 3];
- vedtag-projektplan (f3, own area): an f14's recommendation, made under
  prioriter-omraade (scope own_area) [§ 2, stk. 6];
- fastsaet-kontingent (generalforsamling): the bestyrelse's recommendation
  and an f14's consultation, made by the ``recommend`` and ``consult``
  events [§ 2, stk. 7].

Since the reviews, a prior is used up by the decision that needs it, the
powers a transition carries (vedtag-faser by adopt-phase, indstil-faser by
recommend-phase) are exercised neither by ``exercise`` nor by a proposal's
vote, and a phase named must be on record (except by a recommendation,
proposal or consultation, which come first): the tests of the phase powers go
through the phase's lifecycle, and name proposed phases.
"""

from __future__ import annotations

import datetime as dt

import pytest
from test_procedure_support import (
    D,
    act,
    decide,
    fixture_statute,
    founded,
    meeting,
    refused,
    staffed,
    vote,
)

from foreningsregler.protocol.association import Association
from foreningsregler.statute.model import ProvisionRef, Statute

DAY = D(2016, 3, 1)  # a generalforsamling, called in time
PHASE = {"phase": "fase-1", "start": "2016-06-01", "end": "2017-12-31"}


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fixture_statute()


@pytest.fixture
def association(statute: Statute) -> Association:
    return staffed(founded(statute))


@pytest.fixture
def proposed(association: Association) -> Association:
    """fase-1 and fase-2 proposed by the direktion: phases on record."""
    decide(association, "direktion", D(2015, 12, 1), "propose-phase", **PHASE)
    fase_2 = {"phase": "fase-2", "start": "2018-01-01", "end": "2018-12-31"}
    decide(association, "direktion", D(2015, 12, 1), "propose-phase", **fase_2)
    return association


def _gf(association: Association, power: str, day: dt.date = DAY, **facts: object) -> None:
    decide(association, "generalforsamling", day, "exercise", power=power, **facts)


def _gf_refused(
    association: Association, power: str, day: dt.date = DAY, **facts: object
) -> object:
    meeting(association, "generalforsamling", day)
    return refused(
        association, "exercise", day, "generalforsamling", power=power, vote=vote(3), **facts
    )


# --- The proposal and the recommendation of a phase ----------------------------------


def test_a_phase_adopted_after_proposal_and_recommendation(association: Association) -> None:
    """propose-phase and recommend-phase record the priors by the powers they exercise."""
    decide(association, "direktion", D(2016, 1, 4), "propose-phase", **PHASE)
    decide(association, "bestyrelse", D(2016, 1, 5), "recommend-phase", phase="fase-1")
    decide(association, "generalforsamling", DAY, "adopt-phase", phase="fase-1")
    assert association.at(DAY).phases["fase-1"].state == "adopted"


def test_a_recommendation_needs_the_direktions_proposal(association: Association) -> None:
    """recommend-phase used up the proposal propose-phase made: the bestyrelse's
    next recommendation under indstil-faser on the phase needs a new one."""
    decide(association, "direktion", D(2016, 1, 4), "propose-phase", **PHASE)
    decide(association, "bestyrelse", D(2016, 1, 5), "recommend-phase", phase="fase-1")
    meeting(association, "bestyrelse", D(2016, 1, 6))
    error = refused(
        association,
        "recommend",
        D(2016, 1, 6),
        "bestyrelse",
        power="vedtag-faser",
        phase="fase-1",
        vote=vote(3),
    )
    assert (error.rule, error.provision) == ("requires-proposal", ProvisionRef(2, 2))
    assert error.message == (
        "indstil-faser needs the proposal of direktion on phase fase-1 first; none is recorded"
    )
    # The propose event makes it, under udarbejd-faseoplaeg, at the direktion's meeting.
    decide(
        association, "direktion", D(2016, 1, 7), "propose", power="indstil-faser", phase="fase-1"
    )
    decide(
        association, "bestyrelse", D(2016, 1, 8), "recommend", power="vedtag-faser", phase="fase-1"
    )
    # ... and the recommendation is the one vedtag-faser needs to adopt the phase.
    decide(association, "generalforsamling", DAY, "adopt-phase", phase="fase-1")
    assert association.at(DAY).phases["fase-1"].state == "adopted"


def test_the_adoption_needs_the_boards_recommendation(association: Association) -> None:
    """vedtag-faser is exercised only by adopt-phase (not by exercise, nor by a
    proposal's vote), from the state the bestyrelse's recommend-phase leads to,
    which makes the recommendation: no adoption without it."""
    decide(association, "direktion", D(2016, 1, 4), "propose-phase", **PHASE)
    meeting(association, "generalforsamling", DAY)
    error = refused(
        association, "adopt-phase", DAY, "generalforsamling", phase="fase-1", vote=vote(3)
    )
    assert (error.rule, error.provision, error.state) == (
        "no-transition",
        ProvisionRef(2, 3),
        "proposed",
    )
    by_exercise = refused(
        association,
        "exercise",
        DAY,
        "generalforsamling",
        power="vedtag-faser",
        phase="fase-1",
        vote=vote(3),
    )
    assert (by_exercise.rule, by_exercise.provision) == ("use-transition", ProvisionRef(2, 3))
    by_vote = refused(
        association,
        "draft-proposal",
        DAY,
        "bestyrelse",
        proposal="p-fase",
        body="generalforsamling",
        power="vedtag-faser",
    )
    assert (by_vote.rule, by_vote.provision) == ("use-transition", ProvisionRef(2, 3))
    decide(association, "bestyrelse", D(2016, 3, 2), "recommend-phase", phase="fase-1")
    decide(association, "generalforsamling", D(2016, 3, 20), "adopt-phase", phase="fase-1")
    assert association.at(D(2016, 3, 20)).phases["fase-1"].state == "adopted"


def test_a_recommendation_on_another_matter_does_not_count(proposed: Association) -> None:
    """f14-it recommends a project plan for fase-1: not for fase-2 (the bestyrelse's
    recommendation of vedtag-faser, this test's first subject, always comes with its
    phase's recommend-phase now)."""
    association = proposed
    facts = {"power": "vedtag-projektplan", "area": "it"}
    decide(association, "f14-it", D(2016, 1, 4), "recommend", phase="fase-1", **facts)
    meeting(association, "f3-it", D(2016, 1, 5))
    error = refused(
        association, "exercise", D(2016, 1, 5), "f3-it", phase="fase-2", vote=vote(3), **facts
    )
    assert (error.rule, error.provision) == ("requires-recommendation", ProvisionRef(2, 6))
    assert "on phase fase-2 first" in error.message
    act(association, "exercise", D(2016, 1, 5), "f3-it", phase="fase-1", vote=vote(3), **facts)


def test_the_recommend_event_follows_the_power_it_is_made_under(
    association: Association,
) -> None:
    """A recommendation under indstil-faser itself needs the direktion's proposal
    first (it may name a phase not yet on record: it comes before the proposal)."""
    meeting(association, "bestyrelse", D(2016, 1, 5))
    facts = {"power": "vedtag-faser", "phase": "fase-9"}
    error = refused(association, "recommend", D(2016, 1, 5), "bestyrelse", vote=vote(3), **facts)
    assert (error.rule, error.provision) == ("requires-proposal", ProvisionRef(2, 2))
    assert error.message == (
        "indstil-faser needs the proposal of direktion on phase fase-9 first; none is recorded"
    )
    decide(
        association, "direktion", D(2016, 1, 6), "propose", power="indstil-faser", phase="fase-9"
    )
    decide(association, "bestyrelse", D(2016, 1, 7), "recommend", **facts)


def test_a_recommendation_is_a_decision_of_the_recommending_body(
    proposed: Association,
) -> None:
    association = proposed  # propose-phase made the direktion's proposal on fase-1
    facts = {"power": "vedtag-faser", "phase": "fase-1"}
    no_meeting = refused(
        association, "recommend", D(2016, 1, 5), "bestyrelse", vote=vote(3), **facts
    )
    assert (no_meeting.rule, no_meeting.provision) == ("no-meeting", ProvisionRef(1, 2))
    meeting(association, "bestyrelse", D(2016, 1, 5))
    no_vote = refused(association, "recommend", D(2016, 1, 5), "bestyrelse", **facts)
    assert (no_vote.rule, no_vote.provision) == ("no-vote", ProvisionRef(4, 1))
    failed = refused(
        association, "recommend", D(2016, 1, 5), "bestyrelse", vote=vote(3, yes=1, no=2), **facts
    )
    assert (failed.rule, failed.provision) == ("vote-failed", ProvisionRef(4, 1))
    # A refused recommendation counts for nothing: it used up nothing either, so
    # the one that passes still finds the direktion's proposal, and uses it up.
    act(association, "recommend", D(2016, 1, 5), "bestyrelse", vote=vote(3), **facts)
    again = refused(association, "recommend", D(2016, 1, 5), "bestyrelse", vote=vote(3), **facts)
    assert (again.rule, again.provision) == ("requires-proposal", ProvisionRef(2, 2))


# --- Who may make it -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "actor", "power", "message"),
    [
        (
            "recommend",
            "direktion",
            "vedtag-faser",
            "vedtag-faser asks no recommendation of direktion "
            "(it asks: recommendation of bestyrelse)",
        ),
        (
            "consult",
            "bestyrelse",
            "vedtag-faser",
            "vedtag-faser asks no consultation of bestyrelse",
        ),
        ("propose", "bestyrelse", "indstil-faser", "indstil-faser asks no proposal of bestyrelse"),
        ("recommend", "f3-it", "vedtag-projektplan", "asks no recommendation of f3-it"),
        ("recommend", "bestyrelse", "optag-medlem", "(it asks: nothing)"),
    ],
)
def test_a_body_the_power_does_not_name_is_not_entitled(
    proposed: Association, kind: str, actor: str, power: str, message: str
) -> None:
    association = proposed
    cited = association.statute.power(power).provision
    meeting(association, actor, D(2016, 1, 5))
    error = refused(
        association, kind, D(2016, 1, 5), actor, power=power, phase="fase-1", vote=vote(3)
    )
    assert (error.rule, error.provision) == ("not-entitled", cited)
    assert message in error.message


def test_a_prior_for_a_power_the_statute_lacks_is_refused(association: Association) -> None:
    error = refused(
        association, "recommend", D(2016, 1, 5), "bestyrelse", power="vedtag-fase", vote=vote(3)
    )
    assert (error.rule, error.provision) == ("unknown-power", None)
    assert "did you mean 'vedtag-faser'?" in error.message


# --- A per-area body in ``from`` -------------------------------------------------------


def test_an_f3_needs_the_recommendation_of_its_own_areas_f14(proposed: Association) -> None:
    association = proposed
    facts = {"power": "vedtag-projektplan", "phase": "fase-1"}
    decide(association, "f14-social", D(2016, 1, 4), "recommend", area="social", **facts)
    meeting(association, "f3-it", D(2016, 1, 5))
    error = refused(
        association, "exercise", D(2016, 1, 5), "f3-it", area="it", vote=vote(3), **facts
    )
    assert (error.rule, error.provision) == ("requires-recommendation", ProvisionRef(2, 6))
    assert error.message == (
        "vedtag-projektplan needs the recommendation of f14 on phase fase-1 first; none is recorded"
    )
    # f14-social's recommendation is enough for f3-social (no one sits there: not in office).
    decide(association, "f14-it", D(2016, 1, 6), "recommend", area="it", **facts)
    decide(association, "f3-it", D(2016, 1, 7), "exercise", area="it", **facts)


def test_a_recommendation_under_an_own_area_power_names_the_area(
    proposed: Association,
) -> None:
    association = proposed
    meeting(association, "f14-it", D(2016, 1, 4))
    facts = {"power": "vedtag-projektplan", "phase": "fase-1", "vote": vote(3)}
    error = refused(association, "recommend", D(2016, 1, 4), "f14-it", **facts)
    assert (error.rule, error.provision) == ("power:area-required", ProvisionRef(2, 6))
    assert error.message == "name the area: only within the body's own area"
    other = refused(association, "recommend", D(2016, 1, 4), "f14-it", area="social", **facts)
    assert (other.rule, other.provision) == ("power:other-area", ProvisionRef(2, 6))
    act(association, "recommend", D(2016, 1, 4), "f14-it", area="it", **facts)


def test_exercising_the_named_power_makes_the_recommendation(proposed: Association) -> None:
    """f14-it prioritising fase-1 under prioriter-omraade recommends it to f3-it."""
    association = proposed
    decide(
        association,
        "f14-it",
        D(2016, 1, 4),
        "exercise",
        power="prioriter-omraade",
        phase="fase-1",
        area="it",
    )
    facts = {"power": "vedtag-projektplan", "area": "it"}
    meeting(association, "f3-it", D(2016, 1, 5))
    elsewhere = refused(
        association, "exercise", D(2016, 1, 5), "f3-it", phase="fase-2", vote=vote(3), **facts
    )
    assert elsewhere.rule == "requires-recommendation"
    act(association, "exercise", D(2016, 1, 5), "f3-it", phase="fase-1", vote=vote(3), **facts)


# --- Consultation ------------------------------------------------------------------------


def test_the_fee_needs_the_boards_recommendation_then_a_consultation(
    association: Association,
) -> None:
    first = _gf_refused(association, "fastsaet-kontingent")
    assert (first.rule, first.provision) == ("requires-recommendation", ProvisionRef(2, 7))
    assert "needs the recommendation of bestyrelse on the matter first" in first.message
    decide(association, "bestyrelse", D(2016, 3, 2), "recommend", power="fastsaet-kontingent")
    second = _gf_refused(association, "fastsaet-kontingent", D(2016, 3, 3))
    assert (second.rule, second.provision) == ("requires-consultation", ProvisionRef(2, 7))
    assert second.message == (
        "fastsaet-kontingent needs the consultation of f14 on the matter first; none is recorded"
    )
    decide(association, "f14-it", D(2016, 3, 4), "consult", power="fastsaet-kontingent")
    _gf(association, "fastsaet-kontingent", D(2016, 3, 4))


def test_any_areas_f14_may_be_consulted_by_a_body_without_area(
    association: Association,
) -> None:
    decide(association, "bestyrelse", D(2016, 1, 5), "recommend", power="fastsaet-kontingent")
    decide(association, "f14-social", D(2016, 1, 6), "consult", power="fastsaet-kontingent")
    _gf(association, "fastsaet-kontingent")


def test_a_consultation_is_a_decision_of_the_consulted_body(association: Association) -> None:
    error = refused(
        association, "consult", D(2016, 1, 6), "f14-it", power="fastsaet-kontingent", vote=vote(3)
    )
    assert (error.rule, error.provision) == ("no-meeting", ProvisionRef(1, 4))
    meeting(association, "f14-it", D(2016, 1, 6))
    inquorate = refused(
        association, "consult", D(2016, 1, 6), "f14-it", power="fastsaet-kontingent", vote=vote(1)
    )
    assert (inquorate.rule, inquorate.provision) == ("not-quorate", ProvisionRef(4, 5))


# --- On a proposal of the decision lifecycle -------------------------------------------


def _fee_proposal(association: Association, proposal: str = "kontingent-2016") -> str:
    day = D(2016, 1, 4)
    act(
        association,
        "draft-proposal",
        day,
        "bestyrelse",
        proposal=proposal,
        body="generalforsamling",
        power="fastsaet-kontingent",
    )
    act(association, "put-to-vote", day, "bestyrelse", proposal=proposal)
    return proposal


def test_the_vote_on_a_proposal_under_a_power_is_judged(association: Association) -> None:
    """A regression: the vote on a proposal drafted with a power crashed with a
    TypeError (its facts were rebuilt into an Event from the frozen vote). Its power
    was optag-medlem, which only admit exercises now (use-transition)."""
    carried = refused(
        association,
        "draft-proposal",
        D(2016, 1, 4),
        "bestyrelse",
        proposal="p1",
        body="generalforsamling",
        power="optag-medlem",
    )
    assert (carried.rule, carried.provision) == ("use-transition", ProvisionRef(3, 1))
    act(
        association,
        "draft-proposal",
        D(2016, 1, 4),
        "bestyrelse",
        proposal="p1",
        body="generalforsamling",
        power="igangsaet-anskaffelse",
    )
    act(association, "put-to-vote", D(2016, 1, 4), "bestyrelse", proposal="p1")
    decide(association, "generalforsamling", DAY, "vote", proposal="p1")
    assert association.at(DAY).decisions["p1"].state == "passed"


def test_the_vote_on_a_proposal_needs_its_priors(association: Association) -> None:
    proposal = _fee_proposal(association)
    other = _fee_proposal(association, "kontingent-2017")
    decide(association, "bestyrelse", D(2016, 1, 5), "recommend", proposal=other)
    meeting(association, "generalforsamling", DAY)
    error = refused(association, "vote", DAY, "generalforsamling", proposal=proposal, vote=vote(3))
    assert (error.rule, error.provision) == ("requires-recommendation", ProvisionRef(2, 7))
    assert f"on proposal {proposal} first" in error.message
    decide(association, "bestyrelse", D(2016, 3, 2), "recommend", proposal=proposal)
    decide(association, "f14-it", D(2016, 3, 3), "consult", proposal=proposal)
    decide(association, "generalforsamling", D(2016, 3, 4), "vote", proposal=proposal)
    assert association.at(D(2016, 3, 4)).decisions[proposal].state == "passed"


def test_a_recommendation_of_an_undrafted_proposal_is_refused(association: Association) -> None:
    meeting(association, "bestyrelse", D(2016, 1, 5))
    error = refused(
        association, "recommend", D(2016, 1, 5), "bestyrelse", proposal="p9", vote=vote(3)
    )
    # Since the review every fact naming a proposal is checked first, citing the
    # decision lifecycle (it was no-proposal, "no proposal 'p9' has been drafted").
    assert (error.rule, error.provision) == ("unknown-proposal", ProvisionRef(4))
    assert error.message == "the protocol knows no proposal 'p9'"
