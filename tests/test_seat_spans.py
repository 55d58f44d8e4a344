"""The seats a body holds, kept for a span of days, are the seats of each day.

``Replay.seated`` keeps a body's seats for the days on which no seat can
start or end by the clock alone (a term, a seat elected for a later day, a
member's state moved by the clock): asked for any day in any order, the
answer is the one worked out afresh for that day alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import foreningsregler as fr
from foreningsregler.economy.events import Clerk
from foreningsregler.economy.stories import found
from foreningsregler.protocol.replay import Replay
from foreningsregler.protocol.state import Seat

STATUTE = Path(__file__).resolve().parent.parent / "vedtaegter" / "digitaliseringsforeningen.yaml"
FOUNDED = dt.date(2015, 10, 1)
BODIES = ("bestyrelse", "direktion", "d14", "f3-it", "generalforsamling")


def founded(notice: bool) -> fr.Association:
    """Founded: the board (elected for two years, § 6, stk. 2), the direktion and
    the D14 seated; with ``notice``, the first member (with a seat in each)
    then gives notice, so its state may move by the clock."""
    statute = fr.load(STATUTE)
    association = fr.Association(statute)
    assert statute.membership is not None
    found(Clerk(association), statute.membership.municipalities, FOUNDED)
    if notice:
        first = sorted(statute.membership.municipalities)[0]
        association.record(fr.Event("give-notice", dt.date(2016, 2, 1), first))
    return association


@pytest.fixture(scope="module")
def plain() -> fr.Association:
    return founded(notice=False)


@pytest.fixture(scope="module")
def noticed() -> fr.Association:
    return founded(notice=True)


def afresh(replay: Replay, body: str, day: dt.date) -> tuple[object, ...]:
    """The seats of ``day`` alone: every kept answer forgotten first."""
    replay._seats_moved()
    return replay.seated(body, day)


DAYS = st.dates(min_value=dt.date(2015, 9, 1), max_value=dt.date(2019, 12, 31))


FIXTURES_SHARED = [HealthCheck.function_scoped_fixture]  # read only: seats asked, not changed


@settings(max_examples=80, deadline=None, suppress_health_check=FIXTURES_SHARED)
@given(
    notice=st.booleans(),
    asked=st.lists(st.tuples(st.sampled_from(BODIES), DAYS), min_size=1, max_size=25),
)
def test_seats_kept_for_a_span_are_the_seats_of_each_day(
    plain: fr.Association,
    noticed: fr.Association,
    notice: bool,
    asked: list[tuple[str, dt.date]],
) -> None:
    association = noticed if notice else plain
    replay = association._replay
    fresh = Replay.thawed(replay.rules, replay.frozen())
    replay._seats_moved()
    for body, day in asked:
        assert replay.seated(body, day) == afresh(fresh, body, day), (body, day)


def test_a_span_ends_where_a_term_does(plain: fr.Association) -> None:
    replay = plain._replay
    replay._seats_moved()
    sitting = replay.seated("bestyrelse", dt.date(2016, 6, 1))
    assert len(sitting) == 3
    start, until, _seats = replay._spans["bestyrelse"]
    assert until is None  # worked out when a later day asks
    until = replay._span_end("bestyrelse", replay._spans["bestyrelse"])
    assert (start, until) == (dt.date(2016, 6, 1), dt.date(2017, 10, 1))  # two years on
    assert replay.seated("bestyrelse", dt.date(2017, 9, 30)) == sitting
    assert replay.seated("bestyrelse", dt.date(2017, 10, 1)) == ()


def test_a_member_whose_state_the_clock_may_move_keeps_no_span(
    noticed: fr.Association,
) -> None:
    replay = noticed._replay
    replay._seats_moved()
    day = dt.date(2016, 6, 1)
    replay.seated("direktion", day)  # the member who gave notice sits in it
    start, _until, _seats = replay._spans["direktion"]
    until = replay._span_end("direktion", replay._spans["direktion"])
    assert (start, until) == (day, day + dt.timedelta(days=1))


def test_a_drawn_body_follows_its_source_asked_on_other_days_first(
    plain: fr.Association,
) -> None:
    # The direktion is drawn from the D14: a person sits in it only while
    # sitting in the D14. A D14 seat elected for a later day ends the spans of
    # both, however the days were asked before (here: the source's later span
    # was made last, before the drawn body is asked on an earlier day).
    replay = Replay.thawed(plain._replay.rules, plain._replay.frozen())
    member = sorted(replay.rules.municipalities)[-1]
    later, earlier = dt.date(2017, 1, 1), dt.date(2016, 6, 1)
    replay.seats["d14"] = [*replay.seats["d14"], Seat("d14", "P", member, "kd", later)]
    replay.seats["direktion"] = [
        *replay.seats["direktion"],
        Seat("direktion", "P", member, "kd", dt.date(2015, 10, 2)),
    ]
    replay._seats_moved()
    assert "P" not in {s.person for s in replay.seated("d14", earlier)}
    assert "P" in {s.person for s in replay.seated("d14", dt.date(2017, 6, 1))}
    before = replay.seated("direktion", earlier)
    after = replay.seated("direktion", dt.date(2017, 6, 1))
    assert "P" not in {s.person for s in before}
    assert "P" in {s.person for s in after}
    assert after == afresh(replay, "direktion", dt.date(2017, 6, 1))
