"""What happened: lifecycles, acts, the replay, the state on a day, votes,
the ledgers and ``Association``. Imports ``authority`` and ``statute``.

The names are imported when first used (PEP 562), as in the package's
``__init__``: a command that needs one module does not pay for the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
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

#: Each public name and the module (relative to this package) that defines it.
_WHERE = {
    "Association": ".association",
    "BadEvent": ".ledger",
    "BadHead": ".ledger",
    "BadKey": ".protection",
    "Entry": ".ledger",
    "Event": ".ledger",
    "FileLedger": ".opening",
    "Head": ".ledger",
    "JsonlLedger": ".jsonl_store",
    "Key": ".protection",
    "LawStatus": ".law_state",
    "Ledger": ".ledger",
    "LedgerBusy": ".files",
    "MemoryLedger": ".ledger",
    "NotAProtocol": ".files",
    "ReadOnlyLedger": ".files",
    "Repaired": ".opening",
    "RuleViolation": ".state",
    "Rules": ".rules",
    "SqliteLedger": ".sqlite_store",
    "State": ".state",
    "TamperedLedger": ".ledger",
    "TornLedger": ".files",
    "Verified": ".opening",
    "open_ledger": ".opening",
    "repair": ".opening",
    "verify_ledger": ".opening",
}

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


__getattr__, __dir__ = lazy_names(__name__, _WHERE)
