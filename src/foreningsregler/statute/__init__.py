"""The statute as data: the model, the safe YAML reader, the schema, references,
the loader, and the findings with their codes. Imports nothing above it."""

from .law import LawRef, kommunestyrelsesloven
from .loading import load, loads
from .model import ProvisionRef, Statute
from .names import InvalidName, normalise_name
from .problems import CODES, Finding, Severity, StatuteError
from .validation import statute_schema

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
    "statute_schema",
]
