"""Dissolution by the supervisory authority on one participant's request
(kommunestyrelseslovens § 60, stk. 2).

Under § 60 the agreement ends when all participants agree, or when the
supervisory authority, on one participant's request, finds reasonable cause.
A statute encodes the second as a lifecycle transition whose ``actor`` is
``tilsynsmyndighed``. The participant records its request
(``request-dissolution``, by the municipality itself); the authority of the
day (``tilsynsmyndighed``, or that authority's id) then performs the
transition with ``on_request_of``. Refused before the request, by anyone but
the authority of the day, and where stk. 2 does not apply: no legal basis, or
a § 60 a community (§ 60 a, stk. 1 sets § 60, stk. 2 and 3 aside).
"""

from __future__ import annotations

import functools

from ..i18n import _
from ..statute.law import Dissolution, LawRef, LawRule
from ..statute.model import LifecycleKind, Statute, Transition
from ._shown import shown_day
from .changes import AddLawFact, Effect, LawFact
from .facts import text
from .law_state import TILSYNSMYNDIGHED, basis, law, law_actors
from .ledger import Event
from .lifecycle import Meaning
from .reading import ReplayView
from .state import RuleViolation

REQUEST_DISSOLUTION = "request-dissolution"
#: The law fact a participant's request leaves.
REQUESTED = "requested"


def request_dissolution(view: ReplayView, event: Event) -> tuple[Effect, ...]:
    """A participant asks the supervisory authority to dissolve the community."""
    rule = _stk2(view, event)
    kind = LifecycleKind.MEMBERSHIP
    if not view.rules.has(kind, view.state(kind, event.actor, event.date), Meaning.MEMBER):
        message = _(
            "{actor} is not a participant on {day}: it cannot ask for dissolution",
            actor=event.actor,
            day=shown_day(event.date),
        )
        raise RuleViolation("not-a-member", message, rule.provision)
    fact = LawFact(REQUESTED, "dissolution", "association", event.actor, event.date, event.actor)
    return (AddLawFact(fact),)


def by_authority(transition: Transition) -> bool:
    return transition.actor == TILSYNSMYNDIGHED


@functools.lru_cache(maxsize=64)
def authority_triggers(statute: Statute) -> frozenset[str]:
    """The triggers of transitions the supervisory authority performs (asked of
    every event, so worked out once per statute)."""
    return frozenset(
        t.trigger
        for lc in statute.lifecycles
        for t in lc.transitions
        if by_authority(t) and t.trigger is not None
    )


def check_authority_transition(view: ReplayView, event: Event) -> None:
    """The authority of the day performs it, under § 60, stk. 2, on a request on record."""
    rule = _stk2(view, event)
    authority = law().authority_on(event.date)
    named = event.data.get("authority", event.actor)
    if (
        authority is None
        or event.actor not in law_actors()
        or named
        not in (
            TILSYNSMYNDIGHED,
            authority.id,
        )
    ):
        facts = {"kind": event.kind, "day": shown_day(event.date), "named": named}
        message = (
            _(
                "'{kind}' is the supervisory authority's of {day} ({authority}), not {named}'s",
                authority=authority.id,
                **facts,
            )
            if authority is not None
            else _(
                "'{kind}' is the supervisory authority's of {day} "
                "(no authority in the law data), not {named}'s",
                **facts,
            )
        )
        raise RuleViolation("wrong-authority", message, rule.provision)
    check_requested(view, text(event.data, "on_request_of"), event, rule)


def check_requested(view: ReplayView, requester: str, event: Event, rule: LawRule) -> None:
    """``requester`` asked for the dissolution on or before the event's day."""
    asked = [
        f
        for f in view.law_facts
        if (f.kind, f.act, f.by) == (REQUESTED, "dissolution", requester) and f.day <= event.date
    ]
    if not asked:
        message = _(
            "the authority dissolves only on a participant's request; {requester} has "
            "recorded none ({event})",
            requester=requester,
            event=REQUEST_DISSOLUTION,
        )
        raise RuleViolation("no-request", message, rule.provision)


def _stk2(view: ReplayView, event: Event) -> LawRule:
    """The rule of § 60, stk. 2 that governs the statute on the day; refused without it."""
    base = basis(view)
    if base is None:
        message = _("the statute declares no legal basis: § 60, stk. 2 does not govern it")
        raise RuleViolation("no-legal-basis", message, _ref("§ 60, stk. 2"))
    rule = law().dissolution_rule(base, event.date)
    if rule is None or rule.dissolution is not Dissolution.ALL_PARTICIPANTS:
        cited = rule.provision if rule is not None else _ref("§ 60, stk. 2")
        message = _(
            "under {basis} on {day} the authority does not dissolve on one "
            "participant's request (§ 60, stk. 2 does not apply)",
            basis=base,
            day=shown_day(event.date),
        )
        raise RuleViolation("stk-2-not-applicable", message, cited)
    return rule


def _ref(provision: str) -> LawRef:
    return law().ref(provision)
