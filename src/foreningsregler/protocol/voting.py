"""Whether a vote passes under a body's voting rule.

Pure arithmetic on whole numbers and fractions: quorum, the majority's
base (votes cast, present, or all seats), simple or qualified majority or
unanimity, and the chair's casting vote on a tie where the rule gives it.
"""

from __future__ import annotations

from typing import Literal

import attrs

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
            found.append("counts cannot be negative")
        if self.yes + self.no + self.abstain > self.present:
            found.append(f"{self.yes + self.no + self.abstain} votes but {self.present} present")
        if self.present > seats:
            found.append(f"{self.present} present but the body has {seats} seats")
        return found


@attrs.frozen
class Outcome:
    passed: bool
    reason: str


def outcome(rule: VotingRule, seats: int, vote: Vote, participants: int | None = None) -> Outcome:
    """The result of ``vote`` in a body of ``seats`` under ``rule``; ``participants``
    is the base of a rule counted among a phase's participants."""
    if rule.quorum is not None:
        needed = rule.quorum.required(seats)
        if vote.present < needed:
            return Outcome(False, f"no quorum: {vote.present} present, {needed} needed")
    base = {
        VoteBase.VOTES_CAST: vote.yes + vote.no,
        VoteBase.PRESENT: vote.present,
        VoteBase.SEATS: seats,
        VoteBase.PARTICIPANTS: participants or 0,
    }[rule.base]
    if rule.majority is Majority.UNANIMITY:
        passed = vote.no == 0 and vote.yes == base and base > 0
        return Outcome(passed, f"unanimity: {vote.yes} of {base} for, {vote.no} against")
    if rule.majority is Majority.QUALIFIED:
        assert rule.threshold is not None
        needed_num = rule.threshold.numerator * base
        passed = vote.yes * rule.threshold.denominator >= needed_num and vote.yes > 0
        return Outcome(passed, f"{vote.yes} of {base} for; {rule.threshold} needed")
    return _simple(rule, base, vote)


def _simple(rule: VotingRule, base: int, vote: Vote) -> Outcome:
    if 2 * vote.yes > base:
        return Outcome(True, f"{vote.yes} of {base} for: a majority")
    tie = 2 * vote.yes == base and vote.yes == vote.no and base > 0
    if tie and rule.tie_break is TieBreak.CHAIR and vote.chair is not None:
        return Outcome(
            vote.chair == "yes",
            f"a tie of {vote.yes} to {vote.no}; the chair's casting vote was {vote.chair}",
        )
    return Outcome(False, f"{vote.yes} of {base} for: no majority")
