"""Readable text for people: statute summaries, answers and explanations.

Every line that states a rule ends with the provision it rests on, in
brackets; a rule marked as an assumption says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from ..authority.comparison import Comparison
from ..authority.index import Answer, Authority, Requirement
from ..economy.money import kroner
from ..economy.simulation import Result, Sweep
from ..protocol.state import State
from ..statute.model import Body, Delegation, FillMethod, Power, ProvisionRef, Statute
from ..statute.problems import Finding, Severity
from ..testing.statute_tests import CaseResult


def summary(statute: Statute, findings: list[Finding]) -> str:
    """A readable account of a statute and its findings."""
    meta = statute.metadata
    lines = [
        f"{statute.path}: {meta.name} ({meta.status.value}"
        + (f", version {meta.version})" if meta.version else ")")
    ]
    lines.append("  " + _counts(statute))
    lines += _section("Bodies", _unique_bodies(statute), lambda b: _body_line(statute, b))
    lines += _section("Powers", statute.powers, _power_line)
    lines += _section("Delegations", statute.delegations, _delegation_line)
    by_severity = {s: [f for f in findings if f.severity is s] for s in Severity}
    duties = [f for f in by_severity[Severity.INFO] if f.code == "I502"]
    law = [f for f in by_severity[Severity.INFO] if f.code in ("I510", "I511")]
    assumptions = [f for f in by_severity[Severity.INFO] if f.code not in ("I502", "I510", "I511")]
    for title, group in (
        ("Errors", by_severity[Severity.ERROR]),
        ("Warnings", by_severity[Severity.WARNING]),
        ("Assumptions", assumptions),
        ("Duties the protocol cannot check", duties),
        ("The law (kommunestyrelsesloven)", law),
    ):
        lines += _section(title, group, lambda f: _finding_line(f))
    checked = f", {len(duties)} duties not checked" if duties else ""
    lines.append(
        f"Result: {len(by_severity[Severity.ERROR])} errors, "
        f"{len(by_severity[Severity.WARNING])} warnings, "
        f"{len(assumptions)} assumptions{checked}"
    )
    return "\n".join(lines)


def _counts(statute: Statute) -> str:
    parts = [
        (len(statute.provisions), "provisions"),
        (len(statute.roles), "roles"),
        (len(statute.areas), "areas"),
        (len(statute.bodies), "bodies"),
        (len(statute.powers), "powers"),
        (len(statute.delegations), "delegations"),
        (len(statute.voting_rules), "voting rules"),
        (len(statute.money_rules), "money rules"),
    ]
    return ", ".join(f"{n} {label}" for n, label in parts)


def _section(title: str, items: Iterable[object], line: Callable[..., str]) -> list[str]:
    rows = [f"  {line(item)}" for item in items]
    return [f"{title} ({len(rows)})", *rows] if rows else []


def _unique_bodies(statute: Statute) -> list[Body]:
    seen: set[str] = set()
    result = []
    for body in statute.bodies:
        key = body.template or body.id
        if key not in seen:
            seen.add(key)
            result.append(body)
    return result


def _cite(ref: ProvisionRef | None, assumption: bool) -> str:
    cited = f"[{ref}]" if ref else "[no provision]"
    return cited + (" (assumption)" if assumption else "")


def _body_line(statute: Statute, body: Body) -> str:
    ident, name = body.id, body.name
    if body.template is not None:
        count = len(statute.instances(body.template))
        ident, name = f"{body.template} (x{count} areas)", _template_name(statute, body)
    seats = _seats(body)
    fill = body.filled_by
    by = _as_template(body, fill.by)
    chosen = fill.method.value + (f" by {by}" if by else "")
    made = body.set_up_by
    if made is not None:  # a template until set up: say whose decision makes it
        chosen += f", set up by decision of {_as_template(body, made.body)}"
    cited = _cite(body.provision, body.assumption)
    return f"{ident}: {name}; {body.kind.value}, {seats}, {chosen} {cited}"


def _template_name(statute: Statute, body: Body) -> str:
    area = next(a for a in statute.areas if a.id == body.area)
    return body.name.replace(area.name, "{area}")


def _power_line(power: Power) -> str:
    needs = "".join(
        f"; needs {r.kind.value} from {'the chair of ' if r.chair else ''}{r.from_body}"
        for r in power.requires
    )
    scope = f"; within {', '.join(sorted(s.value for s in power.scope))}" if power.scope else ""
    return (
        f"{power.id}: {power.name}; held by {_holders(power)}{needs}{scope} "
        f"{_cite(power.provision, power.assumption)}"
    )


def _holders(power: Power) -> str:
    return " and ".join(power.holders) if power.holders else "no body"


def _delegation_line(d: Delegation) -> str:
    scope = f" within {', '.join(sorted(s.value for s in d.scope))}" if d.scope else ""
    limit = f", at most {d.max_amount_kr} kr. per act" if d.max_amount_kr is not None else ""
    cited = _cite(d.provision, d.assumption)
    return f"{d.power}: {d.from_body} -> {d.to_body}{scope}{limit} {cited}"


def _finding_line(finding: Finding) -> str:
    place = f"{finding.line}:{finding.column}" if finding.line else "-"
    cited = f" [{finding.provision}]" if finding.provision else ""
    return f"{place} {finding.code} {finding.message}{cited}"


# --- Answers and explanations --------------------------------------------------


def answer_text(answer: Answer) -> list[str]:
    """An answer: allowed or refused, each chain or denial with its provision."""
    verdict = "ALLOWED" if answer.allowed else "REFUSED"
    if answer.allowed and answer.conditions and not answer.evaluated:
        verdict = "ALLOWED, if the conditions below hold"
    lines = [f"{answer.body} may exercise {answer.power}: {verdict}"]
    for number, chain in enumerate(answer.chains if answer.allowed else (), start=1):
        lines.append(f"  chain {number}:")
        lines += [f"    {step}" for step in chain.steps]
    if answer.conditions and answer.allowed:
        state = "met on the protocol" if answer.evaluated else "to hold for each act"
        lines.append(f"  conditions ({state}):")
        lines += [f"    {condition}" for condition in answer.conditions]
    if answer.procedure is not None:
        lines.append(f"  {answer.procedure}")
    if answer.requires:
        lines.append("  the decision requires first:")
        lines += [f"    {_requirement(r)}" for r in answer.requires]
    if answer.denials:
        lines.append("  refused because:")
        lines += [f"    {denial}" for denial in answer.denials]
    return lines


def _requirement(requirement: Requirement) -> str:
    under = f" (made under {requirement.power})" if requirement.power else ""
    cited = requirement.provision or "no provision"
    who = f"the chair of {requirement.body} in person" if requirement.chair else requirement.body
    return f"{requirement.kind} from {who}{under}, on the same matter [{cited}]"


def body_text(statute: Statute, authority: Authority, body: Body) -> list[str]:
    """Who fills a body, who chairs it, and every power it may exercise."""
    fill = body.filled_by
    chosen = _chosen(fill.method, fill.by)
    cited = _cite(fill.provision or body.provision, fill.assumption)
    lines = [
        f"{body.id}: {body.name}",
        f"  seats: {_seats(body)} {_cite(body.provision, False)}",
        f"  filled by: {chosen} {cited}",
    ]
    if body.drawn_from:
        lines.append(f"  drawn from: {body.drawn_from} {_cite(body.provision, body.assumption)}")
    lines += _set_up_lines(body)
    if body.chair is not None:
        chair = body.chair
        who = f"a member of {chair.from_body}" if chair.from_body else "one of its members"
        picked = f", chosen by {chair.chosen_by}" if chair.chosen_by else ""
        lines.append(f"  chaired by: {who}{picked} {_cite(chair.provision, chair.assumption)}")
    powers = authority.list_powers(body.id)
    lines.append(f"  powers ({len(powers)}):")
    for power_id in powers:
        answer = authority.check(body.id, power_id)
        lines += ["    " + line for line in answer_text(answer)]
    return lines


def _set_up_lines(body: Body) -> list[str]:
    """Who sets a body up by decision, its limits and who appoints its coordinator."""
    made, limits, coordinator = body.set_up_by, body.limits, body.coordinator
    if made is None:
        return []
    lines = [
        f"  set up by decision of: {made.body}, under {made.power} "
        f"{_cite(made.provision, made.assumption)}"
    ]
    if limits is not None:
        parts = [f"budget {limits.budget_kr} kr."] if limits.budget_kr is not None else []
        parts += [f"{k} {v}" for k, v in (("area", limits.area), ("product", limits.product)) if v]
        lines.append(f"  limits: {', '.join(parts)} {_cite(limits.provision, limits.assumption)}")
    if coordinator is not None:
        cited = _cite(coordinator.provision, coordinator.assumption)
        lines.append(f"  coordinator appointed by: {coordinator.appointed_by} {cited}")
    return lines


def overview_text(statute: Statute, authority: Authority) -> list[str]:
    """The statute's central questions: who fills each body, who may do what."""
    lines = [f"{statute.metadata.name}", "", "Who fills the bodies"]
    for body in _unique_bodies(statute):
        fill = body.filled_by
        by = _as_template(body, fill.by)
        chosen = _chosen(fill.method, by)
        name = body.template or body.id
        lines.append(
            f"  {name}: {_seats(body)}, {chosen} "
            f"{_cite(fill.provision or body.provision, fill.assumption)}"
        )
    lines += ["", "Who may exercise each power"]
    for power in statute.powers:
        lines.append(f"  {power.id}: {power.name}")
        bodies = authority.list_bodies(power.id)
        shown = _collapse_areas(statute, bodies)
        for body_id in shown:
            answer = authority.check(body_id, power.id)
            lines += ["    " + line for line in answer_text(answer)]
        if len(shown) < len(bodies):
            lines.append(f"    (and the same for the other areas' {_templates(statute, bodies)})")
        if not bodies:
            lines.append("    no body may exercise it")
    return lines


_FILL_VERBS = {
    FillMethod.ELECTION: "elected by",
    FillMethod.APPOINTMENT: "appointed by",
    FillMethod.EMPLOYMENT: "employed by",
    FillMethod.PROCUREMENT: "procured by",
}


def _chosen(method: FillMethod, by: str | None) -> str:
    """Who fills the seats, in words: a body by its method, the members, or the statute."""
    if method is FillMethod.DESIGNATION:
        return "named in the statute"
    verb = _FILL_VERBS.get(method)
    return f"{verb} {by}" if verb is not None and by else "all members"


def _as_template(body: Body, ref: str | None) -> str | None:
    """A per-area body's reference as written: ``f14``, not ``f14-it``."""
    suffix = f"-{body.area}"
    return ref.removesuffix(suffix) if ref and body.area else ref


def _seats(body: Body) -> str:
    if body.seats_min is not None:
        return f"{body.seats_min}-{body.seats} seats"
    if body.of_participants:
        return "one seat per participant of its phase"
    return (
        "one seat per member"
        if body.size is None
        else f"{body.seats} seat" + ("s" if body.seats != 1 else "")
    )


def _collapse_areas(statute: Statute, bodies: Iterable[str]) -> list[str]:
    """One instance per per-area template, so six areas read as one."""
    seen: set[str] = set()
    shown = []
    for body_id in bodies:
        template = statute.body(body_id).template
        if template is None or template not in seen:
            shown.append(body_id)
            if template is not None:
                seen.add(template)
    return shown


def _templates(statute: Statute, bodies: Iterable[str]) -> str:
    names = {statute.body(b).template for b in bodies} - {None}
    return ", ".join(sorted(n for n in names if n))


def case_text(result: CaseResult) -> list[str]:
    """One statute test case: PASS or FAIL with the line it is written on."""
    case = result.case
    head = f"  {'PASS' if result.passed else 'FAIL'} line {case.line}: {case.name}"
    return [head, *(f"      {failure}" for failure in result.failures)]


def status_text(state: State) -> list[str]:
    """The association on one day, for people."""
    lines = [f"The association on {state.on.isoformat()}: {state.association or 'no record'}"]
    lines.append(f"Members ({len(state.members)}): {', '.join(sorted(state.members)) or '-'}")
    others = {m: s for m, s in state.membership.items() if m not in state.members}
    if others:
        lines.append("Others: " + ", ".join(f"{m} ({s})" for m, s in sorted(others.items())))
    for phase in state.phases.values():
        period = f"{phase.start or '?'} to {phase.end or '?'}"
        lines.append(f"Phase {phase.id} ({phase.name or 'unnamed'}): {phase.state}, {period}")
        joined = sorted(state.participants(phase.id))
        lines.append(f"  participants ({len(joined)}): {', '.join(joined) or '-'}")
    for body, seats in sorted(state.seats.items()):
        people = ", ".join(f"{s.person} ({s.municipality})" for s in seats)
        lines.append(f"Seats in {body}: {people}")
    for decision in state.decisions.values():
        lines.append(f"Proposal {decision.id} in {decision.body}: {decision.state}")
    return lines


def run_text(result: Result) -> list[str]:
    """One simulation run: the years, and every refused act with its provision."""
    lines = [
        f"seed {result.seed}: {len(result.events)} acts recorded, {len(result.refusals)} refused"
    ]
    for year in result.years:
        lines.append(
            f"  {year.year}: {len(year.members):>2} members, income "
            f"{kroner(year.income)}, costs {kroner(year.costs)}, "
            f"balance {kroner(year.balance)}"
        )
    for refusal in result.refusals:
        event = refusal.event
        lines.append(
            f"  refused {event.kind} on {event.date} by {event.actor}: "
            f"{refusal.message} [{refusal.provision or 'no provision'}]"
        )
    for breach in result.breaches:
        lines.append(
            f"  {breach.year}: balance {kroner(breach.balance)} breaches the rule "
            f"against debt [{breach.provision or 'no provision'}]"
        )
    return lines


def run_json(result: Result) -> dict[str, object]:
    return {
        "seed": result.seed,
        "years": [
            {
                "year": y.year,
                "members": list(y.members),
                "payments_oere": dict(y.payments),
                "income_oere": y.income,
                "costs_oere": y.costs,
                "balance_oere": y.balance,
            }
            for y in result.years
        ],
        "refusals": [
            {
                "kind": r.event.kind,
                "date": r.event.date.isoformat(),
                "actor": r.event.actor,
                "rule": r.rule,
                "message": r.message,
                "provision": str(r.provision) if r.provision else None,
            }
            for r in result.refusals
        ],
        "breaches": [
            {
                "year": b.year,
                "balance_oere": b.balance,
                "provision": str(b.provision) if b.provision else None,
            }
            for b in result.breaches
        ],
    }


def sweep_text(summary: Sweep) -> list[str]:
    """A sweep: coverage, break-even, member counts per year, mean payments."""
    fewest, most = summary.break_even
    lines = [
        f"{len(summary.runs)} runs from seed {summary.seed}",
        f"running costs covered in {summary.covered:.1%} of the runs",
        f"members needed to cover the running costs: {fewest} (largest first) to {most} "
        "(smallest first); the Foranalyse's break-even is 7 [Foranalyse 5.5]",
        "members per year (count: runs):",
    ]
    years = range(summary.first_year, summary.first_year + len(summary.runs[0].members))
    for year in years:
        shown = ", ".join(f"{count}: {n}" for count, n in summary.members(year).items())
        lines.append(f"  {year}: {shown}")
    lines.append("mean payment per municipality over all years:")
    lines += [f"  {m:<14} {kroner(v):>20}" for m, v in summary.mean_payments().items()]
    return lines


def comparison_text(comparison: Comparison, findings: Sequence[Sequence[Finding]]) -> list[str]:
    """Each aspect, then each statute's answer to it, with its provisions."""
    width = max(len(name) for name in comparison.names)
    lines: list[str] = []
    for aspect in comparison.aspects:
        same = " (the same in all)" if aspect.same else ""
        lines.append(f"{aspect.title}{same}")
        for name, cell in zip(comparison.names, aspect.cells, strict=True):
            answers = [text + (f" [{cited}]" if cited else "") for text, cited in cell.items]
            first, *rest = answers or ["-"]
            lines.append(f"  {name:<{width}}  {first}")
            lines.extend(f"  {'':<{width}}  {answer}" for answer in rest)
    lines.append("Check")
    for name, found in zip(comparison.names, findings, strict=True):
        counts = Counter(f.severity for f in found)
        lines.append(
            f"  {name:<{width}}  {counts[Severity.ERROR]} errors, "
            f"{counts[Severity.WARNING]} warnings, {counts[Severity.INFO]} notes"
        )
    return lines
