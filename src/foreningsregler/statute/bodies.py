"""Roles, areas and bodies: who sits where, who fills the seats, how they meet."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from fractions import Fraction

import attrs

from .calendar import Duration
from .citation import Cited
from .composition import Alternates, ElectionYears, Observers, Officer, Rotation, ViceChair
from .setup import INSTANCE_SEPARATOR, Coordinator, Limits, SetUpBy


@attrs.frozen(kw_only=True)
class Role(Cited):
    """Who a person is at home, e.g. kommunaldirektør or fagchef."""

    id: str
    name: str
    description: str | None = None


@attrs.frozen(kw_only=True)
class Area(Cited):
    """A fagområde; per-area bodies exist once for each."""

    id: str
    name: str
    description: str | None = None


class BodyKind(StrEnum):
    ASSEMBLY = "assembly"
    BOARD = "board"
    MANAGEMENT = "management"
    SECRETARIAT = "secretariat"
    CONTACT_GROUP = "contact_group"
    COMMITTEE = "committee"
    PARTNER = "partner"
    STEERING_GROUP = "steering_group"
    #: A working or project group (arbejdsgruppe, projektgruppe, team).
    WORKING_GROUP = "working_group"
    #: A reference group of users or experts that follows the work (følgegruppe).
    REFERENCE_GROUP = "reference_group"


class FillMethod(StrEnum):
    MEMBERSHIP = "membership"
    ELECTION = "election"
    APPOINTMENT = "appointment"
    EMPLOYMENT = "employment"
    PROCUREMENT = "procurement"
    #: The statute itself names who sits (udpeget i vedtægten); no event fills a seat.
    DESIGNATION = "designation"


#: ``seats`` of a body with one seat for each member.
MEMBERS = "members"
#: ``seats`` of a body with one seat for each member that joined its phase.
PARTICIPANTS = "participants"


@attrs.frozen(kw_only=True)
class FilledBy(Cited):
    method: FillMethod
    by: str | None = None
    term_years: int | None = None
    #: A term to the end of the municipal election period it began in.
    term: Term | None = None
    #: Staggered terms: only ``staggered_share`` of the seats (default
    #: 1/term_years) may end in one year.
    staggered: bool = False
    staggered_share: Fraction | None = None
    #: Seats are elected only in odd or only in even years.
    elected_in: ElectionYears | None = None

    @property
    def yearly_share(self) -> Fraction | None:
        """The share of the seats elected each year under staggered terms."""
        if not self.staggered or not self.term_years:
            return None
        return self.staggered_share or Fraction(1, self.term_years)


class Term(StrEnum):
    """A term measured by something other than years."""

    ELECTION_PERIOD = "election_period"  # to the end of the kommunale valgperiode


@attrs.frozen(kw_only=True)
class Chair(Cited):
    """Whose member chairs the meetings (``from_body``) and who picks them."""

    from_body: str | None = None
    chosen_by: str | None = None
    #: The chair rotates among the members by a stated order, one year each.
    rotation: Rotation | None = None
    #: The chair's own term in years from the day chosen; None: until replaced.
    term_years: int | None = None
    #: The chair is chosen only in odd or only in even years.
    elected_in: ElectionYears | None = None


@attrs.frozen(kw_only=True)
class MeetingNotice(Cited):
    days: int
    called_by: str | None = None
    #: Notice in calendar months ("1 måneds varsel"); ``days`` is then 0.
    months: int = 0

    @property
    def duration(self) -> Duration:
        return Duration(days=self.days, months=self.months)

    def latest_call(self, meeting: dt.date) -> dt.date:
        """The last day the meeting on ``meeting`` can be called with this notice."""
        return self.duration.before(meeting)


@attrs.frozen(kw_only=True)
class ExtraordinaryMeeting(Cited):
    """Who may call an extraordinary meeting, or demand one together."""

    called_by: tuple[str, ...] = ()
    members_fraction: Fraction | None = None
    #: Its own notice, where not the ordinary meeting's.
    notice: Duration | None = None
    #: A demanded meeting is held within this time of the demand (a duty).
    held_within: Duration | None = None
    #: Bodies the members may demand a meeting to elect anew ("ny bestyrelse").
    members_may_demand: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Meetings(Cited):
    ordinary_per_year: int | None = None
    #: The ordinary meeting is held before the end of this month (1-12) each year.
    ordinary_by_month: int | None = None
    #: Decisions may be made in writing, without a meeting (skriftlig behandling).
    written_procedure: bool = False
    #: Proposals reach the body at least this many days before the meeting.
    proposals_before_days: int | None = None
    #: With ``ordinary_by_month``, the month the ordinary meeting's window opens.
    ordinary_from_month: int | None = None
    #: The caller sends out the proposals at least this many days before the meeting.
    proposals_sent_days: int | None = None
    #: The minutes are published within this many days of the meeting (a duty).
    minutes_within_days: int | None = None
    notice: MeetingNotice | None = None
    extraordinary: ExtraordinaryMeeting | None = None


@attrs.frozen(kw_only=True)
class Body(Cited):
    """A body of the association; per-area bodies appear once per area.

    ``template`` is the id as written in the file when the body is defined
    per area (``f3``); ``id`` is then ``f3-<area>`` and ``area`` the area.
    References inside a per-area body to another per-area template mean the
    same area's instance and are stored resolved.
    """

    id: str
    name: str
    kind: BodyKind
    seats: int | str
    filled_by: FilledBy
    #: The least number of seats filled for the body to be in office, where the
    #: statute gives a range (``seats: {min, max}``; ``seats`` is then the max).
    seats_min: int | None = None
    #: ``seats: {min}`` without a max: at least ``seats_min`` seats and no most;
    #: ``seats`` is then the minimum (what the linter compares).
    seats_open: bool = False
    eligible: tuple[str, ...] = ()
    one_seat_per_member: bool = False
    alternates: Alternates | None = None
    observers: Observers | None = None
    drawn_from: str | None = None
    chair: Chair | None = None
    vice_chair: ViceChair | None = None
    #: Officers beyond chair and vice-chair (kasserer, sekretær).
    officers: tuple[Officer, ...] = ()
    voting: str | None = None
    meetings: Meetings | None = None
    description: str | None = None
    template: str | None = None
    area: str | None = None
    #: Serves only until the association is founded (interimbestyrelse, interimledelse).
    interim: bool = False
    #: Set up by decision: exists only between its set-up and its dissolution.
    set_up_by: SetUpBy | None = None
    limits: Limits | None = None
    coordinator: Coordinator | None = None
    #: An instance of a template set up ``instances: many``: the template's id
    #: (``id`` is then ``<template>/<instance>``), never in ``Statute.bodies``.
    instance_of: str | None = None

    @property
    def of_participants(self) -> bool:
        """One seat per member that has joined the phase the body is for."""
        return self.seats == PARTICIPANTS

    @property
    def many(self) -> bool:
        """A template of which each set-up by decision makes a body of its own."""
        made = self.set_up_by
        return made is not None and made.many and self.instance_of is None

    def instance(self, name: str) -> Body:
        """The body ``<id>/<name>`` this template makes when set up under ``name``;
        its references to itself (who chooses its chair) mean the instance."""
        ident = f"{self.id}{INSTANCE_SEPARATOR}{name}"

        def own(ref: str | None) -> str | None:
            return ident if ref == self.id else ref

        chair, vice = self.chair, self.vice_chair
        return attrs.evolve(
            self,
            id=ident,
            instance_of=self.id,
            chair=attrs.evolve(
                chair, from_body=own(chair.from_body), chosen_by=own(chair.chosen_by)
            )
            if chair is not None
            else None,
            vice_chair=attrs.evolve(vice, chosen_by=own(vice.chosen_by)) if vice else None,
        )

    @property
    def written_id(self) -> str:
        """The id as the file writes it: a per-area body by its template."""
        return self.template or self.id

    @property
    def size(self) -> int | None:
        """Number of seats (the least, for a body with no most), or None where it
        follows the membership."""
        return self.seats if isinstance(self.seats, int) else None

    @property
    def in_office_with(self) -> int:
        """Seats that must be filled for the body to act: the range's minimum, else one."""
        return self.seats_min or 1

    def officer(self, role: str) -> Officer | None:
        """The officer the statute gives this body under ``role``, if any."""
        return next((o for o in self.officers if o.id == role), None)
