"""What happened: lifecycles, acts, the replay, the state on a day, votes,
the ledgers and ``Association``. Imports ``authority`` and ``statute``."""

from .association import Association
from .files import LedgerBusy, NotAProtocol, ReadOnlyLedger, TornLedger
from .jsonl_store import JsonlLedger
from .law_state import LawStatus
from .ledger import BadEvent, BadHead, Entry, Event, Head, Ledger, MemoryLedger, TamperedLedger
from .opening import FileLedger, Repaired, Verified, open_ledger, repair, verify_ledger
from .protection import BadKey, Key
from .rules import Rules
from .sqlite_store import SqliteLedger
from .state import RuleViolation, State

__all__ = [
    "Association",
    "BadEvent",
    "BadHead",
    "BadKey",
    "Entry",
    "Event",
    "FileLedger",
    "Head",
    "JsonlLedger",
    "Key",
    "LawStatus",
    "Ledger",
    "LedgerBusy",
    "MemoryLedger",
    "NotAProtocol",
    "ReadOnlyLedger",
    "Repaired",
    "RuleViolation",
    "Rules",
    "SqliteLedger",
    "State",
    "TamperedLedger",
    "TornLedger",
    "Verified",
    "open_ledger",
    "repair",
    "verify_ledger",
]
