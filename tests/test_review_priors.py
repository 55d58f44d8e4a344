"""Review items 7 and 8 on the fixture statute: powers are used the one way the
statute gives them, and recommendations, proposals and consultations are used
up by the decision that needs them.

- ``exercise`` of a power a lifecycle transition carries is refused
  (``use-transition``, the transition's provision), and so is ``exercise`` of a
  drafted proposal (``use-vote``: it is decided by its vote).
- A decision that needs a prior consumes it: the next decision on the same
  matter needs its own. A transition's matter is its record, not its other
  facts. A proposal rejected by its vote needs no prior.
"""

from __future__ import annotations

import pytest
from test_procedure_support import (
    ANSKAF,
    FIXTURE,
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

import foreningsregler as fr
from foreningsregler.protocol.association import Association
from foreningsregler.statute.model import Statute

FEE = fr.ProvisionRef(2, 7)
DAY = D(2016, 3, 1)
PHASE = {"phase": "fase-1", "start": "2016-06-01", "end": "2016-12-31"}


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fixture_statute()


@pytest.fixture
def association(statute: Statute) -> Association:
    return staffed(founded(statute))


# --- 7. The way a power is used -----------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "power", "trigger", "provision"),
    [
        ("generalforsamling", "optag-medlem", "admit", fr.ProvisionRef(3, 1)),
        ("generalforsamling", "vedtag-faser", "adopt-phase", fr.ProvisionRef(2, 3)),
        ("generalforsamling", "oploes-foreningen", "dissolve", fr.ProvisionRef(5, 3)),
        ("generalforsamling", "meddel-deltagelse", "join-phase", fr.ProvisionRef(2, 5)),
        ("bestyrelse", "indstil-faser", "recommend-phase", fr.ProvisionRef(2, 2)),
        ("direktion", "udarbejd-faseoplaeg", "propose-phase", fr.ProvisionRef(2, 1)),
    ],
)
def test_a_power_a_transition_carries_is_not_exercised_directly(
    association: Association, actor: str, power: str, trigger: str, provision: fr.ProvisionRef
) -> None:
    meeting(association, actor, DAY)
    error = refused(association, "exercise", DAY, actor, power=power, vote=vote(3))
    assert (error.rule, error.provision) == ("use-transition", provision)
    assert error.message == (
        f"{power} is exercised by the event '{trigger}', with its lifecycle's "
        "states and guards, not by exercise"
    )


def test_a_carried_power_is_used_by_its_transition(association: Association) -> None:
    act(association, "sign-declaration", D(2016, 1, 4), "Roskilde")
    act(association, "approve-in-principle", D(2016, 1, 5), "Roskilde")
    decide(association, "generalforsamling", DAY, "admit", municipality="Roskilde")
    assert "Roskilde" in association.at(DAY).members


def test_a_drafted_proposal_is_decided_by_its_vote_not_by_exercise(
    association: Association,
) -> None:
    draft = {"proposal": "anskaffelse-1", "body": "generalforsamling", "power": ANSKAF}
    act(association, "draft-proposal", D(2016, 1, 4), "bestyrelse", **draft)
    act(association, "put-to-vote", D(2016, 1, 4), "bestyrelse", proposal="anskaffelse-1")
    meeting(association, "generalforsamling", DAY)
    error = refused(
        association,
        "exercise",
        DAY,
        "generalforsamling",
        power=ANSKAF,
        proposal="anskaffelse-1",
        vote=vote(3),
    )
    assert (error.rule, error.provision) == ("use-vote", fr.ProvisionRef(2, 4))
    assert error.message == (
        "the proposal anskaffelse-1 is decided by its vote (the event 'vote'), not by exercise"
    )
    act(association, "vote", DAY, "generalforsamling", proposal="anskaffelse-1", vote=vote(3))
    assert association.at(DAY).decisions["anskaffelse-1"].state == "passed"


# --- 8. Priors are used up -----------------------------------------------------------------


def _priors_for_the_fee(association: Association, **matter: str) -> None:
    """The bestyrelse's recommendation and f14-it's consultation on the fee."""
    decide(
        association, "bestyrelse", D(2016, 2, 1), "recommend", power="fastsaet-kontingent", **matter
    )
    decide(association, "f14-it", D(2016, 2, 1), "consult", power="fastsaet-kontingent", **matter)


def test_a_recommendation_serves_one_decision(association: Association) -> None:
    _priors_for_the_fee(association)
    decide(association, "generalforsamling", DAY, "exercise", power="fastsaet-kontingent")
    second = refused(
        association, "exercise", DAY, "generalforsamling", power="fastsaet-kontingent", vote=vote(3)
    )
    assert (second.rule, second.provision) == ("requires-recommendation", FEE)
    assert second.message == (
        "fastsaet-kontingent needs the recommendation of bestyrelse on the matter first; "
        "none is recorded"
    )
    # A new recommendation alone is not enough: the consultation was used up too.
    decide(association, "bestyrelse", D(2016, 3, 2), "recommend", power="fastsaet-kontingent")
    meeting(association, "generalforsamling", D(2016, 3, 20))
    third = refused(
        association,
        "exercise",
        D(2016, 3, 20),
        "generalforsamling",
        power="fastsaet-kontingent",
        vote=vote(3),
    )
    assert (third.rule, third.provision) == ("requires-consultation", FEE)
    decide(association, "f14-social", D(2016, 3, 20), "consult", power="fastsaet-kontingent")
    act(
        association,
        "exercise",
        D(2016, 3, 20),
        "generalforsamling",
        power="fastsaet-kontingent",
        vote=vote(3),
    )


def test_a_refused_decision_uses_nothing_up(association: Association) -> None:
    _priors_for_the_fee(association)
    meeting(association, "generalforsamling", DAY)
    failed = refused(
        association,
        "exercise",
        DAY,
        "generalforsamling",
        power="fastsaet-kontingent",
        vote=vote(3, 1, 2),
    )
    assert (failed.rule, failed.provision) == ("vote-failed", fr.ProvisionRef(4, 2))
    act(
        association, "exercise", DAY, "generalforsamling", power="fastsaet-kontingent", vote=vote(3)
    )


def _fee_proposal(association: Association, proposal: str = "kontingent-2016") -> str:
    draft = {"body": "generalforsamling", "power": "fastsaet-kontingent"}
    act(association, "draft-proposal", D(2016, 1, 4), "bestyrelse", proposal=proposal, **draft)
    act(association, "put-to-vote", D(2016, 1, 4), "bestyrelse", proposal=proposal)
    return proposal


def test_a_proposal_is_rejected_without_its_priors(association: Association) -> None:
    """Only adopting a proposal needs the recommendation and consultation."""
    proposal = _fee_proposal(association)
    meeting(association, "generalforsamling", DAY)
    adopted = refused(
        association, "vote", DAY, "generalforsamling", proposal=proposal, vote=vote(3)
    )
    assert (adopted.rule, adopted.provision) == ("requires-recommendation", FEE)
    assert adopted.state == "put-to-vote"
    act(association, "vote", DAY, "generalforsamling", proposal=proposal, vote=vote(3, 1, 2))
    assert association.at(DAY).decisions[proposal].state == "failed"


def test_the_priors_of_one_proposal_serve_it_only(association: Association) -> None:
    first, second = _fee_proposal(association), _fee_proposal(association, "kontingent-2017")
    _priors_for_the_fee(association, proposal=first)
    meeting(association, "generalforsamling", DAY)
    other = refused(association, "vote", DAY, "generalforsamling", proposal=second, vote=vote(3))
    assert (other.rule, other.provision) == ("requires-recommendation", FEE)
    assert "on proposal kontingent-2017 first" in other.message
    act(association, "vote", DAY, "generalforsamling", proposal=first, vote=vote(3))
    assert association.at(DAY).decisions[first].state == "passed"


def test_a_transitions_matter_is_its_record_not_its_other_facts(
    association: Association,
) -> None:
    """adopt-phase naming a proposal as well is still about its phase: the
    recommendation of the phase serves it (the event's first fact, the
    proposal, would have found none)."""
    _fee_proposal(association, "p-andet")
    decide(association, "direktion", D(2016, 1, 5), "propose-phase", **PHASE)
    decide(association, "bestyrelse", D(2016, 1, 6), "recommend-phase", phase="fase-1")
    decide(association, "generalforsamling", DAY, "adopt-phase", phase="fase-1", proposal="p-andet")
    assert association.at(DAY).phases["fase-1"].state == "adopted"


def test_the_direktions_proposal_is_used_up_by_the_phase_recommendation(
    association: Association,
) -> None:
    """recommend-phase used the direktion's proposal: another recommendation of
    the phase needs a new one."""
    decide(association, "direktion", D(2016, 1, 5), "propose-phase", **PHASE)
    decide(association, "bestyrelse", D(2016, 1, 6), "recommend-phase", phase="fase-1")
    meeting(association, "bestyrelse", D(2016, 1, 7))
    facts = {"power": "vedtag-faser", "phase": "fase-1"}
    error = refused(association, "recommend", D(2016, 1, 7), "bestyrelse", vote=vote(3), **facts)
    assert (error.rule, error.provision) == ("requires-proposal", fr.ProvisionRef(2, 2))
    decide(
        association, "direktion", D(2016, 1, 8), "propose", power="indstil-faser", phase="fase-1"
    )
    decide(association, "bestyrelse", D(2016, 1, 9), "recommend", **facts)


# --- A prior under a power, on a proposal --------------------------------------------------------


@pytest.fixture(scope="module")
def chained() -> Statute:
    """The fixture with prioriter-omraade needing the bestyrelse's consultation:
    vedtag-projektplan then needs a recommendation (under prioriter-omraade) that
    itself needs a consultation."""
    source = FIXTURE.read_text("utf-8")
    old = '    holder: f14\n    scope: [own_area]\n    provision: "§ 2, stk. 6"\n'
    assert source.count(old) == 1
    new = (
        "    holder: f14\n    scope: [own_area]\n"
        '    requires: [{kind: consultation, from: bestyrelse, provision: "§ 2, stk. 6"}]\n'
        '    provision: "§ 2, stk. 6"\n'
    )
    return fr.loads(source.replace(old, new), name="forening.yaml")


def test_a_prior_needed_by_a_prior_can_be_made_on_a_proposal(chained: Statute) -> None:
    """A regression: a consultation naming both ``power`` and ``proposal`` was
    taken for the proposal's power and refused not-entitled ("vedtag-projektplan
    asks no consultation of bestyrelse"), so the proposal could never pass. It is
    for the power it names, on the proposal as its matter."""
    association = staffed(founded(chained))
    draft = {"proposal": "plan-1", "body": "f3-it", "power": "vedtag-projektplan"}
    act(association, "draft-proposal", D(2016, 1, 4), "bestyrelse", **draft)
    act(association, "put-to-vote", D(2016, 1, 4), "bestyrelse", proposal="plan-1")
    meeting(association, "f14-it", D(2016, 1, 5))
    early = refused(
        association,
        "recommend",
        D(2016, 1, 5),
        "f14-it",
        proposal="plan-1",
        area="it",
        vote=vote(3),
    )
    assert (early.rule, early.provision) == ("requires-consultation", fr.ProvisionRef(2, 6))
    assert early.message == (
        "prioriter-omraade needs the consultation of bestyrelse on proposal plan-1 first; "
        "none is recorded"
    )
    decide(
        association,
        "bestyrelse",
        D(2016, 1, 5),
        "consult",
        power="prioriter-omraade",
        proposal="plan-1",
    )
    decide(association, "f14-it", D(2016, 1, 6), "recommend", proposal="plan-1", area="it")
    decide(association, "f3-it", D(2016, 1, 7), "vote", proposal="plan-1", area="it")
    assert association.at(D(2016, 1, 7)).decisions["plan-1"].state == "passed"
