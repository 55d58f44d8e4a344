"""What the law's lifecycle of a statute is on a day, read from the protocol.

The statute of a kommunalt fællesskab (``statute.legal_basis``) is adopted by
the general assembly, decided by each member's kommunalbestyrelse, and
approved by the supervisory authority of the day (or notified, where § 60 a
exempts it); it is in force from the approval. The facts are recorded by
``law_events``; this module only reads them, for those events, for the
lifecycle transitions (``acts``) and for every exercise of a power
(``procedure.check_founded``).

The protocol judges the law from the statute's adoption on record: a
protocol that records no ``adopt-statute`` is taken to begin under a statute
already in force (I510 says so when the statute is checked).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from ..i18n import N_, _
from ..statute.law import Act, Duty, Law, LawRef, LawRule, kommunestyrelsesloven
from ..statute.model import LifecycleKind, Transition
from ._shown import shown_day
from .changes import LawFact, Subject
from .ledger import Event
from .lifecycle import Compiled, Meaning
from .reading import ReplayView
from .state import RuleViolation

#: The actor that stands for the supervisory authority of the day.
TILSYNSMYNDIGHED = "tilsynsmyndighed"
#: The events of the statute's own lifecycle (``law_events``): they may come
#: before the statute is in force; every other decision of a body may not.
LAW_EVENT_KINDS = frozenset(
    {
        "adopt-statute",
        "kommunalbestyrelse-decision",
        "approve",
        "approve-statute",
        "notify",
        "notify-statute",
    }
)
#: The founding text's id; a change of the statute is named by its own id.
FOUNDING = "statute"
_KINDS = LifecycleKind


#: Each act the law attaches duties to, as a message names it (``the admission of Sorø``).
_ACTS = {
    Act.STATUTE: N_("the statute"),
    Act.CHANGE: N_("the change"),
    Act.ADMISSION: N_("the admission"),
    Act.WITHDRAWAL: N_("the withdrawal"),
    Act.DISSOLUTION: N_("the dissolution"),
    Act.PHASE: N_("the phase"),
}


def the_act(act: Act) -> str:
    """The act as a message names it: ``the admission`` (``optagelsen``)."""
    return _(_ACTS[act])


def law() -> Law:
    return kommunestyrelsesloven()


def basis(view: ReplayView) -> str | None:
    """The statute's legal basis (``kstl-60``, ``kstl-60a``), or None."""
    declared = view.rules.statute.metadata.legal_basis
    return declared.law if declared is not None else None


def law_actors() -> frozenset[str]:
    """Who may act for the authority: ``tilsynsmyndighed`` or an authority's id."""
    return frozenset({TILSYNSMYNDIGHED, *(a.id for a in law().authorities)})


def facts(view: ReplayView, kind: str, act: str, subject: str) -> list[LawFact]:
    return [f for f in view.law_facts if (f.kind, f.act, f.subject) == (kind, act, subject)]


def adopted(view: ReplayView, text: str) -> LawFact | None:
    """The adoption of a text (the founding statute or a change), if recorded."""
    act = Act.STATUTE if text == FOUNDING else Act.CHANGE
    found = facts(view, "adopted", act.value, text)
    return found[-1] if found else None


def started(view: ReplayView) -> bool:
    """Whether the protocol records the statute's own lifecycle (its adoption)."""
    if not view.law_facts:  # asked of every decision: most protocols record none
        return False
    return basis(view) is not None and adopted(view, FOUNDING) is not None


def council_decided(view: ReplayView, municipality: str, act: str, subject: str) -> bool:
    return any(f.municipality == municipality for f in facts(view, "council", act, subject))


def waiting_councils(view: ReplayView, text: str) -> list[str]:
    """The participants whose kommunalbestyrelse has not decided on ``text``."""
    found = adopted(view, text)
    if found is None:
        return []
    act = found.act
    return [m for m in found.participants if not council_decided(view, m, act, text)]


def in_force_since(view: ReplayView, text: str) -> dt.date | None:
    """The day a text took effect: its approval or notification, or, where the
    law asks neither, the last council decision on it."""
    found = adopted(view, text)
    base = basis(view)
    if found is None or base is None:
        return None
    done = facts(view, "approved", found.act, text) + facts(view, "notified", found.act, text)
    if done:
        return min(f.day for f in done)
    if waiting_councils(view, text):
        return None
    decisions = [f.day for f in facts(view, "council", found.act, text)]
    last = max(decisions, default=found.day)
    duty = law().duty(base, Act(found.act), last)[0]
    return last if duty is Duty.NONE else None


def duty_rule(view: ReplayView, act: Act, day: dt.date) -> tuple[Duty, LawRule | None]:
    base = basis(view)
    return law().duty(base, act, day) if base is not None else (Duty.NONE, None)


def cite(view: ReplayView, act: Act, day: dt.date) -> LawRef:
    """The provision to cite for ``act``: its duty's rule, else § 60, stk. 1."""
    rule = duty_rule(view, act, day)[1]
    return rule.provision if rule is not None else law().ref("§ 60, stk. 1")


@attrs.frozen
class LawStatus:
    """The statute's lifecycle under the law on a day, as the protocol records it."""

    basis: str | None
    authority: str | None  # the supervisory authority that day
    in_force: Mapping[str, dt.date | None]  # each adopted text -> the day it took effect
    waiting: Mapping[str, tuple[str, ...]]  # each adopted text -> councils yet to decide
    facts: tuple[LawFact, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "basis": self.basis,
            "authority": self.authority,
            "in_force": {t: d.isoformat() if d else None for t, d in self.in_force.items()},
            "waiting": {t: list(w) for t, w in self.waiting.items()},
        }


def law_status(view: ReplayView, day: dt.date) -> LawStatus:
    """What the law's lifecycle is on ``day`` (facts of later days left out)."""
    authority = law().authority_on(day)
    texts = [f.subject for f in view.law_facts if f.kind == "adopted" and f.day <= day]
    since = {t: in_force_since(view, t) for t in texts}
    return LawStatus(
        basis(view),
        authority.id if authority else None,
        {t: d if d is not None and d <= day else None for t, d in since.items()},
        {t: _waiting_on(view, t, day) for t in texts},
        tuple(f for f in view.law_facts if f.day <= day),
    )


def _waiting_on(view: ReplayView, text: str, day: dt.date) -> tuple[str, ...]:
    found = adopted(view, text)
    if found is None:
        return ()
    done = {f.municipality for f in facts(view, "council", found.act, text) if f.day <= day}
    return tuple(m for m in found.participants if m not in done)


def check_in_force(view: ReplayView, day: dt.date) -> None:
    """No power is exercised under a statute whose adoption is on record but
    which has not taken effect: approved, or notified where the law exempts it."""
    if not started(view):
        return
    since = in_force_since(view, FOUNDING)
    if since is not None and since <= day:
        return
    waiting = waiting_councils(view, FOUNDING)
    duty = duty_rule(view, Act.STATUTE, day)[0]
    if waiting:
        message = _(
            "the statute is not in force on {day}: the kommunalbestyrelse of {waiting} "
            "has not decided; no power is held under it",
            day=shown_day(day),
            waiting=", ".join(waiting),
        )
    elif duty is Duty.APPROVAL:
        message = _(
            "the statute is not in force on {day}: the supervisory authority's approval "
            "is not recorded; no power is held under it",
            day=shown_day(day),
        )
    else:
        message = _(
            "the statute is not in force on {day}: the supervisory authority's {duty} "
            "is not recorded; no power is held under it",
            day=shown_day(day),
            duty=duty.value,
        )
    raise RuleViolation("statute-not-in-force", message, cite(view, Act.STATUTE, day))


def founder(view: ReplayView, municipality: str, day: dt.date) -> bool:
    """A participant of the founding text, in force on ``day``: its admission is
    the statute's own (decided and approved with it)."""
    found = adopted(view, FOUNDING)
    since = in_force_since(view, FOUNDING)
    return (
        found is not None
        and municipality in found.participants
        and since is not None
        and since <= day
    )


def check_transition(
    view: ReplayView, compiled: Compiled, transition: Transition, subject: Subject, event: Event
) -> None:
    """A transition that hands over competence needs the member's kommunalbestyrelse's
    decision; one the law makes subject to approval or notification needs it on
    record first (admission, withdrawal, dissolution)."""
    if not started(view):
        return
    rules, kind, day = view.rules, compiled.kind, event.date
    before = view.state(kind, subject, day) or compiled.lifecycle.initial
    entering = rules.has(kind, transition.dest, Meaning.MEMBER)
    if kind is _KINDS.MEMBERSHIP and entering and not rules.has(kind, before, Meaning.MEMBER):
        municipality = str(subject)
        if founder(view, municipality, day):
            return
        _need_council(view, municipality, Act.ADMISSION, municipality, day)
        _need_duty(view, Act.ADMISSION, municipality, day)
    elif kind is _KINDS.MEMBERSHIP and rules.has(kind, transition.dest, Meaning.WITHDRAWN):
        _need_duty(view, Act.WITHDRAWAL, str(subject), day)
    elif kind is _KINDS.PARTICIPATION and rules.has(kind, transition.dest, Meaning.JOINED):
        assert isinstance(subject, tuple)
        _need_council(view, subject[0], Act.PHASE, subject[1], day)
    elif kind is _KINDS.ASSOCIATION and rules.states[(kind, transition.dest)].final:
        if event.actor not in law_actors():  # the authority's own act needs no approval
            _need_duty(view, Act.DISSOLUTION, "association", day)
    elif kind is _KINDS.ASSOCIATION and rules.has(kind, transition.dest, Meaning.FOUNDED):
        check_in_force(view, day)  # the association is founded under a statute in force


def _need_council(
    view: ReplayView, municipality: str, act: Act, subject: str, day: dt.date
) -> None:
    base = basis(view)
    rule = law().council_rule(base, act, day) if base is not None else None
    if rule is None or council_decided(view, municipality, act.value, subject):
        return
    if act is Act.PHASE:
        message = _(
            "{municipality} hands over competence (the phase {phase}) only on its "
            "kommunalbestyrelse's decision; none is recorded "
            "(kommunalbestyrelse-decision, matter: {matter})",
            municipality=municipality,
            phase=subject,
            matter=act.value,
        )
    elif act is Act.ADMISSION:
        message = _(
            "{municipality} hands over competence (admission) only on its "
            "kommunalbestyrelse's decision; none is recorded "
            "(kommunalbestyrelse-decision, matter: {matter})",
            municipality=municipality,
            matter=act.value,
        )
    else:
        message = _(
            "{municipality} hands over competence ({matter}) only on its "
            "kommunalbestyrelse's decision; none is recorded "
            "(kommunalbestyrelse-decision, matter: {matter})",
            municipality=municipality,
            matter=act.value,
        )
    raise RuleViolation("council-decision", message, rule.provision)


def _need_duty(view: ReplayView, act: Act, subject: str, day: dt.date) -> None:
    duty, rule = duty_rule(view, act, day)
    if rule is None or duty is Duty.NONE:
        return
    kind = "approved" if duty is Duty.APPROVAL else "notified"
    if facts(view, kind, act.value, subject):
        return
    fields = {"act": the_act(act), "subject": subject, "matter": act.value}
    if duty is Duty.APPROVAL:
        message = _(
            "{act} of {subject} takes effect only with the supervisory authority's approval "
            "on record (approve, matter: {matter})",
            **fields,
        )
    else:
        message = _(
            "{act} of {subject} takes effect only with a notification to the supervisory "
            "authority on record (notify, matter: {matter})",
            **fields,
        )
    raise RuleViolation(f"{duty.value}-required", message, rule.provision)
