"""How a message shows a day, an amount of kroner, a list of names and what a
power requires first.

In Danish the Danish way (``1. september 2016``, ``100.000 kr.``, ``a og b``),
through ``i18n``; in English exactly as the messages always wrote them (the
ISO day, the plain digits), so that English stays the stable text the tests
and the message ids know. The wings above (economy, testing) use these too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..i18n import N_, _, format_day, format_number, language

#: What a power requires first, as a sentence names it (the format's value is
#: the English word): a recommendation (indstilling), a proposal, ...
_REQUIRED = {
    "recommendation": N_("recommendation"),
    "proposal": N_("proposal"),
    "consultation": N_("consultation"),
    "agreement": N_("agreement"),
}


def shown_day(day: dt.date) -> str:
    """A day in a message: ``1. september 2016`` in Danish, ``2016-09-01`` in English."""
    return format_day(day) if language() == "da" else day.isoformat()


def shown_amount(amount: int) -> str:
    """A whole amount (kroner, a count) in a message: ``100.000`` in Danish,
    ``100000`` in English."""
    return format_number(amount) if language() == "da" else str(amount)


def and_list(names: Iterable[str]) -> str:
    """``a and b and c`` (``a og b og c``); the empty text for no names."""
    joined = ""
    for name in names:
        joined = _("{names} and {name}", names=joined, name=name) if joined else name
    return joined


def required(kind: str) -> str:
    """A kind of requirement (``recommendation``) as a sentence names it: ``indstilling``."""
    word = _REQUIRED.get(kind)
    return _(word) if word is not None else kind
