"""The 2015 Foranalyse's own figures: its budget and per-municipality table.

The tables are shipped as printed (``data/``); the totals the report prints
under them are kept here with the section they stand in. ``check_figures``
recomputes every total and row and reports each that does not add up, with
the difference and a likely cause, rather than accepting it silently.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from importlib import resources

import attrs

from ..i18n import _, shown_number

SECTION = "Foranalyse 5.5"
#: The totals printed under the tables, in t.kr.
PRINTED_BUDGET_TOTAL = 21_002
PRINTED_COST_TOTALS = {"uden_samarbejde": 70_722, "med_forening": 60_373, "besparelse": 10_349}
#: "en nettogevinst ... svarende til 600 t.kr for en gennemsnitskommune" (5.5).
PRINTED_AVERAGE_GAIN = 600
#: The members whose fees cover the running costs, as the report counts them
#: (5.5); a scenario's own break-even is ``simulation.break_even(scenario)``.
PRINTED_BREAK_EVEN_MEMBERS = 7


@attrs.frozen
class BudgetLine:
    post: str
    tkr: int


@attrs.frozen
class CostRow:
    municipality: str
    without: int
    with_association: int
    saving: int


@attrs.frozen
class Discrepancy:
    """A printed figure that the report's own rows do not give; ``what`` and
    ``likely_cause`` in the language of ``check_figures``' call."""

    what: str
    printed: int
    computed: int
    likely_cause: str

    @property
    def difference(self) -> int:
        return self.printed - self.computed

    def __str__(self) -> str:
        sign = "-" if self.difference < 0 else "+"
        return _(
            "{what}: printed {printed} t.kr., computed {computed} t.kr. "
            "(difference {difference}); likely cause: {cause} [{section}]",
            what=self.what,
            printed=shown_number(self.printed),
            computed=shown_number(self.computed),
            difference=sign + shown_number(abs(self.difference)),
            cause=self.likely_cause,
            section=SECTION,
        )


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("foreningsregler").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def budget() -> list[BudgetLine]:
    """Establishment, two years of running costs and phase 1, in t.kr."""
    return [BudgetLine(r["post"], int(r["tkr"])) for r in _rows("foranalyse-2015-budget-fase1.csv")]


def costs() -> list[CostRow]:
    """Each K14 municipality's cost of the monopoly-break projects, in t.kr."""
    return [
        CostRow(
            r["kommune"],
            int(r["uden_samarbejde_tkr"]),
            int(r["med_forening_tkr"]),
            int(r["besparelse_tkr"]),
        )
        for r in _rows("foranalyse-2015-omkostninger-monopolbrud.csv")
    ]


def check_figures() -> list[Discrepancy]:
    """Every total and row of the report that does not add up."""
    return [*_budget_total(), *_cost_totals(), *_cost_rows(), *_average_gain()]


def _budget_total() -> Iterator[Discrepancy]:
    computed = sum(line.tkr for line in budget())
    if computed != PRINTED_BUDGET_TOTAL:
        yield Discrepancy(_("budget total"), PRINTED_BUDGET_TOTAL, computed, _("an addition error"))


def _cost_totals() -> Iterator[Discrepancy]:
    rows = costs()
    sums = {
        "uden_samarbejde": sum(r.without for r in rows),
        "med_forening": sum(r.with_association for r in rows),
        "besparelse": sum(r.saving for r in rows),
    }
    for column, printed in PRINTED_COST_TOTALS.items():
        if sums[column] != printed:
            yield Discrepancy(
                _("total of the column {column}", column=column),
                printed,
                sums[column],
                _("rows rounded to whole t.kr. before the total was taken from unrounded figures"),
            )
    net = sums["uden_samarbejde"] - sums["med_forening"]
    if net != PRINTED_COST_TOTALS["besparelse"]:
        yield Discrepancy(
            _("total saving against total without minus total with"),
            PRINTED_COST_TOTALS["besparelse"],
            net,
            _("the savings column was rounded row by row, separately from the two cost columns"),
        )


def _cost_rows() -> Iterator[Discrepancy]:
    for row in costs():
        computed = row.without - row.with_association
        if computed != row.saving:
            yield Discrepancy(
                _("saving of {municipality}", municipality=row.municipality),
                row.saving,
                computed,
                _("the three figures of the row were rounded separately"),
            )


def _average_gain() -> Iterator[Discrepancy]:
    rows = costs()
    average = round(sum(r.saving for r in rows) / len(rows))
    if average != PRINTED_AVERAGE_GAIN:
        yield Discrepancy(
            _("net gain of an average municipality (text) against the table's mean saving"),
            PRINTED_AVERAGE_GAIN,
            average,
            _(
                "the text's figure is for KOMBIT's standard municipality (75 users "
                "per system), not the mean of the 14 municipalities in the table"
            ),
        )
