"""What happened: lifecycles, acts, the replay, the state on a day, votes,
the ledgers and ``Association``. Imports ``authority`` and ``statute``."""

from .association import Association
from .law_state import LawStatus
from .ledger import (
    BadEvent,
    Entry,
    Event,
    JsonlLedger,
    Ledger,
    MemoryLedger,
    SqliteLedger,
    TamperedLedger,
)
from .rules import Rules
from .state import RuleViolation, State

__all__ = [
    "Association",
    "BadEvent",
    "Entry",
    "Event",
    "JsonlLedger",
    "LawStatus",
    "Ledger",
    "MemoryLedger",
    "RuleViolation",
    "Rules",
    "SqliteLedger",
    "State",
    "TamperedLedger",
]
