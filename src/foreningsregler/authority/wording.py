"""How a message shows a list of names and what a power requires first.

In Danish the Danish way (``a og b``, ``indstilling``); in English exactly as
the messages always wrote them. A day and a number inside a message are
``i18n.shown_day`` and ``i18n.shown_number``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..i18n import N_, _

#: What a power requires first, as a sentence names it (the format's value is
#: the English word): a recommendation (indstilling), a proposal, ...
_REQUIRED = {
    "recommendation": N_("recommendation"),
    "proposal": N_("proposal"),
    "consultation": N_("consultation"),
    "agreement": N_("agreement"),
}


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
