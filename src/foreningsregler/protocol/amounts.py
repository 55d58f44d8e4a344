"""Amount limits per act: the director's purchases up to N kr.

A delegation may carry ``max_amount_kr``: an act under it states what it
commits (``amount_kr``, whole kroner) and may not exceed the limit. A chain
of delegations allows the lowest limit on it; an act is within bounds when
some chain that grants it allows the amount, and a chain without a limit
(the holder acting itself) allows any.
"""

from __future__ import annotations

from ..authority.answers import Answer, Chain, Step
from ..i18n import _
from ._shown import shown_amount
from .ledger import Event
from .state import RuleViolation


def check_amount(event: Event, answer: Answer) -> None:
    """Refuse an act that commits more than every chain granting it allows."""
    chains = answer.chains
    if not chains:
        return
    for chain in chains:  # a chain without a limit allows any amount
        if chain.max_amount_kr is None:
            return
    limits = [chain.max_amount_kr for chain in chains]
    limit, chain = max(
        ((lim, c) for lim, c in zip(limits, answer.chains, strict=True) if lim is not None),
        key=lambda pair: pair[0],
    )
    step = _limiting(chain, limit)
    under = {"power": answer.power, "source": step.source, "target": step.target}
    amount = event.data.get("amount_kr")
    if amount is None:
        message = _(
            "{actor} acts under the delegation of {power} from {source} to {target}, "
            "limited to {limit} kr. per act: name what the act commits (amount_kr)",
            actor=event.actor,
            limit=shown_amount(limit),
            **under,
        )
        raise RuleViolation("delegation-limit", message, step.provision)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        message = _("{key} is whole kroner, not {value}", key="amount_kr", value=repr(amount))
        raise RuleViolation("bad-data", message, None)
    if amount > limit:
        message = _(
            "{amount} kr. exceeds the limit of {limit} kr. per act of the delegation of {power} "
            "from {source} to {target}",
            amount=shown_amount(amount),
            limit=shown_amount(limit),
            **under,
        )
        raise RuleViolation("delegation-limit", message, step.provision)


def _limiting(chain: Chain, limit: int) -> Step:
    """The step of the chain whose delegation sets its limit."""
    return next(s for s in chain.steps if s.max_amount_kr == limit)
