"""The typed changes of meaning between two statutes, and the changes of text.

Every part of ``Statute`` is a kind of element (``KINDS``): how its elements
are read and matched across the two sides (by id; a delegation by its power
and bodies; a per-area body by the id the file writes), and which change type
a difference in each field is. Elements are compared by their ``meaning``
(``meaning.py``), generically, so a field the format gains later is compared
too (under its kind's general type) without code here.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum

import attrs

from ..statute.citation import Cited, ProvisionRef
from ..statute.model import Body, Delegation, Statute
from .meaning import Json, form, meaning


class ChangeType(StrEnum):
    BODY_ADDED = "body-added"
    BODY_REMOVED = "body-removed"
    SEATS = "seats-changed"
    TERM = "term-changed"
    ELECTION = "election-changed"
    BODY = "body-changed"
    POWER_ADDED = "power-added"
    POWER_REMOVED = "power-removed"
    POWER_MOVED = "power-moved"
    POWER = "power-changed"
    DELEGATION_ADDED = "delegation-added"
    DELEGATION_REMOVED = "delegation-removed"
    DELEGATION_NARROWED = "delegation-narrowed"
    DELEGATION_WIDENED = "delegation-widened"
    DELEGATION = "delegation-changed"
    SCOPE = "scope-changed"
    VOTING = "voting-rule-changed"
    QUORUM = "quorum-changed"
    RECOMMENDATION = "recommendation-changed"
    MONEY = "money-rule-changed"
    LIFECYCLE = "lifecycle-changed"
    NOTICE = "notice-changed"
    CALENDAR = "calendar-changed"
    MEMBERSHIP = "membership-changed"
    CLAUSE = "clause-changed"
    SIGNING = "signing-changed"
    ROLE = "role-changed"
    AREA = "area-changed"
    STATUTE = "statute-changed"


#: The type a change has read the other way round (old and new swapped).
MIRROR = {
    ChangeType.BODY_ADDED: ChangeType.BODY_REMOVED,
    ChangeType.BODY_REMOVED: ChangeType.BODY_ADDED,
    ChangeType.POWER_ADDED: ChangeType.POWER_REMOVED,
    ChangeType.POWER_REMOVED: ChangeType.POWER_ADDED,
    ChangeType.DELEGATION_ADDED: ChangeType.DELEGATION_REMOVED,
    ChangeType.DELEGATION_REMOVED: ChangeType.DELEGATION_ADDED,
    ChangeType.DELEGATION_NARROWED: ChangeType.DELEGATION_WIDENED,
    ChangeType.DELEGATION_WIDENED: ChangeType.DELEGATION_NARROWED,
}


@attrs.frozen
class Change:
    """One change of meaning: of which type, to which element, in which fields,
    the fields' meaning on each side (the whole element where it is added or
    removed) and the provision each side cites."""

    type: ChangeType
    kind: str
    element: str
    fields: tuple[str, ...]
    old: Json
    new: Json
    old_provision: ProvisionRef | None = None
    new_provision: ProvisionRef | None = None

    def mirrored(self) -> Change:
        return Change(
            MIRROR.get(self.type, self.type),
            self.kind,
            self.element,
            self.fields,
            self.new,
            self.old,
            self.new_provision,
            self.old_provision,
        )

    def to_json(self) -> dict[str, Json]:
        return {
            "type": self.type.value,
            "kind": self.kind,
            "element": self.element,
            "fields": list(self.fields),
            "old": self.old,
            "new": self.new,
            "old_provision": _cited(self.old_provision),
            "new_provision": _cited(self.new_provision),
        }


@attrs.frozen
class TextChange:
    """A change of form: a provision's words, a name, a citation, a source."""

    kind: str  # provision, or the element's kind
    where: str  # "§ 5, stk. 1", or the element's id
    field: str
    old: Json
    new: Json

    def to_json(self) -> dict[str, Json]:
        return {
            "kind": self.kind,
            "where": self.where,
            "field": self.field,
            "old": self.old,
            "new": self.new,
        }


FieldTypes = Mapping[str, "ChangeType | Mapping[str, ChangeType]"]


@attrs.frozen
class Kind:
    """A part of the statute: how to read its elements and type their changes."""

    name: str
    read: Callable[[Statute], dict[str, object]]
    changed: ChangeType
    added: ChangeType | None = None
    removed: ChangeType | None = None
    fields: FieldTypes = attrs.field(factory=dict)
    project: Callable[[object], Json] = meaning


def _by_id(part: str) -> Callable[[Statute], dict[str, object]]:
    def read(statute: Statute) -> dict[str, object]:
        return {e.id: e for e in getattr(statute, part)}

    return read


def _one(part: str) -> Callable[[Statute], dict[str, object]]:
    def read(statute: Statute) -> dict[str, object]:
        value = getattr(statute, part)
        return {part: value} if value is not None else {}

    return read


def _bodies(statute: Statute) -> dict[str, object]:
    """Each body as the file writes it: a per-area body once, with its areas."""
    return {b.written_id: b for b in statute.written_bodies()}


def _body_meaning(body: object) -> Json:
    assert isinstance(body, Body)
    found = meaning(body)
    for own in ("id", "area", "template", "instance_of"):
        found.pop(own, None)
    return found


def _delegations(statute: Statute) -> dict[str, object]:
    found: dict[str, object] = {}
    for d in statute.delegations:
        key = f"{d.power}:{d.from_body}:{d.to_body}"
        n = 1
        while key in found:
            n += 1
            key = f"{d.power}:{d.from_body}:{d.to_body}#{n}"
        found[key] = d
    return found


def _metadata(statute: Statute) -> dict[str, object]:
    return {"statute": statute.metadata}


def _metadata_meaning(value: object) -> Json:
    found = meaning(value)
    return {k: found.get(k) for k in ("in_force", "legal_basis")}


_TERM = ChangeType.TERM
_ELECTION = ChangeType.ELECTION

KINDS: tuple[Kind, ...] = (
    Kind("statute", _metadata, ChangeType.STATUTE, project=_metadata_meaning),
    Kind("membership", _one("membership"), ChangeType.MEMBERSHIP),
    Kind("role", _by_id("roles"), ChangeType.ROLE),
    Kind("area", _by_id("areas"), ChangeType.AREA),
    Kind(
        "body",
        _bodies,
        ChangeType.BODY,
        ChangeType.BODY_ADDED,
        ChangeType.BODY_REMOVED,
        {
            **dict.fromkeys(
                ("seats", "seats_min", "seats_open", "eligible", "one_seat_per_member"),
                ChangeType.SEATS,
            ),
            **dict.fromkeys(("alternates", "observers", "drawn_from"), ChangeType.SEATS),
            "filled_by": {
                **dict.fromkeys(("term_years", "term", "staggered", "staggered_share"), _TERM),
                **dict.fromkeys(("elected_in", "method", "by"), _ELECTION),
            },
            **dict.fromkeys(("chair", "vice_chair", "officers"), _ELECTION),
            "voting": ChangeType.VOTING,
            "meetings": ChangeType.NOTICE,
        },
        _body_meaning,
    ),
    Kind(
        "power",
        _by_id("powers"),
        ChangeType.POWER,
        ChangeType.POWER_ADDED,
        ChangeType.POWER_REMOVED,
        {
            "holders": ChangeType.POWER_MOVED,
            "scope": ChangeType.SCOPE,
            "requires": ChangeType.RECOMMENDATION,
            "voting": ChangeType.VOTING,
        },
    ),
    Kind(
        "delegation",
        _delegations,
        ChangeType.DELEGATION,
        ChangeType.DELEGATION_ADDED,
        ChangeType.DELEGATION_REMOVED,
        dict.fromkeys(("scope", "subdelegation", "max_amount_kr"), ChangeType.SCOPE),
    ),
    Kind(
        "voting_rule",
        _by_id("voting_rules"),
        ChangeType.VOTING,
        fields={"quorum": ChangeType.QUORUM},
    ),
    Kind("money_rule", _by_id("money_rules"), ChangeType.MONEY),
    Kind("lifecycle", _by_id("lifecycles"), ChangeType.LIFECYCLE),
    Kind("financial_year", _one("financial_year"), ChangeType.CALENDAR),
    Kind("clauses", _one("clauses"), ChangeType.CLAUSE),
    Kind("signing", _one("signing"), ChangeType.SIGNING),
)


def changes(old: Statute, new: Statute) -> tuple[Change, ...]:
    """Every change of meaning from ``old`` to ``new``, kind by kind."""
    return tuple(c for kind in KINDS for c in _of_kind(kind, old, new))


def _of_kind(kind: Kind, old: Statute, new: Statute) -> Iterator[Change]:
    before, after = kind.read(old), kind.read(new)
    for key in [*before, *(k for k in after if k not in before)]:
        a, b = before.get(key), after.get(key)
        if a is None or b is None:
            yield _whole(kind, key, a, b)
            continue
        ma, mb = kind.project(a), kind.project(b)
        if ma != mb:
            yield from _typed(kind, key, a, b, ma, mb)


def _whole(kind: Kind, key: str, a: object, b: object) -> Change:
    """An element on one side only."""
    wanted = kind.removed if b is None else kind.added
    return Change(
        wanted or kind.changed,
        kind.name,
        key,
        (),
        kind.project(a) if a is not None else None,
        kind.project(b) if b is not None else None,
        _provision(a),
        _provision(b),
    )


def _typed(kind: Kind, key: str, a: object, b: object, ma: Json, mb: Json) -> Iterator[Change]:
    """One change per type, each with the fields of that type that differ."""
    grouped: dict[ChangeType, list[tuple[str, str, str]]] = {}
    for name in [*ma, *(k for k in mb if k not in ma)]:
        va, vb = ma.get(name), mb.get(name)
        if va == vb:
            continue
        wanted = kind.fields.get(name, kind.changed)
        if isinstance(wanted, Mapping):
            inner = {**(va or {}), **(vb or {})}
            for sub in inner:
                if (va or {}).get(sub) != (vb or {}).get(sub):
                    sub_type = wanted.get(sub, kind.changed)
                    grouped.setdefault(sub_type, []).append((f"{name}.{sub}", name, name))
            continue
        grouped.setdefault(wanted, []).append((name, name, name))
    if kind.name == "delegation" and ChangeType.SCOPE in grouped:
        assert isinstance(a, Delegation) and isinstance(b, Delegation)
        grouped[_narrowed_or_widened(a, b)] = grouped.pop(ChangeType.SCOPE)
    for change_type, fields in grouped.items():
        names = tuple(f for f, _x, _y in fields)
        tops: dict[str, None] = dict.fromkeys(top for _f, top, _y in fields)
        yield Change(
            change_type,
            kind.name,
            key,
            names,
            {top: ma.get(top) for top in tops},
            {top: mb.get(top) for top in tops},
            _field_provision(a, tops),
            _field_provision(b, tops),
        )


def _narrowed_or_widened(a: Delegation, b: Delegation) -> ChangeType:
    """Narrowed where the new delegation grants a subset of the old one's acts:
    more scopes, no onward delegation where there was, a lower amount limit."""
    if _within(b, a):
        return ChangeType.DELEGATION_NARROWED
    if _within(a, b):
        return ChangeType.DELEGATION_WIDENED
    return ChangeType.SCOPE


def _within(inner: Delegation, outer: Delegation) -> bool:
    inf = float("inf")
    return (
        inner.scope >= outer.scope
        and (outer.subdelegation or not inner.subdelegation)
        and (inner.max_amount_kr or inf) <= (outer.max_amount_kr or inf)
    )


def _provision(element: object) -> ProvisionRef | None:
    return element.provision if isinstance(element, Cited) else None


def _field_provision(element: object, fields: Mapping[str, None]) -> ProvisionRef | None:
    """The provision of the first changed part that cites one, else the element's."""
    for name in fields:
        part = getattr(element, name, None)
        if isinstance(part, Cited) and part.provision is not None:
            return part.provision
    return _provision(element)


# --- changes of text ---------------------------------------------------------


def text_changes(old: Statute, new: Statute) -> tuple[TextChange, ...]:
    """The provisions' words, and each element's names, texts and citations."""
    found = list(_provisions(old, new))
    for kind in KINDS:
        before, after = kind.read(old), kind.read(new)
        for key in before.keys() & after.keys():
            fa, fb = form(before[key]), form(after[key])
            for field in fa:
                if fa[field] != fb.get(field):
                    found.append(TextChange(kind.name, key, field, fa[field], fb.get(field)))
    statute_a, statute_b = meaning(old.metadata), meaning(new.metadata)
    for field in ("status", "version", "date", "language", "purpose"):
        if statute_a.get(field) != statute_b.get(field):
            found.append(
                TextChange("statute", "statute", field, statute_a[field], statute_b[field])
            )
    if _sources(old) != _sources(new):
        found.append(TextChange("sources", "sources", "sources", _sources(old), _sources(new)))
    return tuple(sorted(found, key=lambda t: (t.kind != "provision", t.kind, t.where, t.field)))


def _sources(statute: Statute) -> Json:
    return [meaning(s) | form(s) for s in statute.sources]


def _provisions(old: Statute, new: Statute) -> Iterator[TextChange]:
    before = {p.number: p for p in old.provisions}
    after = {p.number: p for p in new.provisions}
    for number in sorted(before.keys() | after.keys()):
        a, b = before.get(number), after.get(number)
        where = f"§ {number}"
        if a is None or b is None:
            yield TextChange(
                "provision", where, "provision", a.text() if a else None, b.text() if b else None
            )
            continue
        if a.title != b.title:
            yield TextChange("provision", where, "title", a.title, b.title)
        yield from _stk(where, [s.text for s in a.stk], [s.text for s in b.stk])


def _stk(where: str, before: list[str], after: list[str]) -> Iterator[TextChange]:
    """The stk. of one § aligned by their words: a stk. put in between is added,
    not every later one reworded."""
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            sa = before[i1 + k] if i1 + k < i2 else None
            sb = after[j1 + k] if j1 + k < j2 else None
            number = j1 + k + 1 if sb is not None else i1 + k + 1
            yield TextChange("provision", f"{where}, stk. {number}", "text", sa, sb)


def _cited(provision: ProvisionRef | None) -> str | None:
    return str(provision) if provision is not None else None
