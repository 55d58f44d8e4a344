"""Whether a vote passes under a body's voting rule.

Pure arithmetic on whole numbers and fractions: quorum, the majority's
base (votes cast, present, or all seats), simple or qualified majority or
unanimity, and the chair's casting vote on a tie where the rule gives it.
"""

from __future__ import annotations

from typing import Literal

import attrs

from ..i18n import N_, _
from ..statute.model import Majority, TieBreak, VoteBase, VotingRule


@attrs.frozen
class Vote:
    """A recorded vote: how many were present and how they voted."""

    present: int
    yes: int
    no: int
    abstain: int = 0
    chair: Literal["yes", "no"] | None = None
    #: The chair is absent: a casting vote is the vice-chair's.
    chair_absent: bool = False
    #: How many of those present are alternates in place of absent seat holders.
    alternates: int = 0

    def problems(self, seats: int) -> list[str]:
        """Counts that cannot be true of a body with ``seats`` seats."""
        found = []
        if min(self.present, self.yes, self.no, self.abstain) < 0:
            found.append(_("counts cannot be negative"))
        if self.yes + self.no + self.abstain > self.present:
            votes = self.yes + self.no + self.abstain
            found.append(
                _("{votes} votes but {present} present", votes=votes, present=self.present)
            )
        if self.present > seats:
            found.append(
                _(
                    "{present} present but the body has {seats} seats",
                    present=self.present,
                    seats=seats,
                )
            )
        return found


@attrs.frozen
class Outcome:
    """Whether a vote passed, and why; the why is worded only when it is read
    (a replay counts many votes and reads none of their reasons)."""

    passed: bool
    message: str  # a message id (N_), worded with ``facts`` by ``reason``
    facts: tuple[tuple[str, object], ...] = ()

    @property
    def reason(self) -> str:
        return _(self.message, **dict(self.facts))


def outcome(rule: VotingRule, seats: int, vote: Vote, participants: int | None = None) -> Outcome:
    """The result of ``vote`` in a body of ``seats`` under ``rule``; ``participants``
    is the base of a rule counted among a phase's participants."""
    if rule.quorum is not None:
        needed = rule.quorum.required(seats)
        if vote.present < needed:
            message = N_("no quorum: {present} present, {needed} needed")
            return Outcome(False, message, (("present", vote.present), ("needed", needed)))
    base = _base(rule.base, seats, vote, participants)
    if rule.majority is _UNANIMITY:
        passed = vote.no == 0 and vote.yes == base and base > 0
        message = N_("unanimity: {yes} of {base} for, {no} against")
        return Outcome(passed, message, (("yes", vote.yes), ("base", base), ("no", vote.no)))
    if rule.majority is _QUALIFIED:
        assert rule.threshold is not None
        needed_num = rule.threshold.numerator * base
        passed = vote.yes * rule.threshold.denominator >= needed_num and vote.yes > 0
        message = N_("{yes} of {base} for; {threshold} needed")
        facts = (("yes", vote.yes), ("base", base), ("threshold", rule.threshold))
        return Outcome(passed, message, facts)
    return _simple(rule, base, vote)


def _base(base: VoteBase, seats: int, vote: Vote, participants: int | None) -> int:
    """The number the majority is counted of."""
    if base is _VOTES_CAST:
        return vote.yes + vote.no
    if base is _PRESENT:
        return vote.present
    if base is _SEATS:
        return seats
    return participants or 0  # VoteBase.PARTICIPANTS


#: The members ``outcome`` reads, as module names: Python 3.11 reads an enum's
#: members through EnumType's ``__getattr__`` hook, at three times a global's cost.
_VOTES_CAST, _PRESENT, _SEATS = VoteBase.VOTES_CAST, VoteBase.PRESENT, VoteBase.SEATS
_UNANIMITY, _QUALIFIED = Majority.UNANIMITY, Majority.QUALIFIED


def _simple(rule: VotingRule, base: int, vote: Vote) -> Outcome:
    counted = (("yes", vote.yes), ("base", base))
    if 2 * vote.yes > base:
        return Outcome(True, N_("{yes} of {base} for: a majority"), counted)
    tie = 2 * vote.yes == base and vote.yes == vote.no and base > 0
    if tie and rule.tie_break is TieBreak.CHAIR and vote.chair is not None:
        facts = (("yes", vote.yes), ("no", vote.no))
        if vote.chair == "yes":
            return Outcome(
                True, N_("a tie of {yes} to {no}; the chair's casting vote was yes"), facts
            )
        return Outcome(False, N_("a tie of {yes} to {no}; the chair's casting vote was no"), facts)
    return Outcome(False, N_("{yes} of {base} for: no majority"), counted)
