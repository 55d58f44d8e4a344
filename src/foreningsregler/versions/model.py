"""A version of a statute and how it was adopted: plain frozen values.

``history`` reads them from a history file; ``_amendments`` checks them.
"""

from __future__ import annotations

import datetime as dt

import attrs

from ..errors import ForeningsreglerError
from ..i18n import _, shown_day
from ..statute.citation import Location, ProvisionRef
from ..statute.model import Statute
from ..statute.problems import Finding

#: Between a statute's id and a version's number in the version's key.
VERSION_SEPARATOR = "@"


@attrs.frozen(kw_only=True)
class Adoption:
    """The decision that adopted a version: its day, the body, the power it
    decided under and the amendment clause (None: the defaults, see ``power_of``)."""

    date: dt.date
    body: str
    power: str | None = None
    provision: ProvisionRef | None = None
    location: Location | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Approval:
    """The supervisory authority's approval of a version (kstl. § 60, stk. 1)."""

    date: dt.date
    authority: str | None = None
    location: Location | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Version:
    """One version of the statute: in force from ``in_force`` until the next one's."""

    number: int  # from 1, in the history's order
    statute: Statute
    file: str  # the statute file as the history names it
    in_force: dt.date
    adopted: Adoption | None = None
    approved: Approval | None = None
    note: str | None = None
    until: dt.date | None = None  # the last day in force; None: still in force
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def key(self) -> str:
        """The version's id among others of its statute: ``<statute id>@<number>``
        (``digitaliseringsforeningen@2``); a service keys each loaded version by it."""
        return f"{self.statute.metadata.id}{VERSION_SEPARATOR}{self.number}"

    def in_force_on(self, day: dt.date) -> bool:
        return self.in_force <= day and (self.until is None or day <= self.until)

    @property
    def adoption_reference(self) -> str:
        """How the version was adopted, in the current language, for a protocol or a reader."""
        if self.adopted is None:
            return _("version {number}: no adoption on record", number=self.number)
        a = self.adopted
        text = _(
            "version {number}: adopted by {body} on {day} [{provision}]",
            number=self.number,
            body=a.body,
            day=shown_day(a.date),
            provision=str(a.provision) if a.provision else _("no provision"),
        )
        if self.approved is not None:
            text += _(
                ", approved by {authority} on {day}",
                authority=self.approved.authority or _("the supervisory authority"),
                day=shown_day(self.approved.date),
            )
        return text


class NoVersionInForce(ForeningsreglerError, LookupError):
    """No version of the statute is in force on the day asked about (E912);
    ``finding`` places it at the first version's ``in_force``."""

    def __init__(self, finding: Finding) -> None:
        self.finding = finding
        self.code = finding.code
        super().__init__(str(finding))
