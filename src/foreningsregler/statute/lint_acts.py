"""The linter's rules for acts done jointly or on another's authority.

An agreement required from a body's chair in person, of a body that has no
chair (E679); a transition the supervisory authority performs in a statute
that kommunestyrelseslovens § 60, stk. 2 does not govern (W452); a delegation
that passes a power on with a higher amount limit than it came with (W453).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import _, shown_number
from .law import Dissolution, kommunestyrelsesloven
from .model import Cited, Statute
from .problems import Finding


def lint_acts(statute: Statute) -> list[Finding]:
    """Every finding about joint acts and acts on another's authority."""
    return [
        *_chairless_agreements(statute),
        *_authority_transitions(statute),
        *_raised_limits(statute),
    ]


def _finding(statute: Statute, code: str, message: str, element: Cited) -> Finding:
    return Finding.at(statute.path, code, message, element)


def _chairless_agreements(statute: Statute) -> Iterator[Finding]:
    for power in statute.powers:
        for requirement in power.requires:
            bodies = statute.instances(requirement.from_body)
            if requirement.chair and bodies and all(b.chair is None for b in bodies):
                message = _(
                    "{power} needs the agreement of the chair of {body}, "
                    "but the statute gives {body} no chair",
                    power=power.id,
                    body=requirement.from_body,
                )
                yield _finding(statute, "E679", message, requirement)


def _authority_transitions(statute: Statute) -> Iterator[Finding]:
    """A transition by ``tilsynsmyndighed`` needs a basis whose dissolution rule
    is § 60, stk. 2's (all participants, or the authority on one's request)."""
    transitions = [
        t for lc in statute.lifecycles for t in lc.transitions if t.actor == "tilsynsmyndighed"
    ]
    if not transitions:
        return
    declared = statute.metadata.legal_basis
    law = kommunestyrelsesloven()
    basis = law.basis(declared.law) if declared is not None else None
    governed = basis is not None and any(
        r.dissolution is Dissolution.ALL_PARTICIPANTS for r in law.rules if r.basis == basis.id
    )
    if governed:
        return
    for transition in transitions:
        if declared is not None:
            message = _(
                "'{trigger}' is performed by the supervisory authority, but under {law} "
                "kommunestyrelseslovens § 60, stk. 2 does not govern the statute: the protocol "
                "will refuse it",
                trigger=transition.trigger,
                law=declared.law,
            )
        else:
            message = _(
                "'{trigger}' is performed by the supervisory authority, but without a legal "
                "basis kommunestyrelseslovens § 60, stk. 2 does not govern the statute: the "
                "protocol will refuse it",
                trigger=transition.trigger,
            )
        yield _finding(statute, "W452", message, transition)


def _raised_limits(statute: Statute) -> Iterator[Finding]:
    """A subdelegation cannot give more than its giver received: a higher limit
    on the onward delegation is never the one that applies."""
    for onward in statute.delegations:
        if onward.max_amount_kr is None:
            continue
        givers = {b.id for b in statute.instances(onward.from_body)} | {onward.from_body}
        for received in statute.delegations:
            limit = received.max_amount_kr
            into = {b.id for b in statute.instances(received.to_body)} | {received.to_body}
            if received.power != onward.power or limit is None or not givers & into:
                continue
            if onward.max_amount_kr > limit:
                fields = {
                    "giver": onward.from_body,
                    "power": onward.power,
                    "receiver": onward.to_body,
                    "onward": shown_number(onward.max_amount_kr),
                    "limit": shown_number(limit),
                }
                if received.provision:
                    message = _(
                        "{giver} passes {power} on to {receiver} with a limit of {onward} kr. "
                        "per act, but receives it with {limit} kr. ({provision}): the lower "
                        "limit applies",
                        provision=received.provision,
                        **fields,
                    )
                else:
                    message = _(
                        "{giver} passes {power} on to {receiver} with a limit of {onward} kr. "
                        "per act, but receives it with {limit} kr.: the lower limit applies",
                        **fields,
                    )
                yield _finding(statute, "W453", message, onward)
