"""foreningsregler: the statutes of an association of municipalities as data.

>>> import foreningsregler as fr
>>> statute = fr.load("vedtaegter/digitaliseringsforeningen.yaml")
>>> [f.code for f in fr.check(statute) if f.severity is fr.Severity.ERROR]
[]
"""

from .association import Association
from .authority import Answer, Authority, StaticState, UnknownName
from .checks import check
from .ledger import Event, JsonlLedger, MemoryLedger, SqliteLedger, TamperedLedger
from .loading import load, loads
from .model import ProvisionRef, Statute
from .problems import CODES, Finding, Severity, StatuteError
from .state import RuleViolation, State
from .validation import statute_schema

__all__ = [
    "CODES",
    "Answer",
    "Association",
    "Authority",
    "Event",
    "Finding",
    "JsonlLedger",
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
    "load",
    "loads",
    "statute_schema",
]
__version__ = "0.1.0"
