"""Who may decide what: the competence graph, the compiled index, its answers,
the competence linter and the exports. Imports only ``statute``."""

from .answers import Answer, AuthorityState, StaticState, UnknownName
from .export import FORMATS, render
from .index import Authority, EdgeKind, build_graph
from .lint import lint_authority

__all__ = [
    "FORMATS",
    "Answer",
    "Authority",
    "AuthorityState",
    "EdgeKind",
    "StaticState",
    "UnknownName",
    "build_graph",
    "lint_authority",
    "render",
]
