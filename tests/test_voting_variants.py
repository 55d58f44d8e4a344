"""Voting variants (issue 10, item 1): unanimity among all members, unanimity
among the participants of one phase, weighted votes by member kind, and a
qualified majority at two consecutive generalforsamlinger, one of them
ordinary -- each lawful act beside its refusal, on ``fixtures/sammensat.yaml``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from test_sammensat_support import (
    FOUNDING,
    MEMBERS,
    D,
    P,
    act,
    decide,
    founded,
    meet,
    refused,
    vote,
)

import foreningsregler as fr
from foreningsregler.protocol import tally
from foreningsregler.protocol.association import Association

UNANIMITY = P(2, 7)
PARTICIPANTS = P(2, 5)
WEIGHTED = P(2, 6)
DISSOLUTION = P(2, 4)
DAY = D(2016, 4, 1)
PROJECT = {"power": "godkend-projekt", "phase": "fase-1"}
FEE = {"power": "fastsaet-kontingent"}


@pytest.fixture
def association() -> Association:
    return founded()


# --- Unanimity among all members ---------------------------------------------------------------


def test_admission_needs_every_member_for_it() -> None:
    """Four founders; Sorø is admitted later only if all four vote for it."""
    association = founded(MEMBERS[:4])
    act(association, "apply", DAY, "Sorø")
    meet(association, "generalforsamling", DAY)
    one_away = refused(
        association, "admit", DAY, "generalforsamling", municipality="Sorø", vote=vote(3)
    )
    assert (one_away.rule, one_away.provision) == ("vote-failed", UNANIMITY)
    assert one_away.message == (
        "the vote did not pass: unanimity: 3 of 4 for, 0 against under enstemmighed"
    )
    abstaining = refused(
        association,
        "admit",
        DAY,
        "generalforsamling",
        municipality="Sorø",
        vote=vote(4, yes=3, abstain=1),
    )
    assert abstaining.rule == "vote-failed"
    act(association, "admit", DAY, "generalforsamling", municipality="Sorø", vote=vote(4))
    assert "Sorø" in association.at(DAY).members


# --- Unanimity among a phase's participants ------------------------------------------------------


def with_phase(
    association: Association, joining: tuple[str, ...] = ("Køge", "Sorø", "Næstved")
) -> None:
    decide(
        association,
        "generalforsamling",
        DAY,
        "adopt-phase",
        phase="fase-1",
        start="2016-05-01",
        end="2017-12-31",
        vote=vote(5),
    )
    for m in joining:
        act(association, "join-phase", DAY, m, phase="fase-1")


def test_a_project_passes_with_every_participant_for_it(association: Association) -> None:
    with_phase(association)
    named = {"yes": ["Køge", "Næstved", "Sorø"]}
    act(association, "exercise", DAY, "generalforsamling", vote=named, **PROJECT)


@pytest.mark.parametrize(
    ("cast", "rule", "message"),
    [
        (
            {"yes": ["Køge", "Sorø"], "abstain": ["Næstved"]},
            "vote-failed",
            "the vote did not pass: unanimity: 2 of 3 for, 0 against under deltagerenstemmighed",
        ),
        (
            {"yes": ["Køge", "Sorø"]},
            "vote-failed",
            "the vote did not pass: unanimity: 2 of 3 for, 0 against under deltagerenstemmighed",
        ),
        (
            {"yes": ["Køge", "Sorø", "Næstved", "Roskilde"]},
            "not-a-participant",
            "Roskilde has not joined the phase; "
            "only its participants vote under deltagerenstemmighed",
        ),
        (
            {"yes": ["Køge", "Sorø", "Næstved", "Sorø"]},
            "bad-vote",
            "Sorø is named twice in the vote",
        ),
        (
            {"yes": ["Køge", "Sorø", "Holbæk"]},
            "not-a-voter",
            "Holbæk has no vote in generalforsamling on 2016-04-01 (observers never vote)",
        ),
        ({"yes": "Køge"}, "named-vote", None),
        ({"yes": ["Køge", 3]}, "bad-vote", "yes, no and abstain are lists of names"),
        (
            {"yes": ["Køge"], "present": 0},
            "bad-vote",
            "present is a whole number, at least the 1 named",
        ),
        ({"yes": ["Køge"], "blank": []}, "bad-vote", "a vote has no 'blank'"),
    ],
    ids=[
        "abstention",
        "one-missing",
        "outsider",
        "twice",
        "unknown",
        "counts",
        "not-text",
        "present",
        "unknown-key",
    ],
)
def test_a_project_is_refused_without_every_participant(
    association: Association, cast: dict[str, Any], rule: str, message: str | None
) -> None:
    with_phase(association)
    error = refused(association, "exercise", DAY, "generalforsamling", vote=cast, **PROJECT)
    assert (error.rule, error.provision) == (rule, PARTICIPANTS)
    if message is not None:
        assert error.message == message


def test_a_project_vote_by_heads_is_refused(association: Association) -> None:
    with_phase(association)
    error = refused(association, "exercise", DAY, "generalforsamling", vote=vote(3), **PROJECT)
    assert (error.rule, error.provision) == ("named-vote", PARTICIPANTS)
    assert error.message.startswith("deltagerenstemmighed counts among a phase's participants")


def test_unanimity_among_participants_needs_the_phase(association: Association) -> None:
    with_phase(association)
    meet(association, "generalforsamling", DAY)
    error = refused(
        association,
        "exercise",
        DAY,
        "generalforsamling",
        power="godkend-projekt",
        vote={"yes": ["Køge"]},
    )
    assert (error.rule, error.provision) == ("participants-phase", PARTICIPANTS)


# --- Weighted votes ------------------------------------------------------------------------------


def test_a_weighted_vote_names_the_members(association: Association) -> None:
    meet(association, "generalforsamling", DAY)
    error = refused(association, "exercise", DAY, "generalforsamling", vote=vote(5), **FEE)
    assert (error.rule, error.provision) == ("named-vote", WEIGHTED)
    act(
        association,
        "exercise",
        DAY,
        "generalforsamling",
        vote={"yes": ["Køge", "Sorø", "Roskilde"], "no": ["Næstved", "Ringsted"]},
        **FEE,
    )


def test_a_weighted_vote_counts_its_quorum_by_heads(association: Association) -> None:
    meet(association, "generalforsamling", DAY)
    error = refused(
        association, "exercise", DAY, "generalforsamling", vote={"yes": ["Køge", "Sorø"]}, **FEE
    )
    assert (error.rule, error.provision) == ("not-quorate", WEIGHTED)


def test_weights_follow_the_member_kind(
    association: Association, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kinds come from ``membership.members[].kind`` (another branch adds it); here
    three members are made regions: the two kommuner (2 votes each) outweigh them."""
    kinds = {m: "kommune" for m in MEMBERS} | {
        "Ringsted": "region",
        "Roskilde": "region",
        "Sorø": "region",
    }
    meet(association, "generalforsamling", DAY)
    cast = {"yes": ["Køge", "Næstved"], "no": ["Ringsted", "Roskilde", "Sorø"]}
    # All kommuner by default: 4 votes against 6, refused.
    error = refused(association, "exercise", DAY, "generalforsamling", vote=cast, **FEE)
    assert (error.rule, error.provision) == ("vote-failed", WEIGHTED)
    assert error.message == "the vote did not pass: 4 of 10 for: no majority under vaegtet"
    monkeypatch.setattr(tally, "member_kinds", lambda view: kinds)
    act(association, "exercise", DAY, "generalforsamling", vote=cast, **FEE)


# --- Two consecutive generalforsamlinger, one of them ordinary ------------------------------


ORDINARY = D(2017, 3, 1)
NEXT = D(2017, 4, 1)


def extraordinary(association: Association, day: dt.date) -> None:
    """An extraordinary generalforsamling two of five members demand (1/3 needed)."""
    act(
        association,
        "hold-meeting",
        day,
        "generalforsamling",
        extraordinary=True,
        demanded_by=["Køge", "Sorø"],
    )


def first_vote(association: Association, day: dt.date, **more: Any) -> None:
    act(
        association,
        "first-vote",
        day,
        "generalforsamling",
        power="oploes-foreningen",
        vote=vote(5, yes=4, no=1),
        **more,
    )


def test_dissolution_passes_at_two_consecutive_meetings(association: Association) -> None:
    meet(association, "generalforsamling", ORDINARY)
    first_vote(association, ORDINARY)
    assert association.at(ORDINARY).association == "founded"  # pending, nothing changed
    extraordinary(association, NEXT)
    act(association, "dissolve", NEXT, "generalforsamling", vote=vote(5, yes=4, no=1))
    assert association.at(NEXT).association == "dissolved"


def test_dissolution_at_one_meeting_is_refused(association: Association) -> None:
    meet(association, "generalforsamling", ORDINARY)
    error = refused(
        association, "dissolve", ORDINARY, "generalforsamling", vote=vote(5, yes=4, no=1)
    )
    assert (error.rule, error.provision) == ("two-meetings", DISSOLUTION)
    assert error.message == (
        "oploesningsflertal needs the decision passed at two consecutive meetings of "
        "generalforsamling; no first passing vote (first-vote) is recorded at its previous meeting"
    )


def test_a_meeting_between_the_two_votes_breaks_them(association: Association) -> None:
    meet(association, "generalforsamling", ORDINARY)
    first_vote(association, ORDINARY)
    meet(association, "generalforsamling", D(2017, 3, 15))
    meet(association, "generalforsamling", NEXT)
    error = refused(association, "dissolve", NEXT, "generalforsamling", vote=vote(5, yes=4, no=1))
    assert (error.rule, error.provision) == ("two-meetings", DISSOLUTION)
    assert "the first vote (on 2017-03-01) was not at generalforsamling's previous meeting" in (
        error.message
    )


def test_one_of_the_two_meetings_must_be_ordinary(association: Association) -> None:
    extraordinary(association, ORDINARY)
    first_vote(association, ORDINARY)
    extraordinary(association, NEXT)
    error = refused(association, "dissolve", NEXT, "generalforsamling", vote=vote(5, yes=4, no=1))
    assert (error.rule, error.provision) == ("two-meetings", DISSOLUTION)
    assert error.message.endswith("must be ordinary; both were extraordinary")


def test_both_votes_need_the_qualified_majority(association: Association) -> None:
    meet(association, "generalforsamling", ORDINARY)
    error = refused(
        association,
        "first-vote",
        ORDINARY,
        "generalforsamling",
        power="oploes-foreningen",
        vote=vote(5, yes=3, no=2),
    )
    assert (error.rule, error.provision) == ("vote-failed", DISSOLUTION)
    first_vote(association, ORDINARY)
    meet(association, "generalforsamling", NEXT)
    second = refused(association, "dissolve", NEXT, "generalforsamling", vote=vote(5, yes=3, no=2))
    assert (second.rule, second.provision) == ("vote-failed", DISSOLUTION)


def test_a_first_vote_is_only_for_a_two_meeting_rule(association: Association) -> None:
    meet(association, "generalforsamling", ORDINARY)
    error = refused(
        association, "first-vote", ORDINARY, "generalforsamling", power="vedtag-faser", vote=vote(5)
    )
    assert (error.rule, error.provision) == ("two-meetings", P(2, 1))
    assert error.message == (
        "generalforsamling decides vedtag-faser by gf-flertal, at one meeting: "
        "no first vote is taken"
    )
    unknown = refused(
        association, "first-vote", ORDINARY, "generalforsamling", power="opløs", vote=vote(5)
    )
    assert unknown.rule == "unknown-power"
    not_holder = refused(
        association, "first-vote", ORDINARY, "bestyrelse", power="oploes-foreningen", vote=vote(3)
    )
    assert (not_holder.rule, not_holder.provision) == ("power:no-chain", DISSOLUTION)


def test_a_first_vote_needs_a_meeting(association: Association) -> None:
    error = refused(
        association,
        "first-vote",
        FOUNDING + dt.timedelta(days=3),
        "generalforsamling",
        power="oploes-foreningen",
        vote=vote(5),
    )
    assert error.rule == "no-meeting"


# --- Bad input: the statute ----------------------------------------------------------------


FIXTURE_TEXT = (Path(__file__).parent / "fixtures" / "sammensat.yaml").read_text("utf-8")
LINT = Path(__file__).parent / "fixtures" / "lint"


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("by_kind: {kommune: 2, region: 1}", "by_kind: {kommune: 2, amt: 1}", "E201"),
        ("by_kind: {kommune: 2, region: 1}", "by_kind: {kommune: -2}", "E204"),
        ("by_kind: {kommune: 2, region: 1}", "by_kind: {}", "E204"),
        ("base: participants", "base: deltagere", "E204"),
        (
            "consecutive_meetings: {one_ordinary: true,",
            "consecutive_meetings: {ordinary: true,",
            "E201",
        ),
    ],
    ids=["unknown-kind", "negative-weight", "no-weights", "unknown-base", "unknown-key"],
)
def test_malformed_voting_variants_are_refused(old: str, new: str, code: str) -> None:
    assert old in FIXTURE_TEXT
    text = FIXTURE_TEXT.replace(old, new)
    with pytest.raises(fr.StatuteError) as caught:
        fr.loads(text, name="s.yaml")
    [problem] = caught.value.problems
    assert problem.code == code
    assert problem.line == text[: text.index(new)].count("\n") + 1
    assert problem.provision is not None


@pytest.mark.parametrize(
    ("name", "code", "line"),
    [("e633_participants.yaml", "E633", 23), ("e634_weights.yaml", "E634", 23)],
)
def test_variants_a_body_cannot_use_are_findings(name: str, code: str, line: int) -> None:
    found = [f for f in fr.check(fr.load(LINT / name)) if f.code.startswith("E6")]
    assert [(f.code, f.line, f.provision) for f in found] == [(code, line, "§ 1, stk. 3")]


def test_the_weights_and_meetings_are_read() -> None:
    statute = fr.loads(FIXTURE_TEXT)
    weighted = statute.voting_rule("vaegtet").weights
    assert weighted is not None
    assert (weighted.of("kommune"), weighted.of("region"), weighted.of("company")) == (2, 1, 1)
    two = statute.voting_rule("oploesningsflertal").consecutive_meetings
    assert two is not None and two.one_ordinary


BY_MEMBER = FIXTURE_TEXT.replace(
    "weights: {by_kind: {kommune: 2, region: 1},",
    "weights: {by_kind: {kommune: 2, region: 1}, by_member: {Roskilde: 5},",
)


def test_weights_given_by_name_come_before_the_kind() -> None:
    """A statute may give members' votes by name (e.g. as their size band gives
    them): Roskilde's five outweigh two kommuner's four."""
    statute = fr.loads(BY_MEMBER)
    association = Association(statute)
    for m in MEMBERS:
        act(association, "apply", D(2016, 2, 1), m)
    meet(association, "generalforsamling", FOUNDING)
    act(association, "hold-founding-assembly", FOUNDING, "generalforsamling", vote=vote(5))
    for m in MEMBERS:
        act(association, "admit", FOUNDING, "generalforsamling", municipality=m, vote=vote(5))
    meet(association, "generalforsamling", DAY)
    cast = {"yes": ["Roskilde"], "no": ["Køge", "Sorø"]}
    act(association, "exercise", DAY, "generalforsamling", vote=cast, **FEE)
    against = {"yes": ["Køge", "Sorø"], "no": ["Roskilde"]}
    error = refused(association, "exercise", DAY, "generalforsamling", vote=against, **FEE)
    assert error.message == "the vote did not pass: 4 of 9 for: no majority under vaegtet"


def test_a_weight_for_no_member_is_refused() -> None:
    text = BY_MEMBER.replace("by_member: {Roskilde: 5}", "by_member: {Roskilde: 5, Holbæk: 2}")
    with pytest.raises(fr.StatuteError) as caught:
        fr.loads(text, name="s.yaml")
    [problem] = caught.value.problems
    assert (problem.code, problem.provision) == ("E318", "§ 2, stk. 6")
    assert problem.line == text[: text.index("Holbæk: 2")].count("\n") + 1
    assert problem.message == "the voting rule 'vaegtet' weighs 'Holbæk', who is no member named"


# --- Written procedure with the new rules ---------------------------------------------------------


RULES = {"power": "aendr-forretningsorden"}
BOARD = {f"KD {m}": m for m in ("Køge", "Næstved", "Sorø")}


def board(association: Association) -> None:
    for person, member in BOARD.items():
        decide(
            association,
            "generalforsamling",
            FOUNDING,
            "elect",
            body="bestyrelse",
            person=person,
            municipality=member,
            vote=vote(5),
        )


def test_a_named_vote_works_in_writing(association: Association) -> None:
    board(association)
    act(
        association,
        "exercise",
        DAY,
        "bestyrelse",
        power="indstil",
        written=True,
        vote={"yes": ["KD Køge", "KD Sorø"], "no": ["KD Næstved"]},
    )


def test_two_meetings_are_not_held_in_writing(association: Association) -> None:
    board(association)
    error = refused(
        association, "first-vote", DAY, "bestyrelse", written=True, vote=vote(3), **RULES
    )
    assert (error.rule, error.provision) == ("two-meetings", P(2, 8))
    assert (
        error.message
        == "to-moeder decides at two consecutive meetings of bestyrelse, not in writing"
    )
    meet(association, "bestyrelse", DAY)
    act(association, "first-vote", DAY, "bestyrelse", vote=vote(3), **RULES)
    later = D(2016, 5, 1)
    in_writing = refused(
        association, "exercise", later, "bestyrelse", written=True, vote=vote(3), **RULES
    )
    assert (in_writing.rule, in_writing.provision) == ("two-meetings", P(2, 8))
    # Two extraordinary-free board meetings: no ordinary one is asked by this rule.
    meet(association, "bestyrelse", later)
    act(association, "exercise", later, "bestyrelse", vote=vote(3), **RULES)


def test_a_proposal_is_passed_at_two_consecutive_meetings(association: Association) -> None:
    board(association)
    act(
        association,
        "draft-proposal",
        DAY,
        "bestyrelse",
        proposal="fo-1",
        body="bestyrelse",
        power="aendr-forretningsorden",
    )
    meet(association, "bestyrelse", DAY)
    at_once = refused(association, "vote", DAY, "bestyrelse", proposal="fo-1", vote=vote(3))
    assert (at_once.rule, at_once.provision) == ("two-meetings", P(2, 8))
    # The first vote takes the proposal's power.
    act(association, "first-vote", DAY, "bestyrelse", proposal="fo-1", vote=vote(3))
    later = D(2016, 5, 1)
    meet(association, "bestyrelse", later)
    act(association, "vote", later, "bestyrelse", proposal="fo-1", vote=vote(3))
    assert association.at(later).decisions["fo-1"].state == "passed"
