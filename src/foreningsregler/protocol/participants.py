"""A body whose seats are a phase's participants (``seats: participants``).

One seat per member that has joined the phase the body is for: each such
member sends its own (``filled_by: membership``), and a decision of the body
counts only those participants, as the voting base ``participants`` counts
them. The phase is the body's own where it is set up by decision for one
(``set-up-body`` with ``phase``: a steering group per project), else the
phase the decision concerns: the event's ``phase``, its proposal's phase, or
the phase the act is about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..i18n import _
from ..statute.model import Body, LifecycleKind
from .changes import Matter
from .facts import text
from .ledger import Event
from .reading import ReplayView
from .state import RuleViolation


def decision_phase(view: ReplayView, facts: Mapping[str, Any], about: Matter) -> str | None:
    """The phase a decision concerns: the event's ``phase``, its proposal's phase,
    or the phase the act is about; None where it names none."""
    phase = facts.get("phase")
    proposal = facts.get("proposal")
    if not isinstance(phase, str) and isinstance(proposal, str) and proposal in view.decision_meta:
        phase = view.decision_meta[proposal][2]
    if not isinstance(phase, str) and about is not None and about[0] == "phase":
        phase = about[1]
    return phase if isinstance(phase, str) else None


def participants(view: ReplayView, phase: str, day: dt.date) -> frozenset[str]:
    """The members whose participation in ``phase`` is joined on ``day``."""
    state = view.view(day)
    members = view.stored[LifecycleKind.MEMBERSHIP]
    return frozenset(str(m) for m in members if state.participates(str(m), phase))


def body_phase(
    view: ReplayView, body: Body, facts: Mapping[str, Any], day: dt.date, about: Matter = None
) -> str | None:
    """The phase whose participants sit in ``body``; None for any other body."""
    if not body.of_participants:
        return None
    named = decision_phase(view, facts, about)
    record = view.existing(body.id, day) if body.set_up_by is not None else None
    own = record.phase if record is not None else None
    if own is not None and named is not None and named != own:
        message = _(
            "{body} is the body of the participants of {phase}; not of {named}",
            body=body.id,
            phase=own,
            named=named,
        )
        raise RuleViolation("participants-phase", message, body.provision)
    phase = own or named
    if phase is None:
        message = _(
            "{body} seats the participants of a phase: name the phase (phase)", body=body.id
        )
        raise RuleViolation("participants-phase", message, body.provision)
    return phase


def body_participants(
    view: ReplayView, body: Body, facts: Mapping[str, Any], day: dt.date, about: Matter = None
) -> frozenset[str] | None:
    """The members with a seat in ``body`` for this decision; None for a body
    whose seats are not a phase's participants."""
    phase = body_phase(view, body, facts, day, about)
    return None if phase is None else participants(view, phase, day)


def check_outside(
    body: Body, among: frozenset[str], names: Mapping[str, str], phase_of: str
) -> None:
    """Every member named in a vote of ``body`` has joined its phase."""
    outside = sorted(n for n, member in names.items() if member not in among)
    if outside:
        message = _(
            "{member} has not joined {phase}; only its participants sit in {body}",
            member=outside[0],
            phase=phase_of,
            body=body.id,
        )
        raise RuleViolation("not-a-participant", message, body.provision)


def setup_phase(view: ReplayView, body: Body, event: Event) -> str | None:
    """The phase a body of a phase's participants is set up for (``phase``, which
    a set-up of such a body must name); None for any other body."""
    if not body.of_participants:
        return None
    if "phase" not in event.data:
        message = _(
            "{body} seats the participants of a phase: set it up for one (phase)", body=body.id
        )
        raise RuleViolation("participants-phase", message, body.provision)
    return text(event.data, "phase")


def check_participant_seat(view: ReplayView, event: Event) -> None:
    """A seat in a body of a phase's participants is for a member that has
    joined that phase."""
    if event.kind != "elect" or event.data.get("alternate_for") is not None:
        return
    ref = event.data.get("body")
    body = view.body(ref) if isinstance(ref, str) else None
    if body is None or not body.of_participants:
        return
    phase = body_phase(view, body, event.data, event.date)
    assert phase is not None
    municipality = event.data.get("municipality")
    if isinstance(municipality, str) and municipality not in participants(view, phase, event.date):
        message = _(
            "{member} has not joined {phase}; only its participants sit in {body}",
            member=municipality,
            phase=phase,
            body=body.id,
        )
        raise RuleViolation("not-a-participant", message, body.provision)
