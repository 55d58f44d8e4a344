"""A power exercised together with another body's chair ("sammen med formanden").

A requirement ``{kind: agreement, from: <body>, chair: true}`` is met by the
chair's own act, not by the body's vote: the event ``agree`` by the body,
``person`` the chair that day. The decision that needs it then finds the
agreement on the same matter, as it finds any prior (``check_priors``).
"""

from __future__ import annotations

from ..i18n import _
from ..statute.model import Body, Requirement
from ._shown import shown_day
from .composition import chair_of
from .ledger import Event
from .procedure import seated
from .reading import ReplayView
from .state import RuleViolation


def check_chair_agrees(
    replay: ReplayView, body: Body, requirement: Requirement, power: str, event: Event
) -> None:
    """``person`` is the chair of ``body`` on the day, and sits in it."""
    chair = chair_of(replay, body, event.date)
    person = event.data.get("person")
    if chair is None or chair not in {s.person for s in seated(replay, body.id, event.date)}:
        message = _(
            "{body} has no chair on {day}: no one can agree to {power} for it",
            body=body.id,
            day=shown_day(event.date),
            power=power,
        )
        raise RuleViolation("chair-agreement", message, requirement.provision)
    if person != chair:
        facts = {"power": power, "body": body.id, "chair": chair, "day": shown_day(event.date)}
        message = (
            _(
                "{power} needs the agreement of the chair of {body} in person, "
                "{chair} on {day}: {person} is not",
                person=person,
                **facts,
            )
            if isinstance(person, str)
            else _(
                "{power} needs the agreement of the chair of {body} in person, "
                "{chair} on {day}: name the chair (person)",
                **facts,
            )
        )
        raise RuleViolation("chair-agreement", message, requirement.provision)
