"""What the library encoded from a provision, in words a lawyer reads.

``encoded(statute)`` walks ``Statute.elements`` and gives each element a
group (bodies, powers, delegations, voting rules, money rules, lifecycles,
membership, other), the name of its kind in the report's language, a short
description of what it says, and its assumption with the reason.
Ids (``bestyrelse``, ``vedtag-faser``) and the statute's own names stay as
the statute writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs

from ..i18n import N_, _, ngettext
from ..statute import model as m
from ..statute.model import ProvisionRef, Statute


@attrs.frozen
class Encoded:
    """One element as the report shows it beside its provision."""

    group: str
    kind: str
    text: str
    provision: ProvisionRef | None
    assumption: bool = False
    reason: str | None = None


#: The group and the name of the kind of each element class.
KINDS: dict[type, tuple[str, str]] = {
    m.Metadata: ("other", N_("the statute itself")),
    m.LegalBasis: ("other", N_("legal basis")),
    m.PurposeItem: ("other", N_("purpose")),
    m.Role: ("other", N_("role")),
    m.Area: ("other", N_("area")),
    m.Membership: ("membership", N_("membership")),
    m.KindRule: ("membership", N_("kind of member")),
    m.Member: ("membership", N_("member")),
    m.MembershipClass: ("membership", N_("membership class")),
    m.Partner: ("membership", N_("partner")),
    m.Core: ("membership", N_("common core")),
    m.Admission: ("membership", N_("admission")),
    m.Obligation: ("membership", N_("a member's obligation")),
    m.Withdrawal: ("membership", N_("withdrawal")),
    m.DecliningPhase: ("membership", N_("declining a phase")),
    m.Exclusion: ("membership", N_("exclusion")),
    m.Body: ("body", N_("body")),
    m.FilledBy: ("body", N_("how the seats are filled")),
    m.Chair: ("body", N_("chair")),
    m.ViceChair: ("body", N_("vice-chair")),
    m.Rotation: ("body", N_("rotating chair")),
    m.Alternates: ("body", N_("alternates")),
    m.Observers: ("body", N_("observers")),
    m.Officer: ("body", N_("officer")),
    m.Meetings: ("body", N_("meetings")),
    m.MeetingNotice: ("body", N_("notice of a meeting")),
    m.ExtraordinaryMeeting: ("body", N_("extraordinary meeting")),
    m.SetUpBy: ("body", N_("set up by decision")),
    m.Limits: ("body", N_("limits")),
    m.Coordinator: ("body", N_("coordinator")),
    m.Power: ("power", N_("power")),
    m.Requirement: ("power", N_("required first")),
    m.Delegation: ("delegation", N_("delegation")),
    m.VotingRule: ("voting", N_("voting rule")),
    m.Weights: ("voting", N_("weighted votes")),
    m.ConsecutiveMeetings: ("voting", N_("two consecutive meetings")),
    m.MoneyRule: ("money", N_("money rule")),
    m.Split: ("money", N_("how the amount is split")),
    m.Band: ("money", N_("band of the fee")),
    m.KindAmount: ("money", N_("amount by kind of member")),
    m.ClassAmount: ("money", N_("amount by membership class")),
    m.YearlyDecision: ("money", N_("amount decided each year")),
    m.ProRata: ("money", N_("pro-rata share")),
    m.Indexation: ("money", N_("indexation")),
    m.PopulationDate: ("money", N_("date of the population figures")),
    m.CategoryRule: ("money", N_("placed in a category by decision")),
    m.Lifecycle: ("lifecycle", N_("lifecycle")),
    m.LifecycleState: ("lifecycle", N_("state")),
    m.Transition: ("lifecycle", N_("transition")),
    m.Domicile: ("other", N_("domicile")),
    m.Accounts: ("money", N_("accounts")),
    m.Liability: ("money", N_("liability")),
    m.Disputes: ("other", N_("disputes")),
    m.DissolutionClause: ("other", N_("dissolution")),
    m.Ownership: ("other", N_("ownership")),
    m.Licences: ("other", N_("licences")),
    m.LicensedWork: ("other", N_("licensed work")),
    m.LicenceExceptions: ("other", N_("exceptions to the licence")),
    m.IpTransfer: ("other", N_("rights on dissolution")),
    m.Signing: ("other", N_("signing rule")),
    m.Attorney: ("other", N_("power of attorney")),
}

#: The groups in the order the report lists them, with their headings.
GROUPS = {
    "body": N_("Bodies"),
    "power": N_("Powers"),
    "delegation": N_("Delegations"),
    "voting": N_("Voting rules"),
    "money": N_("Money rules"),
    "lifecycle": N_("Lifecycles"),
    "membership": N_("Membership"),
    "other": N_("Other"),
}

FILL_METHODS = {
    m.FillMethod.MEMBERSHIP: N_("one seat for each member"),
    m.FillMethod.ELECTION: N_("elected by {by}"),
    m.FillMethod.APPOINTMENT: N_("appointed by {by}"),
    m.FillMethod.EMPLOYMENT: N_("employed by {by}"),
    m.FillMethod.PROCUREMENT: N_("procured by {by}"),
    m.FillMethod.DESIGNATION: N_("named in the statute"),
}

REQUIREMENTS = {
    m.RequirementKind.RECOMMENDATION: N_("a recommendation from {body}"),
    m.RequirementKind.PROPOSAL: N_("a proposal from {body}"),
    m.RequirementKind.CONSULTATION: N_("consultation of {body}"),
    m.RequirementKind.AGREEMENT: N_("the agreement of {body}"),
}

MAJORITIES = {
    m.Majority.SIMPLE: N_("simple majority"),
    m.Majority.QUALIFIED: N_("qualified majority"),
    m.Majority.UNANIMITY: N_("unanimity"),
}

MONEY_KINDS = {
    m.MoneyKind.MEMBERSHIP_FEE: N_("membership fee"),
    m.MoneyKind.PHASE_PAYMENT: N_("payment for a phase"),
    m.MoneyKind.NO_FORTUNE: N_("no fortune is built up"),
    m.MoneyKind.NO_DEBT: N_("no debt"),
    m.MoneyKind.OUTSIDE_ACCOUNTS: N_("costs outside the accounts"),
    m.MoneyKind.DISSOLUTION: N_("settlement on dissolution"),
    m.MoneyKind.PARTNER_FEE: N_("a partner's fee"),
}


def encoded(statute: Statute) -> Iterator[Encoded]:
    """Every element of the statute, described, in the statute's order."""
    for label, element in statute.elements():
        group, kind = KINDS.get(type(element), ("other", ""))
        text = _describe(statute, element, label)
        shown = _(kind) if kind else label
        yield Encoded(
            group,
            shown[:1].upper() + shown[1:],
            text,
            element.provision,
            element.assumption,
            element.reason,
        )


def _describe(statute: Statute, element: object, label: str) -> str:
    describe = _DESCRIBERS.get(type(element))
    if describe is not None:
        return describe(statute, element)
    return _subject(statute, label)


def _subject(statute: Statute, label: str) -> str:
    """What a part belongs to, by the label ``Statute.elements`` gives it:
    ``body bestyrelse chair`` belongs to the bestyrelse."""
    words = label.split()
    for prefix, look_up in _OWNERS:
        size = len(prefix.split())
        if words[:size] == prefix.split() and len(words) > size:
            found = look_up(statute, words[size])
            if found is not None:
                return found
    return ""


def _body_name(statute: Statute, body_id: str) -> str | None:
    try:
        return f"{statute.body(body_id).name} ({body_id})"
    except KeyError:
        bodies = statute.instances(body_id)
        return f"{bodies[0].name} ({body_id})" if bodies else None


def _power_name(statute: Statute, power_id: str) -> str | None:
    try:
        return f"{statute.power(power_id).name} ({power_id})"
    except KeyError:
        return None


def _rule_name(statute: Statute, rule_id: str) -> str | None:
    rule = next((r for r in statute.voting_rules if r.id == rule_id), None)
    return None if rule is None else f"{rule.name or rule.id} ({rule.id})"


def _money_name(statute: Statute, rule_id: str) -> str | None:
    rule = next((r for r in statute.money_rules if r.id == rule_id), None)
    return None if rule is None else f"{rule.name} ({rule.id})"


def _lifecycle_name(statute: Statute, lifecycle_id: str) -> str | None:
    found = next((lc for lc in statute.lifecycles if lc.id == lifecycle_id), None)
    return None if found is None else f"{found.name} ({found.id})"


_OWNERS: tuple[tuple[str, Callable[[Statute, str], str | None]], ...] = (
    ("body", _body_name),
    ("power", _power_name),
    ("voting rule", _rule_name),
    ("money rule", _money_name),
    ("lifecycle", _lifecycle_name),
)


# --- The main kinds, described ------------------------------------------------


def _body(statute: Statute, body: object) -> str:
    assert isinstance(body, m.Body)
    size = body.size
    if size is None:
        seats = _("one seat for each member")
    else:
        seats = ngettext("{count} seat", "{count} seats", size)
    filled = _(FILL_METHODS[body.filled_by.method], by=body.filled_by.by or "?")
    name = body.name if body.template is None else body.name.replace(body.area or "", "…")
    return _(
        "{name} ({id}): {seats}; {filled}",
        name=name,
        id=body.template or body.id,
        seats=seats,
        filled=filled,
    )


def _power(statute: Statute, power: object) -> str:
    assert isinstance(power, m.Power)
    holders = ", ".join(power.holders) or "-"
    return _("{name} ({id}): held by {holders}", name=power.name, id=power.id, holders=holders)


def _requirement(statute: Statute, requirement: object) -> str:
    assert isinstance(requirement, m.Requirement)
    return _(REQUIREMENTS[requirement.kind], body=requirement.from_body)


def _delegation(statute: Statute, delegation: object) -> str:
    assert isinstance(delegation, m.Delegation)
    return _(
        "{power} passed from {source} to {target}",
        power=_power_name(statute, delegation.power) or delegation.power,
        source=delegation.from_body,
        target=delegation.to_body,
    )


def _voting_rule(statute: Statute, rule: object) -> str:
    assert isinstance(rule, m.VotingRule)
    majority = _(MAJORITIES[rule.majority])
    if rule.threshold is not None:
        majority = _(
            "{majority} of {numerator}/{denominator}",
            majority=majority,
            numerator=rule.threshold.numerator,
            denominator=rule.threshold.denominator,
        )
    return _("{name}: {majority}", name=rule.name or rule.id, majority=majority)


def _money_rule(statute: Statute, rule: object) -> str:
    assert isinstance(rule, m.MoneyRule)
    return _("{name}: {kind}", name=rule.name, kind=_(MONEY_KINDS[rule.kind]))


def _lifecycle(statute: Statute, lifecycle: object) -> str:
    assert isinstance(lifecycle, m.Lifecycle)
    return _(
        "{name}: {states} states, {transitions} transitions",
        name=lifecycle.name,
        states=len(lifecycle.states),
        transitions=len(lifecycle.transitions),
    )


def _state(statute: Statute, state: object) -> str:
    assert isinstance(state, m.LifecycleState)
    return state.name


def _transition(statute: Statute, transition: object) -> str:
    assert isinstance(transition, m.Transition)
    what = transition.trigger or _("when {condition}", condition=transition.when)
    return f"{what}: {', '.join(transition.sources)} → {transition.dest}"


def _purpose(statute: Statute, item: object) -> str:
    text = getattr(item, "text", None)
    return text if isinstance(text, str) else ""


def _obligation(statute: Statute, obligation: object) -> str:
    assert isinstance(obligation, m.Obligation)
    return obligation.text or obligation.kind


def _membership(statute: Statute, membership: object) -> str:
    assert isinstance(membership, m.Membership)
    return membership.eligible or ""


def _admission(statute: Statute, admission: object) -> str:
    assert isinstance(admission, m.Admission)
    return _("decided by {body}", body=admission.by) if admission.by else ""


def _withdrawal(statute: Statute, withdrawal: object) -> str:
    assert isinstance(withdrawal, m.Withdrawal)
    if withdrawal.notice_months:
        return _(
            "at the earliest {earliest}, with {months} months' notice",
            earliest=withdrawal.earliest,
            months=withdrawal.notice_months,
        )
    return _("at the earliest {earliest}", earliest=withdrawal.earliest)


def _exclusion(statute: Statute, exclusion: object) -> str:
    assert isinstance(exclusion, m.Exclusion)
    return _("decided by {body}", body=exclusion.by)


def _named(statute: Statute, element: object) -> str:
    name, ident = getattr(element, "name", None), getattr(element, "id", None)
    if isinstance(name, str) and isinstance(ident, str):
        return f"{name} ({ident})"
    return name if isinstance(name, str) else ident if isinstance(ident, str) else ""


_DESCRIBERS: dict[type, Callable[[Statute, object], str]] = {
    m.Body: _body,
    m.Power: _power,
    m.Requirement: _requirement,
    m.Delegation: _delegation,
    m.VotingRule: _voting_rule,
    m.MoneyRule: _money_rule,
    m.Lifecycle: _lifecycle,
    m.LifecycleState: _state,
    m.Transition: _transition,
    m.PurposeItem: _purpose,
    m.Obligation: _obligation,
    m.Membership: _membership,
    m.Admission: _admission,
    m.Withdrawal: _withdrawal,
    m.Exclusion: _exclusion,
    m.Metadata: _named,
    m.Role: _named,
    m.Area: _named,
    m.Member: _named,
    m.MembershipClass: _named,
    m.Partner: _named,
}
