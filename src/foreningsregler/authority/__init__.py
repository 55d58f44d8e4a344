"""Who may decide what: the competence graph, the compiled index, its answers,
the competence linter, the exports and statutes compared side by side. Imports only ``statute``."""

from .answers import Answer, AuthorityState, StaticState, UnknownName
from .comparison import Comparison, compare
from .export import FORMATS, render
from .index import Authority, EdgeKind, build_graph
from .lint import lint_authority

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
