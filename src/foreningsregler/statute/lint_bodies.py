"""The linter's rules for bodies, their officers and meetings (bodyx): what the
schema cannot see, and the duties the protocol records but cannot refuse.

An officer named like the chair or twice (E670); a role that outlives its
seat (W447); odd or even election years with an odd term (W448); an exclusion
ratified at the next meeting that cannot lapse, or lapses with no one to
ratify it (W449, E671).
Proposals the caller must send out before they are due at the body (W445); a
deadline after a demand no member can make (W446); a demanded meeting's
deadline and the minutes' deadline, duties (I502).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import N_, _, ngettext
from .model import Body, Cited, ElectionYears, LifecycleKind, Statute
from .problems import Finding

#: The clock condition under which an unratified exclusion lapses.
_LAPSE = "exclusion_not_ratified"
#: The roles choose-chair knows without an officer.
_RESERVED = frozenset({"chair", "vice-chair"})


def lint_bodies(statute: Statute) -> list[Finding]:
    """Every finding about the bodies' meetings, in no particular order."""
    seen: set[str] = set()
    found: list[Finding] = list(_ratification(statute))
    for body in statute.bodies:
        key = body.template or body.id
        if key not in seen:
            seen.add(key)
            found += _meetings(statute, body)
            found += _officers(statute, body)
            found += _election_years(statute, body)
    return found


def _officers(statute: Statute, body: Body) -> Iterator[Finding]:
    """E670: an officer named like the chair or the vice-chair, or twice; W447: a
    chair's or officer's term longer than the seat it is held from."""
    label, seen = body.template or body.id, set()
    for officer in body.officers:
        if officer.id in _RESERVED or officer.id in seen:
            said = (
                N_(
                    "{body} names an officer '{officer}', the chair's or vice-chair's role: "
                    "choose-chair cannot tell"
                )
                if officer.id in _RESERVED
                else N_("{body} names an officer '{officer}', twice: choose-chair cannot tell")
            )
            message = _(said, body=label, officer=officer.id)
            yield _finding(statute, "E670", message, officer, body)
        seen.add(officer.id)
    seat = body.filled_by.term_years
    if seat is None:
        return
    terms: list[tuple[str | None, int | None, Cited]] = [
        (o.id, o.term_years, o) for o in body.officers
    ]
    if body.chair is not None and body.chair.from_body is None:
        terms.append((None, body.chair.term_years, body.chair))
    for role, years, element in terms:
        if years is not None and years > seat:
            if role is None:
                message = _(
                    "the chair of {body} is chosen for {years} years from seats held for "
                    "{seat}: the role outlives the seat (it ends with the seat)",
                    body=label,
                    years=years,
                    seat=seat,
                )
            else:
                message = _(
                    "the {officer} of {body} is chosen for {years} years from seats held for "
                    "{seat}: the role outlives the seat (it ends with the seat)",
                    officer=role,
                    body=label,
                    years=years,
                    seat=seat,
                )
            yield _finding(statute, "W447", message, element, body)


def _election_years(statute: Statute, body: Body) -> Iterator[Finding]:
    """W448: elected only in odd (or even) years for an odd number of years: the
    next election falls in a year it is refused."""
    label = body.template or body.id
    chair = body.chair
    held: list[tuple[str, str | None, ElectionYears | None, int | None, Cited]] = [
        (_SEATS, None, body.filled_by.elected_in, body.filled_by.term_years, body.filled_by),
        *((_OFFICER, o.id, o.elected_in, o.term_years, o) for o in body.officers),
    ]
    if chair is not None:
        held.append((_CHAIR, None, chair.elected_in, chair.term_years, chair))
    for said, officer, years, term, element in held:
        if years is not None and term is not None and term % 2 == 1:
            message = _(
                said,
                officer=officer,
                body=label,
                years=_(_YEARS[years]),
                term=term,
            )
            yield _finding(statute, "W448", message, element, body)


_SEATS = N_(
    "the seats of {body}: elected in {years} years for {term} year(s), so the next election "
    "falls in a year it is refused"
)
_OFFICER = N_(
    "the {officer} of {body}: elected in {years} years for {term} year(s), so the next "
    "election falls in a year it is refused"
)
_CHAIR = N_(
    "the chair of {body}: elected in {years} years for {term} year(s), so the next election "
    "falls in a year it is refused"
)
#: Odd or even, as a message says it.
_YEARS = {ElectionYears.ODD: N_("odd"), ElectionYears.EVEN: N_("even")}


def _ratification(statute: Statute) -> Iterator[Finding]:
    """E671: an exclusion that lapses unratified, with no body to ratify it; W449: an
    exclusion to be ratified that never lapses (no ``exclusion_not_ratified``)."""
    membership = statute.membership
    exclusion = membership.exclusion if membership is not None else None
    lifecycle = statute.lifecycle(LifecycleKind.MEMBERSHIP)
    lapses = [t for t in (lifecycle.transitions if lifecycle else ()) if t.when == _LAPSE]
    ratified_by = exclusion.ratified_by if exclusion is not None else None
    if lapses and ratified_by is None:
        message = _(
            "an exclusion lapses when not ratified ({clock}), but membership.exclusion "
            "names no body to ratify it (ratified_by): the clock never runs",
            clock=_LAPSE,
        )
        yield _finding(statute, "E671", message, lapses[0])
    if exclusion is not None and ratified_by is not None and not lapses:
        message = _(
            "the exclusion is ratified by {body}'s next meeting, but no transition "
            "of the membership lifecycle lapses it ({clock}): an unratified exclusion stands",
            body=ratified_by,
            clock=_LAPSE,
        )
        yield _finding(statute, "W449", message, exclusion)


def _meetings(statute: Statute, body: Body) -> Iterator[Finding]:
    meetings, label = body.meetings, body.template or body.id
    if meetings is None:
        return
    sent, due = meetings.proposals_sent_days, meetings.proposals_before_days
    if sent is not None and due is not None and due < sent:
        message = _(
            "{body}'s proposals are sent out {sent} days before a meeting but need reach "
            "it only {due} days before: a proposal on time may come too late to be sent out",
            body=label,
            sent=sent,
            due=due,
        )
        yield _finding(statute, "W445", message, meetings)
    extra = meetings.extraordinary
    if extra is not None and extra.held_within is not None:
        if extra.members_fraction is None:
            message = _(
                "an extraordinary meeting of {body} is held within {within} of a "
                "demand, but no share of the members may demand one (members_fraction)",
                body=label,
                within=extra.held_within,
            )
            yield _finding(statute, "W446", message, extra, meetings)
        else:
            message = _(
                "a demanded extraordinary meeting of {body} is held within "
                "{within} of the demand: a duty the protocol records "
                "(demanded_on) but cannot refuse",
                body=label,
                within=extra.held_within,
            )
            yield _finding(statute, "I502", message, extra, meetings)
    if meetings.minutes_within_days is not None:
        message = ngettext(
            "the minutes of {body} are published within {count} day "
            "of the meeting: a duty the protocol records (publish-minutes) but cannot refuse",
            "the minutes of {body} are published within {count} days "
            "of the meeting: a duty the protocol records (publish-minutes) but cannot refuse",
            meetings.minutes_within_days,
            body=label,
        )
        yield _finding(statute, "I502", message, meetings)


def _finding(
    statute: Statute, code: str, message: str, element: Cited, within: Cited | None = None
) -> Finding:
    where = element.location
    line, column = (where.line, where.column) if where else (None, None)
    provision = element.provision or (within.provision if within is not None else None)
    return Finding(code, message, statute.path, line, column, str(provision) if provision else None)
