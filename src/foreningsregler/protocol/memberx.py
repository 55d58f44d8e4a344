"""The statute's own terms of joining and leaving, beyond kinds and notice.

``membership.admission.requires: [kommunalbestyrelse_decision]``: a
municipality is admitted only once its own council's decision to join is on
record (the law layer's event ``kommunalbestyrelse-decision``, matter
``admission``). The statute asks it whether or not the protocol records the
statute's lifecycle under the law; a founder of a statute in force under the
law was decided with the statute itself.

``membership.withdrawal.registered_by``: a withdrawal takes effect when the
named body (e.g. the secretariat) registers it, so a membership transition
into a withdrawn state is accepted from that body only; an exclusion (by
``membership.exclusion.by``) is not a withdrawal.
"""

from __future__ import annotations

from ..statute.model import LifecycleKind, MemberKind, Transition
from .changes import Subject
from .law_state import council_decided, founder
from .ledger import Event
from .lifecycle import Compiled, Meaning
from .members import member_kind
from .reading import ReplayView
from .state import RuleViolation

_MEMBERSHIP = LifecycleKind.MEMBERSHIP
#: The law's name of the matter a council decides when its municipality joins.
_ADMISSION = "admission"


def registers_withdrawal(replay: ReplayView, compiled: Compiled, transition: Transition) -> bool:
    """Whether ``transition`` is a withdrawal the statute has a body register:
    into a withdrawn state, and not the exclusion's (by another body)."""
    membership = replay.rules.statute.membership
    withdrawal = membership.withdrawal if membership is not None else None
    if compiled.kind is not _MEMBERSHIP or withdrawal is None or membership is None:
        return False
    if withdrawal.registered_by is None:
        return False
    if not replay.rules.has(compiled.kind, transition.dest, Meaning.WITHDRAWN):
        return False
    excluded_by = membership.exclusion.by if membership.exclusion is not None else None
    return transition.actor != excluded_by or excluded_by == withdrawal.registered_by


def check_registration(
    replay: ReplayView, compiled: Compiled, transition: Transition, event: Event
) -> None:
    """A withdrawal takes effect on the named body's registration, by no one else."""
    if not registers_withdrawal(replay, compiled, transition):
        return
    membership = replay.rules.statute.membership
    assert membership is not None and membership.withdrawal is not None
    withdrawal = membership.withdrawal
    body = withdrawal.registered_by
    assert body is not None
    if event.actor in {b.id for b in replay.rules.statute.instances(body)}:
        return
    message = (
        f"a withdrawal takes effect when {body} registers it; '{event.kind}' by "
        f"{event.actor} is not that registration"
    )
    raise RuleViolation("withdrawal-registered-by", message, withdrawal.provision)


def check_council_decision(
    replay: ReplayView, compiled: Compiled, transition: Transition, subject: Subject, event: Event
) -> None:
    """Admitting a municipality needs its council's own decision on record where
    the statute requires it (``admission.requires``)."""
    rules = replay.rules
    membership = rules.statute.membership
    admission = membership.admission if membership is not None else None
    if compiled.kind is not _MEMBERSHIP or admission is None or not admission.needs_council:
        return
    if not rules.has(_MEMBERSHIP, transition.dest, Meaning.MEMBER):
        return
    if rules.has(_MEMBERSHIP, replay.state(_MEMBERSHIP, subject, event.date), Meaning.MEMBER):
        return  # already a member
    member = str(subject)
    kind = member_kind(replay, member, event.data)
    if kind not in (None, MemberKind.KOMMUNE):
        return  # only a municipality has a kommunalbestyrelse
    if founder(replay, member, event.date) or council_decided(replay, member, _ADMISSION, member):
        return
    message = (
        f"{member} is admitted only on its kommunalbestyrelse's own decision to join; none is "
        "recorded (kommunalbestyrelse-decision, matter: admission)"
    )
    raise RuleViolation("council-decision-required", message, admission.provision)
