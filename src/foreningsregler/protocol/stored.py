"""Reading a stored event's text: the event a store keeps as its canonical
text, read without making that text again, as the careful way
(``Event.from_json``) would read it, or left to the careful way.

Most texts of a protocol are plain (no escapes, sorted keys, no spaces):
such a text is read by its parts, and its ``data`` decoded once per
distinct text and shared, frozen, by every event that carries it (a
protocol repeats the same acts' data on many days). Anything else is
parsed whole; anything the careful way would change or refuse goes to it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from ..i18n import _
from ..statute.names import InvalidName, normalise_name
from .ledger import EARLIEST, LATEST, BadEvent, Event, _freeze, _NotPlain


def _no_constant(name: str) -> Any:
    raise ValueError(_("{name} is no number JSON carries", name=name))


def stored_event(text: str) -> Event:
    """The event a store keeps as its canonical text (the text its hash
    covers), read without making that text again; BadEvent when it is none.

    What the careful way (``Event.from_json``) would change or refuse takes
    it: escapes (a lone surrogate?), names not in their one form, numbers
    JSON cannot carry, anything that is no event. Otherwise the parsed
    values are already plain JSON, frozen as they are parsed.
    """
    event = quick_event(text)
    if event is not None:
        return event
    try:  # rare: json.loads, whose errors (a BOM...) are the ones shown
        value = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        raise BadEvent(_("not an event: {error}", error=error)) from None
    return Event.from_json(value)


def quick_event(text: str, encodes: bool = False) -> Event | None:
    """``stored_event`` of a plain text, its data frozen as it is parsed;
    None for a text the careful way reads. ``encodes``: the text is known to
    encode as UTF-8 (a store just hashed it), so it holds no lone surrogate."""
    if "\\" in text:
        if "\\u" in text:
            return None
    elif text.startswith(_ACTOR):  # no escape: read by its parts, if it is plain
        event = _by_parts(text, encodes)
        if event is not None:
            return event
    lists = "[" in text  # objects freeze as they are parsed, lists after
    try:
        encodes or text.isascii() or text.encode()  # UnicodeEncodeError: a lone surrogate
        value, end = (_PARSE_WITH_LISTS if lists else _PARSE)(text, 0)
    except (ValueError, StopIteration, RecursionError, _NotPlain):
        return None  # not JSON, NaN, 1e999, a lone surrogate...: the careful way says why
    if end != len(text) or type(value) is not (dict if lists else MappingProxyType):
        return None
    return plain_event(value, text)


def _by_parts(text: str, encodes: bool) -> Event | None:
    """``quick_event`` of a text without escapes written as a store writes an
    event with data (``{"actor":…,"data":{…},"date":…,"kind":…}``, no
    spaces): its actor, day and kind cut out (none holds a quote), its data
    the one frozen mapping decoded from the same text before; None for any
    other text (the whole is parsed)."""
    cut, at = text.find(_DATA, 10), text.rfind(_DATE)
    if cut < 0 or at < cut or text[at + 19 : at + 29] != _KIND or text[-2:] != '"}':
        return None
    actor, date, kind = text[10:cut], text[at + 9 : at + 19], text[at + 29 : -2]
    if '"' in actor or '"' in kind:
        return None  # another key or value: not an event's four
    data_text = text[cut + 9 : at]
    data = _DATA_READ.get(data_text)
    if data is None:
        if "[" in data_text:
            return None  # lists freeze after parsing: the whole is parsed
        try:
            encodes or data_text.isascii() or data_text.encode()  # a lone surrogate
            data, end = _PARSE(data_text, 0)
        except (ValueError, StopIteration, RecursionError, _NotPlain):
            return None
        if end != len(data_text) or type(data) is not MappingProxyType:
            return None
        if len(_DATA_READ) < _DATA_KEPT:
            _DATA_READ[data_text] = data
    return plain_event({"kind": kind, "date": date, "actor": actor, "data": data}, text)


#: How a store writes an event: its keys in order, no spaces (``Event.canonical``).
_ACTOR, _DATA, _DATE, _KIND = '{"actor":"', '","data":', ',"date":"', '","kind":"'
#: Data decoded by its text: frozen, so shared by every event that carries it.
_DATA_READ: dict[str, Mapping[str, Any]] = {}
_DATA_KEPT = 4096


def plain_event(value: Mapping[str, Any], text: str) -> Event | None:
    """The event of ``value``, parsed from a store (its objects frozen, or
    plain dicts), with ``text`` as its canonical text, if the careful way
    (``Event.from_json``) would make the same event of it; None if not."""
    day = plain_day(value)
    if day is None:
        return None
    data = value.get("data", _EMPTY)
    event: Event = object.__new__(Event)
    _SET_KIND(event, value["kind"])
    _SET_DATE(event, day)
    _SET_ACTOR(event, value["actor"])
    _SET_DATA(event, _freeze(data) if type(data) is dict else data)
    _SET_CANONICAL(event, text)
    return event


def plain_day(value: Mapping[str, Any]) -> dt.date | None:
    """The day of the event ``value`` if the careful way would make of it the
    event it is: an event's keys, its parts as its validators let them
    pass, its names in their one form; None if not."""
    kind, date, actor = value.get("kind"), value.get("date"), value.get("actor")
    data = value.get("data", _EMPTY)
    if type(data) not in _MAPPINGS or len(value) != (4 if "data" in value else 3):
        return None  # keys other than an event's
    if not type(kind) is type(date) is type(actor) is str:
        return None
    municipality = data.get("municipality")
    if isinstance(municipality, str) and not _in_one_form(municipality):
        return None
    day = _plain_day(date)  # the careful way refuses the rest, as the validators do
    return day if day is not None and _plain_names(kind, actor) else None


_MAPPINGS = (dict, MappingProxyType)


@lru_cache(maxsize=4096)
def _plain_day(text: str) -> dt.date | None:
    """The day ``text`` names in the one form ``date.isoformat`` writes, if
    an event may carry it."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return day if day.isoformat() == text and EARLIEST <= day <= LATEST else None


@lru_cache(maxsize=4096)
def _plain_names(kind: str, actor: str) -> bool:
    """The kind and actor as ``_name`` lets them pass, the actor in its one
    form (a protocol repeats few pairs: one look-up)."""
    return _shown(kind) and _shown(actor) and _in_one_form(actor)


def _shown(name: str) -> bool:
    """``name`` is a kind or actor ``_name`` lets pass."""
    return bool(name.strip()) and name.isprintable()


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e999: the careful way refuses it
        raise _NotPlain
    return number


#: Parsers of a stored event's text, made once (a keyword given to
#: ``json.loads`` makes one per call): one freezes every object as it is
#: parsed; a text with lists takes the other, ``_freeze`` freezes it after.
_Parse = Callable[[str, int], tuple[Any, int]]  # the decoder's scanner: (value, end)
_PARSE: _Parse = json.JSONDecoder(
    object_hook=MappingProxyType, parse_float=_finite, parse_constant=_no_constant
).__dict__["scan_once"]  # set by __init__ (in C), so not in the type stubs
_PARSE_WITH_LISTS: _Parse = json.JSONDecoder(
    parse_float=_finite, parse_constant=_no_constant
).__dict__["scan_once"]
_EMPTY: Mapping[str, Any] = MappingProxyType({})
#: An event's slots, set directly: ``stored_event`` has checked what its
#: converters and validators would.
_SET_KIND, _SET_DATE, _SET_ACTOR, _SET_DATA, _SET_CANONICAL = (
    getattr(Event, name).__set__ for name in ("kind", "date", "actor", "data", "_canonical")
)


@lru_cache(maxsize=4096)
def _in_one_form(name: str) -> bool:
    try:
        return bool(name.strip()) and normalise_name(name) == name
    except InvalidName:
        return False
