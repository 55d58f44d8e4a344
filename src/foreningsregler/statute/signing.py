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
class Attorney(Cited):
    """A power of attorney (fuldmagt) that extends the signing rule by decision:
    ``granted_by`` may authorise a named person to sign alone, within an amount
    and a period the grant states (and at most ``max_amount_kr`` where set)."""

    granted_by: str
    max_amount_kr: int | None = None


@attrs.frozen(kw_only=True)
class Signing(Cited):
    """The alternatives by which the association is bound; any one suffices."""

    alternatives: tuple[tuple[Signers, ...], ...]
    attorney: Attorney | None = None
