"""The protocol's refusals and errors (modules m-z) in Danish, and in English as before.

The procedure's refusals on the fixture statute (quorum, meeting, vote,
office, notice) with their exact Danish text and Danish dates; the frame of a
refusal (provision, current state); the key's error. The English texts are
the message ids: the same refusals in English are checked word for word.
"""

from __future__ import annotations

import pytest
from test_procedure_support import (
    D,
    called,
    decide,
    fixture_statute,
    founded,
    meeting,
    refused,
    staffed,
    vote,
)

from foreningsregler.i18n import use_language
from foreningsregler.protocol._shown import either
from foreningsregler.protocol.association import Association
from foreningsregler.protocol.protection import BadKey, Key
from foreningsregler.protocol.state import RuleViolation
from foreningsregler.statute.model import ProvisionRef

PHASE = {"phase": "fase-1", "start": "2016-01-01", "end": "2017-12-31"}
PROPOSED, BOARD_DAY, ASSEMBLY_DAY = D(2015, 11, 1), D(2015, 11, 2), D(2016, 3, 1)


@pytest.fixture(scope="module")
def proposed() -> Association:
    """Founded and staffed; the direktion proposed fase-1 on 1 November 2015 and
    the bestyrelse meets the next day. The tests only refuse: nothing changes it."""
    association = staffed(founded(fixture_statute()))
    decide(association, "direktion", PROPOSED, "propose-phase", **PHASE)
    meeting(association, "bestyrelse", BOARD_DAY)
    return association


@pytest.fixture(scope="module")
def unstaffed() -> Association:
    return founded(fixture_statute())


def _inquorate(association: Association) -> RuleViolation:
    return refused(
        association, "recommend-phase", BOARD_DAY, "bestyrelse", phase="fase-1", vote=vote(1)
    )


def test_an_inquorate_meeting_is_refused_in_danish(proposed: Association) -> None:
    with use_language("da"):
        error = _inquorate(proposed)
    assert (error.rule, error.provision) == ("not-quorate", ProvisionRef(4, 1))
    assert error.message == (
        "bestyrelse var ikke beslutningsdygtig (1 til stede, 2 krævet efter flertal); "
        "et møde, der ikke er beslutningsdygtigt, træffer ingen beslutning"
    )
    assert str(error) == f"{error.message} [§ 4, stk. 1] (nuværende tilstand: proposed)"
    assert error.to_json()["message"] == error.message


def test_an_inquorate_meeting_is_refused_in_english_as_before(proposed: Association) -> None:
    with use_language("en"):
        error = _inquorate(proposed)
    assert error.message == (
        "bestyrelse was not quorate (1 present, 2 needed under flertal); "
        "an inquorate meeting decides nothing"
    )
    assert str(error) == f"{error.message} [§ 4, stk. 1] (current state: proposed)"


def test_a_decision_without_its_meeting_is_refused_with_a_danish_date(
    proposed: Association,
) -> None:
    day = D(2015, 11, 3)
    with use_language("da"):
        error = refused(
            proposed, "recommend-phase", day, "bestyrelse", phase="fase-1", vote=vote(3)
        )
    assert (error.rule, error.message) == (
        "no-meeting",
        "bestyrelse træffer beslutning på et møde; "
        "der er ikke registreret noget møde i bestyrelse den 3. november 2015",
    )
    with use_language("en"):
        error = refused(
            proposed, "recommend-phase", day, "bestyrelse", phase="fase-1", vote=vote(3)
        )
    assert error.message == (
        "bestyrelse decides at a meeting; no meeting of bestyrelse is recorded on 2015-11-03"
    )


@pytest.mark.parametrize(
    ("cast", "danish", "english"),
    [
        (
            vote(3, yes=1, no=2),
            "afstemningen førte ikke til vedtagelse: 1 af 3 for: intet flertal efter flertal",
            "the vote did not pass: 1 of 3 for: no majority under flertal",
        ),
        (
            vote(2, yes=1, no=1, chair="no"),
            "afstemningen førte ikke til vedtagelse: stemmelighed, 1 mod 1; "
            "formandens udslagsgivende stemme var imod efter flertal",
            "the vote did not pass: a tie of 1 to 1; the chair's casting vote was no under flertal",
        ),
    ],
)
def test_a_vote_without_a_majority_is_refused_in_both_languages(
    proposed: Association, cast: dict[str, object], danish: str, english: str
) -> None:
    args = ("recommend-phase", BOARD_DAY, "bestyrelse")
    with use_language("da"):
        error = refused(proposed, *args, phase="fase-1", vote=cast)
    assert (error.rule, error.message) == ("vote-failed", danish)
    with use_language("en"):
        assert refused(proposed, *args, phase="fase-1", vote=cast).message == english


def test_counts_that_cannot_be_true_are_refused_in_danish(proposed: Association) -> None:
    with use_language("da"):
        error = refused(
            proposed, "recommend-phase", BOARD_DAY, "bestyrelse", phase="fase-1", vote=vote(4)
        )
    assert (error.rule, error.message) == ("bad-vote", "4 til stede, men organet har 3 pladser")


def test_a_body_no_one_sits_in_cannot_act_in_danish(unstaffed: Association) -> None:
    with use_language("da"):
        error = refused(unstaffed, "hold-meeting", D(2015, 10, 1), "bestyrelse")
    assert (error.rule, error.message) == (
        "not-in-office",
        "ingen er valgt til bestyrelse den 1. oktober 2015; organet kan ikke handle",
    )
    with use_language("en"):
        error = refused(unstaffed, "hold-meeting", D(2015, 10, 1), "bestyrelse")
    assert error.message == "no one has been elected to bestyrelse on 2015-10-01; it cannot act"


@pytest.mark.parametrize(
    ("call", "danish", "english"),
    [
        (
            called(ASSEMBLY_DAY, days=13),
            "generalforsamling blev indkaldt den 17. februar 2016, 13 dage før; "
            "der kræves 14 dages varsel",
            "generalforsamling was called on 2016-02-17, 13 days before; "
            "14 days' notice is required",
        ),
        (
            called(ASSEMBLY_DAY, by="direktion"),
            "et møde i generalforsamling indkaldes af bestyrelse (called_by)",
            "a meeting of generalforsamling is called by bestyrelse (called_by)",
        ),
        (
            {},
            "et møde i generalforsamling kræver datoen for indkaldelsen: called_on (ÅÅÅÅ-MM-DD)",
            "a meeting of generalforsamling needs the day it was called: called_on (YYYY-MM-DD)",
        ),
    ],
)
def test_a_generalforsamling_called_too_late_is_refused_in_both_languages(
    proposed: Association, call: dict[str, str], danish: str, english: str
) -> None:
    with use_language("da"):
        error = refused(proposed, "hold-meeting", ASSEMBLY_DAY, "generalforsamling", **call)
    assert (error.rule, error.provision, error.message) == (
        "meeting-notice",
        ProvisionRef(4, 4),
        danish,
    )
    with use_language("en"):
        error = refused(proposed, "hold-meeting", ASSEMBLY_DAY, "generalforsamling", **call)
    assert error.message == english


@pytest.mark.parametrize(
    ("provision", "state", "danish", "english"),
    [
        (
            ProvisionRef(5, 2),
            "medlem",
            "besked [§ 5, stk. 2] (nuværende tilstand: medlem)",
            "besked [§ 5, stk. 2] (current state: medlem)",
        ),
        (ProvisionRef(5, 2), "", "besked [§ 5, stk. 2]", "besked [§ 5, stk. 2]"),
        (None, "", "besked [ingen bestemmelse]", "besked [no provision]"),
        (
            None,
            "udtraadt",
            "besked [ingen bestemmelse] (nuværende tilstand: udtraadt)",
            "besked [no provision] (current state: udtraadt)",
        ),
    ],
)
def test_a_refusals_frame_names_its_provision_and_state(
    provision: ProvisionRef | None, state: str, danish: str, english: str
) -> None:
    """The rule's name and the state stay as the statute writes them."""
    with use_language("da"):
        refusal = RuleViolation("no-transition", "besked", provision, state)
        assert (str(refusal), str(refusal.at(state))) == (danish, danish)
    with use_language("en"):
        assert str(RuleViolation("no-transition", "besked", provision, state)) == english
    assert refusal.rule == "no-transition"


def test_alternatives_are_joined_in_the_language() -> None:
    with use_language("da"):
        assert either(["bestyrelse", "direktion", "udvalg"]) == (
            "bestyrelse eller direktion eller udvalg"
        )
        assert either(["bestyrelse"]) == "bestyrelse"
    with use_language("en"):
        assert either(["bestyrelse", "direktion"]) == "bestyrelse or direktion"


def test_a_short_key_is_refused_in_danish() -> None:
    with use_language("da"), pytest.raises(BadKey) as caught:
        Key(b"kort")
    assert str(caught.value) == "en nøgle har mindst 16 byte, denne har 4"
    with use_language("en"), pytest.raises(BadKey) as caught:
        Key(b"kort")
    assert str(caught.value) == "a key has at least 16 bytes, this one 4"
