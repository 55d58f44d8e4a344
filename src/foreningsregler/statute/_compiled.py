"""A JSON Schema turned into nested Python checks that only say valid or not.

jsonschema walks the schema anew for every value, resolving each ``$ref``
through its registry; on the bundled statute that is most of the loading
time. A statute that is valid (the usual case) needs no explanation, so
``validation`` asks this check first and lets jsonschema explain only a
document that fails it. The check must therefore never pass what jsonschema
refuses; it follows jsonschema's rules with the package's strict ones (a whole
number is no bool and no 3.0, a pattern matches the whole text), and a test
compares the two verdicts on many documents. A schema with a keyword this
module does not know is refused (``Unsupported``), and jsonschema does all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

#: Keywords that only describe; they never make a value invalid.
_ANNOTATIONS = frozenset(
    (
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "then",  # read with ``if``
        "else",
    )
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class Unsupported(Exception):
    """A schema keyword (or form of one) this module does not check."""


def compile_schema(schema: dict[str, Any]) -> Check:
    """A function that tells whether a value is valid against ``schema``."""
    return _Compiler(schema).check(schema)


def _yes(_: object) -> bool:
    return True


def _no(_: object) -> bool:
    return False


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


_TYPES: dict[str, Check] = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    "integer": lambda x: isinstance(x, int) and not isinstance(x, bool),
    "number": _is_number,
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
}


def _key(value: object) -> object:
    """A hashable stand-in equal where JSON Schema calls two values equal:
    ``True`` is not ``1``, ``1`` is ``1.0``, lists and mappings by their parts."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, list):
        return ("list", tuple(_key(v) for v in value))
    if isinstance(value, dict):
        return ("dict", frozenset((k, _key(v)) for k, v in value.items()))
    return value


def _all(checks: list[Check]) -> Check:
    if not checks:
        return _yes
    if len(checks) == 1:
        return checks[0]

    def every(x: object) -> bool:
        return all(check(x) for check in checks)

    return every


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, list[Check]] = {}

    def check(self, node: object) -> Check:
        if node is True:
            return _yes
        if node is False:
            return _no
        if not isinstance(node, dict):
            raise Unsupported(repr(node))
        checks: list[Check] = []
        if "type" in node:  # first: the cheapest, and the others assume it
            checks.append(self._type(node["type"]))
        for keyword, value in node.items():
            if keyword in _ANNOTATIONS or keyword == "type":
                continue
            method = getattr(self, "_k_" + keyword.replace("$", "dollar_"), None)
            if method is None:
                raise Unsupported(keyword)
            found = method(value, node)
            if found is not None:
                checks.append(found)
        return _all(checks)

    def _type(self, value: object) -> Check:
        names = value if isinstance(value, list) else [value]
        try:
            tests = [_TYPES[str(name)] for name in names]
        except KeyError as error:
            raise Unsupported(f"type {error}") from None
        return tests[0] if len(tests) == 1 else lambda x: any(t(x) for t in tests)

    # -- mappings --

    def _k_properties(self, value: dict[str, Any], node: dict[str, Any]) -> Check:
        if "patternProperties" in node:
            raise Unsupported("patternProperties")
        subs = [(key, self.check(sub)) for key, sub in value.items()]
        extra = node.get("additionalProperties", True)
        known = frozenset(value)
        other = None if extra is True else self.check(extra)

        def properties(x: object) -> bool:
            if not isinstance(x, dict):
                return True
            for key, sub in subs:
                if key in x and not sub(x[key]):
                    return False
            if other is not None:
                for key in x.keys() - known:
                    if not other(x[key]):
                        return False
            return True

        return properties

    def _k_additionalProperties(self, value: object, node: dict[str, Any]) -> Check | None:
        if "properties" in node:
            return None  # checked with them
        return self._k_properties({}, {"additionalProperties": value})

    def _k_required(self, value: list[str], _: object) -> Check:
        keys = tuple(value)
        return lambda x: not isinstance(x, dict) or all(k in x for k in keys)

    def _k_dependentRequired(self, value: dict[str, list[str]], _: object) -> Check:
        needs = tuple((key, tuple(wanted)) for key, wanted in value.items())
        return lambda x: (
            not isinstance(x, dict)
            or all(key not in x or all(w in x for w in wanted) for key, wanted in needs)
        )

    def _k_minProperties(self, value: int, _: object) -> Check:
        return lambda x: not isinstance(x, dict) or len(x) >= value

    def _k_maxProperties(self, value: int, _: object) -> Check:
        return lambda x: not isinstance(x, dict) or len(x) <= value

    def _k_propertyNames(self, value: object, _: object) -> Check:
        sub = self.check(value)
        return lambda x: not isinstance(x, dict) or all(sub(k) for k in x)

    # -- lists --

    def _k_items(self, value: object, node: dict[str, Any]) -> Check:
        if "prefixItems" in node or isinstance(value, list):
            raise Unsupported("prefixItems")
        sub = self.check(value)
        return lambda x: not isinstance(x, list) or all(sub(i) for i in x)

    def _k_minItems(self, value: int, _: object) -> Check:
        return lambda x: not isinstance(x, list) or len(x) >= value

    def _k_maxItems(self, value: int, _: object) -> Check:
        return lambda x: not isinstance(x, list) or len(x) <= value

    def _k_uniqueItems(self, value: bool, _: object) -> Check | None:
        if not value:
            return None
        return lambda x: not isinstance(x, list) or len({_key(i) for i in x}) == len(x)

    # -- scalars --

    def _k_const(self, value: object, _: object) -> Check:
        wanted = _key(value)
        return lambda x: _key(x) == wanted

    def _k_enum(self, value: list[object], _: object) -> Check:
        allowed = [_key(v) for v in value]
        return lambda x: _key(x) in allowed

    def _k_pattern(self, value: str, _: object) -> Check:
        # The whole text, as validation's ``_whole_match`` (see there why).
        pattern = re.compile(value)
        return lambda x: not isinstance(x, str) or pattern.fullmatch(x) is not None

    def _k_minLength(self, value: int, _: object) -> Check:
        return lambda x: not isinstance(x, str) or len(x) >= value

    def _k_maxLength(self, value: int, _: object) -> Check:
        return lambda x: not isinstance(x, str) or len(x) <= value

    def _k_minimum(self, value: float, _: object) -> Check:
        return lambda x: not _is_number(x) or x >= value

    def _k_maximum(self, value: float, _: object) -> Check:
        return lambda x: not _is_number(x) or x <= value

    def _k_format(self, value: str, _: object) -> Check:
        if value != "date":
            raise Unsupported(f"format {value}")
        return _date

    # -- combinations --

    def _k_allOf(self, value: list[object], _: object) -> Check:
        return _all([self.check(sub) for sub in value])

    def _k_anyOf(self, value: list[object], _: object) -> Check:
        subs = [self.check(sub) for sub in value]
        return lambda x: any(sub(x) for sub in subs)

    def _k_oneOf(self, value: list[object], _: object) -> Check:
        subs = [self.check(sub) for sub in value]
        return lambda x: sum(1 for sub in subs if sub(x)) == 1

    def _k_not(self, value: object, _: object) -> Check:
        sub = self.check(value)
        return lambda x: not sub(x)

    def _k_if(self, value: object, node: dict[str, Any]) -> Check:
        condition = self.check(value)
        then = self.check(node.get("then", True))
        otherwise = self.check(node.get("else", True))
        return lambda x: then(x) if condition(x) else otherwise(x)

    def _k_dollar_ref(self, value: str, _: object) -> Check:
        if value not in self.refs:
            cell: list[Check] = []
            self.refs[value] = cell  # before compiling it: a schema may refer to itself
            cell.append(self.check(self._pointer(value)))
        cell = self.refs[value]
        return lambda x: cell[0](x)

    def _pointer(self, ref: str) -> object:
        if not ref.startswith("#"):
            raise Unsupported(f"$ref {ref}")
        node: object = self.root
        for part in filter(None, ref[1:].split("/")):
            step = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or step not in node:
                raise Unsupported(f"$ref {ref}")
            node = node[step]
        return node


def _date(x: object) -> bool:
    if not isinstance(x, str):
        return True
    if not _DATE.fullmatch(x):
        return False
    try:
        dt.date.fromisoformat(x)
    except ValueError:
        return False
    return True
