"""Builds the standard clauses (hjemsted, regnskab, hæftelse, ejerskab,
licenser, tvistløsning, opløsning) from a checked document."""

from __future__ import annotations

from typing import Any

from ._build import Reader
from ._yaml import PathKey
from .model import (
    Accounts,
    AssetsTo,
    Auditor,
    Clauses,
    DisputeForum,
    Disputes,
    DissolutionClause,
    Domicile,
    IpTo,
    IpTransfer,
    Liability,
    LiabilityShare,
    LicenceExceptions,
    Licences,
    LicensedWork,
    Owner,
    Ownership,
)


def clauses(r: Reader, d: dict[str, Any], path: PathKey) -> Clauses:
    def part(key: str, build: Any) -> Any:
        return r.opt(d, (*path, key), lambda x, p: build(x, p, r.cited(x, p)))

    return Clauses(
        domicile=part("domicile", lambda x, _, c: Domicile(municipality=x["municipality"], **c)),
        accounts=part(
            "accounts",
            lambda x, _, c: Accounts(
                auditor=Auditor(x["auditor"]), approved_by=x.get("approved_by"), **c
            ),
        ),
        liability=part("liability", lambda x, _, c: _liability(x, c)),
        disputes=part("disputes", lambda x, _, c: Disputes(forum=DisputeForum(x["forum"]), **c)),
        dissolution=part("dissolution", lambda x, p, c: _dissolution(r, x, p, c)),
        ownership=part(
            "ownership",
            lambda x, _, c: Ownership(
                solutions=_owner(x.get("solutions")), contracts=_owner(x.get("contracts")), **c
            ),
        ),
        licences=part("licences", lambda x, p, c: _licences(r, x, p, c)),
    )


def _share(value: str | None) -> LiabilityShare | None:
    return LiabilityShare(value) if value is not None else None


def _owner(value: str | None) -> Owner | None:
    return Owner(value) if value is not None else None


def _liability(d: dict[str, Any], cited: dict[str, Any]) -> Liability:
    return Liability(
        members=_share(d.get("members")),
        third_parties=_share(d.get("third_parties")),
        between_members=_share(d.get("between_members")),
        **cited,
    )


def _dissolution(
    r: Reader, d: dict[str, Any], path: PathKey, cited: dict[str, Any]
) -> DissolutionClause:
    ip = r.opt(
        d,
        (*path, "ip"),
        lambda x, p: IpTransfer(to=IpTo(x["to"]), recipient=x.get("recipient"), **r.cited(x, p)),
    )
    return DissolutionClause(
        assets=AssetsTo(d["assets"]),
        contracts_to_members=d.get("contracts_to_members"),
        notify_authority=d.get("notify_authority"),
        ip=ip,
        conditions=tuple(d.get("conditions", ())),
        **cited,
    )


def _licences(r: Reader, d: dict[str, Any], path: PathKey, cited: dict[str, Any]) -> Licences:
    works = tuple(
        LicensedWork(what=w["what"], licence=w["licence"], **r.cited(w, (*path, "works", i)))
        for i, w in enumerate(d["works"])
    )
    exceptions = r.opt(
        d,
        (*path, "exceptions"),
        lambda x, p: LicenceExceptions(by=x["by"], conditions=x.get("conditions"), **r.cited(x, p)),
    )
    return Licences(works=works, exceptions=exceptions, **cited)
