"""Who may exercise each power in each statute compared, as a pandas table.

pandas is optional (the ``notebooks`` extra) and imported only when the table
is asked for; without it the call raises ``MissingExtra``, a library error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import optional_module
from .answers import cited
from .side_by_side import Matched, PowerSide

#: The table's columns, in order.
COLUMNS = (
    "power",
    "match",
    "statute",
    "power_id",
    "body",
    "holds",
    "chain",
    "conditions",
    "max_amount_kr",
    "voting_rule",
    "provision",
)


def holders_frame(names: Sequence[str], powers: Sequence[Matched]) -> Any:
    """One row per matched power, statute and body that may exercise it; a
    statute without the power gives one row whose ``body`` is None."""
    pd = optional_module("pandas", "Comparison.to_pandas", "notebooks")
    rows = [row for matched in powers for row in _rows(names, matched)]
    # Texts stay None where there is none (not NaN); the limit is a nullable integer.
    frame = pd.DataFrame(rows, columns=list(COLUMNS), dtype=object)
    frame["holds"] = frame["holds"].astype(bool)
    frame["max_amount_kr"] = frame["max_amount_kr"].astype("Int64")
    return frame


def _rows(names: Sequence[str], matched: Matched) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for name, side in zip(names, matched.sides, strict=True):
        head = (matched.key, matched.match.value, name)
        if not isinstance(side, PowerSide) or not side.holdings:
            power = side.power if isinstance(side, PowerSide) else None
            rows.append((*head, power, None, False, None, None, None, None, None))
            continue
        for holding in side.holdings:
            answer = holding.answer
            chain = answer.chains[0] if answer.chains else None
            rows.append(
                (
                    *head,
                    side.power,
                    holding.body,
                    holding.holds,
                    " → ".join(str(s) for s in chain.steps) if chain else None,
                    "; ".join(str(c) for c in answer.conditions) or None,
                    holding.max_amount_kr,
                    answer.procedure.voting_rule if answer.procedure else None,
                    cited(chain.steps[-1].provision) if chain and chain.steps else None,
                )
            )
    return rows
