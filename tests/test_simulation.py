"""Scenarios and simulation runs through the statute."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import foreningsregler as fr
from foreningsregler.economy.events import Clerk
from foreningsregler.economy.simulation import Result, load_scenario, simulate
from foreningsregler.economy.stories import adopt_phase, assembly_day, declare, found
from foreningsregler.protocol.association import Association
from foreningsregler.protocol.ledger import Event, MemoryLedger
from foreningsregler.statute.model import ProvisionRef

ROOT = Path(__file__).resolve().parent.parent
K14 = ROOT / "examples" / "k14.scenario.yaml"
STATUTE = fr.load(ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml")


def scenario_text(old: str = "", new: str = "") -> str:
    text = K14.read_text("utf-8").replace("../vedtaegter", str(ROOT / "vedtaegter"))
    if old:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def problems(tmp_path: Path, old: str, new: str) -> list[tuple[str, int | None, int | None]]:
    path = tmp_path / "scenarie.yaml"
    path.write_text(scenario_text(old, new), "utf-8")
    with pytest.raises(fr.StatuteError) as caught:
        load_scenario(path)
    return [(p.code, p.line, p.column) for p in caught.value.problems]


def test_the_k14_scenario_loads_in_oere() -> None:
    scenario = load_scenario(K14)
    assert len(scenario.municipalities) == 14
    assert scenario.running_costs == 250_000_000
    assert scenario.fee_per_inhabitant == 400
    assert scenario.phases[0].budget == 1_550_200_000
    assert scenario.municipalities[-1].population == 30_444  # Sorø, FOLK1A 2023


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("{name: Sorø,", "{name: Aarhus,", [("E801", 27, 12)]),
        ("{name: Sorø,", "{name: Greve,", [("E803", 27, 12)]),
        ("{name: Sorø, joins: 0.9", "{name: Sorø, population: -5, joins: 0.9", [("E204", 27, 30)]),
        ("{name: Sorø, joins: 0.9", "{name: Sorø, joins: 1.5", [("E204", 27, 25)]),
        ("budget: {tkr: 15502}", "budget: {mio: 15.5}", [("E201", 29, 89)]),
        (
            'start: "2021-01-01", end: "2025-12-31"',
            'start: "2021-01-01", end: "2030-12-31"',
            [("E802", 31, 45)],
        ),
    ],
    ids=[
        "unknown-municipality",
        "twice",
        "negative-population",
        "probability",
        "wrong-unit",
        "phase-outside",
    ],
)
def test_bad_scenarios_are_refused_with_code_and_place(
    tmp_path: Path, old: str, new: str, expected: list[tuple[str, int, int]]
) -> None:
    assert problems(tmp_path, old, new) == expected


def test_a_run_is_determined_by_its_seed() -> None:
    scenario = load_scenario(K14)
    first, again = simulate(STATUTE, scenario, 7), simulate(STATUTE, scenario, 7)
    assert first == again
    others = [simulate(STATUTE, scenario, seed).membership() for seed in range(8)]
    assert len({tuple(m.values()) for m in others}) > 1  # the behaviour really is random


def test_every_simulated_act_passed_the_statute() -> None:
    scenario = load_scenario(K14)
    for seed in range(8):
        result = simulate(STATUTE, scenario, seed)
        assert result.refusals == ()  # the K14 scenario provokes no refusal
        replayed = Association(STATUTE, MemoryLedger(result.events))  # raises if any is refused
        last = result.events[-1].date
        assert sorted(replayed.at(last).members) == list(result.years[-1].members)


def test_members_demand_a_general_assembly_when_the_board_has_left() -> None:
    """A run whose three board members' municipalities all leave between two
    assemblies: no board can call the next one, so the members demand it as an
    extraordinary meeting (§ 5, stk. 2), which elects a new board."""
    scenario = load_scenario(K14)
    result = simulate(STATUTE, scenario, 10272453904120779751)
    assert result.refusals == ()
    demanded = [
        e
        for e in result.events
        if e.kind == "hold-meeting" and e.actor == "generalforsamling" and "demanded_by" in e.data
    ]
    assert [e.date for e in demanded][:1] == [dt.date(2021, 11, 3)]
    assert demanded[0].data["extraordinary"] is True
    elected = [e for e in result.events if e.kind == "elect" and e.date == demanded[0].date]
    assert {e.data["body"] for e in elected} >= {"bestyrelse"}


def test_the_runs_give_the_results_they_gave_before_the_procedure_was_enforced() -> None:
    """Membership, payments and balance of seed 3 as the simulation gave them
    before decisions needed meetings and votes (commit d8ad6dd): the lawful
    protocol changes what is recorded, not what happens."""
    scenario = load_scenario(K14)
    result = simulate(STATUTE, scenario, 3)
    assert result.membership() == {
        2016: 13, 2017: 13, 2018: 10, 2019: 10, 2020: 10,
        2021: 9, 2022: 9, 2023: 9, 2024: 9, 2025: 9,
    }  # fmt: skip
    paid = [amount for year in result.years for amount in year.payments.values()]
    assert sum(paid) == 5_784_261_200
    assert sum(y.payments.get("Sorø", 0) for y in result.years) == 318_501_631
    assert result.years[-1].balance == -365_938_800
    assert simulate(STATUTE, scenario, 7).membership()[2021] == 10


def events_of(result: Result, kind: str, day: dt.date | None = None) -> list[Event]:
    return [e for e in result.events if e.kind == kind and (day is None or e.date == day)]


VOTE_OF_ALL = {"present": 14, "yes": 14, "no": 0}
K14_NAMES = list(STATUTE.membership.municipalities) if STATUTE.membership else []


def test_the_founding_general_assembly_votes_admits_and_elects_the_board() -> None:
    result = simulate(STATUTE, load_scenario(K14), 3)
    founding, day_after = dt.date(2015, 10, 1), dt.date(2015, 10, 2)
    on_the_day = [(e.kind, e.actor) for e in result.events if e.date == founding]
    assert on_the_day[:2] == [
        ("hold-meeting", "generalforsamling"),
        ("hold-founding-assembly", "generalforsamling"),
    ]
    assert events_of(result, "hold-meeting", founding)[0].data == {}  # no member yet: no notice
    assert events_of(result, "hold-founding-assembly")[0].data["vote"] == VOTE_OF_ALL
    admits = events_of(result, "admit", founding)
    assert len(admits) == 14 and all(e.data["vote"] == VOTE_OF_ALL for e in admits)
    board = [e.data for e in events_of(result, "elect", founding)]
    assert [(d["body"], d["municipality"], d["role"]) for d in board] == [
        ("bestyrelse", m, "kommunaldirektoer") for m in ("Roskilde", "Næstved", "Slagelse")
    ]  # the largest members (the scenario's choice)
    assert all(d["vote"] == VOTE_OF_ALL for d in board)  # an election is the assembly's decision
    next_day = [(e.kind, e.actor, e.data.get("body")) for e in result.events if e.date == day_after]
    assert next_day == [
        ("hold-meeting", "bestyrelse", None),
        ("choose-chair", "bestyrelse", "bestyrelse"),
        ("elect", "Roskilde", "d14"),
        ("elect", "bestyrelse", "direktion"),
        ("elect", "Næstved", "d14"),
        ("elect", "bestyrelse", "direktion"),
        ("elect", "Slagelse", "d14"),
        ("elect", "bestyrelse", "direktion"),
        ("start-operation", "bestyrelse", None),
    ]
    board_vote = {"present": 3, "yes": 3, "no": 0}
    assert events_of(result, "start-operation")[0].data["vote"] == board_vote
    # The board appoints the management by its decision; each member names its
    # own seat in D14, which the management is drawn from, without a vote.
    for event in events_of(result, "elect", day_after):
        assert ("vote" in event.data) is (event.actor == "bestyrelse")
        if event.actor == "bestyrelse":
            assert event.data["vote"] == board_vote
    assert events_of(result, "choose-chair")[0].data["vote"] == board_vote


def test_a_phase_is_prepared_proposed_recommended_and_adopted_at_a_called_assembly() -> None:
    result = simulate(STATUTE, load_scenario(K14), 3)
    autumn = [e for e in result.events if dt.date(2015, 10, 31) <= e.date <= dt.date(2015, 11, 3)]
    acts = [(e.date.day, e.kind, e.actor) for e in autumn if e.kind not in {"join-phase"}]
    committee = "f14-beskaeftigelse-og-borgerservice"  # any area's committee will do
    assert acts[:8] == [
        (31, "hold-meeting", committee),
        (31, "recommend", committee),
        (31, "consult", committee),
        (1, "hold-meeting", "direktion"),
        (1, "propose-phase", "direktion"),
        (2, "hold-meeting", "bestyrelse"),
        (2, "recommend-phase", "bestyrelse"),
        (3, "hold-meeting", "generalforsamling"),
    ]
    recommend, consult = autumn[1].data, autumn[2].data
    assert recommend["power"] == consult["power"] == "udarbejd-faseplanoplaeg"
    assert recommend["phase"] == "fase-1"
    assert recommend["area"] == "beskaeftigelse-og-borgerservice"  # prioriter-og-indstil: own_area
    assert recommend["vote"] == VOTE_OF_ALL
    assert autumn[4].data["vote"] == {"present": 3, "yes": 3, "no": 0}
    meeting = autumn[7].data
    assert meeting == {"called_on": "2015-10-06", "called_by": "bestyrelse"}  # § 5, stk. 1: 28 days
    adopt = events_of(result, "adopt-phase")[0]
    assert (adopt.date, adopt.data["vote"]) == (dt.date(2015, 11, 3), VOTE_OF_ALL)
    declared = [e for e in autumn if e.kind in {"join-phase", "decline-phase"}]
    assert len(declared) == 14 and all(e.date == dt.date(2015, 11, 3) for e in declared)


def test_every_general_assembly_after_the_founding_is_called_with_notice() -> None:
    result = simulate(STATUTE, load_scenario(K14), 5)
    meetings = events_of(result, "hold-meeting")
    assemblies = [e for e in meetings if e.actor == "generalforsamling"][1:]
    assert [e.date.year for e in assemblies] == list(range(2015, 2026))  # one a year (§ 4, stk. 2)
    for meeting in assemblies:
        called = dt.date.fromisoformat(meeting.data["called_on"])
        assert (meeting.date - called).days == 28
        assert meeting.data["called_by"] == "bestyrelse"


def test_the_board_is_renewed_when_its_term_runs_out_and_its_vacancies_filled() -> None:
    result = simulate(STATUTE, load_scenario(K14), 3)
    # Roskilde declined phase 1 and left at once: the next assembly fills its seat,
    # the board its seat in the management, and chooses a new chair.
    # The seats of 2015 would run out (§ 6, stk. 2) before the assembly of 2017, so
    # the assembly of 2016 re-elects them for a new term, and fills Roskilde's.
    assert [e.data["person"] for e in events_of(result, "elect", dt.date(2016, 11, 3))] == [
        "Kommunaldirektør, Næstved",
        "Kommunaldirektør, Slagelse",
        "Kommunaldirektør, Holbæk",
    ]
    board_2017 = [
        (e.kind, e.data.get("person")) for e in result.events if e.date == dt.date(2017, 11, 2)
    ]
    assert ("elect", "Digitaliseringschef, Holbæk") in board_2017
    assert ("choose-chair", "Kommunaldirektør, Næstved") in board_2017
    # Renewed in 2016 for two years, the board is renewed again at the assembly on
    # the day its term ends, and is never out of office in between.
    renewed = [
        e.data["person"]
        for e in events_of(result, "elect", dt.date(2018, 11, 3))
        if e.data["body"] == "bestyrelse"
    ]
    assert renewed == [
        "Kommunaldirektør, Næstved",
        "Kommunaldirektør, Slagelse",
        "Kommunaldirektør, Holbæk",
    ]
    assert not [e for e in events_of(result, "elect", dt.date(2017, 11, 3))
                if e.data["body"] == "bestyrelse"]  # fmt: skip
    assert result.refusals == ()


def test_a_member_under_notice_does_not_give_notice_again(tmp_path: Path) -> None:
    path = tmp_path / "scenarie.yaml"
    path.write_text(
        scenario_text(
            "{name: Sorø, joins: 0.9, gives_notice: 0.03}", "{name: Sorø, gives_notice: 1}"
        ),
        "utf-8",
    )
    result = simulate(STATUTE, load_scenario(path), 1)
    assert [(e.actor, e.date) for e in events_of(result, "give-notice") if e.actor == "Sorø"] == [
        ("Sorø", dt.date(2016, 2, 1))
    ]
    assert result.refusals == ()
    # Sorø joins every phase (joins: 1), so it stays until the last one ends.
    assert all("Sorø" in year.members for year in result.years)


def test_a_scenario_the_statute_cannot_run_shows_why_in_its_refusals(tmp_path: Path) -> None:
    """One municipality cannot make a quorate board: the founding cannot start
    operation, and the board cannot appoint the management (an appointment is
    the board's decision, § 6, stk. 4), so no phase is proposed; the refusals
    say why."""
    text = scenario_text()
    lines = [line for line in text.splitlines() if not line.startswith("  - {name:")]
    at = lines.index("municipalities:") + 1
    lines.insert(at, "  - {name: Sorø}")
    path = tmp_path / "scenarie.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = simulate(STATUTE, load_scenario(path), 1)
    assert [(r.event.kind, r.rule, r.provision) for r in result.refusals] == [
        ("start-operation", "not-quorate", ProvisionRef(6, 6)),
        ("propose-phase", "not-in-office", ProvisionRef(6, 4)),
        ("propose-phase", "not-in-office", ProvisionRef(6, 4)),
        ("propose-phase", "not-in-office", ProvisionRef(6, 4)),
    ]
    assert "1 present, 2 needed" in result.refusals[0].message
    assert "no one has been appointed to direktion" in result.refusals[1].message
    # The clerk does not put to the inquorate board an appointment it cannot make.
    assert not [e for e in events_of(result, "elect") if e.data["body"] == "direktion"]
    assert not events_of(result, "adopt-phase")
    assert result.membership() == dict.fromkeys(range(2016, 2026), 1)


def test_the_clerk_keeps_the_minutes_of_another_statute() -> None:
    """The events follow the statute they are recorded under, not the bundled
    one: the test fixture's general assembly wants 14 days' notice, its F3 is
    elected by its F14 and starts acquisitions by a vote."""
    statute = fr.load(ROOT / "tests" / "fixtures" / "forening.yaml")
    association = Association(statute, MemoryLedger())
    clerk = Clerk(association, keep=["f3"], strict=True)
    names = list(statute.membership.municipalities) if statute.membership else []
    founding = dt.date(2015, 10, 1)
    found(clerk, names, founding)
    day = assembly_day(statute, founding, dt.date(2016, 1, 1))
    assert adopt_phase(clerk, "fase-1", day, start=dt.date(2016, 1, 1), end=dt.date(2016, 12, 31))
    declare(clerk, "fase-1", day, names, lambda _: True)
    assert clerk.exercise(
        "f3-it", "igangsaet-anskaffelse", dt.date(2016, 2, 1), phase="fase-1", municipality="Sorø"
    )
    events = association.events
    assembly = [e for e in events if e.kind == "hold-meeting" and e.actor == "generalforsamling"]
    assert assembly[-1].data == {
        "called_on": str(day - dt.timedelta(days=14)),
        "called_by": "bestyrelse",
    }
    elected = {(e.actor, e.data["body"]) for e in events if e.kind == "elect"}
    assert {
        ("generalforsamling", "bestyrelse"),
        ("bestyrelse", "direktion"),
        ("f14-it", "f3-it"),
    } <= elected
    exercise = events[-1]
    assert (exercise.actor, exercise.data["area"], exercise.data["vote"]) == (
        "f3-it",
        "it",
        {"present": 3, "yes": 3, "no": 0},
    )
    assert clerk.refusals == []


def _k14_clerk(keep: tuple[str, ...] = ()) -> tuple[Clerk, Association, list[str]]:
    """The bundled statute's association founded on 1 October 2015 by a strict clerk."""
    association = Association(STATUTE, MemoryLedger())
    clerk = Clerk(association, strict=True, keep=keep)
    names = K14_NAMES
    found(clerk, names, dt.date(2015, 10, 1))
    return clerk, association, names


def test_an_f3_is_elected_by_its_f14_and_meets_chaired_from_the_management() -> None:
    """§ 10, stk. 4 and § 11: the F3 is elected by its F14 at the F14's meeting,
    by vote; its meetings are chaired by a member of the management, whom the
    management chooses by its decision; it starts an acquisition by vote."""
    clerk, association, names = _k14_clerk(keep=("f3",))
    day = assembly_day(STATUTE, dt.date(2015, 10, 1), dt.date(2016, 1, 1))
    start, end = dt.date(2016, 1, 1), dt.date(2017, 12, 31)
    assert adopt_phase(clerk, "fase-1", day, start=start, end=end)
    declare(clerk, "fase-1", day, names, lambda _: True)
    when = dt.date(2016, 2, 1)
    assert clerk.exercise(
        "f3-it", "igangsaet-anskaffelse", when, phase="fase-1", municipality="Sorø"
    )
    # Kept in office, the F3 is elected when it first acts: each member names its
    # IT committee seat (§ 10, stk. 2), which the F3 is drawn from (§ 11, stk. 1).
    on_the_day = [e for e in association.events if e.date == when]
    chosen = ["Greve", "Guldborgsund", "Holbæk"]  # no rank given: by name
    assert [(e.kind, e.actor, e.data.get("body")) for e in on_the_day] == [
        ("hold-meeting", "f14-it", None),
        *[x for m in chosen for x in (("elect", m, "f14-it"), ("elect", "f14-it", "f3-it"))],
        ("hold-meeting", "direktion", None),
        ("choose-chair", "direktion", "f3-it"),
        ("hold-meeting", "f3-it", None),
        ("exercise", "f3-it", None),
    ]
    f3 = [e for e in on_the_day if e.kind == "elect" and e.actor == "f14-it"]
    assert [e.data["municipality"] for e in f3] == chosen
    assert all(e.data["vote"] == VOTE_OF_ALL for e in f3)
    chair = on_the_day[-3].data
    management = {s.person for s in association.at(when).seats["direktion"]}
    assert chair["person"] in management
    assert chair["vote"] == {"present": 3, "yes": 3, "no": 0}
    assert on_the_day[-2].data == {"chaired_by": chair["person"]}  # § 11, stk. 5
    assert on_the_day[-1].data["vote"] == {"present": 3, "yes": 3, "no": 0}


def test_the_assembly_revokes_a_delegation_by_its_vote_and_the_f3_loses_it() -> None:
    clerk, association, names = _k14_clerk(keep=("f3",))
    day = assembly_day(STATUTE, dt.date(2015, 10, 1), dt.date(2016, 1, 1))
    assert adopt_phase(clerk, "fase-1", day, start=dt.date(2016, 1, 1), end=dt.date(2017, 12, 31))
    declare(clerk, "fase-1", day, names, lambda _: True)
    revoked = dt.date(2016, 3, 1)
    assert clerk.act("revoke-delegation", revoked, delegation="anskaffelser-til-f3", to="f3-it")
    meeting, revoke = [e for e in association.events if e.date == revoked]
    assert (meeting.kind, meeting.actor) == ("hold-meeting", "generalforsamling")
    assert meeting.data == {"called_on": "2016-02-02", "called_by": "bestyrelse"}
    assert (revoke.actor, revoke.data["vote"]) == ("generalforsamling", VOTE_OF_ALL)
    clerk.strict = False
    when = dt.date(2016, 3, 2)
    assert not clerk.exercise(
        "f3-it", "igangsaet-anskaffelse", when, phase="fase-1", municipality="Sorø"
    )
    [(event, refusal)] = clerk.refusals
    assert (event.kind, refusal.rule, refusal.provision) == (
        "exercise",
        "power:delegation-withheld",
        ProvisionRef(11, 2),
    )


def test_staff_are_employed_by_the_managements_decision_for_no_member() -> None:
    clerk, association, _ = _k14_clerk(keep=("sekretariat",))
    clerk.ensure("sekretariat", dt.date(2015, 10, 5))
    staff = [e for e in association.events if e.kind == "elect" and e.data["body"] == "sekretariat"]
    assert [e.data["person"] for e in staff] == [f"Sekretariatsleder {n}" for n in range(1, 5)]
    assert all(e.actor == "direktion" and "municipality" not in e.data for e in staff)
    assert all(e.data["vote"] == {"present": 3, "yes": 3, "no": 0} for e in staff)
    assert all(s.municipality is None for s in association.at(staff[0].date).seats["sekretariat"])


def test_a_board_without_a_quorum_is_filled_at_an_extraordinary_assembly() -> None:
    """§ 5, stk. 2: the board calls an extraordinary general assembly while it
    sits; with no board left, the members demand it."""
    clerk, association, names = _k14_clerk()
    assembly = STATUTE.body("generalforsamling")

    def vacate(day: dt.date, people: list[str]) -> None:
        assert clerk.meet("generalforsamling", day)
        for person in people:
            data = {"body": "bestyrelse", "person": person, "vote": clerk.vote(assembly, day)}
            assert clerk.record(Event("vacate", day, "generalforsamling", data))

    board = [s.person for s in association.at(dt.date(2015, 10, 2)).seats["bestyrelse"]]
    vacate(dt.date(2016, 3, 1), board[:2])
    clerk.ensure("bestyrelse", dt.date(2016, 3, 2))
    meeting = events_of_association(association, "hold-meeting", dt.date(2016, 3, 2))
    assert meeting.data == {"extraordinary": True, "called_by": "bestyrelse"}
    assert len(association.at(dt.date(2016, 3, 2)).seats["bestyrelse"]) == 3
    vacate(
        dt.date(2016, 6, 1),
        [s.person for s in association.at(dt.date(2016, 6, 1)).seats["bestyrelse"]],
    )
    clerk.ensure("bestyrelse", dt.date(2016, 6, 2))
    meeting = events_of_association(association, "hold-meeting", dt.date(2016, 6, 2))
    assert meeting.data == {"extraordinary": True, "demanded_by": sorted(names)}
    assert len(association.at(dt.date(2016, 6, 2)).seats["bestyrelse"]) == 3


def events_of_association(association: Association, kind: str, day: dt.date) -> Event:
    [found] = [e for e in association.events if e.kind == kind and e.date == day]
    return found


def test_a_prior_is_used_up_by_the_decision_that_needs_it() -> None:
    """The fixture's F3 adopts a project plan only on its F14's recommendation
    (§ 2, stk. 6); each adoption uses it up, so the next needs a new one."""
    statute = fr.load(ROOT / "tests" / "fixtures" / "forening.yaml")
    association = Association(statute, MemoryLedger())
    clerk = Clerk(association, keep=["f3"], strict=True)
    names = list(statute.membership.municipalities) if statute.membership else []
    found(clerk, names, dt.date(2015, 10, 1))
    day = assembly_day(statute, dt.date(2015, 10, 1), dt.date(2016, 1, 1))
    assert adopt_phase(clerk, "fase-1", day, start=dt.date(2016, 1, 1), end=dt.date(2016, 12, 31))
    for when in (dt.date(2016, 2, 1), dt.date(2016, 3, 1)):
        assert clerk.exercise("f3-it", "vedtag-projektplan", when, phase="fase-1")
    recommendations = [
        (e.date, e.actor, e.data["power"], e.data["phase"], e.data["area"])
        for e in association.events
        if e.kind == "recommend" and e.data["power"] == "vedtag-projektplan"
    ]
    assert recommendations == [
        (when, "f14-it", "vedtag-projektplan", "fase-1", "it")
        for when in (dt.date(2016, 2, 1), dt.date(2016, 3, 1))
    ]


def test_payments_split_exactly_and_follow_membership() -> None:
    scenario = load_scenario(K14)
    result = simulate(STATUTE, scenario, 11)
    names = {m.name for m in scenario.municipalities}
    for year in result.years:
        assert sum(year.payments.values()) == year.income
        assert set(year.payments) <= names
    first = result.years[0]
    assert first.year == 2016
    assert first.costs == 250_000_000 + 1_550_200_000
    # A member that declines phase 1 has no joined phase left, so it leaves at once
    # (§ 14, stk. 3): the members of 2016 are exactly phase 1's participants.
    joined = sorted(
        e.actor for e in result.events if e.kind == "join-phase" and e.data["phase"] == "fase-1"
    )
    assert list(first.members) == joined


def test_too_low_a_fee_breaches_the_rule_against_debt(tmp_path: Path) -> None:
    path = tmp_path / "scenarie.yaml"
    path.write_text(scenario_text("fee: {kr: 4}", "fee: {kr: 1}"), "utf-8")
    result = simulate(STATUTE, load_scenario(path), 1)
    assert result.breaches
    assert result.breaches[0].provision == ProvisionRef(17, 2)
    assert result.breaches[0].balance < 0


def test_a_sweep_is_the_same_on_any_executor_and_number_of_workers() -> None:
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    from foreningsregler.economy.simulation import sweep

    scenario = load_scenario(K14)
    with ProcessPoolExecutor(1) as one, ProcessPoolExecutor(2) as two:
        first = sweep(STATUTE, scenario, 40, 7, one)
        second = sweep(STATUTE, scenario, 40, 7, two, chunks=5)
    with ThreadPoolExecutor(3) as threads:
        third = sweep(STATUTE, scenario, 40, 7, threads, chunks=40)
    assert first == second == third
    assert len(first.runs) == 40
    assert sum(first.members(2016).values()) == 40
    assert 0 <= first.covered <= 1
    assert first.break_even == (10, 13)
    assert sweep(STATUTE, scenario, 40, 8, ThreadPoolExecutor(2)) != first


def test_the_simulate_command_runs_once_or_sweeps() -> None:
    import json

    from click.testing import CliRunner

    from foreningsregler.cli import cli

    once = CliRunner().invoke(cli, ["simulate", str(K14), "--seed", "3", "--format", "json"])
    data = json.loads(once.stdout)
    assert [y["year"] for y in data["years"]] == list(range(2016, 2026))
    assert data["breaches"] and all(b["provision"] == "§ 17, stk. 2" for b in data["breaches"])
    assert once.exit_code == 1  # the run breaks the rule against debt
    covered = CliRunner().invoke(cli, ["simulate", str(K14), "--seed", "1", "--format", "json"])
    assert (json.loads(covered.stdout)["breaches"], covered.exit_code) == ([], 0)
    many = CliRunner().invoke(
        cli,
        ["simulate", str(K14), "--runs", "20", "--seed", "7", "--workers", "2", "--format", "json"],
    )
    summary = json.loads(many.stdout)
    assert (summary["covered"] < 1, many.exit_code) == (True, 1), many.output
    assert summary["runs"] == 20
    # The scenario's own break-even; the Foranalyse's figure belongs to it alone.
    assert summary["break_even_members"] == {"fewest": 10, "most": 13}


def test_a_bad_scenario_exits_2_with_its_place(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from foreningsregler.cli import cli

    path = tmp_path / "scenarie.yaml"
    path.write_text(scenario_text("{name: Sorø,", "{name: Aarhus,"), "utf-8")
    result = CliRunner().invoke(cli, ["simulate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:27:12: E801 no population for Aarhus" in result.stderr


def test_a_dask_cluster_gives_the_same_sweep() -> None:
    """How a user moves a sweep to a cluster: any Executor, here Dask's."""
    from concurrent.futures import ThreadPoolExecutor

    from distributed import Client, LocalCluster

    from foreningsregler.economy.simulation import sweep

    scenario = load_scenario(K14)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        on_dask = sweep(STATUTE, scenario, 24, 7, client.get_executor(), chunks=6)
    with ThreadPoolExecutor(2) as pool:
        assert on_dask == sweep(STATUTE, scenario, 24, 7, pool)


# --- Throw-away runs: no hash chain, one founding per process (issue 15) --------------


def test_a_run_from_the_shared_founding_is_the_run_from_nothing() -> None:
    from foreningsregler.economy import simulation

    scenario = load_scenario(K14)
    for seed in (0, 3, 11):
        simulation._FOUNDED.clear()
        first = simulate(STATUTE, scenario, seed)  # founds, then forks
        again = simulate(STATUTE, scenario, seed)  # forks the kept founding
        alone = simulation._simulated(STATUTE, scenario, seed, None)
        assert first == again == alone
        assert first.events[0].kind == "sign-declaration"


def test_a_fork_changes_neither_the_founding_nor_another_fork() -> None:
    from foreningsregler.economy import simulation

    scenario = load_scenario(K14)
    founded = simulation._founded(STATUTE, scenario)
    before = founded.association.events
    seats = {body: dict(held) for body, held in founded.clerk._seats.items()}
    one, two = simulate(STATUTE, scenario, 1), simulate(STATUTE, scenario, 2)
    assert one != two
    assert founded.association.events == before
    assert founded.clerk._seats == seats
    assert one.events[: len(before)] == two.events[: len(before)] == before


def test_the_scratch_ledger_shows_the_gate_what_is_new_and_appends_all_or_none() -> None:
    from foreningsregler.economy.scratch import NO_HASH, ScratchLedger

    ledger = ScratchLedger()
    day = dt.date(2020, 1, 1)
    shown: list[int] = []
    first = ledger.append(Event("a", day, "x"), lambda new: shown.append(len(new)), 0)
    assert (first.seq, first.hash, first.prev_hash) == (1, NO_HASH, NO_HASH)
    ledger.append_all([Event("b", day, "x"), Event("c", day, "x")], lambda new: None, 1)
    ledger.append(Event("d", day, "x"), lambda new: shown.append(len(new)), 1)  # 2 unseen
    assert shown == [0, 2]

    def refuse(new: object) -> None:
        raise RuntimeError("refused")

    with pytest.raises(RuntimeError):
        ledger.append_all([Event("e", day, "x")], refuse, 4)
    assert [e.event.kind for e in ledger.entries()] == ["a", "b", "c", "d"]
    assert [e.seq for e in ScratchLedger(ledger.entries()).entries()] == [1, 2, 3, 4]


def test_an_association_records_through_a_scratch_ledger() -> None:
    from foreningsregler.economy.scratch import ScratchLedger

    names = [m.name for m in load_scenario(K14).municipalities][:3]
    association = Association(STATUTE, ScratchLedger(), planning=True)
    clerk = Clerk(association)
    found(clerk, names, dt.date(2015, 9, 1))
    assert not clerk.refusals
    assert association.at(dt.date(2015, 9, 2)).members == set(names)
    replayed = Association(STATUTE, ScratchLedger(association.ledger.entries()), planning=True)
    assert replayed.at(dt.date(2015, 9, 2)) == association.at(dt.date(2015, 9, 2))


# --- Tables for notebooks (issue 14) ---------------------------------------------------


def test_a_runs_table_names_the_unit_of_its_money() -> None:
    result = simulate(STATUTE, load_scenario(K14), 3)
    oere = result.to_pandas()
    assert list(oere.columns) == ["year", "municipality", "paid_oere", "member", "balance_oere"]
    tkr = result.to_pandas(unit="tkr")
    assert list(tkr.columns) == ["year", "municipality", "paid_tkr", "member", "balance_tkr"]
    assert tkr["paid_tkr"].sum() == pytest.approx(oere["paid_oere"].sum() / 100_000)
    first = result.years[0]
    row = oere[(oere.year == first.year)].iloc[0]
    assert row.paid_oere == first.payments[row.municipality]


def test_a_sweeps_tables_of_members_and_payments() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from foreningsregler.economy.simulation import sweep

    with ThreadPoolExecutor(1) as pool:
        summary = sweep(STATUTE, load_scenario(K14), 4, 7, pool)
    members = summary.to_pandas()
    assert list(members.columns) == ["run", "year", "members", "covered", "refusals"]
    assert len(members) == 4 * len(summary.runs[0].members)
    assert dict(members[members.year == 2016].members.value_counts()) == summary.members(2016)
    payments = summary.to_pandas("payments", unit="kr")
    assert list(payments.columns) == ["run", "municipality", "paid_kr"]
    mean = payments.groupby("municipality").paid_kr.sum() / 4
    for municipality, oere in summary.mean_payments().items():
        assert mean[municipality] == pytest.approx(oere / 100, abs=0.01)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.to_pandas("years"), "table: one of members, payments, not 'years'"),
        (lambda s: s.to_pandas(unit="øre"), "unit: one of oere, kr, tkr, not 'øre'"),
        (lambda s: s.to_pandas(unit=None), "unit: one of oere, kr, tkr, not None"),
    ],
)
def test_a_table_that_does_not_exist_is_a_bad_argument(call: object, message: str) -> None:
    from foreningsregler.economy.simulation import RunSummary, Sweep

    summary = Sweep(7, (RunSummary((3,), {"Sorø": 100}, True, 0),), 2016, (1, 2))
    with pytest.raises(fr.BadArgument) as caught:
        call(summary)  # type: ignore[operator]
    assert str(caught.value) == message


def test_without_pandas_a_table_is_a_library_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from foreningsregler.economy.simulation import RunSummary, Sweep
    from foreningsregler.errors import MissingExtra

    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    summary = Sweep(7, (RunSummary((3,), {"Sorø": 100}, True, 0),), 2016, (1, 2))
    with pytest.raises(MissingExtra) as caught:
        summary.to_pandas()
    assert isinstance(caught.value, fr.ForeningsreglerError)
    assert isinstance(caught.value, ImportError)
    assert str(caught.value) == (
        "Sweep.to_pandas needs pandas, in the notebooks extra: "
        "pip install 'foreningsregler[notebooks]'"
    )
    with fr.i18n.use_language("da"), pytest.raises(MissingExtra, match="kræver pandas"):
        simulate(STATUTE, load_scenario(K14), 3).to_pandas()
