"""Kommunestyrelseslovens § 60 and § 60 a as dated data, and what they require.

The rules live in ``data/kommunestyrelsesloven.yaml`` (read safely, checked
against ``schema/law.schema.json``), each with its provision, its dates in
force and its sources; here they are frozen values with look-ups by date. An
act is judged by the law of its own date: ``Law.authority_on(day)`` is the
supervisory authority that day, ``Law.duty(basis, act, day)`` what an act
needs (the authority's approval, a notification, or nothing).

The law is cited as ``kstl. § 60, stk. 1`` (``LawRef``), never as ``§ 60``:
a statute's own provisions are ``§ N, stk. M`` (``ProvisionRef``), and the
two must not be mistaken for each other.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from collections.abc import Callable
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, cast

import attrs

from ..i18n import _
from . import _yaml
from .problems import Finding, StatuteError
from .validation import validate

LAW_SCHEMA_FILE = "schema/law.schema.json"
LAW_FILE = "data/kommunestyrelsesloven.yaml"
#: How a law's provision is written in its data: ``§ 60``, ``§ 60 a``, ``§ 60, stk. 2``.
LAW_PROVISION = re.compile(r"^§ ([1-9][0-9]*(?: [a-z])?)(?:, stk\. ([1-9][0-9]*))?$")


class Act(StrEnum):
    """What the law attaches duties to."""

    STATUTE = "statute"  # the statute itself: the agreement entered into
    CHANGE = "change"  # a change of the statute
    ADMISSION = "admission"  # a new participant
    WITHDRAWAL = "withdrawal"  # a participant leaves
    DISSOLUTION = "dissolution"  # the agreement ends (ophævelse)
    PHASE = "phase"  # a member joins a phase (hands over competence for it)


class Duty(StrEnum):
    APPROVAL = "approval"  # the supervisory authority approves before it takes effect
    NOTIFICATION = "notification"  # the authority is told
    NONE = "none"


class Dissolution(StrEnum):
    ALL_PARTICIPANTS = "all_participants"
    MAJORITY_OF_PARTICIPANTS = "majority_of_participants"


@attrs.frozen(order=True)
class LawRef:
    """A citation of a law's provision: ``kstl. § 60 a, stk. 2``."""

    law: str  # the law's short name, e.g. "kstl."
    paragraph: str  # "60" or "60 a"
    stk: int | None = None

    @classmethod
    def parse(cls, law: str, text: str) -> LawRef:
        """A citation of a law from ``§ 60`` or ``§ 60 a, stk. 2``; ValueError if not one."""
        match = LAW_PROVISION.fullmatch(text)
        if match is None:
            raise ValueError(
                _(
                    "not a provision of a law: {text} (write '§ 60' or '§ 60 a, stk. 2')",
                    text=repr(text),
                )
            )
        stk = match.group(2)
        return cls(law, match.group(1), int(stk) if stk else None)

    def __str__(self) -> str:
        return f"{self.law} § {self.paragraph}" + (f", stk. {self.stk}" if self.stk else "")


@attrs.frozen(kw_only=True)
class LawSource:
    id: str
    title: str
    note: str | None = None
    url: str | None = None
    assumption: bool = False
    reason: str | None = None


@attrs.frozen(kw_only=True)
class Dated:
    """Something of the law in force from ``start`` to ``end`` (both included)."""

    start: dt.date
    end: dt.date | None = None
    sources: tuple[str, ...] = ()
    assumption: bool = False
    reason: str | None = None

    def in_force(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@attrs.frozen(kw_only=True)
class Authority(Dated):
    """The supervisory authority (tilsynsmyndighed) of a period."""

    id: str
    name: str


@attrs.frozen(kw_only=True)
class Basis(Dated):
    """A legal basis a statute may declare: ``kstl-60`` or ``kstl-60a``."""

    id: str
    name: str
    provision: LawRef


@attrs.frozen(kw_only=True)
class LawRule(Dated):
    """One rule of the law, paraphrased in Danish, with what it requires."""

    id: str
    provision: LawRef
    basis: str
    text: str
    duty: Duty | None = None
    acts: frozenset[Act] = frozenset()
    dissolution: Dissolution | None = None
    withdrawal_on_terms: bool = False
    council_decides: frozenset[Act] = frozenset()


@attrs.frozen(kw_only=True)
class ElectionPeriod(Dated):
    """A municipal election period (kommunal valgperiode): four years from
    1 January after the elections of ``elected`` (``start`` to ``end``)."""

    id: str
    elected: dt.date


@attrs.frozen(kw_only=True)
class RequiredClause:
    """A clause the supervisory authority looks for in a § 60 statute."""

    id: str
    name: str
    sources: tuple[str, ...]
    assumption: bool = False
    reason: str | None = None


@attrs.frozen(kw_only=True)
class Law:
    """The law as dated data, with look-ups by date."""

    id: str
    name: str
    short_name: str
    covers_from: dt.date
    sources: tuple[LawSource, ...]
    authorities: tuple[Authority, ...]
    bases: tuple[Basis, ...]
    rules: tuple[LawRule, ...]
    required_clauses: tuple[RequiredClause, ...]
    election_periods: tuple[ElectionPeriod, ...] = ()

    def ref(self, text: str) -> LawRef:
        """A citation of this law: ``law.ref('§ 60, stk. 1')``."""
        return LawRef.parse(self.short_name, text)

    def source(self, source_id: str) -> LawSource:
        return next(s for s in self.sources if s.id == source_id)

    def authority_on(self, day: dt.date) -> Authority | None:
        """The supervisory authority on ``day``; None outside the data."""
        return next((a for a in self.authorities if a.in_force(day)), None)

    def election_period_on(self, day: dt.date) -> ElectionPeriod | None:
        """The municipal election period ``day`` falls in; None outside the data."""
        return next((p for p in self.election_periods if p.in_force(day)), None)

    def basis(self, basis_id: str) -> Basis | None:
        return next((b for b in self.bases if b.id == basis_id), None)

    def rules_on(self, basis: str, day: dt.date) -> tuple[LawRule, ...]:
        """The rules governing ``basis`` on ``day``, in the data's order."""
        return tuple(r for r in self.rules if r.basis == basis and r.in_force(day))

    def duty(self, basis: str, act: Act, day: dt.date) -> tuple[Duty, LawRule | None]:
        """What ``act`` needs under ``basis`` on ``day``, and the rule that says so.

        An approval outranks a notification, which outranks nothing; without
        any rule on it the act needs nothing (``Duty.NONE``, no rule).
        """
        found = [(r.duty, r) for r in self.rules_on(basis, day) if r.duty and act in r.acts]
        for wanted in (Duty.APPROVAL, Duty.NOTIFICATION, Duty.NONE):
            rule = next((r for duty, r in found if duty is wanted), None)
            if rule is not None:
                return wanted, rule
        return Duty.NONE, None

    def council_rule(self, basis: str, act: Act, day: dt.date) -> LawRule | None:
        """The rule that makes ``act`` each member's kommunalbestyrelse's own decision."""
        return next((r for r in self.rules_on(basis, day) if act in r.council_decides), None)

    def dissolution_rule(self, basis: str, day: dt.date) -> LawRule | None:
        return next((r for r in self.rules_on(basis, day) if r.dissolution), None)

    def withdrawal_rule(self, basis: str, day: dt.date) -> LawRule | None:
        return next((r for r in self.rules_on(basis, day) if r.withdrawal_on_terms), None)


# --- Reading the data --------------------------------------------------------


@cache
def kommunestyrelsesloven() -> Law:
    """The shipped law data (read once)."""
    text = (Path(__file__).resolve().parent.parent / LAW_FILE).read_text("utf-8")
    return loads_law(text, name=LAW_FILE)


def load_law(path: str | os.PathLike[str]) -> Law:
    """Law data from a file of the same format; StatuteError for every problem."""
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        message = _("cannot read the law data: {reason}", reason=error)
        raise StatuteError([Finding("E100", message, name)]) from None
    return loads_law(text, name=name)


def loads_law(text: str, *, name: str = "<law>") -> Law:
    parsed, problems = _yaml.parse(text, name)
    if parsed is None or problems:
        raise StatuteError(problems)
    problems = validate(parsed, name, LAW_SCHEMA_FILE)
    if problems:
        raise StatuteError(problems)
    data = cast(dict[str, Any], parsed.data)  # the schema has made it a mapping
    problems = list(_consistency(data, parsed, name))
    if problems:
        raise StatuteError(problems)
    return _build(data)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _dated(d: dict[str, Any]) -> dict[str, Any]:
    start = _date(d["from"])
    assert start is not None
    return {
        "start": start,
        "end": _date(d.get("until")),
        "sources": tuple(d.get("sources", ())),
        "assumption": bool(d.get("assumption", False)),
        "reason": d.get("reason"),
    }


def _build(data: dict[str, Any]) -> Law:
    meta = data["law"]
    short = meta["short_name"]
    return Law(
        id=meta["id"],
        name=meta["name"],
        short_name=short,
        covers_from=dt.date.fromisoformat(meta["covers_from"]),
        sources=tuple(
            LawSource(
                id=s["id"],
                title=s["title"],
                note=s.get("note"),
                url=s.get("url"),
                assumption=bool(s.get("assumption", False)),
                reason=s.get("reason"),
            )
            for s in data["sources"]
        ),
        authorities=tuple(
            Authority(id=a["id"], name=a["name"], **_dated(a)) for a in data["authorities"]
        ),
        bases=tuple(
            Basis(
                id=b["id"],
                name=b["name"],
                provision=LawRef.parse(short, b["provision"]),
                **_dated(b),
            )
            for b in data["bases"]
        ),
        rules=tuple(_rule(short, r) for r in data["rules"]),
        required_clauses=tuple(
            RequiredClause(
                id=c["id"],
                name=c["name"],
                sources=tuple(c["sources"]),
                assumption=bool(c.get("assumption", False)),
                reason=c.get("reason"),
            )
            for c in data["required_clauses"]
        ),
        election_periods=tuple(
            ElectionPeriod(id=e["id"], elected=dt.date.fromisoformat(e["elected"]), **_dated(e))
            for e in data.get("election_periods", ())
        ),
    )


def _rule(short: str, r: dict[str, Any]) -> LawRule:
    return LawRule(
        id=r["id"],
        provision=LawRef.parse(short, r["provision"]),
        basis=r["basis"],
        text=" ".join(r["text"].split()),
        duty=Duty(r["duty"]) if "duty" in r else None,
        acts=frozenset(Act(a) for a in r.get("acts", ())),
        dissolution=Dissolution(r["dissolution"]) if "dissolution" in r else None,
        withdrawal_on_terms=r.get("withdrawal") == "statute_terms",
        council_decides=frozenset(Act(a) for a in r.get("council_decides", ())),
        **_dated(r),
    )


def _consistency(data: dict[str, Any], parsed: _yaml.Parsed, name: str) -> list[Finding]:
    """What the schema cannot see: sources and bases named must exist, periods
    must not run backwards, and the authorities' periods must not overlap."""
    problems: list[Finding] = []

    def bad(message: str, path: _yaml.PathKey) -> None:
        where = parsed.value_at(path)
        line, column = (where.line, where.column) if where else (None, None)
        problems.append(Finding("E322", message, name, line, column))

    groups = ("sources", "authorities", "bases", "rules", "required_clauses", "election_periods")
    for group in groups:
        seen: set[str] = set()
        for i, item in enumerate(data.get(group, ())):
            if item["id"] in seen:
                bad(
                    _("{group}: the id '{id}' is used twice", group=group, id=item["id"]),
                    (group, i, "id"),
                )
            seen.add(item["id"])
    sources = {s["id"] for s in data["sources"]}
    bases = {b["id"] for b in data["bases"]}
    for group in groups[1:]:
        for i, item in enumerate(data.get(group, ())):
            for j, source in enumerate(item.get("sources", ())):
                if source not in sources:
                    message = _(
                        "{group}[{id}] cites the source '{source}', which is not listed",
                        group=group,
                        id=item["id"],
                        source=source,
                    )
                    bad(message, (group, i, "sources", j))
            if "until" in item and item["until"] < item["from"]:
                ends, starts = item["until"], item["from"]
                message = _(
                    "{group}[{id}] ends ({ends}) before it starts ({starts})",
                    group=group,
                    id=item["id"],
                    ends=ends,
                    starts=starts,
                )
                bad(message, (group, i, "until"))
    for i, rule in enumerate(data["rules"]):
        if rule["basis"] not in bases:
            message = _(
                "rules[{id}] governs the basis '{basis}', which is not listed",
                id=rule["id"],
                basis=rule["basis"],
            )
            bad(message, ("rules", i, "basis"))
    for group in ("authorities", "election_periods"):
        _overlaps(data, group, bad)
    return problems


def _overlaps(data: dict[str, Any], group: str, bad: Callable[[str, _yaml.PathKey], None]) -> None:
    """Periods of ``group`` that start before the one before them ends."""
    items = data.get(group, ())
    periods = sorted((a["from"], a.get("until") or "9999-12-31", i) for i, a in enumerate(items))
    for (_first, end, _index), (start, _end, i) in itertools.pairwise(periods):
        if start <= end:
            who = items[i]["id"]
            message = _(
                "{group}[{id}] starts ({start}) before the one before it ends ({end})",
                group=group,
                id=who,
                start=start,
                end=end,
            )
            bad(message, (group, i, "from"))
