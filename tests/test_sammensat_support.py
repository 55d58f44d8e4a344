"""Helpers for the tests of composition and voting variants on the fixture
statute ``sammensat.yaml`` (no tests of its own).

Five municipalities apply and are admitted at the founding generalforsamling
of 1 March 2016 (admission needs unanimity among all members, § 2, stk. 7).
The bestyrelse has three to five seats on staggered two-year terms (§ 1,
stk. 2); the styregruppe's chair rotates Sorø, Køge, Næstved from 2016 (§ 1,
stk. 6).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import foreningsregler as fr
from foreningsregler.protocol.association import Association, RuleViolation
from foreningsregler.protocol.ledger import Event
from foreningsregler.statute.model import Statute

FIXTURE = Path(__file__).parent / "fixtures" / "sammensat.yaml"
D = dt.date
MEMBERS = ("Køge", "Næstved", "Ringsted", "Roskilde", "Sorø")
FOUNDING = D(2016, 3, 1)
P = fr.ProvisionRef

_STATUTE: Statute | None = None


def sammensat() -> Statute:
    global _STATUTE
    if _STATUTE is None:
        _STATUTE = fr.load(FIXTURE)
    return _STATUTE


def act(association: Association, kind: str, day: dt.date, actor: str, /, **data: Any) -> None:
    association.record(Event(kind, day, actor, data))


def refused(
    association: Association, kind: str, day: dt.date, actor: str, /, **data: Any
) -> RuleViolation:
    """The refusal of an event; asserts it changed nothing."""
    before, state = association.events, association.at(day)
    with pytest.raises(RuleViolation) as caught:
        act(association, kind, day, actor, **data)
    assert association.events == before
    assert association.at(day) == state
    return caught.value


def vote(present: int, yes: int | None = None, no: int = 0, **more: Any) -> dict[str, Any]:
    return {"present": present, "yes": present if yes is None else yes, "no": no, **more}


def meet(association: Association, body: str, day: dt.date, **data: Any) -> None:
    """``body`` meets on ``day`` (once)."""
    if not any(
        e.kind == "hold-meeting" and e.actor == body and e.date == day for e in association.events
    ):
        act(association, "hold-meeting", day, body, **data)


def decide(association: Association, body: str, day: dt.date, kind: str, /, **data: Any) -> None:
    """``body`` does ``kind`` at its meeting on ``day``; all who can attend vote
    for unless ``data`` brings its own vote."""
    meet(association, body, day)
    if "vote" not in data:
        size = association.statute.body(body).size
        seats = association.at(day).seats.get(body, ())
        present = len(seats) if size is not None else len(association.at(day).members) or 5
        data["vote"] = vote(present)
    act(association, kind, day, body, **data)


def founded(members: tuple[str, ...] = MEMBERS) -> Association:
    """Applied on 1 February 2016; founded and all admitted on 1 March 2016."""
    association = Association(sammensat())
    for m in members:
        act(association, "apply", D(2016, 2, 1), m)
    decide(
        association,
        "generalforsamling",
        FOUNDING,
        "hold-founding-assembly",
        vote=vote(len(members)),
    )
    for m in members:
        decide(
            association,
            "generalforsamling",
            FOUNDING,
            "admit",
            municipality=m,
            vote=vote(len(members)),
        )
    return association


def elect_board(
    association: Association, day: dt.date, people: dict[str, str], **more: Any
) -> None:
    """The generalforsamling elects ``people`` (person -> member) to the bestyrelse."""
    for person, member in people.items():
        decide(
            association,
            "generalforsamling",
            day,
            "elect",
            body="bestyrelse",
            person=person,
            municipality=member,
            **more.get(person, {}),
        )


def person(member: str) -> str:
    return f"KD {member}"
