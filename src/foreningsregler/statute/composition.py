"""How a body is composed beyond its seats: alternates, the vice-chair, a
rotating chair, observers; and the voting variants a rule may add (weighted
votes, confirmation at two consecutive meetings)."""

from __future__ import annotations

from enum import StrEnum

import attrs

from .citation import Cited
from .members import MemberKind

#: The kinds of member a weighted vote counts by (the members' ``kind``).
MEMBER_KINDS = tuple(kind.value for kind in MemberKind)
#: The kind of a municipality the statute names without a kind.
DEFAULT_KIND = MemberKind.KOMMUNE.value


class ElectionYears(StrEnum):
    """Elected only in odd or only in even years (staggered election years)."""

    ODD = "odd"
    EVEN = "even"

    def allows(self, year: int) -> bool:
        return (year % 2 == 1) == (self is ElectionYears.ODD)


@attrs.frozen(kw_only=True)
class Alternates(Cited):
    """Alternates (suppleanter) elected like the seats, each for one seat holder,
    and/or a pool elected as a list that stands in for any seat holder."""

    per_seat: int = 1
    #: The most alternates in the pool; 0: no pool.
    pool: int = 0
    #: A pool alternate may take the seat of another member's holder.
    any_member: bool = False


@attrs.frozen(kw_only=True)
class ViceChair(Cited):
    """The vice-chair (næstformand), and who chooses them."""

    chosen_by: str | None = None
    elected_in: ElectionYears | None = None


@attrs.frozen(kw_only=True)
class Officer(Cited):
    """An officer beyond chair and vice-chair (kasserer, sekretær), one of the
    body's seat holders, chosen by ``chosen_by`` (default the body itself)."""

    id: str
    name: str
    chosen_by: str | None = None
    term_years: int | None = None
    elected_in: ElectionYears | None = None


@attrs.frozen(kw_only=True)
class Rotation(Cited):
    """The chair rotates among the members, one year each, from ``from_year``.

    ``order`` lists the members in turn; empty means alphabetical among the
    members the statute names.
    """

    order: tuple[str, ...] = ()
    from_year: int

    def member(self, year: int, named: tuple[str, ...]) -> str | None:
        """The member whose seat holder chairs in ``year``; None before the rotation."""
        order = self.order or tuple(sorted(named))
        if year < self.from_year or not order:
            return None
        return order[(year - self.from_year) % len(order)]


@attrs.frozen(kw_only=True)
class Observers(Cited):
    """Who may send observers (without a vote) to the body's meetings."""

    sent_by: tuple[str, ...]
    per_sender: int = 1


@attrs.frozen(kw_only=True)
class Weights(Cited):
    """Votes per member by name or by kind; a member neither gives has one vote."""

    #: (kind, votes) pairs: hashable, as every part of a statute is.
    by_kind: tuple[tuple[str, int], ...] = ()
    #: (member, votes) pairs the statute gives by name (e.g. by size band).
    by_member: tuple[tuple[str, int], ...] = ()

    def of(self, kind: str, member: str | None = None) -> int:
        """A member's votes: by name where given, else by its kind, else one."""
        named = dict(self.by_member)
        if member is not None and member in named:
            return named[member]
        return dict(self.by_kind).get(kind, 1)


@attrs.frozen(kw_only=True)
class ConsecutiveMeetings(Cited):
    """A decision passed at two consecutive meetings (one ordinary, where stated)."""

    one_ordinary: bool = False
