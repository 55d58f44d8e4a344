"""The statute's own terms of joining and leaving, beyond kinds and notice.

``membership.admission.requires: [kommunalbestyrelse_decision]``: a
municipality is admitted only once its own council's decision to join is on
record (the law layer's event ``kommunalbestyrelse-decision``, matter
``admission``). The statute asks it whether or not the protocol records the
statute's lifecycle under the law; a founder of a statute in force under the
law was decided with the statute itself.

``membership.classes``: a member admitted is of a class, the statute's where
it names the member's class, else the fact ``member_class`` of the admission,
else the first class; the class is recorded (a ``Term`` of kind ``class``) for
the fee it pays. ``membership.partners`` are never members: a membership or
participation act whose subject is a partner is refused.

``membership.withdrawal.registered_by``: a withdrawal takes effect when the
named body (e.g. the secretariat) registers it, so a membership transition
into a withdrawn state is accepted from that body only; an exclusion (by
``membership.exclusion.by``) is not a withdrawal.
"""

from __future__ import annotations

from ..i18n import _
from ..statute.model import LifecycleKind, MemberKind, Membership, MembershipClass, Transition
from ._shown import shown_day
from .changes import AddTerm, Effect, Subject
from .facts import municipality_of
from .law_state import council_decided, founder
from .ledger import Event
from .lifecycle import Compiled, Meaning
from .members import member_kind
from .reading import ReplayView
from .state import RuleViolation, Term

_MEMBERSHIP = LifecycleKind.MEMBERSHIP
#: The fact an admission uses for the class of a member the statute does not place.
CLASS_FACT = "member_class"

Effects = tuple[Effect, ...]
#: The law's name of the matter a council decides when its municipality joins.
_ADMISSION = "admission"


def registers_withdrawal(replay: ReplayView, compiled: Compiled, transition: Transition) -> bool:
    """Whether ``transition`` is a withdrawal the statute has a body register:
    a member's act into a withdrawn state, not the exclusion's or its
    ratification (by other bodies), nor the clock's."""
    membership = replay.rules.statute.membership
    withdrawal = membership.withdrawal if membership is not None else None
    if compiled.kind is not _MEMBERSHIP or withdrawal is None or membership is None:
        return False
    if withdrawal.registered_by is None:
        return False
    if not replay.rules.has(compiled.kind, transition.dest, Meaning.WITHDRAWN):
        return False
    if transition.actor is None or all(
        replay.rules.has(compiled.kind, s, Meaning.WITHDRAWN) for s in transition.sources
    ):
        return False  # the clock, or a member already gone (a ratified exclusion)
    exclusion = membership.exclusion
    excluding = {exclusion.by, exclusion.ratified_by} if exclusion is not None else set()
    return transition.actor not in excluding or transition.actor == withdrawal.registered_by


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
    message = _(
        "a withdrawal takes effect when {body} registers it; '{event}' by "
        "{actor} is not that registration",
        body=body,
        event=event.kind,
        actor=event.actor,
    )
    raise RuleViolation("withdrawal-registered-by", message, withdrawal.provision)


def check_partner(replay: ReplayView, event: Event) -> None:
    """A partner the statute names is never a member nor a phase's participant."""
    rules = replay.rules
    membership = rules.statute.membership
    if membership is None or not membership.partners:
        return
    if event.kind not in rules.member_triggers:
        return
    partner = membership.partner(municipality_of(event.data, event.actor))
    if partner is None:
        return
    message = _(
        "{partner} is a partner the statute names, not a member: it is not admitted "
        "and takes no part as one ('{event}')",
        partner=partner.id,
        event=event.kind,
    )
    raise RuleViolation("partner-not-member", message, partner.provision or membership.provision)


def admission_terms(
    replay: ReplayView, compiled: Compiled, transition: Transition, subject: Subject, event: Event
) -> Effects:
    """Entering membership: the council's own decision where the statute requires
    it; the member's class recorded where the statute has classes."""
    rules = replay.rules
    membership = rules.statute.membership
    if compiled.kind is not _MEMBERSHIP or membership is None:
        return ()
    if not rules.has(_MEMBERSHIP, transition.dest, Meaning.MEMBER):
        return ()
    if rules.has(_MEMBERSHIP, replay.state(_MEMBERSHIP, subject, event.date), Meaning.MEMBER):
        return ()  # already a member
    member = str(subject)
    _check_council(replay, membership, member, event)
    # The day of admission counts where a fee is paid pro rata (economy.fee_for).
    pro_rata = any(r.pro_rata is not None for r in rules.statute.money_rules)
    admitted = (AddTerm(Term("admitted", member, event.date, event.actor)),) if pro_rata else ()
    return (*_class(membership, member, event), *admitted)


def _check_council(replay: ReplayView, membership: Membership, member: str, event: Event) -> None:
    """Admitting a municipality needs its council's own decision on record where
    the statute requires it (``admission.requires``)."""
    admission = membership.admission
    if admission is None or not admission.needs_council:
        return
    kind = member_kind(replay, member, event.data)
    if kind not in (None, MemberKind.KOMMUNE):
        return  # only a municipality has a kommunalbestyrelse
    if founder(replay, member, event.date) or council_decided(replay, member, _ADMISSION, member):
        return
    message = _(
        "{member} is admitted only on its kommunalbestyrelse's own decision to join; none is "
        "recorded (kommunalbestyrelse-decision, matter: admission)",
        member=member,
    )
    raise RuleViolation("council-decision-required", message, admission.provision)


def _class_closed(klass: MembershipClass, event: Event) -> str:
    """The days ``klass`` admits members on, and the day it was asked to."""
    facts = {
        "klass": klass.id,
        "start": shown_day(klass.open_from),
        "end": shown_day(klass.open_until),
        "day": shown_day(event.date),
    }
    if klass.open_from and klass.open_until:
        return _(
            "the class {klass} admits members only from {start} until {end}, not on {day}", **facts
        )
    if klass.open_from:
        return _("the class {klass} admits members only from {start}, not on {day}", **facts)
    return _("the class {klass} admits members only until {end}, not on {day}", **facts)


def _class(membership: Membership, member: str, event: Event) -> Effects:
    """The class a member is admitted to: the statute's, else the stated one, else the first."""
    if not membership.classes:
        return ()
    raw = event.data.get(CLASS_FACT)
    cited = membership.classes[0].provision or membership.provision
    if raw is not None and (not isinstance(raw, str) or membership.membership_class(raw) is None):
        ids = ", ".join(c.id for c in membership.classes)
        message = _(
            "'{fact}' is one of {classes}, not {value}",
            fact=CLASS_FACT,
            classes=ids,
            value=repr(raw),
        )
        raise RuleViolation("unknown-member-class", message, cited)
    named = membership.member(member)
    if named is not None and named.member_class and raw not in (None, named.member_class):
        message = _(
            "the statute places {member} in the class {klass}, not {stated}",
            member=member,
            klass=named.member_class,
            stated=raw,
        )
        raise RuleViolation("member-class", message, named.provision or cited)
    klass = membership.class_of(member, raw if isinstance(raw, str) else None)
    assert klass is not None
    if not klass.open_on(event.date):
        message = _class_closed(klass, event)
        raise RuleViolation("member-class-closed", message, klass.provision or cited)
    term = Term(
        "class", member, event.date, event.actor, klass.id, provision=klass.provision or cited
    )
    return (AddTerm(term),)
