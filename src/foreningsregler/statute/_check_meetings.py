"""Load checks of meetings that the schema cannot see (E327, E328).

An ordinary meeting's window that closes before it opens, and an
extraordinary meeting that must be held sooner after the demand than its
notice allows, can never be met: the file stops loading, as an upside-down
range of seats does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..i18n import _, ngettext
from ._yaml import Parsed, PathKey
from .problems import Finding
from .validation import enclosing_provision

#: The fewest and most days a month of a duration can count.
_SHORT_MONTH, _LONG_MONTH = 28, 31


def meeting_problems(parsed: Parsed, file: str) -> list[Finding]:
    """Every E327 and E328 of a schema-valid document."""
    data: dict[str, Any] = parsed.data if isinstance(parsed.data, dict) else {}
    found: list[Finding] = []
    for index, body in enumerate(data.get("bodies", [])):
        meetings = body.get("meetings")
        if not isinstance(meetings, dict):
            continue
        for code, message, where in _meetings(str(body["id"]), meetings):
            path: PathKey = ("bodies", index, "meetings", *where)
            place = parsed.value_at(path)
            line, column = (place.line, place.column) if place else (None, None)
            cited = enclosing_provision(parsed.data, path)
            found.append(Finding(code, message, file, line, column, cited))
    return found


def _meetings(body: str, meetings: dict[str, Any]) -> Iterator[tuple[str, str, PathKey]]:
    first, last = meetings.get("ordinary_from_month"), meetings.get("ordinary_by_month")
    if first is not None and last is not None and first > last:
        message = _(
            "the ordinary meeting of '{body}' is held from month {first} to month {last}: "
            "the window closes before it opens",
            body=body,
            first=first,
            last=last,
        )
        yield "E327", message, ("ordinary_from_month",)
    extra = meetings.get("extraordinary") or {}
    notice, within = extra.get("notice"), extra.get("held_within")
    if not (isinstance(notice, dict) and isinstance(within, dict)):
        return
    if _days(notice, _SHORT_MONTH) >= _days(within, _LONG_MONTH):
        message = _(
            "an extraordinary meeting of '{body}' must be held within {within} of the demand, "
            "but is called with {notice}' notice",
            body=body,
            within=_show(within),
            notice=_show(notice),
        )
        yield "E328", message, ("extraordinary", "held_within")


def _days(duration: dict[str, Any], month: int) -> int:
    return int(
        duration.get("days", 0) + 7 * duration.get("weeks", 0) + month * duration.get("months", 0)
    )


def _show(duration: dict[str, Any]) -> str:
    unit = next(k for k in ("days", "weeks", "months") if k in duration)
    count = int(duration[unit])
    if unit == "days":
        return ngettext("{count} day", "{count} days", count)
    if unit == "weeks":
        return ngettext("{count} week", "{count} weeks", count)
    return ngettext("{count} month", "{count} months", count)
