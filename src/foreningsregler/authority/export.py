"""The competence graph for other tools: Mermaid, DOT, GraphML and JSON.

One intermediate model (nodes and edges with plain values) is read from the
networkx graph once; each format is a small renderer over it. The JSON is
networkx's node-link form, normalised so every node and edge has the same
keys (documented in docs/format.md, "Graph export"). Every format stays valid
whatever the statute's names hold: quotes, brackets and line breaks are
escaped as the format escapes them, and a control character is never written
raw (``_text``): GraphML gets a character reference, or the escape as text
where XML 1.0 allows no reference.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import attrs

from .._text import json_text, visible, xml_text
from ..i18n import N_, _, ngettext
from ..statute.model import Statute
from .graph import build_graph

FORMATS = ("mermaid", "dot", "graphml", "json")

#: What an edge says in a drawing (Mermaid, DOT), by its kind; the JSON and
#: GraphML keep the kind itself.
EDGE_WORDS = {
    "elects": N_("elects"),
    "appoints": N_("appoints"),
    "holds": N_("holds"),
    "delegates": N_("delegates"),
    "recommends": N_("recommends"),
    "chairs": N_("chairs"),
    "member_of": N_("member_of"),
    "sets_up": N_("sets_up"),
}


@attrs.frozen
class Node:
    id: str
    kind: str
    name: str
    size: int | None = None
    body_kind: str | None = None
    area: str | None = None
    template: str | None = None
    exclusive: bool | None = None
    set_up_by: str | None = None  # the body that sets it up, where it is set up by decision

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"id": self.id, "kind": self.kind, "name": self.name}
        if self.kind == "body":
            data |= {
                "size": self.size,
                "body_kind": self.body_kind,
                "area": self.area,
                "template": self.template,
            }
            if self.set_up_by is not None:
                data["set_up_by"] = self.set_up_by
        else:
            data["exclusive"] = bool(self.exclusive)
        return data


@attrs.frozen
class Edge:
    source: str
    target: str
    kind: str
    key: str
    power: str | None = None
    provision: str | None = None
    scope: tuple[str, ...] | None = None
    subdelegation: bool | None = None
    requirement: str | None = None

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "source": self.source,
            "target": self.target,
            "kind": self.kind,
            "key": self.key,
            "power": self.power,
            "provision": self.provision,
        }
        for name in ("scope", "subdelegation", "requirement"):
            value = getattr(self, name)
            if value is not None:
                data[name] = list(value) if name == "scope" else value
        return data

    @property
    def label(self) -> str:
        """The edge in a drawing, in the current language: ``delegates anskaf [§ 5]``."""
        word = EDGE_WORDS.get(self.kind)
        what = _(word) if word is not None else self.kind
        if self.kind == "delegates":
            what = _("delegates {power}", power=self.power)
        return f"{what} [{self.provision}]" if self.provision else what


@attrs.frozen
class Export:
    statute: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def model(statute: Statute) -> Export:
    """The intermediate model, in statute order (bodies, then powers)."""
    graph = build_graph(statute)
    nodes = tuple(_node(node_id, data) for node_id, data in graph.nodes(data=True))
    edges = tuple(
        _edge(source, target, key, data)
        for source, target, key, data in graph.edges(keys=True, data=True)
    )
    return Export(statute.metadata.id, nodes, edges)


def _node(node_id: str, data: dict[str, object]) -> Node:
    size = data.get("size")
    return Node(
        id=node_id,
        kind=str(data["kind"]),
        name=str(data["name"]),
        size=size if isinstance(size, int) else None,
        body_kind=_text(data.get("body_kind")),
        area=_text(data.get("area")),
        template=_text(data.get("template")),
        exclusive=bool(data["exclusive"]) if "exclusive" in data else None,
        set_up_by=_text(data.get("set_up_by")),
    )


def _edge(source: str, target: str, key: object, data: dict[str, object]) -> Edge:
    scope = data.get("scope")
    subdelegation = data.get("subdelegation")
    return Edge(
        source=source,
        target=target,
        kind=str(data["kind"]),
        key=str(key),
        power=_text(data.get("power")),
        provision=_text(data.get("provision")),
        scope=tuple(s for s in scope.split(",") if s) if isinstance(scope, str) else None,
        subdelegation=subdelegation if isinstance(subdelegation, bool) else None,
        requirement=_text(data.get("requirement")),
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def render(statute: Statute, fmt: str) -> str:
    """The statute's competence graph in ``fmt`` (one of FORMATS)."""
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        raise ValueError(
            _(
                "unknown format {format}; choose one of {formats}",
                format=repr(fmt),
                formats=", ".join(FORMATS),
            )
        )
    return renderer(model(statute))


# --- Renderers ----------------------------------------------------------------


def to_json(export: Export) -> str:
    document = {
        "directed": True,
        "multigraph": True,
        "graph": {"statute": export.statute, "format": 1},
        "nodes": [node.to_json() for node in export.nodes],
        "edges": [edge.to_json() for edge in export.edges],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)
    return json_text(text) + "\n"


def to_graphml(export: Export) -> str:
    import networkx as nx  # its GraphML writer; imported only when one is written

    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(statute=export.statute)
    for node in export.nodes:
        graph.add_node(node.id, **_present(node.to_json(), skip={"id"}))
    for edge in export.edges:
        data = _present(edge.to_json(), skip={"source", "target", "key"})
        graph.add_edge(edge.source, edge.target, key=edge.key, **data)
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8")
    return xml_text(buffer.getvalue().decode("utf-8"))


def _present(data: dict[str, object], skip: set[str]) -> dict[str, object]:
    """GraphML holds no nulls or lists: drop the one, join the other."""
    out: dict[str, object] = {}
    for key, value in data.items():
        if key in skip or value is None:
            continue
        out[key] = ",".join(map(str, value)) if isinstance(value, list) else value
    return out


def to_dot(export: Export) -> str:
    lines = [
        f"digraph {_dot_id(export.statute)} {{",
        "  rankdir=LR;",
        '  node [fontname="Helvetica"];',
    ]
    for node in export.nodes:
        shape = "box, style=rounded" if node.kind == "body" else "ellipse"
        lines.append(f"  {_dot_id(node.id)} [shape={shape}, label={_dot_text(_title(node))}];")
    for edge in export.edges:
        lines.append(
            f"  {_dot_id(edge.source)} -> {_dot_id(edge.target)} [label={_dot_text(edge.label)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_id(text: str) -> str:
    return _dot_text(text)


def _dot_text(text: str) -> str:
    """A DOT string: backslashes and quotes escaped, a line break as DOT's ``\\n``."""
    quoted = visible(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + quoted.replace("\n", "\\n") + '"'


def _title(node: Node) -> str:
    if node.kind == "power":
        return node.name
    if node.size is None:
        seats = _("one seat per member")
    else:
        seats = ngettext("{count} seat", "{count} seats", node.size)
    if node.set_up_by is not None:  # a template until set up: say by whose decision
        return _(
            "{name} ({seats}; set up by decision of {body})",
            name=node.name,
            seats=seats,
            body=node.set_up_by,
        )
    return _("{name} ({seats})", name=node.name, seats=seats)


def to_mermaid(export: Export) -> str:
    ids = {
        node.id: ("b_" if node.kind == "body" else "p_") + _mermaid_id(node.id)
        for node in export.nodes
    }
    lines = ["flowchart LR"]
    for node in export.nodes:
        label = _mermaid_text(_title(node))
        shape = f'("{label}")' if node.kind == "body" else f'{{{{"{label}"}}}}'
        lines.append(f"    {ids[node.id]}{shape}")
    for edge in export.edges:
        lines.append(
            f'    {ids[edge.source]} -->|"{_mermaid_text(edge.label)}"| {ids[edge.target]}'
        )
    return "\n".join(lines) + "\n"


def _mermaid_id(ident: str) -> str:
    """A Mermaid node id: a statute's id with ``-`` as ``_``; any other character
    (an id the schema would refuse) as its code, so two ids never meet."""
    return "".join(
        "_" if char == "-" else char if char.isascii() and char.isalnum() else f"_x{ord(char):x}_"
        for char in ident
    )


#: Mermaid's entity codes for what would end or change a quoted label.
_MERMAID_CODES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;", "\n": "#10;"}


def _mermaid_text(text: str) -> str:
    """A quoted Mermaid label: quotes, entity marks, HTML brackets, backticks
    and line breaks as Mermaid's entity codes."""
    return "".join(_MERMAID_CODES.get(char, char) for char in visible(text))


_RENDERERS: dict[str, Callable[[Export], str]] = {
    "mermaid": to_mermaid,
    "dot": to_dot,
    "graphml": to_graphml,
    "json": to_json,
}
