"""The drawings Jupyter shows for a statute, an answer, the competence graph and a comparison.

Registered with ``_display`` (see there why the wings ask for them that way):
a statute as its title, the report's summary and its competence graph; an
answer as its verdict with its chains, conditions, procedure and denials, each
citing its provision; an ``Authority`` as the competence graph in SVG. The
drawings are the report's own (``diagram``, ``drawing``): Graphviz's ``dot``
where it is installed, else the library's layout.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from .._display import register
from .._text import visible
from ..authority.answers import Answer, cited
from ..authority.comparison import Comparison
from ..authority.index import Authority
from ..authority.side_by_side import Matched, PowerSide
from ..i18n import _
from ..statute.model import Statute
from .content import gather
from .diagram import competence_diagram
from .drawing import draw

SVG_NAMESPACE = 'xmlns="http://www.w3.org/2000/svg"'


def statute_html(value: object) -> str:
    """The statute's title, the report's summary and its competence graph."""
    assert isinstance(value, Statute)
    meta = value.metadata
    title = _("{name} ({status})", name=meta.name, status=meta.status.value)
    lines = "".join(f"<li>{_shown(line)}</li>" for line in gather(value).summary.lines)
    return str(
        Markup("<div><h3>{title}</h3><ul>{lines}</ul>{graph}</div>").format(
            title=visible(title), lines=Markup(lines), graph=Markup(graph_svg(value))
        )
    )


def answer_html(value: object) -> str:
    """The answer as the command ``explain`` gives it, in HTML."""
    assert isinstance(value, Answer)
    verdict = _("ALLOWED") if value.allowed else _("REFUSED")
    if value.allowed and value.conditions and not value.evaluated:
        verdict = _("ALLOWED, if the conditions below hold")
    head = _(
        "{body} may exercise {power}: {verdict}",
        body=value.body,
        power=value.power,
        verdict=verdict,
    )
    parts = [f"<p><strong>{_shown(head)}</strong></p>"]
    for number, chain in enumerate(value.chains if value.allowed else (), start=1):
        parts.append(_listed(_("chain {number}:", number=number), chain.steps))
    if value.conditions and value.allowed:
        state = _("met on the protocol") if value.evaluated else _("to hold for each act")
        parts.append(_listed(_("conditions ({state}):", state=state), value.conditions))
    if value.procedure is not None:
        parts.append(f"<p>{_shown(str(value.procedure))}</p>")
    if value.requires:
        needs = [f"{r.kind}: {r.body} [{cited(r.provision)}]" for r in value.requires]
        parts.append(_listed(_("the decision requires first:"), needs))
    if value.denials:
        parts.append(_listed(_("refused because:"), value.denials))
    return f"<div>{''.join(parts)}</div>"


def authority_svg(value: object) -> str:
    """The competence graph of the authority's statute, as an SVG document."""
    assert isinstance(value, Authority)
    return graph_svg(value.statute)


def graph_svg(statute: Statute) -> str:
    """The competence graph as one ``<svg>`` element, with its namespace."""
    svg = str(draw(competence_diagram(statute)).svg)
    if SVG_NAMESPACE not in svg[: svg.index(">")]:
        svg = svg.replace("<svg", f"<svg {SVG_NAMESPACE}", 1)
    return svg


def comparison_html(value: object) -> str:
    """A comparison as a table: a row per power matched across the statutes, a
    column per statute, each cell the bodies that may exercise it and how."""
    assert isinstance(value, Comparison)
    head = "".join(f"<th>{_shown(name)}</th>" for name in value.names)
    rows = "".join(_power_row(matched) for matched in value.powers)
    title = _("Who may exercise each power (holders and delegations)")
    return (
        f"<div><h3>{_shown(title)}</h3><table><thead><tr><th></th>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def _power_row(matched: Matched) -> str:
    said = [*matched.assumptions]
    first = next(s for s in matched.sides if isinstance(s, PowerSide))
    label = f"<strong>{_shown(matched.key)}</strong><br>{_shown(first.name)}"
    label += "".join(f"<br><em>{_shown(text)}</em>" for text in said)
    cells = "".join(f"<td>{_power_cell(side)}</td>" for side in matched.sides)
    return f"<tr><td>{label}</td>{cells}</tr>"


def _power_cell(side: object) -> str:
    if not isinstance(side, PowerSide):
        return "-"
    lines = []
    for holding in side.holdings:
        chain = holding.answer.chains[0] if holding.answer.chains else None
        where = cited(chain.steps[-1].provision) if chain and chain.steps else cited(None)
        how = _("holds it") if holding.holds else _("by delegation")
        lines.append(f"{holding.body}: {how} [{where}]")
    return "<br>".join(str(_shown(line)) for line in lines) or "-"


def _shown(text: str) -> Markup:
    return escape(visible(text))


def _listed(title: str, items: object) -> str:
    assert isinstance(items, tuple | list)
    rows = "".join(f"<li>{_shown(str(item))}</li>" for item in items)
    return f"<p>{_shown(title)}</p><ul>{rows}</ul>"


register("statute", "text/html", statute_html)
register("answer", "text/html", answer_html)
register("authority", "image/svg+xml", authority_svg)
register("comparison", "text/html", comparison_html)
