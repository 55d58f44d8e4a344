"""What the protocol keeps of its records, and how an accepted change makes it.

Acts of people (events) set a record's stored state, its seats, its meetings,
its priors and the rest; ``Records.make`` makes one effect of a change. What
follows from the clock and the caches of what was derived live in
``replay.Replay``, which builds on these records and says what a change
makes it forget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, MutableMapping, MutableSet
from typing import Any

import attrs

from ..authority.answers import SetUp
from ..statute.model import LifecycleKind, ProvisionRef
from .attorney import revoked
from .changes import (
    AddLawFact,
    AddPending,
    AddPrior,
    AddSeat,
    AddTerm,
    AssignCategory,
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
from .lifecycle import Meaning
from .rules import Rules
from .state import Category, Seat, Term, is_core

_NO_PERIOD: Period = (None, None, None)


class Records:
    """The stored states of every record and all else the protocol's acts made."""

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

    def joined_end(self, municipality: str) -> dt.date | None:
        """The last day of the phases the municipality joined (``date.max`` if one
        has no end; None if it joined none): ``joined_unended`` is empty on the
        days after it."""
        ends = [
            self.periods.get(phase, _NO_PERIOD)[2] or dt.date.max
            for phase, state in self.participations(municipality)
            if self.rules.has(LifecycleKind.PARTICIPATION, state, Meaning.JOINED)
        ]
        return max(ends, default=None)

    def make(self, effect: Effect, day: dt.date) -> None:
        """Make one effect of an accepted change on ``day``."""
        _MAKERS[effect.__class__](self, effect, day)

    def _set_state(self, effect: SetState, day: dt.date) -> None:
        self.store(effect.kind, effect.subject, effect.state, day, effect.provision)

    def _set_period(self, effect: SetPeriod, day: dt.date) -> None:
        self.periods[effect.phase] = effect.period

    def _set_chair(self, effect: SetChair, day: dt.date) -> None:
        if effect.role in ("chair", "vice-chair"):
            chosen = self.vice_chairs if effect.role == "vice-chair" else self.chairs
            chosen[effect.body] = effect.person
        else:
            self.officers[(effect.body, effect.role)] = effect.person
        self.chosen_on[(effect.body, effect.role)] = day

    def _draft(self, effect: DraftDecision, day: dt.date) -> None:
        self.decision_meta.setdefault(effect.proposal, effect.meta)
        self.drafted.setdefault(effect.proposal, day)

    def _hold(self, effect: HoldMeeting, day: dt.date) -> None:
        self.meetings.add((effect.body, day))
        if effect.extraordinary:
            self.extraordinary.add((effect.body, day))
        if effect.chaired_by is not None:
            self.meeting_chairs[(effect.body, day)] = effect.chaired_by

    def _add_seat(self, effect: AddSeat, day: dt.date) -> None:
        self.seats.setdefault(effect.seat.body, []).append(effect.seat)

    def _remove_seat(self, effect: RemoveSeat, day: dt.date) -> None:
        kept = [s for s in self.seats.get(effect.body, []) if s.person != effect.person]
        self.seats[effect.body] = kept

    def _spend(self, effect: Spend, day: dt.date) -> None:
        self.spent[effect.body] = self.spent.get(effect.body, 0) + effect.amount

    def _set_up(self, effect: SetUpBody, day: dt.date) -> None:
        self.set_up.setdefault(effect.record.body, []).append(effect.record)
        self.coordinators.pop(effect.record.body, None)
        self.spent.pop(effect.record.body, None)  # a new set-up, a new budget

    def _dissolve(self, effect: DissolveBody, day: dt.date) -> None:
        records = self.set_up[effect.body]
        records[-1] = attrs.evolve(records[-1], dissolved=day)
        self.coordinators.pop(effect.body, None)

    def _set_coordinator(self, effect: SetCoordinator, day: dt.date) -> None:
        self.coordinators[effect.body] = effect.person

    def _categorise(self, effect: AssignCategory, day: dt.date) -> None:
        self.categories[effect.member] = Category(
            effect.member, effect.rule, effect.category, day, effect.provision
        )

    def _revoke(self, effect: RevokeAttorney, day: dt.date) -> None:
        self.attorneys = [revoked(g, effect) for g in self.attorneys]


#: How each kind of effect is made (by its class: the effects are final).
_MAKERS: dict[type, Callable[[Records, Any, dt.date], None]] = {
    SetState: Records._set_state,
    AddPrior: lambda records, effect, day: records.priors.add(effect.prior),
    UsePrior: lambda records, effect, day: records.priors.discard(effect.prior),
    SetChair: Records._set_chair,
    AddPending: lambda records, effect, day: records.pending.add(effect.pending),
    SetPeriod: Records._set_period,
    DraftDecision: Records._draft,
    HoldMeeting: Records._hold,
    AddSeat: Records._add_seat,
    RemoveSeat: Records._remove_seat,
    Spend: Records._spend,
    SetUpBody: Records._set_up,
    DissolveBody: Records._dissolve,
    SetCoordinator: Records._set_coordinator,
    AssignCategory: Records._categorise,
    AddLawFact: lambda records, effect, day: records.law_facts.append(effect.fact),
    GrantAttorney: lambda records, effect, day: records.attorneys.append(effect),
    RevokeAttorney: Records._revoke,
    AddTerm: lambda records, effect, day: records.terms.append(effect.term),
}
