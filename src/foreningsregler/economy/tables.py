"""A run's and a sweep's figures as pandas DataFrames, for notebooks.

pandas is optional (the ``notebooks`` extra) and imported only when a table is
asked for; without it the call raises ``MissingExtra``, a library error. Every
column of money says its unit in its name (``paid_oere``, ``paid_kr``,
``paid_tkr``), so a column never holds another unit than it says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from ..errors import BadArgument, optional_module
from ..i18n import _

#: The units a table may show money in, and how many øre each is.
UNITS = {"oere": 1, "kr": 100, "tkr": 100_000}
#: The tables of a sweep: one row per run and year, or per run and municipality.
SWEEP_TABLES = ("members", "payments")


class _Year(Protocol):
    """What a table reads of ``simulation.Year`` (which imports this module)."""

    @property
    def year(self) -> int: ...
    @property
    def members(self) -> tuple[str, ...]: ...
    @property
    def payments(self) -> Mapping[str, int]: ...
    @property
    def balance(self) -> int: ...


class _Run(Protocol):
    """What a table reads of ``simulation.RunSummary``."""

    @property
    def members(self) -> tuple[int, ...]: ...
    @property
    def payments(self) -> Mapping[str, int]: ...
    @property
    def covered(self) -> bool: ...
    @property
    def refusals(self) -> int: ...


def _pandas(call: str) -> Any:
    return optional_module("pandas", call, "notebooks")


def _per_unit(unit: object) -> tuple[str, int]:
    if not isinstance(unit, str) or unit not in UNITS:
        known = ", ".join(UNITS)
        raise BadArgument(_("unit: one of {known}, not {value}", known=known, value=repr(unit)))
    return unit, UNITS[unit]


def _amount(oere: int, per: int) -> int | float:
    return oere if per == 1 else oere / per


def result_frame(years: Sequence[_Year], unit: str = "oere") -> Any:
    """One row per year and municipality that paid or was a member: ``year``,
    ``municipality``, ``paid_<unit>`` (its fee and phase payments that year),
    ``member`` and ``balance_<unit>`` (the association's, at the year's end)."""
    name, per = _per_unit(unit)
    pd = _pandas("Result.to_pandas")
    rows = [
        {
            "year": y.year,
            "municipality": m,
            f"paid_{name}": _amount(amount, per),
            "member": m in y.members,
            f"balance_{name}": _amount(y.balance, per),
        }
        for y in years
        for m, amount in sorted(y.payments.items())
    ]
    return pd.DataFrame(rows)


def sweep_frame(
    runs: Sequence[_Run], first_year: int, table: str = "members", unit: str = "oere"
) -> Any:
    """``members``: one row per run and year (``run``, ``year``, ``members``,
    ``covered``, ``refusals``); ``payments``: one row per run and municipality
    (``run``, ``municipality``, ``paid_<unit>``: over all the run's years)."""
    if table not in SWEEP_TABLES:
        known = ", ".join(SWEEP_TABLES)
        raise BadArgument(_("table: one of {known}, not {value}", known=known, value=repr(table)))
    name, per = _per_unit(unit)
    pd = _pandas("Sweep.to_pandas")
    rows: list[dict[str, object]]
    if table == "members":
        rows = [
            {
                "run": i,
                "year": first_year + j,
                "members": count,
                "covered": run.covered,
                "refusals": run.refusals,
            }
            for i, run in enumerate(runs)
            for j, count in enumerate(run.members)
        ]
    else:
        rows = [
            {"run": i, "municipality": m, f"paid_{name}": _amount(amount, per)}
            for i, run in enumerate(runs)
            for m, amount in sorted(run.payments.items())
        ]
    return pd.DataFrame(rows)
