"""Safe YAML parsing that keeps the place of every key and value.

PyYAML's safe loader still accepts duplicate keys (the last one wins) and
expands aliases without bound, and it forgets positions once it builds
Python values. So this module composes the node tree with ``SafeLoader``'s
composer, refuses explicit tags while composing, and turns nodes into plain
values itself: duplicate keys are reported, alias expansion is measured
before any value is built, and a map from each path to its line and column is
kept for the later stages' messages.

Where PyYAML was built with libyaml, a statute is first read the fast way
(``_libyaml``: libyaml's events straight to values and places). libyaml words
its syntax errors otherwise and differs from PyYAML at a few edges (it accepts a
tab after a colon), so a text with a tab or a character YAML refuses, and any
text the fast way does not read as a plain statute (an alias, a tag, a problem,
a value libyaml reads otherwise), is read here with PyYAML's pure-Python
reader, whose findings are the ones reported, as without libyaml.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

import attrs
import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..i18n import _, shown_number
from . import _libyaml, _scalars
from .model import Location
from .problems import Finding

#: Whether PyYAML here has libyaml (else the pure-Python reader does it all).
LIBYAML = _libyaml.LIBYAML

#: Whether to scan and parse with libyaml where it is installed (tests turn it off).
USE_LIBYAML = True

MAX_BYTES = 1 << 20
MAX_ALIASES = 100
MAX_NODES = 200_000
MAX_DEPTH = 50

PathKey: TypeAlias = tuple[str | int, ...]
Value: TypeAlias = "dict[str, Value] | list[Value] | str | int | float | bool | None"

_STD = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}


class _Mark(Protocol):
    """PyYAML's marks (pure-Python or libyaml): 0-based line and column."""

    line: int
    column: int


@attrs.frozen
class Parsed:
    """A document's values with the place of each value and mapping key."""

    data: Value
    values: dict[PathKey, Location]
    keys: dict[PathKey, Location]

    def value_at(self, path: PathKey) -> Location | None:
        """The place of the value at ``path``, or of its nearest parent."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return None

    def key_at(self, path: PathKey) -> Location | None:
        return self.keys.get(path) or self.value_at(path)


class _Refused(Exception):
    """A problem after which parsing cannot sensibly go on."""

    def __init__(self, code: str, message: str, mark: _Mark | None) -> None:
        super().__init__(message)
        self.code, self.message, self.mark = code, message, mark


class _Alias(Node):
    """An alias kept apart from its anchor so the place it is used is known."""

    id = "alias"

    def __init__(self, node: Node, mark: _Mark) -> None:
        super().__init__(node.tag, node, node.start_mark, node.end_mark)
        self.node = node
        self.mark = mark


Child: TypeAlias = Node


class _Checks(Composer):
    """SafeLoader's composer that refuses tags, counts aliases and depth."""

    def __init__(self) -> None:
        Composer.__init__(self)
        self.aliases = 0
        self.depth = 0
        self.tag_marks: list[tuple[str, _Mark]] = []

    if TYPE_CHECKING:  # given by the parser each subclass is built on

        def peek_event(self) -> Any: ...
        def get_event(self) -> Any: ...
        def check_event(self, *choices: Any) -> bool: ...
        def dispose(self) -> None: ...

    def compose_node(self, parent: Node | None, index: int) -> Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                message = _("more than {count} aliases", count=MAX_ALIASES)
                raise _Refused("E106", message, event.start_mark)
            node = super().compose_node(parent, index)
            assert node is not None and event.start_mark is not None
            # The composer only appends what it gets back; a wrapper keeps the place.
            return _Alias(node, event.start_mark)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            self.tag_marks.append((str(tag).replace(_STD, "!!"), event.start_mark))
        self.depth += 1
        if self.depth > MAX_DEPTH:
            message = _("nested more than {count} levels deep", count=MAX_DEPTH)
            raise _Refused("E110", message, event.start_mark)
        try:
            composed = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        assert composed is not None
        return composed


class _Composer(_Checks, yaml.SafeLoader):
    """The checks over PyYAML's pure-Python reader, scanner and parser."""

    def __init__(self, text: str) -> None:
        yaml.SafeLoader.__init__(self, text)
        _Checks.__init__(self)


def parse(text: str, file: str) -> tuple[Parsed | None, list[Finding]]:
    """Parse one YAML document; refuse what a statute never needs."""
    if LIBYAML and USE_LIBYAML and "\t" not in text and _scalars.bad_character(text) is None:
        try:
            return Parsed(*_libyaml.read(text, MAX_DEPTH)), []
        except (yaml.YAMLError, ValueError, _libyaml.Unsure):
            pass  # libyaml's words, or a text it might read otherwise: PyYAML reads it
    return _parse(text, file)


def _parse(text: str, file: str) -> tuple[Parsed | None, list[Finding]]:
    """The document read by PyYAML's own reader, every problem a finding."""
    composer: _Composer | None = None
    try:
        composer = _Composer(text)
        root, problems = _compose(composer, file)
    except _Refused as refused:
        return None, [_at(file, refused.code, refused.message, refused.mark)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        from . import _yaml_errors  # its patterns compiled only for a text that fails

        return None, [_at(file, "E103", _yaml_errors.message(error), mark)]
    except yaml.reader.ReaderError as error:
        line, column = _line_column(text, error.position)
        char = error.character
        code = char if isinstance(char, int) else ord(char)
        message = _("character {code:#x} is not allowed in YAML", code=code)
        return None, [Finding("E103", message, file, line, column)]
    finally:
        if composer is not None:
            composer.dispose()
    if root is None or problems:
        return None, problems
    # A file cannot hold more real values than it has characters, so only an
    # expansion by aliases beyond that (and past MAX_NODES) is refused.
    assert composer is not None  # made, or an error returned above
    limit = max(MAX_NODES, len(text)) if composer.aliases else None
    return _build(root, file, limit)


def _compose(composer: _Checks, file: str) -> tuple[Node | None, list[Finding]]:
    composer.get_event()  # stream start
    if composer.check_event(yaml.StreamEndEvent):
        return None, [Finding("E107", _("the file holds no YAML document"), file, 1, 1)]
    root = composer.compose_document()
    assert root is not None  # the stream was checked to hold a document
    if not composer.check_event(yaml.StreamEndEvent):
        mark = composer.peek_event().start_mark
        return None, [_at(file, "E108", _("a second YAML document; a statute is one"), mark)]
    problems = [
        _at(file, "E105", _("the YAML tag {tag} is refused; write plain values", tag=tag), mark)
        for tag, mark in composer.tag_marks
    ]
    if isinstance(root, ScalarNode) and root.tag == f"{_STD}null":
        problems.append(Finding("E107", _("the document is empty"), file, 1, 1))
    elif not isinstance(root, MappingNode):
        if isinstance(root, SequenceNode):
            message = _("the top level is a list; a statute is a mapping of keys")
        else:
            message = _("the top level is a single value; a statute is a mapping of keys")
        problems.append(_at(file, "E109", message, root.start_mark))
    return root, problems


def _build(root: Node, file: str, limit: int | None) -> tuple[Parsed | None, list[Finding]]:
    """Values from the node tree; ``limit`` on its size once aliases are expanded
    (None: it has no aliases, so no more nodes than characters)."""
    if limit is not None:
        try:
            _expanded_size(root, {}, set(), limit)
        except _Refused as refused:
            return None, [_at(file, refused.code, refused.message, refused.mark)]
    builder = _Builder(file)
    data = builder.value(root, ())
    if builder.problems:
        return None, builder.problems
    return Parsed(data, builder.values, builder.keys), []


def _expanded_size(
    child: Child, sizes: dict[int, int], open_nodes: set[int], limit: int = MAX_NODES
) -> int:
    """Nodes the document has once aliases are expanded; refuses bombs and loops."""
    node, mark = (
        (child.node, child.mark) if isinstance(child, _Alias) else (child, child.start_mark)
    )
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:
        raise _Refused("E106", _("an alias refers to a node that contains it"), mark)
    open_nodes.add(key)
    size = 1
    for item in _children(node):
        size += _expanded_size(item, sizes, open_nodes, limit)
        if size > limit:
            # Point at the alias that pushed the expansion over the limit.
            where = item.mark if isinstance(item, _Alias) else mark
            message = _("aliases expand the document past {limit} nodes", limit=shown_number(limit))
            raise _Refused("E106", message, where)
    open_nodes.discard(key)
    sizes[key] = size
    return size


def _children(node: Node) -> Iterator[Child]:
    if isinstance(node, SequenceNode):
        yield from node.value
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value


class _Builder:
    """Turns a checked node tree into plain values, noting every place."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[PathKey, Location] = {}
        self.keys: dict[PathKey, Location] = {}
        self.problems: list[Finding] = []
        self._scalars = SafeConstructor()

    def value(self, child: Child, path: PathKey) -> Value:
        mark = child.mark if isinstance(child, _Alias) else child.start_mark
        node = child.node if isinstance(child, _Alias) else child
        self.values[path] = _location(mark)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node, mark)

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[str, Value]:
        result: dict[str, Value] = {}
        for key_child, value_child in node.value:
            key_node = key_child.node if isinstance(key_child, _Alias) else key_child
            if not isinstance(key_node, ScalarNode):
                message = _("a mapping key must be a plain word")
                self._problem("E202", message, key_node.start_mark)
                continue
            key = str(key_node.value)
            self._text(key, key_node)
            if key in result:
                first = self.keys[(*path, key)]
                message = _(
                    "duplicate key '{key}' (first at line {line})", key=key, line=first.line
                )
                self._problem("E104", message, key_node.start_mark)
                continue
            self.keys[(*path, key)] = _location(key_node.start_mark)
            result[key] = self.value(value_child, (*path, key))
        return result

    def _scalar(self, node: ScalarNode, mark: _Mark) -> Value:
        # A plain scalar's style is None from PyYAML's parser and "" from libyaml's.
        refused = _scalars.refused(node.tag, node.value) if not node.style else None
        if refused is not None:
            self._problem(*refused, mark)
            return str(node.value)
        if node.tag not in _PLAIN_TAGS or node.tag in (f"{_STD}timestamp", f"{_STD}str"):
            # Dates stay ISO text: the schema checks them, the model parses them.
            self._text(str(node.value), node, mark)
            return str(node.value)
        value = self._scalars.construct_object(node)
        assert value is None or isinstance(value, str | int | float | bool)
        return value

    def _text(self, text: str, node: Node, mark: _Mark | None = None) -> None:
        message = _scalars.bad_character(text)
        if message is not None:
            self._problem("E103", message, mark or node.start_mark)

    def _problem(self, code: str, message: str, mark: _Mark) -> None:
        self.problems.append(_at(self.file, code, message, mark))


def _location(mark: _Mark) -> Location:
    return Location(mark.line + 1, mark.column + 1)


def _at(file: str, code: str, message: str, mark: _Mark | None) -> Finding:
    if mark is None:
        return Finding(code, message, file)
    return Finding(code, message, file, mark.line + 1, mark.column + 1)


def _line_column(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
