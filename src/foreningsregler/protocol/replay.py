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
from collections.abc import Hashable, Iterable, Mapping
from typing import Any, cast

import attrs

from ..authority.answers import SetUp, Withheld
from ..statute.model import Body, LifecycleKind, Transition
from .changes import (
    AddSeat,
    Change,
    DissolveBody,
    HoldMeeting,
    Period,
    RemoveSeat,
    SetCoordinator,
    SetPeriod,
    SetState,
    SetUpBody,
    Subject,
)
from .composition import officers_on
from .day_view import DayView
from .lifecycle import Clock, Compiled, Meaning
from .pool import POOL
from .records import Records
from .rules import Rules
from .state import Decision, Phase, Roll, Seat, State

#: A body's seats on a day and the days after it they hold for (``Replay.seated``).
Span = tuple[dt.date, dt.date | None, tuple[Seat, ...]]
_CLOCK_STEPS = 16  # a record passes through at most this many clock states in a day
#: What a checkpoint leaves out: the shared rules, what is read of them, and
#: caches rebuilt on demand.
_NOT_KEPT = frozenset(("rules", "_read", "memo", "_effective", "_joined_ends", "_participation"))
_NOT_KEPT |= {"_term_ends", "_notice_dues", "_rolls", "_seated", "_spans", "_views", "_steady"}
_UNSET: Any = object()  # not kept yet (None is a state's answer)


# --- The replay ------------------------------------------------------------------

_NO_PERIOD: Period = (None, None, None)
#: Effects that may move a clock state (a meeting too, where exclusions lapse).
_MOVING = (SetState, SetPeriod)
#: Effects that may change whose seats are held, on any day.
_SEATING = (AddSeat, RemoveSeat, SetUpBody, DissolveBody, SetCoordinator)


@attrs.frozen
class _Read:
    """What a replay reads of its rules again and again, looked up once."""

    #: kind -> the states a clock transition leaves, with those transitions.
    clocked: Mapping[LifecycleKind, Mapping[str, tuple[tuple[Clock, Transition], ...]]]
    #: kind -> those the clock leaves only for a member that declined a phase
    #: (``Replay._clock_still``): the others stay while nothing new is stored.
    declining: Mapping[LifecycleKind, frozenset[str]]
    member: frozenset[str]  # the membership states that mean member
    withdrawn: frozenset[str]  # and those that mean withdrawn
    moving: tuple[type, ...]  # the effects that may move a clock state

    @classmethod
    def of(cls, rules: Rules) -> _Read:
        def meaning(meaning: Meaning) -> frozenset[str]:
            kind = LifecycleKind.MEMBERSHIP
            return frozenset(
                s for (k, s), means in rules.means.items() if k is kind and meaning in means
            )

        lifecycles = rules.lifecycles
        clocked = {k: lifecycles[k].clocked if k in lifecycles else {} for k in LifecycleKind}
        declining = {
            kind: frozenset(
                state
                for state, clocks in by_state.items()
                if all(when is Clock.DECLINED_AND_JOINED_PHASES_ENDED for when, _ in clocks)
            )
            for kind, by_state in clocked.items()
        }
        moving = (*_MOVING, HoldMeeting) if rules.meetings_move_clock else _MOVING
        member, withdrawn = meaning(Meaning.MEMBER), meaning(Meaning.WITHDRAWN)
        return cls(clocked, declining, member, withdrawn, moving)


#: The kinds read for every seat held and act judged (Python 3.11 reads an enum's members
#: through EnumType's ``__getattr__`` hook, at three times a global's cost).
_MEMBERSHIP, _PARTICIPATION = LifecycleKind.MEMBERSHIP, LifecycleKind.PARTICIPATION


class Replay(Records):
    """The stored states of every record (``Records``); effective states are
    computed per day."""

    def __init__(self, rules: Rules) -> None:
        super().__init__(rules)
        self._read = _Read.of(rules)
        # Effective states by (kind, subject, day) and rolls by day, valid until
        # the next change of a state or a period.
        self._effective: dict[tuple[LifecycleKind, Subject, dt.date], str] = {}
        self._joined_ends: dict[Subject, dt.date | None] = {}  # ``Records.joined_end``
        #: id of a seat -> the seat (kept, so its id is not reused) and its
        #: ``Rules.term_end``: a seat's own hash reads all its fields.
        self._term_ends: dict[int, tuple[Seat, dt.date | None]] = {}
        self._notice_dues: dict[dt.date, dt.date] = {}  # ``Rules.notice_due``
        self._rolls: dict[dt.date, Roll] = {}
        self._participation: Mapping[tuple[str, str], str] | None = None
        self._seated: dict[tuple[str, dt.date], tuple[Seat, ...]] = {}
        #: body -> (from, until, seats): the seats held on every day of
        #: [from, until), where no seat starts or ends by the clock (until:
        #: None before a later day asks).
        self._spans: dict[str, Span] = {}
        self._views: dict[dt.date, DayView] = {}
        #: Answers on any day while no clock moves the states they read
        #: (``participates``, ``withheld``), until the next change of a state.
        self._steady: dict[tuple[str, str, str], object] = {}
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

    @property
    def member_states(self) -> frozenset[str]:
        """The membership states that mean member (``Meaning.MEMBER``)."""
        return self._read.member

    def participation(self) -> Mapping[tuple[str, str], str]:
        """The stored state of each participation record, by (municipality,
        phase): one mapping, shared until the next change of a state (a
        snapshot's, a ``DayState``'s: never changed by its readers)."""
        found = self._participation
        if found is None:
            stored = self.stored[LifecycleKind.PARTICIPATION].items()
            found = self._participation = {k: s for k, s in stored if isinstance(k, tuple)}
        return found

    # -- effective states --

    def state(self, kind: LifecycleKind, subject: Subject, day: dt.date) -> str | None:
        """The record's state on ``day``: its stored state moved on by the clock."""
        state = self._as_stored(kind, subject)
        if state is None or self._still(kind, subject, state):
            return state  # no clock moves it: nothing to work out or keep
        return self._effective_of(kind, subject, state, day)

    def steady(self, kind: LifecycleKind, subject: Subject) -> bool:
        """Whether no clock moves the record's state: ``state`` answers the
        same on every day until the next change of a state."""
        state = self._as_stored(kind, subject)
        return state is None or self._still(kind, subject, state)

    def _as_stored(self, kind: LifecycleKind, subject: Subject) -> str | None:
        """The record's stored state (a delegation never stored: its lifecycle's start)."""
        state = self.stored[kind].get(subject)
        if state is None and kind is LifecycleKind.DELEGATION:
            return self.rules.delegation_start(subject)
        return state

    def _still(self, kind: LifecycleKind, subject: Subject, state: str) -> bool:
        """Whether no clock transition can move ``state`` of the record: none
        leaves it, or the only ones need a declined phase and the record has
        declined none."""
        if state not in self._read.clocked[kind]:
            return True
        return state in self._read.declining[kind] and subject not in self.declined

    def participates(self, municipality: str, phase: str, day: dt.date) -> bool:
        """Whether ``municipality`` is a member that has joined ``phase`` on ``day``."""
        key = ("participates", municipality, phase)
        found = self._steady.get(key)
        if found is not None:
            return found is True
        joined = self.stored[_PARTICIPATION].get((municipality, phase))
        member = self.state(_MEMBERSHIP, municipality, day)
        answer = self.rules.has(_PARTICIPATION, joined, Meaning.JOINED) and (
            member in self._read.member
        )
        if self.steady(_MEMBERSHIP, municipality):  # the same on any day
            self._steady[key] = answer
        return answer

    def states_of(self, kind: LifecycleKind, day: dt.date) -> dict[Subject, str]:
        """The state on ``day`` of every record of ``kind`` stored, in the order
        stored: what ``state`` answers for each, asked at once."""
        still = self._still
        return {
            subject: state
            if still(kind, subject, state)
            else self._effective_of(kind, subject, state, day)
            for subject, state in self.stored[kind].items()
        }

    def _effective_of(self, kind: LifecycleKind, subject: Subject, state: str, day: dt.date) -> str:
        """``state`` (one a clock transition leaves) moved on by the clock to ``day``:
        kept until the next change of a state or a period."""
        key = (kind, subject, day)
        found: str = self._effective.get(key, _UNSET)
        if found is _UNSET:
            clocked = self._read.clocked[kind]
            for _ in range(_CLOCK_STEPS):  # the first clock transition that has come, again
                for when, transition in clocked.get(state, ()):
                    if self._clock(when, subject, day):
                        state = transition.dest
                        break
                else:
                    break
            found = self._effective[key] = state
        return found

    def _clock(self, when: Clock, subject: Subject, day: dt.date) -> bool:
        if isinstance(subject, tuple):
            return False  # no clock condition concerns a participation record
        return _CLOCK_TESTS[when](self, subject, day)

    def _started(self, subject: str, day: dt.date) -> bool:
        start = self.periods.get(subject, _NO_PERIOD)[1]
        return start is not None and start <= day

    def _ended(self, subject: str, day: dt.date) -> bool:
        end = self.periods.get(subject, _NO_PERIOD)[2]
        return end is not None and end < day

    def _noticed_out(self, subject: str, day: dt.date) -> bool:
        notice = self.since.get((LifecycleKind.MEMBERSHIP, subject))
        if notice is None:
            return False
        due = self._notice_dues.get(notice)
        if due is None:  # ``Rules.notice_due``, worked out once a day of notice
            due = self._notice_dues[notice] = self.rules.notice_due(notice)
        return due <= day and self._joined_over(subject, day)

    def _declined_out(self, subject: str, day: dt.date) -> bool:
        return subject in self.declined and self._joined_over(subject, day)

    def _joined_over(self, subject: str, day: dt.date) -> bool:
        """``joined_unended`` is empty: every phase joined ended before ``day``
        (the last end kept until the next change of a state or a period)."""
        end = self._joined_ends.get(subject, _UNSET)
        if end is _UNSET:
            end = self._joined_ends[subject] = self.joined_end(subject)
        return end is None or end < day

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
        # A meeting may make an exclusion lapse (exclusion_not_ratified), where
        # the statute's lifecycles know that clock (``_Read.moving``).
        moving, moved, seated = self._read.moving, False, False
        for effect in change.effects:
            self.make(effect, change.day)
            if isinstance(effect, moving):
                moved = True
            elif isinstance(effect, _SEATING):
                seated = True
        if moved:
            self._clock_moved()
        elif seated:
            self._seats_moved()
        self.last = change.day

    def use(self, rules: Rules) -> None:
        """Judge from now on under ``rules`` (another version of the statute,
        ``amendments``): what the old rules derived from the state is forgotten."""
        self.rules = rules
        self._read = _Read.of(rules)
        self._term_ends.clear()
        self._notice_dues.clear()
        self._forget()

    def _forget(self) -> None:
        """Drop all that was derived from the state: memo, effective states, views."""
        self.memo.clear()
        self._clock_moved()

    def _clock_moved(self) -> None:
        """A state or a period changed: a clock state may have moved, and all
        that was worked out from the effective states with it."""
        self._effective.clear()
        self._joined_ends.clear()
        self._participation = None
        self._views.clear()
        self._steady.clear()
        self._rolls.clear()
        self._seats_moved()

    def apply_all(self, changes: Iterable[Change]) -> None:
        """Make accepted changes one after another, reading nothing between
        them (a checkpoint brought forward): the caches are cleared once."""
        for change in changes:
            for effect in change.effects:
                self.make(effect, change.day)
            self.last = change.day
        self._forget()

    def seated(self, body: str, day: dt.date) -> tuple[Seat, ...]:
        """The seats of ``body`` held for members on ``day``."""
        key = (body, day)
        found = self._seated.get(key)
        if found is None:
            span = self._spans.get(body)
            if span is not None and span[0] <= day < (span[1] or self._span_end(body, span)):
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
            end = self._term_end(seat)
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
        if day < seat.since:
            return False
        end = self._term_end(seat)
        if end is not None and day >= end:  # ``Rules.in_term``, its end worked out once
            return False
        if seat.municipality is None:
            return True
        return self.state(_MEMBERSHIP, seat.municipality, day) in self._read.member

    def _term_end(self, seat: Seat) -> dt.date | None:
        """``Rules.term_end``, kept while the rules hold (as ``_notice_dues``): a
        seat never changes."""
        found = self._term_ends.get(id(seat))
        if found is None or found[0] is not seat:
            found = self._term_ends[id(seat)] = (seat, self.rules.term_end(seat))
        return found[1]

    def roll(self, day: dt.date) -> Roll:
        """Members, municipalities on record, and whether ``day`` is the founding."""
        found = self._rolls.get(day)
        if found is None:
            read, admitted = self._read, self.admitted
            states = self.states_of(LifecycleKind.MEMBERSHIP, day)
            members = [record for record, state in states.items() if state in read.member]
            on_record = sum(state not in read.withdrawn for state in states.values())
            founding = all(admitted.get(str(record)) == day for record in members)
            found = self._rolls[day] = Roll(len(members), on_record, founding)
        return found

    def snapshot(self, day: dt.date) -> State:
        kinds = LifecycleKind
        phases = {
            str(p): Phase(
                str(p), self.state(kinds.PHASE, p, day) or "", *self.periods.get(str(p), _NO_PERIOD)
            )
            for p in self.stored[kinds.PHASE]
        }
        membership = {str(m): s for m, s in self.states_of(kinds.MEMBERSHIP, day).items()}
        participation = self.participation()
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
        key = ("withheld", delegation, body)
        found = self._steady.get(key, _UNSET)
        if found is not _UNSET:
            return cast("Withheld | None", found)
        answer = self._withheld(subject, day)
        if self.steady(LifecycleKind.DELEGATION, subject):  # the same on any day
            self._steady[key] = answer
        return answer

    def _withheld(self, subject: tuple[str, str], day: dt.date) -> Withheld | None:
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


#: Each clock condition's test of a record (not a participation) on a day.
_CLOCK_TESTS = {
    Clock.PHASE_STARTED: Replay._started,
    Clock.PHASE_ENDED: Replay._ended,
    Clock.EXCLUSION_NOT_RATIFIED: Replay._unratified,
    Clock.NOTICE_AND_JOINED_PHASES_ENDED: Replay._noticed_out,
    Clock.DECLINED_AND_JOINED_PHASES_ENDED: Replay._declined_out,
}
