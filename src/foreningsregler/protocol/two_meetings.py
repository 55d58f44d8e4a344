"""The first vote on a decision that needs two consecutive meetings
(``voting_rules[].consecutive_meetings``), as the event ``first-vote``.

The first passing vote changes nothing but is recorded as pending: the act
itself (the transition, the ``exercise``, the proposal's vote) comes at the
body's next meeting, with its own passing vote, and ``tally.check_confirmed``
refuses it without this first one.
"""

from __future__ import annotations

from ..i18n import _
from .changes import AddPending, Effect
from .facts import matter, text
from .ledger import Event
from .procedure import check_in_office, check_power, decide, voting_rule
from .reading import ReplayView
from .state import RuleViolation
from .tally import pending_of

FIRST_VOTE = "first-vote"


def first_vote(replay: ReplayView, event: Event) -> tuple[Effect, ...]:
    """``power`` passed a first time by the actor at its meeting, on the matter
    the event names (``proposal``, ``phase``, ``delegation``, ``municipality``)."""
    proposal = event.data.get("proposal")
    meta = replay.decision_meta.get(proposal) if isinstance(proposal, str) else None
    # On a proposal, the power is the one it is decided under, unless named.
    power_id = meta[1] if meta and meta[1] and "power" not in event.data else None
    power_id = power_id or text(event.data, "power")
    if power_id not in replay.rules.power_ids:
        message = _("the statute has no power '{power}'", power=power_id)
        raise RuleViolation("unknown-power", message, None)
    power = replay.rules.statute.power(power_id)
    check_power(replay, event, power)
    body = replay.body(event.actor)
    assert body is not None  # check_power refused an actor that is no body
    rule = voting_rule(replay, body, power)
    if rule is None or rule.consecutive_meetings is None:
        if rule is not None:
            message = _(
                "{body} decides {power} by {rule}, at one meeting: no first vote is taken",
                body=body.id,
                power=power_id,
                rule=rule.id,
            )
        else:
            message = _(
                "{body} decides {power} by no voting rule, at one meeting: no first vote is taken",
                body=body.id,
                power=power_id,
            )
        raise RuleViolation("two-meetings", message, (rule or power).provision)
    check_in_office(replay, body, event.date)
    found = matter(event.data)
    decide(
        replay,
        body,
        rule,
        event.data,
        event.date,
        must_pass=True,
        power=power,
        about=found,
        confirming=False,
    )
    if (body.id, event.date) not in replay.meetings:
        message = _(
            "{rule} decides at two consecutive meetings of {body}, not in writing",
            rule=rule.id,
            body=body.id,
        )
        raise RuleViolation(
            "two-meetings", message, rule.consecutive_meetings.provision or rule.provision
        )
    return (AddPending(pending_of(body, power, found, event.date)),)
