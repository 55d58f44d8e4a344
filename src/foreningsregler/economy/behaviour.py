"""A scenario's decision flows: how members behave, when bodies meet, what is proposed.

The ``flows`` key of a scenario (docs/simulation.md) is read here into a
``FlowPlan``; ``simulation.load_scenario`` calls ``read_flows`` so that its
problems are reported with the scenario's others, each at its place. The kinds
of decision are the statute's own: every power a body decides by a vote, named
by its id (``decision_kinds``), not a list fixed here.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ..authority.answers import did_you_mean
from ..i18n import N_, _
from ..statute.loading import load
from ..statute.model import Body, LifecycleKind, Power, Statute, Transition
from ..statute.names import normalise_name
from ..statute.problems import StatuteError

#: A problem of the scenario: its code, its message and where it is.
Where = tuple[str | int, ...]
Problem = Callable[[str, str, Where], None]

#: Lifecycles whose records a proposal makes afresh (a new phase, a new proposal):
#: a decision of their kind starts from the initial state. The others act on a
#: member or the association itself, which a flow of proposals does not model.
FRESH = {LifecycleKind.PHASE: "phase", LifecycleKind.DECISION: "proposal"}

_UNKNOWN_KIND = N_("{kind} is not a kind of decision of the statute{hint}")
_NOT_VOTED = N_(
    "{kind} is not decided by a vote of a body ({why}); the flows simulate the "
    "decisions a body takes by its voting rule"
)


@attrs.frozen
class Behaviour:
    """How a member behaves at meetings: the chance it attends, and of voting yes
    on each kind of decision (``yes`` by kind, else ``default_yes``)."""

    attends: float = 1.0
    default_yes: float = 1.0
    yes: tuple[tuple[str, float], ...] = ()

    def votes_yes(self, kind: str) -> float:
        return dict(self.yes).get(kind, self.default_yes)


@attrs.frozen
class Calendar:
    """When a body meets: in the given months (on ``day``), every ``every_weeks``
    weeks from the founding, and, with ``ad_hoc``, whenever a matter is ready."""

    body: str
    months: tuple[int, ...] = ()
    day: int = 1
    every_weeks: int | None = None
    ad_hoc: bool = False


@attrs.frozen
class ProposalPlan:
    """How often a kind of decision is proposed: ``per_year`` on average (a Poisson
    process), decided by ``body`` (its holder by default)."""

    kind: str
    per_year: float
    body: str | None = None


@attrs.frozen
class FlowPlan:
    proposals: tuple[ProposalPlan, ...]
    default: Behaviour = Behaviour()
    members: tuple[tuple[str, Behaviour], ...] = ()
    calendars: tuple[Calendar, ...] = ()
    retries: int = 1

    def behaviour(self, member: str | None) -> Behaviour:
        return dict(self.members).get(member or "", self.default)

    def calendar(self, body: str) -> Calendar | None:
        return next((c for c in self.calendars if c.body == body), None)


@attrs.frozen
class DecisionKind:
    """A kind of decision: a power, the body that decides it, and how it is
    recorded: by ``exercise``, or through the transitions of a lifecycle whose
    records each proposal makes afresh (``path``, from its initial state)."""

    id: str
    body: str
    path: tuple[Transition, ...] = ()
    record_key: str | None = None


def decision_kinds(statute: Statute) -> dict[str, DecisionKind]:
    """Every kind of decision of ``statute``: each power some body decides by a vote."""
    return {
        power.id: kind
        for power in statute.powers
        if isinstance(kind := _kind(statute, power, None), DecisionKind)
    }


def kind_of(statute: Statute, kind: str, body: str | None = None) -> DecisionKind | str:
    """The kind of decision ``kind`` names (decided by ``body``), or why there is none."""
    try:
        power = statute.power(kind)
    except KeyError:
        return _(_UNKNOWN_KIND, kind=kind, hint=did_you_mean(kind, decision_kinds(statute)))
    return _kind(statute, power, body)


def _kind(statute: Statute, power: Power, by: str | None) -> DecisionKind | str:
    transition, lifecycle = _transition_of(statute, power.id)
    holder = by or (transition.actor if transition is not None else None)
    holder = holder or (power.holders[0] if power.holders else None)
    body = _body(statute, holder)
    if body is None:
        return _(_NOT_VOTED, kind=power.id, why=_("no single body holds it"))
    if body.interim:
        return _(_NOT_VOTED, kind=power.id, why=_("{body} is interim", body=body.id))
    if statute.deciding_rule(body, power) is None:
        return _(_NOT_VOTED, kind=power.id, why=_("{body} acts alone", body=body.id))
    if transition is None or lifecycle is None:
        return DecisionKind(power.id, body.id)
    key = FRESH.get(lifecycle.kind)
    path = _path(lifecycle.initial, transition, lifecycle.transitions)
    if key is None or path is None:
        why = _("it changes a record of {lifecycle}", lifecycle=lifecycle.id)
        return _(_NOT_VOTED, kind=power.id, why=why)
    return DecisionKind(power.id, body.id, path, key)


def _transition_of(statute: Statute, power: str) -> tuple[Transition | None, Any]:
    for lifecycle in statute.lifecycles:
        for transition in lifecycle.transitions:
            if transition.power == power and transition.trigger is not None:
                return transition, lifecycle
    return None, None


def _path(
    initial: str, goal: Transition, transitions: tuple[Transition, ...]
) -> tuple[Transition, ...] | None:
    """The shortest run of triggered transitions from ``initial`` through ``goal``."""
    paths: dict[str, tuple[Transition, ...]] = {initial: ()}
    frontier = [initial]
    while frontier:
        state = frontier.pop(0)
        if state in goal.sources:
            return (*paths[state], goal)
        for step in transitions:
            if step.trigger and state in step.sources and step.dest not in paths:
                paths[step.dest] = (*paths[state], step)
                frontier.append(step.dest)
    return None


def _body(statute: Statute, ref: str | None) -> Body | None:
    found = statute.instances(ref) if ref else ()
    return found[0] if found else None


# --- Reading the scenario's keys -------------------------------------------------------


def read_flows(
    scenario: Mapping[str, Any], problem: Problem, municipalities: Iterable[Any], path: str
) -> FlowPlan | None:
    """The ``flows`` of the scenario at ``path`` (valid by its schema), checked
    against its ``municipalities`` and, where it loads, its statute; each problem
    reported."""
    data = scenario.get("flows")
    if data is None:
        return None
    statute = statute_at(path, scenario)
    members = frozenset(m.name for m in municipalities)
    default = _behaviour(data, Behaviour())
    kinds = decision_kinds(statute) if statute is not None else {}
    at = ("flows",)
    for index, spec in enumerate(data.get("proposals", ())):
        _check_kind(spec["kind"], spec.get("body"), statute, problem, (*at, "proposals", index))
    _check_yes(data, statute, kinds, problem, at)
    behaviours: list[tuple[str, Behaviour]] = []
    for index, spec in enumerate(data.get("members", ())):
        where = (*at, "members", index)
        name = normalise_name(spec["name"])
        if name in dict(behaviours):
            problem("E803", _("{name} is named twice", name=name), (*where, "name"))
        elif name not in members:
            message = _(
                "{name} is not a municipality of the scenario{hint}",
                name=name,
                hint=did_you_mean(name, members),
            )
            problem("E806", message, (*where, "name"))
        _check_yes(spec, statute, kinds, problem, where)
        behaviours.append((name, _behaviour(spec, default)))
    calendars: list[Calendar] = []
    for index, spec in enumerate(data.get("calendars", ())):
        where = (*at, "calendars", index)
        calendars.append(_calendar(spec, statute, calendars, problem, where))
    proposals = tuple(
        ProposalPlan(p["kind"], float(p["per_year"]), p.get("body"))
        for p in data.get("proposals", ())
    )
    retries = int(data.get("retries", 1))
    return FlowPlan(proposals, default, tuple(behaviours), tuple(calendars), retries)


def _behaviour(spec: Mapping[str, Any], default: Behaviour) -> Behaviour:
    yes = spec.get("votes_yes")
    if yes is None:
        return Behaviour(spec.get("attends", default.attends), default.default_yes, default.yes)
    if isinstance(yes, dict):
        given = {k: float(v) for k, v in yes.items() if k != "default"}
        merged = {**dict(default.yes), **given}
        fallback = float(yes.get("default", default.default_yes))
        return Behaviour(
            spec.get("attends", default.attends), fallback, tuple(sorted(merged.items()))
        )
    return Behaviour(spec.get("attends", default.attends), float(yes), default.yes)


def _check_kind(
    kind: str, body: str | None, statute: Statute | None, problem: Problem, where: Where
) -> None:
    if statute is None:
        return
    if body is not None and _body(statute, body) is None:
        hint = did_you_mean(body, [b.id for b in statute.bodies])
        problem(
            "E807",
            _("{body} is not a body of the statute{hint}", body=body, hint=hint),
            (*where, "body"),
        )
        return
    found = kind_of(statute, kind, body)
    if isinstance(found, str):
        problem("E808", found, (*where, "kind"))


def _check_yes(
    spec: Mapping[str, Any],
    statute: Statute | None,
    kinds: Mapping[str, DecisionKind],
    problem: Problem,
    where: Where,
) -> None:
    yes = spec.get("votes_yes")
    if statute is None or not isinstance(yes, dict):
        return
    for kind in yes:
        if kind != "default" and kind not in kinds:
            found = kind_of(statute, kind)
            message = found if isinstance(found, str) else kind
            problem("E808", message, (*where, "votes_yes", kind))


def _calendar(
    spec: Mapping[str, Any],
    statute: Statute | None,
    before: list[Calendar],
    problem: Problem,
    where: Where,
) -> Calendar:
    calendar = Calendar(
        spec["body"],
        tuple(spec.get("months", ())),
        spec.get("day", 1),
        spec.get("every_weeks"),
        spec.get("ad_hoc", False),
    )
    if statute is not None and _body(statute, calendar.body) is None:
        hint = did_you_mean(calendar.body, [b.id for b in statute.bodies])
        message = _("{body} is not a body of the statute{hint}", body=calendar.body, hint=hint)
        problem("E807", message, (*where, "body"))
    elif any(c.body == calendar.body for c in before):
        problem(
            "E809", _("the calendar of {body} is given twice", body=calendar.body), (*where, "body")
        )
    elif not (calendar.months or calendar.every_weeks or calendar.ad_hoc):
        message = _(
            "{body} would never meet: give months, every_weeks or ad_hoc: true",
            body=calendar.body,
        )
        problem("E809", message, (*where, "body"))
    return calendar


def meeting_days(calendar: Calendar, founding: dt.date, after: dt.date) -> dt.date | None:
    """The first day on or after ``after`` that ``calendar`` holds an ordinary meeting."""
    found: list[dt.date] = []
    for year in (after.year, after.year + 1):
        for month in calendar.months:
            day = dt.date(year, month, min(calendar.day, 28))
            if day >= after:
                found.append(day)
    if calendar.every_weeks:
        step = 7 * calendar.every_weeks
        gap = max((after - founding).days, 0)
        found.append(founding + dt.timedelta(days=-(-gap // step) * step))
    return min(found) if found else None


def statute_at(scenario: str, data: Mapping[str, Any]) -> Statute | None:
    """The statute the scenario at ``scenario`` names, to check its flows against;
    None where it cannot be loaded (loading it to simulate then says why)."""
    path = os.fspath(Path(scenario).parent / data["statute"])
    try:
        facts = os.stat(path)
    except OSError:
        return None
    return _statute(path, facts.st_mtime_ns, facts.st_size)


@functools.lru_cache(maxsize=8)
def _statute(path: str, _mtime: int, _size: int) -> Statute | None:
    try:
        return load(path)
    except StatuteError:
        return None
