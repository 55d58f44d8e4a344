"""Decision flows: proposals passed through the statute's own procedure.

A run founds the scenario's association (``stories.found``), then lets
proposals of each kind of decision arise at random (``FlowPlan.proposals``, a
Poisson process per kind). Each proposal is a sequence of steps read from the
statute: the recommendations, proposals, consultations and agreements its
power requires (each by the body that gives it, under its own power where it
has one), then the decision, or, for a power used through a lifecycle whose
records a proposal makes afresh (a phase), each transition from the initial
state. A step is taken at its body's next meeting (``Calendar``), where the
members attend and vote as their ``Behaviour`` draws; the ``Clerk`` records
the step and the ``Association`` judges it: quorum, majority, the priors, the
notice. Outcomes and their statistics are in ``flow_results``.

Assumptions the sources do not settle (``ASSUMPTIONS``, shown with every
result) are the simulation's, not the statute's.
"""

from __future__ import annotations

import datetime as dt
import heapq
import os
import random
from typing import Any

import attrs

from ..errors import expect
from ..i18n import N_, _
from ..protocol.association import Association
from ..protocol.built_in import PRIOR_EVENTS
from ..protocol.changes import Matter
from ..protocol.procedure import FILLED_BY_OTHERS
from ..protocol.state import RuleViolation
from ..statute.model import Body, Power, Requirement, Statute, TieBreak
from .behaviour import Calendar, DecisionKind, FlowPlan, kind_of, meeting_days
from .events import Clerk
from .flow_results import Flows, Outcome, Reason
from .money import EconomyError
from .scratch import ScratchLedger
from .simulation import Scenario, _check_run, _rules, load_scenario
from .stories import assembly_day, found, hold_ordinary_assembly

PRIOR_EVENT = {kind: name for name, kind in PRIOR_EVENTS.items()}

#: What the sources do not settle, and the simulation assumes (shown in its output).
ASSUMPTIONS = (
    N_(
        "a matter reaches a body's meeting once it is ready and the meeting's notice "
        "can still be given after it (the call goes out when the matter is ready); "
        "each step is taken on a later day than the one before"
    ),
    N_(
        "a body without a calendar in the scenario meets whenever a matter is ready "
        "(after its notice), as a body with ad_hoc: true may"
    ),
    N_(
        "a proposal that finds its body inquorate is put to the body's next meeting "
        "again, up to the scenario's retries (default 1); one voted down, or refused, "
        "is not put again"
    ),
    N_(
        "a proposal whose recommendation, proposal, consultation or agreement fails "
        "goes no further: the decision cannot be made without it"
    ),
    N_(
        "proposals of one kind are taken one at a time, in the order they arise; "
        "one still open when the scenario's years end is counted as open"
    ),
    N_(
        "each member attends and votes on its own chance; no one abstains; a tie "
        "under a rule where the chair decides is decided by the chosen chair's own "
        "draw (where no chair is chosen, the tie stands); a proposed phase runs in "
        "the second calendar year after it is proposed; "
        "elections and chairs are chosen by all present, as in a plain run"
    ),
    N_(
        "the founders are members throughout: the flows simulate no joining, "
        "notice or exclusion; the general assembly holds its ordinary meetings on "
        "its calendar (else once a year, as in a plain run), where it renews the "
        "seats it fills"
    ),
)


@attrs.frozen
class Step:
    """One act of a proposal: by ``body`` at its meeting, voting on ``kind``."""

    body: str
    what: str
    kind: str
    requirement: Requirement | None = None
    power: str | None = None  # the power the step's act is under, or needs the prior for


class FlowClerk(Clerk):
    """The clerk, whose members vote as they behave on the decision at hand."""

    def __init__(self, association: Association, plan: FlowPlan, rng: random.Random, **kw: Any):
        super().__init__(association, **kw)
        self.plan, self.rng = plan, rng
        self.ballot: tuple[str, str] | None = None  # (body, kind) of the vote at hand

    def vote(self, body: Body, day: dt.date) -> dict[str, Any]:
        if self.ballot is None or self.ballot[0] != body.id:
            return super().vote(body, day)
        kind = self.ballot[1]
        present = yes = 0
        for member in self.voters(body, day):
            behaviour = self.plan.behaviour(member)
            if self.rng.random() < behaviour.attends:
                present += 1
                yes += self.rng.random() < behaviour.votes_yes(kind)
        vote: dict[str, Any] = {"present": present, "yes": yes, "no": present - yes}
        rule = self.statute.deciding_rule(body, self._power(kind))
        chair = self.chair_member(body, day)
        tie = yes == present - yes > 0
        if rule is not None and rule.tie_break is TieBreak.CHAIR and tie and chair is not None:
            chance = self.plan.behaviour(chair).votes_yes(kind)
            vote["chair"] = "yes" if self.rng.random() < chance else "no"
        return vote

    def _power(self, kind: str) -> Power | None:
        """The power a kind of decision names (every kind is one)."""
        return next((p for p in self.statute.powers if p.id == kind), None)

    def voters(self, body: Body, day: dt.date) -> list[str | None]:
        """The members whose people sit in ``body`` on ``day`` (None: a seat for no member)."""
        if body.size is None:
            named: list[str | None] = [*sorted(self.state(day).members)]
            return named
        if body.filled_by.method in FILLED_BY_OTHERS:
            return sorted((m for m, _ in self._seated(body, day).values()), key=str)
        return [None] * body.size

    def chair_member(self, body: Body, day: dt.date) -> str | None:
        person = self._chairs.get(body.id)
        held = self._seated(body, day).get(person or "")
        return held[0] if held else None


def steps(statute: Statute, kind: DecisionKind) -> tuple[Step, ...]:
    """The acts one proposal of ``kind`` needs, in order."""
    body = statute.body(kind.body)
    if not kind.path:
        power = statute.power(kind.id)
        return (
            *_priors(statute, power, body, set()),
            Step(body.id, "exercise", kind.id, None, kind.id),
        )
    found: list[Step] = []
    made: set[str] = set()
    for transition in kind.path:
        actor = _actor(statute, transition.actor) or body
        assert transition.trigger is not None
        if transition.power is not None:
            found += _priors(statute, statute.power(transition.power), actor, made)
            made.add(transition.power)
        found.append(
            Step(actor.id, transition.trigger, transition.power or kind.id, None, transition.power)
        )
    return tuple(found)


def _priors(
    statute: Statute, power: Power, body: Body, made: set[str], depth: int = 0
) -> list[Step]:
    """The steps that make what ``power`` requires, those under the powers first;
    not those an earlier act of the proposal makes by itself (``made``)."""
    found: list[Step] = []
    for requirement in power.requires:
        if requirement.power is not None and requirement.power in made:
            continue
        givers = statute.instances(requirement.from_body)
        own = [b for b in givers if b.area == body.area and body.area is not None]
        giver = (own or list(givers))[0]
        if requirement.power is not None and depth < 8:
            found += _priors(statute, statute.power(requirement.power), giver, made, depth + 1)
        kind = requirement.power or power.id
        found.append(Step(giver.id, requirement.kind.value, kind, requirement, power.id))
    return found


def _actor(statute: Statute, ref: str | None) -> Body | None:
    found = statute.instances(ref) if ref else ()
    return found[0] if found else None


# --- A run ------------------------------------------------------------------------------


@attrs.frozen
class _Open:
    """A proposal under way: its kind, number, day and the step it is at."""

    kind: str
    number: int
    proposed: dt.date
    steps: tuple[Step, ...]
    at: int = 0
    tries: int = 0


def simulate_flows(
    statute: Statute, scenario: Scenario | str | os.PathLike[str], seed: int = 0
) -> Flows:
    """One run of a scenario's decision flows (its ``flows`` key) through ``statute``
    (which may be another than the one the scenario names, to compare them):
    per proposal its outcome, per kind of decision ``summary()``, as a table
    ``to_pandas()``. ``scenario`` is a ``Scenario`` or the path of its file.

    >>> import foreningsregler as fr
    >>> statute = fr.load(fr.bundled("digitaliseringsforeningen"))
    >>> flows = fr.simulate_flows(statute, "examples/k14.flows.yaml", seed=1)
    >>> print(sorted(flows.summary())[0])
    fastsaet-kontingent
    """
    scenario = as_scenario(scenario)
    _check_run(statute, scenario, seed)
    plan = _plan(scenario)
    kinds = {p.kind: _kind(statute, p.kind, p.body) for p in plan.proposals}
    return _Runner(statute, scenario, plan, kinds, seed).run()


def as_scenario(scenario: object) -> Scenario:
    """A scenario given as itself, or by the path of its file (read and checked)."""
    if isinstance(scenario, (str, os.PathLike)):
        return load_scenario(scenario)
    expect(scenario, Scenario, "scenario", N_("a Scenario (from load_scenario) or its path"))
    assert isinstance(scenario, Scenario)
    return scenario


def _plan(scenario: Scenario) -> FlowPlan:
    plan: FlowPlan | None = scenario.flows
    if plan is None:
        raise EconomyError(_("the scenario has no flows: give its flows key (docs/simulation.md)"))
    return plan


def _kind(statute: Statute, kind: str, body: str | None) -> DecisionKind:
    found = kind_of(statute, kind, body)
    if isinstance(found, str):  # a scenario checked against another statute
        raise EconomyError(found)
    return found


class _Runner:
    def __init__(
        self,
        statute: Statute,
        scenario: Scenario,
        plan: FlowPlan,
        kinds: dict[str, DecisionKind],
        seed: int,
    ) -> None:
        self.statute, self.scenario, self.plan, self.kinds = statute, scenario, plan, kinds
        rules = _rules(statute)
        association = Association(statute, ScratchLedger(()), rules=rules, planning=True)
        rank = {m.name: m.population for m in scenario.municipalities}
        # Votes draw from their own stream, so two statutes see the same proposals.
        # Every body a proposal's steps need is kept in office from the founding.
        keep = {step.body for kind in kinds.values() for step in steps(statute, kind)}
        votes = random.Random(f"{seed}:votes")
        self.clerk = FlowClerk(association, plan, votes, rules=rules, rank=rank, keep=keep)
        self.arrivals = random.Random(f"{seed}:proposals")
        self.seed = seed
        self.end = dt.date(scenario.founding.year + scenario.years, 12, 31)
        self.queue: list[tuple[dt.date, int, _Open | None]] = []
        self.waiting: dict[str, list[_Open]] = {}
        self.busy: set[str] = set()
        self.outcomes: list[Outcome] = []
        self._order = 0
        self.today = scenario.founding  # the day being recorded: nothing goes before it

    def run(self) -> Flows:
        found(self.clerk, [m.name for m in self.scenario.municipalities], self.scenario.founding)
        start = self.scenario.founding + dt.timedelta(days=2)  # after operation starts
        for plan in self.plan.proposals:
            kind = self.kinds[plan.kind]
            day, number = start, 0
            while plan.per_year > 0:
                day += dt.timedelta(
                    days=max(1, round(self.arrivals.expovariate(plan.per_year) * 365))
                )
                if day > self.end:
                    break
                number += 1
                self._push(day, _Open(kind.id, number, day, steps(self.statute, kind), -1))
        self._ordinary_assemblies()
        while self.queue:
            day, _order, proposal = heapq.heappop(self.queue)
            self.today = day
            if proposal is None:
                hold_ordinary_assembly(self.clerk, day)
            else:
                self._advance(proposal, day)
        for proposals in self.waiting.values():
            self.outcomes += (self._open(p) for p in proposals)
        ordered = sorted(self.outcomes, key=lambda o: (o.proposed, o.kind, o.number))
        return Flows(self.seed, tuple(ordered), tuple(_(a) for a in ASSUMPTIONS))

    def _ordinary_assemblies(self) -> None:
        """The general assembly's ordinary meetings, held whether or not a proposal
        is before them (they renew the seats it fills): on its calendar's days,
        else each year as in a plain run."""
        assembly = self.clerk.assembly
        if assembly is None:
            return
        calendar = self.plan.calendar(assembly.id)
        founding = self.scenario.founding
        for year in range(founding.year + 1, self.end.year + 1):
            if calendar is None or not calendar.months:
                self._push(assembly_day(self.statute, founding, dt.date(year + 1, 1, 1)), None)
                continue
            for month in calendar.months:
                self._push(dt.date(year, month, calendar.day), None)

    def _push(self, day: dt.date, proposal: _Open | None) -> None:
        self._order += 1
        heapq.heappush(self.queue, (day, self._order, proposal))

    def _advance(self, proposal: _Open, day: dt.date) -> None:
        if proposal.at < 0:  # it arises: it waits for the one before of its kind
            first = attrs.evolve(proposal, at=0)
            if proposal.kind in self.busy:
                self.waiting.setdefault(proposal.kind, []).append(first)
            else:
                self.busy.add(proposal.kind)
                self._schedule(first, day)
            return
        step = proposal.steps[proposal.at]
        done, refusal = self._take(proposal, step, day)
        if done:
            if proposal.at + 1 == len(proposal.steps):
                self._finish(Outcome.passed(proposal.kind, proposal.number, proposal.proposed, day))
            else:
                self._schedule(attrs.evolve(proposal, at=proposal.at + 1, tries=0), day)
            return
        reason = _reason(refusal)
        if reason is Reason.NO_QUORUM and proposal.tries < self.plan.retries:
            self._schedule(attrs.evolve(proposal, tries=proposal.tries + 1), day)
            return
        if step.requirement is not None:
            reason = Reason.NO_PRIOR
        required = step.requirement.provision if step.requirement is not None else None
        where = (proposal.kind, proposal.number, proposal.proposed)
        self._finish(Outcome.failed(where, (step.body, step.what, required), day, reason, refusal))

    def _take(self, proposal: _Open, step: Step, day: dt.date) -> tuple[bool, RuleViolation | None]:
        clerk = self.clerk
        body = self.statute.body(step.body)
        matter: Matter = None
        kind = self.kinds[proposal.kind]
        if kind.record_key is not None:
            matter = (kind.record_key, f"{proposal.kind}-{proposal.number}")
        before = len(clerk.refusals)
        calendar = self.plan.calendar(step.body)
        if self.statute.deciding_rule(body, None) is not None:
            extraordinary = calendar is None or not _ordinary(calendar, self.scenario.founding, day)
            clerk.meet(body.id, day, extraordinary=extraordinary and body.meetings is not None)
        clerk.ballot = (body.id, step.kind)
        try:
            if step.requirement is not None:
                assert step.power is not None
                power = self.statute.power(step.power)
                done = clerk.make_prior(step.requirement, power, body, day, matter)
            elif step.what == "exercise":
                done = clerk.exercise(body.id, step.kind, day)
            else:
                facts = _facts(kind, proposal, step, matter)
                done = clerk.act(step.what, day, body.id, **facts)
        finally:
            clerk.ballot = None
        refused = clerk.refusals[-1][1] if len(clerk.refusals) > before else None
        return done, refused

    def _schedule(self, proposal: _Open, ready: dt.date) -> None:
        step = proposal.steps[proposal.at]
        day = next_meeting(
            self.statute.body(step.body),
            self.plan.calendar(step.body),
            self.scenario.founding,
            ready,
        )
        if day is None or day > self.end:
            self._finish(self._open(proposal))
            return
        self._push(day, proposal)

    def _finish(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        waiting = self.waiting.get(outcome.kind)
        if waiting:
            following = waiting.pop(0)
            self._schedule(following, max(self.today, following.proposed))
        else:
            self.busy.discard(outcome.kind)

    def _open(self, proposal: _Open) -> Outcome:
        return Outcome(proposal.kind, proposal.number, proposal.proposed, None, Reason.OPEN)


def _facts(kind: DecisionKind, proposal: _Open, step: Step, matter: Matter) -> dict[str, Any]:
    """The facts of a transition: its record; a phase proposed with its period
    (the second calendar year after it is proposed: an assumption)."""
    facts: dict[str, Any] = {matter[0]: matter[1]} if matter is not None else {}
    if kind.record_key == "phase" and step.what == kind.path[0].trigger:
        year = proposal.proposed.year + 2
        facts.update(start=f"{year}-01-01", end=f"{year}-12-31", name=matter[1] if matter else "")
    return facts


def _ordinary(calendar: Calendar, founding: dt.date, day: dt.date) -> bool:
    return meeting_days(calendar, founding, day) == day


def next_meeting(
    body: Body, calendar: Calendar | None, founding: dt.date, ready: dt.date
) -> dt.date | None:
    """The day of ``body``'s first meeting that a matter ready on ``ready`` can reach:
    on its calendar, or ad hoc, after the notice from ``ready``."""
    meetings = body.meetings
    earliest = ready + dt.timedelta(days=1)
    notice = meetings.notice if meetings is not None else None
    ordinary = max(earliest, notice.duration.after(ready)) if notice is not None else earliest
    if calendar is None:
        return ordinary
    extra = meetings.extraordinary if meetings is not None else None
    ad_hoc = ordinary
    if extra is not None and extra.notice is not None:
        ad_hoc = max(earliest, extra.notice.after(ready))
    days = [d for d in (meeting_days(calendar, founding, ordinary),) if d is not None]
    if calendar.ad_hoc:
        days.append(ad_hoc)
    return min(days) if days else None


def _reason(refusal: RuleViolation | None) -> Reason:
    """Why a step failed, by the rule the protocol refused it under."""
    rule = refusal.rule if refusal is not None else ""
    if rule == "not-quorate":
        return Reason.NO_QUORUM
    if rule == "vote-failed":
        return Reason.VOTED_DOWN
    if rule.startswith("requires-"):
        return Reason.NO_PRIOR
    return Reason.REFUSED
