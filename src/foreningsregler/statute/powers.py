"""Powers, the delegations that pass them on, and the voting rules of decisions."""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction

import attrs

from ..i18n import _
from .citation import Cited
from .composition import ConsecutiveMeetings, Weights


class Scope(StrEnum):
    """Limits on a power or delegation, evaluated against the protocol."""

    ADOPTED_PHASES = "adopted_phases"
    RUNNING_PHASES = "running_phases"
    PARTICIPATING_MUNICIPALITIES = "participating_municipalities"
    OWN_AREA = "own_area"
    OWN_MUNICIPALITY = "own_municipality"


class RequirementKind(StrEnum):
    RECOMMENDATION = "recommendation"
    PROPOSAL = "proposal"
    CONSULTATION = "consultation"
    #: Decided together with the body ("sammen med"): its agreement (samtykke) first.
    AGREEMENT = "agreement"


@attrs.frozen(kw_only=True)
class Requirement(Cited):
    """What a decision needs first, e.g. the bestyrelse's recommendation."""

    kind: RequirementKind
    from_body: str
    #: The power under which ``from_body`` makes it (``indstil-faser``); without
    #: one, being named here is what entitles the body to recommend.
    power: str | None = None
    #: The agreement is the chair of ``from_body``'s own, in person ("sammen med formanden").
    chair: bool = False


@attrs.frozen(kw_only=True)
class Power(Cited):
    id: str
    name: str
    holders: tuple[str, ...] = ()
    exclusive: bool = False
    individual: bool = False
    requires: tuple[Requirement, ...] = ()
    voting: str | None = None
    scope: frozenset[Scope] = frozenset()
    description: str | None = None


class Grant(StrEnum):
    """Who grants a delegation: the statute itself, or a decision of the delegating body."""

    STATUTE = "statute"
    DECISION = "decision"


@attrs.frozen(kw_only=True)
class Delegation(Cited):
    power: str
    from_body: str
    to_body: str
    scope: frozenset[Scope] = frozenset()
    subdelegation: bool = False
    id: str | None = None
    granted: Grant = Grant.STATUTE
    #: The most an act under the delegation may commit, in kroner (None: no limit).
    max_amount_kr: int | None = None

    @property
    def key(self) -> str:
        """The id its lifecycle record is kept under: ``id``, or one made of its parts."""
        return self.id or f"{self.power}:{self.from_body}:{self.to_body}"


# --- Voting ------------------------------------------------------------------


class Majority(StrEnum):
    SIMPLE = "simple"
    QUALIFIED = "qualified"
    UNANIMITY = "unanimity"


class VoteBase(StrEnum):
    VOTES_CAST = "votes_cast"
    PRESENT = "present"
    SEATS = "seats"
    #: The members that have joined the phase the decision concerns.
    PARTICIPANTS = "participants"


class TieBreak(StrEnum):
    CHAIR = "chair"
    REJECTED = "rejected"


@attrs.frozen
class Quorum:
    """At least ``count`` present, or at least ``fraction`` of the seats."""

    count: int | None = None
    fraction: Fraction | None = None

    def __attrs_post_init__(self) -> None:
        if (self.count is None) == (self.fraction is None):
            raise ValueError(_("a quorum is either a count or a fraction"))

    def required(self, seats: int) -> int:
        if self.count is not None:
            return self.count
        assert self.fraction is not None
        whole, rest = divmod(self.fraction.numerator * seats, self.fraction.denominator)
        return whole + (1 if rest else 0)


@attrs.frozen(kw_only=True)
class VotingRule(Cited):
    id: str
    majority: Majority
    name: str | None = None
    quorum: Quorum | None = None
    threshold: Fraction | None = None
    base: VoteBase = VoteBase.VOTES_CAST
    tie_break: TieBreak = TieBreak.REJECTED
    #: Each member's vote counts by its kind; the vote names who voted how.
    weights: Weights | None = None
    #: Passed at two consecutive meetings of the body (one ordinary, where stated).
    consecutive_meetings: ConsecutiveMeetings | None = None
