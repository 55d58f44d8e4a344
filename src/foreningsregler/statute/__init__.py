"""The statute as data: the model, the safe YAML reader, the schema, references,
the loader, and the findings with their codes. Imports nothing above it.

The names below are imported on first use (PEP 562): a module that needs only
the model (``statute.model``) does not load the YAML reader, the schemas or the
law with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

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


__getattr__, __dir__ = lazy_names(__name__, _WHERE)
