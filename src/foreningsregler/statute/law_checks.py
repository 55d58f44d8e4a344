"""The linter's rules of kommunestyrelsesloven: a statute against the law in
force on its date.

A statute that declares a legal basis (``statute.legal_basis``) is judged by
the law data (``law``) on its ``date`` (else its ``in_force``, else the day
its basis came into force): the basis must be in force then (E650); a § 60
statute must have the clauses the supervisory authority looks for (E651);
its dissolution (E652) and withdrawal (E653) must be ones the law allows;
a fixed ``in_force`` where an approval decides the day is only a plan (W430).
I510 says what the law asks of the statute's acts, and that the protocol
judges it once the statute's adoption is on record; I511 lists withdrawals
by the clock, which no approval can precede.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..i18n import N_, _, shown_day
from .law import Act, Basis, Duty, Law, kommunestyrelsesloven
from .legal_basis import LegalBasis
from .lifecycles import LifecycleKind, Transition
from .model import Element, Statute, VoteBase
from .problems import Finding

#: Where each clause the authority looks for is in a statute.
CLAUSE_WHERE = {
    "purpose": "statute.purpose",
    "members": N_("membership (eligible or municipalities)"),
    "bodies": N_("bodies and powers"),
    "money": "money_rules",
    "withdrawal": "membership.withdrawal",
    "dissolution": N_("a transition that dissolves the association, or clauses.dissolution"),
    "changes": N_("statute.legal_basis.changes (the power that changes the statute)"),
}
#: What the law asks for, as a message names it.
DUTY_TEXT = {Duty.APPROVAL: N_("approval"), Duty.NOTIFICATION: N_("notification")}
#: The acts the law attaches duties to, as a message names them.
ACT_TEXT = {
    Act.STATUTE: N_("statute"),
    Act.CHANGE: N_("change"),
    Act.ADMISSION: N_("admission"),
    Act.WITHDRAWAL: N_("withdrawal"),
    Act.DISSOLUTION: N_("dissolution"),
    Act.PHASE: N_("phase"),
}


def _duty(duty: Duty) -> str:
    return _(DUTY_TEXT[duty]) if duty in DUTY_TEXT else duty.value


def lint_law(statute: Statute, law: Law | None = None) -> list[Finding]:
    """W430, E650-E653, I510 and I511 for a statute with a legal basis; nothing otherwise."""
    declared = statute.metadata.legal_basis
    if declared is None:
        return []
    law = law or kommunestyrelsesloven()
    basis = law.basis(declared.law)
    if basis is None:  # the loader refuses it (E321); a hand-built model may not
        return []
    day = statute.metadata.date or statute.metadata.in_force or basis.start
    findings = list(_in_force(statute, law, basis, declared, day))
    if findings:
        return findings
    if basis.id == "kstl-60":
        findings += _clauses(statute, law, declared)
    findings += _dissolution(statute, law, basis, day)
    findings += _withdrawal(statute, law, basis, day)
    findings += _by_clock(statute, law, basis, day)
    findings += _fixed_in_force(statute, law, basis, day)
    findings.append(_duties(statute, law, basis, declared, day))
    return findings


def _finding(
    statute: Statute, code: str, message: str, element: Element | None, cited: object = None
) -> Finding:
    where = element.location if element is not None else None
    line, column = (where.line, where.column) if where else (None, None)
    provision = cited if cited is not None else (element.provision if element else None)
    return Finding(code, message, statute.path, line, column, str(provision) if provision else None)


def _in_force(
    statute: Statute, law: Law, basis: Basis, declared: LegalBasis, day: dt.date
) -> Iterator[Finding]:
    if day < law.covers_from:
        message = _(
            "the statute's date {day} lies before the law data (from {start}); "
            "{basis} cannot be judged on it",
            day=shown_day(day),
            start=shown_day(law.covers_from),
            basis=basis.id,
        )
        yield _finding(statute, "E650", message, declared, basis.provision)
    elif not basis.in_force(day):
        message = _(
            "{basis} ({provision}) is in force from {start}; the statute's date is {day}",
            basis=basis.id,
            provision=basis.provision,
            start=shown_day(basis.start),
            day=shown_day(day),
        )
        yield _finding(statute, "E650", message, declared, basis.provision)


def _present(statute: Statute, clause: str) -> bool:
    membership = statute.membership
    return {
        "purpose": bool(statute.metadata.purpose),
        "members": membership is not None
        and bool(membership.eligible or membership.municipalities),
        "bodies": bool(statute.bodies and statute.powers),
        "money": bool(statute.money_rules),
        "withdrawal": membership is not None and membership.withdrawal is not None,
        "dissolution": bool(_dissolving(statute)) or statute.clauses.dissolution is not None,
        "changes": statute.metadata.legal_basis is not None
        and statute.metadata.legal_basis.changes is not None,
    }[clause]


def _clauses(statute: Statute, law: Law, declared: LegalBasis) -> Iterator[Finding]:
    for clause in law.required_clauses:
        if not _present(statute, clause.id):
            message = _(
                "the supervisory authority looks for {clause} in a statute "
                "under {law}; this one has none ({where})",
                clause=clause.name.lower(),
                law=declared.law,
                where=_(CLAUSE_WHERE[clause.id]),
            )
            yield _finding(statute, "E651", message, declared, law.ref("§ 60, stk. 1"))


def _dissolving(statute: Statute) -> list[Transition]:
    """Acts that end the association: transitions into a final state of its lifecycle."""
    lifecycle = statute.lifecycle(LifecycleKind.ASSOCIATION)
    if lifecycle is None:
        return []
    final = {s.id for s in lifecycle.states if s.final}
    return [t for t in lifecycle.transitions if t.dest in final and t.trigger]


def _dissolution(statute: Statute, law: Law, basis: Basis, day: dt.date) -> Iterator[Finding]:
    duty, rule = law.duty(basis.id, Act.DISSOLUTION, day)
    clause = statute.clauses.dissolution
    if clause is not None and clause.notify_authority is False and duty is not Duty.NONE and rule:
        message = _(
            "the dissolution clause says the authority is not told; under {basis} "
            "dissolution needs its {duty}",
            basis=basis.id,
            duty=_duty(duty),
        )
        yield _finding(statute, "E652", message, clause, rule.provision)
    majority = law.dissolution_rule(basis.id, day)
    if majority is None or majority.dissolution is None:
        return
    if majority.dissolution.value == "majority_of_participants":
        yield from _majority_of_participants(statute, basis, majority.provision)


def _majority_of_participants(statute: Statute, basis: Basis, cited: object) -> Iterator[Finding]:
    """§ 60 a, stk. 2: a majority of the participants dissolves, on the statute's terms."""
    dissolving = _dissolving(statute)
    if not dissolving and statute.clauses.dissolution is None:
        message = _(
            "under {basis} the agreement is dissolved on its own terms; the statute states none",
            basis=basis.id,
        )
        yield _finding(statute, "E652", message, statute.metadata.legal_basis, cited)
    for transition in dissolving:
        power = statute.power(transition.power) if transition.power else None
        body = next(iter(statute.instances(transition.actor or "")), None)
        rule = statute.deciding_rule(body, power) if body is not None else None
        if body is not None and body.size is None and rule and rule.base is VoteBase.SEATS:
            continue
        fields = {"trigger": transition.trigger, "basis": basis.id, "cited": cited}
        if rule is not None:
            message = _(
                "'{trigger}' dissolves the association, but the voting rule {rule} counts "
                "{base}; under {basis} a majority of all the participants decides ({cited}): "
                "base: seats in a body of all members",
                rule=rule.id,
                base=rule.base.value,
                **fields,
            )
        else:
            message = _(
                "'{trigger}' dissolves the association, but no vote of all; under {basis} "
                "a majority of all the participants decides ({cited}): base: seats in a body of "
                "all members",
                **fields,
            )
        yield _finding(statute, "E652", message, transition, cited)


def _withdrawal(statute: Statute, law: Law, basis: Basis, day: dt.date) -> Iterator[Finding]:
    """A member may withdraw only on terms the statute states (§ 60 a, stk. 2;
    under § 60 the terms are reviewed with the statute)."""
    rule = law.withdrawal_rule(basis.id, day)
    lifecycle = statute.lifecycle(LifecycleKind.MEMBERSHIP)
    if rule is None or lifecycle is None:
        return
    if statute.membership is not None and statute.membership.withdrawal is not None:
        return
    gone = {s.id for s in lifecycle.states if "withdrawn" in s.means}
    member = {s.id for s in lifecycle.states if "member" in s.means}
    for t in lifecycle.transitions:
        if t.trigger and t.dest in gone and set(t.sources) & member and t.actor == "member":
            message = _(
                "'{trigger}' lets a member withdraw, but the statute states no terms "
                "(membership.withdrawal); under {basis} a member withdraws on the "
                "statute's terms",
                trigger=t.trigger,
                basis=basis.id,
            )
            yield _finding(statute, "E653", message, t, rule.provision)


def _fixed_in_force(statute: Statute, law: Law, basis: Basis, day: dt.date) -> Iterator[Finding]:
    """Where the law makes the statute take effect on an approval or a notification,
    a fixed ``in_force`` is at most a plan (W430)."""
    planned = statute.metadata.in_force
    duty, rule = law.duty(basis.id, Act.STATUTE, day)
    if planned is None or rule is None or duty is Duty.NONE:
        return
    message = _(
        "in_force {planned} is fixed, but under {basis} the statute takes effect on the "
        "supervisory authority's {duty}, which the protocol records "
        "(approve-statute, notify-statute); before it, the competence graph already counts "
        "the statute in force",
        planned=shown_day(planned),
        basis=basis.id,
        duty=_duty(duty),
    )
    yield _finding(statute, "W430", message, statute.metadata, rule.provision)


def _by_clock(statute: Statute, law: Law, basis: Basis, day: dt.date) -> Iterator[Finding]:
    """A withdrawal the clock makes (notice run out, a phase declined) has no act
    that an approval or a notification could come before (I511)."""
    duty, rule = law.duty(basis.id, Act.WITHDRAWAL, day)
    lifecycle = statute.lifecycle(LifecycleKind.MEMBERSHIP)
    if rule is None or duty is Duty.NONE or lifecycle is None:
        return
    gone = {s.id for s in lifecycle.states if "withdrawn" in s.means}
    for t in lifecycle.transitions:
        if t.when and t.dest in gone:
            message = _(
                "'when {clock}' makes a member withdraw by the clock; the {duty} "
                "{basis} asks for has no act to precede, so the protocol does not wait for it",
                clock=t.when,
                duty=_duty(duty),
                basis=basis.id,
            )
            yield _finding(statute, "I511", message, t, rule.provision)


def _duties(
    statute: Statute, law: Law, basis: Basis, declared: LegalBasis, day: dt.date
) -> Finding:
    """What the law asks of the statute's acts on its date (I510)."""
    authority = law.authority_on(day)
    parts = []
    for act in (Act.STATUTE, Act.CHANGE, Act.ADMISSION, Act.WITHDRAWAL, Act.DISSOLUTION):
        duty, rule = law.duty(basis.id, act, day)
        if rule is not None and duty is not Duty.NONE:
            parts.append(f"{_(ACT_TEXT[act])}: {_duty(duty)} [{rule.provision}]")
    council = law.council_rule(basis.id, Act.PHASE, day)
    who = authority.name if authority else _("no authority in the data")
    duties = "; ".join(parts) or _("no approval or notification")
    message = _(
        "{basis} on {day}: {duties}; supervisory authority: {authority}; "
        "each member's kommunalbestyrelse decides the statute, its changes, admission and "
        "joining a phase [{rule}]; the protocol "
        "judges these once the statute's adoption is recorded (adopt-statute)",
        basis=basis.id,
        day=shown_day(day),
        duties=duties,
        authority=who,
        rule=council.provision if council else _("no rule"),
    )
    return _finding(statute, "I510", message, declared, basis.provision)
