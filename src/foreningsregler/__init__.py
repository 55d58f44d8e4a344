"""foreningsregler: the statutes of an association of municipalities as data.

>>> import foreningsregler as fr
>>> statute = fr.load("vedtaegter/digitaliseringsforeningen.yaml")
>>> [f.code for f in fr.check(statute) if f.severity is fr.Severity.ERROR]
[]
"""

from . import _display
from ._version import __version__ as __version__
from .authority import Answer, Authority, Comparison, StaticState, UnknownName, compare
from .checks import check
from .errors import BadArgument, ForeningsreglerError
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

__all__ = [
    "CODES",
    "Answer",
    "Association",
    "Authority",
    "BadArgument",
    "BadEvent",
    "Comparison",
    "Event",
    "Finding",
    "ForeningsreglerError",
    "JsonlLedger",
    "LawRef",
    "MemoryLedger",
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
    "check",
    "compare",
    "kommunestyrelsesloven",
    "load",
    "loads",
    "statute_schema",
]


def _notebook_drawings() -> None:
    """Register the report wing's drawings for Jupyter, on the first one shown."""
    from .report import notebook  # noqa: F401 - registers them with _display


_display.on_first_use(_notebook_drawings)
