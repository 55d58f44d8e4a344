"""A statute's history: its versions, each in force from its own day.

A history file (``schema/history.schema.json``, docs/versions.md) lists the
versions in order, each with its statute file, the day it is in force and the
decision that adopted it (and the supervisory authority's approval, where the
law asks for one). ``load_history`` reads it as the statute loader reads a
statute: safely, against its schema, every problem at its line and column; then
loads each version and checks the amendments (``_amendments``). ``History``
answers by date: the version in force on a day, and its ``Authority``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from pathlib import Path
from typing import Any, cast

import attrs

from ..authority.index import Authority
from ..errors import expect_day, expect_path
from ..i18n import _, shown_day
from ..statute._build import as_date
from ..statute._yaml import Parsed, PathKey
from ..statute.citation import ProvisionRef
from ..statute.loading import load, read_document
from ..statute.model import Statute
from ..statute.problems import Finding, Severity, StatuteError
from . import _amendments
from .model import Adoption, Approval, NoVersionInForce, Version

HISTORY_SCHEMA = "schema/history.schema.json"
#: A key at the start of a line: a key of the top-level mapping.
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]|$)", re.MULTILINE)


def is_history(path: str | os.PathLike[str]) -> bool:
    """Whether the file is a history, told by its top-level keys: ``versions``
    and no ``statute`` (a file that cannot be read is none: its reader says why)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    keys = set(_TOP_KEY.findall(text))
    return "versions" in keys and "statute" not in keys


@attrs.frozen
class History:
    """A statute's versions in order; look-ups by day."""

    versions: tuple[Version, ...]
    path: str | None = None
    _authorities: dict[int, Authority] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    def version_on(self, day: dt.date) -> Version:
        """The version in force on ``day``; NoVersionInForce before the first."""
        day = expect_day(day, "day")
        for version in reversed(self.versions):
            if version.in_force <= day:
                return version
        first = self.versions[0]
        message = _(
            "no version of the statute is in force on {day}; the first is in force from {start}",
            day=shown_day(day),
            start=shown_day(first.in_force),
        )
        place = first.location
        raise NoVersionInForce(
            Finding(
                "E912",
                message,
                self.path,
                place.line if place else None,
                place.column if place else None,
            )
        )

    def statute_on(self, day: dt.date) -> Statute:
        """The statute of the version in force on ``day``."""
        return self.version_on(day).statute

    def authority_on(self, day: dt.date) -> Authority:
        """Who may decide what on ``day``: the compiled index of the version in
        force then (made once per version)."""
        version = self.version_on(day)
        key = id(version.statute)  # versions of one file share it; the history holds it
        found = self._authorities.get(key)
        if found is None:
            found = self._authorities[key] = Authority(version.statute)
        return found

    @property
    def current(self) -> Version:
        """The latest version of the history."""
        return self.versions[-1]

    def amendments(self) -> tuple[tuple[Version, Version], ...]:
        """Each amendment as (the version before, the version it made)."""
        return tuple(zip(self.versions, self.versions[1:], strict=False))


def load_history(path: str | os.PathLike[str]) -> History:
    """Load a history file and every version it names; StatuteError lists every
    problem (the file's, each version's statute's, and the amendments')."""
    expect_path(path)
    name = os.fspath(path)
    parsed = read_document(path, HISTORY_SCHEMA)
    base = Path(name).parent
    problems: list[Finding] = []
    versions: list[Version] = []
    # the schema has checked the shape: a mapping with a list of mappings
    listed = cast(list[dict[str, Any]], cast(dict[str, Any], parsed.data)["versions"])
    loaded: dict[str, Statute] = {}  # a file named twice is loaded once
    for i, raw in enumerate(listed):
        statute = loaded.get(raw["statute"])
        if statute is None:
            statute = _statute(parsed, name, base, raw["statute"], ("versions", i), problems)
        if statute is not None:
            loaded[raw["statute"]] = statute
            versions.append(_version(parsed, raw, ("versions", i), len(versions) + 1, statute))
    if len(versions) == len(listed):
        versions = _with_ends(versions)
        problems += _amendments.check(versions, name)
    if any(p.severity is Severity.ERROR for p in problems):
        raise StatuteError(problems)
    return History(tuple(_with_defaults(versions)), name)


def _statute(
    parsed: Parsed, name: str, base: Path, file: str, path: PathKey, problems: list[Finding]
) -> Statute | None:
    where = parsed.value_at((*path, "statute"))
    line, column = (where.line, where.column) if where else (None, None)
    target = base / file
    try:
        missing = not target.exists()
    except (OSError, ValueError):  # a name too long, say: load says why (E100)
        missing = False
    if missing:
        message = _("the statute file {file} does not exist", file=file)
        problems.append(Finding("E902", message, name, line, column))
        return None
    try:
        return load(target)
    except StatuteError as error:
        message = _(
            "the statute file {file} cannot be loaded: {count} problem(s)",
            file=file,
            count=len(error.problems),
        )
        problems.append(Finding("E903", message, name, line, column))
        problems.extend(error.problems)
        return None


def _version(
    parsed: Parsed, raw: dict[str, Any], path: PathKey, number: int, statute: Statute
) -> Version:
    adopted = raw.get("adopted")
    approved = raw.get("approved")
    in_force = as_date(raw["in_force"])
    assert in_force is not None
    return Version(
        number=number,
        statute=statute,
        file=raw["statute"],
        in_force=in_force,
        adopted=None
        if adopted is None
        else Adoption(
            date=_day(adopted["date"]),
            body=adopted["body"],
            power=adopted.get("power"),
            provision=ProvisionRef.parse(adopted["provision"]) if "provision" in adopted else None,
            location=parsed.value_at((*path, "adopted")),
        ),
        approved=None
        if approved is None
        else Approval(
            date=_day(approved["date"]),
            authority=approved.get("authority"),
            location=parsed.value_at((*path, "approved")),
        ),
        note=raw.get("note"),
        location=parsed.value_at((*path, "in_force")),
    )


def _day(text: str) -> dt.date:
    day = as_date(text)
    assert day is not None  # the schema requires it
    return day


def _with_ends(versions: list[Version]) -> list[Version]:
    """Each version's last day: the day before the next one's in_force."""
    ended = [
        attrs.evolve(v, until=nxt.in_force - dt.timedelta(days=1))
        if nxt.in_force > v.in_force
        else v
        for v, nxt in itertools.pairwise(versions)
    ]
    return [*ended, *versions[len(ended) :]]


def _with_defaults(versions: list[Version]) -> list[Version]:
    """Each amendment's power and clause where the file leaves them to the
    version in force: ``legal_basis.changes`` and that power's provision."""
    done: list[Version] = []
    for version in versions:
        adopted = version.adopted
        then = next((v for v in reversed(done) if adopted and v.in_force <= adopted.date), None)
        if adopted is not None and then is not None:
            power = _amendments.power_of(version, then)
            provision = adopted.provision
            if provision is None and power is not None:
                provision = then.statute.power(power).provision
            version = attrs.evolve(
                version, adopted=attrs.evolve(adopted, power=power, provision=provision)
            )
        done.append(version)
    return done
