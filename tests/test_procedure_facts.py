"""Notice before withdrawal, scopes never skipped, facts checked.

Rules 5 to 7 of issue 9 on the fixture statute: six months' notice
(``notice``, § 3, stk. 2), every scope's missing fact (``power:*-required``),
``own_municipality`` held to the acting person's seat, and names the statute
does not know (``unknown-*`` with the nearest match), in the protocol and in
``Authority.check``.
"""

from __future__ import annotations

import pytest
from test_procedure_support import (
    ANSKAF,
    D,
    act,
    adopt_phase,
    decide,
    fixture_statute,
    founded,
    meeting,
    procure,
    refused,
    staffed,
    vote,
    with_phase_1,
)

import foreningsregler as fr
from foreningsregler.errors import ForeningsreglerError
from foreningsregler.protocol.association import Association
from foreningsregler.statute.model import ProvisionRef, Statute

WITHDRAWAL = ProvisionRef(3, 2)
PHASES = ProvisionRef(2)  # the phase lifecycle
ANSKAF_CITED = ProvisionRef(2, 4)


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fixture_statute()


# --- 5. Notice -----------------------------------------------------------------------


def test_withdrawal_without_notice_is_refused(statute: Statute) -> None:
    association = founded(statute)
    error = refused(association, "withdraw", D(2016, 1, 4), "Sorø")
    assert (error.rule, error.provision) == ("notice", WITHDRAWAL)
    assert error.message == "Sorø must give 6 months' notice before withdrawing; none is given"
    assert error.state == "member"


def test_withdrawal_before_the_notice_has_run_is_refused(statute: Statute) -> None:
    association = founded(statute)
    act(association, "give-notice", D(2016, 1, 4), "Sorø")
    for day in (D(2016, 3, 1), D(2016, 7, 3)):
        error = refused(association, "withdraw", day, "Sorø")
        assert (error.rule, error.provision) == ("notice", WITHDRAWAL)
        assert (
            error.message == f"Sorø gave notice on 2016-01-04; it runs until 2016-07-04, not {day}"
        )
        assert error.state == "notice-given"
    assert "Sorø" in association.at(D(2016, 7, 3)).members


def test_a_member_that_gave_enough_notice_has_withdrawn(statute: Statute) -> None:
    """Sorø joined no phase: the notice runs out on 2016-07-04 and it is out."""
    association = founded(statute)
    act(association, "give-notice", D(2016, 1, 4), "Sorø")
    assert association.at(D(2016, 7, 3)).membership["Sorø"] == "notice-given"
    assert association.at(D(2016, 7, 4)).membership["Sorø"] == "withdrawn"
    assert association.at(D(2016, 7, 4)).members == {"Næstved", "Køge"}


def test_notice_given_mid_phase_takes_effect_when_the_phase_ends(statute: Statute) -> None:
    association = with_phase_1(statute)
    act(association, "give-notice", D(2016, 1, 4), "Køge")
    error = refused(association, "withdraw", D(2016, 9, 1), "Køge")
    assert (error.rule, error.provision) == ("guard:no_joined_phase_unended", WITHDRAWAL)
    assert association.at(D(2017, 12, 31)).membership["Køge"] == "notice-given"
    assert association.at(D(2018, 1, 1)).membership["Køge"] == "withdrawn"


def test_notice_is_given_by_the_member_itself(statute: Statute) -> None:
    association = founded(statute)
    error = refused(association, "give-notice", D(2016, 1, 4), "Køge", municipality="Sorø")
    assert (error.rule, error.provision) == ("actor", WITHDRAWAL)


# --- 6. Scopes are never skipped --------------------------------------------------------


@pytest.fixture
def running(statute: Statute) -> Association:
    """fase-1 running, all three joined, every body in office."""
    return with_phase_1(statute)


FULL = {"power": ANSKAF, "phase": "fase-1", "municipality": "Sorø", "area": "it"}


@pytest.mark.parametrize(
    ("missing", "rule", "message"),
    [
        ("area", "power:area-required", "name the area: only within the body's own area"),
        (
            "phase",
            "power:phase-required",
            "name the phase: only within phases the generalforsamling has adopted",
        ),
        (
            "municipality",
            "power:municipality-required",
            "name the municipality: only for municipalities that joined the phase",
        ),
    ],
)
def test_a_scope_without_its_fact_is_refused(
    running: Association, missing: str, rule: str, message: str
) -> None:
    day = D(2016, 9, 1)
    meeting(running, "f3-it", day)
    facts = {k: v for k, v in FULL.items() if k != missing}
    error = refused(running, "exercise", day, "f3-it", vote=vote(3), **facts)
    assert (error.rule, error.provision, error.message) == (rule, ANSKAF_CITED, message)
    procure(running, day)


def test_the_area_must_be_the_bodys_own(running: Association) -> None:
    day = D(2016, 9, 1)
    meeting(running, "f3-it", day)
    error = refused(running, "exercise", day, "f3-it", vote=vote(3), **{**FULL, "area": "social"})
    assert (error.rule, error.provision) == ("power:other-area", ANSKAF_CITED)
    assert error.message == "f3-it acts only in its own area (it), not in social"


def test_a_phase_not_yet_running_is_refused(statute: Statute) -> None:
    association = staffed(founded(statute))
    adopt_phase(association, "fase-1", D(2015, 11, 1), "2016-01-01", "2017-12-31")
    act(association, "join-phase", D(2015, 11, 3), "Sorø", phase="fase-1")
    day = D(2015, 12, 1)
    meeting(association, "f3-it", day)
    error = refused(association, "exercise", day, "f3-it", vote=vote(3), **FULL)
    assert (error.rule, error.provision) == ("power:phase-not-running", ANSKAF_CITED)
    assert error.message == "the phase fase-1 is not running"
    procure(association, D(2016, 1, 1))


def test_a_municipality_that_did_not_join_is_refused(statute: Statute) -> None:
    association = staffed(founded(statute))
    adopt_phase(association, "fase-1", D(2015, 11, 1), "2016-01-01", "2017-12-31")
    act(association, "join-phase", D(2015, 11, 3), "Sorø", phase="fase-1")
    act(association, "decline-phase", D(2015, 11, 3), "Køge", phase="fase-1")
    day = D(2016, 2, 1)
    meeting(association, "f3-it", day)
    for m in ("Køge", "Næstved"):
        error = refused(
            association, "exercise", day, "f3-it", vote=vote(3), **{**FULL, "municipality": m}
        )
        assert (error.rule, error.provision) == ("power:not-participating", ANSKAF_CITED)
        assert error.message == f"{m} has not joined the phase fase-1"
    procure(association, day)


# --- own_municipality: meld-behov, § 2, stk. 8 -----------------------------------------

NEEDS = ProvisionRef(2, 8)


@pytest.mark.parametrize(
    ("facts", "rule", "message"),
    [
        (
            {"person": "FC it Sorø"},
            "power:municipality-required",
            "name the municipality: only for the member's own municipality",
        ),
        (
            {"municipality": "Sorø"},
            "power:person-required",
            "name the person who acts: only for the member's own municipality",
        ),
        (
            {"municipality": "Sorø", "person": "FC it Køge"},
            "power:other-municipality",
            "FC it Køge sits for Køge, not for Sorø: only for the member's own municipality",
        ),
        (
            {"municipality": "Sorø", "person": "FC social Sorø"},
            "power:other-municipality",
            "FC social Sorø has no seat in f14-it, not for Sorø",
        ),
    ],
)
def test_own_municipality_needs_the_seat_of_the_person_acting(
    statute: Statute, facts: dict[str, str], rule: str, message: str
) -> None:
    association = staffed(founded(statute))
    error = refused(association, "exercise", D(2016, 1, 4), "f14-it", power="meld-behov", **facts)
    assert (error.rule, error.provision) == (rule, NEEDS)
    assert message in error.message


def test_a_person_acts_for_the_municipality_they_sit_for(statute: Statute) -> None:
    association = staffed(founded(statute))
    for m in ("Sorø", "Køge"):
        act(
            association,
            "exercise",
            D(2016, 1, 4),
            "f14-it",
            power="meld-behov",
            municipality=m,
            person=f"FC it {m}",
        )


# --- 7. Facts are checked ---------------------------------------------------------------


@pytest.fixture
def staffed_association(statute: Statute) -> Association:
    return staffed(founded(statute))


def test_an_unknown_municipality_is_refused_with_the_nearest_match(running: Association) -> None:
    day = D(2016, 9, 1)
    meeting(running, "f3-it", day)
    atlantis = refused(
        running, "exercise", day, "f3-it", vote=vote(3), **{**FULL, "municipality": "Atlantis"}
    )
    assert (atlantis.rule, atlantis.provision) == ("unknown-municipality", ProvisionRef(3))
    assert atlantis.message == "the statute knows no municipality 'Atlantis'"
    typo = refused(
        running, "exercise", day, "f3-it", vote=vote(3), **{**FULL, "municipality": "Sorö"}
    )
    assert (typo.rule, typo.provision) == ("unknown-municipality", ProvisionRef(3))
    assert typo.message == "the statute knows no municipality 'Sorö'; did you mean 'Sorø'?"


def test_a_member_actor_outside_the_statutes_list_is_refused(statute: Statute) -> None:
    association = Association(statute)
    error = refused(association, "sign-declaration", D(2015, 3, 1), "Roskilte")
    assert (error.rule, error.provision) == ("unknown-municipality", ProvisionRef(3))
    assert "did you mean 'Roskilde'?" in error.message
    slagelse = refused(association, "sign-declaration", D(2015, 3, 1), "Slagelse")
    assert slagelse.rule == "unknown-municipality"
    act(association, "sign-declaration", D(2015, 3, 1), "Roskilde")


@pytest.mark.parametrize(
    ("fact", "value", "rule", "provision", "hint"),
    [
        (
            "area",
            "itt",
            "unknown-area",
            ProvisionRef(1, 4),  # where the statute names its areas
            "the statute knows no area 'itt'; did you mean 'it'?",
        ),
        (
            "power",
            "igangsaet-anskafelse",
            "unknown-power",
            None,
            "the statute knows no power 'igangsaet-anskafelse'; "
            "did you mean 'igangsaet-anskaffelse'?",
        ),
    ],
)
def test_an_unknown_area_or_power_is_refused(
    running: Association,
    fact: str,
    value: str,
    rule: str,
    provision: ProvisionRef | None,
    hint: str,
) -> None:
    day = D(2016, 9, 1)
    meeting(running, "f3-it", day)
    error = refused(running, "exercise", day, "f3-it", vote=vote(3), **{**FULL, fact: value})
    assert (error.rule, error.provision, error.message) == (rule, provision, hint)


@pytest.mark.parametrize("kind", ["exercise", "hold-meeting"])
def test_a_per_area_template_is_no_actor(running: Association, kind: str) -> None:
    error = refused(running, kind, D(2016, 9, 1), "f3", vote=vote(3), **FULL)
    assert (error.rule, error.provision) == ("unknown-body", ProvisionRef(1, 4))
    assert error.message == "f3 is defined per area: the actor is one of f3-it, f3-social"


def test_an_actor_that_is_neither_body_nor_municipality_is_refused(running: Association) -> None:
    error = refused(running, "hold-meeting", D(2016, 9, 1), "bestyrelsen")
    assert (error.rule, error.provision) == ("unknown-municipality", ProvisionRef(3))
    assert error.message == (
        "the statute knows no municipality 'bestyrelsen'; did you mean 'bestyrelse'?"
    )


def test_an_unknown_body_is_refused(staffed_association: Association) -> None:
    day = D(2016, 1, 4)
    meeting(staffed_association, "generalforsamling", day)
    error = refused(
        staffed_association,
        "elect",
        day,
        "generalforsamling",
        body="bestyrelsen",
        person="Bo",
        municipality="Sorø",
        role="kommunaldirektoer",
    )
    assert (error.rule, error.provision) == ("unknown-body", None)
    assert error.message == "the statute knows no body 'bestyrelsen'; did you mean 'bestyrelse'?"


def test_a_phase_not_on_record_is_refused(running: Association) -> None:
    """Since the review the facts are checked before the power: the refusal cites
    the phase lifecycle (§ 2), no longer the power's scope (§ 2, stk. 4)."""
    day = D(2016, 9, 1)
    meeting(running, "f3-it", day)
    error = refused(running, "exercise", day, "f3-it", vote=vote(3), **{**FULL, "phase": "fase-9"})
    assert (error.rule, error.provision) == ("unknown-phase", PHASES)
    assert error.message == "the protocol knows no phase 'fase-9'; did you mean 'fase-1'?"


def test_a_phase_must_be_on_record_even_where_no_phase_scope_asks(
    staffed_association: Association,
) -> None:
    """prioriter-omraade has no phase scope: its phase is only the matter, but a
    phase named must be on record (it needed none before the review)."""
    association = staffed_association
    facts = {"power": "prioriter-omraade", "phase": "fase-9", "area": "it"}
    meeting(association, "f14-it", D(2016, 1, 4))
    error = refused(association, "exercise", D(2016, 1, 4), "f14-it", vote=vote(3), **facts)
    assert (error.rule, error.provision) == ("unknown-phase", PHASES)
    assert error.message == "the protocol knows no phase 'fase-9'"
    phase = {"phase": "fase-9", "start": "2016-06-01", "end": "2016-12-31"}
    decide(association, "direktion", D(2016, 1, 4), "propose-phase", **phase)
    decide(association, "f14-it", D(2016, 1, 4), "exercise", **facts)


# --- 7. In Authority.check -----------------------------------------------------------------


@pytest.fixture(scope="module")
def authority(statute: Statute) -> fr.Authority:
    return fr.Authority(statute)


@pytest.mark.parametrize(
    ("body", "power", "facts", "message"),
    [
        (
            "bestyrelsen",
            "indstil-faser",
            {},
            "unknown body 'bestyrelsen'; did you mean 'bestyrelse'?",
        ),
        (
            "bestyrelse",
            "indstil-fase",
            {},
            "unknown power 'indstil-fase'; did you mean 'indstil-faser'?",
        ),
        ("f3-it", ANSKAF, {"area": "itt"}, "unknown area 'itt'; did you mean 'it'?"),
        (
            "f3-it",
            ANSKAF,
            {"municipality": "Sorö"},
            "unknown municipality 'Sorö'; did you mean 'Sorø'?",
        ),
        (
            "f3",
            ANSKAF,
            {},
            "unknown body 'f3'; f3 is defined per area: name one of f3-it, f3-social",
        ),
    ],
)
def test_authority_check_raises_on_unknown_names(
    authority: fr.Authority, body: str, power: str, facts: dict[str, str], message: str
) -> None:
    with pytest.raises(fr.UnknownName) as caught:
        authority.check(body, power, **facts)
    assert str(caught.value) == message
    assert isinstance(caught.value, KeyError)
    assert isinstance(caught.value, ForeningsreglerError)


def test_authority_check_raises_on_a_phase_not_on_record(running: Association) -> None:
    state = running.at(D(2016, 9, 1))
    with pytest.raises(fr.UnknownName) as caught:
        running.authority.check(
            "f3-it", ANSKAF, phase="fase-9", municipality="Sorø", area="it", state=state
        )
    assert caught.value.kind == "phase"
    assert str(caught.value) == "unknown phase 'fase-9'; did you mean 'fase-1'?"
    answer = running.authority.check(
        "f3-it", ANSKAF, phase="fase-1", municipality="Sorø", area="it", state=state
    )
    assert answer.allowed
