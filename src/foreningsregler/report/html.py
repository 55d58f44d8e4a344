"""The report as one self-contained HTML document (Jinja2, autoescaped).

The stylesheet is inlined, the drawings are inline SVG, and there is no
script, font or image to fetch: the file opens offline in any browser and
prints with its own print stylesheet. Every word the template shows comes
from ``labels`` (the catalog's messages); every value from the statute is
escaped, and a control character of the data is written as its escape
(``_text.visible``), as everywhere the library shows data.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2
from markupsafe import Markup

from .._text import visible
from .._version import __version__
from ..i18n import _, format_day, format_number, language
from ..statute.model import Statute
from .content import gather
from .diagram import EDGE_KINDS, EDGE_STYLE, competence_diagram, lifecycle_diagram
from .drawing import Drawing, draw


def render_html(statute: Statute) -> str:
    """The report on ``statute`` as an HTML document, in the current language."""
    content = gather(statute)
    graph = draw(competence_diagram(statute))
    lifecycles = tuple(
        (lifecycle, draw(lifecycle_diagram(lifecycle, number)))
        for number, lifecycle in enumerate(statute.lifecycles, start=1)
    )
    template = _environment().get_template("report.html.j2")
    return template.render(
        lang=language(),
        t=labels(),
        c=content,
        statute=statute,
        meta=_metadata(statute),
        graph=graph,
        lifecycles=lifecycles,
        legend=_legend(graph),
        engine=_engine_note(graph, lifecycles),
        version=__version__,
        number=format_number,
    )


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("foreningsregler.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_shown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _shown(value: object) -> object:
    """Text of the data with its hidden characters as escapes; markup as it is."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return visible(value)
    return value


def _metadata(statute: Statute) -> list[tuple[str, str]]:
    data = statute.metadata
    rows = [(_("Id"), data.id), (_("Status"), _status(data.status.value))]
    if data.version:
        rows.append((_("Version"), data.version))
    if data.date:
        rows.append((_("Dated"), format_day(data.date)))
    if data.in_force:
        rows.append((_("In force from"), format_day(data.in_force)))
    if statute.path:
        rows.append((_("File"), Path(statute.path).name))
    return rows


def _status(value: str) -> str:
    return {"draft": _("draft"), "adopted": _("adopted")}.get(value, value)


def _legend(graph: Drawing) -> list[tuple[str, str, str]]:
    """(kind, colour and line, what it means) for each kind of edge drawn."""
    drawn = dict.fromkeys(e.kind for e in graph.diagram.edges)
    lines = {"solid": "solid", "dashed": "dashed", "dotted": "dotted", "bold": "solid"}
    return [
        (
            kind,
            f"{'3px' if EDGE_STYLE[kind][1] == 'bold' else '2px'} "
            f"{lines[EDGE_STYLE[kind][1]]} {EDGE_STYLE[kind][0]}",
            _(EDGE_KINDS[kind]),
        )
        for kind in drawn
        if kind in EDGE_KINDS
    ]


def _engine_note(graph: Drawing, lifecycles: tuple[tuple[object, Drawing], ...]) -> str:
    engines = {graph.engine, *(d.engine for _lc, d in lifecycles)}
    if engines == {"graphviz"}:
        return _("The drawings were made with Graphviz (dot).")
    return _(
        "Graphviz (dot) was not found, so the drawings were made by foreningsregler's own"
        " layout. Install Graphviz for clearer drawings."
    )


def labels() -> dict[str, str]:
    """Every word of the template, in the current language."""
    return {
        "report": _("Report on the statute"),
        "made_by": _("Made by foreningsregler {version}.", version=__version__),
        "contents": _("Contents"),
        "summary": _("Summary"),
        "first": _("What to look at first"),
        "provisions": _("The provisions and what the library encoded"),
        "provisions_intro": _(
            "Each subsection (stk.) stands on the left; on the right, what the library encoded"
            " from it. An assumption is a rule the sources do not settle: it is marked, with"
            " its reason. The findings of the check stand at the provision they concern."
        ),
        "who": _("Who may decide what"),
        "who_intro": _(
            "Every power, which bodies may exercise it, by which chain of provisions, under"
            " which conditions and by which voting rule."
        ),
        "graph": _("The competence graph"),
        "graph_intro": _(
            "Bodies (boxes) and powers (ovals), and how they are joined. Each arrow rests on"
            " a provision; the table above gives it."
        ),
        "lifecycles": _("Lifecycles"),
        "lifecycles_intro": _(
            "What a membership, a phase or a decision goes through: each arrow is an act"
            " (or a condition of time) and the provision it rests on."
        ),
        "lifecycle_key": _(
            "A state with an orange border rests on an assumption; a double border marks a"
            " state the record never leaves."
        ),
        "general": _("Other findings"),
        "general_intro": _("Findings that concern no single provision."),
        "uncited": _("Elements that cite no provision"),
        "sections": _("Sections (§)"),
        "stk": _("Subsections (stk.)"),
        "encoded": _("Encoded"),
        "assumptions": _("Assumptions"),
        "errors": _("Errors"),
        "warnings": _("Warnings"),
        "assumption": _("Assumption"),
        "reason": _("Reason"),
        "sources": _("Sources"),
        "nothing_encoded": _("Nothing encoded from this subsection."),
        "covered": _("Covered by what the whole section encodes (above)."),
        "whole_section": _("Encoded from the whole section"),
        "fix": _("What to do"),
        "power": _("Power"),
        "body": _("Who"),
        "chain": _("By which chain"),
        "conditions": _("Conditions"),
        "requires": _("Required first"),
        "voting": _("Voting rule"),
        "none": _("none"),
        "no_body": _("No body may exercise this power."),
        "legend": _("Legend"),
        "line": _("line"),
        "top": _("To the top"),
        "provision": _("Provision"),
    }
