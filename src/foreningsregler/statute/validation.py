"""JSON Schema validation with each problem at its line and column.

jsonschema reports paths and validator names; this module turns them into
the catalogue's codes (unknown key, wrong type, missing key, invalid value)
and places them with the positions kept by ``_yaml``.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError, best_match

from ._yaml import Parsed, PathKey
from .model import PROVISION_PATTERN
from .problems import Finding

SCHEMA_FILE = "schema/statute.schema.json"
TEST_SCHEMA_FILE = "schema/statute-test.schema.json"
EVENTS_SCHEMA_FILE = "schema/events.schema.json"
SCENARIO_SCHEMA_FILE = "schema/scenario.schema.json"
_LOADED = (SCHEMA_FILE, TEST_SCHEMA_FILE, EVENTS_SCHEMA_FILE, SCENARIO_SCHEMA_FILE)
_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


@cache
def load_schema(name: str = SCHEMA_FILE) -> dict[str, Any]:
    """A JSON Schema shipped in the package (the statute format by default)."""
    text = resources.files("foreningsregler").joinpath(name).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def statute_schema() -> dict[str, Any]:
    """The statute format's JSON Schema, as shipped in the package."""
    return load_schema(SCHEMA_FILE)


def _whole_number(_: object, instance: object) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


def _whole_match(
    validator: Draft202012Validator, pattern: str, instance: object, _: object
) -> Iterator[ValidationError]:
    """``pattern`` matched against the whole text. jsonschema searches with
    Python's ``re``, whose ``$`` also matches before a final newline, so
    ``"styrelse\n"`` would pass ``^[a-z]+$``; every pattern the package ships is
    anchored (``^...$``, a test checks), so a full match is what it means."""
    if validator.is_type(instance, "string") and not _compiled(pattern).fullmatch(str(instance)):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# jsonschema's stubs leave ``extend`` untyped; this names what it returns.
_extend: Callable[..., type[Draft202012Validator]] = validators.extend

# JSON Schema counts 3.0 as an integer; a statute's seats and § numbers never are.
_Strict = _extend(
    Draft202012Validator,
    validators={"pattern": _whole_match},
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _whole_number),
)


@cache
def _validator(name: str) -> Draft202012Validator:
    return _Strict(load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate(parsed: Parsed, file: str, schema: str = SCHEMA_FILE) -> list[Finding]:
    """Every place where the document departs from the schema."""
    findings: list[Finding] = []
    for error in _validator(schema).iter_errors(parsed.data):
        findings.extend(_findings(error, parsed, file))
    return findings


def enclosing_provision(data: object, path: PathKey) -> str | None:
    """The provision cited by the nearest element around ``path``."""
    nodes: list[object] = [data]
    for step in path:
        child = _step(nodes[-1], step)
        if child is None:
            break
        nodes.append(child)
    for node in reversed(nodes):
        cited = node.get("provision") if isinstance(node, dict) else None
        if isinstance(cited, str) and PROVISION_PATTERN.fullmatch(cited):
            return cited
    return None


def _step(node: object, step: str | int) -> object | None:
    found: object | None = None
    if isinstance(node, dict) and isinstance(step, str):
        found = node.get(step)
    elif isinstance(node, list) and isinstance(step, int) and step < len(node):
        found = node[step]
    return found


def _findings(error: ValidationError, parsed: Parsed, file: str) -> Iterator[Finding]:
    path: PathKey = tuple(error.absolute_path)
    data = parsed.data
    provision = enclosing_provision(data, path)

    def at_value(code: str, message: str) -> Finding:
        place = parsed.value_at(path)
        line, column = (place.line, place.column) if place else (None, None)
        return Finding(code, message, file, line, column, provision)

    kind = error.validator
    if kind == "additionalProperties":
        yield from _unknown_keys(error, parsed, file, path, provision)
    elif kind == "required":
        for key in _missing(error):
            yield at_value("E203", f"missing key '{key}' in {_where(path, data)}{_because(error)}")
    elif kind == "dependentRequired":
        yield at_value("E203", _dependent(error, path, data))
    elif kind == "type":
        wanted = _TYPE_NAMES.get(str(error.validator_value), str(error.validator_value))
        yield at_value(
            "E202", f"{_where(path, data)} must be {wanted}, not {_shown(error.instance)}"
        )
    elif kind == "anyOf" and (branch := _matching_branch(error)) is not None:
        # The value has the type of one branch: what is wrong is inside it.
        yield from _findings(branch, parsed, file)
    elif kind == "anyOf":
        yield at_value(
            "E202",
            f"{_where(path, data)}: {_shown(error.instance)} is not allowed; {_description(error)}",
        )
    elif error.schema is False:
        yield at_value("E204", f"{_where(path[:-1], data)}: '{path[-1]}' does not belong here")
    elif kind in ("enum", "const"):
        value = error.validator_value
        allowed = list(value) if kind == "enum" and isinstance(value, list) else [value]
        why = _schema_of(error).get("description") if kind == "const" else None
        because = f" ({why})" if why else ""
        yield at_value("E204", _not_one_of(_where(path, data), error.instance, allowed) + because)
    elif kind == "oneOf":
        branches = error.validator_value if isinstance(error.validator_value, list) else []
        options = [" ".join(o.get("required", [])) for o in branches]
        message = f"{_where(path, data)}: give exactly one of " + ", ".join(
            f"'{o}'" for o in options
        )
        yield at_value("E204", message)
    else:
        yield at_value("E204", f"{_where(path, data)}: {_invalid(error)}")


def _unknown_keys(
    error: ValidationError, parsed: Parsed, file: str, path: PathKey, provision: str | None
) -> Iterator[Finding]:
    known = sorted(_schema_of(error).get("properties", {}))
    assert isinstance(error.instance, dict)
    for key in error.instance:
        if key in known:
            continue
        place = parsed.key_at((*path, key))
        line, column = (place.line, place.column) if place else (None, None)
        hint = _suggest(key, known)
        message = f"unknown key {_quoted(key)} in {_where(path, parsed.data)}{hint}"
        yield Finding("E201", message, file, line, column, provision)


def _dependent(error: ValidationError, path: PathKey, data: object) -> str:
    """A key another key needs (``dependentRequired``), e.g. staggered needs term_years."""
    present = error.instance if isinstance(error.instance, dict) else {}
    needs = error.validator_value if isinstance(error.validator_value, dict) else {}
    for key, wanted in needs.items():
        missing = [w for w in wanted if key in present and w not in present]
        if missing:
            return (
                f"missing key '{missing[0]}' in {_where(path, data)} (required because of '{key}')"
            )
    return f"{_where(path, data)}: {error.message}"


def _missing(error: ValidationError) -> list[str]:
    present = error.instance if isinstance(error.instance, dict) else {}
    required = error.validator_value if isinstance(error.validator_value, list) else []
    return [str(k) for k in required if k not in present]


def _because(error: ValidationError) -> str:
    """For a key required by an if/then rule, name the key that asked for it."""
    keys = _conditions().get(id(error.schema), [])
    return " (required because of " + ", ".join(f"'{k}'" for k in keys) + ")" if keys else ""


@cache
def _conditions() -> dict[int, list[str]]:
    """Each ``then`` schema (by identity) with the keys its ``if`` tests."""
    found: dict[int, list[str]] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "if" in node and "then" in node:
                found[id(node["then"])] = list(node["if"].get("required", []))
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for name in _LOADED:
        walk(load_schema(name))
    return found


def _not_one_of(where: str, value: object, allowed: Sequence[object]) -> str:
    options = ", ".join(_shown(a) for a in allowed)
    hint = _suggest(value, [str(a) for a in allowed]) if isinstance(value, str) else ""
    return f"{where}: {_shown(value)} is not one of {options}{hint}"


def _invalid(error: ValidationError) -> str:
    kind, value = error.validator, error.instance
    if kind == "pattern":
        return f"{_shown(value)} is not valid here. {_description(error)}"
    if kind == "minimum":
        return f"{_shown(value)} is below the least allowed value {error.validator_value}"
    if kind == "maximum":
        return f"{_shown(value)} is above the greatest allowed value {error.validator_value}"
    if kind == "minItems":
        return f"the list needs at least {error.validator_value} item(s)"
    if kind == "uniqueItems":
        return "the list names the same value twice"
    if kind == "minLength":
        return "the text must not be empty"
    if kind == "format":
        return f"{_shown(value)} is not a valid {error.validator_value} (write YYYY-MM-DD)"
    if kind in ("minProperties", "maxProperties"):
        schema = _schema_of(error)
        keys = ", ".join(sorted(schema.get("properties", {})))
        if schema.get("minProperties") == schema.get("maxProperties"):
            return f"give exactly {schema.get('minProperties')} of: {keys}"
        least = kind == "minProperties"
        return f"give {'at least' if least else 'at most'} {error.validator_value} of: {keys}"
    return error.message


def _matching_branch(error: ValidationError) -> ValidationError | None:
    """Of an anyOf's branches, the failure of the one whose type a list or mapping
    has (a scalar is better told the choices, in the anyOf's description)."""
    if not isinstance(error.instance, list | dict):
        return None
    inside = [e for e in error.context or () if not _wrong_kind(e)]
    return best_match(inside) if inside else None


def _wrong_kind(error: ValidationError) -> bool:
    """A branch that fails on the value itself for its kind, not on its parts."""
    at_value = not error.relative_path
    return error.schema is False or (at_value and error.validator in ("type", "const", "enum"))


def _description(error: ValidationError) -> str:
    described = _schema_of(error).get("description")
    return str(described) if described else error.message


def _schema_of(error: ValidationError) -> dict[str, Any]:
    return dict(error.schema) if isinstance(error.schema, Mapping) else {}


def _suggest(word: object, options: Sequence[str]) -> str:
    close = difflib.get_close_matches(str(word), options, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _where(path: PathKey, data: object = None) -> str:
    """A path as a reader finds it: ``bodies[bestyrelse].seats``."""
    if not path:
        return "the top level"
    text, node = "", data
    for step in path:
        node = _step(node, step)
        if isinstance(step, str):
            text += f".{step}"
        elif (
            isinstance(node, dict) and isinstance(node.get("id"), str) and node["id"].isprintable()
        ):
            text += f"[{node['id']}]"
        elif isinstance(node, dict) and isinstance(node.get("number"), int):
            text += f"[§ {node['number']}]"
        else:
            text += f"[{step}]"
    return _quoted(text[1:])


def _quoted(text: str) -> str:
    """Text in quotes, escaped where it holds a line break or another character
    that would break the one-line message."""
    return f"'{text}'" if text.isprintable() else repr(text)


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)
