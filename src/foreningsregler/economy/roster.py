"""Who the clerk seats: the bodies it keeps in office, and the role and name of
each person it elects to them (see ``events.Clerk``); which acts may change
who is a member or on record.

The names are the clerk's: a person is named by role, the member the seat is
held for and the area (``It-chef, Sorø (IT)``); staff and suppliers, who sit
for no member, by role and number.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

import attrs

from ..protocol.lifecycle import Meaning
from ..protocol.procedure import FILLED_BY_OTHERS
from ..protocol.rules import Rules
from ..statute.calendar import add_months
from ..statute.model import Body, FillMethod, LifecycleKind, Statute, Transition

#: A seat the clerk filled: the member it is held for (None: staff), since when.
Held = tuple[str | None, dt.date]
#: Bodies whose seats are held by the staff or a supplier, not for a member.
STAFF = frozenset({FillMethod.EMPLOYMENT, FillMethod.PROCUREMENT})
#: Actors of a transition that are not a body.
MEMBER, DELEGATOR = "member", "delegator"
#: The fact that names each kind of record: what an act on it is about.
RECORD_FACT = {
    LifecycleKind.MEMBERSHIP: "municipality",
    LifecycleKind.PARTICIPATION: "municipality",
    LifecycleKind.PHASE: "phase",
    LifecycleKind.DECISION: "proposal",
    LifecycleKind.DELEGATION: "delegation",
}

#: Records whose change may change who sits, who is a member and who leaves.
_PEOPLE = (LifecycleKind.MEMBERSHIP, LifecycleKind.PARTICIPATION)


@attrs.frozen
class Triggers:
    """The statute's triggers: each one's transition (its first) and lifecycle's
    kind; those that may change the members or their records (and so a day's
    state), those that may change who is on record at all (and so who may
    attend), and those that make a municipality a member."""

    transitions: dict[str, Transition]
    kinds: dict[str, LifecycleKind]
    changing: set[str]
    roll: set[str]
    admits: set[str]

    @classmethod
    def of(cls, statute: Statute, rules: Rules) -> Triggers:
        found = cls({}, {}, set(), set(), set())
        for lifecycle in statute.lifecycles:
            kind, has = lifecycle.kind, rules.has
            for transition in lifecycle.transitions:
                trigger = transition.trigger
                if trigger is None:
                    continue
                found.transitions.setdefault(trigger, transition)
                found.kinds.setdefault(trigger, kind)
                if kind in _PEOPLE:
                    found.changing.add(trigger)
                admits = (
                    kind is LifecycleKind.MEMBERSHIP
                    and has(kind, transition.dest, Meaning.MEMBER)
                    and not any(has(kind, s, Meaning.MEMBER) for s in transition.sources)
                )
                if admits:
                    found.admits.add(trigger)
                if kind is LifecycleKind.PARTICIPATION or (
                    kind is LifecycleKind.MEMBERSHIP
                    and (
                        lifecycle.initial in transition.sources
                        or admits
                        or has(kind, transition.dest, Meaning.WITHDRAWN)
                    )
                ):
                    found.roll.add(trigger)
        return found


def kept_in_office(
    statute: Statute, transitions: Iterable[Transition], keep: Iterable[str]
) -> dict[str, Body]:
    """Bodies someone else fills that the lifecycles' acts need (their actors and
    the bodies whose priors they need), ``keep``, and their electors and the
    bodies they are drawn from; in the statute's order."""
    names = set(keep)
    powers: list[str] = []
    for transition in transitions:
        if transition.actor not in (None, MEMBER, DELEGATOR):
            names.add(transition.actor)
        if transition.power is not None:
            powers.append(transition.power)
    seen: set[str] = set()
    while powers:
        if (power_id := powers.pop()) in seen:
            continue
        seen.add(power_id)
        for requirement in statute.power(power_id).requires:
            names.add(requirement.from_body)
            if requirement.power is not None:
                powers.append(requirement.power)
    bodies = {b.id: b for name in names for b in statute.instances(name)}
    waiting = list(bodies.values())
    while waiting:
        body = waiting.pop()
        for ref in (body.filled_by.by, body.drawn_from):
            for other in statute.instances(ref) if ref else ():
                if other.id not in bodies:
                    bodies[other.id] = other
                    waiting.append(other)
    order = {b.id: i for i, b in enumerate(statute.bodies)}
    return {
        b.id: b
        for b in sorted(bodies.values(), key=lambda b: order[b.id])
        if b.filled_by.method in FILLED_BY_OTHERS and b.size is not None
    }


@functools.lru_cache(maxsize=1024)
def term_end(since: dt.date, years: int) -> dt.date:
    """The day a seat taken on ``since`` for a term of ``years`` is up (asked
    for every seat whenever the clerk looks at who sits: kept)."""
    return add_months(since, 12 * years)


def seat_role(statute: Statute, body: Body) -> str | None:
    """The first role the body seats that the body it is drawn from seats too."""
    roles = list(body.eligible)
    source = statute.instances(body.drawn_from) if body.drawn_from else ()
    if len(source) == 1 and source[0].eligible:
        roles = [r for r in roles if r in source[0].eligible] or roles
    return roles[0] if roles else None


def person_name(statute: Statute, body: Body, role: str | None, municipality: str | None) -> str:
    """The person the clerk seats in ``body`` in ``role`` for ``municipality``."""
    named = next((r.name for r in statute.roles if r.id == role), role or "Medlem")
    area = next((a.name for a in statute.areas if a.id == body.area), None)
    held = f", {municipality}" if municipality is not None else ""
    return f"{named}{held}" + (f" ({area})" if area else "")
