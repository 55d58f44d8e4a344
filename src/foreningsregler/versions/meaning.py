"""What an element of the model means, apart from how it is written.

``meaning`` walks any value of the model (``statute/model.py``) through its
attrs fields and turns it into plain JSON values, leaving out what is form:
where it stands in the file, the provision it cites, its sources, whether it is
an assumption and why, and the texts a person reads beside an id (a body's
name, a description). Two elements mean the same when their meanings are
equal; reformatting, reordering keys, comments and reworded text change
nothing here. ``form`` is the other half: the texts and citations left out.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from enum import Enum
from fractions import Fraction
from typing import Any

import attrs

#: Fields that say where and how an element is written, never what it means.
FORM = frozenset(
    {"location", "provision", "sources", "assumption", "reason", "description", "note", "path"}
)
#: Fields that name an element for a reader beside its ``id``.
LABELS = frozenset({"name", "short_name", "title"})
#: The text of a provision or a purpose: the words, not the encoding.
WORDS = frozenset({"text"})

Json = Any


def meaning(value: object) -> Json:
    """``value`` as plain JSON values, its form left out."""
    if attrs.has(type(value)):
        return {name: meaning(field) for name, field in meaningful_fields(value)}
    if isinstance(value, frozenset | set):
        return sorted((meaning(v) for v in value), key=_order)
    if isinstance(value, Mapping):
        return {str(k): meaning(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, tuple | list):
        items = [meaning(v) for v in value]
        if value and all(attrs.has(type(v)) and hasattr(v, "id") for v in value):
            items.sort(key=_order)  # elements named by id: their order says nothing
        return items
    return scalar(value)


def meaningful_fields(value: object) -> list[tuple[str, object]]:
    """The fields of an attrs value that carry meaning, with their values."""
    fields = attrs.fields(_attrs_class(value))
    named = any(f.name == "id" for f in fields)
    return [
        (f.name, getattr(value, f.name))
        for f in fields
        if f.eq and f.name not in FORM and f.name not in WORDS and not (named and f.name in LABELS)
    ]


def form(value: object) -> dict[str, Json]:
    """The form of one element (not of its parts): its citation, its names and
    texts, and whether it is an assumption."""
    if not attrs.has(type(value)):
        return {}
    fields = attrs.fields(_attrs_class(value))
    named = any(f.name == "id" for f in fields)
    kept = (FORM - {"location", "path"}) | WORDS | (LABELS if named else frozenset())
    return {f.name: meaning(getattr(value, f.name)) for f in fields if f.name in kept}


def _attrs_class(value: object) -> type[attrs.AttrsInstance]:
    kind = type(value)
    assert attrs.has(kind)
    return kind


def scalar(value: object) -> Json:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # a provision reference and the like


def _order(value: Json) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def shown(value: Json, limit: int = 120) -> str | None:
    """A short text of a meaning for a line of output, or None where it is too long."""
    if value is None:
        return "-"
    if isinstance(value, str):
        text = value
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        text = ", ".join(value) if value else "-"
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else None
