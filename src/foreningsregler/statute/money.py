"""Money rules: fees, phase payments and how an amount is split."""

from __future__ import annotations

from enum import StrEnum

import attrs

from .citation import Cited


class MoneyKind(StrEnum):
    MEMBERSHIP_FEE = "membership_fee"
    PHASE_PAYMENT = "phase_payment"
    NO_FORTUNE = "no_fortune"
    NO_DEBT = "no_debt"
    OUTSIDE_ACCOUNTS = "outside_accounts"
    DISSOLUTION = "dissolution"


@attrs.frozen(kw_only=True)
class Split(Cited):
    """How an amount is shared: by population or equally, among whom, how rounded."""

    by: str
    among: str
    apportionment: str | None = None


@attrs.frozen(kw_only=True)
class MoneyRule(Cited):
    id: str
    name: str
    kind: MoneyKind
    set_by: str | None = None
    period: str | None = None
    due: str | None = None
    computed_at: str | None = None
    split: Split | None = None
