"""Helpers for the protocol's tests on the fixture statute (no tests of its own).

Every decision of a collegial body now needs the body in office, its meeting
on the day and a vote that is quorate and passes -- elections and vacancies
too; a generalforsamling after the founding is called 14 days ahead by the
bestyrelse, and an F3 meets chaired by a member of the direktion. No power is
exercised before the founding generalforsamling has founded the association.
``decide`` does all of that for an act, so a test states only what it is about:

    decide(association, "bestyrelse", day, "recommend-phase", phase="fase-1")
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

FIXTURE = Path(__file__).parent / "fixtures" / "forening.yaml"
BUNDLED = Path(__file__).parent.parent / "vedtaegter" / "digitaliseringsforeningen.yaml"
D = dt.date
MEMBERS = ("Sorø", "Næstved", "Køge")
#: The fixture's generalforsamling is called 14 days ahead by the bestyrelse (§ 4, stk. 4).
NOTICE_DAYS = 14
FOUNDING = D(2015, 10, 1)
ANSKAF = "igangsaet-anskaffelse"
DELEGATION = "anskaffelser-til-f3"

_STATUTE: Statute | None = None


def fixture_statute() -> Statute:
    """The fixture statute, loaded once for every module that uses it."""
    global _STATUTE
    if _STATUTE is None:
        _STATUTE = fr.load(FIXTURE)
    return _STATUTE


def act(association: Association, kind: str, day: dt.date, actor: str, /, **data: Any) -> None:
    association.record(Event(kind, day, actor, data))


def refused(
    association: Association, kind: str, day: dt.date, actor: str, /, **data: Any
) -> RuleViolation:
    """The refusal of an event; asserts it changed nothing (record, state on its day)."""
    before, state = association.events, association.at(day)
    with pytest.raises(RuleViolation) as caught:
        act(association, kind, day, actor, **data)
    assert association.events == before  # a refused event changes nothing
    assert association.at(day) == state
    return caught.value


def vote(present: int, yes: int | None = None, no: int = 0, **more: Any) -> dict[str, Any]:
    """A vote mapping: ``vote(3)`` is three present, all for."""
    return {"present": present, "yes": present if yes is None else yes, "no": no, **more}


def can_attend(association: Association, body: str, day: dt.date) -> int:
    """Who can be present at a meeting of ``body`` on ``day``.

    A body of all members: the members; on the founding day (no member of an
    earlier day) the municipalities on record that have not left, the founders.
    A body of fixed size: its seats filled on the day.
    """
    state = association.at(day)
    if association.statute.body(body).size is not None:
        return len(state.seats.get(body, ()))
    if association.at(day - dt.timedelta(days=1)).members:
        return len(state.members)
    return sum(1 for s in state.membership.values() if s != "withdrawn")


def unanimous(association: Association, body: str, day: dt.date) -> dict[str, Any]:
    """Everyone who can attend is present and votes for."""
    return vote(can_attend(association, body, day))


def called(day: dt.date, days: int = NOTICE_DAYS, by: str = "bestyrelse") -> dict[str, str]:
    """The call of a generalforsamling: ``days`` ahead, by ``by``."""
    return {"called_on": (day - dt.timedelta(days=days)).isoformat(), "called_by": by}


def board_in_office(association: Association, day: dt.date, days: int = NOTICE_DAYS) -> bool:
    """Whether the bestyrelse sat ``days`` before ``day``, to call a generalforsamling."""
    return bool(association.at(day - dt.timedelta(days=days)).seats.get("bestyrelse"))


def demanded(association: Association, day: dt.date) -> dict[str, Any]:
    """An extraordinary generalforsamling all the members demand (§ 4, stk. 6):
    how it meets before a bestyrelse is in office to call it."""
    return {"extraordinary": True, "demanded_by": sorted(association.at(day).members)}


def met(association: Association, body: str, day: dt.date) -> bool:
    return any(
        e.kind == "hold-meeting" and e.actor == body and e.date == day for e in association.events
    )


def chair_from(association: Association, body: str, day: dt.date) -> str | None:
    """Someone who may chair ``body``'s meeting on ``day`` where its chair comes
    from another body (the F3s: a member of the direktion); None if none sits."""
    statute = association.statute
    chair = statute.body(body).chair
    if chair is None or chair.from_body is None:
        return None
    seats = association.at(day).seats
    sitting = sorted(
        s.person for b in statute.instances(chair.from_body) for s in seats.get(b.id, ())
    )
    return sitting[0] if sitting else None


def meeting(association: Association, body: str, day: dt.date) -> None:
    """Hold ``body``'s meeting on ``day`` unless one is on record; a
    generalforsamling once there are members is called in time by the
    bestyrelse (or, before one is in office, demanded by all the members); an
    F3 is chaired by a member of the direktion."""
    if met(association, body, day):
        return
    data: dict[str, Any] = {}
    if body == "generalforsamling" and association.at(day).members:
        data = called(day) if board_in_office(association, day) else demanded(association, day)
    chair = chair_from(association, body, day)
    if chair is not None:
        data["chaired_by"] = chair
    act(association, "hold-meeting", day, body, **data)


def decide(association: Association, body: str, day: dt.date, kind: str, /, **data: Any) -> None:
    """``body`` does ``kind`` at its meeting on ``day`` by a unanimous vote
    (unless ``data`` brings its own ``vote``)."""
    meeting(association, body, day)
    data.setdefault("vote", unanimous(association, body, day))
    act(association, kind, day, body, **data)


def applied(
    statute: Statute, ledger: Any = None, members: tuple[str, ...] = MEMBERS
) -> Association:
    """The members have signed and approved; the association is not founded yet."""
    association = Association(statute, ledger)
    for m in members:
        act(association, "sign-declaration", D(2015, 3, 1), m)
    for m in members:
        act(association, "approve-in-principle", D(2015, 6, 1), m)
    return association


def founded(
    statute: Statute, ledger: Any = None, members: tuple[str, ...] = MEMBERS
) -> Association:
    """The founding generalforsamling of 1 October 2015 founds the association
    (§ 5, stk. 1) and admits the members."""
    association = applied(statute, ledger, members)
    decide(association, "generalforsamling", FOUNDING, "hold-founding-assembly")
    for m in members:
        decide(association, "generalforsamling", FOUNDING, "admit", municipality=m)
    return association


def is_body(association: Association, name: str) -> bool:
    return name in {b.id for b in association.statute.bodies}


def elect(
    association: Association,
    elector: str,
    body: str,
    day: dt.date,
    person: str,
    m: str | None,
    role: str,
    **more: Any,
) -> None:
    """``elector`` fills a seat of ``body``: a body by its decision (its meeting,
    a unanimous vote unless ``more`` brings one), a member its own seat;
    ``m`` None elects staff, who hold no seat for a member."""
    data: dict[str, Any] = {"body": body, "person": person, "role": role, **more}
    if m is not None:
        data["municipality"] = m
    if is_body(association, elector):
        decide(association, elector, day, "elect", **data)
    else:
        act(association, "elect", day, elector, **data)


def choose_chair(association: Association, body: str, day: dt.date, person: str) -> None:
    """The chooser (the bestyrelse for itself, the direktion for an F3) at its meeting."""
    chair = association.statute.body(body).chair
    assert chair is not None
    chooser = chair.chosen_by or chair.from_body
    assert chooser is not None
    decide(association, chooser, day, "choose-chair", body=body, person=person)


def staffed(association: Association, day: dt.date = FOUNDING) -> Association:
    """Every body in office from ``day``: the generalforsamling elects the
    bestyrelse, which chooses its first member its chair and appoints the
    direktion the next day; each member names its fagchef in both fagudvalg,
    and f14-it elects f3-it on the third day."""
    members = sorted(association.at(day).members)
    for m in members:
        elect(
            association, "generalforsamling", "bestyrelse", day, f"KD {m}", m, "kommunaldirektoer"
        )
    next_day, third = day + dt.timedelta(days=1), day + dt.timedelta(days=2)
    choose_chair(association, "bestyrelse", next_day, f"KD {members[0]}")
    for m in members:
        elect(association, "bestyrelse", "direktion", next_day, f"DC {m}", m, "digitaliseringschef")
    for m in members:
        for area in ("it", "social"):
            elect(association, m, f"f14-{area}", next_day, f"FC {area} {m}", m, "fagchef")
    for m in members:
        elect(association, "f14-it", "f3-it", third, f"FC it {m}", m, "fagchef")
    return association


def adopt_phase(association: Association, phase: str, day: dt.date, start: str, end: str) -> None:
    """Proposed on ``day``, recommended the next day, adopted at a meeting the day after."""
    decide(association, "direktion", day, "propose-phase", phase=phase, start=start, end=end)
    decide(association, "bestyrelse", day + dt.timedelta(days=1), "recommend-phase", phase=phase)
    decide(association, "generalforsamling", day + dt.timedelta(days=2), "adopt-phase", phase=phase)


def with_phase_1(statute: Statute, ledger: Any = None) -> Association:
    """Founded and staffed; phase 1 (2016-2017) proposed, recommended,
    adopted on 3 November 2015; all three join at that meeting."""
    association = staffed(founded(statute, ledger))
    adopt_phase(association, "fase-1", D(2015, 11, 1), "2016-01-01", "2017-12-31")
    for m in MEMBERS:
        act(association, "join-phase", D(2015, 11, 3), m, phase="fase-1")
    return association


def procure(association: Association, day: dt.date, **data: Any) -> None:
    """f3-it starts a procurement for Sorø in fase-1 (the facts may be overridden)."""
    facts = {"power": ANSKAF, "phase": "fase-1", "municipality": "Sorø", "area": "it", **data}
    decide(association, "f3-it", day, "exercise", **facts)
