"""What the protocol enforces of a statute, and what it only shows.

A rule that is shown but not enforced gives false assurance, so the linter
names each one: W405 where the statute states a rule the protocol would
enforce but the statute's own wiring keeps it from doing so (the author can
fix it), I502 where the statute states a duty that no recorded act can show
(it is listed, like an assumption, for the reader to keep in mind).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import _, ngettext
from ..statute.model import (
    Body,
    Grant,
    Lifecycle,
    LifecycleKind,
    Location,
    Meetings,
    PeriodEnd,
    ProvisionRef,
    Statute,
)
from ..statute.problems import Finding
from .lifecycle import Guard, Meaning

_WITHDRAWAL_CLOCKS = frozenset(
    {"notice_and_joined_phases_ended", "declined_and_joined_phases_ended"}
)


def lint_enforcement(statute: Statute) -> list[Finding]:
    """W405 and I502 findings of ``statute``, in file order."""
    return [
        *_membership(statute),
        *_bodies(statute),
        *_powers(statute),
        *_delegations(statute),
    ]


def _finding(
    statute: Statute, code: str, message: str, where: Location | None, cited: ProvisionRef | None
) -> Finding:
    line, column = (where.line, where.column) if where else (None, None)
    return Finding(code, message, statute.path, line, column, str(cited) if cited else None)


def _means(lifecycle: Lifecycle | None, state: str, meaning: Meaning) -> bool:
    found = next((s for s in lifecycle.states if s.id == state), None) if lifecycle else None
    return found is not None and meaning in found.means


def _membership(statute: Statute) -> Iterator[Finding]:
    membership = statute.membership
    if membership is None:
        return
    lifecycle = statute.lifecycle(LifecycleKind.MEMBERSHIP)
    withdrawal = membership.withdrawal
    if withdrawal is not None:
        yield from _withdrawal(statute, lifecycle, withdrawal.notice_months, withdrawal.earliest)
        if withdrawal.notice_to is PeriodEnd.FINANCIAL_YEAR and statute.financial_year is None:
            message = _(
                "withdrawal: notice runs to the end of a financial year, and the statute states "
                "none, so the calendar year is used"
            )
            yield _finding(statute, "I501", message, withdrawal.location, withdrawal.provision)
        if withdrawal.takes_contracts:
            message = _(
                "withdrawal: the member takes over its share of contracts; a duty "
                "the protocol records but cannot check"
            )
            yield _finding(statute, "I502", message, withdrawal.location, withdrawal.provision)
    for obligation in membership.obligations:
        # A duty a membership class names is its members' only (membership.classes).
        of = [c.id for c in membership.classes if obligation.kind in c.duties]
        message = (
            _(
                "obligation {kind}: a duty of members of the class {classes} "
                "the protocol cannot check",
                kind=obligation.kind,
                classes=", ".join(of),
            )
            if of
            else _(
                "obligation {kind}: a duty of every member the protocol cannot check",
                kind=obligation.kind,
            )
        )
        yield _finding(statute, "I502", message, obligation.location, obligation.provision)
    exclusion = membership.exclusion
    if exclusion is not None:
        yield from _exclusion(statute, lifecycle, exclusion.by)
    admission = membership.admission
    by = admission.by if admission is not None else None
    if admission is not None and by is not None and not _acts_into(lifecycle, Meaning.MEMBER, by):
        message = _(
            "admission by {by}: no transition of the membership lifecycle "
            "into a member state is performed by {by}",
            by=by,
        )
        yield _finding(statute, "W405", message, admission.location, admission.provision)


def _withdrawal(
    statute: Statute, lifecycle: Lifecycle | None, months: int | None, earliest: str
) -> Iterator[Finding]:
    withdrawal = statute.membership.withdrawal if statute.membership else None
    assert withdrawal is not None
    where, cited = withdrawal.location, withdrawal.provision
    has_notice = lifecycle is not None and any(Meaning.NOTICE in s.means for s in lifecycle.states)
    if months and not has_notice:
        message = ngettext(
            "withdrawal needs {count} month's notice, but no state of the membership "
            "lifecycle means 'notice', so notice cannot be given or counted",
            "withdrawal needs {count} months' notice, but no state of the membership "
            "lifecycle means 'notice', so notice cannot be given or counted",
            months,
        )
        yield _finding(statute, "W405", message, where, cited)
    if earliest == "phase_end" and lifecycle is not None:
        into = [t for t in lifecycle.transitions if _means(lifecycle, t.dest, Meaning.WITHDRAWN)]
        held = all(
            Guard.NO_JOINED_PHASE_UNENDED.value in t.guards or t.when in _WITHDRAWAL_CLOCKS
            for t in into
            if t.actor == "member" or t.when is not None
        )
        if not held:
            message = _(
                "withdrawal only when a phase has ended: a member's transition into a "
                "withdrawn state lacks the guard {guard}",
                guard=Guard.NO_JOINED_PHASE_UNENDED.value,
            )
            yield _finding(statute, "W405", message, where, cited)


def _exclusion(
    statute: Statute,
    lifecycle: Lifecycle | None,
    by: str,
) -> Iterator[Finding]:
    assert statute.membership is not None and statute.membership.exclusion is not None
    where = statute.membership.exclusion.location
    cited = statute.membership.exclusion.provision
    into = [
        t
        for t in (lifecycle.transitions if lifecycle else ())
        if _means(lifecycle, t.dest, Meaning.WITHDRAWN) and t.actor == by
    ]
    if not into:
        message = _(
            "exclusion by {by}: no transition of the membership lifecycle lets {by} exclude", by=by
        )
        yield _finding(statute, "W405", message, where, cited)
    if statute.membership.exclusion.grounds:
        message = _("exclusion grounds: a judgement of the deciding body the protocol cannot check")
        yield _finding(statute, "I502", message, where, cited)


def _acts_into(lifecycle: Lifecycle | None, meaning: Meaning, actor: str) -> bool:
    return lifecycle is not None and any(
        _means(lifecycle, t.dest, meaning) and t.actor == actor for t in lifecycle.transitions
    )


def _bodies(statute: Statute) -> Iterator[Finding]:
    seen: set[str] = set()
    for body in statute.bodies:
        key = body.template or body.id
        if key in seen:
            continue
        seen.add(key)
        yield from _body(statute, body)


def _body(statute: Statute, body: Body) -> Iterator[Finding]:
    label = body.template or body.id
    if body.voting is not None and body.size == 1:
        message = _(
            "{body} has one seat: its voting rule {rule} never applies",
            body=label,
            rule=body.voting,
        )
        yield _finding(statute, "W405", message, body.location, body.provision)
    meetings = body.meetings
    if meetings is not None and meetings.ordinary_per_year:
        yield _finding(
            statute, "I502", _meets(label, meetings), meetings.location, meetings.provision
        )


def _meets(label: str, meetings: Meetings) -> str:
    """A body's ordinary meetings a year: a duty the protocol records but cannot refuse
    (the window itself is refused: meeting-window)."""
    count, by, start = (
        meetings.ordinary_per_year or 0,
        meetings.ordinary_by_month,
        meetings.ordinary_from_month,
    )
    if by and start:
        return ngettext(
            "{body} meets at least {count} time(s) a year, in months {start}-{by}: "
            "a duty the protocol records (hold-meeting) but cannot refuse",
            "{body} meets at least {count} time(s) a year, in months {start}-{by}: "
            "a duty the protocol records (hold-meeting) but cannot refuse",
            count,
            body=label,
            start=start,
            by=by,
        )
    if by:
        return ngettext(
            "{body} meets at least {count} time(s) a year, before the end of month {by}: "
            "a duty the protocol records (hold-meeting) but cannot refuse",
            "{body} meets at least {count} time(s) a year, before the end of month {by}: "
            "a duty the protocol records (hold-meeting) but cannot refuse",
            count,
            body=label,
            by=by,
        )
    return ngettext(
        "{body} meets at least {count} time(s) a year: "
        "a duty the protocol records (hold-meeting) but cannot refuse",
        "{body} meets at least {count} time(s) a year: "
        "a duty the protocol records (hold-meeting) but cannot refuse",
        count,
        body=label,
    )


def _powers(statute: Statute) -> Iterator[Finding]:
    for power in statute.powers:
        if power.voting is None:
            continue
        holders = [b for ref in power.holders for b in statute.instances(ref)]
        if holders and all(statute.deciding_rule(b, power) is None for b in holders):
            message = _(
                "power {power}: its voting rule {rule} never applies, "
                "since every holder acts alone",
                power=power.id,
                rule=power.voting,
            )
            yield _finding(statute, "W405", message, power.location, power.provision)


def _delegations(statute: Statute) -> Iterator[Finding]:
    if statute.lifecycle(LifecycleKind.DELEGATION) is not None:
        return
    for delegation in statute.delegations:
        if delegation.granted is Grant.DECISION:
            message = _(
                "delegation {key} is granted by decision, but the statute has no "
                "delegation lifecycle: it can never be granted",
                key=delegation.key,
            )
            yield _finding(statute, "W405", message, delegation.location, delegation.provision)
