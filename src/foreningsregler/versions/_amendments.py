"""The checks of a history's versions: their order, and each amendment made
by the procedure of the version in force when it was adopted.

A version after the first is an amendment: adopted (E909) on a day some
earlier version was in force, by a body that may exercise the power to change
the statute under that version (``statute.legal_basis.changes`` or the
adoption's ``power``, E905), citing a provision that version has (E906);
approved where the law of the day requires it (E907), by the authority of the
day (E908); in force no earlier than its adoption and approval (E904). The
versions are in force one after another (E901), of one statute (E911), and a
statute's own ``in_force`` agrees with its version's (E910).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Sequence

from ..authority.answers import UnknownName
from ..authority.index import Authority
from ..i18n import _, shown_day
from ..statute.citation import Location
from ..statute.law import Act, Duty, kommunestyrelsesloven
from ..statute.model import Statute
from ..statute.problems import Finding
from .model import Adoption, Version


def check(versions: Sequence[Version], file: str) -> list[Finding]:
    """Every problem of the versions' order and of each amendment."""
    found: list[Finding] = []
    for i, version in enumerate(versions):
        found += list(_own(version, versions[0], versions[i - 1] if i else None, file))
        found += list(_dates(version, file))
        if i and version.adopted is None:
            message = _(
                "version {number} names no adoption (adopted: date, body): an amendment "
                "comes into force only by a decision",
                number=version.number,
            )
            found.append(_at("E909", message, file, version.location))
        elif version.adopted is not None:
            found += list(_adoption(version, version.adopted, versions[:i], file))
    return found


def power_of(version: Version, earlier: Version) -> str | None:
    """The power an amendment was adopted under: its own, else the earlier
    version's ``statute.legal_basis.changes``."""
    adopted = version.adopted
    if adopted is not None and adopted.power is not None:
        return adopted.power
    basis = earlier.statute.metadata.legal_basis
    return basis.changes if basis is not None else None


def _own(version: Version, first: Version, before: Version | None, file: str) -> Iterator[Finding]:
    if before is not None and version.in_force <= before.in_force:
        yield _at(
            "E901",
            _(
                "version {number} is in force from {day}, not after version {before} ({start})",
                number=version.number,
                day=shown_day(version.in_force),
                before=before.number,
                start=shown_day(before.in_force),
            ),
            file,
            version.location,
        )
    own = version.statute.metadata
    if own.id != first.statute.metadata.id:
        yield _at(
            "E911",
            _(
                "version {number} is the statute {id}, not {first}",
                number=version.number,
                id=own.id,
                first=first.statute.metadata.id,
            ),
            file,
            version.location,
        )
    if own.in_force is not None and own.in_force != version.in_force:
        yield _at(
            "E910",
            _(
                "version {number}'s statute says it is in force from {own}, the history {day}",
                number=version.number,
                own=shown_day(own.in_force),
                day=shown_day(version.in_force),
            ),
            file,
            version.location,
        )


def _dates(version: Version, file: str) -> Iterator[Finding]:
    """In force no earlier than adopted and approved; approved no earlier than adopted."""
    adopted, approved = version.adopted, version.approved
    steps = [
        (_("adopted"), adopted.date if adopted else None),
        (_("approved"), approved.date if approved else None),
    ]
    for what, day in steps:
        if day is not None and version.in_force < day:
            yield _at(
                "E904",
                _(
                    "version {number} is in force from {start}, before it was {what} on {day}",
                    number=version.number,
                    start=shown_day(version.in_force),
                    what=what,
                    day=shown_day(day),
                ),
                file,
                version.location,
            )
    if adopted is not None and approved is not None and approved.date < adopted.date:
        yield _at(
            "E904",
            _(
                "version {number} is approved on {day}, before it was adopted on {adopted}",
                number=version.number,
                day=shown_day(approved.date),
                adopted=shown_day(adopted.date),
            ),
            file,
            approved.location,
        )


def _adoption(
    version: Version, adopted: Adoption, earlier: Sequence[Version], file: str
) -> Iterator[Finding]:
    """The amendment by the procedure of the version in force on its day (the
    first version, which nothing before it governs, only by the law's)."""
    if not earlier:
        yield from _approval(version, version, adopted, Act.STATUTE, file)
        return
    then = next((v for v in reversed(earlier) if v.in_force <= adopted.date), None)
    if then is None:
        yield _at(
            "E905",
            _(
                "version {number} is adopted on {day}, when no version of the statute was in force",
                number=version.number,
                day=shown_day(adopted.date),
            ),
            file,
            adopted.location,
        )
        return
    yield from _power(version, then, adopted, file)
    if adopted.provision is not None and then.statute.provision(adopted.provision) is None:
        yield _at(
            "E906",
            _(
                "version {number} cites {provision}, which version {then} does not have",
                number=version.number,
                provision=str(adopted.provision),
                then=then.number,
            ),
            file,
            adopted.location,
        )
    yield from _approval(version, then, adopted, Act.CHANGE, file)


def _power(version: Version, then: Version, adopted: Adoption, file: str) -> Iterator[Finding]:
    power = power_of(version, then)
    if power is None:
        yield _at(
            "E905",
            _(
                "version {then} names no power to change the statute "
                "(statute.legal_basis.changes); name it as adopted.power",
                then=then.number,
            ),
            file,
            adopted.location,
        )
        return
    try:
        answer = _index(then.statute).check(adopted.body, power)
    except UnknownName as error:
        yield _at(
            "E905",
            _("version {then}: {error}", then=then.number, error=str(error)),
            file,
            adopted.location,
        )
        return
    if not answer.allowed:
        denial = answer.denials[0] if answer.denials else None
        yield _at(
            "E905",
            _(
                "{body} may not change the statute under version {then} ({power}): {why}",
                body=adopted.body,
                then=then.number,
                power=power,
                why=denial.message if denial else "",
            ),
            file,
            adopted.location,
            str(denial.provision) if denial and denial.provision else None,
        )


@functools.lru_cache(maxsize=4)
def _index(statute: Statute) -> Authority:
    """A version's index, compiled once however many amendments it governs
    (a few kept: the versions of one history are checked one after another)."""
    return Authority(statute)


def _approval(
    version: Version, then: Version, adopted: Adoption, act: Act, file: str
) -> Iterator[Finding]:
    """The approval the law of the adoption's day asks of the act, by the day's authority."""
    basis = then.statute.metadata.legal_basis
    if basis is None:
        return
    law = kommunestyrelsesloven()
    duty, rule = law.duty(basis.law, act, adopted.date)
    approved = version.approved
    if duty is Duty.APPROVAL and approved is None:
        yield _at(
            "E907",
            _(
                "version {number} needs the supervisory authority's approval (approved: date)",
                number=version.number,
            ),
            file,
            version.location,
            str(rule.provision) if rule is not None else None,
        )
    if approved is not None and approved.authority is not None:
        yield from _authority(version, approved.authority, approved.date, approved.location, file)


def _authority(
    version: Version, named: str, day: dt.date, where: Location | None, file: str
) -> Iterator[Finding]:
    expected = kommunestyrelsesloven().authority_on(day)
    if expected is not None and expected.id != named:
        yield _at(
            "E908",
            _(
                "version {number} is approved by {named}, but the supervisory authority "
                "on {day} is {expected}",
                number=version.number,
                named=named,
                day=shown_day(day),
                expected=expected.id,
            ),
            file,
            where,
        )


def _at(
    code: str, message: str, file: str, where: Location | None, provision: str | None = None
) -> Finding:
    line, column = (where.line, where.column) if where else (None, None)
    return Finding(code, message, file, line, column, provision)
