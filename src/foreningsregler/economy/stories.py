"""The stories a simulation or a benchmark tells with a ``Clerk``: founding the
association, the yearly general assembly, a phase adopted and joined.

Each is a sequence of lawful acts the clerk records; the statute decides who
acts, with which meeting, vote and recommendation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from ..protocol.lifecycle import Meaning
from ..statute.model import BodyKind, Lifecycle, LifecycleKind, Statute, Transition
from .events import Clerk
from .roster import MEMBER


def found(clerk: Clerk, names: Iterable[str], day: dt.date) -> None:
    """Declarations, the basis accepted, approvals, the founding general assembly
    founding the association and then, by its votes, admitting every founder and
    electing the bodies it fills; the next day, the board constituted (every seat
    filled, its chair chosen, the management appointed) starts operation."""
    names = list(names)
    if not all(map(clerk.knows, ("sign-declaration", "approve-in-principle", "admit"))):
        _found_by_paths(clerk, names, day)
        return
    for municipality in names:
        clerk.act("sign-declaration", day - dt.timedelta(days=200), municipality)
    if clerk.knows("accept-basis"):
        clerk.act("accept-basis", day - dt.timedelta(days=199), participants=names)
    for municipality in names:
        clerk.act("approve-in-principle", day - dt.timedelta(days=100), municipality)
    if clerk.assembly is not None:
        clerk.meet(clerk.assembly.id, day)
    if clerk.knows("hold-founding-assembly"):
        clerk.act("hold-founding-assembly", day)
    for municipality in names:
        clerk.act("admit", day, municipality=municipality)
    if clerk.assembly is not None:
        clerk.fill_by(clerk.assembly.id, day)
    if clerk.knows("start-operation"):
        clerk.act("start-operation", day + dt.timedelta(days=1))


def _found_by_paths(clerk: Clerk, names: list[str], day: dt.date) -> None:
    """A founding the story above does not tell (its triggers are not the
    statute's), by the shortest runs of acts: each member's own acts towards
    membership (it applies, accedes), the association's lifecycle walked to its
    founding, the rest of each member's way (its admission), the bodies the
    general assembly fills elected, and the next day the association's walked
    on to operation."""
    statute, has = clerk.statute, clerk.rules.has
    association = statute.lifecycle(LifecycleKind.ASSOCIATION)
    membership = statute.lifecycle(LifecycleKind.MEMBERSHIP)
    kinds = statute.membership.kinds if statute.membership is not None else ()
    kind = next(({"member_kind": k.kind.value} for k in kinds if k.open), {})  # an open kind
    admission = _walk(membership, lambda s: has(LifecycleKind.MEMBERSHIP, s, Meaning.MEMBER))
    own = 0  # the members' own acts come first: the founders on record make the meeting
    while own < len(admission) and admission[own].actor == MEMBER:
        own += 1
    for municipality in names:
        for transition in admission[:own]:
            clerk.act(str(transition.trigger), day, municipality=municipality, **kind)
    if clerk.assembly is not None:
        clerk.meet(clerk.assembly.id, day)
    founded = _walk(association, lambda s: has(LifecycleKind.ASSOCIATION, s, Meaning.FOUNDED))
    for transition in founded:
        clerk.act(str(transition.trigger), day)
    for municipality in names:
        for transition in admission[own:]:
            clerk.act(str(transition.trigger), day, municipality=municipality, **kind)
    if clerk.assembly is not None:
        clerk.fill_by(clerk.assembly.id, day)
    start = founded[-1].dest if founded else (association.initial if association else None)
    operating = lambda s: has(LifecycleKind.ASSOCIATION, s, Meaning.OPERATING)  # noqa: E731
    for transition in _walk(association, operating, start):
        clerk.act(str(transition.trigger), day + dt.timedelta(days=1))


def _walk(
    lifecycle: Lifecycle | None, goal: Callable[[str], bool], start: str | None = None
) -> tuple[Transition, ...]:
    """The shortest run of triggered transitions from ``start`` (the initial state)
    to a state ``goal`` accepts; none where there is none, or it is there already."""
    if lifecycle is None:
        return ()
    first = start or lifecycle.initial
    paths: dict[str, tuple[Transition, ...]] = {first: ()}
    frontier = [first]
    while frontier:
        state = frontier.pop(0)
        if goal(state):
            return paths[state]
        for step in lifecycle.transitions:
            if step.trigger and state in step.sources and step.dest not in paths:
                paths[step.dest] = (*paths[state], step)
                frontier.append(step.dest)
    return ()


def assembly_day(statute: Statute, founding: dt.date, start: dt.date) -> dt.date:
    """The general assembly that adopts a phase starting on ``start``: on 3 November
    the year before, or once the first can be called after the founding."""
    assembly = next((b for b in statute.bodies if b.kind is BodyKind.ASSEMBLY), None)
    notice = assembly.meetings.notice if assembly and assembly.meetings else None
    earliest = (notice.duration.after(founding) if notice else founding) + dt.timedelta(days=5)
    return max(dt.date(start.year - 1, 11, 3), earliest)


def hold_ordinary_assembly(clerk: Clerk, day: dt.date) -> None:
    """The general assembly's ordinary meeting, where the statute holds one every
    year (once on a day: the meeting that adopts a phase is the same one)."""
    assembly = clerk.assembly
    meetings = assembly.meetings if assembly is not None else None
    if assembly is None or meetings is None or not meetings.ordinary_per_year:
        return
    if clerk.met(assembly.id, day):  # the meeting that adopted a phase: nothing to call
        return
    # The body that calls it may have no one in office (every member it sat for
    # has left): the members then demand an extraordinary meeting where the
    # statute lets them, and it fills the seats again.
    notice = meetings.notice
    vacant = (
        notice is not None
        and notice.called_by is not None
        and not clerk.calls(notice.called_by, notice.latest_call(day))  # on the call's day
    )
    clerk.meet(assembly.id, day, extraordinary=vacant and meetings.extraordinary is not None)


def adopt_phase(
    clerk: Clerk,
    phase: str,
    day: dt.date,
    *,
    name: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> bool:
    """A phase proposed, recommended and adopted at the general assembly on ``day``:
    the committees recommend and are consulted three days before, the management
    proposes two days before (with the phase's name and period: it is adopted
    with its ``start`` and ``end``), the board recommends the day before; each
    act uses up the one before it. False, after the first step the statute
    refuses (the later ones are not tried)."""
    days = [day - dt.timedelta(days=n) for n in (3, 2, 1)]
    given = {"name": name or phase, "start": start, "end": end}
    period: dict[str, Any] = {k: str(v) for k, v in given.items() if v is not None}
    clerk.prepare("propose-phase", days[0], phase=phase)
    return (
        clerk.act("propose-phase", days[1], phase=phase, **period)
        and clerk.act("recommend-phase", days[2], phase=phase)
        and clerk.act("adopt-phase", day, phase=phase)
    )


def declare(
    clerk: Clerk,
    phase: str,
    day: dt.date,
    members: Iterable[str],
    joins: Callable[[str], bool],
) -> None:
    """Each member declares at the general assembly whether it joins ``phase``."""
    for municipality in members:
        trigger = "join-phase" if joins(municipality) else "decline-phase"
        clerk.act(trigger, day, municipality, phase=phase)
