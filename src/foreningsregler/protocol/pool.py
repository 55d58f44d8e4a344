"""A pool of alternates (suppleanter valgt som en liste): elected in order, not
for one seat holder; each stands in for any absent seat holder, and the first
elected takes a seat that falls vacant where no alternate of its own does --
from the same member, or from any member where the statute allows it
(``alternates.any_member``).
"""

from __future__ import annotations

import datetime as dt

from ..i18n import _
from ..statute.model import Body
from .changes import AddSeat
from .reading import ReplayView
from .state import RuleViolation, Seat

#: ``Seat.alternate_for`` of an alternate in the pool.
POOL = "pool"


def pool_seat(view: ReplayView, body: Body, seat: Seat, day: dt.date) -> AddSeat:
    """An alternate elected to ``body``'s pool (``elect`` with ``pool: true``)."""
    alternates = body.alternates
    if alternates is None or not alternates.pool:
        message = _("the statute gives {body} no pool of alternates", body=body.id)
        cited = alternates.provision if alternates is not None else body.provision
        raise RuleViolation("no-alternates", message, cited or body.provision)
    cited = alternates.provision or body.provision
    current = view.alternates(body.id, day)
    if seat.person in {s.person for s in (*view.seated(body.id, day), *current)}:
        message = _("{person} already sits in {body}", person=seat.person, body=body.id)
        raise RuleViolation("seat-taken", message, cited)
    pooled = [s for s in current if s.alternate_for == POOL]
    if len(pooled) >= alternates.pool:
        message = _(
            "the pool of alternates of {body} holds {count}, all elected",
            body=body.id,
            count=alternates.pool,
        )
        raise RuleViolation("alternates-full", message, cited)
    return AddSeat(
        Seat(body.id, seat.person, seat.municipality, seat.role, day, alternate_for=POOL)
    )


def first_in_pool(view: ReplayView, body: Body, vacated: Seat, day: dt.date) -> Seat | None:
    """The pool alternate who takes ``vacated``: the first elected, of the same
    member unless any member may step in."""
    alternates = body.alternates
    if alternates is None or not alternates.pool:
        return None
    return next(
        (
            s
            for s in view.alternates(body.id, day)
            if s.alternate_for == POOL
            and (alternates.any_member or s.municipality == vacated.municipality)
        ),
        None,
    )
