"""Provisions and citations: the text of the statute and how elements cite it.

Every encoded element derives from ``Cited``: it carries the provision it
comes from, or ``assumption=True`` with a reason, and the place in the file it
was read from (``location``, not part of equality).
"""

from __future__ import annotations

import re
from datetime import date

import attrs

from ..i18n import _

#: How a statute cites its own text: ``§ 5`` or ``§ 5, stk. 2``.
PROVISION_PATTERN = re.compile(r"^§ ([1-9][0-9]*)(?:, stk\. ([1-9][0-9]*))?$")


@attrs.frozen(order=True)
class Location:
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


@attrs.frozen(order=True)
class ProvisionRef:
    """A citation of this statute's own text: ``§ 5`` or ``§ 5, stk. 2``."""

    paragraph: int
    stk: int | None = None

    @classmethod
    def parse(cls, text: str) -> ProvisionRef:
        """A provision from ``§ 5`` or ``§ 5, stk. 2``; ValueError if not one."""
        match = PROVISION_PATTERN.fullmatch(text)
        if match is None:
            raise ValueError(
                _(
                    "not a provision reference: {text} (write '§ 5' or '§ 5, stk. 2')",
                    text=repr(text),
                )
            )
        stk = match.group(2)
        return cls(int(match.group(1)), int(stk) if stk else None)

    @property
    def section(self) -> ProvisionRef:
        """The whole § this reference points into."""
        return ProvisionRef(self.paragraph)

    def __str__(self) -> str:
        return f"§ {self.paragraph}" + (f", stk. {self.stk}" if self.stk else "")


@attrs.frozen(kw_only=True)
class Cited:
    """What every encoded element shares: its provision or its assumption."""

    provision: ProvisionRef | None = None
    assumption: bool = False
    reason: str | None = None
    location: Location | None = attrs.field(default=None, eq=False, repr=False)


# --- Sources and provisions -------------------------------------------------


@attrs.frozen(kw_only=True)
class Source:
    """A document the statute is drawn from (e.g. the 2015 Foranalyse)."""

    id: str
    title: str
    author: str | None = None
    publisher: str | None = None
    date: date | None = None
    note: str | None = None
    sections: tuple[str, ...] = ()
    location: Location | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class SourceRef:
    document: str
    section: str | None = None
    page: int | None = None
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    def __str__(self) -> str:
        return " ".join(p for p in (self.document, self.section) if p)


@attrs.frozen(kw_only=True)
class Stk:
    """A numbered subsection (stykke) of a §, in Danish."""

    number: int
    text: str
    sources: tuple[SourceRef, ...] = ()
    assumption: bool = False
    reason: str | None = None
    location: Location | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Provision:
    """A § with its numbered stk."""

    number: int
    title: str
    stk: tuple[Stk, ...]
    sources: tuple[SourceRef, ...] = ()
    assumption: bool = False
    reason: str | None = None
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def ref(self) -> ProvisionRef:
        return ProvisionRef(self.number)

    def text(self) -> str:
        return "\n".join(f"Stk. {s.number}. {s.text}" for s in self.stk)
