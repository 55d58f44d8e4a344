"""How a refusal shows a day, an amount and a list of alternatives.

The English messages show a day as the protocol records it (2018-01-01) and
an amount as a plain number (21002), as they always have; Danish shows them
the Danish way (1. januar 2018, 21.002). A list of alternatives is joined
by a message of its own (``{first} or {second}``), so a language writes its
own word between them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..i18n import _, shown_number
from ..i18n import shown_day as i18n_day


def shown_day(day: dt.date | None) -> str:
    """A day as a refusal shows it: ISO in English, the long form in Danish."""
    return str(day) if day is None else i18n_day(day)


def shown_amount(value: int) -> str:
    """A whole number of kroner (or any count): 21.002 in Danish, 21002 in English."""
    return shown_number(value)


def either(items: Iterable[str]) -> str:
    """Alternatives: ``a or b or c`` (``a eller b eller c``)."""
    shown = ""
    for item in items:
        shown = _("{first} or {second}", first=shown, second=item) if shown else item
    return shown


def together(items: Iterable[str]) -> str:
    """Parts that go together: ``a with b with c`` (``a sammen med b ...``)."""
    shown = ""
    for item in items:
        shown = _("{first} with {second}", first=shown, second=item) if shown else item
    return shown
