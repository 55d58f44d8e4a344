"""Who may decide what: the competence graph, the compiled index, its answers,
the competence linter, the exports and statutes compared side by side. Imports only ``statute``.

The names are imported when first used (PEP 562), as in the package's
``__init__``: a command that needs one module does not pay for the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

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


__getattr__, __dir__ = lazy_names(__name__, _WHERE)
