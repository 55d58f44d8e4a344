"""Who the clerk seats: the bodies it keeps in office, and the role and name of
each person it elects to them (see ``events.Clerk``).

The names are the clerk's: a person is named by role, the member the seat is
held for and the area (``It-chef, Sorø (IT)``); staff and suppliers, who sit
for no member, by role and number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..protocol.procedure import FILLED_BY_OTHERS
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
