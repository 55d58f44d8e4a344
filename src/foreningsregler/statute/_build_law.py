"""Builds a statute's declaration of its legal basis (``statute.legal_basis``)."""

from __future__ import annotations

from typing import Any

from ._build import Reader
from ._yaml import PathKey
from .legal_basis import LegalBasis


def legal_basis(reader: Reader, d: dict[str, Any], path: PathKey) -> LegalBasis:
    return LegalBasis(law=d["law"], changes=d.get("changes"), **reader.cited(d, path))
