"""The linter's rules for bodies set up by decision: the body named to set one
up must be able to exercise the power the statute names for it (E640), and
must itself come to exist without waiting for the body it sets up (E641); and
for bodies of a phase's participants (E660): a member must be able to join a phase."""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import _
from ..statute.model import LifecycleKind, Statute
from ..statute.problems import Finding
from .index import Authority
from .wording import and_list


def set_up_without_power(statute: Statute) -> Iterator[Finding]:
    """E640: a body set up by a body that holds no chain to the power of setting it up."""
    if not any(b.set_up_by for b in statute.bodies):
        return
    index = Authority(statute)
    written: set[str] = set()
    for body in statute.bodies:
        made = body.set_up_by
        if made is None or (body.template or body.id) in written:
            continue
        written.add(body.template or body.id)
        unable = [c.id for c in statute.instances(made.body) if not index.chains(c.id, made.power)]
        if not unable:
            continue
        power = statute.power(made.power)
        names = {
            "body": body.template or body.id,
            "by": made.body,
            "power": made.power,
            "unable": ", ".join(unable),
        }
        if power.holders:
            message = _(
                "{body} is set up by {by} under {power}, which {unable} cannot exercise "
                "(held by {holders})",
                holders=and_list(power.holders),
                **names,
            )
        else:
            message = _(
                "{body} is set up by {by} under {power}, which {unable} cannot exercise "
                "(held by no body)",
                **names,
            )
        place = made.location
        line, column = (place.line, place.column) if place else (None, None)
        cited = made.provision or body.provision
        yield Finding("E640", message, statute.path, line, column, str(cited) if cited else None)


def set_up_cycles(statute: Statute) -> Iterator[Finding]:
    """E641: bodies each set up by another in a circle: none can ever exist."""
    makers = {
        (b.template or b.id): made.body for b in statute.bodies if (made := b.set_up_by) is not None
    }
    reported: set[str] = set()
    for start in makers:
        path, here = [start], makers[start]
        while here in makers and here not in path:
            path.append(here)
            here = makers[here]
        if here != start or start in reported:
            continue
        reported.update(path)
        body = next(b for b in statute.bodies if (b.template or b.id) == start)
        made = body.set_up_by
        assert made is not None
        circle = " -> ".join([*path, start])
        message = _(
            "{body} can never be set up: each body is set up by the next ({circle})",
            body=start,
            circle=circle,
        )
        place = made.location
        line, column = (place.line, place.column) if place else (None, None)
        cited = made.provision or body.provision
        yield Finding("E641", message, statute.path, line, column, str(cited) if cited else None)


def participants_without_phases(statute: Statute) -> Iterator[Finding]:
    """E660: a body whose seats are a phase's participants, in a statute whose
    participation lifecycle has no state that means ``joined``: no one would
    ever sit in it."""
    lifecycle = statute.lifecycle(LifecycleKind.PARTICIPATION)
    states = lifecycle.states if lifecycle is not None else ()
    if any("joined" in s.means for s in states):
        return
    written: set[str] = set()
    for body in statute.bodies:
        if not body.of_participants or (body.template or body.id) in written:
            continue
        written.add(body.template or body.id)
        message = _(
            "{body} seats the participants of a phase, but no participation lifecycle "
            "has a state that means joined: no one would sit in it",
            body=body.template or body.id,
        )
        place = body.location
        line, column = (place.line, place.column) if place else (None, None)
        cited = str(body.provision) if body.provision else None
        yield Finding("E660", message, statute.path, line, column, cited)
