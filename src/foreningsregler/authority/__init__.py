"""Who may decide what: the competence graph, the compiled index, its answers,
the competence linter, the exports and statutes compared side by side. Imports only ``statute``.

The names are imported when first used (PEP 562), as in the package's
``__init__``: a command that needs one module does not pay for the others.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .answers import Answer, AuthorityState, StaticState, UnknownName
    from .comparison import Comparison, compare
    from .export import FORMATS, render
    from .index import Authority, EdgeKind, build_graph
    from .lint import lint_authority

#: Each public name and the module (relative to this package) that defines it.
_WHERE = {
    "Answer": ".answers",
    "Authority": ".index",
    "AuthorityState": ".answers",
    "Comparison": ".comparison",
    "EdgeKind": ".index",
    "FORMATS": ".export",
    "StaticState": ".answers",
    "UnknownName": ".answers",
    "build_graph": ".index",
    "compare": ".comparison",
    "lint_authority": ".lint",
    "render": ".export",
}

__all__ = [
    "FORMATS",
    "Answer",
    "Authority",
    "AuthorityState",
    "Comparison",
    "EdgeKind",
    "StaticState",
    "UnknownName",
    "build_graph",
    "compare",
    "lint_authority",
    "render",
]


def __getattr__(name: str) -> object:
    """Import the module that defines ``name`` on first use and keep the value."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
