"""What the replay keeps between events changes no verdict.

- a decision's vote is judged once per state, day and counts, and a vote
  whose counts only compare equal (``True == 1``) or another body's, rule's or
  day's is judged afresh;
- a day's view and every check that passed are forgotten at the next change;
- a replay thawed from a checkpoint reads the meetings held up to its entry
  through the history's index, and adds the ones held after it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from test_procedure_support import (
    ANSKAF,
    D,
    act,
    decide,
    fixture_statute,
    founded,
    meeting,
    refused,
    staffed,
    vote,
)

from foreningsregler.protocol.association import Association
from foreningsregler.protocol.history import ChairsUpTo, Held, HeldUpTo
from foreningsregler.statute.model import ProvisionRef, Statute

GF_FLERTAL = ProvisionRef(4, 2)
DAY = D(2016, 3, 1)
PHASE = {"phase": "fase-1", "start": "2016-01-01", "end": "2017-12-31"}


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fixture_statute()


@pytest.fixture
def association(statute: Statute) -> Association:
    association = staffed(founded(statute))
    meeting(association, "generalforsamling", DAY)
    return association


def test_a_vote_equal_only_by_value_is_judged_again(association: Association) -> None:
    counted = {"present": 3, "yes": 1, "no": 0, "abstain": 2}
    act(association, "exercise", DAY, "generalforsamling", power=ANSKAF, vote=counted)
    cast = {**counted, "yes": True}  # True == 1, but a vote of True is no count
    error = refused(association, "exercise", DAY, "generalforsamling", power=ANSKAF, vote=cast)
    assert (error.rule, error.provision) == ("bad-vote", GF_FLERTAL)
    assert "'yes' is a whole number, not True" in error.message


def test_the_same_counts_pass_again_and_other_counts_are_judged(
    association: Association,
) -> None:
    for _ in range(3):  # the memo's answer: the same as the first time
        act(association, "exercise", DAY, "generalforsamling", power=ANSKAF, vote=vote(3, 2, 1))
    tie = refused(
        association, "exercise", DAY, "generalforsamling", power=ANSKAF, vote=vote(2, 1, 1)
    )
    assert (tie.rule, tie.provision) == ("vote-failed", GF_FLERTAL)
    # A refusal is not kept: the same tie is refused again, with its message.
    again = refused(
        association, "exercise", DAY, "generalforsamling", power=ANSKAF, vote=vote(2, 1, 1)
    )
    assert (again.rule, again.message) == (tie.rule, tie.message)


def test_a_pass_is_forgotten_when_the_state_changes(association: Association) -> None:
    act(association, "exercise", DAY, "generalforsamling", power=ANSKAF, vote=vote(3, 2, 1))
    replay = association._replay
    assert replay.memo  # what passed today is kept...
    view = replay.view(DAY)
    assert replay.view(DAY) is view
    later = DAY + dt.timedelta(days=1)
    meeting(association, "direktion", later)  # ...until a change: a meeting held
    assert not replay.memo
    # The day's view keeps its answers while no state or period changes.
    assert (replay.view(DAY) is view) is not replay.rules.meetings_move_clock
    decide(association, "direktion", later, "propose-phase", **PHASE)  # a state set
    assert replay.view(DAY) is not view
    error = refused(
        association, "exercise", DAY + dt.timedelta(days=2), "generalforsamling",
        power=ANSKAF, vote=vote(3, 2, 1),
    )  # fmt: skip
    assert error.rule == "no-meeting"


M1, M2, M3 = ("bestyrelse", D(2016, 1, 1)), ("bestyrelse", D(2016, 2, 1)), ("f3", D(2016, 3, 1))


def test_meetings_up_to_an_entry_read_the_index_and_add_their_own() -> None:
    held = HeldUpTo({M1: 1, M2: 5}, 3)
    assert M1 in held and M2 not in held and M3 not in held
    held.add(M3)
    assert M3 in held and set(held) == {M1, M3} and len(held) == 2
    with pytest.raises(NotImplementedError):
        held.discard(M1)


def test_chairs_up_to_an_entry_are_the_last_chosen_by_it() -> None:
    index = {M1: [(1, "Anna"), (6, "Bo")]}
    assert ChairsUpTo(index, 3)[M1] == "Anna"
    assert ChairsUpTo(index, 7)[M1] == "Bo"
    early = ChairsUpTo(index, 0)
    assert early.get(M1) is None and dict(early) == {}
    early[M2] = "Cai"
    assert dict(early) == {M2: "Cai"}


def test_the_index_cut_back_forgets_later_meetings() -> None:
    held = Held()
    held.note(0, 1, M1)
    held.note(1, 1, (M1, "Anna"))
    held.note(0, 4, M2)
    held.note(2, 4, M2)
    meetings, chairs, extraordinary = held.cut(3).upto(10)
    assert set(meetings) == {M1} and dict(chairs) == {M1: "Anna"} and set(extraordinary) == set()
    meetings, chairs, extraordinary = held.upto(10)
    assert set(meetings) == {M1, M2} and set(extraordinary) == {M2}
