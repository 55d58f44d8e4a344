"""Readable text for people: statute summaries, answers and explanations.

Every line that states a rule ends with the provision it rests on, in
brackets; a rule marked as an assumption says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from ..i18n import N_, _, ngettext, shown_day, shown_number
from ..statute.model import FillMethod

if TYPE_CHECKING:  # only named in annotations: ``check`` does not import what it does not say
    from ..authority.index import Answer, Authority, Requirement
    from ..economy.simulation import Result, Sweep
    from ..protocol.state import State
    from ..statute.model import Body, Delegation, Power, ProvisionRef, Statute
    from ..testing.statute_tests import CaseResult


def kroner(oere: int) -> str:
    """``economy.money.kroner``, imported when a run is said (the economy
    imports the simulation, which ``check`` does not need)."""
    from ..economy.money import kroner as said

    return said(oere)


def encoded_sections(statute: Statute) -> list[str]:
    """The bodies, powers and delegations a statute encodes, each with its provision."""
    lines = _section(_("Bodies"), _unique_bodies(statute), lambda b: _body_line(statute, b))
    lines += _section(_("Powers"), statute.powers, _power_line)
    lines += _section(_("Delegations"), statute.delegations, _delegation_line)
    return lines


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
    cited = f"[{ref}]" if ref else _("[no provision]")
    return cited + (_(" (assumption)") if assumption else "")


def _body_line(statute: Statute, body: Body) -> str:
    ident, name = body.id, body.name
    if body.template is not None:
        count = len(statute.instances(body.template))
        ident = _("{template} (x{count} areas)", template=body.template, count=count)
        name = _template_name(statute, body)
    seats = _seats(body)
    fill = body.filled_by
    by = _as_template(body, fill.by)
    chosen = _("{method} by {body}", method=fill.method.value, body=by) if by else fill.method.value
    made = body.set_up_by
    if made is not None:  # a template until set up: say whose decision makes it
        chosen += _(", set up by decision of {body}", body=_as_template(body, made.body))
    cited = _cite(body.provision, body.assumption)
    return f"{ident}: {name}; {body.kind.value}, {seats}, {chosen} {cited}"


def _template_name(statute: Statute, body: Body) -> str:
    area = next(a for a in statute.areas if a.id == body.area)
    return body.name.replace(area.name, _("{area}"))


def _power_line(power: Power) -> str:
    needs = "".join(
        _("; needs {kind} from the chair of {body}", kind=r.kind.value, body=r.from_body)
        if r.chair
        else _("; needs {kind} from {body}", kind=r.kind.value, body=r.from_body)
        for r in power.requires
    )
    scope = (
        _("; within {scopes}", scopes=", ".join(sorted(s.value for s in power.scope)))
        if power.scope
        else ""
    )
    held = _("held by {holders}", holders=_holders(power))
    return (
        f"{power.id}: {power.name}; {held}{needs}{scope} {_cite(power.provision, power.assumption)}"
    )


def _holders(power: Power) -> str:
    return _(" and ").join(power.holders) if power.holders else _("no body")


def _delegation_line(d: Delegation) -> str:
    scopes = ", ".join(sorted(s.value for s in d.scope))
    scope = _(" within {scopes}", scopes=scopes) if d.scope else ""
    limit = (
        _(", at most {amount} kr. per act", amount=shown_number(d.max_amount_kr))
        if d.max_amount_kr is not None
        else ""
    )
    cited = _cite(d.provision, d.assumption)
    return f"{d.power}: {d.from_body} -> {d.to_body}{scope}{limit} {cited}"


# --- Answers and explanations --------------------------------------------------


def answer_text(answer: Answer) -> list[str]:
    """An answer: allowed or refused, each chain or denial with its provision."""
    verdict = _("ALLOWED") if answer.allowed else _("REFUSED")
    if answer.allowed and answer.conditions and not answer.evaluated:
        verdict = _("ALLOWED, if the conditions below hold")
    lines = [
        _(
            "{body} may exercise {power}: {verdict}",
            body=answer.body,
            power=answer.power,
            verdict=verdict,
        )
    ]
    for number, chain in enumerate(answer.chains if answer.allowed else (), start=1):
        lines.append("  " + _("chain {number}:", number=number))
        lines += [f"    {step}" for step in chain.steps]
    if answer.more_text:  # chains beyond the bound, counted (docs/format.md)
        lines.append("  " + answer.more_text)
    if answer.conditions and answer.allowed:
        state = _("met on the protocol") if answer.evaluated else _("to hold for each act")
        lines.append("  " + _("conditions ({state}):", state=state))
        lines += [f"    {condition}" for condition in answer.conditions]
    if answer.procedure is not None:
        lines.append(f"  {answer.procedure}")
    if answer.requires:
        lines.append("  " + _("the decision requires first:"))
        lines += [f"    {_requirement(r)}" for r in answer.requires]
    if answer.denials:
        lines.append("  " + _("refused because:"))
        lines += [f"    {denial}" for denial in answer.denials]
    return lines


def verdict_sentence(statute: Statute, answer: Answer, facts: Mapping[str, object]) -> str:
    """The answer in one sentence first, as a person asks it: yes or no, and why."""
    body = statute.body(answer.body).name
    power = statute.power(answer.power).name
    doing = power[:1].lower() + power[1:]
    where = _facts_text(facts)
    if not answer.allowed:
        why = str(answer.denials[0]) if answer.denials else _("no chain of provisions gives it")
        return _(
            "No: {body} may not {power}{facts}, because {why}.",
            body=body,
            power=doing,
            facts=where,
            why=why,
        )
    why = "; ".join(str(step) for step in answer.chains[0].steps) if answer.chains else ""
    if answer.conditions and not answer.evaluated:
        return _(
            "Yes, if the conditions below hold: {body} may {power}{facts}, because {why}.",
            body=body,
            power=doing,
            facts=where,
            why=why,
        )
    return _(
        "Yes: {body} may {power}{facts}, because {why}.",
        body=body,
        power=doing,
        facts=where,
        why=why,
    )


def _facts_text(facts: Mapping[str, object]) -> str:
    parts = []
    if facts.get("municipality"):
        parts.append(_(" for {municipality}", municipality=facts["municipality"]))
    if facts.get("phase"):
        parts.append(_(" in {phase}", phase=facts["phase"]))
    if facts.get("area"):
        parts.append(_(" in the area {area}", area=facts["area"]))
    day = facts.get("on")
    if isinstance(day, dt.date):
        parts.append(_(" on {day}", day=_day(day)))
    return "".join(parts)


def _requirement(requirement: Requirement) -> str:
    cited = requirement.provision or _("no provision")
    who = (
        _("the chair of {body} in person", body=requirement.body)
        if requirement.chair
        else requirement.body
    )
    if requirement.power:
        return _(
            "{kind} from {who} (made under {power}), on the same matter [{cited}]",
            kind=requirement.kind,
            who=who,
            power=requirement.power,
            cited=cited,
        )
    return _(
        "{kind} from {who}, on the same matter [{cited}]",
        kind=requirement.kind,
        who=who,
        cited=cited,
    )


def body_text(statute: Statute, authority: Authority, body: Body) -> list[str]:
    """Who fills a body, who chairs it, and every power it may exercise."""
    fill = body.filled_by
    chosen = _chosen(fill.method, fill.by)
    cited = _cite(fill.provision or body.provision, fill.assumption)
    lines = [
        f"{body.id}: {body.name}",
        "  " + _("seats: {seats}", seats=_seats(body)) + f" {_cite(body.provision, False)}",
        "  " + _("filled by: {chosen}", chosen=chosen) + f" {cited}",
    ]
    if body.drawn_from:
        drawn = _("drawn from: {body}", body=body.drawn_from)
        lines.append(f"  {drawn} {_cite(body.provision, body.assumption)}")
    lines += _set_up_lines(body)
    if body.chair is not None:
        chair = body.chair
        who = (
            _("a member of {body}", body=chair.from_body)
            if chair.from_body
            else _("one of its members")
        )
        picked = _(", chosen by {body}", body=chair.chosen_by) if chair.chosen_by else ""
        chaired = _("chaired by: {who}", who=who + picked)
        lines.append(f"  {chaired} {_cite(chair.provision, chair.assumption)}")
    powers = authority.list_powers(body.id)
    lines.append("  " + _("powers ({count}):", count=len(powers)))
    for power_id in powers:
        answer = authority.check(body.id, power_id)
        lines += ["    " + line for line in answer_text(answer)]
    return lines


def _set_up_lines(body: Body) -> list[str]:
    """Who sets a body up by decision, its limits and who appoints its coordinator."""
    made, limits, coordinator = body.set_up_by, body.limits, body.coordinator
    if made is None:
        return []
    made_by = _("set up by decision of: {body}, under {power}", body=made.body, power=made.power)
    lines = [f"  {made_by} {_cite(made.provision, made.assumption)}"]
    if limits is not None:
        parts = (
            [_("budget {amount} kr.", amount=shown_number(limits.budget_kr))]
            if limits.budget_kr is not None
            else []
        )
        if limits.area:
            parts.append(_("area {area}", area=limits.area))
        if limits.product:
            parts.append(_("product {product}", product=limits.product))
        shown = _("limits: {limits}", limits=", ".join(parts))
        lines.append(f"  {shown} {_cite(limits.provision, limits.assumption)}")
    if coordinator is not None:
        cited = _cite(coordinator.provision, coordinator.assumption)
        who = _("coordinator appointed by: {body}", body=coordinator.appointed_by)
        lines.append(f"  {who} {cited}")
    return lines


def overview_text(statute: Statute, authority: Authority) -> list[str]:
    """The statute's central questions: who fills each body, who may do what."""
    lines = [f"{statute.metadata.name}", "", _("Who fills the bodies")]
    for body in _unique_bodies(statute):
        fill = body.filled_by
        by = _as_template(body, fill.by)
        chosen = _chosen(fill.method, by)
        name = body.template or body.id
        lines.append(
            f"  {name}: {_seats(body)}, {chosen} "
            f"{_cite(fill.provision or body.provision, fill.assumption)}"
        )
    lines += ["", _("Who may exercise each power")]
    for power in statute.powers:
        lines.append(f"  {power.id}: {power.name}")
        bodies = authority.list_bodies(power.id)
        shown = _collapse_areas(statute, bodies)
        for body_id in shown:
            answer = authority.check(body_id, power.id)
            lines += ["    " + line for line in answer_text(answer)]
        if len(shown) < len(bodies):
            others = _templates(statute, bodies)
            lines.append("    " + _("(and the same for the other areas' {bodies})", bodies=others))
        if not bodies:
            lines.append("    " + _("no body may exercise it"))
    return lines


_FILL_VERBS = {
    FillMethod.ELECTION: N_("elected by {body}"),
    FillMethod.APPOINTMENT: N_("appointed by {body}"),
    FillMethod.EMPLOYMENT: N_("employed by {body}"),
    FillMethod.PROCUREMENT: N_("procured by {body}"),
}


def _chosen(method: FillMethod, by: str | None) -> str:
    """Who fills the seats, in words: a body by its method, the members, or the statute."""
    if method is FillMethod.DESIGNATION:
        return _("named in the statute")
    verb = _FILL_VERBS.get(method)
    return _(verb, body=by) if verb is not None and by else _("all members")


def _as_template(body: Body, ref: str | None) -> str | None:
    """A per-area body's reference as written: ``f14``, not ``f14-it``."""
    suffix = f"-{body.area}"
    return ref.removesuffix(suffix) if ref and body.area else ref


def _seats(body: Body) -> str:
    if body.seats_min is not None:
        return _("{least}-{most} seats", least=body.seats_min, most=body.seats)
    if body.of_participants:
        return _("one seat per participant of its phase")
    if body.size is None:
        return _("one seat per member")
    if isinstance(body.seats, int):
        return ngettext("{count} seat", "{count} seats", body.seats)
    return _("{count} seats", count=body.seats)


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
    verdict = _("PASS") if result.passed else _("FAIL")
    head = "  " + _(
        "{verdict} line {line}: {name}", verdict=verdict, line=case.line, name=case.name
    )
    return [head, *(f"      {failure}" for failure in result.failures)]


def status_text(state: State) -> list[str]:
    """The association on one day, for people."""
    lines = [
        _(
            "The association on {day}: {state}",
            day=_day(state.on),
            state=state.association or _("no record"),
        )
    ]
    members = ", ".join(sorted(state.members)) or "-"
    lines.append(_("Members ({count}): {members}", count=len(state.members), members=members))
    others = {m: s for m, s in state.membership.items() if m not in state.members}
    if others:
        listed = ", ".join(f"{m} ({s})" for m, s in sorted(others.items()))
        lines.append(_("Others: {others}", others=listed))
    for phase in state.phases.values():
        period = _(
            "{start} to {end}",
            start=_day(phase.start) if phase.start else "?",
            end=_day(phase.end) if phase.end else "?",
        )
        lines.append(
            _(
                "Phase {phase} ({name}): {state}, {period}",
                phase=phase.id,
                name=phase.name or _("unnamed"),
                state=phase.state,
                period=period,
            )
        )
        joined = sorted(state.participants(phase.id))
        lines.append(
            "  "
            + _(
                "participants ({count}): {names}", count=len(joined), names=", ".join(joined) or "-"
            )
        )
    for body, seats in sorted(state.seats.items()):
        people = ", ".join(f"{s.person} ({s.municipality})" for s in seats)
        lines.append(_("Seats in {body}: {people}", body=body, people=people))
    for decision in state.decisions.values():
        lines.append(
            _(
                "Proposal {proposal} in {body}: {state}",
                proposal=decision.id,
                body=decision.body,
                state=decision.state,
            )
        )
    return lines


def _day(day: dt.date) -> str:
    """A day in text: ISO in English (as before), the Danish way in Danish."""
    return shown_day(day)


def run_text(result: Result) -> list[str]:
    """One simulation run: the years, and every refused act with its provision."""
    lines = [
        _(
            "seed {seed}: {recorded} acts recorded, {refused} refused",
            seed=result.seed,
            recorded=len(result.events),
            refused=len(result.refusals),
        )
    ]
    for year in result.years:
        lines.append(
            "  "
            + _(
                "{year}: {members} members, income {income}, costs {costs}, balance {balance}",
                year=year.year,
                members=f"{len(year.members):>2}",
                income=kroner(year.income),
                costs=kroner(year.costs),
                balance=kroner(year.balance),
            )
        )
    for refusal in result.refusals:
        event = refusal.event
        lines.append(
            "  "
            + _(
                "refused {kind} on {day} by {actor}: {message} [{provision}]",
                kind=event.kind,
                day=_day(event.date),
                actor=event.actor,
                message=refusal.message,
                provision=refusal.provision or _("no provision"),
            )
        )
    for breach in result.breaches:
        lines.append(
            "  "
            + _(
                "{year}: balance {balance} breaches the rule against debt [{provision}]",
                year=breach.year,
                balance=kroner(breach.balance),
                provision=breach.provision or _("no provision"),
            )
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
        _("{runs} runs from seed {seed}", runs=len(summary.runs), seed=summary.seed),
        _("running costs covered in {share:.1%} of the runs", share=summary.covered),
        _(
            "members needed to cover the running costs: {fewest} (largest first) to {most} "
            "(smallest first)",
            fewest=fewest,
            most=most,
        ),
        _("members per year (count: runs):"),
    ]
    years = range(summary.first_year, summary.first_year + len(summary.runs[0].members))
    for year in years:
        shown = ", ".join(f"{count}: {n}" for count, n in summary.members(year).items())
        lines.append(f"  {year}: {shown}")
    lines.append(_("mean payment per municipality over all years:"))
    lines += [f"  {m:<14} {kroner(v):>20}" for m, v in summary.mean_payments().items()]
    return lines
