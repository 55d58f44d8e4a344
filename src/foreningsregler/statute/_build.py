"""What every builder of the model needs: the checked document and citations.

The builders (``_build_members``, ``_build_bodies``, ``_build_powers`` and
``loading`` itself) are functions of a ``Reader``, so each part of the format
grows in its own module.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any, cast

from ._yaml import Parsed, PathKey
from .citation import ProvisionRef, SourceRef


class Reader:
    """A document that passed schema and references, read with its places."""

    def __init__(self, parsed: Parsed, name: str) -> None:
        self.parsed, self.name = parsed, name
        self.data: dict[str, Any] = cast(dict[str, Any], parsed.data)

    def items(self, key: str, build: Any) -> tuple[Any, ...]:
        """Each entry of the top-level list ``key``, built with its path."""
        return tuple(build(self, raw, (key, i)) for i, raw in enumerate(self.data.get(key, [])))

    def opt(self, d: dict[str, Any], path: PathKey, build: Any) -> Any:
        key = path[-1]
        return build(d[key], path) if key in d else None

    def cited(self, d: dict[str, Any], path: PathKey) -> dict[str, Any]:
        """The citation fields every element carries, with its place in the file."""
        provision = d.get("provision")
        return {
            "provision": ProvisionRef.parse(provision) if provision else None,
            "assumption": bool(d.get("assumption", False)),
            "reason": d.get("reason"),
            "location": self.parsed.value_at(path),
        }

    def sources(self, d: dict[str, Any], path: PathKey) -> tuple[SourceRef, ...]:
        return tuple(
            SourceRef(
                document=s["document"],
                section=s.get("section"),
                page=s.get("page"),
                location=self.parsed.value_at((*path, "sources", i)),
            )
            for i, s in enumerate(d.get("sources", []))
        )


def as_tuple(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def fraction(value: str | None) -> Fraction | None:
    return Fraction(value) if value else None
