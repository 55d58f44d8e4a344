"""The quick way of ``Authority.check`` (prebuilt answers, the conditions as
one compiled test) answers exactly as the full way (``_check``: every
argument checked, every chain's conditions evaluated by ``Query``), on every
statute shipped, for any facts and any state: allowed or refused, with the
same chains, conditions and denials, or the same error."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import foreningsregler as fr
from foreningsregler.authority.answers import SetUp, StaticState, Withheld
from foreningsregler.authority.index import MEMO_SIZE, Authority
from foreningsregler.errors import ForeningsreglerError

ROOT = Path(__file__).resolve().parent.parent
STATUTES = sorted((ROOT / "vedtaegter").glob("*[!t].yaml"))
PHASES = ["fase-1", "fase-2", "fase-3"]
PERSONS = ["anne", "bo"]


def _statute(path: Path) -> tuple[fr.Statute, Authority]:
    statute = fr.load(path)
    return statute, Authority(statute)


LOADED = {path.stem: _statute(path) for path in STATUTES}


def generous(statute: fr.Statute, municipality: str) -> StaticState:
    """A state where every condition can hold: every phase adopted, running and
    joined, every seat for ``municipality``, every body set up."""
    return StaticState(
        adopted=frozenset(PHASES),
        running=frozenset(PHASES),
        participants={p: frozenset({municipality}) for p in PHASES},
        seats={(b.id, person): municipality for b in statute.bodies for person in PERSONS},
        set_up_bodies={
            b.id: SetUp(b.id, dt.date(2024, 1, 1)) for b in statute.bodies if b.set_up_by
        },
    )


@st.composite
def states(draw: st.DrawFn, statute: fr.Statute, municipality: str) -> StaticState | None:
    kind = draw(st.sampled_from(["none", "generous", "drawn"]))
    if kind == "none":
        return None
    if kind == "generous":
        return generous(statute, municipality)
    municipalities = sorted(statute.membership.names if statute.membership else ()) or ["Sorø"]
    bodies = [b.id for b in statute.bodies]
    some = st.frozensets(st.sampled_from(PHASES))
    withheld = {
        (d.key, target.id): Withheld("suspenderet", dt.date(2024, 1, 1), d.provision)
        for d in statute.delegations
        for target in statute.instances(d.to_body)
        if draw(st.booleans())
    }
    made = [b.id for b in statute.bodies if b.set_up_by is not None]
    set_up = {
        body: SetUp(
            body, dt.date(2024, 1, 1), dissolved=draw(st.sampled_from([None, dt.date(2024, 6, 1)]))
        )
        for body in made
        if draw(st.booleans())
    }
    seats = {
        (body, person): draw(st.sampled_from(municipalities))
        for body in draw(st.lists(st.sampled_from(bodies), max_size=3))
        for person in PERSONS
    }
    return StaticState(
        adopted=draw(some),
        running=draw(some),
        participants={
            p: frozenset(draw(st.lists(st.sampled_from(municipalities), max_size=3)))
            for p in draw(some)
        },
        proposed=draw(some),
        withheld_delegations=withheld,
        seats=seats,
        set_up_bodies=set_up,
    )


@st.composite
def questions(draw: st.DrawFn) -> tuple[str, str, str, dict[str, Any]]:
    name = draw(st.sampled_from(sorted(LOADED)))
    statute, authority = LOADED[name]
    scoped = [
        p.id for p in statute.powers if p.scope or any(d.power == p.id for d in statute.delegations)
    ]
    every = [p.id for p in statute.powers]
    power = draw(st.sampled_from(scoped if scoped and draw(st.booleans()) else every))
    reached = list(authority.list_bodies(power))
    body = draw(
        st.sampled_from(reached or [b.id for b in statute.bodies])
        if draw(st.booleans())
        else st.sampled_from([b.id for b in statute.bodies])
    )
    municipalities = sorted(statute.membership.names if statute.membership else ()) or ["Sorø"]
    areas = [a.id for a in statute.areas]
    municipality = draw(st.sampled_from([None, *municipalities[:3]]))
    own = statute.body(body).area
    facts = {
        "phase": draw(st.sampled_from([None, *PHASES])),
        "municipality": municipality,
        "area": draw(st.sampled_from([None, *([own] * 3 if own else []), *areas[:3]])),
        "person": draw(st.sampled_from([None, *PERSONS])),
        "on": draw(st.sampled_from([None, dt.date(2010, 1, 1), dt.date(2030, 1, 1)])),
        "state": draw(states(statute, municipality or municipalities[0])),
    }
    return name, body, power, facts


def _answer(call: Any, *arguments: Any, **facts: Any) -> object:
    try:
        return call(*arguments, **facts)
    except ForeningsreglerError as error:
        return (type(error), str(error))


@settings(
    max_examples=400,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(questions())
def test_the_quick_way_answers_as_the_full_way(
    question: tuple[str, str, str, dict[str, Any]],
) -> None:
    name, body, power, facts = question
    authority = LOADED[name][1]
    full = _answer(
        authority._check,
        body,
        power,
        facts["phase"],
        facts["municipality"],
        facts["on"],
        facts["state"],
        facts["area"],
        facts["person"],
    )
    assert _answer(authority.check, body, power, **facts) == full
    assert _answer(authority.check, body, power, **facts) == full  # the memo filled


def test_every_pair_of_every_statute_answers_as_the_full_way() -> None:
    state = StaticState(adopted=frozenset(PHASES), running=frozenset(PHASES))
    for statute, authority in LOADED.values():
        for power in statute.powers:
            for body in statute.bodies:
                for given_state in (None, state):
                    quick = _answer(authority.check, body.id, power.id, state=given_state)
                    full = _answer(
                        authority._check,
                        body.id,
                        power.id,
                        None,
                        None,
                        None,
                        given_state,
                        None,
                        None,
                    )
                    assert quick == full, (body.id, power.id)


@pytest.mark.parametrize("bad", [["a"], 3, "", b"fase-1"])
def test_odd_facts_take_the_full_way_and_its_errors(bad: object) -> None:
    authority = LOADED["digitaliseringsforeningen"][1]
    for fact in ("phase", "municipality", "area", "person"):
        with pytest.raises(ForeningsreglerError):
            authority.check("f3-it", "igangsaet-anskaffelse", **{fact: bad})  # type: ignore[arg-type]


def test_the_memo_of_refusals_is_bounded() -> None:
    statute, _ = LOADED["digitaliseringsforeningen"]
    authority = Authority(statute)
    bodies = [b.id for b in statute.bodies]
    asked = 0
    for power in statute.powers:
        for body in bodies:
            if not authority.check(body, power.id):
                asked += 1
    assert asked > 0
    assert len(authority._memo) == min(asked, MEMO_SIZE)
    small = Authority(statute)
    small._memo.size = 5
    refused = [(b, p.id) for p in statute.powers for b in bodies if not authority.check(b, p.id)]
    first = small.check(*refused[0])
    for pair in refused[1:10]:
        small.check(*pair)
    assert len(small._memo) == 5
    assert small.check(*refused[0]) == first  # made again, the same


def test_threads_sharing_an_index_with_a_small_memo_get_the_same_answers() -> None:
    statute, _ = LOADED["digitaliseringsforeningen"]
    authority = Authority(statute)
    authority._memo.size = 3
    pairs = [(b.id, p.id) for p in statute.powers for b in statute.bodies][:400]
    expected = [Authority(statute).check(*pair) for pair in pairs]
    failures: list[BaseException] = []

    def ask() -> None:
        try:
            for _ in range(3):
                assert [authority.check(*pair) for pair in pairs] == expected
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    workers = [threading.Thread(target=ask) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
