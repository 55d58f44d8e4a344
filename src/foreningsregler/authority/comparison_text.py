"""A comparison of statutes as text for people, in the current language.

The statutes compared and their labels; each aspect with every statute's
answer; then every power matched across the statutes with who may exercise
it in each (the holder, and every body delegations reach, with the chain,
conditions, amount limit and voting rule, all cited), the matches that rest
on an assumption said as such, the powers only one statute has listed apart;
the voting rules and money rules side by side; the linter's counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from ..i18n import _, ngettext, shown_number
from ..statute.problems import Finding, Severity
from .answers import Chain, cited
from .comparison import Comparison
from .matching import MatchKind
from .side_by_side import Holding, Matched, PowerSide, RuleSide
from .wording import required

#: Aspects the sections of matched rows say in full (not repeated as aspects).
_IN_ROWS = frozenset({"powers", "voting", "money"})


def comparison_text(comparison: Comparison, findings: Sequence[Sequence[Finding]]) -> list[str]:
    """The whole comparison, one line a list item."""
    width = max(len(name) for name in comparison.names)
    lines = [_("Statutes compared")]
    for source in comparison.sources:
        where = source.path or "-"
        version = source.version or "-"
        lines.append(
            f"  {source.label:<{width}}  "
            + _("{id}, version {version}, {path}", id=source.id, version=version, path=where)
        )
    for aspect in comparison.aspects:
        if aspect.key in _IN_ROWS:
            continue
        same = _(" (the same in all)") if aspect.same else ""
        lines.append(f"{aspect.title}{same}")
        for name, cell in zip(comparison.names, aspect.cells, strict=True):
            answers = [text + (f" [{cite}]" if cite else "") for text, cite in cell.items]
            first, *rest = answers or ["-"]
            lines.append(f"  {name:<{width}}  {first}")
            lines.extend(f"  {'':<{width}}  {answer}" for answer in rest)
    shared = [p for p in comparison.powers if p.match is not MatchKind.UNMATCHED]
    lines.append(_("Who may exercise each power (holders and delegations)"))
    for matched in shared:
        lines += _power_row(comparison.names, matched, width)
    if comparison.unmatched:
        lines.append(_("Powers in one statute only (not matched)"))
        for matched in comparison.unmatched:
            lines += _power_row(comparison.names, matched, width, only=True)
    lines += _rules(_("Voting rules side by side"), comparison.names, comparison.voting, width)
    lines += _rules(_("Money rules side by side"), comparison.names, comparison.money, width)
    lines.append(_("Check"))
    for name, found in zip(comparison.names, findings, strict=True):
        counts = Counter(f.severity for f in found)
        counted = _(
            "{errors} errors, {warnings} warnings, {notes} notes",
            errors=counts[Severity.ERROR],
            warnings=counts[Severity.WARNING],
            notes=counts[Severity.INFO],
        )
        lines.append(f"  {name:<{width}}  {counted}")
    return lines


def _title(matched: Matched) -> str:
    ids = " ~ ".join(dict.fromkeys(s.power for s in matched.sides if isinstance(s, PowerSide)))
    name = next(s.name for s in matched.sides if isinstance(s, PowerSide))
    same = _(" (the same in all)") if matched.same else ""
    return f"  {ids}: {name}{same}"


def _power_row(
    names: Sequence[str], matched: Matched, width: int, *, only: bool = False
) -> list[str]:
    lines = [_title(matched)]
    lines += [f"    {text}" for text in matched.assumptions]
    for name, side in zip(names, matched.sides, strict=True):
        if side is None:
            if not only:
                lines.append(f"    {name:<{width}}  " + _("no such power"))
            continue
        assert isinstance(side, PowerSide)
        said = [line for block in _holdings(side) for line in block]
        if not said:
            said = [_("no body may exercise it [{provision}]", provision=_provision(side))]
        first, *rest = said
        lines.append(f"    {name:<{width}}  {first}")
        lines.extend(f"    {'':<{width}}  {line}" for line in rest)
    return lines


def _provision(side: PowerSide) -> str:
    return side.provision or _("no provision")


def _holdings(side: PowerSide) -> Iterator[list[str]]:
    """Each holding's lines; the instances of one per-area template said once
    where they differ only by their area."""
    done: set[str] = set()
    for holding in side.holdings:
        template = holding.template
        if template is None:
            yield _holding(holding)
            continue
        if template in done:
            continue
        kin = [h for h in side.holdings if h.template == template]
        shown = [_holding(h, side.instances) for h in kin]
        if all(block == shown[0] for block in shown):
            done.add(template)
            count = ngettext(
                "(one per area: {count} body)", "(one per area: {count} bodies)", len(kin)
            )
            yield [f"{shown[0][0]} {count}", *shown[0][1:]]
        else:
            yield _holding(holding)


def _holding(holding: Holding, instances: Sequence[tuple[str, str]] = ()) -> list[str]:
    """A body that may exercise the power: how (holds it, or the chain that
    reaches it), then its conditions, limit, voting rule and requirements;
    with ``instances``, each per-area instance said by its template."""
    answer = holding.answer
    longest_first = sorted(instances, key=lambda pair: -len(pair[0]))

    def said(text: str) -> str:
        for instance, template in longest_first:
            text = text.replace(instance, template)
        return text

    lines = []
    for chain in answer.chains:
        if len(chain.steps) == 1:
            lines.append(
                said(_("{body} holds it [{provision}]", body=holding.body, provision=_last(chain)))
            )
        else:
            steps = " → ".join(str(step) for step in chain.steps[1:])
            lines.append(said(_("{body} by delegation: {steps}", body=holding.body, steps=steps)))
    if answer.more_text:
        lines.append(f"  {answer.more_text}")
    lines += [f"  {said(str(c))}" for c in answer.conditions]
    if holding.max_amount_kr is not None:
        amount = shown_number(holding.max_amount_kr)
        lines.append("  " + _("at most {amount} kr. per act", amount=amount))
    if answer.procedure is not None:
        lines.append(f"  {answer.procedure}")
    for requirement in answer.requires:
        lines.append(
            "  "
            + _(
                "needs {kind} from {body} first [{provision}]",
                kind=required(requirement.kind),
                body=requirement.body,
                provision=cited(requirement.provision),
            )
        )
    return lines


def _last(chain: Chain) -> str:
    return cited(chain.steps[-1].provision) if chain.steps else _("no provision")


def _rules(title: str, names: Sequence[str], rows: Sequence[Matched], width: int) -> list[str]:
    lines = [title]
    for matched in rows:
        ids = " ~ ".join(dict.fromkeys(s.id for s in matched.sides if isinstance(s, RuleSide)))
        same = _(" (the same in all)") if matched.same else ""
        lines.append(f"  {ids}{same}")
        lines += [f"    {text}" for text in matched.assumptions]
        for name, side in zip(names, matched.sides, strict=True):
            if side is None:
                lines.append(f"    {name:<{width}}  -")
                continue
            assert isinstance(side, RuleSide)
            cite = f" [{side.provision}]" if side.provision else ""
            lines.append(f"    {name:<{width}}  {side.text}{cite}")
    return lines
