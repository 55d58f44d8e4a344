"""Builds who may be a member and the money rules from a checked document."""

from __future__ import annotations

from typing import Any

from ._build import Reader
from ._yaml import PathKey
from .model import (
    Admission,
    DecliningPhase,
    Exclusion,
    Membership,
    MoneyKind,
    MoneyRule,
    Obligation,
    PeriodEnd,
    Split,
    Withdrawal,
)


def membership(r: Reader, d: dict[str, Any], path: PathKey) -> Membership:
    def part(key: str, build: Any) -> Any:
        return r.opt(d, (*path, key), build)

    return Membership(
        eligible=d.get("eligible"),
        municipalities=tuple(d.get("municipalities", ())),
        admission=part(
            "admission",
            lambda x, p: Admission(
                by=x.get("by"), requires=tuple(x.get("requires", ())), **r.cited(x, p)
            ),
        ),
        obligations=tuple(
            Obligation(kind=o["kind"], text=o.get("text"), **r.cited(o, (*path, "obligations", i)))
            for i, o in enumerate(d.get("obligations", []))
        ),
        withdrawal=part("withdrawal", lambda x, p: withdrawal(x, r.cited(x, p))),
        declining_phase=part(
            "declining_phase",
            lambda x, p: DecliningPhase(effect=x["effect"], **r.cited(x, p)),
        ),
        exclusion=part(
            "exclusion",
            lambda x, p: Exclusion(
                by=x["by"],
                voting=x.get("voting"),
                grounds=x.get("grounds"),
                **r.cited(x, p),
            ),
        ),
        **r.cited(d, path),
    )


def withdrawal(d: dict[str, Any], cited: dict[str, Any]) -> Withdrawal:
    return Withdrawal(
        earliest=d["earliest"],
        notice_months=d.get("notice_months"),
        notice_to=PeriodEnd(d["notice_to"]) if "notice_to" in d else None,
        takes_contracts=d.get("takes_contracts"),
        **cited,
    )


def money_rule(r: Reader, d: dict[str, Any], path: PathKey) -> MoneyRule:
    shared = d.get("split")
    return MoneyRule(
        id=d["id"],
        name=d["name"],
        kind=MoneyKind(d["kind"]),
        set_by=d.get("set_by"),
        period=d.get("period"),
        due=d.get("due"),
        computed_at=d.get("computed_at"),
        split=split(r, shared, (*path, "split")) if shared else None,
        **r.cited(d, path),
    )


def split(r: Reader, d: dict[str, Any], path: PathKey) -> Split:
    return Split(
        by=d["by"],
        among=d["among"],
        apportionment=d.get("apportionment"),
        **r.cited(d, path),
    )
