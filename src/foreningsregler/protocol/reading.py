"""The read-only view of a replay that acts judge an event against.

``Replay`` satisfies it structurally; ``acts`` depends on this protocol,
never on the replay, so the two modules do not import each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, MutableMapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Protocol

from ..authority.answers import AuthorityState, SetUp
from ..statute.model import Body, LifecycleKind
from .changes import DecisionMeta, GrantAttorney, LawFact, Pending, Period, Prior, Subject
from .rules import Rules
from .state import Roll, Seat, State, Term


class ReplayView(Protocol):
    """What an act may read: stored records and the state on a day."""

    @property
    def rules(self) -> Rules: ...

    @property
    def memo(self) -> MutableMapping[Hashable, object]:
        """What checks found of the state as it is, emptied by any change: a
        check asked of every event (the statute in force, a body in office)
        is made once a day while nothing changes. Only a pass is kept: a
        refusal is worked out again, with its message in the language of the
        moment."""
        ...

    @property
    def last(self) -> dt.date | None: ...

    @property
    def stored(self) -> Mapping[LifecycleKind, Mapping[Subject, str]]: ...

    @property
    def since(self) -> Mapping[tuple[LifecycleKind, Subject], dt.date]: ...

    @property
    def periods(self) -> Mapping[str, Period]: ...

    @property
    def decision_meta(self) -> Mapping[str, DecisionMeta]: ...

    @property
    def drafted(self) -> Mapping[str, dt.date]: ...

    @property
    def meetings(self) -> AbstractSet[tuple[str, dt.date]]: ...

    @property
    def seats(self) -> Mapping[str, Sequence[Seat]]: ...

    @property
    def priors(self) -> AbstractSet[Prior]: ...

    @property
    def chairs(self) -> Mapping[str, str]: ...

    @property
    def meeting_chairs(self) -> Mapping[tuple[str, dt.date], str]: ...

    @property
    def vice_chairs(self) -> Mapping[str, str]: ...

    @property
    def officers(self) -> Mapping[tuple[str, str], str]: ...

    @property
    def chosen_on(self) -> Mapping[tuple[str, str], dt.date]: ...

    @property
    def extraordinary(self) -> AbstractSet[tuple[str, dt.date]]: ...

    @property
    def pending(self) -> AbstractSet[Pending]: ...

    @property
    def law_facts(self) -> Sequence[LawFact]: ...

    @property
    def terms(self) -> Sequence[Term]: ...

    def state(self, kind: LifecycleKind, subject: Subject, day: dt.date) -> str | None: ...

    def joined_unended(
        self, municipality: str, day: dt.date
    ) -> list[tuple[str, dt.date | None]]: ...

    def snapshot(self, day: dt.date) -> State: ...

    def roll(self, day: dt.date) -> Roll: ...

    def seated(self, body: str, day: dt.date) -> tuple[Seat, ...]: ...

    def alternates(self, body: str, day: dt.date) -> tuple[Seat, ...]: ...

    def view(self, day: dt.date) -> AuthorityState: ...

    def body(self, ref: str) -> Body | None: ...

    @property
    def coordinators(self) -> Mapping[str, str]: ...

    @property
    def spent(self) -> Mapping[str, int]: ...

    @property
    def set_up(self) -> Mapping[str, Sequence[SetUp]]: ...

    @property
    def attorneys(self) -> Sequence[GrantAttorney]: ...

    def existing(self, body: str, day: dt.date) -> SetUp | None: ...
