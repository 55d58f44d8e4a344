"""Replaying the protocol: stored states, and effective states on a day.

Acts of people (events) set a record's stored state; what follows from the
clock (a phase running between its start and end, a withdrawal taking effect
when the last joined phase has ended) is never stored but computed from the
stored states and the day. ``acts`` judges an event against this replay (read
only, through ``ReplayView``) and returns a ``Change``; ``Replay.apply`` makes
it, in one step, after every rule has passed.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Hashable, Iterable, MutableMapping, MutableSet

import attrs

from ..authority.answers import SetUp, Withheld
from ..statute.model import Body, LifecycleKind, ProvisionRef
from .attorney import revoked
from .changes import (
    AddLawFact,
    AddPending,
    AddPrior,
    AddSeat,
    AddTerm,
    AssignCategory,
    Change,
    DecisionMeta,
    DissolveBody,
    DraftDecision,
    Effect,
    GrantAttorney,
    HoldMeeting,
    LawFact,
    Pending,
    Period,
    Prior,
    RemoveSeat,
    RevokeAttorney,
    SetChair,
    SetCoordinator,
    SetPeriod,
    SetState,
    SetUpBody,
    Spend,
    Subject,
    UsePrior,
)
from .composition import officers_on
from .day_view import DayView
from .lifecycle import Clock, Compiled, Meaning
from .pool import POOL
from .rules import Rules
from .state import Category, Decision, Phase, Roll, Seat, State, Term, is_core

#: A body's seats on a day and the days after it they hold for (``Replay.seated``).
Span = tuple[dt.date, dt.date | None, tuple[Seat, ...]]
_CLOCK_STEPS = 16  # a record passes through at most this many clock states in a day
#: What a checkpoint leaves out: the shared rules, and caches rebuilt on demand.
_NOT_KEPT = frozenset({"rules", "_effective", "_rolls", "_seated", "_spans", "_views", "memo"})


# --- The replay ------------------------------------------------------------------

_NO_PERIOD: Period = (None, None, None)
#: Effects that may move a clock state (a meeting too, where exclusions lapse).
_MOVING = SetState | SetPeriod


class Replay:
    """The stored states of every record; effective states are computed per day."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.last: dt.date | None = None
        self.stored: dict[LifecycleKind, dict[Subject, str]] = {k: {} for k in LifecycleKind}
        self.since: dict[tuple[LifecycleKind, Subject], dt.date] = {}
        self.periods: dict[str, Period] = {}
        self.decision_meta: dict[str, DecisionMeta] = {}
        self.drafted: dict[str, dt.date] = {}  # the day each proposal was drafted
        self.meetings: MutableSet[tuple[str, dt.date]] = set()
        self.seats: dict[str, list[Seat]] = {}
        self.participation_of: dict[str, dict[str, str]] = {}
        self.declined: set[str] = set()  # municipalities that declined some phase
        self.chairs: dict[str, str] = {}  # body -> the person chosen to chair it
        self.meeting_chairs: MutableMapping[tuple[str, dt.date], str] = {}  # who led a meeting
        self.vice_chairs: dict[str, str] = {}  # body -> the person chosen vice-chair
        self.officers: dict[tuple[str, str], str] = {}  # (body, officer role) -> person
        self.chosen_on: dict[tuple[str, str], dt.date] = {}  # (body, role) -> day chosen
        self.extraordinary: MutableSet[tuple[str, dt.date]] = set()  # extraordinary meetings
        self.pending: set[Pending] = set()  # first votes awaiting the next meeting's
        self.priors: set[Prior] = set()  # recommendations, proposals, consultations made
        self.cited: dict[tuple[LifecycleKind, Subject], ProvisionRef | None] = {}
        self.admitted: dict[str, dt.date] = {}  # the day each record first meant member
        #: body -> each time it was set up by decision, in order (and dissolved).
        self.set_up: dict[str, list[SetUp]] = {}
        self.coordinators: dict[str, str] = {}  # set-up body -> its coordinator
        self.spent: dict[str, int] = {}  # set-up body -> kroner spent since set up
        self.categories: dict[str, Category] = {}  # member -> its band by decision
        self.law_facts: list[LawFact] = []  # the statute's own lifecycle under the law
        self.attorneys: list[GrantAttorney] = []  # powers of attorney (fuldmagter) granted
        self.terms: list[Term] = []  # classes, fees decided, core phases (memberx)
        # Effective states by (kind, subject, day) and rolls by day, valid until
        # the next change of a state or a period.
        self._effective: dict[tuple[LifecycleKind, Subject, dt.date], str | None] = {}
        self._rolls: dict[dt.date, Roll] = {}
        self._seated: dict[tuple[str, dt.date], tuple[Seat, ...]] = {}
        #: body -> (from, until, seats): the seats held on every day of
        #: [from, until), where no seat starts or ends by the clock (until:
        #: None before a later day asks).
        self._spans: dict[str, Span] = {}
        self._views: dict[dt.date, DayView] = {}
        #: What checks found of the state as it is (``ReplayView.memo``): valid
        #: until the next change of anything stored, whatever it is.
        self.memo: dict[Hashable, object] = {}

    def frozen(self, without: frozenset[str] = frozenset()) -> bytes:
        """The replay's state as bytes, but for the parts named ``without``
        (the caller keeps them otherwise): a checkpoint kept in this process
        only (never written to a file, so only bytes made here are thawed)."""
        kept = {k: v for k, v in vars(self).items() if k not in _NOT_KEPT | without}
        return pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def thawed(cls, rules: Rules, frozen: bytes) -> Replay:
        """The replay a checkpoint (``frozen``) holds, with the shared ``rules``."""
        replay = cls(rules)
        vars(replay).update(pickle.loads(frozen))
        return replay

    def participations(self, municipality: str) -> list[tuple[str, str]]:
        """(phase, stored state) of each participation record of a municipality."""
        return list(self.participation_of.get(municipality, {}).items())

    def store(
        self,
        kind: LifecycleKind,
        subject: Subject,
        state: str,
        day: dt.date,
        provision: ProvisionRef | None = None,
    ) -> None:
        """Set a record's stored state (and the index of participations)."""
        self.stored[kind][subject] = state
        self.since[(kind, subject)] = day
        self.cited[(kind, subject)] = provision
        if kind is LifecycleKind.MEMBERSHIP and self.rules.has(kind, state, Meaning.MEMBER):
            self.admitted.setdefault(str(subject), day)
        if kind is LifecycleKind.PARTICIPATION and isinstance(subject, tuple):
            self.participation_of.setdefault(subject[0], {})[subject[1]] = state
            if self.rules.has(kind, state, Meaning.DECLINED) and self._withdraws(subject[1]):
                self.declined.add(subject[0])

    def _withdraws(self, phase: str) -> bool:
        """Declining ``phase`` leads to withdrawal: any phase, or only a core
        one where the statute says so (``declining_phase.applies_to: core``)."""
        membership = self.rules.statute.membership
        declining = membership.declining_phase if membership is not None else None
        if declining is None or not declining.core_only:
            return True
        return is_core(self.rules.statute, self.terms, phase)

    def joined_unended(self, municipality: str, day: dt.date) -> list[tuple[str, dt.date | None]]:
        """Phases the municipality joined that have not ended by ``day``, with their end."""
        found = []
        for phase, state in self.participations(municipality):
            if self.rules.has(LifecycleKind.PARTICIPATION, state, Meaning.JOINED):
                end = self.periods.get(phase, _NO_PERIOD)[2]
                if end is None or end >= day:
                    found.append((phase, end))
        return found

    # -- effective states --

    def state(self, kind: LifecycleKind, subject: Subject, day: dt.date) -> str | None:
        """The record's state on ``day``: its stored state moved on by the clock."""
        key = (kind, subject, day)
        if key in self._effective:
            return self._effective[key]
        state = self.stored[kind].get(subject)
        if state is None and kind is LifecycleKind.DELEGATION:
            state = self.rules.delegation_start(subject)
        compiled = self.rules.lifecycles.get(kind)
        if compiled is not None and state is not None:
            for _ in range(_CLOCK_STEPS):  # the first clock transition that has come, again
                for when, transition in compiled.clock_from(state):
                    if self._clock(when, subject, day):
                        state = transition.dest
                        break
                else:
                    break
        self._effective[key] = state
        return state

    def _clock(self, when: Clock, subject: Subject, day: dt.date) -> bool:
        if isinstance(subject, tuple):
            return False  # no clock condition concerns a participation record
        if when is Clock.PHASE_STARTED:
            start = self.periods.get(subject, _NO_PERIOD)[1]
            return start is not None and start <= day
        if when is Clock.PHASE_ENDED:
            end = self.periods.get(subject, _NO_PERIOD)[2]
            return end is not None and end < day
        if when is Clock.EXCLUSION_NOT_RATIFIED:
            return self._unratified(subject, day)
        if when is Clock.NOTICE_AND_JOINED_PHASES_ENDED:
            notice = self.since.get((LifecycleKind.MEMBERSHIP, subject))
            if notice is None or day < self.rules.notice_due(notice):
                return False
        elif subject not in self.declined:
            return False
        return not self.joined_unended(subject, day)

    def _unratified(self, subject: Subject, day: dt.date) -> bool:
        """A meeting of the ratifying body was held after the exclusion and before
        ``day``: the first such meeting did not ratify it, so it lapses."""
        membership = self.rules.statute.membership
        exclusion = membership.exclusion if membership is not None else None
        excluded = self.since.get((LifecycleKind.MEMBERSHIP, subject))
        if exclusion is None or exclusion.ratified_by is None or excluded is None:
            return False
        body = exclusion.ratified_by
        return any(b == body and excluded < held < day for b, held in self.meetings)

    # -- applying --

    def apply(self, change: Change) -> None:
        """Make an accepted event's change; ``acts.judge`` has checked it."""
        if not change.effects:  # most events (a power exercised) change nothing
            self.last = change.day
            return
        self.memo.clear()
        for effect in change.effects:
            self._apply(effect, change.day)
        # A meeting may make an exclusion lapse (exclusion_not_ratified), where
        # the statute's lifecycles know that clock.
        moving = SetState | SetPeriod | HoldMeeting if self.rules.meetings_move_clock else _MOVING
        if any(isinstance(e, moving) for e in change.effects):
            self._effective.clear()  # a state or a period may move a clock state
            self._views.clear()
            self._rolls.clear()
            self._seats_moved()
        elif any(isinstance(e, AddSeat | RemoveSeat) for e in change.effects):
            self._seats_moved()
        self.last = change.day

    def use(self, rules: Rules) -> None:
        """Judge from now on under ``rules`` (another version of the statute,
        ``amendments``): what the old rules derived from the state is forgotten."""
        self.rules = rules
        self._forget()

    def _forget(self) -> None:
        """Drop all that was derived from the state: memo, effective states, views."""
        self.memo.clear()
        self._effective.clear()
        self._views.clear()
        self._rolls.clear()
        self._seats_moved()

    def apply_all(self, changes: Iterable[Change]) -> None:
        """Make accepted changes one after another, reading nothing between
        them (a checkpoint brought forward): the caches are cleared once."""
        for change in changes:
            for effect in change.effects:
                self._apply(effect, change.day)
            self.last = change.day
        self._forget()

    def seated(self, body: str, day: dt.date) -> tuple[Seat, ...]:
        """The seats of ``body`` held for members on ``day``."""
        key = (body, day)
        found = self._seated.get(key)
        if found is None:
            span = self._spans.get(body)
            if span is not None and span[0] <= day < self._span_end(body, span):
                found = span[2]
            else:
                found = self._seated_on(body, day)
                self._spans[body] = (day, None, found)  # its end found when asked
            self._seated[key] = found
        return found

    def _span_end(self, body: str, span: Span) -> dt.date:
        """The end of ``body``'s span, worked out the first time a later day asks."""
        start, end, seats = span
        if end is None:
            end = self._seats_until(body, start)
            self._spans[body] = (start, end, seats)
        return end

    def _seated_on(self, body: str, day: dt.date) -> tuple[Seat, ...]:
        source = self.rules.drawn_from.get(self.rules.template_of(body))
        sitting = {s.person for s in self.seated(source, day)} if source else None
        # A body set up by decision seats no one while it does not exist, and
        # a new set-up starts with none of its earlier seats.
        begun = self._begun(body, day)
        return tuple(
            seat
            for seat in self.seats.get(body, ())
            if seat.alternate_for is None
            and self._holds(seat, day)
            and (sitting is None or seat.person in sitting)
            and (begun is None or (begun is not dt.date.max and seat.since >= begun))
        )

    def _seats_until(self, body: str, day: dt.date) -> dt.date:
        """The first day after ``day`` on which a seat of ``body`` may start or
        end by the clock alone (a term, a member's state moved by the clock, its
        source's seats, a body set up by decision: the next day)."""
        next_day = day + dt.timedelta(days=1)
        if self.rules.set_up_body(body) is not None:
            return next_day
        until = dt.date.max
        source = self.rules.drawn_from.get(self.rules.template_of(body))
        if source:  # its seats are among the source's on the day
            until = self._seats_until(source, day)
        compiled = self.rules.lifecycles.get(LifecycleKind.MEMBERSHIP)
        stored = self.stored[LifecycleKind.MEMBERSHIP]
        for seat in self.seats.get(body, ()):
            if seat.since > day:
                until = min(until, seat.since)
            end = self.rules.term_end(seat)
            if end is not None and end > day:
                until = min(until, end)
            member = seat.municipality
            if compiled and member and not self._clock_still(compiled, member, stored.get(member)):
                return next_day
        return max(until, next_day)

    def _clock_still(self, compiled: Compiled, subject: Subject, state: str | None) -> bool:
        """No clock transition from ``state`` can move ``subject`` while nothing
        new is stored (``_clock``: a withdrawal after declining a phase needs
        the member to have declined one, which only a change can record)."""
        if state is None:
            return True
        for when, _transition in compiled.clock_from(state):
            if when is Clock.DECLINED_AND_JOINED_PHASES_ENDED and subject not in self.declined:
                continue
            return False
        return True

    def _seats_moved(self) -> None:
        self._seated.clear()
        self._spans.clear()

    def _begun(self, body: str, day: dt.date) -> dt.date | None:
        """None for a body that always exists; else the day its current set-up
        began, or ``date.max`` where it does not exist on ``day``."""
        if self.rules.set_up_body(body) is None:
            return None
        record = self.existing(body, day)
        return record.since if record is not None and record.dissolved is None else dt.date.max

    def existing(self, body: str, day: dt.date) -> SetUp | None:
        """The last set-up of ``body`` by ``day``, dissolved only where that is by ``day``."""
        record = next((r for r in reversed(self.set_up.get(body, ())) if r.since <= day), None)
        if record is not None and record.dissolved is not None and record.dissolved > day:
            return attrs.evolve(record, dissolved=None)
        return record

    def alternates(self, body: str, day: dt.date) -> tuple[Seat, ...]:
        """The alternates of ``body`` on ``day`` whose seat holder still sits, and
        those of its pool."""
        holders = {s.person for s in self.seated(body, day)} | {POOL}
        return tuple(
            seat
            for seat in self.seats.get(body, ())
            if seat.alternate_for in holders and self._holds(seat, day)
        )

    def _holds(self, seat: Seat, day: dt.date) -> bool:
        """A seat runs on ``day``: from its election, within its term, and for a
        member (staff aside)."""
        if day < seat.since or not self.rules.in_term(seat, day):
            return False
        if seat.municipality is None:
            return True
        kind = LifecycleKind.MEMBERSHIP
        return self.rules.has(kind, self.state(kind, seat.municipality, day), Meaning.MEMBER)

    def roll(self, day: dt.date) -> Roll:
        """Members, municipalities on record, and whether ``day`` is the founding."""
        found = self._rolls.get(day)
        if found is None:
            kind = LifecycleKind.MEMBERSHIP
            members = on_record = 0
            founding = True
            for record in self.stored[kind]:
                state = self.state(kind, record, day)
                if self.rules.has(kind, state, Meaning.MEMBER):
                    members += 1
                    founding = founding and self.admitted.get(str(record)) == day
                if not self.rules.has(kind, state, Meaning.WITHDRAWN):
                    on_record += 1
            found = self._rolls[day] = Roll(members, on_record, founding)
        return found

    def _apply(self, effect: Effect, day: dt.date) -> None:
        if isinstance(effect, SetState):
            self.store(effect.kind, effect.subject, effect.state, day, effect.provision)
        elif isinstance(effect, AddPrior):
            self.priors.add(effect.prior)
        elif isinstance(effect, UsePrior):
            self.priors.discard(effect.prior)
        elif isinstance(effect, SetChair):
            if effect.role in ("chair", "vice-chair"):
                chosen = self.vice_chairs if effect.role == "vice-chair" else self.chairs
                chosen[effect.body] = effect.person
            else:
                self.officers[(effect.body, effect.role)] = effect.person
            self.chosen_on[(effect.body, effect.role)] = day
        elif isinstance(effect, AddPending):
            self.pending.add(effect.pending)
        elif isinstance(effect, SetPeriod):
            self.periods[effect.phase] = effect.period
        elif isinstance(effect, DraftDecision):
            self.decision_meta.setdefault(effect.proposal, effect.meta)
            self.drafted.setdefault(effect.proposal, day)
        elif isinstance(effect, HoldMeeting):
            self.meetings.add((effect.body, day))
            if effect.extraordinary:
                self.extraordinary.add((effect.body, day))
            if effect.chaired_by is not None:
                self.meeting_chairs[(effect.body, day)] = effect.chaired_by
        elif isinstance(effect, AddSeat):
            self.seats.setdefault(effect.seat.body, []).append(effect.seat)
        elif isinstance(effect, SetUpBody | DissolveBody | SetCoordinator | Spend):
            self._apply_set_up(effect, day)
        elif isinstance(effect, AssignCategory):
            self.categories[effect.member] = Category(
                effect.member, effect.rule, effect.category, day, effect.provision
            )
        elif isinstance(effect, AddLawFact):
            self.law_facts.append(effect.fact)
        elif isinstance(effect, GrantAttorney):
            self.attorneys.append(effect)
        elif isinstance(effect, RevokeAttorney):
            self.attorneys = [revoked(g, effect) for g in self.attorneys]
        elif isinstance(effect, AddTerm):
            self.terms.append(effect.term)
        else:
            kept = [s for s in self.seats.get(effect.body, []) if s.person != effect.person]
            self.seats[effect.body] = kept

    def _apply_set_up(
        self, effect: SetUpBody | DissolveBody | SetCoordinator | Spend, day: dt.date
    ) -> None:
        if isinstance(effect, Spend):
            self.spent[effect.body] = self.spent.get(effect.body, 0) + effect.amount
            return
        if isinstance(effect, SetUpBody):
            self.set_up.setdefault(effect.record.body, []).append(effect.record)
            self.coordinators.pop(effect.record.body, None)
            self.spent.pop(effect.record.body, None)  # a new set-up, a new budget
        elif isinstance(effect, DissolveBody):
            records = self.set_up[effect.body]
            records[-1] = attrs.evolve(records[-1], dissolved=day)
            self.coordinators.pop(effect.body, None)
        else:
            self.coordinators[effect.body] = effect.person
        self._seats_moved()

    def snapshot(self, day: dt.date) -> State:
        kinds = LifecycleKind
        phases = {
            str(p): Phase(
                str(p), self.state(kinds.PHASE, p, day) or "", *self.periods.get(str(p), _NO_PERIOD)
            )
            for p in self.stored[kinds.PHASE]
        }
        membership = {
            str(m): self.state(kinds.MEMBERSHIP, m, day) or ""
            for m in self.stored[kinds.MEMBERSHIP]
        }
        participation = {
            key: state
            for key, state in self.stored[kinds.PARTICIPATION].items()
            if isinstance(key, tuple)
        }
        decisions = {
            d: Decision(d, meta[0], self.state(kinds.DECISION, d, day) or "", meta[1], meta[2])
            for d, meta in self.decision_meta.items()
        }
        seated = {body: self.seated(body, day) for body in self.seats}
        return State(
            day,
            self.state(kinds.ASSOCIATION, "association", day),
            membership,
            phases,
            participation,
            decisions,
            {b: s for b, s in seated.items() if s},
            means=self.rules.means,
            delegations={
                subject: self.state(kinds.DELEGATION, subject, day) or ""
                for subject in self.rules.delegations
            },
            withheld_delegations={
                subject: withheld
                for subject in self.rules.delegations
                if (withheld := self.withheld(*subject, day)) is not None
            },
            set_up_bodies={
                body: record
                for body in self.set_up
                if (record := self.existing(body, day)) is not None
            },
            categories=dict(self.categories),
            terms=tuple(t for t in self.terms if t.day <= day),
            alternates={b: a for b in self.seats if (a := self.alternates(b, day))},
            officers=officers_on(self, day),
        )

    def withheld(self, delegation: str, body: str, day: dt.date) -> Withheld | None:
        """Why a delegation is not in force for ``body`` on ``day``; None if it is."""
        subject = (delegation, body)
        if subject not in self.rules.delegations:
            return None
        kind = LifecycleKind.DELEGATION
        state = self.state(kind, subject, day)
        if self.rules.has(kind, state, Meaning.GRANTED):
            return None
        record = (kind, subject)
        provision = self.cited.get(record) or self.rules.delegations[subject].provision
        return Withheld(state or "not granted", self.since.get(record), provision)

    def seat_municipality(self, body: str, person: str, day: dt.date) -> str | None:
        seats = self.seated(body, day)
        return next((s.municipality for s in seats if s.person == person), None)

    def view(self, day: dt.date) -> DayView:
        """The three questions of the competence index, answered on ``day``: one
        view a day, kept (with its answers) as long as the effective states
        are (until a change of a state or a period)."""
        found = self._views.get(day)
        if found is None:
            found = self._views[day] = DayView(self, day)
        return found

    def body(self, ref: str) -> Body | None:
        return self.rules.body(ref)
