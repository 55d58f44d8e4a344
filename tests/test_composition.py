"""Composition of a body (issue 10, item 1): a range of seats, one seat per
member, staggered terms, chair and vice-chair, the casting vote, alternates,
observers and a rotating chair -- each lawful act beside its refusal (rule and
provision), on ``fixtures/sammensat.yaml``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_sammensat_support import (
    FOUNDING,
    D,
    P,
    act,
    decide,
    elect_board,
    founded,
    meet,
    person,
    refused,
    vote,
)

import foreningsregler as fr
from foreningsregler.protocol.association import Association
from foreningsregler.statute.problems import Finding

BOARD_FILL = P(1, 2)  # three to five seats, staggered two-year terms
CHAIRS = P(1, 3)
ALTERNATES = P(1, 4)
OBSERVERS = P(1, 5)
ROTATION = P(1, 6)
DAY = D(2016, 4, 1)
THREE = {person(m): m for m in ("Køge", "Næstved", "Sorø")}
TIE = vote(4, yes=2, no=2, chair="yes")
RECOMMEND = {"power": "indstil"}


@pytest.fixture
def association() -> Association:
    return founded()


def board_of_four(association: Association) -> None:
    """Three for two years at the founding, Ringsted for one (staggered)."""
    elect_board(association, FOUNDING, THREE)
    elect_board(
        association,
        FOUNDING,
        {person("Ringsted"): "Ringsted"},
        **{person("Ringsted"): {"term_years": 1}},
    )


# --- A range of seats ------------------------------------------------------------------------


def test_a_board_below_its_least_seats_is_not_in_office(association: Association) -> None:
    elect_board(association, FOUNDING, {person("Køge"): "Køge", person("Sorø"): "Sorø"})
    error = refused(association, "hold-meeting", DAY, "bestyrelse")
    assert (error.rule, error.provision) == ("not-in-office", BOARD_FILL)
    assert (
        error.message == "bestyrelse has 2 of at least 3 seats filled on 2016-04-01; it cannot act"
    )
    elect_board(association, FOUNDING, {person("Næstved"): "Næstved"})
    act(association, "hold-meeting", DAY, "bestyrelse")


def test_an_election_beyond_the_most_seats_is_refused(association: Association) -> None:
    board_of_four(association)
    elect_board(
        association,
        FOUNDING,
        {person("Roskilde"): "Roskilde"},
        **{person("Roskilde"): {"term_years": 1}},
    )
    assert len(association.at(DAY).seats["bestyrelse"]) == 5
    meet(association, "generalforsamling", DAY)
    error = refused(
        association,
        "elect",
        DAY,
        "generalforsamling",
        body="bestyrelse",
        person="Ekstra",
        municipality="Køge",
        term_years=1,
        vote=vote(5),
    )
    assert error.rule == "body-full"
    assert error.provision == BOARD_FILL
    assert error.message == "bestyrelse has at most 5 seats, all filled"


def test_a_ranged_board_counts_its_quorum_of_the_seats_filled(association: Association) -> None:
    board_of_four(association)
    meet(association, "bestyrelse", DAY)
    error = refused(association, "exercise", DAY, "bestyrelse", vote=vote(2), **RECOMMEND)
    assert (error.rule, error.provision) == ("not-quorate", P(2, 2))
    five_present = refused(association, "exercise", DAY, "bestyrelse", vote=vote(5), **RECOMMEND)
    assert five_present.rule == "bad-vote"
    assert five_present.message == "5 present but the body has 4 seats"
    act(association, "exercise", DAY, "bestyrelse", vote=vote(3), **RECOMMEND)


# --- One seat per member ------------------------------------------------------------------------


def test_one_seat_per_member_is_enforced_on_election(association: Association) -> None:
    elect_board(association, FOUNDING, THREE)
    error = refused(
        association,
        "elect",
        FOUNDING,
        "generalforsamling",
        body="bestyrelse",
        person="Anden fra Køge",
        municipality="Køge",
        term_years=1,
        vote=vote(5),
    )
    assert (error.rule, error.provision) == ("one-seat-per-member", BOARD_FILL)
    assert error.message == "Køge already has a seat in bestyrelse"


# --- Staggered terms ---------------------------------------------------------------------------


def test_staggered_terms_refuse_more_seats_ending_in_one_year(association: Association) -> None:
    elect_board(association, FOUNDING, THREE)  # all three end in 2018: ceil(1/2 of 5) = 3
    error = refused(
        association,
        "elect",
        FOUNDING,
        "generalforsamling",
        body="bestyrelse",
        person=person("Ringsted"),
        municipality="Ringsted",
        vote=vote(5),
    )
    assert (error.rule, error.provision) == ("staggered", BOARD_FILL)
    assert error.message.startswith("3 seats of bestyrelse already end in 2018; staggered terms")
    # A shorter first term staggers the board: Ringsted's seat ends in 2017.
    act(
        association,
        "elect",
        FOUNDING,
        "generalforsamling",
        body="bestyrelse",
        person=person("Ringsted"),
        municipality="Ringsted",
        term_years=1,
        vote=vote(5),
    )
    seats = {s.person: s for s in association.at(FOUNDING).seats["bestyrelse"]}
    assert seats[person("Ringsted")].term_years == 1
    assert person("Ringsted") not in {
        s.person for s in association.at(D(2017, 3, 1)).seats["bestyrelse"]
    }
    # The next year the seat that is up is filled for the full term (ends 2019).
    elect_board(association, D(2017, 3, 1), {"Ny Ringsted": "Ringsted"})


@pytest.mark.parametrize("years", [3, 0, "1"], ids=["longer", "zero", "text"])
def test_a_shortened_term_is_between_one_and_the_statute_s(
    association: Association, years: object
) -> None:
    meet(association, "generalforsamling", FOUNDING)
    error = refused(
        association,
        "elect",
        FOUNDING,
        "generalforsamling",
        body="bestyrelse",
        person="X",
        municipality="Køge",
        term_years=years,
        vote=vote(5),
    )
    assert (error.rule, error.provision) == ("staggered", BOARD_FILL)
    assert error.message == "a shortened term_years is given between 1 and 2"


def test_a_shortened_term_needs_staggered_terms(association: Association) -> None:
    elect_board(association, FOUNDING, THREE)
    meet(association, "bestyrelse", DAY)
    error = refused(
        association,
        "elect",
        DAY,
        "bestyrelse",
        body="styregruppe",
        person="X",
        municipality="Køge",
        term_years=1,
        vote=vote(3),
    )
    assert (error.rule, error.provision) == ("staggered", ROTATION)
    assert "only under staggered terms" in error.message


# --- Chair and vice-chair, and the casting vote ------------------------------------------------


def chosen(association: Association) -> None:
    """A board of four; the generalforsamling chooses Køge's chair, the board
    Sorø's vice-chair."""
    board_of_four(association)
    decide(
        association,
        "generalforsamling",
        DAY,
        "choose-chair",
        body="bestyrelse",
        person=person("Køge"),
    )
    decide(
        association,
        "bestyrelse",
        DAY,
        "choose-chair",
        body="bestyrelse",
        person=person("Sorø"),
        role="vice-chair",
        vote=vote(4),
    )


def test_the_vice_chair_is_chosen_by_the_body_the_statute_names(
    association: Association,
) -> None:
    board_of_four(association)
    meet(association, "generalforsamling", DAY)
    error = refused(
        association,
        "choose-chair",
        DAY,
        "generalforsamling",
        body="bestyrelse",
        person=person("Sorø"),
        role="vice-chair",
        vote=vote(5),
    )
    assert (error.rule, error.provision) == ("actor", CHAIRS)
    assert (
        error.message
        == "the vice-chair of bestyrelse is chosen by bestyrelse, not generalforsamling"
    )
    by_board = refused(
        association,
        "choose-chair",
        DAY,
        "bestyrelse",
        body="bestyrelse",
        person=person("Køge"),
        vote=vote(4),
    )
    assert (by_board.rule, by_board.provision) == ("actor", CHAIRS)
    meet(association, "bestyrelse", DAY)
    act(
        association,
        "choose-chair",
        DAY,
        "bestyrelse",
        body="bestyrelse",
        person=person("Sorø"),
        role="vice-chair",
        vote=vote(4),
    )
    assert association.events[-1].data["role"] == "vice-chair"


def test_chair_and_vice_chair_are_two_people(association: Association) -> None:
    chosen(association)
    error = refused(
        association,
        "choose-chair",
        DAY,
        "bestyrelse",
        body="bestyrelse",
        person=person("Køge"),
        role="vice-chair",
        vote=vote(4),
    )
    assert (error.rule, error.provision) == ("chair-and-vice-chair", CHAIRS)
    bad_role = refused(
        association,
        "choose-chair",
        DAY,
        "bestyrelse",
        body="bestyrelse",
        person=person("Køge"),
        role="formand",
        vote=vote(4),
    )
    assert bad_role.rule == "bad-data"


def test_a_body_without_a_vice_chair_has_none_to_choose(association: Association) -> None:
    elect_board(association, FOUNDING, THREE)
    for m in ("Sorø", "Køge", "Næstved"):
        decide(
            association,
            "bestyrelse",
            DAY,
            "elect",
            body="styregruppe",
            person=f"SG {m}",
            municipality=m,
            vote=vote(3),
        )
    meet(association, "styregruppe", DAY)
    error = refused(
        association,
        "choose-chair",
        DAY,
        "styregruppe",
        body="styregruppe",
        person="SG Sorø",
        role="vice-chair",
        vote=vote(3),
    )
    assert (error.rule, error.provision) == ("no-vice-chair", ROTATION)


def test_the_chair_casts_the_deciding_vote(association: Association) -> None:
    chosen(association)
    day = D(2016, 5, 1)
    meet(association, "bestyrelse", day)
    act(association, "exercise", day, "bestyrelse", vote=TIE, **RECOMMEND)
    lost = refused(
        association,
        "exercise",
        day,
        "bestyrelse",
        vote=vote(4, yes=2, no=2, chair="no"),
        **RECOMMEND,
    )
    assert (lost.rule, lost.provision) == ("vote-failed", P(2, 2))


def test_the_vice_chair_casts_it_when_the_chair_is_absent(association: Association) -> None:
    chosen(association)
    day = D(2016, 5, 1)
    meet(association, "bestyrelse", day)
    absent = {**TIE, "present": 3, "yes": 1, "no": 1, "abstain": 1, "chair_absent": True}
    act(association, "exercise", day, "bestyrelse", vote=absent, **RECOMMEND)
    # The meeting the vice-chair leads: the chair is absent, the vice-chair decides.
    later = D(2016, 6, 1)
    meet(association, "bestyrelse", later, chaired_by=person("Sorø"))
    act(association, "exercise", later, "bestyrelse", vote=TIE, **RECOMMEND)


def test_no_casting_vote_when_chair_absent_and_no_vice_chair_chosen(
    association: Association,
) -> None:
    board_of_four(association)
    decide(
        association,
        "generalforsamling",
        DAY,
        "choose-chair",
        body="bestyrelse",
        person=person("Køge"),
    )
    meet(association, "bestyrelse", DAY)
    error = refused(
        association, "exercise", DAY, "bestyrelse", vote={**TIE, "chair_absent": True}, **RECOMMEND
    )
    assert (error.rule, error.provision) == ("no-chair", CHAIRS)
    assert error.message == (
        "the chair is absent; a casting vote needs the vice-chair of bestyrelse; "
        "no vice-chair of bestyrelse is chosen"
    )
    bad = refused(
        association, "exercise", DAY, "bestyrelse", vote={**TIE, "chair_absent": "ja"}, **RECOMMEND
    )
    assert (bad.rule, bad.message) == ("bad-vote", "chair_absent is true or false")


# --- Alternates ------------------------------------------------------------------------------


def with_alternate(association: Association) -> None:
    elect_board(association, FOUNDING, THREE)
    decide(
        association,
        "generalforsamling",
        FOUNDING,
        "elect",
        body="bestyrelse",
        person="Suppleant Køge",
        municipality="Køge",
        alternate_for=person("Køge"),
        vote=vote(5),
    )


def test_an_alternate_is_elected_for_a_seat_holder(association: Association) -> None:
    with_alternate(association)
    # Not a seat: the board still has three; the state lists the alternate apart.
    state = association.at(DAY)
    assert len(state.seats["bestyrelse"]) == 3
    [shown] = state.to_json()["alternates"]["bestyrelse"]
    assert (shown["person"], shown["alternate_for"]) == ("Suppleant Køge", "KD Køge")
    meet(association, "generalforsamling", DAY)
    wrong_member = refused(
        association,
        "elect",
        DAY,
        "generalforsamling",
        body="bestyrelse",
        person="Suppleant X",
        municipality="Sorø",
        alternate_for=person("Køge"),
        vote=vote(5),
    )
    assert (wrong_member.rule, wrong_member.provision) == ("alternate-member", ALTERNATES)
    second = refused(
        association,
        "elect",
        DAY,
        "generalforsamling",
        body="bestyrelse",
        person="Suppleant Y",
        municipality="Køge",
        alternate_for=person("Køge"),
        vote=vote(5),
    )
    assert (second.rule, second.provision) == ("alternates-full", ALTERNATES)
    no_holder = refused(
        association,
        "elect",
        DAY,
        "generalforsamling",
        body="bestyrelse",
        person="Suppleant Z",
        municipality="Roskilde",
        alternate_for="KD Roskilde",
        vote=vote(5),
    )
    assert (no_holder.rule, no_holder.provision) == ("no-seat", ALTERNATES)


def test_a_body_without_alternates_elects_none(association: Association) -> None:
    elect_board(association, FOUNDING, THREE)
    for m in ("Sorø", "Køge"):
        decide(
            association,
            "bestyrelse",
            DAY,
            "elect",
            body="styregruppe",
            person=f"SG {m}",
            municipality=m,
            vote=vote(3),
        )
    error = refused(
        association,
        "elect",
        DAY,
        "bestyrelse",
        body="styregruppe",
        person="S",
        municipality="Sorø",
        alternate_for="SG Sorø",
        vote=vote(3),
    )
    assert (error.rule, error.provision) == ("no-alternates", ROTATION)


def test_the_alternate_takes_a_vacated_seat_for_the_rest_of_the_term(
    association: Association,
) -> None:
    with_alternate(association)
    decide(
        association, "generalforsamling", DAY, "vacate", body="bestyrelse", person=person("Køge")
    )
    seats = {s.person: s for s in association.at(DAY).seats["bestyrelse"]}
    assert "Suppleant Køge" in seats and person("Køge") not in seats
    taken = seats["Suppleant Køge"]
    assert (taken.municipality, taken.since, taken.renewed) == ("Køge", DAY, FOUNDING)
    # The term runs from the vacated seat's election: it ends on 1 March 2018.
    assert "Suppleant Køge" in {
        s.person for s in association.at(D(2018, 2, 28)).seats["bestyrelse"]
    }
    assert "bestyrelse" not in association.at(D(2018, 3, 1)).seats


def test_alternates_count_only_in_place_of_absent_members(association: Association) -> None:
    with_alternate(association)
    meet(association, "bestyrelse", DAY)
    # Two seat holders and the alternate of the third: quorate (3).
    act(association, "exercise", DAY, "bestyrelse", vote=vote(3, alternates=1), **RECOMMEND)
    too_many = refused(
        association, "exercise", DAY, "bestyrelse", vote=vote(3, alternates=2), **RECOMMEND
    )
    assert (too_many.rule, too_many.provision) == ("bad-vote", P(2, 2))
    assert too_many.message == "2 alternates present, but bestyrelse has 1 on 2016-04-01"
    # Beside all three seat holders, the alternate has no place: four present is too many.
    beside = refused(
        association, "exercise", DAY, "bestyrelse", vote=vote(4, alternates=1), **RECOMMEND
    )
    assert beside.message == "4 present but the body has 3 seats"
    # Named: the alternate votes only when the seat holder is not named.
    named = {"yes": [person("Sorø"), person("Næstved"), "Suppleant Køge"]}
    act(association, "exercise", DAY, "bestyrelse", vote=named, **RECOMMEND)
    both = {"yes": [person("Sorø"), person("Køge"), "Suppleant Køge"]}
    error = refused(association, "exercise", DAY, "bestyrelse", vote=both, **RECOMMEND)
    assert (error.rule, error.provision) == ("not-a-voter", P(2, 2))


# --- Observers --------------------------------------------------------------------------------


def test_observers_are_sent_by_whom_the_statute_names(association: Association) -> None:
    elect_board(association, FOUNDING, THREE)
    error = refused(
        association,
        "hold-meeting",
        DAY,
        "bestyrelse",
        observers=[{"person": "P", "sent_by": "KKR"}],
    )
    assert (error.rule, error.provision) == ("observers", OBSERVERS)
    assert error.message == "KKR may not send an observer to bestyrelse (only KL)"
    two = [{"person": "P", "sent_by": "KL"}, {"person": "Q", "sent_by": "KL"}]
    too_many = refused(association, "hold-meeting", DAY, "bestyrelse", observers=two)
    assert (too_many.rule, too_many.provision) == ("observers", OBSERVERS)
    member = refused(
        association,
        "hold-meeting",
        DAY,
        "bestyrelse",
        observers=[{"person": person("Køge"), "sent_by": "KL"}],
    )
    assert member.message == "KD Køge sits in bestyrelse; a member is no observer"
    bad = refused(association, "hold-meeting", DAY, "bestyrelse", observers=["KL"])
    assert bad.rule == "bad-data"
    assembly = refused(
        association,
        "hold-meeting",
        DAY,
        "generalforsamling",
        observers=[{"person": "P", "sent_by": "KL"}],
    )
    assert (assembly.rule, assembly.provision) == ("observers", P(1, 1))
    act(
        association,
        "hold-meeting",
        DAY,
        "bestyrelse",
        observers=[{"person": "Observatør", "sent_by": "KL"}],
    )


def test_an_observer_has_no_vote(association: Association) -> None:
    elect_board(association, FOUNDING, THREE)
    act(
        association,
        "hold-meeting",
        DAY,
        "bestyrelse",
        observers=[{"person": "Observatør", "sent_by": "KL"}],
    )
    named = {"yes": [person("Køge"), person("Sorø"), "Observatør"]}
    error = refused(association, "exercise", DAY, "bestyrelse", vote=named, **RECOMMEND)
    assert (error.rule, error.provision) == ("not-a-voter", P(2, 2))
    assert (
        error.message == "Observatør has no vote in bestyrelse on 2016-04-01 (observers never vote)"
    )
    # Counted by heads, the observer is not among those present either.
    over = refused(association, "exercise", DAY, "bestyrelse", vote=vote(4), **RECOMMEND)
    assert over.message == "4 present but the body has 3 seats"


# --- A rotating chair ------------------------------------------------------------------------


def steering_group(association: Association, day: Any = DAY) -> None:
    elect_board(association, FOUNDING, THREE)
    for m in ("Sorø", "Køge", "Næstved"):
        decide(
            association,
            "bestyrelse",
            day,
            "elect",
            body="styregruppe",
            person=f"SG {m}",
            municipality=m,
            vote=vote(3),
        )


def test_a_choice_of_chair_against_the_rotation_is_refused(association: Association) -> None:
    steering_group(association)
    meet(association, "styregruppe", DAY)
    error = refused(
        association,
        "choose-chair",
        DAY,
        "styregruppe",
        body="styregruppe",
        person="SG Køge",
        vote=vote(3),
    )
    assert (error.rule, error.provision) == ("chair-rotation", ROTATION)
    assert error.message == (
        "the chair of styregruppe rotates: in 2016 it is Sorø's turn, held by SG Sorø, not SG Køge"
    )
    act(
        association,
        "choose-chair",
        DAY,
        "styregruppe",
        body="styregruppe",
        person="SG Sorø",
        vote=vote(3),
    )


def test_the_casting_vote_follows_the_rotation(association: Association) -> None:
    steering_group(association)
    tie = vote(2, yes=1, no=1, chair="yes")
    styr = {"power": "styr-projekt"}
    meet(association, "styregruppe", DAY)
    act(association, "exercise", DAY, "styregruppe", vote=tie, **styr)  # Sorø's year
    # 2017 is Køge's year; with Køge's seat vacated no one can break a tie.
    day = D(2017, 1, 10)
    decide(
        association, "bestyrelse", day, "vacate", body="styregruppe", person="SG Køge", vote=vote(3)
    )
    meet(association, "styregruppe", day)
    error = refused(association, "exercise", day, "styregruppe", vote=tie, **styr)
    assert (error.rule, error.provision) == ("no-chair", ROTATION)
    assert error.message == "a casting vote needs the chair of styregruppe; Køge's seat is empty"
    decide(
        association,
        "bestyrelse",
        day,
        "elect",
        body="styregruppe",
        person="SG Køge 2",
        municipality="Køge",
        vote=vote(3),
    )
    act(association, "exercise", day, "styregruppe", vote=tie, **styr)


# --- Bad input: the statute ----------------------------------------------------------------


FIXTURE_TEXT = (Path(__file__).parent / "fixtures" / "sammensat.yaml").read_text("utf-8")
LINT = Path(__file__).parent / "fixtures" / "lint"


def problems(text: str) -> list[Finding]:
    with pytest.raises(fr.StatuteError) as caught:
        fr.loads(text, name="s.yaml")
    return list(caught.value.problems)


def line_of(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


def test_an_upside_down_seat_range_is_refused() -> None:
    text = FIXTURE_TEXT.replace("seats: {min: 3, max: 5}", "seats: {min: 6, max: 5}")
    [problem] = problems(text)
    assert (problem.code, problem.line, problem.provision) == (
        "E317",
        line_of(text, "seats: {min: 6"),
        "§ 1, stk. 2",
    )
    assert problem.message == (
        "the body 'bestyrelse' has at least 6 and at most 5 seats: the range is upside down"
    )


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("seats: {min: 3, max: 5}", "seats: {max: 5}", "E203"),
        ("seats: {min: 3, max: 5}", "seats: {min: 0, max: 5}", "E204"),
        ("term_years: 2, staggered: true", "staggered: true", "E203"),
        ("alternates: {per_seat: 1,", "alternates: {per_seat: 0,", "E204"),
        ("observers: {sent_by: [KL],", "observers: {sent_by: [],", "E204"),
        ("vice_chair: {chosen_by: bestyrelse,", "vice_chair: {chosen_by: bestyrelsen,", "E301"),
        ("from_year: 2016", "from_year: 2016, every: 2", "E201"),
    ],
    ids=[
        "range-without-min",
        "range-from-zero",
        "staggered-without-term",
        "no-alternates",
        "no-senders",
        "unknown-chooser",
        "unknown-key",
    ],
)
def test_malformed_composition_keys_are_refused(old: str, new: str, code: str) -> None:
    assert old in FIXTURE_TEXT
    text = FIXTURE_TEXT.replace(old, new)
    [problem] = problems(text)
    assert problem.code == code
    assert problem.line == line_of(text, new)


def test_a_rotation_naming_no_member_is_refused() -> None:
    text = FIXTURE_TEXT.replace("order: [Sorø, Køge, Næstved]", "order: [Sorø, Kø, Næstved]")
    [problem] = problems(text)
    assert (problem.code, problem.line, problem.provision) == (
        "E318",
        line_of(text, "order: [Sorø, Kø"),
        "§ 1, stk. 6",
    )
    assert problem.message == (
        "the chair of 'styregruppe' rotates to 'Kø', who is no member named; did you mean 'Køge'?"
    )
    no_members = FIXTURE_TEXT.replace(
        "order: [Sorø, Køge, Næstved]", "order: alphabetical"
    ).replace("  municipalities: [Køge, Næstved, Ringsted, Roskilde, Sorø]\n", "")
    [alphabetical] = problems(no_members)
    assert alphabetical.code == "E318"
    assert "rotates alphabetically among the members, but the statute names none" in (
        alphabetical.message
    )


def test_an_alphabetical_rotation_follows_the_names() -> None:
    text = FIXTURE_TEXT.replace("order: [Sorø, Køge, Næstved]", "order: alphabetical")
    rotation = fr.loads(text).body("styregruppe").chair
    assert rotation is not None and rotation.rotation is not None
    named = ("Sorø", "Køge", "Næstved", "Ringsted", "Roskilde")
    years = [rotation.rotation.member(y, named) for y in range(2015, 2022)]
    assert years == [None, "Køge", "Næstved", "Ringsted", "Roskilde", "Sorø", "Køge"]


@pytest.mark.parametrize(
    ("name", "code", "line", "provision"),
    [
        ("e630_rotation_chosen.yaml", "E630", 30, "§ 1, stk. 2"),
        ("e631_vice_chair.yaml", "E631", 28, "§ 1, stk. 2"),
        ("e632_staggered.yaml", "E632", 27, "§ 1, stk. 2"),
        ("w415_quorum_above_minimum.yaml", "W415", 23, "§ 1, stk. 3"),
    ],
)
def test_composition_that_cannot_work_is_a_finding(
    name: str, code: str, line: int, provision: str
) -> None:
    found = [f for f in fr.check(fr.load(LINT / name)) if f.code.startswith(("E6", "W415"))]
    assert [(f.code, f.line, f.provision) for f in found] == [(code, line, provision)]


def test_the_fixture_statute_is_clean() -> None:
    findings = fr.check(fr.load(Path(__file__).parent / "fixtures" / "sammensat.yaml"))
    assert not [f for f in findings if f.code[0] in "EW"]


def test_check_shows_a_range_of_seats() -> None:
    from click.testing import CliRunner

    from foreningsregler.cli import cli

    fixture = Path(__file__).parent / "fixtures" / "sammensat.yaml"
    result = CliRunner().invoke(cli, ["check", str(fixture), "--verbose"])
    assert result.exit_code == 0
    assert "bestyrelse: Bestyrelsen; board, 3-5 seats, election by generalforsamling" in (
        result.output
    )


def test_the_rotating_chair_signs_as_the_chair() -> None:
    association = founded()
    steering_group(association)
    act(association, "sign", DAY, "bestyrelse", signers=["SG Sorø", person("Køge")])
    error = refused(association, "sign", DAY, "bestyrelse", signers=["SG Køge", person("Køge")])
    assert (error.rule, error.provision) == ("signing", P(1, 7))
    act(association, "sign", D(2017, 1, 2), "bestyrelse", signers=["SG Køge", person("Køge")])


def test_an_alternate_leaves_without_taking_the_seat(association: Association) -> None:
    with_alternate(association)
    decide(
        association, "generalforsamling", DAY, "vacate", body="bestyrelse", person="Suppleant Køge"
    )
    state = association.at(DAY)
    assert "bestyrelse" not in state.alternates
    assert person("Køge") in {s.person for s in state.seats["bestyrelse"]}
    # With no alternate left, a vacated seat stays empty.
    later = D(2016, 5, 1)
    decide(
        association, "generalforsamling", later, "vacate", body="bestyrelse", person=person("Køge")
    )
    assert len(association.at(later).seats["bestyrelse"]) == 2
