"""The linter's rules for the statute's terms of joining and leaving.

E665: admission requires a municipality's council decision, but the statute
declares no legal basis under kommunestyrelsesloven, so the protocol can
never record that decision (``kommunalbestyrelse-decision`` needs one) and no
municipality can be admitted. W440: the withdrawal takes effect on a body's
registration, but no membership transition into a withdrawn state is that
body's, so no withdrawal can ever be registered. E666: a fee fixed only per
membership class (no bands, amounts per kind or category) leaves a class
without an amount. W441: a class whose fee another pays (``paid_by``), but no
fee fixes an amount for the class. E667: a pro-rata fraction above the whole
fee; E668: a pro-rata day the month does not have. E669: declining applies
to core phases only, but the statute has no core. W443: a core, but
declining any phase has the same effect. W442: an indexation on a
fee with no amount of its own to index (its amount is only decided yearly).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import _
from .model import Cited, LifecycleKind, Membership, MoneyKind, Statute
from .problems import Finding

#: Days of each month, February at its longest.
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def lint_memberx(statute: Statute) -> list[Finding]:
    """Every finding about the terms of joining and leaving, in no particular order."""
    membership = statute.membership
    if membership is None:
        return []
    return [
        *_council_without_basis(statute, membership),
        *_registration(statute, membership),
        *_class_fees(statute, membership),
        *_core(statute, membership),
    ]


def _core(statute: Statute, membership: Membership) -> Iterator[Finding]:
    declining = membership.declining_phase
    if declining is not None and declining.core_only and membership.core is None:
        message = _(
            "declining a phase leads to withdrawal only for core phases, but the statute has "
            "no common core (membership.core): no phase can be core"
        )
        yield _finding(statute, "E669", message, declining)
    if membership.core is not None and declining is not None and not declining.core_only:
        message = _(
            "the statute has a common core, but declining any phase leads to withdrawal "
            "(declining_phase.applies_to: all): core and optional phases are alike"
        )
        yield _finding(statute, "W443", message, membership.core)


def lint_fee_terms(statute: Statute) -> list[Finding]:
    """The findings about fees set by decision, pro rata and indexed."""
    found: list[Finding] = []
    for rule in statute.money_rules:
        share = rule.pro_rata
        if share is not None and share.fraction > 1:
            message = _(
                "{rule}: a member admitted late pays {fraction} of the fee, more than the whole",
                rule=rule.id,
                fraction=share.fraction,
            )
            found.append(_finding(statute, "E667", message, share))
        if share is not None and share.day > _DAYS[share.month - 1]:
            message = _(
                "{rule}: the pro-rata day {day}/{month} does not exist",
                rule=rule.id,
                day=share.day,
                month=share.month,
            )
            found.append(_finding(statute, "E668", message, share))
        if rule.indexation is not None and not (rule.bands or rule.per_kind or rule.per_class):
            message = _(
                "{rule} is indexed to {index}, but has no amount of its own "
                "(bands, per_kind, per_class): only the amount decided each year, which the "
                "index does not move",
                rule=rule.id,
                index=rule.indexation.index,
            )
            found.append(_finding(statute, "W442", message, rule.indexation))
    return found


def _finding(statute: Statute, code: str, message: str, element: Cited) -> Finding:
    return Finding.at(statute.path, code, message, element)


def _council_without_basis(statute: Statute, membership: Membership) -> Iterator[Finding]:
    admission = membership.admission
    if admission is None or not admission.needs_council:
        return
    if statute.metadata.legal_basis is not None:
        return
    message = _(
        "admission requires the municipality's kommunalbestyrelse decision, but the statute "
        "declares no legal basis (statute.legal_basis): that decision cannot be recorded, so "
        "no municipality can be admitted"
    )
    yield _finding(statute, "E665", message, admission)


def _registration(statute: Statute, membership: Membership) -> Iterator[Finding]:
    withdrawal = membership.withdrawal
    body = withdrawal.registered_by if withdrawal is not None else None
    if withdrawal is None or body is None:
        return
    lifecycle = statute.lifecycle(LifecycleKind.MEMBERSHIP)
    withdrawn = {s.id for s in lifecycle.states if "withdrawn" in s.means} if lifecycle else set()
    actors = {body, *(b.id for b in statute.instances(body))}
    transitions = lifecycle.transitions if lifecycle else ()
    if any(t.dest in withdrawn and t.actor in actors for t in transitions):
        return
    message = _(
        "a withdrawal takes effect when {body} registers it, but no membership transition "
        "into a withdrawn state is {body}'s: no withdrawal can be registered",
        body=body,
    )
    yield _finding(statute, "W440", message, withdrawal)


def _class_fees(statute: Statute, membership: Membership) -> Iterator[Finding]:
    fees = [r for r in statute.money_rules if r.kind is MoneyKind.MEMBERSHIP_FEE]
    for rule in fees:
        if not rule.per_class or rule.bands or rule.per_kind:
            continue
        for klass in membership.classes:
            if rule.for_class(klass.id) is None:
                message = _(
                    "{rule} fixes amounts only per membership class, but none for the class "
                    "{klass}: its members have no fee",
                    rule=rule.id,
                    klass=klass.id,
                )
                yield _finding(statute, "E666", message, rule)
    for klass in membership.classes:
        if klass.paid_by is None or any(r.for_class(klass.id) for r in fees):
            continue
        message = _(
            "the class {klass} is paid by {payer}, but no membership fee fixes an "
            "amount for it (per_class): what the payer pays is left open",
            klass=klass.id,
            payer=klass.paid_by,
        )
        yield _finding(statute, "W441", message, klass)
