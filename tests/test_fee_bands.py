"""Size bands as properties: bands cut at any limits hold every population
exactly once and the linter is silent; moving one limit makes a gap (E622) or
an overlap (E621) where it was moved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import foreningsregler as fr
from foreningsregler.economy import PopulationTable, fee_for
from foreningsregler.statute.model import MemberKind

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "members" / "medlemmer.yaml"
TEXT = FIXTURE.read_text("utf-8")
SETTINGS = settings(max_examples=40, deadline=None)

cuts = st.lists(st.integers(1, 500_000), min_size=1, max_size=5, unique=True).map(sorted)


def _statute(limits: list[tuple[int, int | None]]) -> fr.Statute:
    rows = "".join(
        f"      - {{id: b{i}, from: {low}, "
        + (f"under: {high}, " if high is not None else "")
        + f"amount: {1000 * (i + 1)}}}\n"
        for i, (low, high) in enumerate(limits)
    )
    start, end = TEXT.index("    bands:\n"), TEXT.index("    per_kind:")
    return fr.loads(TEXT[:start] + "    bands:\n" + rows + TEXT[end:], name="b.yaml")


def _limits(points: list[int]) -> list[tuple[int, int | None]]:
    lows = [0, *points]
    return [(low, high) for low, high in zip(lows, [*points, None], strict=True)]


def _band_codes(statute: fr.Statute) -> list[str]:
    return sorted(f.code for f in fr.check(statute) if f.code in {"E620", "E621", "E622"})


@SETTINGS
@given(points=cuts, population=st.integers(0, 1_000_000))
def test_whole_bands_place_every_population_in_exactly_one(
    points: list[int], population: int
) -> None:
    statute = _statute(_limits(points))
    assert _band_codes(statute) == []
    [rule] = statute.money_rules
    holding = [b.id for b in rule.bands if b.holds(population)]
    assert len(holding) == 1
    table = PopulationTable(dt.date(2023, 1, 1), "hånd", {"X": population})
    fee = fee_for(statute, "X", 2024, population=table, kind=MemberKind.KOMMUNE)
    assert fee.band == holding[0]
    assert fee.amount == (int(holding[0][1:]) + 1) * 1000 * 100


@SETTINGS
@given(points=cuts, shift=st.integers(1, 1000), index=st.integers(0, 4), down=st.booleans())
def test_moving_one_limit_is_a_gap_or_an_overlap(
    points: list[int], shift: int, index: int, down: bool
) -> None:
    limits = _limits(points)
    i = index % (len(limits) - 1)  # a band with an upper limit
    low, high = limits[i]
    assert high is not None
    moved = high - shift if down else high + shift
    if moved <= low:
        return  # that would be an upside-down band, another test's case
    limits[i] = (low, moved)
    expected = "E622" if down else "E621"
    assert _band_codes(_statute(limits)) == [expected]
