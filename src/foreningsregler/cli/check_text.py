"""What ``check`` says: a short account a person reads in a minute.

First the statute and its size, the result, and what to look at first; then
the errors and warnings grouped by the provision they concern, each line
``path:line:col: CODE message`` so editors and CI can jump to it. The
assumptions, the duties the protocol cannot check and the notes on the law are
counted by default and listed, by provision, with ``--verbose``, which also
shows the bodies, powers and delegations the file encodes.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import N_, _, ngettext
from ..statute.model import ProvisionRef, Statute
from ..statute.problems import Finding, Severity

#: Notes that are not assumptions: the duties no act shows, and the law.
_DUTIES, _LAW = ("I502",), ("I510", "I511")


def check_text(statute: Statute, findings: Sequence[Finding], *, verbose: bool) -> list[str]:
    """The account of one statute file."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    warnings = [f for f in findings if f.severity is Severity.WARNING]
    notes = [f for f in findings if f.severity is Severity.INFO]
    duties = [f for f in notes if f.code in _DUTIES]
    law = [f for f in notes if f.code in _LAW]
    assumptions = [f for f in notes if f.code not in _DUTIES + _LAW]
    order = _order(statute)
    lines = [_head(statute), "  " + _size(statute), _result(errors, warnings, assumptions, duties)]
    lines += _first(order, errors, warnings, assumptions, verbose)
    if verbose:
        from .report import encoded_sections  # the report's module only for --verbose

        lines += encoded_sections(statute)
    lines += _group(_("Errors"), errors, order)
    lines += _group(_("Warnings"), warnings, order)
    for title, group in (
        (_("Assumptions"), assumptions),
        (_("Duties the protocol cannot check"), duties),
        (_("The law (kommunestyrelsesloven)"), law),
    ):
        lines += _group(title, group, order) if verbose else _counted(title, group)
    return lines


def _head(statute: Statute) -> str:
    meta = statute.metadata
    if meta.version:
        return _(
            "{path}: {name} ({status}, version {version})",
            path=statute.path,
            name=meta.name,
            status=meta.status.value,
            version=meta.version,
        )
    return _(
        "{path}: {name} ({status})", path=statute.path, name=meta.name, status=meta.status.value
    )


def _size(statute: Statute) -> str:
    return _(
        "{provisions} provisions, {bodies} bodies, {powers} powers, {delegations} delegations, "
        "{voting} voting rules, {money} money rules",
        provisions=len(statute.provisions),
        bodies=len(statute.bodies),
        powers=len(statute.powers),
        delegations=len(statute.delegations),
        voting=len(statute.voting_rules),
        money=len(statute.money_rules),
    )


def _result(
    errors: Sequence[Finding],
    warnings: Sequence[Finding],
    assumptions: Sequence[Finding],
    duties: Sequence[Finding],
) -> str:
    result = _(
        "Result: {errors} errors, {warnings} warnings, {assumptions} assumptions",
        errors=len(errors),
        warnings=len(warnings),
        assumptions=len(assumptions),
    )
    if duties:
        result += _(", {duties} duties not checked", duties=len(duties))
    return result


def _first(
    order: dict[str, int],
    errors: Sequence[Finding],
    warnings: Sequence[Finding],
    assumptions: Sequence[Finding],
    verbose: bool,
) -> list[str]:
    """What to look at first: the provision with the most errors, else warnings."""
    advice = (
        (
            errors,
            N_("First fix {provision} ({count} of {total} errors)."),
            N_("First fix the elements that cite no provision ({count} of {total} errors)."),
        ),
        (
            warnings,
            N_("First look at {provision} ({count} of {total} warnings)."),
            N_("First look at the elements that cite no provision ({count} of {total} warnings)."),
        ),
    )
    for found, cited, uncited in advice:
        if found:
            provision, count = _busiest(found, order)
            message = uncited if provision == _("(no provision)") else cited
            return [_(message, provision=provision, count=count, total=len(found))]
    if assumptions and verbose:
        return [
            ngettext(
                "Nothing to fix; {count} assumption to confirm against the sources.",
                "Nothing to fix; {count} assumptions to confirm against the sources.",
                len(assumptions),
            )
        ]
    if assumptions:
        return [
            ngettext(
                "Nothing to fix; {count} assumption to confirm against the sources "
                "(--verbose lists it).",
                "Nothing to fix; {count} assumptions to confirm against the sources "
                "(--verbose lists them).",
                len(assumptions),
            )
        ]
    return [_("Nothing to fix.")]


def _busiest(findings: Sequence[Finding], order: dict[str, int]) -> tuple[str, int]:
    counts: dict[str, int] = {}
    for finding in findings:
        key = _where(finding)
        counts[key] = counts.get(key, 0) + 1
    best = max(counts, key=lambda key: (counts[key], -order.get(key, len(order))))
    return best, counts[best]


def _order(statute: Statute) -> dict[str, int]:
    """Each provision's place in the statute: § 2, stk. 1 after § 2, before § 3."""
    order: dict[str, int] = {}
    for provision in statute.provisions:
        order[str(provision.ref)] = len(order)
        for stk in provision.stk:
            order[str(ProvisionRef(provision.number, stk.number))] = len(order)
    return order


def _where(finding: Finding) -> str:
    return finding.provision or _("(no provision)")


def _group(title: str, findings: Sequence[Finding], order: dict[str, int]) -> list[str]:
    if not findings:
        return []
    by_provision: dict[str, list[Finding]] = {}
    for finding in findings:
        by_provision.setdefault(_where(finding), []).append(finding)
    lines = [f"{title} ({len(findings)})"]
    for provision in sorted(by_provision, key=lambda p: order.get(p, len(order))):
        lines.append(f"  {provision}")
        lines += [f"    {_line(f)}" for f in by_provision[provision]]
    return lines


def _counted(title: str, findings: Sequence[Finding]) -> list[str]:
    if not findings:
        return []
    provisions = len({_where(f) for f in findings})
    return [
        _(
            "{title}: {count} in {provisions} provisions (--verbose lists them)",
            title=title,
            count=len(findings),
            provisions=provisions,
        )
    ]


def _line(finding: Finding) -> str:
    """``path:line:col: CODE message``, as editors and CI problem matchers read it."""
    place = finding.file or "<statute>"
    if finding.line is not None:
        place += f":{finding.line}:{finding.column or 1}"
    return f"{place}: {finding.code} {finding.message}"
