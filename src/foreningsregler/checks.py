"""The statute linter: what a loadable statute still lacks.

Loading refuses what cannot be trusted; these findings are what an adviser
should still read: provisions that encode nothing, elements that cite
nothing, provisions without a source, rules the protocol cannot enforce,
duties no act shows, and the list of assumptions.
"""

from __future__ import annotations

from collections.abc import Iterator

from .authority.lint import lint_authority
from .errors import expect
from .i18n import N_, _
from .protocol.coverage import lint_enforcement
from .protocol.lifecycle import lint_lifecycles
from .statute.law_checks import lint_law
from .statute.lint_acts import lint_acts
from .statute.lint_bodies import lint_bodies
from .statute.lint_clauses import lint_clauses
from .statute.lint_members import lint_members
from .statute.lint_memberx import lint_fee_terms, lint_memberx
from .statute.model import Location, Provision, ProvisionRef, Statute
from .statute.problems import Finding, Severity


def check(statute: Statute) -> list[Finding]:
    """Warnings and assumptions of a loaded statute, in file order."""
    expect(statute, Statute, "statute", N_("a Statute (from load)"))
    findings = [
        *_uncited_elements(statute),
        *_unused_provisions(statute),
        *_unsourced_provisions(statute),
        *_numbering(statute),
        *_assumptions(statute),
        *lint_lifecycles(statute),
        *lint_authority(statute),
        *lint_enforcement(statute),
        *lint_members(statute),
        *lint_clauses(statute),
        *lint_acts(statute),
        *lint_memberx(statute),
        *lint_fee_terms(statute),
        *lint_law(statute),
        *lint_bodies(statute),
    ]
    return sorted(findings, key=lambda f: (f.line or 0, f.column or 0, f.code))


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


def _finding(
    statute: Statute, code: str, message: str, where: Location | None, provision: object = None
) -> Finding:
    line, column = (where.line, where.column) if where else (None, None)
    cited = str(provision) if provision is not None else None
    return Finding(code, message, statute.path, line, column, cited)


def _uncited_elements(statute: Statute) -> Iterator[Finding]:
    for label, element in statute.elements():
        if element.provision is None and not element.assumption:
            message = _(
                "{element} cites no provision and is not marked as an assumption", element=label
            )
            yield _finding(statute, "W402", message, element.location)


def _cited_refs(statute: Statute) -> set[ProvisionRef]:
    return {e.provision for _label, e in statute.elements() if e.provision is not None}


def _unused_provisions(statute: Statute) -> Iterator[Finding]:
    cited = _cited_refs(statute)
    cited_sections = {ref.paragraph for ref in cited}
    for provision in statute.provisions:
        if provision.number not in cited_sections:
            message = _(
                "§ {number} ({title}) encodes nothing: no element cites it",
                number=provision.number,
                title=provision.title,
            )
            yield _finding(statute, "W401", message, provision.location, provision.ref)
            continue
        if any(ref.paragraph == provision.number and ref.stk is None for ref in cited):
            continue  # citing the whole § covers every stk.
        for stk in provision.stk:
            ref = ProvisionRef(provision.number, stk.number)
            if ref not in cited:
                message = _("{provision} encodes nothing: no element cites it", provision=ref)
                yield _finding(statute, "W401", message, stk.location, ref)


def _unsourced_provisions(statute: Statute) -> Iterator[Finding]:
    for provision in statute.provisions:
        if provision.sources or provision.assumption:
            continue
        for stk in provision.stk:
            if not stk.sources and not stk.assumption:
                ref = ProvisionRef(provision.number, stk.number)
                message = _(
                    "{provision} cites no source and is not marked as an assumption", provision=ref
                )
                yield _finding(statute, "W403", message, stk.location, ref)


def _numbering(statute: Statute) -> Iterator[Finding]:
    for expected, provision in enumerate(statute.provisions, start=1):
        if provision.number != expected:
            message = _(
                "§ {number} stands where § {expected} was expected",
                number=provision.number,
                expected=expected,
            )
            yield _finding(statute, "W404", message, provision.location, provision.ref)
            return


def _assumptions(statute: Statute) -> Iterator[Finding]:
    for provision in statute.provisions:
        yield from _provision_assumptions(statute, provision)
    for label, element in statute.elements():
        if element.assumption:
            message = f"{label}: {element.reason}"
            yield _finding(statute, "I501", message, element.location, element.provision)


def _provision_assumptions(statute: Statute, provision: Provision) -> Iterator[Finding]:
    if provision.assumption:
        message = f"§ {provision.number} ({provision.title}): {provision.reason}"
        yield _finding(statute, "I501", message, provision.location, provision.ref)
    for stk in provision.stk:
        if stk.assumption:
            ref = ProvisionRef(provision.number, stk.number)
            yield _finding(statute, "I501", f"{ref}: {stk.reason}", stk.location, ref)
