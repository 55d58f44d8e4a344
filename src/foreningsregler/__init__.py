"""foreningsregler: the statutes of an association of municipalities as data.

>>> import foreningsregler as fr
>>> statute = fr.load("vedtaegter/digitaliseringsforeningen.yaml")
>>> [f.code for f in fr.check(statute) if f.severity is fr.Severity.ERROR]
[]
"""

from ._version import __version__ as __version__
from .authority import Answer, Authority, Comparison, StaticState, UnknownName, compare
from .bundled import bundled as bundled
from .checks import check
from .errors import BadArgument, ForeningsreglerError
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
    "bundled",
    "check",
    "compare",
    "kommunestyrelsesloven",
    "load",
    "loads",
    "output_schema",
    "statute_schema",
]
