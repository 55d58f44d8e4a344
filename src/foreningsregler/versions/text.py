"""A diff as text for a reader, in the current language (Danish by default)."""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import N_, _, ngettext
from ..statute.citation import ProvisionRef
from .changes import Change, ChangeType, TextChange
from .diff import Diff
from .meaning import shown

#: What each type of change is called in a line of the diff.
TYPE_LABELS = {
    ChangeType.BODY_ADDED: N_("body added"),
    ChangeType.BODY_REMOVED: N_("body removed"),
    ChangeType.SEATS: N_("seats changed"),
    ChangeType.TERM: N_("term changed"),
    ChangeType.ELECTION: N_("election changed"),
    ChangeType.BODY: N_("body changed"),
    ChangeType.POWER_ADDED: N_("power added"),
    ChangeType.POWER_REMOVED: N_("power removed"),
    ChangeType.POWER_MOVED: N_("power moved"),
    ChangeType.POWER: N_("power changed"),
    ChangeType.DELEGATION_ADDED: N_("delegation added"),
    ChangeType.DELEGATION_REMOVED: N_("delegation removed"),
    ChangeType.DELEGATION_NARROWED: N_("delegation narrowed"),
    ChangeType.DELEGATION_WIDENED: N_("delegation widened"),
    ChangeType.DELEGATION: N_("delegation changed"),
    ChangeType.SCOPE: N_("scope changed"),
    ChangeType.VOTING: N_("voting rule changed"),
    ChangeType.QUORUM: N_("quorum changed"),
    ChangeType.RECOMMENDATION: N_("recommendation changed"),
    ChangeType.MONEY: N_("money rule changed"),
    ChangeType.LIFECYCLE: N_("lifecycle changed"),
    ChangeType.NOTICE: N_("notice or meetings changed"),
    ChangeType.CALENDAR: N_("financial year changed"),
    ChangeType.MEMBERSHIP: N_("membership changed"),
    ChangeType.CLAUSE: N_("standard clause changed"),
    ChangeType.SIGNING: N_("signing rule changed"),
    ChangeType.ROLE: N_("role changed"),
    ChangeType.AREA: N_("area changed"),
    ChangeType.STATUTE: N_("statute's legal basis or day in force changed"),
}


def diff_text(found: Diff) -> Iterator[str]:
    """The lines ``foreningsregler diff`` prints."""
    old, new = found.old.metadata, found.new.metadata
    yield _(
        "{old} ({old_version}) → {new} ({new_version})",
        old=found.old.path or old.id,
        old_version=old.version or "-",
        new=found.new.path or new.id,
        new_version=new.version or "-",
    )
    if found.same_meaning:
        yield _("The meaning is the same.")
    else:
        yield _(
            "The meaning differs: {changes}, {competence}.",
            changes=ngettext("{count} change", "{count} changes", len(found.changes)),
            competence=ngettext(
                "{count} consequence for competence",
                "{count} consequences for competence",
                len(found.competence),
            ),
        )
    if found.changes:
        yield ""
        yield _("Changes of meaning")
        for change in found.changes:
            yield from _change(change)
    if found.competence:
        yield ""
        yield _("Who may decide what")
        for consequence in found.competence:
            for sentence in consequence.sentences():
                yield f"  {sentence}"
    if found.text_changes:
        yield ""
        yield _("Changes of text only (no change of meaning)")
        for text in found.text_changes:
            yield f"  {_text_change(text)}"


def _cited(old: ProvisionRef | None, new: ProvisionRef | None) -> str:
    a = str(old) if old else "-"
    b = str(new) if new else "-"
    return a if a == b else f"{a} → {b}"


def _change(change: Change) -> Iterator[str]:
    label = _(TYPE_LABELS[change.type])
    if change.old is None and not change.type.endswith("-added"):
        label = _("{label} (added)", label=label)
    elif change.new is None and not change.type.endswith("-removed"):
        label = _("{label} (removed)", label=label)
    yield _(
        "  {label}: {kind} {element} [{provision}]",
        label=label,
        kind=change.kind,
        element=change.element,
        provision=_cited(change.old_provision, change.new_provision),
    )
    for field in change.fields:
        top = field.split(".")[0]
        before, after = _part(change.old, field, top), _part(change.new, field, top)
        a, b = shown(before), shown(after)
        if a is not None and b is not None:
            yield f"    {field}: {a} → {b}"
        else:
            yield "    " + _("{field}: changed", field=field)


def _part(value: object, field: str, top: str) -> object:
    if not isinstance(value, dict):
        return None
    found = value.get(top)
    if field != top and isinstance(found, dict):
        return found.get(field.split(".", 1)[1])
    return found


def _text_change(change: TextChange) -> str:
    if change.old is None:
        return _("{where}: added", where=_where(change))
    if change.new is None:
        return _("{where}: removed", where=_where(change))
    a, b = shown(change.old), shown(change.new)
    if a is not None and b is not None:
        return f"{_where(change)}: {a} → {b}"
    return _("{where}: reworded", where=_where(change))


def _where(change: TextChange) -> str:
    if change.kind == "provision":
        return (
            change.where
            if change.field in ("text", "provision")
            else (f"{change.where} ({change.field})")
        )
    if change.kind == change.where:  # the statute's own metadata, the sources
        return f"{change.kind} ({change.field})"
    return f"{change.kind} {change.where} ({change.field})"
