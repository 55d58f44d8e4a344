"""How the library's objects draw themselves in Jupyter, without a wing
importing the faces that draw them.

``Statute._repr_html_``, ``Answer._repr_html_`` and ``Authority._repr_svg_``
ask ``shown(kind, mime, value)``. The drawings are the report wing's
(``report/notebook.py``), a face above every wing, which registers them here
with ``register``; the package's ``__init__``, the one module above the faces,
names that module as the loader (``on_first_use``), so imports still flow one
way: a wing imports only this module of the foundation, and only the top
imports the faces. Without a loader, or without a drawing for the kind, the
methods return None and Jupyter shows the plain ``repr``.
"""

from __future__ import annotations

from collections.abc import Callable

#: A drawing: the value in one MIME type (HTML, SVG), as text.
Drawing = Callable[[object], str]

_DRAWINGS: dict[tuple[str, str], Drawing] = {}
_LOADERS: list[Callable[[], object]] = []


def register(kind: str, mime: str, drawing: Drawing) -> None:
    """Draw the values of ``kind`` (``statute``, ``answer``, ``authority``) as ``mime``."""
    _DRAWINGS[kind, mime] = drawing


def on_first_use(loader: Callable[[], object]) -> None:
    """Call ``loader`` (which registers drawings) before the first value is drawn."""
    _LOADERS.append(loader)


def shown(kind: str, mime: str, value: object) -> str | None:
    """``value`` drawn as ``mime``, or None where no drawing is registered."""
    while _LOADERS:
        _LOADERS.pop(0)()
    drawing = _DRAWINGS.get((kind, mime))
    return drawing(value) if drawing is not None else None
