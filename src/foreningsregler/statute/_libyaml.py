"""The fast road of ``_yaml``: libyaml's events straight to values and places.

libyaml scans and parses about ten times faster than PyYAML's pure-Python
reader; building PyYAML's node tree from its events and walking it again took
most of the rest. This module builds the plain values and the place of every
value and key in one pass over the events, for the documents statutes are:
one mapping of plain values, without anchors, aliases or tags. At anything
else (an alias, a tag, a duplicate key, a refused value, nesting past the
limit, a second document) and where libyaml reads a text otherwise than
PyYAML (``_unsure``) it gives up (``Unsure``), and ``_yaml`` reads the text with
PyYAML's own reader and its checks, whose findings are the ones reported. So a
document read here is exactly what the slow road gives (a test compares them
on every file of the repository, edge cases and mutated statutes).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from . import _scalars
from .model import Location

try:
    from yaml._yaml import CParser

    LIBYAML = True
except ImportError:  # PyYAML built without libyaml: the pure-Python reader does it all
    LIBYAML = False

_STD = "tag:yaml.org,2002:"
#: Values kept as text (dates too: the schema checks them, the model parses them).
TEXT_TAGS = frozenset((f"{_STD}str", f"{_STD}timestamp"))
#: Values read as what they are.
VALUE_TAGS = frozenset(f"{_STD}{t}" for t in ("int", "float", "bool", "null"))

PathKey = tuple[str | int, ...]


class Unsure(Exception):
    """Not a document this road reads as PyYAML would: read it the slow way."""


def read(text: str, max_depth: int) -> tuple[Any, dict[PathKey, Location], dict[PathKey, Location]]:
    """The values of ``text``, and the place of each value and mapping key."""
    parser = CParser(text)
    try:
        return _Reader(parser, max_depth).document()
    finally:
        parser.dispose()


def _mark(event: Any) -> Any:
    return event.start_mark


def _unsure(event: Any, flow: int) -> bool:
    """Where libyaml reads a plain value otherwise than PyYAML: it places an
    empty one a column off, and accepts a ``?`` inside one in a flow collection."""
    return not event.style and (event.value == "" or (flow > 0 and "?" in event.value))


def _plain(event: Any) -> None:
    """Refuse an event with an anchor or an explicit tag (or an alias)."""
    if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
        raise Unsure
    if event.tag not in (None, "!"):
        raise Unsure


class _Reader:
    def __init__(self, parser: Any, max_depth: int) -> None:
        self.next, self.peek = parser.get_event, parser.peek_event
        self.max_depth = max_depth
        self.values: dict[PathKey, Location] = {}
        self.keys: dict[PathKey, Location] = {}
        self.tags: dict[tuple[str, tuple[bool, bool]], str] = {}
        # PyYAML's stubs leave ``resolve`` untyped.
        self.resolve: Any = Resolver().resolve
        self.constructor = SafeConstructor()

    def document(self) -> tuple[Any, dict[PathKey, Location], dict[PathKey, Location]]:
        self.next()  # the stream's start
        if not isinstance(self.next(), yaml.DocumentStartEvent):
            raise Unsure  # no document
        if not isinstance(self.peek(), yaml.MappingStartEvent):
            raise Unsure  # not a mapping at the top
        data = self.value((), 1, 0)
        if not isinstance(self.next(), yaml.DocumentEndEvent):
            raise Unsure
        if not isinstance(self.next(), yaml.StreamEndEvent):
            raise Unsure  # a second document
        return data, self.values, self.keys

    def value(self, path: PathKey, depth: int, flow: int) -> Any:
        event = self.next()
        if depth > self.max_depth:
            raise Unsure
        _plain(event)
        mark = event.start_mark
        self.values[path] = Location(mark.line + 1, mark.column + 1)
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, flow)
        inner = flow + bool(event.flow_style)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(self.peek(), yaml.SequenceEndEvent):
                items.append(self.value((*path, len(items)), depth + 1, inner))
            self.next()
            return items
        return self.mapping(path, depth, inner)

    def mapping(self, path: PathKey, depth: int, flow: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while not isinstance(self.peek(), yaml.MappingEndEvent):
            event: Any = self.next()
            if not isinstance(event, yaml.ScalarEvent) or depth + 1 > self.max_depth:
                raise Unsure  # a key that is no plain word, or too deep
            _plain(event)
            key, mark = str(event.value), _mark(event)
            if _unsure(event, flow) or key in result or _scalars.bad_character(key):
                raise Unsure
            self.keys[(*path, key)] = Location(mark.line + 1, mark.column + 1)
            result[key] = self.value((*path, key), depth + 1, flow)
        self.next()
        return result

    def scalar(self, event: Any, flow: int) -> Any:
        if _unsure(event, flow):
            raise Unsure
        value = event.value
        tag = self.tag(value, event.implicit)
        if not event.style and _scalars.refused(tag, value) is not None:
            raise Unsure
        if tag not in VALUE_TAGS:  # text, dates, and what the slow road refuses
            if tag not in TEXT_TAGS or _scalars.bad_character(value):
                raise Unsure
            return str(value)
        node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        return self.constructor.construct_object(node)

    def tag(self, value: str, implicit: tuple[bool, bool]) -> str:
        key = (value, implicit)
        found = self.tags.get(key)
        if found is None:
            found = self.tags[key] = self.resolve(ScalarNode, value, implicit)
        return found
