"""A day's view of the replay: the competence index's questions answered on one day.

``Replay.view`` makes one view a day and keeps it (with its answers) while
the effective states hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from ..authority.answers import SetUp, Withheld
from ..statute.model import LifecycleKind
from .changes import Subject
from .lifecycle import Meaning
from .rules import Rules


class Replay(Protocol):
    """What a day's view reads of the replay (``replay.Replay``)."""

    @property
    def rules(self) -> Rules: ...

    @property
    def stored(self) -> Mapping[LifecycleKind, Mapping[Subject, str]]: ...

    @property
    def set_up(self) -> Mapping[str, Sequence[SetUp]]: ...

    def state(self, kind: LifecycleKind, subject: Subject, day: dt.date) -> str | None: ...

    def existing(self, body: str, day: dt.date) -> SetUp | None: ...

    def withheld(self, delegation: str, body: str, day: dt.date) -> Withheld | None: ...

    def participates(self, municipality: str, phase: str, day: dt.date) -> bool: ...

    def seat_municipality(self, body: str, person: str, day: dt.date) -> str | None: ...


#: The kind read for every phase asked (Python 3.11 reads an enum's members
#: through EnumType's ``__getattr__`` hook, at three times a global's cost).
_PHASE = LifecycleKind.PHASE


class DayView:
    """``AuthorityState`` read straight from the replay, without a snapshot. A
    view is asked again and again on its day (the F3s' acts at their meetings):
    it keeps its answers (phases, delegations, participation: effective states
    and what is stored with them), and the replay makes a new view after a
    change of a state or a period (``Replay.view``), as it forgets the
    effective states."""

    def __init__(self, replay: Replay, day: dt.date) -> None:
        self.replay, self.day = replay, day
        self._phases = replay.stored[LifecycleKind.PHASE]  # the stored records, as they grow
        # One table per question, keyed by its names alone (no key to build).
        self._adopted: dict[str, bool] = {}
        self._running: dict[str, bool] = {}
        self._participates: dict[tuple[str, str], bool] = {}
        self._withheld: dict[tuple[str, str], Withheld | None] = {}

    def _phase_means(self, phase: str, meaning: Meaning) -> bool:
        state = self.replay.state(_PHASE, phase, self.day)
        return self.replay.rules.has(_PHASE, state, meaning)

    # The questions asked again and again (by the quick way) find their answer
    # kept at the first try; an answer not kept yet is the exception.

    def phase_known(self, phase: str) -> bool:
        return phase in self._phases

    def known_phases(self) -> Iterable[str]:
        return map(str, self._phases)

    def phase_adopted(self, phase: str) -> bool:
        try:
            return self._adopted[phase]
        except KeyError:
            found = self._adopted[phase] = self._phase_means(phase, Meaning.ADOPTED)
            return found

    def withheld(self, delegation: str, body: str) -> Withheld | None:
        try:
            return self._withheld[delegation, body]
        except KeyError:
            found = self.replay.withheld(delegation, body, self.day)
            self._withheld[delegation, body] = found
            return found

    def seat_municipality(self, body: str, person: str) -> str | None:
        return self.replay.seat_municipality(body, person, self.day)

    def set_up(self, body: str) -> SetUp | None:
        return self.replay.existing(body, self.day)

    def set_up_names(self) -> Iterable[str]:
        return [b for b in self.replay.set_up if self.replay.existing(b, self.day) is not None]

    def phase_running(self, phase: str) -> bool:
        try:
            return self._running[phase]
        except KeyError:
            found = self._running[phase] = self._phase_means(phase, Meaning.RUNNING)
            return found

    def participates(self, municipality: str, phase: str) -> bool:
        try:
            return self._participates[municipality, phase]
        except KeyError:
            found = self.replay.participates(municipality, phase, self.day)
            self._participates[municipality, phase] = found
            return found
