"""The public API raises only the library's own errors for values of the wrong type.

``BadArgument`` is a ``ForeningsreglerError`` and also a ``TypeError`` and a
``ValueError``; ``UnknownName`` stays for a name the statute does not define,
``EconomyError`` for amounts that cannot be split (issue 12).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import foreningsregler as fr
from foreningsregler.economy import (
    EconomyError,
    PopulationTable,
    apportion,
    fee_for,
    instalments,
    kroner,
    load_scenario,
    partner_fee,
    region_sjaelland_2023,
    simulate,
    split_by_rule,
    split_instalments,
    sweep,
    tkr,
)
from foreningsregler.economy.simulation import MAX_RUNS

ROOT = Path(__file__).resolve().parent.parent
STATUTE = fr.load(ROOT / "tests" / "fixtures" / "forening.yaml")
AUTHORITY = fr.Authority(STATUTE)
ASSOCIATION = fr.Association(STATUTE)
BODY, POWER = STATUTE.bodies[0].id, STATUTE.powers[0].id
SCENARIO = load_scenario(ROOT / "examples" / "k14.scenario.yaml")
K14 = fr.load(SCENARIO.statute)

Call = Callable[[], object]

#: (what is called, the error, its message)
CASES: list[tuple[str, Call, type[Exception], str]] = [
    (
        "load(None)",
        lambda: fr.load(None),  # type: ignore[arg-type]
        fr.BadArgument,
        "path: a file path (str or pathlib.Path), not None",
    ),
    (
        "load(123)",
        lambda: fr.load(123),  # type: ignore[arg-type]
        fr.BadArgument,
        "path: a file path (str or pathlib.Path), not 123",
    ),
    (
        "load(max_bytes='x')",
        lambda: fr.load("x.yaml", max_bytes="x"),  # type: ignore[arg-type]
        fr.BadArgument,
        "max_bytes: a whole number (int), not 'x'",
    ),
    (
        "loads(123)",
        lambda: fr.loads(123),  # type: ignore[arg-type]
        fr.BadArgument,
        "source: a statute's text (str or bytes), not 123",
    ),
    (
        "loads(None)",
        lambda: fr.loads(None),  # type: ignore[arg-type]
        fr.BadArgument,
        "source: a statute's text (str or bytes), not None",
    ),
    (
        "Authority('x')",
        lambda: fr.Authority("x"),  # type: ignore[arg-type]
        fr.BadArgument,
        "statute: a Statute (from load), not 'x'",
    ),
    (
        "Authority.check(123, None)",
        lambda: AUTHORITY.check(123, None),  # type: ignore[arg-type]
        fr.BadArgument,
        "body: a name (text), not 123",
    ),
    (
        "Authority.check(body, None)",
        lambda: AUTHORITY.check(BODY, None),  # type: ignore[arg-type]
        fr.BadArgument,
        "power: a name (text), not None",
    ),
    (
        "check(on='2020-01-01')",
        lambda: AUTHORITY.check(BODY, POWER, on="2020-01-01"),  # type: ignore[arg-type]
        fr.BadArgument,
        "on: a day (datetime.date), not '2020-01-01'",
    ),
    (
        "check(municipality=[])",
        lambda: AUTHORITY.check(BODY, POWER, municipality=[]),  # type: ignore[arg-type]
        fr.BadArgument,
        "municipality: a name (text), not []",
    ),
    (
        "check(phase=1)",
        lambda: AUTHORITY.check(BODY, POWER, phase=1),  # type: ignore[arg-type]
        fr.BadArgument,
        "phase: a name (text), not 1",
    ),
    (
        "check(state='x')",
        lambda: AUTHORITY.check(BODY, POWER, state="x"),  # type: ignore[arg-type]
        fr.BadArgument,
        "state: a state of the protocol (Association.at, or StaticState), not 'x'",
    ),
    (
        "StaticState(adopted='fase-1')",
        lambda: fr.StaticState(adopted="fase-1"),  # type: ignore[arg-type]
        fr.BadArgument,
        "adopted: a set of names (frozenset), not 'fase-1'",
    ),
    (
        "StaticState(participants={'fase-1': 'Sorø'})",
        lambda: fr.StaticState(participants={"fase-1": "Sorø"}),  # type: ignore[dict-item]
        fr.BadArgument,
        "participants['fase-1']: a set of names (frozenset), not 'Sorø'",
    ),
    (
        "list_bodies(power, state=1)",
        lambda: AUTHORITY.list_bodies(POWER, 1),  # type: ignore[arg-type]
        fr.BadArgument,
        "state: a state of the protocol (Association.at, or StaticState), not 1",
    ),
    (
        "list_powers(1)",
        lambda: AUTHORITY.list_powers(1),  # type: ignore[arg-type]
        fr.BadArgument,
        "body: a name (text), not 1",
    ),
    (
        "fr.check('x')",
        lambda: fr.check("x"),  # type: ignore[arg-type]
        fr.BadArgument,
        "statute: a Statute (from load), not 'x'",
    ),
    (
        "compare([])",
        lambda: fr.compare([]),
        fr.BadArgument,
        "statutes: a list of Statutes (from load); there is nothing to compare in none",
    ),
    (
        "compare(['x'])",
        lambda: fr.compare(["x"]),  # type: ignore[list-item]
        fr.BadArgument,
        "statutes: a list of Statutes (from load), not 'x'",
    ),
    (
        "compare(statute)",
        lambda: fr.compare(STATUTE),  # type: ignore[arg-type]
        fr.BadArgument,
        "statutes: a list of Statutes (from load), not one Statute",
    ),
    (
        "compare(None)",
        lambda: fr.compare(None),  # type: ignore[arg-type]
        fr.BadArgument,
        "statutes: a list of Statutes (from load), not None",
    ),
    (
        "Association('x')",
        lambda: fr.Association("x"),  # type: ignore[arg-type]
        fr.BadArgument,
        "statute: a Statute (from load) or its History (load_history), not 'x'",
    ),
    (
        "Association(ledger='x')",
        lambda: fr.Association(STATUTE, ledger="x"),  # type: ignore[arg-type]
        fr.BadArgument,
        "ledger: a ledger (MemoryLedger, SqliteLedger, JsonlLedger), not 'x'",
    ),
    (
        "Association(rules=1)",
        lambda: fr.Association(STATUTE, rules=1),  # type: ignore[arg-type]
        fr.BadArgument,
        "rules: the statute's Rules (Rules.of), not 1",
    ),
    (
        "at('2020-01-01')",
        lambda: ASSOCIATION.at("2020-01-01"),  # type: ignore[arg-type]
        fr.BadArgument,
        "day: a day (datetime.date), not '2020-01-01'",
    ),
    (
        "at(None)",
        lambda: ASSOCIATION.at(None),  # type: ignore[arg-type]
        fr.BadArgument,
        "day: a day (datetime.date), not None",
    ),
    (
        "law(2020)",
        lambda: ASSOCIATION.law(2020),  # type: ignore[arg-type]
        fr.BadArgument,
        "day: a day (datetime.date), not 2020",
    ),
    (
        "record('x')",
        lambda: ASSOCIATION.record("x"),  # type: ignore[arg-type]
        fr.BadArgument,
        "event: an Event, not 'x'",
    ),
    (
        "Association.check({})",
        lambda: ASSOCIATION.check({}),  # type: ignore[arg-type]
        fr.BadArgument,
        "event: an Event, not {}",
    ),
    # --- economy
    (
        "fee_for('x', ...)",
        lambda: fee_for("x", "Sorø", 2020),  # type: ignore[arg-type]
        fr.BadArgument,
        "statute: a Statute (from load), not 'x'",
    ),
    (
        "fee_for(member=1)",
        lambda: fee_for(STATUTE, 1, 2020),  # type: ignore[arg-type]
        fr.BadArgument,
        "member: a member's name, not 1",
    ),
    (
        "fee_for(year='2020')",
        lambda: fee_for(STATUTE, "Sorø", "2020"),  # type: ignore[arg-type]
        EconomyError,
        "year: a financial year from 2 to 9998, not '2020'",
    ),
    (
        "fee_for(index=1.5)",
        lambda: fee_for(STATUTE, "Sorø", 2020, index=1.5),  # type: ignore[arg-type]
        fr.BadArgument,
        "index: an exact index value (a Fraction), not 1.5",
    ),
    (
        "fee_for(admitted='2020-01-01')",
        lambda: fee_for(STATUTE, "Sorø", 2020, admitted="2020-01-01"),  # type: ignore[arg-type]
        fr.BadArgument,
        "admitted: a day (datetime.date), not '2020-01-01'",
    ),
    (
        "fee_for(state='x')",
        lambda: fee_for(STATUTE, "Sorø", 2020, state="x"),  # type: ignore[arg-type]
        fr.BadArgument,
        "state: a State (from Association.at), not 'x'",
    ),
    (
        "fee_for(population=1)",
        lambda: fee_for(STATUTE, "Sorø", 2020, population=1),  # type: ignore[arg-type]
        fr.BadArgument,
        "population: a PopulationTable, or an iterable of them, not 1",
    ),
    (
        "partner_fee(partner=None)",
        lambda: partner_fee(STATUTE, None, 2020),  # type: ignore[arg-type]
        fr.BadArgument,
        "partner: a partner's id, not None",
    ),
    (
        "instalments(fee='x')",
        lambda: instalments(STATUTE, "x"),  # type: ignore[arg-type]
        fr.BadArgument,
        "fee: a Fee (from fee_for), not 'x'",
    ),
    (
        "split_instalments(split=None)",
        lambda: split_instalments(STATUTE, None, 2020),  # type: ignore[arg-type]
        fr.BadArgument,
        "split: a Split (from split_by_rule), not None",
    ),
    (
        "split_by_rule(kind='x')",
        lambda: split_by_rule(STATUTE, "x", 10, ["Sorø"], region_sjaelland_2023()),  # type: ignore[arg-type]
        fr.BadArgument,
        "kind: a MoneyKind, not 'x'",
    ),
    (
        "apportion(1.5, ...)",
        lambda: apportion(1.5, {"a": 1}),  # type: ignore[arg-type]
        fr.BadArgument,
        "total (øre): a whole number (int), not 1.5",
    ),
    (
        "apportion(weights={'a': 'x'})",
        lambda: apportion(10, {"a": "x"}),  # type: ignore[dict-item]
        fr.BadArgument,
        "weights of a: a whole number (int), not 'x'",
    ),
    (
        "apportion(weights={'a': nan})",
        lambda: apportion(10, {"a": float("nan")}),  # type: ignore[dict-item]
        fr.BadArgument,
        "weights of a: a whole number (int), not nan",
    ),
    (
        "apportion(weights=[1])",
        lambda: apportion(10, [1]),  # type: ignore[arg-type]
        fr.BadArgument,
        "weights: a mapping of names to whole numbers, not [1]",
    ),
    (
        "apportion(negative weight)",
        lambda: apportion(10, {"a": -1, "b": 2}),
        EconomyError,
        "cannot split by a negative weight ({'a': -1, 'b': 2})",
    ),
    (
        "apportion(zero weights)",
        lambda: apportion(0, {"a": 0}),
        EconomyError,
        "cannot split an amount among no one (the weights sum to zero)",
    ),
    (
        "PopulationTable(counts={'a': '1'})",
        lambda: PopulationTable(dt.date(2023, 1, 1), "s", {"a": "1"}),  # type: ignore[dict-item]
        fr.BadArgument,
        "counts of a: a whole number (int), not '1'",
    ),
    (
        "PopulationTable(on='2023-01-01')",
        lambda: PopulationTable("2023-01-01", "s", {}),  # type: ignore[arg-type]
        fr.BadArgument,
        "on: a day (datetime.date), not '2023-01-01'",
    ),
    (
        "kroner(1.5)",
        lambda: kroner(1.5),  # type: ignore[arg-type]
        fr.BadArgument,
        "oere: a whole number (int), not 1.5",
    ),
    (
        "kroner(huge)",
        lambda: kroner(10**5000),
        EconomyError,
        "an amount of more than 4300 digits cannot be written",
    ),
    (
        "tkr('x')",
        lambda: tkr("x"),  # type: ignore[arg-type]
        fr.BadArgument,
        "thousands: a whole number (int), not 'x'",
    ),
    (
        "simulate(scenario='x')",
        lambda: simulate(STATUTE, "x", 1),  # type: ignore[arg-type]
        fr.BadArgument,
        "scenario: a Scenario (from load_scenario), not 'x'",
    ),
    (
        "simulate(seed='1')",
        lambda: simulate(K14, SCENARIO, "1"),  # type: ignore[arg-type]
        fr.BadArgument,
        "seed: a whole number (int), not '1'",
    ),
    (
        "sweep(runs=0)",
        lambda: sweep(K14, SCENARIO, 0, 1),
        fr.BadArgument,
        f"runs: a whole number from 1 to {MAX_RUNS}, not 0",
    ),
    (
        "sweep(runs=too many)",
        lambda: sweep(K14, SCENARIO, MAX_RUNS + 1, 1),
        fr.BadArgument,
        f"runs: a whole number from 1 to {MAX_RUNS}, not {MAX_RUNS + 1}",
    ),
    (
        "sweep(runs=2.5)",
        lambda: sweep(K14, SCENARIO, 2.5, 1),  # type: ignore[arg-type]
        fr.BadArgument,
        "runs: a whole number (int), not 2.5",
    ),
    (
        "sweep(chunks=0)",
        lambda: sweep(K14, SCENARIO, 2, 1, chunks=0),
        fr.BadArgument,
        f"chunks: a whole number from 1 to {MAX_RUNS}, not 0",
    ),
    (
        "sweep(executor='x')",
        lambda: sweep(K14, SCENARIO, 2, 1, "x"),  # type: ignore[arg-type]
        fr.BadArgument,
        "executor: a concurrent.futures.Executor, not 'x'",
    ),
    (
        "load_scenario(None)",
        lambda: load_scenario(None),  # type: ignore[arg-type]
        fr.BadArgument,
        "path: a file path (str or pathlib.Path), not None",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_wrong_value_raises_the_library_s_error(
    call: Call, error: type[Exception], message: str
) -> None:
    with pytest.raises(fr.ForeningsreglerError) as caught:
        call()
    assert type(caught.value) is error
    assert str(caught.value) == message


def test_bad_argument_is_also_the_builtin_error_python_raised_before() -> None:
    assert issubclass(fr.BadArgument, fr.ForeningsreglerError)
    with pytest.raises(TypeError):
        fr.Authority("x")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        sweep(K14, SCENARIO, 0, 1)


def test_an_unknown_or_empty_name_is_still_unknown() -> None:
    with pytest.raises(fr.UnknownName, match="unknown body 'bestyrelsen'"):
        AUTHORITY.check("bestyrelsen", POWER)
    with pytest.raises(fr.UnknownName, match="a name is non-empty text"):
        AUTHORITY.check("", POWER)


def test_a_datetime_counts_by_its_date() -> None:
    noon = dt.datetime(2016, 1, 1, 12, 0)
    assert ASSOCIATION.at(noon) == ASSOCIATION.at(noon.date())
    on_day = AUTHORITY.check(BODY, POWER, on=noon.date())
    assert AUTHORITY.check(BODY, POWER, on=noon) == on_day


def test_the_right_values_still_work() -> None:
    assert apportion(10, {"a": 1, "b": 1}) == {"a": 5, "b": 5}
    assert apportion(0, {"a": 1}) == {"a": 0}
    assert kroner(123_456_789) == "1.234.567,89 kr."
    assert tkr(2) == 200_000
    fr.compare(iter([STATUTE]))  # any iterable of statutes
    with ThreadPoolExecutor(1) as pool:
        assert len(sweep(K14, SCENARIO, 2, 1, pool).runs) == 2
    table = PopulationTable(dt.date(2023, 1, 1), "s", {"Sorø": 1})
    assert table.of(["Sorø"]) == {"Sorø": 1}
