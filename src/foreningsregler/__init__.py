"""foreningsregler: the statutes of an association of municipalities as data.

>>> import foreningsregler as fr
>>> statute = fr.load("vedtaegter/digitaliseringsforeningen.yaml")
>>> [f.code for f in fr.check(statute) if f.severity is fr.Severity.ERROR]
[]
"""

from .checks import check
from .loading import load, loads
from .model import ProvisionRef, Statute
from .problems import CODES, Finding, Severity, StatuteError
from .validation import statute_schema

__all__ = [
    "CODES",
    "Finding",
    "ProvisionRef",
    "Severity",
    "Statute",
    "StatuteError",
    "check",
    "load",
    "loads",
    "statute_schema",
]
__version__ = "0.1.0"
