"""What the report says, gathered from the statute before any HTML is written.

``gather(statute)`` reads the statute, the linter's findings
(``checks.check``) and the competence index (``Authority``) once, and gives
the plain values the template shows: the summary, each § and stk. with its
text, what the library encoded from it and the findings about it, and the
table of who may decide what. Every text a person reads is made here, in the
language of the moment (``i18n``), so the template holds no words of its own.
"""

from __future__ import annotations

from collections import defaultdict

import attrs

from ..authority.answers import Answer, EdgeKind, Step
from ..authority.index import Authority
from ..checks import check
from ..i18n import N_, _, ngettext
from ..statute.model import Body, Provision, ProvisionRef, RequirementKind, Statute
from ..statute.problems import Finding, Severity
from .encoding import GROUPS, REQUIREMENTS, Encoded, encoded
from .findings import FindingView, finding_view

#: The finding that lists an assumption: the report shows assumptions on the
#: elements and provisions themselves, with their reasons.
ASSUMPTION = "I501"


@attrs.frozen
class StkView:
    ref: ProvisionRef
    anchor: str
    text: str
    assumption: bool
    reason: str | None
    sources: tuple[str, ...]
    encoded: tuple[Encoded, ...]
    findings: tuple[FindingView, ...]


@attrs.frozen
class SectionView:
    number: int
    title: str
    anchor: str
    assumption: bool
    reason: str | None
    sources: tuple[str, ...]
    #: What cites the whole § (not one of its stk.).
    encoded: tuple[Encoded, ...]
    findings: tuple[FindingView, ...]
    stk: tuple[StkView, ...]

    @property
    def assumptions(self) -> int:
        own = [self.assumption, *(s.assumption for s in self.stk)]
        elements = [e.assumption for e in self.encoded] + [
            e.assumption for s in self.stk for e in s.encoded
        ]
        return sum(own) + sum(elements)

    @property
    def worst(self) -> str | None:
        """``error``, ``warning`` or None: the worst finding at this § or its stk."""
        found = {f.severity for f in self.findings} | {
            f.severity for s in self.stk for f in s.findings
        }
        return next((s for s in ("error", "warning") if s in found), None)


@attrs.frozen
class Advice:
    text: str
    anchor: str | None = None


@attrs.frozen
class Summary:
    sections: int
    stk: int
    encoded_stk: int
    elements: int
    assumptions: int
    errors: int
    warnings: int
    notes: int
    advice: tuple[Advice, ...]
    #: The summary's sentences, each a whole message.
    lines: tuple[str, ...]


@attrs.frozen
class PowerRow:
    body: str
    chains: tuple[str, ...]
    conditions: tuple[str, ...]
    requires: tuple[str, ...]
    voting: str
    instances: int = 1


@attrs.frozen
class PowerView:
    id: str
    name: str
    provision: str
    anchor: str | None
    assumption: bool
    rows: tuple[PowerRow, ...]


@attrs.frozen
class Content:
    statute: Statute
    summary: Summary
    sections: tuple[SectionView, ...]
    #: Findings that cite no provision of the statute.
    general: tuple[FindingView, ...]
    #: Elements that cite no provision.
    uncited: tuple[Encoded, ...]
    powers: tuple[PowerView, ...]
    groups: dict[str, str]


def anchor(ref: ProvisionRef) -> str:
    """The HTML id of a § (``p5``) or a stk. (``p5-2``)."""
    return f"p{ref.paragraph}" + (f"-{ref.stk}" if ref.stk else "")


def gather(statute: Statute) -> Content:
    findings = check(statute)
    elements = list(encoded(statute))
    placed, general = _place_findings(statute, findings)
    by_ref: dict[ProvisionRef, list[Encoded]] = defaultdict(list)
    for element in elements:
        if element.provision is not None:
            by_ref[element.provision].append(element)
    sections = tuple(_section(statute, p, by_ref, placed) for p in statute.provisions)
    summary = _summary(statute, sections, elements, findings)
    return Content(
        statute,
        summary,
        sections,
        tuple(general),
        tuple(e for e in elements if e.provision is None),
        _powers(statute),
        {group: _(heading) for group, heading in GROUPS.items()},
    )


def _place_findings(
    statute: Statute, findings: list[Finding]
) -> tuple[dict[ProvisionRef, list[FindingView]], list[FindingView]]:
    """Each finding (not the list of assumptions) at the § or stk. it cites."""
    placed: dict[ProvisionRef, list[FindingView]] = defaultdict(list)
    general: list[FindingView] = []
    for finding in findings:
        if finding.code == ASSUMPTION:
            continue
        view = finding_view(finding)
        ref = _ref(finding.provision)
        if ref is not None and ref.stk is not None and statute.provision(ref) is None:
            ref = ref.section
        if ref is None or statute.provision(ref) is None:
            general.append(view)
        else:
            placed[ref].append(view)
    return placed, general


def _ref(text: str | None) -> ProvisionRef | None:
    if text is None:
        return None
    try:
        return ProvisionRef.parse(text)
    except ValueError:
        return None


def _section(
    statute: Statute,
    provision: Provision,
    by_ref: dict[ProvisionRef, list[Encoded]],
    placed: dict[ProvisionRef, list[FindingView]],
) -> SectionView:
    ref = provision.ref
    stk = tuple(
        StkView(
            ProvisionRef(ref.paragraph, s.number),
            anchor(ProvisionRef(ref.paragraph, s.number)),
            s.text,
            s.assumption,
            s.reason,
            tuple(str(source) for source in s.sources),
            tuple(by_ref.get(ProvisionRef(ref.paragraph, s.number), ())),
            tuple(placed.get(ProvisionRef(ref.paragraph, s.number), ())),
        )
        for s in provision.stk
    )
    return SectionView(
        provision.number,
        provision.title,
        anchor(ref),
        provision.assumption,
        provision.reason,
        tuple(str(source) for source in provision.sources),
        tuple(by_ref.get(ref, ())),
        tuple(placed.get(ref, ())),
        stk,
    )


# --- The summary ------------------------------------------------------------------


def _summary(
    statute: Statute,
    sections: tuple[SectionView, ...],
    elements: list[Encoded],
    findings: list[Finding],
) -> Summary:
    stk_count = sum(len(s.stk) for s in sections)
    encoded_stk = sum(1 for s in sections for k in s.stk if k.encoded or s.encoded)
    count = {severity: 0 for severity in Severity}
    for finding in findings:
        if finding.code != ASSUMPTION:
            count[finding.severity] += 1
    assumptions = sum(1 for f in findings if f.code == ASSUMPTION)
    lines = (
        ngettext(
            "The statute has {count} section (§) with {stk} subsections (stk.).",
            "The statute has {count} sections (§) with {stk} subsections (stk.).",
            len(sections),
            stk=stk_count,
        ),
        _(
            "The library encoded {encoded} of the {stk} subsections: {elements} rules,"
            " bodies, powers and other elements cite them.",
            encoded=encoded_stk,
            stk=stk_count,
            elements=len(elements),
        ),
        ngettext(
            "{count} provision or element rests on an assumption, not on the sources.",
            "{count} provisions and elements rest on an assumption, not on the sources.",
            assumptions,
        ),
        _(
            "The check found {errors} and {warnings}.",
            errors=ngettext("{count} error", "{count} errors", count[Severity.ERROR]),
            warnings=ngettext("{count} warning", "{count} warnings", count[Severity.WARNING]),
        ),
    )
    return Summary(
        len(sections),
        stk_count,
        encoded_stk,
        len(elements),
        assumptions,
        count[Severity.ERROR],
        count[Severity.WARNING],
        count[Severity.INFO],
        _advice(sections),
        lines,
    )


def _advice(sections: tuple[SectionView, ...]) -> tuple[Advice, ...]:
    """What to read first: errors, then warnings, then the provisions that rest
    most on assumptions."""
    advice: list[Advice] = []
    for severity, message in (
        ("error", N_("{section} has an error: the statute cannot work as written there.")),
        ("warning", N_("{section} has a warning: something is missing or unsourced.")),
    ):
        marked = [s for s in sections if s.worst == severity]
        advice += [
            Advice(_(message, section=f"§ {s.number} ({s.title})"), s.anchor) for s in marked[:3]
        ]
        if len(marked) > 3:
            advice.append(Advice(_("… and {count} more sections like it.", count=len(marked) - 3)))
    leaning = sorted((s for s in sections if s.assumptions), key=lambda s: -s.assumptions)
    for section in leaning[:3]:
        advice.append(
            Advice(
                ngettext(
                    "§ {number} ({title}) rests on {count} assumption: check its reason.",
                    "§ {number} ({title}) rests on {count} assumptions: check their reasons.",
                    section.assumptions,
                    number=section.number,
                    title=section.title,
                ),
                section.anchor,
            )
        )
    if not advice:
        advice.append(Advice(_("Nothing stands out: no errors, no warnings, no assumptions.")))
    return tuple(advice)


# --- Who may decide what ---------------------------------------------------------


def _powers(statute: Statute) -> tuple[PowerView, ...]:
    authority = Authority(statute)
    views = []
    for power in statute.powers:
        rows: dict[tuple[object, ...], PowerRow] = {}
        for body_id in authority.list_bodies(power.id):
            row = _row(statute, authority.check(body_id, power.id))
            key = (row.body, row.chains, row.conditions, row.requires, row.voting)
            if key in rows:
                rows[key] = attrs.evolve(rows[key], instances=rows[key].instances + 1)
            else:
                rows[key] = row
        provision = power.provision
        views.append(
            PowerView(
                power.id,
                power.name,
                str(provision) if provision else _("no provision"),
                anchor(provision) if provision else None,
                power.assumption,
                tuple(rows.values()),
            )
        )
    return tuple(views)


def _row(statute: Statute, answer: Answer) -> PowerRow:
    body = statute.body(answer.body)
    chains = tuple(
        " → ".join(_step(statute, step) for step in chain.steps) for chain in answer.chains
    )
    conditions = tuple(f"{c.text} ({c.provision or _('no provision')})" for c in answer.conditions)
    requires = tuple(
        f"{_(REQUIREMENTS[RequirementKind(r.kind)], body=_generic(statute, r.body))}"
        f" ({r.provision or _('no provision')})"
        for r in answer.requires
    )
    procedure = answer.procedure
    if procedure is None:
        voting = _("decides alone (one seat, or each member for itself)")
    else:
        voting = _(
            "{rule}, at a meeting ({provision})",
            rule=procedure.name or procedure.voting_rule,
            provision=procedure.provision or _("no provision"),
        )
        if procedure.written_allowed:
            voting = _(
                "{rule}, at a meeting or in writing ({provision})",
                rule=procedure.name or procedure.voting_rule,
                provision=procedure.provision or _("no provision"),
            )
    return PowerRow(_body_label(statute, body), chains, conditions, requires, voting)


def _step(statute: Statute, step: Step) -> str:
    cited = str(step.provision) if step.provision else _("no provision")
    if step.kind is EdgeKind.HOLDS:
        return _(
            "{body} holds it ({provision})",
            body=_generic(statute, step.source),
            provision=cited,
        )
    return _(
        "delegated to {body} ({provision})", body=_generic(statute, step.target), provision=cited
    )


def _generic(statute: Statute, body_id: str) -> str:
    """A body's id; an area's instance by its template (``f3``), as the statute writes it."""
    try:
        body = statute.body(body_id)
    except KeyError:
        return body_id
    return body.template or body.id


def _body_label(statute: Statute, body: Body) -> str:
    if body.template is None:
        return f"{body.name} ({body.id})"
    area = next((a for a in statute.areas if a.id == body.area), None)
    name = body.name.replace(area.name, "…") if area is not None else body.name
    return _("{name} ({id}), in each area", name=name, id=body.template)
