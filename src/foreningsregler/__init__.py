"""foreningsregler: the statutes of an association of municipalities as data.

>>> import foreningsregler as fr
>>> statute = fr.load("vedtaegter/digitaliseringsforeningen.yaml")
>>> [f.code for f in fr.check(statute) if f.severity is fr.Severity.ERROR]
[]

The names are imported when first used (PEP 562), so ``import foreningsregler``
costs almost nothing and a command that needs only the statute never pays for
the protocol or the authority's graph library. Type checkers see the imports
under ``TYPE_CHECKING``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# Eager and cheap: ``foreningsregler.bundled`` is also a module, whose import would
# otherwise replace the function with it.
from . import _display
from ._lazy import lazy_names
from .bundled import bundled as bundled

if TYPE_CHECKING:
    from ._version import __version__ as __version__
    from .authority import Answer, Authority, Comparison, StaticState, UnknownName, compare
    from .checks import check
    from .economy.flow_results import Flows, FlowSweep
    from .economy.flow_sweep import sweep_flows
    from .economy.flows import simulate_flows
    from .errors import BadArgument, ForeningsreglerError, MissingExtra
    from .outputs import output_schema
    from .protocol import (
        Association,
        BadEvent,
        Event,
        JsonlLedger,
        MemoryLedger,
        RuleViolation,
        SqliteLedger,
        State,
        TamperedLedger,
    )
    from .statute import (
        CODES,
        Finding,
        LawRef,
        ProvisionRef,
        Severity,
        Statute,
        StatuteError,
        kommunestyrelsesloven,
        load,
        loads,
        statute_schema,
    )
    from .versions import Diff, History, diff, load_history

#: Each public name and the module (relative to the package) that defines it.
_WHERE = {
    "__version__": "._version",
    **dict.fromkeys(
        ("Answer", "Authority", "Comparison", "StaticState", "UnknownName", "compare"),
        ".authority",
    ),
    "check": ".checks",
    **dict.fromkeys(("FlowSweep", "Flows"), ".economy.flow_results"),
    "simulate_flows": ".economy.flows",
    "sweep_flows": ".economy.flow_sweep",
    "output_schema": ".outputs",
    **dict.fromkeys(("Diff", "History", "diff", "load_history"), ".versions"),
    **dict.fromkeys(("BadArgument", "ForeningsreglerError", "MissingExtra"), ".errors"),
    **dict.fromkeys(
        (
            "Association",
            "BadEvent",
            "Event",
            "JsonlLedger",
            "MemoryLedger",
            "RuleViolation",
            "SqliteLedger",
            "State",
            "TamperedLedger",
        ),
        ".protocol",
    ),
    **dict.fromkeys(
        (
            "CODES",
            "Finding",
            "LawRef",
            "ProvisionRef",
            "Severity",
            "Statute",
            "StatuteError",
            "kommunestyrelsesloven",
            "load",
            "loads",
            "statute_schema",
        ),
        ".statute",
    ),
}

#: The wings reachable as attributes (``fr.i18n.use_language``) before their import.
_WINGS = frozenset(
    ("authority", "checks", "economy", "errors", "i18n", "protocol", "statute", "versions")
)

__all__ = [
    "CODES",
    "Answer",
    "Association",
    "Authority",
    "BadArgument",
    "BadEvent",
    "Comparison",
    "Diff",
    "Event",
    "Finding",
    "FlowSweep",
    "Flows",
    "ForeningsreglerError",
    "History",
    "JsonlLedger",
    "LawRef",
    "MemoryLedger",
    "MissingExtra",
    "ProvisionRef",
    "RuleViolation",
    "Severity",
    "SqliteLedger",
    "State",
    "StaticState",
    "Statute",
    "StatuteError",
    "TamperedLedger",
    "UnknownName",
    "bundled",
    "check",
    "compare",
    "diff",
    "kommunestyrelsesloven",
    "load",
    "load_history",
    "loads",
    "output_schema",
    "simulate_flows",
    "statute_schema",
    "sweep_flows",
]


__getattr__, __dir__ = lazy_names(__name__, _WHERE, _WINGS)


def _notebook_drawings() -> None:
    """Register the report wing's drawings for Jupyter, on the first one shown."""
    from .report import notebook  # noqa: F401 - registers them with _display


_display.on_first_use(_notebook_drawings)
