"""A statute's legal basis under kommunestyrelsesloven: ``statute.legal_basis``.

A statute of a kommunalt fællesskab says which rule it is made under
(``kstl-60``: approved by the supervisory authority; ``kstl-60a``: a small
community exempt from approval, from 1 July 2018) and by which power it is
changed. The law itself is data (``law``); this is only the declaration.
"""

from __future__ import annotations

import attrs

from .citation import Cited


@attrs.frozen(kw_only=True)
class LegalBasis(Cited):
    """``law``: the basis's id in the law data; ``changes``: the power that changes the statute."""

    law: str
    changes: str | None = None
