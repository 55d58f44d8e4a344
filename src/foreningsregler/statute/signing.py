"""Who may bind the association (tegningsregel).

"Foreningen tegnes af formanden i forening med et bestyrelsesmedlem eller af
to bestyrelsesmedlemmer i forening": alternatives, each a combination of
signers drawn from bodies, the chair of a body counting as one of them.
"""

from __future__ import annotations

import attrs

from .citation import Cited


@attrs.frozen(kw_only=True)
class Signers:
    """``count`` people who sit in ``body``; with ``chair``, its chair."""

    body: str
    count: int = 1
    chair: bool = False


@attrs.frozen(kw_only=True)
class Signing(Cited):
    """The alternatives by which the association is bound; any one suffices."""

    alternatives: tuple[tuple[Signers, ...], ...]
