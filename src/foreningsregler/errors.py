"""The root of every error the library raises on purpose.

Integrators catch ``ForeningsreglerError`` once. Each wing derives its own:
``StatuteError`` (a file that cannot be loaded), ``RuleViolation`` (an event
the statute refuses), ``TamperedLedger`` (a protocol whose chain does not
hold), ``UnknownName`` (a body or power the statute does not define; still a
``KeyError``), ``BadEvent`` (an event that cannot be an act) and
``EconomyError`` (amounts or shares that cannot be split).
This module imports nothing of the package, so every wing may import it.
"""

from __future__ import annotations


class ForeningsreglerError(Exception):
    """Base class of the library's errors."""
