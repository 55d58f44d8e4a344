"""The report's drawings as one neutral model: nodes, edges and groups.

The competence graph (``authority.export.model``) and each lifecycle become a
``Diagram``; ``to_dot`` writes it for Graphviz, and ``layout`` draws it
without Graphviz. Both renderers see only this model, so the two drawings
carry the same nodes, the same classes and the same ids: a body's node is a
``g`` of class ``node body`` whose ``title`` is the body's id, whoever drew it.
"""

from __future__ import annotations

import re

import attrs

from .._text import visible
from ..authority.export import Edge, Node, model
from ..i18n import N_, _
from ..statute.model import Lifecycle, Statute


@attrs.frozen
class DiagramNode:
    id: str
    label: str
    #: ``body``, ``power``, ``state``, ``start`` (a lifecycle's initial point).
    kind: str
    group: str | None = None
    final: bool = False
    assumption: bool = False

    @property
    def classes(self) -> str:
        extra = (" final" if self.final else "") + (" assumption" if self.assumption else "")
        return self.kind + extra


@attrs.frozen
class DiagramEdge:
    source: str
    target: str
    #: The competence graph's edge kinds (``holds``, ``delegates``...) or ``transition``.
    kind: str
    label: str = ""


@attrs.frozen
class Group:
    id: str
    label: str


@attrs.frozen
class Diagram:
    #: The prefix of every id in the drawing: unique within the report.
    id: str
    title: str
    nodes: tuple[DiagramNode, ...]
    edges: tuple[DiagramEdge, ...]
    groups: tuple[Group, ...] = ()
    #: ``LR``: left to right; ``TB``: top to bottom.
    direction: str = "LR"

    def node(self, node_id: str) -> DiagramNode:
        return next(n for n in self.nodes if n.id == node_id)


#: How each kind of edge of the competence graph reads, for the legend.
EDGE_KINDS = {
    "elects": N_("elects"),
    "appoints": N_("appoints"),
    "holds": N_("holds the power"),
    "delegates": N_("delegates the power"),
    "recommends": N_("must be heard first (recommendation, proposal, consultation, agreement)"),
    "chairs": N_("provides the chair"),
    "member_of": N_("is drawn from"),
    "sets_up": N_("sets up by decision"),
}


def competence_diagram(statute: Statute) -> Diagram:
    """Every body and power of the statute and the cited edges between them;
    a body of an area stands in that area's group."""
    export = model(statute)
    areas = {a.id: a.name for a in statute.areas}
    nodes = tuple(_competence_node(n) for n in export.nodes)
    groups = tuple(Group(a, areas.get(a, a)) for a in dict.fromkeys(n.group for n in nodes) if a)
    edges = tuple(_competence_edge(e, statute) for e in export.edges)
    return Diagram("competence", _("The competence graph"), nodes, edges, groups, "LR")


def _competence_node(node: Node) -> DiagramNode:
    return DiagramNode(node.id, node.name, node.kind, node.area if node.kind == "body" else None)


def _competence_edge(edge: Edge, statute: Statute) -> DiagramEdge:
    label = ""
    if edge.kind == "delegates" and edge.power is not None:
        label = statute.power(edge.power).name
    return DiagramEdge(edge.source, edge.target, edge.kind, label)


def lifecycle_diagram(lifecycle: Lifecycle, number: int) -> Diagram:
    """A lifecycle's states and transitions; each arrow names its act (or the
    clock's condition) and its provision."""
    start = DiagramNode("start", "", "start")
    states = tuple(
        DiagramNode(s.id, s.name, "state", final=s.final, assumption=s.assumption)
        for s in lifecycle.states
    )
    edges = [DiagramEdge("start", lifecycle.initial, "start")]
    for transition in lifecycle.transitions:
        what = transition.trigger or _("when {condition}", condition=transition.when)
        cited = str(transition.provision).replace(" ", "\u00a0") if transition.provision else ""
        label = f"{what} ({cited})" if cited else what
        edges += [DiagramEdge(s, transition.dest, "transition", label) for s in transition.sources]
    return Diagram(f"lifecycle-{number}", lifecycle.name, (start, *states), tuple(edges), (), "TB")


# --- Graphviz -------------------------------------------------------------------

_FONT = "Helvetica"
#: How each kind of edge is drawn: colour, line style, arrow.
EDGE_STYLE = {
    "elects": ("#1f5fa8", "solid"),
    "appoints": ("#1f5fa8", "dashed"),
    "holds": ("#6b6b6b", "solid"),
    "delegates": ("#b3261e", "bold"),
    "recommends": ("#2e7d32", "dotted"),
    "chairs": ("#7b4ea3", "dashed"),
    "member_of": ("#8a6d1d", "dotted"),
    "sets_up": ("#00838f", "dashed"),
    "transition": ("#333333", "solid"),
    "start": ("#333333", "solid"),
}


def element_id(diagram: Diagram, kind: str, name: str) -> str:
    """An id for the HTML document: the diagram's prefix, then the name with
    anything but letters, digits and hyphens as its code point."""
    safe = re.sub(r"[^A-Za-z0-9-]", lambda m: f"_{ord(m[0]):x}_", name)
    return f"{diagram.id}-{kind}-{safe}"


def to_dot(diagram: Diagram) -> str:
    """The diagram in Graphviz's DOT language; every element has an id of the
    report's own, so two drawings in one document never share one."""
    lines = [
        f"digraph {_quoted(diagram.id)} {{",
        f"  id={_quoted(diagram.id + '-root')};",
        f"  rankdir={diagram.direction}; nodesep=0.25; ranksep=0.6; bgcolor=transparent;",
        f'  node [fontname="{_FONT}", fontsize=11, shape=box, style="rounded,filled",'
        ' fillcolor="#ffffff", color="#555555", margin="0.12,0.06"];',
        f'  edge [fontname="{_FONT}", fontsize=9, arrowsize=0.7];',
    ]
    grouped = {g.id: [n for n in diagram.nodes if n.group == g.id] for g in diagram.groups}
    for index, group in enumerate(diagram.groups):
        lines.append(f"  subgraph {_quoted(f'cluster_{index}')} {{")
        lines.append(
            f"    id={_quoted(element_id(diagram, 'group', group.id))};"
            f' label={_quoted(group.label)}; style="rounded,dashed"; color="#999999";'
            f' fontname="{_FONT}"; fontsize=10;'
        )
        lines += [f"    {_dot_node(diagram, node)}" for node in grouped[group.id]]
        lines.append("  }")
    lines += [f"  {_dot_node(diagram, n)}" for n in diagram.nodes if n.group is None]
    for index, edge in enumerate(diagram.edges):
        colour, style = EDGE_STYLE.get(edge.kind, ("#333333", "solid"))
        attributes = [
            f"id={_quoted(element_id(diagram, 'edge', str(index)))}",
            f"class={_quoted('edge-' + edge.kind)}",
            f'color="{colour}"',
            f'style="{style}"',
        ]
        if edge.label:
            attributes += [f"label={_quoted(_wrap(edge.label, 28))}", f'fontcolor="{colour}"']
        joined = ", ".join(attributes)
        lines.append(f"  {_quoted(edge.source)} -> {_quoted(edge.target)} [{joined}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_node(diagram: Diagram, node: DiagramNode) -> str:
    attributes = [
        f"id={_quoted(element_id(diagram, 'node', node.id))}",
        f"class={_quoted(node.classes)}",
    ]
    if node.kind == "start":
        attributes += ["shape=point", "width=0.15", 'label=""', 'fillcolor="#333333"']
    else:
        attributes.append(f"label={_quoted(_wrap(node.label, 24))}")
    if node.kind == "power":
        attributes += ["shape=ellipse", 'style="filled"', 'fillcolor="#f3f6fa"']
    elif node.kind == "body":
        attributes.append('fillcolor="#fff8e6"')
    if node.final:
        attributes.append("peripheries=2")
    if node.assumption:
        attributes.append('color="#b26a00"')
    return f"{_quoted(node.id)} [{', '.join(attributes)}];"


def _quoted(text: str) -> str:
    """A DOT string: backslashes and quotes escaped, a line break as DOT's ``\\n``."""
    quoted = visible(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + quoted.replace("\n", "\\n") + '"'


def _wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters, at spaces."""
    return "\n".join(wrap_lines(text, width))


def wrap_lines(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in re.split(r"[ \t\r\n]+", text):  # never at a no-break space
        if not word:
            continue
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]
