"""Builds who may be a member and the money rules from a checked document."""

from __future__ import annotations

from typing import Any

from ._build import Reader, as_date, fraction
from ._yaml import PathKey
from .model import (
    POPULATION_KINDS,
    Admission,
    Band,
    CategoryRule,
    ClassAmount,
    Core,
    DecliningPhase,
    Exclusion,
    FeeEffect,
    Indexation,
    KindAmount,
    KindRule,
    Member,
    MemberKind,
    Membership,
    MembershipClass,
    MoneyKind,
    MoneyRule,
    Obligation,
    Partner,
    PeriodEnd,
    PopulationDate,
    ProRata,
    Split,
    Withdrawal,
    YearlyDecision,
)


def membership(r: Reader, d: dict[str, Any], path: PathKey) -> Membership:
    def part(key: str, build: Any) -> Any:
        return r.opt(d, (*path, key), build)

    return Membership(
        eligible=d.get("eligible"),
        municipalities=tuple(d.get("municipalities", ())),
        kinds=tuple(
            KindRule(kind=MemberKind(k["kind"]), open=k["open"], **r.cited(k, (*path, "kinds", i)))
            for i, k in enumerate(d.get("kinds", []))
        ),
        members=tuple(
            Member(
                id=m["id"],
                name=m["name"],
                kind=MemberKind(m["kind"]),
                member_class=m.get("class"),
                **r.cited(m, (*path, "members", i)),
            )
            for i, m in enumerate(d.get("members", []))
        ),
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
            lambda x, p: DecliningPhase(
                effect=x["effect"], applies_to=x.get("applies_to", "all"), **r.cited(x, p)
            ),
        ),
        exclusion=part(
            "exclusion",
            lambda x, p: Exclusion(
                by=x["by"],
                voting=x.get("voting"),
                grounds=x.get("grounds"),
                ratified_by=x.get("ratified_by"),
                **r.cited(x, p),
            ),
        ),
        classes=tuple(
            membership_class(r, c, (*path, "classes", i))
            for i, c in enumerate(d.get("classes", []))
        ),
        partners=tuple(
            partner(r, p, (*path, "partners", i)) for i, p in enumerate(d.get("partners", []))
        ),
        core=part(
            "core",
            lambda x, p: Core(
                phases=tuple(x.get("phases", ())),
                areas=tuple(x.get("areas", ())),
                extended_by=x.get("extended_by"),
                power=x.get("power"),
                **r.cited(x, p),
            ),
        ),
        **r.cited(d, path),
    )


def membership_class(r: Reader, d: dict[str, Any], path: PathKey) -> MembershipClass:
    return MembershipClass(
        id=d["id"],
        name=d["name"],
        description=d.get("description"),
        paid_by=d.get("paid_by"),
        duties=tuple(d.get("duties", ())),
        open_from=as_date(d.get("open_from")),
        open_until=as_date(d.get("open_until")),
        **r.cited(d, path),
    )


def partner(r: Reader, d: dict[str, Any], path: PathKey) -> Partner:
    kind = d.get("kind")
    return Partner(
        id=d["id"],
        name=d["name"],
        kind=MemberKind(kind) if kind is not None else None,
        role=d.get("role"),
        **r.cited(d, path),
    )


def withdrawal(d: dict[str, Any], cited: dict[str, Any]) -> Withdrawal:
    return Withdrawal(
        earliest=d["earliest"],
        notice_months=d.get("notice_months"),
        notice_to=PeriodEnd(d["notice_to"]) if "notice_to" in d else None,
        takes_contracts=d.get("takes_contracts"),
        registered_by=d.get("registered_by"),
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
        population_date=r.opt(d, (*path, "population_date"), lambda x, p: population_date(r, x, p)),
        bands=tuple(band(r, b, (*path, "bands", i)) for i, b in enumerate(d.get("bands", []))),
        population_kinds=tuple(map(MemberKind, d.get("population_kinds", POPULATION_KINDS))),
        per_kind=tuple(
            KindAmount(
                kind=MemberKind(k["kind"]), amount=k["amount"], **r.cited(k, (*path, "per_kind", i))
            )
            for i, k in enumerate(d.get("per_kind", []))
        ),
        category=r.opt(
            d, (*path, "category"), lambda x, p: CategoryRule(by=x["by"], **r.cited(x, p))
        ),
        per_class=tuple(
            ClassAmount(
                member_class=c["class"],
                amount=c["amount"],
                **r.cited(c, (*path, "per_class", i)),
            )
            for i, c in enumerate(d.get("per_class", []))
        ),
        amount=d.get("amount"),
        payers=tuple(d.get("payers", ())),
        set_yearly=r.opt(d, (*path, "set_yearly"), lambda x, p: yearly(r, x, p)),
        pro_rata=r.opt(d, (*path, "pro_rata"), lambda x, p: pro_rata(r, x, p)),
        indexation=r.opt(
            d,
            (*path, "indexation"),
            lambda x, p: Indexation(
                index=x["index"], base_year=x.get("base_year"), **r.cited(x, p)
            ),
        ),
        **r.cited(d, path),
    )


def band(r: Reader, d: dict[str, Any], path: PathKey) -> Band:
    return Band(
        id=d["id"],
        name=d.get("name"),
        lower=d["from"],
        under=d.get("under"),
        amount=d["amount"],
        **r.cited(d, path),
    )


def population_date(r: Reader, d: dict[str, Any], path: PathKey) -> PopulationDate:
    return PopulationDate(
        month=d["month"],
        day=d.get("day", 1),
        years_before=d.get("years_before", 0),
        **r.cited(d, path),
    )


def split(r: Reader, d: dict[str, Any], path: PathKey) -> Split:
    return Split(
        by=d["by"],
        among=d["among"],
        apportionment=d.get("apportionment"),
        **r.cited(d, path),
    )


def yearly(r: Reader, d: dict[str, Any], path: PathKey) -> YearlyDecision:
    effect = FeeEffect(d.get("effect", FeeEffect.NEXT_FINANCIAL_YEAR.value))
    return YearlyDecision(by=d["by"], effect=effect, **r.cited(d, path))


def pro_rata(r: Reader, d: dict[str, Any], path: PathKey) -> ProRata:
    share = fraction(d["fraction"])
    assert share is not None  # the schema requires it
    start = d["from"]
    return ProRata(
        month=start["month"], day=start.get("day", 1), fraction=share, **r.cited(d, path)
    )
