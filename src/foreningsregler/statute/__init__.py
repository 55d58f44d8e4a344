"""The statute as data: the model, the safe YAML reader, the schema, references,
the loader, and the findings with their codes. Imports nothing above it."""

from .law import LawRef, kommunestyrelsesloven
from .loading import load, loads
from .model import ProvisionRef, Statute
from .names import InvalidName, normalise_name
from .problems import CODES, Finding, Severity, StatuteError
from .schemas import schema, schema_json, statute_schema, write_schemas

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
