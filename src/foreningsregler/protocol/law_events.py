"""The events of the law's lifecycle of a statute (kommunestyrelsesloven § 60, § 60 a).

``adopt-statute``: the general assembly adopts the statute (or, with
``change``, a change of it), by its decision, naming the participants whose
councils must decide. ``kommunalbestyrelse-decision``: a member's council
decides a matter itself (the statute, a change, its admission, joining a
phase, withdrawal, dissolution); a body of the association, whose members
represent the councils, can pass such a decision on but cannot make it.
``approve`` / ``approve-statute``: the supervisory authority of the day
approves, after every decision the law asks for. ``notify`` /
``notify-statute``: a participant tells the authority, where § 60 a
exempts the act from approval. Refusals cite the law as ``kstl. § 60, stk. N``.
"""

from __future__ import annotations

from collections.abc import Callable

from ..i18n import _
from ..statute.law import Act, Dissolution, Duty, LawRef
from ..statute.model import LifecycleKind, Power
from ._shown import shown_day
from .amendments import check_change
from .by_authority import check_requested
from .changes import AddLawFact, Effect, LawFact
from .facts import text, unknown
from .law_state import (
    FOUNDING,
    LAW_EVENT_KINDS,
    TILSYNSMYNDIGHED,
    adopted,
    basis,
    cite,
    council_decided,
    duty_rule,
    facts,
    in_force_since,
    law,
    law_actors,
    the_act,
    waiting_councils,
)
from .ledger import Event
from .lifecycle import Meaning
from .procedure import check_power, decision
from .reading import ReplayView
from .state import RuleViolation

ADOPT, COUNCIL = "adopt-statute", "kommunalbestyrelse-decision"
APPROVE, NOTIFY = "approve", "notify"
APPROVE_STATUTE, NOTIFY_STATUTE = "approve-statute", "notify-statute"
assert {ADOPT, COUNCIL, APPROVE, NOTIFY, APPROVE_STATUTE, NOTIFY_STATUTE} == LAW_EVENT_KINDS
#: Who a council decision is recorded as made by: the council, and no one else.
COUNCIL_BODY = "kommunalbestyrelse"

Effects = tuple[Effect, ...]
_KINDS = LifecycleKind


def _require_basis(view: ReplayView, event: Event) -> str:
    found = basis(view)
    if found is None:
        message = _(
            "'{kind}' is an act under kommunestyrelsesloven; the statute declares no "
            "legal basis (statute.legal_basis)",
            kind=event.kind,
        )
        raise RuleViolation("no-legal-basis", message, None)
    declared = law().basis(found)
    if event.date < law().covers_from:
        message = _(
            "the law data begins on {start}; {day} is not judged by guess",
            start=shown_day(law().covers_from),
            day=shown_day(event.date),
        )
        raise RuleViolation("law-not-covered", message, law().ref("§ 60, stk. 1"))
    if declared is not None and not declared.in_force(event.date):
        message = _(
            "{basis} is in force from {start}, not on {day}",
            basis=found,
            start=shown_day(declared.start),
            day=shown_day(event.date),
        )
        raise RuleViolation("basis-not-in-force", message, declared.provision)
    return found


def _matter(event: Event, default: str | None = None, who: str | None = None) -> tuple[Act, str]:
    """The act a law event concerns and its subject (text, municipality, phase);
    ``who`` is the municipality meant where the event names none."""
    raw = event.data.get("matter", default)
    try:
        act = Act(raw)
    except ValueError:
        allowed = ", ".join(a.value for a in Act)
        raise RuleViolation(
            "bad-data", _("matter: one of {allowed}", allowed=allowed), None
        ) from None
    if act is Act.STATUTE:
        return act, FOUNDING
    if act is Act.CHANGE:
        return act, text(event.data, "change")
    if act is Act.PHASE:
        return act, text(event.data, "phase")
    if act is Act.DISSOLUTION:
        return act, "association"
    if who is not None and "municipality" not in event.data:
        return act, who
    return act, text(event.data, "municipality")


# --- adopt-statute -----------------------------------------------------------------


def _adopt(view: ReplayView, event: Event) -> Effects:
    """The general assembly adopts the statute, or a change of it (``change``)."""
    _require_basis(view, event)
    change = event.data.get("change")
    subject = text(event.data, "change") if change is not None else FOUNDING
    act = Act.CHANGE if change is not None else Act.STATUTE
    cited = cite(view, act, event.date)
    if adopted(view, subject) is not None:
        message = _("the text {text} is adopted already", text=subject)
        raise RuleViolation("already-adopted", message, cited)
    assembly = view.rules.assembly
    if act is Act.CHANGE:
        check_change(view, subject, event.date, cited)
        effects = _adopt_change(view, event)
    elif assembly is None or event.actor != assembly.id:
        message = (
            _(
                "the statute is adopted by {body}, not {actor}",
                body=assembly.id,
                actor=event.actor,
            )
            if assembly
            else _(
                "the statute is adopted by a general assembly, which the statute lacks, "
                "not {actor}",
                actor=event.actor,
            )
        )
        raise RuleViolation("actor", message, cited)
    else:
        # The founding vote follows the rule of the power that changes the statute
        # (an assumption: the statute names no other); the recommendations that
        # power asks cannot exist before the founding, so none is required.
        effects = decision(
            view, assembly, _changes_power(view), event, must_pass=True, priors=False
        )
    participants = _participants(view, event, act)
    fact = LawFact("adopted", act.value, subject, event.actor, event.date, None, participants)
    return (*effects, AddLawFact(fact))


def _adopt_change(view: ReplayView, event: Event) -> Effects:
    """A change: under a statute in force, by the power that changes it."""
    if adopted(view, FOUNDING) is not None:
        since = in_force_since(view, FOUNDING)
        if since is None or since > event.date:
            message = _(
                "the statute is not in force on {day}; it cannot be changed yet",
                day=shown_day(event.date),
            )
            cited = cite(view, Act.STATUTE, event.date)
            raise RuleViolation("statute-not-in-force", message, cited)
    declared = view.rules.statute.metadata.legal_basis
    power_id = declared.changes if declared is not None else None
    if power_id is None:
        message = _("the statute names no power that changes it (statute.legal_basis.changes)")
        raise RuleViolation("no-changes-power", message, law().ref("§ 60, stk. 1"))
    power = view.rules.statute.power(power_id)
    check_power(view, event, power)
    body = view.body(event.actor)
    assert body is not None  # check_power refused an actor that is no body
    return decision(view, body, power, event, must_pass=True)


def _changes_power(view: ReplayView) -> Power | None:
    declared = view.rules.statute.metadata.legal_basis
    power_id = declared.changes if declared is not None else None
    return view.rules.statute.power(power_id) if power_id is not None else None


def _participants(view: ReplayView, event: Event, act: Act) -> tuple[str, ...]:
    """Whose councils decide: ``participants`` named, else those on record
    (the founders) for the statute, the members for a change."""
    raw = event.data.get("participants")
    if raw is not None:
        if not isinstance(raw, list | tuple) or not raw or not all(isinstance(m, str) for m in raw):
            message = _("participants: the municipalities, a list")
            raise RuleViolation("bad-data", message, None)
        named, membership = view.rules.municipalities, view.rules.statute.membership
        for m in raw:
            if named and m not in named:
                unknown("municipality", m, named, membership.provision if membership else None)
        return tuple(sorted(set(map(str, raw))))
    kind, rules = _KINDS.MEMBERSHIP, view.rules
    wanted = Meaning.MEMBER if act is Act.CHANGE else None
    found = []
    for record in view.stored[kind]:
        state = view.state(kind, record, event.date)
        if wanted is not None and not rules.has(kind, state, wanted):
            continue
        if rules.has(kind, state, Meaning.WITHDRAWN):
            continue
        found.append(str(record))
    if not found:
        message = _("no municipality is on record to decide on the statute: name the participants")
        raise RuleViolation("bad-data", message, cite(view, act, event.date))
    return tuple(sorted(found))


# --- kommunalbestyrelse-decision ----------------------------------------------------


def _council(view: ReplayView, event: Event) -> Effects:
    """A member's kommunalbestyrelse decides a matter itself."""
    base = _require_basis(view, event)
    act, subject = _matter(event, who=event.actor)
    rule = law().council_rule(base, Act.STATUTE, event.date)
    cited = rule.provision if rule is not None else law().ref("§ 60, stk. 1")
    actor = event.actor
    if view.rules.statute.instances(actor) or actor in law_actors():
        message = _(
            "{actor} is not a kommunalbestyrelse: a body of the association can pass a "
            "council's decision on, not make it; the municipality records its council's decision",
            actor=actor,
        )
        raise RuleViolation("council-decides", message, cited)
    by = event.data.get("decided_by", COUNCIL_BODY)
    if by != COUNCIL_BODY:
        message = _(
            "the decision is the kommunalbestyrelse's own, in its meeting; {by} cannot make it "
            "(decided_by: {council})",
            by=by,
            council=COUNCIL_BODY,
        )
        raise RuleViolation("council-decides", message, cited)
    named = event.data.get("municipality", actor)
    if named != actor or (act in (Act.ADMISSION, Act.WITHDRAWAL) and subject != actor):
        message = _(
            "the kommunalbestyrelse of {actor} decides for {actor}, not for {named}",
            actor=actor,
            named=named,
        )
        raise RuleViolation("council-decides", message, cited)
    if act in (Act.STATUTE, Act.CHANGE):
        found = adopted(view, subject)
        if found is None:
            message = _(
                "the text {text} is not adopted by the general assembly; nothing to decide on",
                text=subject,
            )
            raise RuleViolation("statute-not-adopted", message, cited)
        if actor not in found.participants:
            message = _(
                "{actor} is not a participant of {text} ({participants})",
                actor=actor,
                text=subject,
                participants=", ".join(found.participants),
            )
            raise RuleViolation("not-a-participant", message, cited)
    fact = LawFact("council", act.value, subject, actor, event.date, actor)
    return (AddLawFact(fact),)


# --- approve, notify -----------------------------------------------------------------


def _approve(default: str | None) -> Callable[[ReplayView, Event], Effects]:
    def record(view: ReplayView, event: Event) -> Effects:
        """The supervisory authority of the day approves, once all is decided."""
        base = _require_basis(view, event)
        act, subject = _matter(event, default)
        duty, rule = duty_rule(view, act, event.date)
        cited = rule.provision if rule is not None else cite(view, act, event.date)
        _check_authority(view, event, cited)
        if duty is not Duty.APPROVAL:
            fields = {"basis": base, "day": shown_day(event.date), "act": the_act(act)}
            message = (
                _(
                    "under {basis} on {day} {act} needs no approval (notification); "
                    "record a notification instead where one is due",
                    **fields,
                )
                if duty is Duty.NOTIFICATION
                else _(
                    "under {basis} on {day} {act} needs no approval (none); "
                    "record a notification instead where one is due",
                    **fields,
                )
            )
            raise RuleViolation("no-approval-needed", message, cited)
        if facts(view, "approved", act.value, subject):
            message = _("{act} of {subject} is approved", act=the_act(act), subject=subject)
            raise RuleViolation("already-approved", message, cited)
        _check_ready(view, event, act, subject)
        fact = LawFact("approved", act.value, subject, _authority_id(view, event), event.date)
        return (AddLawFact(fact),)

    return record


def _notify(default: str | None) -> Callable[[ReplayView, Event], Effects]:
    def record(view: ReplayView, event: Event) -> Effects:
        """A participant tells the supervisory authority, where the law exempts the act."""
        base = _require_basis(view, event)
        act, subject = _matter(event, default)
        duty, rule = duty_rule(view, act, event.date)
        cited = rule.provision if rule is not None else cite(view, act, event.date)
        if event.actor in law_actors():
            message = _("a notification is made by a participant, not by the authority")
            raise RuleViolation("actor", message, cited)
        to = event.data.get("to")
        authority = law().authority_on(event.date)
        if to is not None and (authority is None or to != authority.id):
            day = shown_day(event.date)
            message = (
                _(
                    "on {day} the supervisory authority is {authority}, not {named}",
                    day=day,
                    authority=authority.id,
                    named=to,
                )
                if authority
                else _(
                    "on {day} the supervisory authority is none in the law data, not {named}",
                    day=day,
                    named=to,
                )
            )
            raise RuleViolation("wrong-authority", message, cited)
        if duty is Duty.APPROVAL:
            message = _(
                "under {basis} on {day} {act} needs the authority's approval",
                basis=base,
                day=shown_day(event.date),
                act=the_act(act),
            )
            raise RuleViolation("approval-required", message, cited)
        if duty is not Duty.NOTIFICATION:
            message = _(
                "under {basis} on {day} {act} needs no notification",
                basis=base,
                day=shown_day(event.date),
                act=the_act(act),
            )
            raise RuleViolation("no-notification-needed", message, cited)
        _check_ready(view, event, act, subject)
        fact = LawFact("notified", act.value, subject, event.actor, event.date)
        return (AddLawFact(fact),)

    return record


def _authority_id(view: ReplayView, event: Event) -> str:
    authority = law().authority_on(event.date)
    return authority.id if authority is not None else event.actor


def _check_authority(view: ReplayView, event: Event, cited: LawRef) -> None:
    """The act is the supervisory authority's of the day: ``tilsynsmyndighed``
    (resolved by date), or that authority named (actor or ``authority``)."""
    authority = law().authority_on(event.date)
    if authority is None:
        message = _(
            "the law data names no supervisory authority on {day}", day=shown_day(event.date)
        )
        raise RuleViolation("law-not-covered", message, law().ref("§ 60, stk. 1"))
    named = event.data.get("authority", event.actor)
    if event.actor not in law_actors():
        message = _(
            "an approval is the supervisory authority's ({authority}), not {actor}'s",
            authority=authority.id,
            actor=event.actor,
        )
        raise RuleViolation("wrong-authority", message, cited)
    if named not in (TILSYNSMYNDIGHED, authority.id):
        message = _(
            "on {day} the supervisory authority is {authority}, not {named}",
            day=shown_day(event.date),
            authority=authority.id,
            named=named,
        )
        raise RuleViolation("wrong-authority", message, cited)


def _check_ready(view: ReplayView, event: Event, act: Act, subject: str) -> None:
    """Everything the law asks before the authority's act is on record."""
    base = basis(view) or ""
    day = event.date
    council = law().council_rule(base, Act.STATUTE, day)
    cited = council.provision if council is not None else law().ref("§ 60, stk. 1")
    if act in (Act.STATUTE, Act.CHANGE):
        if adopted(view, subject) is None:
            message = _("the text {text} is not adopted by the general assembly", text=subject)
            raise RuleViolation("statute-not-adopted", message, cited)
        waiting = waiting_councils(view, subject)
        if waiting:
            message = _(
                "the kommunalbestyrelse of {waiting} has not decided on {text}",
                waiting=", ".join(waiting),
                text=subject,
            )
            raise RuleViolation("council-decisions-missing", message, cited)
    elif act is Act.ADMISSION:
        if not council_decided(view, subject, act.value, subject):
            message = _(
                "the kommunalbestyrelse of {municipality} has not decided to join",
                municipality=subject,
            )
            raise RuleViolation("council-decisions-missing", message, cited)
    elif act is Act.WITHDRAWAL:
        kind = _KINDS.MEMBERSHIP
        if not view.rules.has(kind, view.state(kind, subject, day), Meaning.MEMBER):
            message = _(
                "{municipality} is not a member on {day}; it has nothing to withdraw from",
                municipality=subject,
                day=shown_day(day),
            )
            raise RuleViolation("not-a-member", message, cited)
    elif act is Act.DISSOLUTION:
        _check_dissolution(view, event)
    else:
        message = _("joining a phase needs no {kind}", kind=event.kind)
        raise RuleViolation("bad-data", message, cited)


def _check_dissolution(view: ReplayView, event: Event) -> None:
    """§ 60, stk. 2: all participants agree (their councils), or the authority
    dissolves on a participant's request (``on_request_of``)."""
    base, day = basis(view) or "", event.date
    rule = law().dissolution_rule(base, day)
    if rule is None or rule.dissolution is not Dissolution.ALL_PARTICIPANTS:
        return
    kind, rules = _KINDS.MEMBERSHIP, view.rules
    members = [
        str(m)
        for m in view.stored[kind]
        if rules.has(kind, view.state(kind, m, day), Meaning.MEMBER)
    ]
    requested = event.data.get("on_request_of")
    if requested is not None and requested in members:
        check_requested(view, str(requested), event, rule)  # the participant's own request
        return
    waiting = [
        m for m in members if not council_decided(view, m, Act.DISSOLUTION.value, "association")
    ]
    if waiting:
        message = _(
            "all participants must agree to dissolve, or one must ask the authority "
            "(on_request_of); the kommunalbestyrelse of {waiting} has not decided",
            waiting=", ".join(sorted(waiting)),
        )
        raise RuleViolation("council-decisions-missing", message, rule.provision)


LAW_EVENTS: dict[str, Callable[[ReplayView, Event], Effects]] = {
    ADOPT: _adopt,
    COUNCIL: _council,
    APPROVE: _approve(None),
    APPROVE_STATUTE: _approve(Act.STATUTE.value),
    NOTIFY: _notify(None),
    NOTIFY_STATUTE: _notify(Act.STATUTE.value),
}
