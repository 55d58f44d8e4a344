"""The common core (fælles kerne): which phases every member takes part in.

A phase is core when ``membership.core.phases`` lists it, when the act that
adopts it states ``core: true``, when it is adopted in an area of the core
(``area``), or when the body the statute names adds it, or its area, to the
core by decision: the event ``extend-core``. Each is recorded as a ``Term``
of kind ``core`` (``value``: ``phase`` or ``area``) and shown in the state.
Where ``declining_phase.applies_to`` is ``core``, declining a core phase
leads to withdrawal and declining an optional one does not (``Replay``).
"""

from __future__ import annotations

from ..i18n import _
from ..statute.model import Core, LifecycleKind, Transition
from .changes import AddTerm, Effect, Subject
from .ledger import Event
from .lifecycle import Compiled, Meaning
from .procedure import check_founded, decision
from .reading import ReplayView
from .state import RuleViolation, Term, is_core

EXTEND_CORE = "extend-core"

Effects = tuple[Effect, ...]


def _core(replay: ReplayView) -> Core | None:
    membership = replay.rules.statute.membership
    return membership.core if membership is not None else None


def core_area(replay: ReplayView, area: str) -> bool:
    core = _core(replay)
    if core is None:
        return False
    return area in core.areas or any(
        (t.kind, t.subject, t.value) == ("core", area, "area") for t in replay.terms
    )


def phase_terms(
    replay: ReplayView, compiled: Compiled, transition: Transition, subject: Subject, event: Event
) -> Effects:
    """Adopting a phase marked core, or in a core area, makes it core."""
    rules = replay.rules
    kind = LifecycleKind.PHASE
    if compiled.kind is not kind or not rules.has(kind, transition.dest, Meaning.ADOPTED):
        return ()
    if rules.has(kind, replay.state(kind, subject, event.date), Meaning.ADOPTED):
        return ()  # adopted already
    marked = event.data.get("core")
    if marked is not None and not isinstance(marked, bool):
        message = _("'core' is true or false, not {value}", value=repr(marked))
        raise RuleViolation("bad-data", message, None)
    core = _core(replay)
    area = event.data.get("area")
    in_area = isinstance(area, str) and core_area(replay, area)
    if not marked and not in_area:
        return ()
    if core is None:
        message = _(
            "the statute has no common core (membership.core); a phase cannot be marked core"
        )
        raise RuleViolation("no-core", message, None)
    phase = str(subject)
    if phase in core.phases:
        return ()
    term = Term("core", phase, event.date, event.actor, "phase", provision=core.provision)
    return (AddTerm(term),)


def extend_core(replay: ReplayView, event: Event) -> Effects:
    """The body the statute names adds a phase or an area to the core by decision."""
    core = _core(replay)
    if core is None or core.extended_by is None:
        message = _("the statute lets no body extend the common core (membership.core.extended_by)")
        raise RuleViolation("no-core", message, core.provision if core else None)
    cited = core.provision
    statute = replay.rules.statute
    if event.actor not in {b.id for b in statute.instances(core.extended_by)}:
        message = _(
            "the common core is extended by {body}, not {actor}",
            body=core.extended_by,
            actor=event.actor,
        )
        raise RuleViolation("actor", message, cited)
    phase, area = event.data.get("phase"), event.data.get("area")
    if (phase is None) == (area is None):
        message = _("name what joins the core: a 'phase' or an 'area', one of them")
        raise RuleViolation("missing-data", message, cited)
    what, subject = ("phase", str(phase)) if phase is not None else ("area", str(area))
    already = (
        is_core(statute, replay.terms, subject) if what == "phase" else core_area(replay, subject)
    )
    if already:
        message = (
            _("the phase {name} is in the core already", name=subject)
            if what == "phase"
            else _("the area {name} is in the core already", name=subject)
        )
        raise RuleViolation("already-core", message, cited)
    check_founded(replay, event.date, cited)
    body = replay.body(event.actor)
    assert body is not None  # an instance of the statute's body
    power = statute.power(core.power) if core.power is not None else None
    effects = decision(replay, body, power, event, must_pass=True)
    term = Term("core", subject, event.date, event.actor, what, provision=cited)
    return (*effects, AddTerm(term))
