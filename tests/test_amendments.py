"""Amendments as acts (issue 11, item 2): an association opened with a statute's
history judges every event under the version that governs its day, and a
version governs only once the protocol records its adoption by the statute's
own procedure, the councils' decisions and the approval the law asks for.

The history is ``tests/fixtures/history``: version 2 lets the board fix the
year's activities (§ 11, stk. 6), in force from 1 July 2016 by the history.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_law import FOUNDERS, D, _assembly, _in_force, _record, _refused, _vote

import foreningsregler as fr
from foreningsregler.protocol.association import Association
from foreningsregler.protocol.ledger import Event
from foreningsregler.protocol.sqlite_store import SqliteLedger
from foreningsregler.protocol.state import RuleViolation
from foreningsregler.versions import History, load_history

ROOT = Path(__file__).resolve().parent.parent
HISTORY = ROOT / "tests" / "fixtures" / "history" / "digitaliseringsforeningen.history.yaml"
POWER = "fastlaeg-aarsaktiviteter"
V2 = {"change": "version-2"}


@pytest.fixture(scope="module")
def history() -> History:
    return load_history(HISTORY)


def _adopt(association: Association, change: dict[str, str], day: dt.date) -> None:
    """The board recommends, the general assembly meets with notice and adopts."""
    recommended = day - dt.timedelta(days=29)
    _record(association, "hold-meeting", recommended, "bestyrelse")
    _record(
        association,
        "recommend",
        recommended,
        "bestyrelse",
        power="godkend-vedtaegter",
        vote=_vote(3),
    )
    _assembly(association, day)
    _record(association, "adopt-statute", day, "generalforsamling", vote=_vote(3), **change)


def _decided(association: Association, change: dict[str, str], day: dt.date) -> None:
    for municipality in FOUNDERS:
        _record(
            association, "kommunalbestyrelse-decision", day, municipality, matter="change", **change
        )


def _approve(association: Association, change: dict[str, str], day: dt.date) -> None:
    _record(association, "approve-statute", day, "statsforvaltningen", matter="change", **change)


def _board_fixes_activities(association: Association, day: dt.date) -> None:
    _record(association, "hold-meeting", day, "bestyrelse")
    _record(association, "exercise", day, "bestyrelse", power=POWER, vote=_vote(3))


def _board_refused(association: Association, day: dt.date) -> RuleViolation:
    _record(association, "hold-meeting", day, "bestyrelse")
    return _refused(association, "exercise", day, "bestyrelse", power=POWER, vote=_vote(3))


def _number(association: Association, day: dt.date) -> int:
    version = association.version_on(day)
    assert version is not None
    return version.number


def _amended(history: History) -> Association:
    association = _in_force(history)
    _adopt(association, V2, D(2016, 3, 1))
    _decided(association, V2, D(2016, 4, 1))
    _approve(association, V2, D(2016, 6, 15))
    return association


def test_the_same_act_is_refused_before_the_amendment_and_allowed_after(history: History) -> None:
    association = _amended(history)
    before = _board_refused(association, D(2016, 6, 30))
    assert (before.rule, str(before.provision)) == ("power:no-chain", "§ 4, stk. 2")
    _board_fixes_activities(association, D(2016, 7, 1))
    assert _number(association, D(2016, 6, 30)) == 1
    assert _number(association, D(2016, 7, 1)) == 2
    assert association.statute_on(D(2016, 7, 1)) is history.versions[1].statute
    assert association.law(D(2016, 7, 1)).in_force["version-2"] == D(2016, 6, 15)


def test_an_amendment_not_approved_never_comes_into_force(history: History) -> None:
    association = _in_force(history)
    _adopt(association, V2, D(2016, 3, 1))
    _decided(association, V2, D(2016, 4, 1))
    later = D(2017, 1, 2)  # long after the history's in_force of version 2
    refused = _board_refused(association, later)
    assert (refused.rule, str(refused.provision)) == ("power:no-chain", "§ 4, stk. 2")
    version = association.version_on(later)
    assert version is not None and version.number == 1
    assert association.law(later).in_force["version-2"] is None


def test_an_amendment_without_every_councils_decision_never_comes_into_force(
    history: History,
) -> None:
    association = _in_force(history)
    _adopt(association, V2, D(2016, 3, 1))
    _record(
        association, "kommunalbestyrelse-decision", D(2016, 4, 1), "Greve", matter="change", **V2
    )
    early = _refused(
        association, "approve-statute", D(2016, 6, 15), "statsforvaltningen", matter="change", **V2
    )
    assert (early.rule, str(early.provision)) == ("council-decisions-missing", "kstl. § 60, stk. 1")
    assert _board_refused(association, D(2016, 8, 1)).rule == "power:no-chain"


def test_an_amendment_adopted_by_the_wrong_body_is_refused(history: History) -> None:
    association = _in_force(history)
    _record(association, "hold-meeting", D(2016, 3, 1), "bestyrelse")
    refused = _refused(
        association, "adopt-statute", D(2016, 3, 1), "bestyrelse", vote=_vote(3), **V2
    )
    assert refused.rule == "power:no-chain"
    assert "version-2" not in association.law(D(2016, 3, 1)).in_force


def test_an_approval_after_the_historys_day_governs_from_the_approval(history: History) -> None:
    association = _in_force(history)
    _adopt(association, V2, D(2016, 3, 1))
    _decided(association, V2, D(2016, 4, 1))
    assert _board_refused(association, D(2016, 7, 31)).rule == "power:no-chain"
    _approve(association, V2, D(2016, 8, 1))
    _board_fixes_activities(association, D(2016, 8, 1))
    assert _number(association, D(2016, 7, 31)) == 1
    assert _number(association, D(2016, 8, 1)) == 2


def test_a_change_that_is_no_version_of_the_history_is_refused(history: History) -> None:
    association = _in_force(history)
    _assembly(association, D(2016, 3, 1))
    for change in ("version-9", "version-1", "aendring-1"):
        refused = _refused(
            association,
            "adopt-statute",
            D(2016, 3, 1),
            "generalforsamling",
            vote=_vote(3),
            change=change,
        )
        assert (refused.rule, str(refused.provision)) == ("unknown-version", "kstl. § 60, stk. 1")
        assert "version-2, version-3" in refused.message


def test_a_version_earlier_than_the_governing_one_is_refused(history: History) -> None:
    association = _in_force(history)
    v3 = {"change": "version-3"}
    _adopt(association, v3, D(2016, 3, 1))
    _decided(association, v3, D(2016, 4, 1))
    _approve(association, v3, D(2016, 6, 15))
    version = association.version_on(D(2017, 7, 1))
    assert version is not None and version.number == 3  # version 2 is skipped: never adopted
    late = D(2017, 9, 1)
    refused = _refused(association, "adopt-statute", late, "generalforsamling", vote=_vote(3), **V2)
    assert (refused.rule, str(refused.provision)) == ("version-not-later", "kstl. § 60, stk. 1")
    assert "version 3" in refused.message


def test_the_state_on_a_past_day_is_judged_under_its_own_version(history: History) -> None:
    association = _amended(history)
    _board_fixes_activities(association, D(2016, 7, 1))
    assert _number(association, D(2016, 1, 5)) == 1
    assert association.at(D(2016, 1, 5)).members == frozenset(FOUNDERS)
    assert association.statute_on(D(2016, 1, 5)) is history.versions[0].statute


def test_a_stored_protocol_replays_only_under_its_history(history: History, tmp_path: Path) -> None:
    path = tmp_path / "protokol.db"
    association = _amended(history)
    _board_fixes_activities(association, D(2016, 7, 1))
    Association(history, SqliteLedger(path)).record_all(association.events)
    reopened = Association(history, SqliteLedger(path, read_only=True))
    assert _number(reopened, D(2016, 7, 1)) == 2
    assert reopened.at(D(2016, 7, 1)) == association.at(D(2016, 7, 1))
    with pytest.raises(RuleViolation) as caught:  # the first version alone
        Association(history.versions[0].statute, SqliteLedger(path, read_only=True))
    refused = caught.value
    assert (refused.rule, str(refused.provision)) == ("power:no-chain", "§ 4, stk. 2")
    assert refused.message.startswith("entry 31 (exercise on 2016-07-01 by bestyrelse)")


def test_without_a_history_the_association_has_no_versions(history: History) -> None:
    association = Association(history.versions[0].statute)
    assert association.versions is None
    assert association.version_on(D(2016, 1, 1)) is None
    assert association.statute_on(D(2016, 1, 1)) is history.versions[0].statute


def test_an_association_refuses_what_is_neither_a_statute_nor_a_history() -> None:
    with pytest.raises(fr.BadArgument, match="a Statute \\(from load\\) or its History"):
        Association("statute.yaml")  # type: ignore[arg-type]  # the wrong type on purpose


def test_events_judged_one_by_one_and_as_a_batch_agree(history: History) -> None:
    one_by_one = _amended(history)
    _board_fixes_activities(one_by_one, D(2016, 7, 1))
    batch = Association(history)
    batch.record_all([Event(e.kind, e.date, e.actor, dict(e.data)) for e in one_by_one.events])
    assert batch.at(D(2016, 7, 1)) == one_by_one.at(D(2016, 7, 1))


def test_the_refusal_of_an_unknown_version_is_said_in_danish(
    history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    association = _in_force(history)
    _assembly(association, D(2016, 3, 1))
    monkeypatch.setenv("FORENINGSREGLER_LANG", "da")
    refused = _refused(
        association, "adopt-statute", D(2016, 3, 1), "generalforsamling", vote=_vote(3), change="x"
    )
    assert refused.message == (
        "ændringen x er ingen version i vedtægtens historik; den nævner: version-2, version-3"
    )


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    councils=st.sets(st.sampled_from(FOUNDERS)),
    # around the history's in_force of version 2 (1 July 2016, day 90 from 2 April)
    approval=st.one_of(st.none(), st.integers(min_value=60, max_value=120)),
)
def test_a_version_governs_exactly_when_every_act_is_on_record(
    history: History, councils: set[str], approval: int | None
) -> None:
    """Whatever part of the procedure is recorded, version 2 governs a day only
    if it is adopted, every council has decided, it is approved by then and the
    history's in_force has come: asked of every day from June to August."""
    association = _in_force(history)
    _adopt(association, V2, D(2016, 3, 1))
    for municipality in sorted(councils):
        _record(
            association,
            "kommunalbestyrelse-decision",
            D(2016, 4, 1),
            municipality,
            matter="change",
            **V2,
        )
    approved = None if approval is None else D(2016, 4, 2) + dt.timedelta(days=approval)
    if approved is not None and councils == set(FOUNDERS):
        _approve(association, V2, approved)
    for offset in range(0, 92, 3):
        day = D(2016, 6, 1) + dt.timedelta(days=offset)
        governs = (
            approved is not None
            and councils == set(FOUNDERS)
            and approved <= day
            and day >= history.versions[1].in_force
        )
        assert _number(association, day) == (2 if governs else 1), day
