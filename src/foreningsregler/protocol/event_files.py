"""Reading events from YAML files.

Event files are parsed like statutes: safe YAML with positions, then a
JSON Schema (``schema/events.schema.json``), so a malformed event gets the
same ``path:line:col: CODE message`` as a malformed statute.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any, cast

from ..statute.loading import read_document
from ..statute.validation import EVENTS_SCHEMA_FILE
from .ledger import Event


def read_events(path: str | os.PathLike[str]) -> list[Event]:
    """The events of a file: one event, or ``events:`` with a list of them."""
    data = cast(dict[str, Any], read_document(path, EVENTS_SCHEMA_FILE).data)
    return [_event(item) for item in data.get("events", [data])]


def _event(item: dict[str, Any]) -> Event:
    return Event(
        item["kind"], dt.date.fromisoformat(item["date"]), item["actor"], item.get("data") or {}
    )
