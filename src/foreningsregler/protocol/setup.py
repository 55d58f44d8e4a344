"""Bodies set up by decision: set up, dissolved, given a coordinator, and held
to their limits.

A body whose statute entry has ``set_up_by`` exists only from the day the
creating body sets it up (``set-up-body``, a decision of that body under the
power the statute names) until the day it dissolves it (``dissolve-body``).
Before and after, every act of it, and every election to it, is refused
(``not-set-up``). While it exists, each of its acts stays within its
``limits``: the area and product it is set up for, and its budget ceiling,
counted over all its acts since it was set up.
"""

from __future__ import annotations

import datetime as dt

from ..authority.answers import SetUp
from ..i18n import N_, _
from ..statute.model import Body, Limits
from ._shown import shown_amount, shown_day
from .changes import DissolveBody, Effect, SetCoordinator, SetUpBody, Spend
from .facts import text
from .instances import check_template_named, instance_required, nearest, new_instance
from .ledger import Event
from .participants import setup_phase
from .procedure import check_power, decision
from .reading import ReplayView
from .state import RuleViolation

SET_UP, DISSOLVE, COORDINATOR = "set-up-body", "dissolve-body", "appoint-coordinator"
#: Events about a body's seats and meetings: they name the body, which must exist.
_SEAT_EVENTS = frozenset({"elect", "vacate", "choose-chair"})
#: Events that are no act under the body's powers: its limits do not apply.
_NOT_LIMITED = frozenset({"hold-meeting", *_SEAT_EVENTS, SET_UP, DISSOLVE, COORDINATOR})

Effects = tuple[Effect, ...]
#: An act outside the area or product a body is set up for: (a wrong value, none named).
_OUTSIDE = {
    "area": (
        N_("{actor} acts only for the area {allowed}: not {value}"),
        N_("{actor} acts only for the area {allowed}: name it (area)"),
    ),
    "product": (
        N_("{actor} acts only for the product {allowed}: not {value}"),
        N_("{actor} acts only for the product {allowed}: name it (product)"),
    ),
}


def _set_up_body(replay: ReplayView, event: Event, template: bool = False) -> Body:
    """The body ``data.body`` names, which the statute sets up by decision: an
    instance of a template of several, or (``template``, to set one up) the
    template itself."""
    ref = text(event.data, "body")
    body = replay.body(ref)
    if body is not None and body.many and not template:
        raise instance_required(body, f"'{event.kind}'")
    if body is None:
        ids = ", ".join(b.id for b in replay.rules.statute.instances(ref))
        message = _("{body} is defined per area: name one of {bodies}", body=ref, bodies=ids)
        raise RuleViolation("unknown-body", message, None)
    if body.set_up_by is None:
        message = _("{body} is not set up by decision: the statute itself sets it up", body=body.id)
        raise RuleViolation("not-set-up-by-decision", message, body.provision)
    return body


def _by_creator(replay: ReplayView, event: Event, body: Body) -> Effects:
    """The creating body's decision under the power the statute names."""
    made = body.set_up_by
    assert made is not None
    if event.actor not in {b.id for b in replay.rules.statute.instances(made.body)}:
        message = _(
            "{body} is set up and dissolved by {creator}, not {actor}",
            body=body.id,
            creator=made.body,
            actor=event.actor,
        )
        raise RuleViolation("actor", message, made.provision)
    power = replay.rules.statute.power(made.power)
    check_power(replay, event, power)
    creator = replay.body(event.actor)
    assert creator is not None
    return decision(replay, creator, power, event, must_pass=True, about=("body", body.id))


def _exists(replay: ReplayView, body: Body, day: dt.date) -> SetUp | None:
    record = replay.existing(body.id, day)
    return record if record is not None and record.dissolved is None else None


def set_up_body(replay: ReplayView, event: Event) -> Effects:
    """``set-up-body``: the creating body sets ``body`` up, under an optional
    ``name``; a template of several makes the instance ``body/instance``."""
    template = _set_up_body(replay, event, template=True)
    body = new_instance(replay, template, event)
    effects = _by_creator(replay, event, body)
    current = _exists(replay, body, event.date)
    made = body.set_up_by
    assert made is not None
    if current is not None:
        message = _(
            "{body} is set up since {day}; dissolve it first",
            body=body.id,
            day=shown_day(current.since),
        )
        raise RuleViolation("already-set-up", message, made.provision)
    name = event.data.get("name")
    if name is not None and (not isinstance(name, str) or not name):
        raise RuleViolation("bad-data", _("'name' names the body set up: non-empty text"), None)
    phase = setup_phase(replay, body, event)
    budget = _decided_budget(body, event)
    record = SetUp(body.id, event.date, name, phase=phase, budget_kr=budget)
    return (*effects, SetUpBody(record))


def _decided_budget(body: Body, event: Event) -> int | None:
    """The budget a set-up decides (``budget_kr``) where the statute leaves it to
    the decision (``limits.budget_by_decision``), within ``limits.budget_kr``."""
    limits = body.limits
    if limits is None or not limits.budget_by_decision:
        return None
    amount = event.data.get("budget_kr")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        message = _(
            "the set-up of {body} decides its budget: budget_kr, whole kroner", body=body.id
        )
        raise RuleViolation("limit-budget", message, limits.provision)
    if limits.budget_kr is not None and amount > limits.budget_kr:
        message = _(
            "a budget of {amount} kr. exceeds the most {most} kr. it may have",
            amount=shown_amount(amount),
            most=shown_amount(limits.budget_kr),
        )
        raise RuleViolation("limit-budget", message, limits.provision)
    return amount


def dissolve_body(replay: ReplayView, event: Event) -> Effects:
    """``dissolve-body``: the creating body dissolves ``body``, which must exist."""
    body = _set_up_body(replay, event)
    effects = _by_creator(replay, event, body)
    if _exists(replay, body, event.date) is None:
        raise _absent(replay, body, event.date, _("nothing to dissolve"))
    return (*effects, DissolveBody(body.id))


def appoint_coordinator(replay: ReplayView, event: Event) -> Effects:
    """``appoint-coordinator``: the body the statute names appoints ``person`` to
    coordinate ``body``, while it exists."""
    body = _set_up_body(replay, event)
    coordinator = body.coordinator
    if coordinator is None:
        message = _("the statute gives {body} no coordinator", body=body.id)
        raise RuleViolation(
            "no-coordinator", message, body.set_up_by.provision if body.set_up_by else None
        )
    appointers = {b.id for b in replay.rules.statute.instances(coordinator.appointed_by)}
    if event.actor not in appointers:
        by = coordinator.appointed_by
        message = _(
            "the coordinator of {body} is appointed by {by}, not {actor}",
            body=body.id,
            by=by,
            actor=event.actor,
        )
        raise RuleViolation("actor", message, coordinator.provision)
    person = text(event.data, "person")
    if _exists(replay, body, event.date) is None:
        raise _absent(replay, body, event.date, _("it has no coordinator"))
    appointer = replay.body(event.actor)
    assert appointer is not None
    effects = decision(replay, appointer, None, event, must_pass=True)
    return (*effects, SetCoordinator(body.id, person))


def _absent(replay: ReplayView, body: Body, day: dt.date, then: str) -> RuleViolation:
    made = body.set_up_by
    assert made is not None
    record = replay.existing(body.id, day)
    hint = ""
    if record is None:
        why = _(
            "{body} has not been set up by {creator} on {day}",
            body=body.id,
            creator=made.body,
            day=shown_day(day),
        )
        hint = nearest(replay, body)
    else:
        why = _(
            "{body} was dissolved by {creator} on {day}",
            body=body.id,
            creator=made.body,
            day=shown_day(record.dissolved),
        )
    return RuleViolation("not-set-up", f"{why}: {then}{hint}", made.provision)


def check_set_up(replay: ReplayView, event: Event) -> Effects:
    """Every event: a body set up by decision acts, and is elected to, only while
    it exists; its acts stay within its limits. The budget the act spends."""
    rules = replay.rules
    if not rules.set_up_bodies:
        return ()
    if event.kind not in _SEAT_EVENTS and rules.set_up_body(event.actor) is None:
        return ()  # no set-up body acts or is named
    named = event.data.get("body") if event.kind in _SEAT_EVENTS else None
    check_template_named(replay, event, (event.actor, named))
    for ref in (event.actor, named):
        body = rules.set_up_body(ref)
        if body is not None and _exists(replay, body, event.date) is None:
            then = _("it cannot {event} or be acted on", event=event.kind)
            raise _absent(replay, body, event.date, then)
    actor = rules.set_up_body(event.actor)
    limits = actor.limits if actor is not None else None
    if actor is None or limits is None or event.kind in _NOT_LIMITED:
        return ()
    _check_named(limits, event, "area", limits.area)
    _check_named(limits, event, "product", limits.product)
    record = _exists(replay, actor, event.date)
    decided = record.budget_kr if record is not None else None
    return _check_budget(replay, actor, limits, event, decided)


def _check_named(limits: Limits, event: Event, key: str, allowed: str | None) -> None:
    if allowed is None:
        return
    value = event.data.get(key)
    if value == allowed:
        return
    wrong, unnamed = _OUTSIDE[key]
    message = _(
        wrong if value is not None else unnamed,
        actor=event.actor,
        allowed=allowed,
        value=repr(value),
    )
    raise RuleViolation(f"limit-{key}", message, limits.provision)


def _check_budget(
    replay: ReplayView, body: Body, limits: Limits, event: Event, decided: int | None
) -> Effects:
    """An act names what it spends (``amount_kr``, whole kroner, 0 for nothing);
    all its acts since it was set up stay within the ceiling: the one its
    set-up decided, else the statute's."""
    ceiling = decided if limits.budget_by_decision else limits.budget_kr
    if ceiling is None:
        return ()
    amount = event.data.get("amount_kr")
    if amount is None:
        message = _(
            "{body} has a budget of {ceiling} kr.: name what the act spends (amount_kr)",
            body=body.id,
            ceiling=shown_amount(ceiling),
        )
        raise RuleViolation("limit-budget", message, limits.provision)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        message = _("amount_kr is whole kroner, not {value}", value=repr(amount))
        raise RuleViolation("bad-data", message, None)
    spent = replay.spent.get(body.id, 0)
    if spent + amount > ceiling:
        message = _(
            "{body} has spent {spent} kr. of its budget of {ceiling} kr.; "
            "{amount} kr. more exceeds it",
            body=body.id,
            spent=shown_amount(spent),
            ceiling=shown_amount(ceiling),
            amount=shown_amount(amount),
        )
        raise RuleViolation("limit-budget", message, limits.provision)
    return (Spend(body.id, amount),) if amount else ()
