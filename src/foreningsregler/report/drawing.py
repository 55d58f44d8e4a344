"""A diagram as inline SVG: drawn by Graphviz's ``dot`` where it is installed,
else by the library's own layered layout (``layout``), never nothing.

``dot``'s SVG is made fit for an HTML document: the XML prolog, the DOCTYPE
and the comments go, and the drawing is labelled for screen readers; the
page's stylesheet fits its size in points to the page. The ids are the
report's own (``diagram.to_dot`` sets every one).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import attrs
from markupsafe import Markup, escape

from .._text import visible
from .diagram import Diagram, to_dot
from .layout import layout_svg

#: The variable that names the ``dot`` program (else it is looked up on PATH);
#: an empty value means: draw without Graphviz.
DOT_VARIABLE = "FORENINGSREGLER_DOT"
#: Seconds ``dot`` may take for one drawing before the library draws it itself.
DOT_TIMEOUT = 60


@attrs.frozen
class Drawing:
    diagram: Diagram
    svg: Markup
    #: ``graphviz`` or ``foreningsregler`` (the library's own layout).
    engine: str


def dot_program() -> str | None:
    """The ``dot`` program to run, or None where there is none."""
    named = os.environ.get(DOT_VARIABLE)
    if named is not None:
        return shutil.which(named) if named else None
    return shutil.which("dot")


def draw(diagram: Diagram) -> Drawing:
    """The diagram as inline SVG, by ``dot`` if it can, else by the library."""
    program = dot_program()
    if program is not None:
        svg = _graphviz(program, diagram)
        if svg is not None:
            return Drawing(diagram, svg, "graphviz")
    return Drawing(diagram, layout_svg(diagram), "foreningsregler")


def _graphviz(program: str, diagram: Diagram) -> Markup | None:
    try:
        done = subprocess.run(
            [program, "-Tsvg"],
            input=to_dot(diagram).encode("utf-8"),
            capture_output=True,
            timeout=DOT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    try:
        return inline(done.stdout.decode("utf-8"), diagram)
    except (UnicodeDecodeError, ValueError):
        return None


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def inline(svg: str, diagram: Diagram) -> Markup:
    """``dot``'s SVG document as an element of an HTML page."""
    start = svg.find("<svg")
    if start < 0:
        raise ValueError("no svg element in dot's output")
    body = _COMMENT.sub("", svg[start:]).strip()
    head_end = body.index(">")
    head = body[:head_end]
    if "xlink:" not in body[head_end:]:
        head = head.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    label = escape(visible(diagram.title))
    head += f' id="{diagram.id}-graph" class="diagram" role="img" aria-label="{label}"'
    return Markup(head + body[head_end:])
