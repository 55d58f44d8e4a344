"""The library's own drawing of a diagram, for where Graphviz is not installed.

A plain layered layout (after Sugiyama): cycles are broken by turning the
edges a depth-first search finds going back; each node goes to the layer of
its longest path from a source; an edge across several layers passes through
a point in each; the order within a layer follows the mean place of the
neighbours (a few sweeps down and up); each node is then placed as near that
mean as its neighbours in the layer allow. Edges are smoothed polylines with
an arrowhead, clipped at the nodes' borders; their labels stand in the gap
after the source's layer, which is widened to hold them.

The SVG has the same structure as ``dot``'s: a ``g`` of class ``node <kind>``
per node with the node's id as its ``title``, a ``g`` of class ``edge`` per edge.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import attrs
from markupsafe import Markup, escape

from .._text import visible
from .diagram import EDGE_STYLE, Diagram, DiagramEdge, DiagramNode, element_id, wrap_lines

FONT = "Liberation Sans, Helvetica, Arial, sans-serif"
FONT_SIZE = 11
CHAR_WIDTH = 6.3  # a sans-serif letter at 11 px, on average
LINE_HEIGHT = 14
PAD_X, PAD_Y = 10, 6
NODE_GAP = 14
LAYER_GAP = 48
MARGIN = 12
SWEEPS = 6
LABEL_WIDTH = {"body": 24, "power": 24, "state": 20}

Point = tuple[float, float]


@attrs.define
class _Box:
    """A node or a bend point, and where it ends up: ``flow`` along the layers,
    ``cross`` within its layer (the centre)."""

    id: str
    node: DiagramNode | None
    length: float  # along the flow
    breadth: float  # across the flow
    layer: int = 0
    flow: float = 0.0
    cross: float = 0.0


def layout_svg(diagram: Diagram) -> Markup:
    """The diagram drawn as an ``svg`` element."""
    across = diagram.direction == "LR"
    boxes = {n.id: _box(n, across) for n in diagram.nodes}
    edges = _merged(diagram.edges)
    _assign_layers(diagram, boxes, edges)
    chains = _chains(boxes, edges)
    layers = _ordered_layers(boxes, chains)
    gaps = _gaps(boxes, edges, chains, len(layers), across)
    _place(boxes, layers, gaps, chains)
    return _svg(diagram, boxes, edges, chains, across)


def _box(node: DiagramNode, across: bool) -> _Box:
    if node.kind == "start":
        return _Box(node.id, node, 12.0, 12.0)
    lines = wrap_lines(node.label, LABEL_WIDTH.get(node.kind, 24))
    width = max(len(line) for line in lines) * CHAR_WIDTH + 2 * PAD_X
    height = float(len(lines) * LINE_HEIGHT + 2 * PAD_Y)
    if node.kind == "power":
        width, height = width * 1.15, height * 1.2
    return _Box(node.id, node, width, height) if across else _Box(node.id, node, height, width)


def _merged(edges: tuple[DiagramEdge, ...]) -> list[DiagramEdge]:
    """Parallel edges of one kind as one edge, their labels on separate lines."""
    merged: dict[tuple[str, str, str], list[str]] = {}
    for edge in edges:
        labels = merged.setdefault((edge.source, edge.target, edge.kind), [])
        if edge.label and edge.label not in labels:
            labels.append(edge.label)
    return [DiagramEdge(s, t, k, "\n".join(labels)) for (s, t, k), labels in merged.items()]


def _assign_layers(diagram: Diagram, boxes: dict[str, _Box], edges: list[DiagramEdge]) -> None:
    """Longest path from the sources, in a graph whose back edges are turned."""
    forward = _acyclic(diagram, edges)
    incoming: dict[str, list[str]] = defaultdict(list)
    outgoing: dict[str, list[str]] = defaultdict(list)
    for source, target in forward:
        outgoing[source].append(target)
        incoming[target].append(source)
    waiting = {n.id: len(incoming[n.id]) for n in diagram.nodes}
    ready = [n.id for n in diagram.nodes if waiting[n.id] == 0]
    while ready:
        current = ready.pop(0)
        for target in outgoing[current]:
            boxes[target].layer = max(boxes[target].layer, boxes[current].layer + 1)
            waiting[target] -= 1
            if waiting[target] == 0:
                ready.append(target)


def _acyclic(diagram: Diagram, edges: list[DiagramEdge]) -> list[tuple[str, str]]:
    """The edges (no loops), each one the depth-first search finds going back turned."""
    outgoing: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        if edge.source != edge.target:
            outgoing[edge.source].append(edge.target)
    state: dict[str, int] = {}  # 1: on the path, 2: done
    back: set[tuple[str, str]] = set()
    for root in (n.id for n in diagram.nodes):
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(outgoing[root]))]
        while stack:
            node, targets = stack[-1]
            target = next(targets, None)
            if target is None:
                state[node] = 2
                stack.pop()
            elif state.get(target) == 1:
                back.add((node, target))
            elif target not in state:
                state[target] = 1
                stack.append((target, iter(outgoing[target])))
    pairs = dict.fromkeys((e.source, e.target) for e in edges if e.source != e.target)
    return [(t, s) if (s, t) in back else (s, t) for s, t in pairs]


def _chains(boxes: dict[str, _Box], edges: list[DiagramEdge]) -> list[list[str]]:
    """Each edge as the boxes it passes: its ends and a bend point per layer between."""
    chains: list[list[str]] = []
    for index, edge in enumerate(edges):
        if edge.source == edge.target:
            chains.append([edge.source])
            continue
        low, high = sorted((boxes[edge.source].layer, boxes[edge.target].layer))
        turned = boxes[edge.source].layer > boxes[edge.target].layer
        start, end = (edge.target, edge.source) if turned else (edge.source, edge.target)
        chain = [start]
        for layer in range(low + 1, high):
            bend = f"\x00{index}:{layer}"
            boxes[bend] = _Box(bend, None, 0, 4, layer)
            chain.append(bend)
        chain.append(end)
        chains.append(chain[::-1] if turned else chain)
    return chains


def _ordered_layers(boxes: dict[str, _Box], chains: list[list[str]]) -> list[list[str]]:
    """The boxes of each layer, in an order that keeps edges from crossing."""
    count = max((b.layer for b in boxes.values()), default=0) + 1
    layers: list[list[str]] = [[] for _ in range(count)]
    for box in boxes.values():
        layers[box.layer].append(box.id)
    up: dict[str, list[str]] = defaultdict(list)
    down: dict[str, list[str]] = defaultdict(list)
    for chain in chains:
        ordered = sorted(chain, key=lambda b: boxes[b].layer)
        for a, b in itertools.pairwise(ordered):
            down[a].append(b)
            up[b].append(a)
    for sweep in range(SWEEPS):
        rows = range(1, count) if sweep % 2 == 0 else range(count - 2, -1, -1)
        neighbours = up if sweep % 2 == 0 else down
        for row in rows:
            near = layers[row - 1] if sweep % 2 == 0 else layers[row + 1]
            place = {b: i for i, b in enumerate(near)}
            current = {b: i for i, b in enumerate(layers[row])}

            layers[row].sort(key=lambda box: _mean(box, neighbours, place, current))
    return layers


def _mean(
    box: str, neighbours: dict[str, list[str]], place: dict[str, int], at: dict[str, int]
) -> float:
    """The mean place of a box's neighbours in the layer next to it (else its own)."""
    seen = [place[n] for n in neighbours[box] if n in place]
    return sum(seen) / len(seen) if seen else float(at[box])


def _gaps(
    boxes: dict[str, _Box],
    edges: list[DiagramEdge],
    chains: list[list[str]],
    count: int,
    across: bool,
) -> list[float]:
    """The room after each layer: wide enough for the labels that stand in it."""
    gaps = [float(LAYER_GAP)] * count
    for edge, chain in zip(edges, chains, strict=True):
        if not edge.label or len(chain) < 2:
            continue
        lines = _label_lines(edge)
        ends = chain[-2:] if _near_target(edge, edges) else chain[:2]
        layer = min(boxes[b].layer for b in ends)
        need = (
            max(len(line) for line in lines) * CHAR_WIDTH * 0.85
            if across
            else len(lines) * LINE_HEIGHT * 0.85
        )
        gaps[layer] = max(gaps[layer], need + 2 * LAYER_GAP / 3)
    return gaps


def _place(
    boxes: dict[str, _Box], layers: list[list[str]], gaps: list[float], chains: list[list[str]]
) -> None:
    flow = float(MARGIN)
    for row, layer in enumerate(layers):
        length = max((boxes[b].length for b in layer), default=0)
        for box in layer:
            boxes[box].flow = flow + length / 2
        flow += length + gaps[row]
    neighbours: dict[str, list[str]] = defaultdict(list)
    for chain in chains:
        for a, b in itertools.pairwise(chain):
            neighbours[a].append(b)
            neighbours[b].append(a)
    for layer in layers:  # first: stacked
        _stack(boxes, layer, {b: 0.0 for b in layer})
    for sweep in range(4):  # then: each near its neighbours, down and up
        rows = layers if sweep % 2 == 0 else layers[::-1]
        for layer in rows:
            wanted: dict[str, float] = {}
            for name in layer:
                own = boxes[name]
                near = [boxes[n].cross for n in neighbours[name] if boxes[n].layer != own.layer]
                wanted[name] = sum(near) / len(near) if near else own.cross
            _stack(boxes, layer, wanted)
    low = min((b.cross - b.breadth / 2 for b in boxes.values()), default=0.0)
    for placed in boxes.values():
        placed.cross += MARGIN - low


def _stack(boxes: dict[str, _Box], layer: list[str], wanted: dict[str, float]) -> None:
    """Each box of the layer as near its wanted place as the order and the gaps allow."""
    placed: list[float] = []
    for index, box in enumerate(layer):
        least = (
            placed[-1] + (boxes[layer[index - 1]].breadth + boxes[box].breadth) / 2 + NODE_GAP
            if placed
            else float("-inf")
        )
        placed.append(max(wanted[box], least))
    for index in range(len(layer) - 2, -1, -1):  # pull back what was pushed too far
        most = (
            placed[index + 1] - (boxes[layer[index]].breadth + boxes[layer[index + 1]].breadth) / 2
        )
        placed[index] = min(placed[index], most - NODE_GAP)
    shift = sum(wanted[b] - p for b, p in zip(layer, placed, strict=True)) / max(len(layer), 1)
    for box, cross in zip(layer, placed, strict=True):
        boxes[box].cross = cross + shift


# --- SVG -------------------------------------------------------------------------


def _svg(
    diagram: Diagram,
    boxes: dict[str, _Box],
    edges: list[DiagramEdge],
    chains: list[list[str]],
    across: bool,
) -> Markup:
    def at(box: _Box) -> Point:
        return (box.flow, box.cross) if across else (box.cross, box.flow)

    routes = [[at(boxes[b]) for b in chain] for chain in chains]
    for route, chain in zip(routes, chains, strict=True):
        if len(route) > 1:
            route[0] = _clip(route[0], route[1], boxes[chain[0]], across)
            route[-1] = _clip(route[-1], route[-2], boxes[chain[-1]], across)
    labels = _labels(edges, routes, chains, boxes, across)
    parts: list[str] = [_markers(diagram, edges)]
    for index, (edge, chain) in enumerate(zip(edges, chains, strict=True)):
        parts.append(_edge(diagram, index, edge, routes[index], boxes, chain, labels.get(index)))
    for node in diagram.nodes:
        parts.append(_node(diagram, node, boxes[node.id], at(boxes[node.id])))
    extents = [
        (at(b)[0] - _half(b, across)[0], at(b)[1] - _half(b, across)[1]) for b in boxes.values()
    ] + [(label.x - label.width / 2, label.y - label.height / 2) for label in labels.values()]
    ends = [
        (at(b)[0] + _half(b, across)[0], at(b)[1] + _half(b, across)[1]) for b in boxes.values()
    ] + [(label.x + label.width / 2, label.y + label.height / 2) for label in labels.values()]
    left = min((x for x, _ in extents), default=0.0) - MARGIN
    top = min((y for _, y in extents), default=0.0) - MARGIN
    width = max((x for x, _ in ends), default=0.0) + MARGIN - left
    height = max((y for _, y in ends), default=0.0) + MARGIN - top
    label = escape(visible(diagram.title))
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" role="img"'
        f' aria-label="{label}" width="{width:.0f}" height="{height:.0f}"'
        f' viewBox="{left:.0f} {top:.0f} {width:.0f} {height:.0f}"'
        f' id="{diagram.id}-graph" font-family="{FONT}" font-size="{FONT_SIZE}">'
    )
    return Markup(head + "".join(parts) + "</svg>")


@attrs.define
class _Label:
    lines: list[str]
    x: float
    y: float
    width: float
    height: float
    gap: int


EDGE_FONT_SIZE = FONT_SIZE - 2


def _label_lines(edge: DiagramEdge) -> list[str]:
    return [part for text in edge.label.split("\n") for part in wrap_lines(text, 28)]


def _near_target(edge: DiagramEdge, edges: list[DiagramEdge]) -> bool:
    """A label stands near the end where fewer labelled edges meet."""
    leaving = sum(1 for e in edges if e.label and e.source == edge.source)
    arriving = sum(1 for e in edges if e.label and e.target == edge.target)
    return leaving > arriving


def _labels(
    edges: list[DiagramEdge],
    routes: list[list[Point]],
    chains: list[list[str]],
    boxes: dict[str, _Box],
    across: bool,
) -> dict[int, _Label]:
    """Where each edge's label stands: in the middle of its first (or last)
    segment, then moved apart from the other labels of the same gap."""
    found: dict[int, _Label] = {}
    for index, edge in enumerate(edges):
        route = routes[index]
        if not edge.label or len(route) < 2:
            continue
        lines = _label_lines(edge)
        last = _near_target(edge, edges)
        a, b = (route[-2], route[-1]) if last else (route[0], route[1])
        ends = chains[index][-2:] if last else chains[index][:2]
        gap = min(boxes[b].layer for b in ends)
        width = max(len(line) for line in lines) * CHAR_WIDTH * 0.85 + 4
        height = len(lines) * LINE_HEIGHT * 0.85 + 2
        found[index] = _Label(lines, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2, width, height, gap)
    by_gap: dict[int, list[_Label]] = defaultdict(list)
    for label in found.values():
        by_gap[label.gap].append(label)
    for labels in by_gap.values():
        _apart(labels, across)
    return found


def _apart(labels: list[_Label], across: bool) -> None:
    """Labels of one gap pushed apart across the flow until none overlaps."""

    def place(label: _Label) -> float:
        return label.y if across else label.x

    def size(label: _Label) -> float:
        return label.height if across else label.width

    labels.sort(key=place)
    wanted = [place(label) for label in labels]
    placed: list[float] = []
    for index, label in enumerate(labels):
        least = (
            placed[-1] + (size(labels[index - 1]) + size(label)) / 2 + 2
            if placed
            else float("-inf")
        )
        placed.append(max(wanted[index], least))
    shift = (sum(wanted) - sum(placed)) / max(len(labels), 1)
    for label, value in zip(labels, placed, strict=True):
        if across:
            label.y = value + shift
        else:
            label.x = value + shift


def _half(box: _Box, across: bool) -> Point:
    return (box.length / 2, box.breadth / 2) if across else (box.breadth / 2, box.length / 2)


def _markers(diagram: Diagram, edges: list[DiagramEdge]) -> str:
    kinds = dict.fromkeys(e.kind for e in edges)
    markers = "".join(
        f'<marker id="{element_id(diagram, "arrow", kind)}" viewBox="0 0 10 10" refX="10"'
        f' refY="5" markerWidth="8" markerHeight="8" orient="auto">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{EDGE_STYLE.get(kind, ("#333333", ""))[0]}"/></marker>'
        for kind in kinds
    )
    return f"<defs>{markers}</defs>"


_DASH = {"dashed": ' stroke-dasharray="6 4"', "dotted": ' stroke-dasharray="2 3"'}


def _edge(
    diagram: Diagram,
    index: int,
    edge: DiagramEdge,
    points: list[Point],
    boxes: dict[str, _Box],
    chain: list[str],
    label: _Label | None,
) -> str:
    colour, style = EDGE_STYLE.get(edge.kind, ("#333333", "solid"))
    width = 2 if style == "bold" else 1.2
    if len(points) == 1:  # a loop on the node itself
        x, y = points[0]
        top = y - _half(boxes[chain[0]], diagram.direction == "LR")[1]
        path = (
            f"M{x - 8:.1f},{top:.1f} C{x - 24:.1f},{top - 30:.1f}"
            f" {x + 24:.1f},{top - 30:.1f} {x + 8:.1f},{top:.1f}"
        )
        if edge.label:
            lines = _label_lines(edge)
            label = _Label(lines, x, top - 30 - len(lines) * LINE_HEIGHT / 2, 0, 0, -1)
    else:
        path = _smooth(points)
    marker = element_id(diagram, "arrow", edge.kind)
    title = escape(visible(f"{edge.source}->{edge.target}"))
    drawn = (
        f'<g id="{element_id(diagram, "edge", str(index))}" class="edge edge-{edge.kind}">'
        f"<title>{title}</title>"
        f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{width}"'
        f'{_DASH.get(style, "")} marker-end="url(#{marker})"/>'
    )
    if label is not None:
        at = (label.x, label.y)
        if label.width:  # a white ground, so the label reads over the lines it crosses
            drawn += (
                f'<rect x="{label.x - label.width / 2:.1f}" y="{label.y - label.height / 2:.1f}"'
                f' width="{label.width:.1f}" height="{label.height:.1f}" fill="#ffffff"'
                ' fill-opacity="0.85"/>'
            )
        drawn += _text(label.lines, at, "edge-label", colour, EDGE_FONT_SIZE, LINE_HEIGHT * 0.85)
    return drawn + "</g>"


def _clip(centre: Point, toward: Point, box: _Box, across: bool) -> Point:
    """Where the line from the box's centre toward a point leaves the box."""
    half_x, half_y = _half(box, across)
    dx, dy = toward[0] - centre[0], toward[1] - centre[1]
    if dx == 0 and dy == 0:
        return centre
    scale = min(
        half_x / abs(dx) if dx else float("inf"),
        half_y / abs(dy) if dy else float("inf"),
    )
    scale = min(scale, 1.0)
    return (centre[0] + dx * scale, centre[1] + dy * scale)


def _smooth(points: list[Point]) -> str:
    """A path through the points, its bends rounded (quadratic curves)."""
    path = f"M{points[0][0]:.1f},{points[0][1]:.1f}"
    for index in range(1, len(points) - 1):
        x, y = points[index]
        nx, ny = points[index + 1]
        path += f" Q{x:.1f},{y:.1f} {(x + nx) / 2:.1f},{(y + ny) / 2:.1f}"
    return path + f" L{points[-1][0]:.1f},{points[-1][1]:.1f}"


def _node(diagram: Diagram, node: DiagramNode, box: _Box, centre: Point) -> str:
    half_x, half_y = _half(box, diagram.direction == "LR")
    x, y = centre
    shape: str
    if node.kind == "start":
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#333333"/>'
    elif node.kind == "power":
        shape = (
            f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{half_x:.1f}" ry="{half_y:.1f}"'
            ' fill="#f3f6fa" stroke="#555555"/>'
        )
    else:
        fill = "#fff8e6" if node.kind == "body" else "#ffffff"
        stroke = "#b26a00" if node.assumption else "#555555"
        shape = _rect(x, y, half_x, half_y, fill, stroke)
        if node.final:
            shape += _rect(x, y, half_x - 3, half_y - 3, "none", stroke)
    title = escape(visible(node.id))
    text = (
        ""
        if node.kind == "start"
        else _text(
            wrap_lines(node.label, LABEL_WIDTH.get(node.kind, 24)), centre, "node-label", "#111111"
        )
    )
    return (
        f'<g id="{element_id(diagram, "node", node.id)}" class="node {node.classes}">'
        f"<title>{title}</title>{shape}{text}</g>"
    )


def _rect(x: float, y: float, half_x: float, half_y: float, fill: str, stroke: str) -> str:
    return (
        f'<rect x="{x - half_x:.1f}" y="{y - half_y:.1f}" width="{2 * half_x:.1f}"'
        f' height="{2 * half_y:.1f}" rx="6" fill="{fill}" stroke="{stroke}"/>'
    )


def _text(
    lines: list[str],
    centre: Point,
    kind: str,
    colour: str,
    size: int = FONT_SIZE,
    leading: float = LINE_HEIGHT,
) -> str:
    x, y = centre
    top = y - (len(lines) - 1) * leading / 2 + size / 3
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{top + i * leading:.1f}">{escape(visible(line))}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text class="{kind}" text-anchor="middle" font-size="{size}" fill="{colour}">'
        f"{spans}</text>"
    )
