"""Scenarios and simulation runs through the statute."""

from __future__ import annotations

from pathlib import Path

import pytest

import foreningsregler as fr
from foreningsregler.economy.simulation import load_scenario, simulate
from foreningsregler.protocol.association import Association
from foreningsregler.protocol.ledger import MemoryLedger
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
    result = simulate(STATUTE, load_scenario(K14), 3)
    replayed = Association(STATUTE, MemoryLedger(result.events))  # raises if any is refused
    last = result.events[-1].date
    assert (
        replayed.at(last).members
        == Association(STATUTE, MemoryLedger(result.events)).at(last).members
    )
    assert all(r.rule and r.event.kind for r in result.refusals)


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
    assert once.exit_code == 0, once.output
    data = json.loads(once.stdout)
    assert [y["year"] for y in data["years"]] == list(range(2016, 2026))
    assert all(b["provision"] == "§ 17, stk. 2" for b in data["breaches"])
    many = CliRunner().invoke(
        cli,
        ["simulate", str(K14), "--runs", "20", "--seed", "7", "--workers", "2", "--format", "json"],
    )
    assert many.exit_code == 0, many.output
    summary = json.loads(many.stdout)
    assert summary["runs"] == 20
    assert summary["break_even_members"] == {"fewest": 10, "most": 13, "report": 7}


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
