"""Reading events from YAML files.

Event files are parsed like statutes: safe YAML with positions, then a
JSON Schema (``schema/events.schema.json``), so a malformed event gets the
same ``path:line:col: CODE message`` as a malformed statute.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any, cast

from ..errors import ForeningsreglerError
from ..statute.loading import read_document
from ..statute.problems import Finding, StatuteError
from ..statute.validation import EVENTS_SCHEMA_FILE
from .ledger import Event


def read_events(path: str | os.PathLike[str]) -> list[Event]:
    """The events of a file: one event, or ``events:`` with a list of them.
    StatuteError for every problem, also an event the protocol could not hold
    (``BadEvent``), at that event's place."""
    parsed = read_document(path, EVENTS_SCHEMA_FILE)
    data = cast(dict[str, Any], parsed.data)
    events: list[Event] = []
    problems: list[Finding] = []
    for at, item in _items(data):
        try:
            events.append(_event(item))
        except ForeningsreglerError as error:
            place = parsed.value_at(at)
            line, column = (place.line, place.column) if place else (None, None)
            problems.append(Finding("E204", str(error), os.fspath(path), line, column))
    if problems:
        raise StatuteError(problems)
    return events


def _items(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
    if "events" in data:
        return [(("events", i), item) for i, item in enumerate(data["events"])]
    return [((), data)]


def _event(item: dict[str, Any]) -> Event:
    return Event(
        item["kind"], dt.date.fromisoformat(item["date"]), item["actor"], item.get("data") or {}
    )
