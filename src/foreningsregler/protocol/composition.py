"""A body's composition in the protocol: a range of seats, the chair and the
vice-chair (chosen, or rotating by a stated order), the casting vote,
alternates who step in, staggered terms and observers.

Pure checks on the read-only replay; ``built_in`` and ``procedure`` call
them and make the effects (this module never decides a vote itself).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..i18n import _, ngettext
from ..statute.calendar import add_months
from ..statute.model import Body, Officer, ProvisionRef, VotingRule
from ._shown import shown_day
from .changes import AddSeat, Effect, RemoveSeat, SetChair
from .election_years import check_role_year
from .pool import first_in_pool
from .reading import ReplayView
from .state import RuleViolation, Seat

CHAIR, VICE_CHAIR = "chair", "vice-chair"


# --- In office ------------------------------------------------------------------------


def short_of_office(view: ReplayView, body: Body, day: dt.date) -> str | None:
    """Why a body with a range of seats is not in office: fewer than its least
    seats filled; None when it is (or has no range)."""
    if body.seats_min is None:
        return None
    filled = len(view.seated(body.id, day))
    if filled >= body.seats_min:
        return None
    return _(
        "{body} has {filled} of at least {least} seats filled on {day}",
        body=body.id,
        filled=filled,
        least=body.seats_min,
        day=shown_day(day),
    )


# --- Chair and vice-chair ---------------------------------------------------------------


def rotation_chair(view: ReplayView, body: Body, day: dt.date) -> tuple[str | None, str | None]:
    """(the member whose turn it is, the person who sits for it) under a rotating
    chair; (None, None) where the chair does not rotate or the rotation has not begun."""
    rotation = body.chair.rotation if body.chair is not None else None
    if rotation is None:
        return None, None
    member = rotation.member(day.year, named_members(view))
    if member is None:
        return None, None
    person = next((s.person for s in view.seated(body.id, day) if s.municipality == member), None)
    return member, person


def named_members(view: ReplayView) -> tuple[str, ...]:
    """The members the statute names, by id: its municipalities, then
    ``membership.members``."""
    membership = view.rules.statute.membership
    if membership is None:
        return ()
    return tuple(dict.fromkeys(m.id for m in membership.roster))


def chair_of(view: ReplayView, body: Body, day: dt.date) -> str | None:
    """Who chairs ``body`` on ``day``: the rotation's chair, else the one chosen
    (while the chair's term runs)."""
    if body.chair is not None and body.chair.rotation is not None:
        return rotation_chair(view, body, day)[1]
    return chosen_chair(view, body, day)


def chosen_chair(view: ReplayView, body: Body, day: dt.date) -> str | None:
    """The chair chosen for ``body``, unless the chair's term ran out by ``day``."""
    term = body.chair.term_years if body.chair is not None else None
    return _within_term(view, body, CHAIR, view.chairs.get(body.id), term, day)


def _within_term(
    view: ReplayView, body: Body, role: str, person: str | None, term: int | None, day: dt.date
) -> str | None:
    chosen = view.chosen_on.get((body.id, role))
    if person is None or term is None or chosen is None:
        return person
    return person if day < add_months(chosen, 12 * term) else None


def term_ended(
    view: ReplayView, body: Body, role: str, term: int | None
) -> tuple[dt.date, dt.date] | None:
    """Why a role chosen once is held by no one: its term, chosen on the first
    day, ran out on the second; None where it has no term or was never chosen."""
    chosen = view.chosen_on.get((body.id, role))
    if chosen is None or term is None:
        return None
    return chosen, add_months(chosen, 12 * term)


def officers_on(view: ReplayView, day: dt.date) -> dict[str, dict[str, str]]:
    """body -> role -> person: who holds each chosen role on ``day``, sitting (the
    chair: in the body it is drawn from) and within its term."""
    found: dict[str, dict[str, str]] = {}
    for body in view.rules.statute.bodies:
        held = {CHAIR: chair_of(view, body, day), VICE_CHAIR: view.vice_chairs.get(body.id)}
        for officer in body.officers:
            person = view.officers.get((body.id, officer.id))
            held[officer.id] = _within_term(view, body, officer.id, person, officer.term_years, day)
        pool = body.chair.from_body if body.chair is not None and body.chair.from_body else None
        roles = {
            role: person
            for role, person in held.items()
            if person is not None
            and _sits(view, pool if role == CHAIR and pool else body.id, person, day)
        }
        if roles:
            found[body.id] = roles
    return found


def _sits(view: ReplayView, ref: str, person: str, day: dt.date) -> bool:
    bodies = view.rules.statute.instances(ref)
    return any(person == s.person for b in bodies for s in view.seated(b.id, day))


def chair_choice(
    view: ReplayView, body: Body, data: Mapping[str, Any], actor: str, day: dt.date
) -> tuple[str, SetChair]:
    """Who chooses the chair (or, with ``role: vice-chair``, the vice-chair) of
    ``body``, and the choice, checked; the chooser then decides it by its vote."""
    role = data.get("role", CHAIR)
    officer = body.officer(role) if isinstance(role, str) else None
    if officer is not None:
        return _officer_choice(view, body, officer, data, actor, day)
    if role not in (CHAIR, VICE_CHAIR):
        named = "".join(f", '{o.id}'" for o in body.officers)
        message = _(
            "role: {allowed}, not {value}",
            allowed=f"'{CHAIR}', '{VICE_CHAIR}'{named}",
            value=repr(role),
        )
        raise RuleViolation("bad-data", message, body.officers[0].provision if named else None)
    chair = body.chair
    if chair is None:
        message = _("the statute says nothing of who chairs {body}", body=body.id)
        raise RuleViolation("no-chair", message, None)
    chooser: str | None
    vice = body.vice_chair
    person = data.get("person")
    if not isinstance(person, str) or not person:
        raise RuleViolation("missing-data", _("the event needs '{key}' (text)", key="person"), None)
    cited = chair.provision
    if role == VICE_CHAIR:
        if vice is None:
            message = _("the statute gives {body} no vice-chair", body=body.id)
            raise RuleViolation("no-vice-chair", message, cited)
        chooser, cited = vice.chosen_by or chair.chosen_by or body.id, vice.provision
    else:
        # A rotating chair is recorded by the body itself; the rotation decides who.
        chooser = chair.chosen_by or chair.from_body or (body.id if chair.rotation else None)
    if chooser is None or actor not in {b.id for b in view.rules.statute.instances(chooser)}:
        raise RuleViolation("actor", _chooser(role == VICE_CHAIR, body, chooser, actor), cited)
    pool = chair.from_body or body.id
    sitting = {s.person for b in view.rules.statute.instances(pool) for s in view.seated(b.id, day)}
    if person not in sitting:
        facts = {"body": body.id, "pool": pool, "person": person}
        message = (
            _("the vice-chair of {body} is one of {pool}'s members; {person} is not", **facts)
            if role == VICE_CHAIR
            else _("the chair of {body} is one of {pool}'s members; {person} is not", **facts)
        )
        raise RuleViolation("not-eligible", message, cited)
    if role == CHAIR:
        _check_rotation(view, body, person, day)
    years = vice.elected_in if role == VICE_CHAIR and vice is not None else chair.elected_in
    check_role_year(view, body, role, years, day, cited)
    other = view.vice_chairs.get(body.id) if role == CHAIR else view.chairs.get(body.id)
    if other == person:
        message = _(
            "{person} cannot be both chair and vice-chair of {body}", person=person, body=body.id
        )
        raise RuleViolation("chair-and-vice-chair", message, cited)
    return chooser, SetChair(body.id, person, role)


def _chooser(vice: bool, body: Body, chooser: str | None, actor: str) -> str:
    """The refusal of a choice of the chair or vice-chair by one who does not choose it."""
    facts = {"body": body.id, "chooser": chooser, "actor": actor}
    if vice:
        if chooser is None:
            return _("the vice-chair of {body} is chosen by no body, not {actor}", **facts)
        return _("the vice-chair of {body} is chosen by {chooser}, not {actor}", **facts)
    if chooser is None:
        return _("the chair of {body} is chosen by no body, not {actor}", **facts)
    return _("the chair of {body} is chosen by {chooser}, not {actor}", **facts)


def _officer_choice(
    view: ReplayView,
    body: Body,
    officer: Officer,
    data: Mapping[str, Any],
    actor: str,
    day: dt.date,
) -> tuple[str, SetChair]:
    """An officer (kasserer, sekretær) chosen by ``officer.chosen_by`` (default the
    body itself) from the body's seat holders (an assumption where the statute
    does not say from whom)."""
    chooser, cited = officer.chosen_by or body.id, officer.provision or body.provision
    if actor not in {b.id for b in view.rules.statute.instances(chooser)}:
        message = _(
            "the {officer} of {body} is chosen by {chooser}, not {actor}",
            officer=officer.id,
            body=body.id,
            chooser=chooser,
            actor=actor,
        )
        raise RuleViolation("actor", message, cited)
    person = data.get("person")
    if not isinstance(person, str) or not person:
        raise RuleViolation("missing-data", _("the event needs '{key}' (text)", key="person"), None)
    if person not in {s.person for s in view.seated(body.id, day)}:
        message = _(
            "the {officer} of {body} is one of its members; {person} is not",
            officer=officer.id,
            body=body.id,
            person=person,
        )
        raise RuleViolation("not-eligible", message, cited)
    check_role_year(view, body, officer.id, officer.elected_in, day, cited)
    return chooser, SetChair(body.id, person, officer.id)


def _check_rotation(view: ReplayView, body: Body, person: str, day: dt.date) -> None:
    """A chosen chair must be the one the rotation gives for the year."""
    rotation = body.chair.rotation if body.chair is not None else None
    if rotation is None:
        return
    member, turn = rotation_chair(view, body, day)
    if member is None or turn == person:
        return
    facts = {"body": body.id, "year": day.year, "member": member, "person": person}
    message = (
        _(
            "the chair of {body} rotates: in {year} it is {member}'s turn, "
            "held by {holder}, not {person}",
            holder=turn,
            **facts,
        )
        if turn
        else _(
            "the chair of {body} rotates: in {year} it is {member}'s turn, "
            "held by no one (its seat is empty), not {person}",
            **facts,
        )
    )
    raise RuleViolation("chair-rotation", message, rotation.provision)


def check_casting_vote(
    view: ReplayView,
    body: Body,
    rule: VotingRule,
    day: dt.date,
    chair_absent: bool,
) -> None:
    """A casting vote counts only from who chairs that meeting: the rotation's
    chair, else the chair the body chose, else the one who led it
    (``chaired_by``); when the chair is absent (``chair_absent``, or the vice-chair
    led the meeting), the vice-chair, chosen and sitting."""
    chair = body.chair
    led_by = view.meeting_chairs.get((body.id, day))
    vice = view.vice_chairs.get(body.id)
    if chair_absent or (vice is not None and led_by == vice):
        _check_vice_chair(view, body, rule, day)
        return
    cited = chair.provision if chair is not None else rule.provision
    if chair is not None and chair.rotation is not None:
        member, person = rotation_chair(view, body, day)
        if person is not None:
            return
        message = (
            _(
                "a casting vote needs the chair of {body}; {member}'s seat is empty",
                body=body.id,
                member=member,
            )
            if member
            else _(
                "a casting vote needs the chair of {body}; the rotation has not begun", body=body.id
            )
        )
        raise RuleViolation("no-chair", message, chair.rotation.provision or cited)
    chosen = chair is not None and chair.chosen_by is not None
    person = chosen_chair(view, body, day) if chosen else led_by
    source = chair.from_body if chair is not None and chair.from_body else body.id
    pool = view.rules.statute.instances(source)
    if person is not None and any(person == s.person for b in pool for s in view.seated(b.id, day)):
        return
    raise RuleViolation("no-chair", _no_chair(view, body, person, chosen), cited)


def _no_chair(view: ReplayView, body: Body, person: str | None, chosen: bool) -> str:
    """Why no chair casts the deciding vote: who no longer sits, none chosen (or
    the chosen chair's term ended), or no one recorded as leading the meeting."""
    if not chosen:
        return _(
            "a casting vote needs the chair of {body}; "
            "the meeting records no one who led it (chaired_by)",
            body=body.id,
        )
    if person:
        return _(
            "a casting vote needs the chair of {body}; {person} no longer sits",
            body=body.id,
            person=person,
        )
    term = body.chair.term_years if body.chair is not None else None
    ended = term_ended(view, body, CHAIR, term) if view.chairs.get(body.id) else None
    if ended is not None:
        return _(
            "a casting vote needs the chair of {body}; no chair of {body} is chosen; "
            "the chair's term of {term} year(s) from {chosen} ended {end}",
            body=body.id,
            term=term,
            chosen=shown_day(ended[0]),
            end=shown_day(ended[1]),
        )
    return _("a casting vote needs the chair of {body}; no chair of {body} is chosen", body=body.id)


def _check_vice_chair(view: ReplayView, body: Body, rule: VotingRule, day: dt.date) -> None:
    vice = body.vice_chair
    if vice is None:
        cited = body.chair.provision if body.chair is not None else rule.provision
        message = _(
            "the chair of {body} is absent and the statute gives it no vice-chair", body=body.id
        )
        raise RuleViolation("no-chair", message, cited)
    person = view.vice_chairs.get(body.id)
    if person is not None and person in {s.person for s in view.seated(body.id, day)}:
        return
    message = (
        _(
            "the chair is absent; a casting vote needs the vice-chair of {body}; "
            "{person} no longer sits",
            body=body.id,
            person=person,
        )
        if person
        else _(
            "the chair is absent; a casting vote needs the vice-chair of {body}; "
            "no vice-chair of {body} is chosen",
            body=body.id,
        )
    )
    raise RuleViolation("no-chair", message, vice.provision)


# --- Alternates -------------------------------------------------------------------------


def alternate_seat(view: ReplayView, body: Body, seat: Seat, holder: str, day: dt.date) -> AddSeat:
    """An alternate elected for ``holder``, who sits in ``body``: for the same
    member, within the number of alternates per seat."""
    alternates = body.alternates
    if alternates is None:
        message = _("the statute gives {body} no alternates", body=body.id)
        raise RuleViolation("no-alternates", message, body.provision)
    cited = alternates.provision or body.provision
    held = next((s for s in view.seated(body.id, day) if s.person == holder), None)
    if held is None:
        message = _(
            "{holder} does not sit in {body}; an alternate stands in for a seat holder",
            holder=holder,
            body=body.id,
        )
        raise RuleViolation("no-seat", message, cited)
    taken = {s.person for s in (*view.seated(body.id, day), *view.alternates(body.id, day))}
    if seat.person in taken:
        message = _("{person} already sits in {body}", person=seat.person, body=body.id)
        raise RuleViolation("seat-taken", message, cited)
    if seat.municipality != held.municipality:
        message = _(
            "{holder} sits for {municipality}; an alternate for them is for "
            "{municipality} too, not for {other}",
            holder=holder,
            municipality=held.municipality,
            other=seat.municipality,
        )
        raise RuleViolation("alternate-member", message, cited)
    already = [s for s in view.alternates(body.id, day) if s.alternate_for == holder]
    if len(already) >= alternates.per_seat:
        message = ngettext(
            "{holder} has {count} alternate(s); {body} allows {allowed} per seat",
            "{holder} has {count} alternate(s); {body} allows {allowed} per seat",
            len(already),
            holder=holder,
            body=body.id,
            allowed=alternates.per_seat,
        )
        raise RuleViolation("alternates-full", message, cited)
    return AddSeat(
        Seat(body.id, seat.person, seat.municipality, seat.role, day, alternate_for=holder)
    )


def step_in(view: ReplayView, body: Body, vacated: Seat, day: dt.date) -> tuple[Effect, ...]:
    """A seat falls vacant: its first alternate takes it for the rest of the term
    (the term still runs from the vacated seat's start); else the pool's first."""
    alternate = next(
        (s for s in view.alternates(body.id, day) if s.alternate_for == vacated.person), None
    ) or first_in_pool(view, body, vacated, day)
    if alternate is None:
        return ()
    taken = Seat(
        body.id,
        alternate.person,
        alternate.municipality,
        alternate.role,
        day,
        vacated.renewed or vacated.since,
        vacated.term_years,
    )
    return (RemoveSeat(body.id, alternate.person), AddSeat(taken))


def check_alternates_present(
    view: ReplayView, body: Body, day: dt.date, count: int, cited: ProvisionRef | None
) -> None:
    """Alternates counted as present stand in for absent seat holders: no more
    than the body has alternates on the day."""
    if count == 0:
        return
    have = len(view.alternates(body.id, day))
    if count > have:
        message = _(
            "{count} alternates present, but {body} has {have} on {day}",
            count=count,
            body=body.id,
            have=have,
            day=shown_day(day),
        )
        raise RuleViolation("bad-vote", message, cited)


# --- Staggered terms --------------------------------------------------------------------


def staggered_term(
    view: ReplayView, body: Body, person: str, data: Mapping[str, Any], day: dt.date
) -> int | None:
    """The term of a seat elected on ``day``: the statute's, or a shorter one the
    election gives (``term_years``) under staggered terms; refused where more
    seats would end in one year than the share elected each year allows."""
    fill = body.filled_by
    cited = fill.provision or body.provision
    given = data.get("term_years")
    share = fill.yearly_share
    if given is not None and (
        share is None or not _whole(given) or not 1 <= given <= (fill.term_years or 0)
    ):
        message = (
            _("a shortened term_years is given between 1 and {most}", most=fill.term_years)
            if share is not None
            else _(
                "a shortened term_years is given only under staggered terms, "
                "which {body} does not have",
                body=body.id,
            )
        )
        raise RuleViolation("staggered", message, cited)
    if share is None or body.size is None or fill.term_years is None:
        return None
    years = int(given) if given is not None else fill.term_years
    ends = add_months(day, 12 * years).year
    same = sum(
        1
        for s in view.seated(body.id, day)
        if s.person != person and _ends(s, fill.term_years) == ends
    )
    size = body.size
    if body.seats_open:
        # No most: the share is of the seats there will be, at least the least.
        others = sum(1 for s in view.seated(body.id, day) if s.person != person)
        size = max(size, others + 1)
    allowed = _ceil(share * size)
    if same + 1 > allowed:
        message = _(
            "{same} seats of {body} already end in {year}; staggered terms elect at most "
            "{allowed} of {size} a year (a shorter term_years, or elect when seats are up)",
            same=same,
            body=body.id,
            year=ends,
            allowed=allowed,
            size=size,
        )
        raise RuleViolation("staggered", message, cited)
    return years if given is not None else None


def _ends(seat: Seat, term_years: int) -> int:
    return add_months(seat.renewed or seat.since, 12 * (seat.term_years or term_years)).year


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _ceil(value: Fraction) -> int:
    return -(-value.numerator // value.denominator)


# --- Observers --------------------------------------------------------------------------


def check_observers(view: ReplayView, body: Body, data: Mapping[str, Any], day: dt.date) -> None:
    """Observers at a meeting (``observers: [{person, sent_by}]``) are sent by
    those the statute lets send one, within the number each may send, and are
    not members of the body; they have no vote."""
    raw = data.get("observers")
    if raw is None:
        return
    observers = body.observers
    if observers is None:
        message = _("the statute lets no one send observers to {body}", body=body.id)
        raise RuleViolation("observers", message, body.provision)
    cited = observers.provision or body.provision
    if not isinstance(raw, list | tuple) or not all(
        isinstance(o, Mapping)
        and isinstance(o.get("person"), str)
        and isinstance(o.get("sent_by"), str)
        for o in raw
    ):
        message = _("observers: a list of {shape}", shape="{person, sent_by}")
        raise RuleViolation("bad-data", message, cited)
    sent: dict[str, int] = {}
    sitting = {s.person for s in view.seated(body.id, day)}
    for observer in raw:
        sender, person = str(observer["sent_by"]), str(observer["person"])
        if sender not in observers.sent_by:
            allowed = ", ".join(observers.sent_by)
            message = _(
                "{sender} may not send an observer to {body} (only {allowed})",
                sender=sender,
                body=body.id,
                allowed=allowed,
            )
            raise RuleViolation("observers", message, cited)
        sent[sender] = sent.get(sender, 0) + 1
        if sent[sender] > observers.per_sender:
            message = ngettext(
                "{sender} may send {count} observer(s) to {body}",
                "{sender} may send {count} observer(s) to {body}",
                observers.per_sender,
                sender=sender,
                body=body.id,
            )
            raise RuleViolation("observers", message, cited)
        if person in sitting:
            message = _(
                "{person} sits in {body}; a member is no observer", person=person, body=body.id
            )
            raise RuleViolation("observers", message, cited)
