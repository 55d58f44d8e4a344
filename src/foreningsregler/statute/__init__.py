"""The statute as data: the model, the safe YAML reader, the schema, references,
the loader, and the findings with their codes. Imports nothing above it.

The names below are imported on first use (PEP 562): a module that needs only
the model (``statute.model``) does not load the YAML reader, the schemas or the
law with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .law import LawRef, kommunestyrelsesloven
    from .loading import load, loads
    from .model import ProvisionRef, Statute
    from .names import InvalidName, normalise_name
    from .problems import CODES, Finding, Severity, StatuteError
    from .schemas import schema, schema_json, statute_schema, write_schemas

#: Each name and the module that defines it.
_WHERE = {
    **dict.fromkeys(("LawRef", "kommunestyrelsesloven"), ".law"),
    **dict.fromkeys(("load", "loads"), ".loading"),
    **dict.fromkeys(("ProvisionRef", "Statute"), ".model"),
    **dict.fromkeys(("InvalidName", "normalise_name"), ".names"),
    **dict.fromkeys(("CODES", "Finding", "Severity", "StatuteError"), ".problems"),
    **dict.fromkeys(("schema", "schema_json", "statute_schema", "write_schemas"), ".schemas"),
}

__all__ = [
    "CODES",
    "Finding",
    "InvalidName",
    "LawRef",
    "ProvisionRef",
    "Severity",
    "Statute",
    "StatuteError",
    "kommunestyrelsesloven",
    "load",
    "loads",
    "normalise_name",
    "schema",
    "schema_json",
    "statute_schema",
    "write_schemas",
]


def __getattr__(name: str) -> object:
    """Import the module that defines ``name`` on first use and keep the value."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
