"""Acts a second review found let through, each now refused with its rule and
provision (and the lawful act beside it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import foreningsregler as fr
from foreningsregler.economy.events import Clerk
from foreningsregler.economy.stories import found
from foreningsregler.statute.model import ProvisionRef

STATUTE = Path(__file__).resolve().parent.parent / "vedtaegter" / "digitaliseringsforeningen.yaml"
D = dt.date
FOUNDED = D(2015, 10, 1)


@pytest.fixture
def association() -> fr.Association:
    statute = fr.load(STATUTE)
    association = fr.Association(statute)
    assert statute.membership is not None
    found(Clerk(association), statute.membership.municipalities, FOUNDED)
    return association


def refused(
    association: fr.Association, kind: str, day: dt.date, actor: str, **data: object
) -> fr.RuleViolation:
    before = association.events
    with pytest.raises(fr.RuleViolation) as caught:
        association.record(fr.Event(kind, day, actor, data))
    assert association.events == before
    return caught.value


def record(
    association: fr.Association, kind: str, day: dt.date, actor: str, **data: object
) -> None:
    association.record(fr.Event(kind, day, actor, data))


def assembly(association: fr.Association, day: dt.date) -> None:
    called = (day - dt.timedelta(days=30)).isoformat()
    record(
        association,
        "hold-meeting",
        day,
        "generalforsamling",
        called_on=called,
        called_by="bestyrelse",
    )


def test_a_proposal_cannot_decide_a_power_a_transition_carries(association: fr.Association) -> None:
    day = D(2016, 3, 1)
    refusal = refused(
        association, "draft-proposal", day, "generalforsamling",
        proposal="D1", body="generalforsamling", power="oploes-foreningen",
    )  # fmt: skip
    assert (refusal.rule, refusal.provision) == ("use-transition", ProvisionRef(19, 1))
    assert "'dissolve'" in refusal.message


def test_a_meeting_cannot_be_called_before_the_caller_was_in_office(
    association: fr.Association,
) -> None:
    refusal = refused(
        association, "hold-meeting", D(2015, 11, 1), "generalforsamling",
        called_on="2015-09-01", called_by="bestyrelse",
    )  # fmt: skip
    assert (refusal.rule, refusal.provision) == ("not-in-office", ProvisionRef(6, 2))
    assert "2015-09-01" in refusal.message
    assembly(association, D(2015, 11, 1))


def test_a_casting_vote_is_the_meeting_leaders_where_no_chair_is_chosen(
    association: fr.Association,
) -> None:
    tie = {"present": 2, "yes": 1, "no": 1, "chair": "yes"}
    day = D(2016, 2, 1)
    record(association, "hold-meeting", day, "direktion")
    refusal = refused(association, "exercise", day, "direktion", power="daglig-ledelse", vote=tie)
    assert (refusal.rule, refusal.provision) == ("no-chair", ProvisionRef(10, 5))
    assert "chaired_by" in refusal.message
    leader = association.at(day).seats["direktion"][0].person
    day = D(2016, 2, 2)
    record(association, "hold-meeting", day, "direktion", chaired_by=leader)
    record(association, "exercise", day, "direktion", power="daglig-ledelse", vote=tie)


def test_a_meeting_is_led_by_one_who_sits(association: fr.Association) -> None:
    refusal = refused(
        association, "hold-meeting", D(2016, 2, 1), "direktion", chaired_by="Borgmester Sorø"
    )
    assert (refusal.rule, refusal.provision) == ("no-chair", ProvisionRef(7, 1))


def test_a_seat_that_has_ended_cannot_be_vacated(association: fr.Association) -> None:
    person = association.at(FOUNDED).seats["bestyrelse"][0].person
    day = D(2017, 10, 10)  # the term of 2015-10-01 has run out
    called = {"extraordinary": True, "demanded_by": list(association.at(day).members)}
    record(association, "hold-meeting", day, "generalforsamling", **called)
    vote = {"present": 14, "yes": 14, "no": 0}
    refusal = refused(
        association, "vacate", day, "generalforsamling", body="bestyrelse", person=person, vote=vote
    )
    assert (refusal.rule, refusal.provision) == ("no-seat", ProvisionRef(6, 1))


def test_a_phase_cannot_be_adopted_after_its_period() -> None:
    from foreningsregler.economy.stories import adopt_phase

    statute = fr.load(STATUTE)
    association = fr.Association(statute)
    clerk = Clerk(association, strict=True)
    assert statute.membership is not None
    found(clerk, statute.membership.municipalities, FOUNDED)
    assert adopt_phase(clerk, "fase-1", D(2015, 12, 1), start=D(2016, 1, 1), end=D(2017, 12, 31))
    assert association.at(D(2016, 1, 2)).phases["fase-1"].state == "running"
    late = {"start": D(2010, 1, 1), "end": D(2011, 12, 31)}
    with pytest.raises(fr.RuleViolation) as caught:
        adopt_phase(clerk, "fase-2", D(2016, 12, 1), **late)
    assert (caught.value.rule, caught.value.provision) == ("phase-period", ProvisionRef(13, 4))
    assert "ended on 2011-12-31" in caught.value.message


def test_only_a_body_signs_for_the_association(association: fr.Association) -> None:
    refusal = refused(association, "sign", D(2016, 1, 4), "Sorø", signers=["A", "B"])
    assert refusal.rule == "actor"


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ({"a": 1}, fr.BadArgument),
        (["x"], fr.BadArgument),
        (None, fr.BadArgument),
        ("", fr.UnknownName),
    ],
)
def test_listing_questions_refuse_names_that_are_no_text(name: object, error: type) -> None:
    # A value that is no text is a BadArgument (issue 12); the empty text names nothing.
    authority = fr.Authority(fr.load(STATUTE))
    with pytest.raises(error):
        authority.list_bodies(name)  # type: ignore[arg-type]
    with pytest.raises(error):
        authority.list_powers(name)  # type: ignore[arg-type]
