"""Statute files to model: read safely, check the shape, resolve names, build.

Each stage reports every problem it finds before the next one runs: the
reference checks need the schema's shape, so a file with schema errors
gets those (all of them) and no reference errors yet.
"""

from __future__ import annotations

import os
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

from . import _yaml
from ._yaml import MAX_BYTES, Parsed, PathKey
from .model import (
    Accounts,
    Admission,
    Area,
    AssetsTo,
    Auditor,
    Body,
    BodyKind,
    Chair,
    Clauses,
    DecliningPhase,
    Delegation,
    DisputeForum,
    Disputes,
    DissolutionClause,
    Domicile,
    Exclusion,
    ExtraordinaryMeeting,
    FilledBy,
    FillMethod,
    FinancialYear,
    Grant,
    Liability,
    LiabilityShare,
    Lifecycle,
    LifecycleKind,
    LifecycleState,
    Majority,
    MeetingNotice,
    Meetings,
    Membership,
    Metadata,
    MoneyKind,
    MoneyRule,
    Obligation,
    PeriodEnd,
    Power,
    Provision,
    ProvisionRef,
    PurposeItem,
    Quorum,
    Requirement,
    RequirementKind,
    Role,
    Scope,
    Signers,
    Signing,
    Source,
    SourceRef,
    Split,
    Status,
    Statute,
    Stk,
    TieBreak,
    Transition,
    VoteBase,
    VotingRule,
    Withdrawal,
)
from .problems import Finding, StatuteError
from .references import resolve
from .validation import validate


def load(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Statute:
    """Load a statute file; raises StatuteError listing every problem."""
    name = os.fspath(path)
    return _from_text(read_text(path, max_bytes=max_bytes), name)


def loads(source: str | bytes, *, name: str = "<string>", max_bytes: int = MAX_BYTES) -> Statute:
    """Load a statute from text or bytes; ``name`` is used in messages."""
    # surrogatepass: a lone surrogate in text becomes bytes that decoding refuses (E102)
    raw = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source
    return _from_text(_decode(_limited(raw, name, max_bytes), name), name)


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> str:
    """A file's text, refused if unreadable, too large or not UTF-8."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise StatuteError([Finding("E100", f"cannot read the file: {reason}", name)]) from None
    return _decode(_limited(raw, name, max_bytes), name)


def read_document(path: str | os.PathLike[str], schema: str) -> Parsed:
    """A YAML file read safely and checked against one of the package's schemas
    (statute test files, event files); StatuteError for every problem."""
    name = os.fspath(path)
    parsed = _stage(_yaml.parse(read_text(path), name))
    _check(validate(parsed, name, schema))
    return parsed


def _from_text(text: str, name: str) -> Statute:
    parsed = _stage(_yaml.parse(text, name))
    _check(validate(parsed, name))
    _check(resolve(parsed, name))
    return _Builder(parsed, name).statute()


def _limited(raw: bytes, name: str, max_bytes: int) -> bytes:
    if len(raw) > max_bytes:
        message = f"the file is larger than the limit of {max_bytes} bytes"
        raise StatuteError([Finding("E101", message, name, 1, 1)])
    return raw


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        message = f"byte {raw[error.start]:#04x} is not valid UTF-8; save the file as UTF-8"
        raise StatuteError([Finding("E102", message, name, line, column)]) from None


def _stage(result: tuple[Parsed | None, list[Finding]]) -> Parsed:
    parsed, problems = result
    _check(problems)
    assert parsed is not None
    return parsed


def _check(problems: list[Finding]) -> None:
    if problems:
        raise StatuteError(problems)


class _Builder:
    """Builds the model from a document that passed schema and references."""

    def __init__(self, parsed: Parsed, name: str) -> None:
        self.parsed, self.name = parsed, name
        self.data: dict[str, Any] = cast(dict[str, Any], parsed.data)

    def statute(self) -> Statute:
        d = self.data
        areas = self._list("areas", self._area)
        return Statute(
            metadata=self._metadata(d["statute"], ("statute",)),
            provisions=self._list("provisions", self._provision),
            sources=self._list("sources", self._source),
            membership=self._opt(d, ("membership",), self._membership),
            roles=self._list("roles", self._role),
            areas=areas,
            bodies=tuple(
                b
                for i, raw in enumerate(d.get("bodies", []))
                for b in self._bodies(raw, ("bodies", i), areas)
            ),
            powers=self._list("powers", self._power),
            delegations=self._list("delegations", self._delegation),
            voting_rules=self._list("voting_rules", self._voting_rule),
            money_rules=self._list("money_rules", self._money_rule),
            lifecycles=self._list("lifecycles", self._lifecycle),
            financial_year=self._opt(d, ("financial_year",), self._financial_year),
            clauses=self._clauses(d.get("clauses", {}), ("clauses",)),
            signing=self._opt(d, ("signing",), self._signing),
            path=self.name,
        )

    def _signing(self, d: dict[str, Any], path: PathKey) -> Signing:
        alternatives = tuple(
            tuple(
                Signers(body=s["body"], count=s.get("count", 1), chair=bool(s.get("chair", False)))
                for s in alternative
            )
            for alternative in d["alternatives"]
        )
        return Signing(alternatives=alternatives, **self._cited(d, path))

    def _clauses(self, d: dict[str, Any], path: PathKey) -> Clauses:
        def part(key: str, build: Any) -> Any:
            return self._opt(d, (*path, key), lambda x, p: build(x, self._cited(x, p)))

        return Clauses(
            domicile=part("domicile", lambda x, c: Domicile(municipality=x["municipality"], **c)),
            accounts=part(
                "accounts",
                lambda x, c: Accounts(
                    auditor=Auditor(x["auditor"]), approved_by=x.get("approved_by"), **c
                ),
            ),
            liability=part(
                "liability", lambda x, c: Liability(members=LiabilityShare(x["members"]), **c)
            ),
            disputes=part("disputes", lambda x, c: Disputes(forum=DisputeForum(x["forum"]), **c)),
            dissolution=part(
                "dissolution",
                lambda x, c: DissolutionClause(
                    assets=AssetsTo(x["assets"]),
                    contracts_to_members=x.get("contracts_to_members"),
                    notify_authority=x.get("notify_authority"),
                    **c,
                ),
            ),
        )

    def _financial_year(self, d: dict[str, Any], path: PathKey) -> FinancialYear:
        return FinancialYear(
            start_month=d["start_month"], start_day=d.get("start_day", 1), **self._cited(d, path)
        )

    # -- helpers --

    def _list(self, key: str, build: Any) -> tuple[Any, ...]:
        return tuple(build(raw, (key, i)) for i, raw in enumerate(self.data.get(key, [])))

    def _opt(self, d: dict[str, Any], path: PathKey, build: Any) -> Any:
        key = path[-1]
        return build(d[key], path) if key in d else None

    def _cited(self, d: dict[str, Any], path: PathKey) -> dict[str, Any]:
        provision = d.get("provision")
        return {
            "provision": ProvisionRef.parse(provision) if provision else None,
            "assumption": bool(d.get("assumption", False)),
            "reason": d.get("reason"),
            "location": self.parsed.value_at(path),
        }

    def _sources(self, d: dict[str, Any], path: PathKey) -> tuple[SourceRef, ...]:
        return tuple(
            SourceRef(
                document=s["document"],
                section=s.get("section"),
                page=s.get("page"),
                location=self.parsed.value_at((*path, "sources", i)),
            )
            for i, s in enumerate(d.get("sources", []))
        )

    # -- elements --

    def _metadata(self, d: dict[str, Any], path: PathKey) -> Metadata:
        purpose = tuple(
            PurposeItem(text=p["text"], **self._cited(p, (*path, "purpose", i)))
            for i, p in enumerate(d.get("purpose", []))
        )
        return Metadata(
            id=d["id"],
            name=d["name"],
            status=Status(d["status"]),
            short_name=d.get("short_name"),
            version=d.get("version"),
            date=_date(d.get("date")),
            in_force=_date(d.get("in_force")),
            language=d.get("language", "da"),
            description=d.get("description"),
            purpose=purpose,
            **self._cited(d, path),
        )

    def _source(self, d: dict[str, Any], path: PathKey) -> Source:
        return Source(
            id=d["id"],
            title=d["title"],
            author=d.get("author"),
            publisher=d.get("publisher"),
            date=_date(d.get("date")),
            note=d.get("note"),
            sections=tuple(d.get("sections", ())),
            location=self.parsed.value_at(path),
        )

    def _provision(self, d: dict[str, Any], path: PathKey) -> Provision:
        stk = tuple(
            Stk(
                number=i + 1,
                text=s["text"],
                sources=self._sources(s, (*path, "stk", i)),
                assumption=bool(s.get("assumption", False)),
                reason=s.get("reason"),
                location=self.parsed.value_at((*path, "stk", i)),
            )
            for i, s in enumerate(d["stk"])
        )
        return Provision(
            number=d["number"],
            title=d["title"],
            stk=stk,
            sources=self._sources(d, path),
            assumption=bool(d.get("assumption", False)),
            reason=d.get("reason"),
            location=self.parsed.value_at(path),
        )

    def _membership(self, d: dict[str, Any], path: PathKey) -> Membership:
        def part(key: str, build: Any) -> Any:
            return self._opt(d, (*path, key), build)

        return Membership(
            eligible=d.get("eligible"),
            municipalities=tuple(d.get("municipalities", ())),
            admission=part(
                "admission",
                lambda x, p: Admission(
                    by=x.get("by"), requires=tuple(x.get("requires", ())), **self._cited(x, p)
                ),
            ),
            obligations=tuple(
                Obligation(
                    kind=o["kind"], text=o.get("text"), **self._cited(o, (*path, "obligations", i))
                )
                for i, o in enumerate(d.get("obligations", []))
            ),
            withdrawal=part("withdrawal", lambda x, p: _withdrawal(x, self._cited(x, p))),
            declining_phase=part(
                "declining_phase",
                lambda x, p: DecliningPhase(effect=x["effect"], **self._cited(x, p)),
            ),
            exclusion=part(
                "exclusion",
                lambda x, p: Exclusion(
                    by=x["by"],
                    voting=x.get("voting"),
                    grounds=x.get("grounds"),
                    **self._cited(x, p),
                ),
            ),
            **self._cited(d, path),
        )

    def _role(self, d: dict[str, Any], path: PathKey) -> Role:
        return Role(
            id=d["id"], name=d["name"], description=d.get("description"), **self._cited(d, path)
        )

    def _area(self, d: dict[str, Any], path: PathKey) -> Area:
        return Area(
            id=d["id"], name=d["name"], description=d.get("description"), **self._cited(d, path)
        )

    def _bodies(self, d: dict[str, Any], path: PathKey, areas: tuple[Area, ...]) -> list[Body]:
        if not d.get("per_area"):
            return [self._body(d, path, None, lambda ref: ref)]
        templates = {b["id"] for b in self.data.get("bodies", []) if b.get("per_area")}
        return [
            self._body(
                d, path, area, lambda ref, a=area: f"{ref}-{a.id}" if ref in templates else ref
            )
            for area in areas
        ]

    def _body(self, d: dict[str, Any], path: PathKey, area: Area | None, local: Any) -> Body:
        def ref(value: str | None) -> str | None:
            return local(value) if value is not None else None

        fill, chair, meetings = d["filled_by"], d.get("chair"), d.get("meetings")
        return Body(
            id=f"{d['id']}-{area.id}" if area else d["id"],
            name=d["name"].replace("{area}", area.name) if area else d["name"],
            kind=BodyKind(d["kind"]),
            seats=d["seats"],
            filled_by=FilledBy(
                method=FillMethod(fill["method"]),
                by=ref(fill.get("by")),
                term_years=fill.get("term_years"),
                **self._cited(fill, (*path, "filled_by")),
            ),
            eligible=tuple(d.get("eligible", ())),
            one_seat_per_member=bool(d.get("one_seat_per_member", False)),
            drawn_from=ref(d.get("drawn_from")),
            chair=Chair(
                from_body=ref(chair.get("from")),
                chosen_by=ref(chair.get("chosen_by")),
                **self._cited(chair, (*path, "chair")),
            )
            if chair
            else None,
            voting=d.get("voting"),
            meetings=self._meetings(meetings, (*path, "meetings")) if meetings else None,
            description=d.get("description"),
            template=d["id"] if area else None,
            area=area.id if area else None,
            **self._cited(d, path),
        )

    def _split(self, d: dict[str, Any], path: PathKey) -> Split:
        return Split(
            by=d["by"],
            among=d["among"],
            apportionment=d.get("apportionment"),
            **self._cited(d, path),
        )

    def _meetings(self, d: dict[str, Any], path: PathKey) -> Meetings:
        notice, extra = d.get("notice"), d.get("extraordinary")
        return Meetings(
            ordinary_per_year=d.get("ordinary_per_year"),
            ordinary_by_month=d.get("ordinary_by_month"),
            proposals_before_days=d.get("proposals_before_days"),
            written_procedure=bool(d.get("written_procedure", False)),
            notice=MeetingNotice(
                days=notice["days"] if "days" in notice else 7 * notice["weeks"],
                called_by=notice.get("called_by"),
                **self._cited(notice, (*path, "notice")),
            )
            if notice
            else None,
            extraordinary=ExtraordinaryMeeting(
                called_by=tuple(extra.get("called_by", ())),
                members_fraction=_fraction(extra.get("members_fraction")),
                **self._cited(extra, (*path, "extraordinary")),
            )
            if extra
            else None,
            **self._cited(d, path),
        )

    def _power(self, d: dict[str, Any], path: PathKey) -> Power:
        requires = tuple(
            Requirement(
                kind=RequirementKind(r["kind"]),
                from_body=r["from"],
                power=r.get("power"),
                **self._cited(r, (*path, "requires", i)),
            )
            for i, r in enumerate(d.get("requires", []))
        )
        return Power(
            id=d["id"],
            name=d["name"],
            holders=_as_tuple(d.get("holder")),
            exclusive=bool(d.get("exclusive", False)),
            individual=bool(d.get("individual", False)),
            requires=requires,
            voting=d.get("voting"),
            scope=frozenset(Scope(s) for s in d.get("scope", ())),
            description=d.get("description"),
            **self._cited(d, path),
        )

    def _delegation(self, d: dict[str, Any], path: PathKey) -> Delegation:
        return Delegation(
            power=d["power"],
            from_body=d["from"],
            to_body=d["to"],
            scope=frozenset(Scope(s) for s in d.get("scope", ())),
            subdelegation=bool(d.get("subdelegation", False)),
            id=d.get("id"),
            granted=Grant(d.get("granted", Grant.STATUTE.value)),
            **self._cited(d, path),
        )

    def _voting_rule(self, d: dict[str, Any], path: PathKey) -> VotingRule:
        quorum = d.get("quorum")
        return VotingRule(
            id=d["id"],
            name=d.get("name"),
            majority=Majority(d["majority"]),
            quorum=Quorum(count=quorum.get("count"), fraction=_fraction(quorum.get("fraction")))
            if quorum
            else None,
            threshold=_fraction(d.get("threshold")),
            base=VoteBase(d.get("base", VoteBase.VOTES_CAST.value)),
            tie_break=TieBreak(d.get("tie_break", TieBreak.REJECTED.value)),
            **self._cited(d, path),
        )

    def _money_rule(self, d: dict[str, Any], path: PathKey) -> MoneyRule:
        split = d.get("split")
        return MoneyRule(
            id=d["id"],
            name=d["name"],
            kind=MoneyKind(d["kind"]),
            set_by=d.get("set_by"),
            period=d.get("period"),
            due=d.get("due"),
            computed_at=d.get("computed_at"),
            split=self._split(split, (*path, "split")) if split else None,
            **self._cited(d, path),
        )

    def _lifecycle(self, d: dict[str, Any], path: PathKey) -> Lifecycle:
        states = tuple(
            LifecycleState(
                id=x["id"],
                name=x["name"],
                final=bool(x.get("final", False)),
                means=frozenset(x.get("means", ())),
                description=x.get("description"),
                **self._cited(x, (*path, "states", i)),
            )
            for i, x in enumerate(d["states"])
        )
        transitions = tuple(
            Transition(
                sources=_as_tuple(x["source"]),
                dest=x["dest"],
                trigger=x.get("trigger"),
                when=x.get("when"),
                actor=x.get("actor"),
                power=x.get("power"),
                guards=tuple(x.get("guards", ())),
                **self._cited(x, (*path, "transitions", i)),
            )
            for i, x in enumerate(d["transitions"])
        )
        return Lifecycle(
            id=d["id"],
            name=d["name"],
            kind=LifecycleKind(d["kind"]),
            initial=d["initial"],
            states=states,
            transitions=transitions,
            description=d.get("description"),
            **self._cited(d, path),
        )


def _withdrawal(d: dict[str, Any], cited: dict[str, Any]) -> Withdrawal:
    return Withdrawal(
        earliest=d["earliest"],
        notice_months=d.get("notice_months"),
        notice_to=PeriodEnd(d["notice_to"]) if "notice_to" in d else None,
        takes_contracts=d.get("takes_contracts"),
        **cited,
    )


def _as_tuple(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _fraction(value: str | None) -> Fraction | None:
    return Fraction(value) if value else None


def statute_files(paths: list[Path]) -> list[Path]:
    """Statute files among ``paths``: directories give their *.yaml, tests excluded."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.glob("*.yaml")) if not p.name.endswith(".test.yaml")
            )
        else:
            found.append(path)
    return found
