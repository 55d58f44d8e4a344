"""Replaying the protocol: stored states, and effective states on a day.

Acts of people (events) set a record's stored state; what follows from the
clock (a phase running between its start and end, a withdrawal taking effect
when the last joined phase has ended) is never stored but computed from the
stored states and the day. So checking an event only reads, and the change
an accepted event makes is applied in one step after every rule has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ._acts import plan
from .authority import Authority
from .ledger import Event
from .lifecycle import Clock, Compiled, Meaning, compile_all
from .model import Body, BodyKind, LifecycleKind, Statute, Transition
from .state import Decision, Phase, RuleViolation, Seat, State

_CLOCK_STEPS = 16  # a record passes through at most this many clock states in a day


# --- The rules, compiled once per statute ---------------------------------------


class Rules:
    """What a replay needs of the statute, looked up once."""

    def __init__(self, statute: Statute, authority: Authority) -> None:
        self.statute = statute
        self.authority = authority
        self.lifecycles = compile_all(statute)
        self.by_trigger: dict[str, Compiled] = {}
        for compiled in self.lifecycles.values():
            for trigger in sorted(compiled.triggers):
                self.by_trigger.setdefault(trigger, compiled)
        self.means = {
            (c.kind, s.id): s.means for c in self.lifecycles.values() for s in c.lifecycle.states
        }
        self.assembly = next((b for b in statute.bodies if b.kind is BodyKind.ASSEMBLY), None)
        withdrawal = statute.membership.withdrawal if statute.membership else None
        self.notice_months = withdrawal.notice_months or 0 if withdrawal else 0
        self.withdrawal_provision = withdrawal.provision if withdrawal else None

    def has(self, kind: LifecycleKind, state: str | None, meaning: Meaning) -> bool:
        return state is not None and meaning in self.means.get((kind, state), frozenset())

    def initial(self, kind: LifecycleKind) -> str | None:
        compiled = self.lifecycles.get(kind)
        return compiled.lifecycle.initial if compiled else None


# --- The replay ------------------------------------------------------------------

#: A record's key: a municipality, a phase, a proposal, or (municipality, phase).
Subject = str | tuple[str, str]
Period = tuple[str | None, dt.date | None, dt.date | None]
_NO_PERIOD: Period = (None, None, None)


class Replay:
    """The stored states of every record; effective states are computed per day."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.last: dt.date | None = None
        self.stored: dict[LifecycleKind, dict[Subject, str]] = {k: {} for k in LifecycleKind}
        self.since: dict[tuple[LifecycleKind, Subject], dt.date] = {}
        self.periods: dict[str, Period] = {}
        self.decision_meta: dict[str, tuple[str, str | None, str | None]] = {}
        self.meetings: set[tuple[str, dt.date]] = set()
        self.seats: dict[str, list[Seat]] = {}

    def participations(self, municipality: str) -> list[tuple[str, str]]:
        """(phase, stored state) of each participation record of a municipality."""
        return [
            (key[1], state)
            for key, state in self.stored[LifecycleKind.PARTICIPATION].items()
            if isinstance(key, tuple) and key[0] == municipality
        ]

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
        stored = self.stored[kind].get(subject)
        compiled = self.rules.lifecycles.get(kind)
        if compiled is None or stored is None:
            return stored
        state = stored
        for _ in range(_CLOCK_STEPS):
            moved = next(
                (t.dest for t in compiled.clock_from(state) if self._clock(t, subject, day)), None
            )
            if moved is None:
                break
            state = moved
        return state

    def _clock(self, transition: Transition, subject: Subject, day: dt.date) -> bool:
        when = Clock(transition.when or "")
        if isinstance(subject, tuple):
            return False  # no clock condition concerns a participation record
        if when is Clock.PHASE_STARTED:
            start = self.periods.get(subject, _NO_PERIOD)[1]
            return start is not None and start <= day
        if when is Clock.PHASE_ENDED:
            end = self.periods.get(subject, _NO_PERIOD)[2]
            return end is not None and end < day
        if self.joined_unended(subject, day):
            return False
        if when is Clock.NOTICE_AND_JOINED_PHASES_ENDED:
            notice = self.since.get((LifecycleKind.MEMBERSHIP, subject))
            return notice is not None and day >= _add_months(notice, self.rules.notice_months)
        return any(
            self.rules.has(LifecycleKind.PARTICIPATION, state, Meaning.DECLINED)
            for _, state in self.participations(subject)
        )

    # -- checking and applying --

    def check(self, event: Event) -> None:
        self._plan(event)

    def apply(self, event: Event) -> None:
        self._plan(event)()

    def _plan(self, event: Event) -> Callable[[], None]:
        """Check every rule for ``event``; return the change to make, unapplied."""
        if self.last is not None and event.date < self.last:
            raise RuleViolation(
                "out-of-order",
                f"the protocol is at {self.last}; an event dated {event.date} cannot come after it",
                None,
            )
        change = plan(self, event)

        def commit() -> None:
            change()
            self.last = event.date

        return commit

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
        seated = {
            body: tuple(
                s
                for s in seats
                if self.rules.has(kinds.MEMBERSHIP, membership.get(s.municipality), Meaning.MEMBER)
            )
            for body, seats in self.seats.items()
        }
        return State(
            day,
            self.state(kinds.ASSOCIATION, "association", day),
            membership,
            phases,
            participation,
            decisions,
            {b: s for b, s in seated.items() if s},
            means=self.rules.means,
        )

    def body(self, ref: str) -> Body | None:
        try:
            return self.rules.statute.body(ref)
        except KeyError:
            return None


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    target_year, target_month = day.year + year, month + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(target_year, target_month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
