"""The vote an exclusion needs (``membership.exclusion.voting``) governs the
excluding transition, whatever voting rule the transition's power has."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import replace

import foreningsregler as fr
from foreningsregler.economy.events import Clerk
from foreningsregler.economy.stories import found, hold_ordinary_assembly

BUNDLED = Path(__file__).resolve().parent.parent / "vedtaegter" / "digitaliseringsforeningen.yaml"
FOUNDED, LATER = dt.date(2015, 10, 1), dt.date(2016, 4, 1)
POWER_VOTE = '    voting: eksklusionsflertal\n    provision: "§ 15"\n'


def _association(text: str) -> fr.Association:
    statute = fr.loads(text, name="v.yaml")
    association = fr.Association(statute)
    assert statute.membership is not None
    clerk = Clerk(association)
    found(clerk, statute.membership.municipalities, FOUNDED)
    hold_ordinary_assembly(clerk, LATER)
    return association


@pytest.fixture(scope="module")
def power_without_vote() -> fr.Association:
    """The power ekskluder-medlem names no voting rule: the assembly's simple
    majority would apply, but the exclusion clause asks two thirds."""
    text = replace(BUNDLED.read_text("utf-8"), POWER_VOTE, '    provision: "§ 15"\n')
    return _association(text)


def _exclude(association: fr.Association, yes: int, no: int) -> None:
    vote = {"present": 14, "yes": yes, "no": no}
    association.check(
        fr.Event("exclude", LATER, "generalforsamling", {"municipality": "Lolland", "vote": vote})
    )


def test_a_simple_majority_does_not_exclude(power_without_vote: fr.Association) -> None:
    with pytest.raises(fr.RuleViolation) as caught:
        _exclude(power_without_vote, 9, 5)
    assert (caught.value.rule, str(caught.value.provision)) == ("vote-failed", "§ 15")
    assert "2/3 needed" in caught.value.message


def test_two_thirds_exclude(power_without_vote: fr.Association) -> None:
    _exclude(power_without_vote, 10, 4)


def test_no_w405_for_an_exclusion_vote_the_power_does_not_repeat() -> None:
    text = replace(BUNDLED.read_text("utf-8"), POWER_VOTE, '    provision: "§ 15"\n')
    findings = fr.check(fr.loads(text, name="v.yaml"))
    assert [f for f in findings if f.code == "W405" and "exclusion" in f.message] == []


def test_withdrawal_at_any_time_asks_no_phase_guard() -> None:
    text = BUNDLED.read_text("utf-8").replace(
        "    earliest: phase_end\n", "    earliest: any_time\n"
    )
    statute = fr.loads(text, name="v.yaml")
    assert statute.membership is not None and statute.membership.withdrawal is not None
    assert statute.membership.withdrawal.earliest == "any_time"
    assert [f for f in fr.check(statute) if f.code == "W405" and "phase" in f.message] == []
