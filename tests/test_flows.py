"""Decision flows: behaviour, calendars and the statute's rules change how
proposals fare; every failure cites the provision the protocol gave."""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from flows_helpers import scenario, variant
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import foreningsregler as fr
from foreningsregler.economy.behaviour import Calendar, decision_kinds
from foreningsregler.economy.flow_results import Reason
from foreningsregler.economy.flow_sweep import sweep_flows
from foreningsregler.economy.flows import ASSUMPTIONS, next_meeting, simulate_flows
from foreningsregler.economy.money import EconomyError
from foreningsregler.economy.simulation import load_scenario, run_seed
from foreningsregler.statute.problems import StatuteError

FEE = "fastsaet-kontingent"  # the general assembly's, by simple majority (§ 5, stk. 3)
STATUTE_CHANGE = "godkend-vedtaegter"  # 2/3, after the board's recommendation (§ 18, stk. 2)


def run(folder: Path, flows: dict[str, Any], seed: int = 1, **options: Any) -> Any:
    loaded = load_scenario(scenario(folder, flows, **options))
    return simulate_flows(fr.load(loaded.statute), loaded, seed)


def test_no_one_attending_means_no_quorum_with_the_quorum_provision(tmp_path: Path) -> None:
    flows = {"attends": 0, "proposals": [{"kind": FEE, "per_year": 3}]}
    result = run(tmp_path, flows)
    assert result.outcomes
    decided = [o for o in result.outcomes if o.reason is not Reason.OPEN]
    assert decided and {o.reason for o in decided} == {Reason.NO_QUORUM}
    assert {(o.rule, str(o.provision), o.body) for o in decided} == {
        ("not-quorate", "§ 5, stk. 3", "generalforsamling")
    }
    summary = result.summary()[FEE]
    assert summary.failure_rate == 1 and summary.passed == 0
    assert summary.provisions == (("no-quorum", ("§ 5, stk. 3",)),)


def test_no_one_voting_yes_means_voted_down(tmp_path: Path) -> None:
    flows = {"votes_yes": {FEE: 0}, "proposals": [{"kind": FEE, "per_year": 3}]}
    decided = [o for o in run(tmp_path, flows).outcomes if o.reason is not Reason.OPEN]
    assert decided and {(o.reason, o.rule, str(o.provision)) for o in decided} == {
        (Reason.VOTED_DOWN, "vote-failed", "§ 5, stk. 3")
    }


def test_a_recommendation_voted_down_stops_the_proposal_with_its_requirement(
    tmp_path: Path,
) -> None:
    flows = {
        "votes_yes": {STATUTE_CHANGE: 0},
        "proposals": [{"kind": STATUTE_CHANGE, "per_year": 2}],
    }
    decided = [o for o in run(tmp_path, flows).outcomes if o.reason is not Reason.OPEN]
    assert decided
    for outcome in decided:
        assert (outcome.reason, outcome.body, outcome.step) == (
            Reason.NO_PRIOR,
            "bestyrelse",
            "recommendation",
        )
        assert str(outcome.provision) == "§ 18, stk. 2"  # the requirement's own provision


def test_everyone_present_and_for_passes_every_proposal(tmp_path: Path) -> None:
    flows = {"proposals": [{"kind": STATUTE_CHANGE, "per_year": 2}, {"kind": FEE, "per_year": 2}]}
    result = run(tmp_path, flows)
    assert {o.reason for o in result.outcomes} <= {Reason.PASSED, Reason.OPEN}
    assert all(s.passed for s in result.summary().values())


def test_unanimity_fails_more_often_than_two_thirds_on_the_same_seed(tmp_path: Path) -> None:
    flows = {
        "votes_yes": {STATUTE_CHANGE: 0.85, "indstil-faser": 1},
        "proposals": [{"kind": STATUTE_CHANGE, "per_year": 6}],
    }
    unanimous = variant(tmp_path, "enstemmig.yaml", unanimity="vedtaegtsflertal")
    bundled = run(tmp_path, flows, years=8)
    two_thirds = bundled.summary()[STATUTE_CHANGE]
    one_voice = run(tmp_path, flows, statute=unanimous, years=8, name="u.yaml")
    only = one_voice.summary()[STATUTE_CHANGE]
    assert two_thirds.proposals == only.proposals  # the same proposals arise
    assert [o.proposed for o in bundled.outcomes] == [o.proposed for o in one_voice.outcomes]
    assert only.failure_rate > two_thirds.failure_rate
    unanimous_failures = [o for o in one_voice.outcomes if o.reason is Reason.VOTED_DOWN]
    assert unanimous_failures and all(
        str(o.provision) == "§ 18, stk. 2" for o in unanimous_failures
    )


def test_a_calendar_changes_the_time_to_decision(tmp_path: Path) -> None:
    proposals = [{"kind": FEE, "per_year": 2}]
    ad_hoc = {"proposals": proposals}
    yearly = {
        "proposals": proposals,
        "calendars": [{"body": "generalforsamling", "months": [4], "day": 20}],
    }
    quick = run(tmp_path, ad_hoc, years=6).summary()[FEE]
    slow_run = run(tmp_path, yearly, years=6, name="yearly.yaml")
    slow = slow_run.summary()[FEE]
    assert quick.median_days is not None and slow.median_days is not None
    # Ad hoc: the 28 days' notice (§ 5, stk. 1) and a day; yearly: wait for April.
    assert quick.median_days == 28
    assert slow.median_days > quick.median_days
    assert all(o.decided.month == 4 and o.decided.day == 20 for o in slow_run.outcomes if o.decided)


def test_a_run_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    flows = {
        "attends": 0.7,
        "votes_yes": 0.6,
        "proposals": [{"kind": STATUTE_CHANGE, "per_year": 3}],
    }
    loaded = load_scenario(scenario(tmp_path, flows))
    statute = fr.load(loaded.statute)
    first, again = (simulate_flows(statute, loaded, 5) for _ in range(2))
    assert first == again
    assert simulate_flows(statute, loaded, 6).outcomes != first.outcomes


def test_a_sweep_is_the_same_on_any_executor(tmp_path: Path) -> None:
    flows = {"attends": 0.8, "votes_yes": 0.7, "proposals": [{"kind": FEE, "per_year": 2}]}
    loaded = load_scenario(scenario(tmp_path, flows, years=2))
    statute = fr.load(loaded.statute)
    with ThreadPoolExecutor(2) as pool:
        threaded = sweep_flows(statute, loaded, 6, 3, pool, chunks=3)
    single = sweep_flows(statute, loaded, 6, 3, ThreadPoolExecutor(1), chunks=1)
    assert threaded.runs == single.runs and len(threaded.runs) == 6
    assert threaded.to_json()["runs"] == 6
    frame = threaded.to_pandas()
    assert list(frame.columns[:3]) == ["run", "kind", "number"]
    assert set(frame["run"]) == set(range(6))


def test_the_result_marks_its_assumptions(tmp_path: Path) -> None:
    result = run(tmp_path, {"proposals": [{"kind": FEE, "per_year": 1}]})
    assert len(result.assumptions) == len(ASSUMPTIONS)
    assert any("inquorate" in a for a in result.assumptions)
    assert result.to_json()["assumptions"] == list(result.assumptions)


def test_a_phase_is_decided_through_its_lifecycle(tmp_path: Path) -> None:
    flows = {"proposals": [{"kind": "vedtag-faser", "per_year": 1}]}
    result = run(tmp_path, flows)
    passed = [o for o in result.outcomes if o.reason is Reason.PASSED]
    assert passed  # proposed, recommended and adopted, each at its body's meeting
    frame = result.to_pandas()
    assert set(frame["outcome"]) <= {"passed", "open"}


def test_a_scenario_without_flows_cannot_run_flows(tmp_path: Path) -> None:
    loaded = load_scenario(Path(__file__).parent.parent / "examples" / "k14.scenario.yaml")
    with pytest.raises(EconomyError, match="the scenario has no flows"):
        simulate_flows(fr.load(loaded.statute), loaded, 1)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    attends=st.floats(0, 1),
    yes=st.floats(0, 1),
    seed=st.integers(0, 2**32),
)
def test_every_proposal_ends_one_way_and_every_failure_is_cited(
    tmp_path: Path, attends: float, yes: float, seed: int
) -> None:
    flows = {
        "attends": attends,
        "votes_yes": yes,
        "proposals": [{"kind": STATUTE_CHANGE, "per_year": 2}, {"kind": FEE, "per_year": 2}],
    }
    result = run(tmp_path, flows, seed=seed, years=2)
    for summary in result.summary().values():
        failed = sum(n for _, n in summary.failed)
        assert summary.passed + failed + summary.open == summary.proposals
    for outcome in result.outcomes:
        assert outcome.days is None or outcome.days >= 0
        if outcome.reason not in (Reason.PASSED, Reason.OPEN):
            assert outcome.provision is not None and outcome.rule is not None


# --- Bad input: exact codes and places -------------------------------------------------


def problems(tmp_path: Path, flows: dict[str, Any]) -> list[tuple[str, int | None, str]]:
    with pytest.raises(StatuteError) as caught:
        load_scenario(scenario(tmp_path, flows))
    return [(p.code, p.line, p.message) for p in caught.value.problems]


def line_of(tmp_path: Path, text: str) -> int:
    lines = (tmp_path / "scenario.yaml").read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize("key", ["attends", "votes_yes"])
@pytest.mark.parametrize("value", [-0.1, 1.5])
def test_a_probability_outside_zero_to_one_is_e204(tmp_path: Path, key: str, value: float) -> None:
    found = problems(tmp_path, {key: value, "proposals": [{"kind": FEE, "per_year": 1}]})
    assert [(code, line) for code, line, _ in found] == [("E204", line_of(tmp_path, f"{key}:"))]
    assert f"'flows.{key}'" in found[0][2]


def test_a_members_yes_chance_by_kind_outside_zero_to_one_is_e204(tmp_path: Path) -> None:
    flows = {
        "members": [{"name": "Sorø", "votes_yes": {FEE: 2}}],
        "proposals": [{"kind": FEE, "per_year": 1}],
    }
    [(code, line, _message)] = problems(tmp_path, flows)
    assert (code, line) == ("E204", line_of(tmp_path, "fastsaet-kontingent: 2"))


def test_an_unknown_member_is_e806_with_the_nearest_name(tmp_path: Path) -> None:
    flows = {
        "members": [{"name": "Soroe", "attends": 0.5}],
        "proposals": [{"kind": FEE, "per_year": 1}],
    }
    assert problems(tmp_path, flows) == [
        (
            "E806",
            line_of(tmp_path, "Soroe"),
            "Soroe is not a municipality of the scenario; did you mean 'Sorø'?",
        )
    ]


def test_a_member_named_twice_is_e803(tmp_path: Path) -> None:
    twice = [{"name": "Sorø"}, {"name": "Sorø", "attends": 0.2}]
    flows = {"members": twice, "proposals": [{"kind": FEE, "per_year": 1}]}
    [(code, _line, message)] = problems(tmp_path, flows)
    assert (code, message) == ("E803", "Sorø is named twice")


def test_an_unknown_body_is_e807_with_the_nearest_body(tmp_path: Path) -> None:
    flows = {
        "proposals": [{"kind": FEE, "per_year": 1, "body": "bestyrelsen"}],
        "calendars": [{"body": "generalforsamlng", "months": [4]}],
    }
    assert problems(tmp_path, flows) == [
        (
            "E807",
            line_of(tmp_path, "body: bestyrelsen"),
            "bestyrelsen is not a body of the statute; did you mean 'bestyrelse'?",
        ),
        (
            "E807",
            line_of(tmp_path, "generalforsamlng"),
            "generalforsamlng is not a body of the statute; did you mean 'generalforsamling'?",
        ),
    ]


def test_an_unknown_kind_of_decision_is_e808_with_the_nearest_kind(tmp_path: Path) -> None:
    flows = {
        "votes_yes": {"godkend-vedtaegtr": 0.5},
        "proposals": [
            {"kind": "vedtag-fase", "per_year": 1},
            {"kind": "kontaktpunkt", "per_year": 1},
        ],
    }
    found = {line: message for code, line, message in problems(tmp_path, flows) if code == "E808"}
    assert sorted(found) == sorted(
        line_of(tmp_path, text)
        for text in ("kind: vedtag-fase", "kind: kontaktpunkt", "godkend-vedtaegtr")
    )
    assert (
        found[line_of(tmp_path, "kind: vedtag-fase")]
        == "vedtag-fase is not a kind of decision of the statute; did you mean 'vedtag-faser'?"
    )
    assert (
        "kontaktpunkt is not decided by a vote of a body (d14 acts alone)"
        in found[line_of(tmp_path, "kind: kontaktpunkt")]
    )
    assert "did you mean 'godkend-vedtaegter'?" in found[line_of(tmp_path, "godkend-vedtaegtr")]


def test_a_kind_that_changes_a_members_record_is_not_simulated(tmp_path: Path) -> None:
    [(code, _, message)] = problems(
        tmp_path, {"proposals": [{"kind": "ekskluder-medlem", "per_year": 1}]}
    )
    assert code == "E808" and "it changes a record of medlemskab" in message


def test_a_calendar_twice_or_never_meeting_is_e809(tmp_path: Path) -> None:
    flows = {
        "proposals": [{"kind": FEE, "per_year": 1}],
        "calendars": [
            {"body": "bestyrelse", "ad_hoc": False},
            {"body": "direktion", "ad_hoc": True},
            {"body": "direktion", "months": [1]},
        ],
    }
    assert [(c, m) for c, _, m in problems(tmp_path, flows)] == [
        ("E809", "bestyrelse would never meet: give months, every_weeks or ad_hoc: true"),
        ("E809", "the calendar of direktion is given twice"),
    ]


@pytest.mark.parametrize(
    ("flows", "where"),
    [
        ({"proposals": []}, "flows.proposals"),
        ({"proposals": [{"kind": FEE, "per_year": 60}]}, "per_year"),
        (
            {
                "proposals": [{"kind": FEE, "per_year": 1}],
                "calendars": [{"body": "x", "months": [13]}],
            },
            "months",
        ),
        ({"proposals": [{"kind": FEE, "per_year": 1}], "retries": -1}, "retries"),
        ({"proposals": [{"kind": FEE}]}, "per_year"),
    ],
)
def test_the_schema_refuses_bad_shapes(tmp_path: Path, flows: dict[str, Any], where: str) -> None:
    found = problems(tmp_path, flows)
    assert found and all(code.startswith("E2") for code, _, _ in found)
    assert any(where in message for _, _, message in found)


def test_a_proposal_waiting_behind_an_open_one_never_goes_back_in_time() -> None:
    # Found in a sweep: the proposal after one left open was scheduled from its own
    # day, before days already recorded, and the protocol refused it (out-of-order).
    path = Path(__file__).resolve().parent.parent / "examples" / "k14.flows.yaml"
    loaded = load_scenario(path)
    result = simulate_flows(fr.load(loaded.statute), loaded, run_seed(11, 22))
    assert not [o for o in result.outcomes if o.rule == "out-of-order"]
    assert all(o.provision is not None for o in result.outcomes if o.rule is not None)


def test_the_kinds_of_decision_are_read_from_each_statute(tmp_path: Path) -> None:
    # Another bundled statute, founded by the shortest runs of its own lifecycles'
    # acts: its own kinds, and with everyone present and for, every proposal passes.
    other = Path(__file__).resolve().parent.parent / "vedtaegter" / "open-data-dk.yaml"
    statute = fr.load(other)
    kinds = decision_kinds(statute)
    assert "godkend-team" in kinds and set(kinds) != set(
        decision_kinds(fr.load(scenario_statute()))
    )
    flows = {"proposals": [{"kind": kind, "per_year": 1} for kind in sorted(kinds)]}
    result = run(tmp_path, flows, statute=other, years=2)
    assert {o.kind for o in result.outcomes} <= set(kinds)
    assert {o.reason for o in result.outcomes} <= {Reason.PASSED, Reason.OPEN}
    assert any(o.reason is Reason.PASSED for o in result.outcomes)


def scenario_statute() -> Path:
    return Path(__file__).resolve().parent.parent / "vedtaegter" / "digitaliseringsforeningen.yaml"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda s, c: fr.simulate_flows(s, 123, 1),
            r"scenario: a Scenario \(from load_scenario\) or its path, not 123",
        ),
        (lambda s, c: fr.simulate_flows("x", c, 1), "statute: a Statute"),
        (lambda s, c: fr.simulate_flows(s, c, "1"), "seed"),
        (lambda s, c: fr.sweep_flows(s, c, 0, 1), "runs"),
        (lambda s, c: fr.sweep_flows(s, c, 2, 1, "pool"), "executor"),
    ],
)
def test_wrong_arguments_are_the_librarys_bad_argument(
    tmp_path: Path, call: Any, message: str
) -> None:
    loaded = load_scenario(scenario(tmp_path, {"proposals": [{"kind": FEE, "per_year": 1}]}))
    with pytest.raises(fr.BadArgument, match=message):
        call(fr.load(loaded.statute), loaded)


def test_the_danish_scenario_schema_explains_the_flows_keys() -> None:
    from foreningsregler.statute import schema_json

    danish = json.loads(schema_json("scenario", "da"))
    assert danish["properties"]["flows"]["description"].startswith("Beslutningsforløb:")
    proposals = danish["$defs"]["proposals"]["properties"]
    assert proposals["per_year"]["description"] == "Forslag af denne slags pr. år i gennemsnit."


@settings(max_examples=40, deadline=None)
@given(
    months=st.lists(st.integers(1, 12), min_size=1, max_size=4, unique=True),
    day=st.integers(1, 28),
    weeks=st.one_of(st.none(), st.integers(1, 52)),
    ad_hoc=st.booleans(),
    ready=st.dates(dt.date(2016, 1, 1), dt.date(2030, 12, 31)),
)
def test_the_next_meeting_is_on_the_calendar_and_after_the_notice(
    months: list[int], day: int, weeks: int | None, ad_hoc: bool, ready: dt.date
) -> None:
    statute = fr.load(scenario_statute())
    assembly = statute.body("generalforsamling")  # 28 days' notice (§ 5, stk. 1)
    founding = dt.date(2015, 10, 1)
    calendar = Calendar("generalforsamling", tuple(months), day, weeks, ad_hoc)
    found = next_meeting(assembly, calendar, founding, ready)
    assert found is not None and found >= ready + dt.timedelta(days=28)
    on_calendar = (found.month in months and found.day == day) or (
        weeks is not None and (found - founding).days % (7 * weeks) == 0
    )
    assert on_calendar or (ad_hoc and found == ready + dt.timedelta(days=28))
    if ad_hoc:
        assert found == ready + dt.timedelta(days=28)
    else:  # no day of the calendar between the notice and the meeting found
        first = ready + dt.timedelta(days=28)
        for offset in range((found - first).days):
            between = first + dt.timedelta(days=offset)
            assert not (between.month in months and between.day == day)
            assert weeks is None or (between - founding).days % (7 * weeks)
