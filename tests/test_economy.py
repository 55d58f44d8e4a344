"""Money: splits by population to the øre, by the largest remainder."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import foreningsregler as fr
from foreningsregler.economy.money import (
    EconomyError,
    PopulationTable,
    apportion,
    kroner,
    region_sjaelland_2023,
    split_by_rule,
    tkr,
)
from foreningsregler.statute.model import MoneyKind, ProvisionRef

STATUTE = fr.load(
    Path(__file__).resolve().parent.parent / "vedtaegter" / "digitaliseringsforeningen.yaml"
)
K14 = [
    "Greve",
    "Guldborgsund",
    "Holbæk",
    "Kalundborg",
    "Køge",
    "Lejre",
    "Lolland",
    "Næstved",
    "Odsherred",
    "Ringsted",
    "Roskilde",
    "Slagelse",
    "Solrød",
    "Sorø",
]

weights = st.dictionaries(
    st.text(min_size=1, max_size=8), st.integers(0, 10**6), min_size=1, max_size=20
).filter(lambda w: sum(w.values()) > 0)


@settings(deadline=None)  # no timing in tests: a busy shared host is no failure
@given(st.integers(0, 10**12), weights)
def test_shares_add_up_and_stay_within_one_oere_of_the_quota(
    total: int, weights: dict[str, int]
) -> None:
    shares = apportion(total, weights)
    assert sum(shares.values()) == total
    whole = sum(weights.values())
    for name, share in shares.items():
        quota = Fraction(total * weights[name], whole)
        assert quota - 1 < share < quota + 1


@settings(deadline=None)
@given(st.integers(0, 10**9), weights, st.randoms())
def test_the_split_does_not_depend_on_the_order(
    total: int, weights: dict[str, int], rnd: object
) -> None:
    items = list(weights.items())
    rnd.shuffle(items)  # type: ignore[attr-defined]
    assert apportion(total, dict(items)) == apportion(total, weights)


def test_ties_go_to_the_larger_population_then_the_name() -> None:
    # 10 øre among three: quotas 3 1/3 each; one øre left, equal remainders
    assert apportion(10, {"Sorø": 1, "Køge": 1, "Lejre": 1}) == {"Sorø": 3, "Køge": 4, "Lejre": 3}
    # 7 øre among 2:1:1 -> 3.5, 1.75, 1.75: the two 0.75 remainders win, by name
    assert apportion(7, {"A": 2, "B": 1, "C": 1}) == {"A": 3, "B": 2, "C": 2}


@pytest.mark.parametrize(
    ("total", "weights", "message"),
    [
        (-1, {"Sorø": 1}, "cannot split a negative amount"),
        (100, {}, "among no one"),
        (100, {"Sorø": 0}, "among no one"),
    ],
)
def test_impossible_splits_are_refused(total: int, weights: dict[str, int], message: str) -> None:
    with pytest.raises(EconomyError, match=message):
        apportion(total, weights)


def test_population_table_is_the_regions_2023_figures() -> None:
    table = region_sjaelland_2023()
    assert table.on == dt.date(2023, 1, 1)
    assert "FOLK1A" in table.source
    assert len(table.counts) == 17
    assert sum(table.counts.values()) == 849_857
    assert table.counts["Sorø"] == 30_444
    with pytest.raises(EconomyError, match="no population for Aarhus"):
        table.of(["Sorø", "Aarhus"])
    with pytest.raises(EconomyError, match="negative population for Sorø"):
        PopulationTable(dt.date(2023, 1, 1), "test", {"Sorø": -1})


def test_phase_payment_follows_the_statutes_rule_and_cites_it() -> None:
    split = split_by_rule(
        STATUTE, MoneyKind.PHASE_PAYMENT, tkr(15_502), K14, region_sjaelland_2023()
    )
    assert split.rule == "fasebetaling"
    assert split.provisions == (ProvisionRef(16, 2), ProvisionRef(16, 4))
    assert sum(split.shares.values()) == 1_550_200_000
    assert split.shares["Roskilde"] > split.shares["Solrød"]
    assert list(split.shares) == K14


def test_a_rule_the_statute_lacks_is_an_error() -> None:
    tiny = fr.load(Path(__file__).resolve().parent.parent / "examples" / "tiny.yaml")
    with pytest.raises(EconomyError, match="no money rule of kind membership_fee"):
        split_by_rule(tiny, MoneyKind.MEMBERSHIP_FEE, 100, ["Sorø"], region_sjaelland_2023())


def test_amounts_print_in_danish_notation() -> None:
    assert kroner(123_456_789) == "1.234.567,89 kr."
    assert kroner(5) == "0,05 kr."
    assert kroner(-250) == "-2,50 kr."
    assert tkr(21_002) == 2_100_200_000


def test_the_reports_figures_are_checked_not_accepted() -> None:
    from foreningsregler.economy.foranalyse import budget, check_figures, costs

    assert sum(line.tkr for line in budget()) == 21_002
    assert len(costs()) == 14
    found = [(d.what, d.printed, d.computed, d.difference) for d in check_figures()]
    assert found == [
        ("total of the column uden_samarbejde", 70_722, 70_721, 1),
        ("total saving against total without minus total with", 10_349, 10_348, 1),
        ("saving of Køge", 750, 751, -1),
        ("saving of Odsherred", 711, 710, 1),
        ("saving of Solrød", 694, 693, 1),
        (
            "net gain of an average municipality (text) against the table's mean saving",
            600,
            739,
            -139,
        ),
    ]
    assert all("[Foranalyse 5.5]" in str(d) and "likely cause" in str(d) for d in check_figures())


def test_the_figures_example_prints_the_split_and_the_check() -> None:
    import subprocess
    import sys

    script = Path(__file__).resolve().parent.parent / "examples" / "foranalyse_figures.py"
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    assert "  total          743.380     21.002.000,00 kr." in lines
    assert "Checking the report's figures: 6 do not add up" in lines
    assert any(line.startswith("  Sorø            30.444") for line in lines)
