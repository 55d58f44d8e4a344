"""Members of every kind: who may be admitted, and the band a body assigns.

Admission (a membership transition into a state that means ``member``) is
refused for a member whose kind the statute closes to membership or does not
list (``membership.kinds``). The kind is the statute's where it names the
member (``membership.members``; a municipality of ``municipalities`` is a
kommune); otherwise the event states it as the fact ``member_kind``.

``assign-category`` places a member that neither its population nor its kind
places in a band of the fee (``money_rules[].category``): a decision of the
body the statute names, by its procedure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..i18n import _
from ..statute.model import LifecycleKind, MemberKind, MoneyRule, ProvisionRef, Transition
from .changes import AssignCategory, Effect, Subject
from .facts import text, unknown
from .ledger import Event
from .lifecycle import Meaning
from .procedure import check_founded, decision
from .reading import ReplayView
from .state import RuleViolation

ASSIGN_CATEGORY = "assign-category"
#: The fact an event uses for the kind of a member the statute does not name.
KIND_FACT = "member_kind"

Effects = tuple[Effect, ...]
_KINDS = tuple(k.value for k in MemberKind)


def member_kind(replay: ReplayView, member: str, data: Mapping[str, Any]) -> MemberKind | None:
    """The member's kind: the statute's where it names the member, else the
    event's ``member_kind``; a fact that contradicts the statute is refused."""
    membership = replay.rules.statute.membership
    named = membership.member(member) if membership is not None else None
    raw = data.get(KIND_FACT)
    stated = _kind_fact(raw, membership.provision if membership else None)
    if named is not None and stated is not None and stated is not named.kind:
        message = _(
            "the statute names {member} a member of the kind {kind}, not {stated}",
            member=member,
            kind=named.kind,
            stated=stated,
        )
        raise RuleViolation("member-kind", message, named.provision)
    return named.kind if named is not None else stated


def _kind_fact(raw: object, cited: ProvisionRef | None) -> MemberKind | None:
    if raw is None:
        return None
    if isinstance(raw, str) and raw in _KINDS:
        return MemberKind(raw)
    message = _(
        "'{fact}' is one of {kinds}, not {value}",
        fact=KIND_FACT,
        kinds=", ".join(_KINDS),
        value=repr(raw),
    )
    raise RuleViolation("bad-data", message, cited)


def check_admission(
    replay: ReplayView, kind: LifecycleKind, transition: Transition, subject: Subject, event: Event
) -> None:
    """Entering membership needs a kind the statute lists as open."""
    rules = replay.rules
    membership = rules.statute.membership
    if kind is not LifecycleKind.MEMBERSHIP or membership is None or not membership.kinds:
        return
    if not rules.has(kind, transition.dest, Meaning.MEMBER):
        return
    if rules.has(kind, replay.state(kind, subject, event.date), Meaning.MEMBER):
        return  # already a member: a move between member states admits no one
    member = str(subject)
    found = member_kind(replay, member, event.data)
    if found is None:
        message = _(
            "admitting {member} needs its kind ({fact}: one of the listed kinds)",
            member=member,
            fact=KIND_FACT,
        )
        raise RuleViolation("missing-data", message, membership.provision)
    listed = membership.kind_rule(found)
    if listed is None:
        open_kinds = ", ".join(k.kind for k in membership.kinds if k.open) or _("none")
        message = _(
            "{member} is of the kind {kind}, which the statute does not list (open: {open})",
            member=member,
            kind=found,
            open=open_kinds,
        )
        raise RuleViolation("member-kind-not-listed", message, membership.provision)
    if not listed.open:
        message = _(
            "membership is closed to the kind {kind}; {member} cannot be admitted",
            kind=found,
            member=member,
        )
        raise RuleViolation("member-kind-closed", message, listed.provision)


def _fee_rule(replay: ReplayView, event: Event) -> MoneyRule:
    """The fee whose bands a body assigns: named (``rule``), or the only one."""
    rules = [r for r in replay.rules.statute.money_rules if r.category is not None]
    named = event.data.get("rule")
    found = [r for r in rules if r.id == named] if named is not None else rules
    if len(found) == 1:
        return found[0]
    if not rules:
        message = _("the statute assigns no fee category by decision (money_rules[].category)")
        raise RuleViolation("no-category-rule", message, None)
    ids = ", ".join(r.id for r in rules)
    message = _("name the fee the category is for: rule: one of {rules}", rules=ids)
    raise RuleViolation("missing-data" if named is None else "unknown-rule", message, None)


def assign_category(replay: ReplayView, event: Event) -> Effects:
    """A body places a member in a band of the fee by its decision."""
    rule = _fee_rule(replay, event)
    category = rule.category
    assert category is not None
    cited = category.provision or rule.provision
    statute = replay.rules.statute
    if event.actor not in {b.id for b in statute.instances(category.by)}:
        message = _(
            "a member's category under {rule} is assigned by {body}, not {actor}",
            rule=rule.id,
            body=category.by,
            actor=event.actor,
        )
        raise RuleViolation("actor", message, cited)
    # Named like every member in an event (``municipality``), whatever its kind;
    # the facts check has refused a member the statute does not name.
    member = text(event.data, "municipality")
    if member not in replay.stored[LifecycleKind.MEMBERSHIP]:
        message = _(
            "{member} is not on record as a member or applicant; it has no fee to place",
            member=member,
        )
        raise RuleViolation("not-a-member", message, cited)
    kind = member_kind(replay, member, event.data)
    _check_needed(rule, member, kind)
    band = text(event.data, "category")
    if rule.band(band) is None:
        where = _("the fee {rule}", rule=rule.id)
        unknown("category", band, {b.id for b in rule.bands}, rule.provision, where)
    check_founded(replay, event.date, cited)
    body = replay.body(event.actor)
    assert body is not None
    effects = decision(replay, body, None, event, must_pass=True)
    return (*effects, AssignCategory(member, rule.id, band, cited))


def _check_needed(rule: MoneyRule, member: str, kind: MemberKind | None) -> None:
    """Only a member neither its kind's amount nor its population places gets a band
    by decision."""
    if kind is None:
        return
    fixed = rule.amount_for(kind)
    if fixed is not None:
        message = _(
            "{member} is a {kind}: it pays the fixed amount for its kind under {rule}",
            member=member,
            kind=kind,
            rule=rule.id,
        )
        raise RuleViolation("category-not-needed", message, fixed.provision or rule.provision)
    if kind in rule.population_kinds:
        first = rule.bands[0]
        message = _(
            "{member} is a {kind}: its population places it in a band of {rule}",
            member=member,
            kind=kind,
            rule=rule.id,
        )
        raise RuleViolation("category-not-needed", message, first.provision or rule.provision)
