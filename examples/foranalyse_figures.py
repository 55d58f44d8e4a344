"""The 2015 Foranalyse's budget, split by population, and a check of its figures.

    python examples/foranalyse_figures.py

The report (section 5.5) splits the association's costs between the members
by population. Its own population figures are not in the sources, so the
split below uses Statistics Denmark's figures for 1 January 2023: the shares
show the method, not the 2015 amounts.
"""

from __future__ import annotations

from pathlib import Path

import foreningsregler as fr
from foreningsregler.economy.foranalyse import PRINTED_BUDGET_TOTAL, budget, check_figures, costs
from foreningsregler.economy.money import kroner, region_sjaelland_2023, split_by_rule, tkr
from foreningsregler.statute.model import MoneyKind

STATUTE = Path(__file__).resolve().parent.parent / "vedtaegter" / "digitaliseringsforeningen.yaml"


def main() -> None:
    statute = fr.load(STATUTE)
    rows = costs()
    k14 = [row.municipality for row in rows]

    print("The association's budget (Foranalyse 5.5), t.kr.")
    for line in budget():
        print(f"  {line.post:<50} {line.tkr:>7,}".replace(",", "."))
    print(f"  {'I alt (printed)':<50} {PRINTED_BUDGET_TOTAL:>7,}".replace(",", "."))

    population = region_sjaelland_2023()
    split = split_by_rule(
        statute, MoneyKind.PHASE_PAYMENT, tkr(PRINTED_BUDGET_TOTAL), k14, population
    )
    cited = ", ".join(str(p) for p in split.provisions)
    print(f"\nThe budget split among the 14 municipalities by population [{cited}]")
    print(f"  population: {population.source} (the report's own year was 2015)")
    for municipality, share in split.shares.items():
        people = population.counts[municipality]
        print(f"  {municipality:<14} {people:>7,}".replace(",", ".") + f"  {kroner(share):>20}")
    print(
        f"  {'total':<14} {sum(population.of(k14).values()):>7,}".replace(",", ".")
        + f"  {kroner(sum(split.shares.values())):>20}"
    )

    print("\nCosts of the monopoly-break projects per municipality (Foranalyse 5.5), t.kr.")
    print(f"  {'':<14} {'without':>8} {'with':>8} {'saving':>8}")
    for row in rows:
        print(
            f"  {row.municipality:<14} {row.without:>8} {row.with_association:>8} {row.saving:>8}"
        )
    print(
        f"  {'total':<14} {sum(r.without for r in rows):>8} "
        f"{sum(r.with_association for r in rows):>8} {sum(r.saving for r in rows):>8}"
    )

    found = check_figures()
    print(f"\nChecking the report's figures: {len(found)} do not add up")
    for discrepancy in found:
        print(f"  {discrepancy}")


if __name__ == "__main__":
    main()
