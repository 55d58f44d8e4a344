"""JSON Schema validation with each problem at its line and column.

jsonschema reports paths and validator names; this module turns them into
the catalogue's codes (unknown key, wrong type, missing key, invalid value)
and places them with the positions kept by ``_yaml``. Every message is the
library's own, through the catalog (jsonschema's English is shown only for a
kind of problem no shipped schema can raise); a schema's description quoted in
a message is in the current language, from the schema's catalog (``schemas``).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import N_, _
from . import _compiled
from ._yaml import Parsed, PathKey
from .model import PROVISION_PATTERN
from .problems import Finding, did_you_mean

if TYPE_CHECKING:  # jsonschema is imported only to explain a document that fails
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

#: The package's folder: its schemas and data lie in it, in a wheel and in a source
#: tree alike (read by path: ``importlib.resources`` costs a start some 10 ms).
PACKAGE = Path(__file__).resolve().parent.parent
SCHEMA_FILE = "schema/statute.schema.json"
TEST_SCHEMA_FILE = "schema/statute-test.schema.json"
EVENTS_SCHEMA_FILE = "schema/events.schema.json"
SCENARIO_SCHEMA_FILE = "schema/scenario.schema.json"
_LOADED = (SCHEMA_FILE, TEST_SCHEMA_FILE, EVENTS_SCHEMA_FILE, SCENARIO_SCHEMA_FILE)
_TYPE_NAMES = {
    "object": N_("a mapping"),
    "array": N_("a list"),
    "string": N_("text"),
    "integer": N_("a whole number"),
    "number": N_("a number"),
    "boolean": N_("true or false"),
    "null": N_("nothing"),
}


@cache
def load_schema(name: str = SCHEMA_FILE) -> dict[str, Any]:
    """A JSON Schema shipped in the package (the statute format by default)."""
    text = (PACKAGE / name).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _whole_number(_: object, instance: object) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


def _whole_match(
    validator: Draft202012Validator, pattern: str, instance: object, _: object
) -> Iterator[ValidationError]:
    """``pattern`` matched against the whole text. jsonschema searches with
    Python's ``re``, whose ``$`` also matches before a final newline, so
    ``"styrelse\n"`` would pass ``^[a-z]+$``; every pattern the package ships is
    anchored (``^...$``, a test checks), so a full match is what it means."""
    if validator.is_type(instance, "string") and not _pattern(pattern).fullmatch(str(instance)):
        from jsonschema.exceptions import ValidationError

        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, validators

    # jsonschema's stubs leave ``extend`` untyped; this names what it returns.
    extend: Callable[..., type[Draft202012Validator]] = validators.extend
    # JSON Schema counts 3.0 as an integer; a statute's seats and § numbers never are.
    strict = extend(
        Draft202012Validator,
        validators={"pattern": _whole_match},
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _whole_number),
    )
    return strict(load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def _check(name: str) -> _compiled.Check | None:
    """The schema's quick valid-or-not check (None: jsonschema does all)."""
    try:
        return _compiled.compile_schema(load_schema(name))
    except _compiled.Unsupported:
        return None


def validate(parsed: Parsed, file: str, schema: str = SCHEMA_FILE) -> list[Finding]:
    """Every place where the document departs from the schema."""
    quick = _check(schema)
    if quick is not None and quick(parsed.data):
        return []  # valid: nothing for jsonschema to explain
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
            yield at_value("E203", _missing_key(key, _where(path, data), _because(error)))
    elif kind == "dependentRequired":
        yield at_value("E203", _dependent(error, path, data))
    elif kind == "type":
        yield at_value("E202", _wrong_type(error, _where(path, data)))
    elif kind == "anyOf" and (branch := _matching_branch(error)) is not None:
        # The value has the type of one branch: what is wrong is inside it.
        yield from _findings(branch, parsed, file)
    elif kind == "anyOf":
        message = _(
            "{where}: {value} is not allowed; {description}",
            where=_where(path, data),
            value=_shown(error.instance),
            description=_description(error),
        )
        yield at_value("E202", message)
    elif error.schema is False:
        message = _(
            "{where}: '{key}' does not belong here", where=_where(path[:-1], data), key=path[-1]
        )
        yield at_value("E204", message)
    elif kind in ("enum", "const"):
        value = error.validator_value
        allowed = list(value) if kind == "enum" and isinstance(value, list) else [value]
        why = _description(error, None) if kind == "const" else None
        yield at_value("E204", _not_one_of(_where(path, data), error.instance, allowed, why))
    elif kind == "oneOf":
        branches = error.validator_value if isinstance(error.validator_value, list) else []
        options = ", ".join(f"'{' '.join(o.get('required', []))}'" for o in branches)
        message = _(
            "{where}: give exactly one of {options}", where=_where(path, data), options=options
        )
        yield at_value("E204", message)
    else:
        yield at_value("E204", _invalid(error, _where(path, data)))


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
        where = _where(path, parsed.data)
        message = _("unknown key {key} in {where}", key=_quoted(key), where=where) + hint
        yield Finding("E201", message, file, line, column, provision)


def _dependent(error: ValidationError, path: PathKey, data: object) -> str:
    """A key another key needs (``dependentRequired``), e.g. staggered needs term_years."""
    present = error.instance if isinstance(error.instance, dict) else {}
    needs = error.validator_value if isinstance(error.validator_value, dict) else {}
    for key, wanted in needs.items():
        missing = [w for w in wanted if key in present and w not in present]
        if missing:
            return _missing_key(missing[0], _where(path, data), f"'{key}'")
    return _("{where}: {problem}", where=_where(path, data), problem=error.message)


def _missing_key(key: str, where: str, because: str) -> str:
    """A required key that is missing, and the keys that require it, if any."""
    if because:
        return _(
            "missing key '{key}' in {where} (required because of {keys})",
            key=key,
            where=where,
            keys=because,
        )
    return _("missing key '{key}' in {where}", key=key, where=where)


def _wrong_type(error: ValidationError, where: str) -> str:
    kind = str(error.validator_value)
    wanted = _(_TYPE_NAMES[kind]) if kind in _TYPE_NAMES else kind
    return _(
        "{where} must be {wanted}, not {value}",
        where=where,
        wanted=wanted,
        value=_shown(error.instance),
    )


def _missing(error: ValidationError) -> list[str]:
    present = error.instance if isinstance(error.instance, dict) else {}
    required = error.validator_value if isinstance(error.validator_value, list) else []
    return [str(k) for k in required if k not in present]


def _because(error: ValidationError) -> str:
    """For a key required by an if/then rule, the keys that asked for it (quoted)."""
    return ", ".join(f"'{k}'" for k in _conditions().get(id(error.schema), []))


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


def _not_one_of(where: str, value: object, allowed: Sequence[object], why: str | None) -> str:
    options = ", ".join(_shown(a) for a in allowed)
    hint = _suggest(value, [str(a) for a in allowed]) if isinstance(value, str) else ""
    shown = _shown(value)
    if why:
        return _(
            "{where}: {value} is not one of {options}{hint} ({why})",
            where=where,
            value=shown,
            options=options,
            hint=hint,
            why=why,
        )
    return _(
        "{where}: {value} is not one of {options}{hint}",
        where=where,
        value=shown,
        options=options,
        hint=hint,
    )


def _invalid(error: ValidationError, where: str) -> str:
    """The message for a value the schema refuses by any other keyword."""
    kind, value, limit = error.validator, _shown(error.instance), error.validator_value
    if kind == "pattern":
        return _(
            "{where}: {value} is not valid here. {description}",
            where=where,
            value=value,
            description=_description(error),
        )
    if kind in _LIMITS:
        return _(_LIMITS[str(kind)], where=where, value=value, limit=limit)
    if kind == "minItems":
        return _("{where}: the list needs at least {count} item(s)", where=where, count=limit)
    if kind == "maxItems":
        return _("{where}: the list holds at most {count} item(s)", where=where, count=limit)
    if kind == "uniqueItems":
        return _("{where}: the list names the same value twice", where=where)
    if kind == "minLength":
        return _("{where}: the text must not be empty", where=where)
    if kind == "maxLength":
        return _("{where}: the text is longer than {count} characters", where=where, count=limit)
    if kind == "format" and limit == "date":
        return _(
            "{where}: {value} is not a valid date (write YYYY-MM-DD)", where=where, value=value
        )
    if kind in ("minProperties", "maxProperties"):
        return _properties(error, where)
    if kind == "not":
        return _excluded(error, where, value)
    return _("{where}: {problem}", where=where, problem=error.message)


def _excluded(error: ValidationError, where: str, value: str) -> str:
    """A ``not``: keys that must not be given (together), or else the value."""
    keys = (
        error.validator_value.get("required") if isinstance(error.validator_value, dict) else None
    )
    if isinstance(keys, list) and len(keys) == 1:
        return _("{where}: '{key}' does not belong here", where=where, key=keys[0])
    if isinstance(keys, list) and keys:
        quoted = ", ".join(f"'{k}'" for k in keys)
        return _("{where}: do not give {keys} together", where=where, keys=quoted)
    return _("{where}: {value} is not allowed here", where=where, value=value)


#: Limits on a number, each with its message.
_LIMITS = {
    "minimum": N_("{where}: {value} is below the least allowed value {limit}"),
    "maximum": N_("{where}: {value} is above the greatest allowed value {limit}"),
    "exclusiveMinimum": N_("{where}: {value} must be above {limit}"),
    "exclusiveMaximum": N_("{where}: {value} must be below {limit}"),
    "multipleOf": N_("{where}: {value} is not a multiple of {limit}"),
}


def _properties(error: ValidationError, where: str) -> str:
    """Too few or too many of a mapping's keys (minProperties, maxProperties)."""
    schema = _schema_of(error)
    keys = ", ".join(sorted(schema.get("properties", {})))
    if schema.get("minProperties") == schema.get("maxProperties"):
        count = schema.get("minProperties")
        return _("{where}: give exactly {count} of: {keys}", where=where, count=count, keys=keys)
    if error.validator == "minProperties":
        count = error.validator_value
        return _("{where}: give at least {count} of: {keys}", where=where, count=count, keys=keys)
    count = error.validator_value
    return _("{where}: give at most {count} of: {keys}", where=where, count=count, keys=keys)


def _matching_branch(error: ValidationError) -> ValidationError | None:
    """Of an anyOf's branches, the failure of the one whose type a list or mapping
    has (a scalar is better told the choices, in the anyOf's description)."""
    if not isinstance(error.instance, list | dict):
        return None
    from jsonschema.exceptions import best_match

    inside = [e for e in error.context or () if not _wrong_kind(e)]
    return best_match(inside) if inside else None


def _wrong_kind(error: ValidationError) -> bool:
    """A branch that fails on the value itself for its kind, not on its parts."""
    at_value = not error.relative_path
    return error.schema is False or (at_value and error.validator in ("type", "const", "enum"))


def _description(error: ValidationError, otherwise: str | None = "") -> str | None:
    """The schema's description of the value, in the current language (the schema
    catalog's text); else ``otherwise``, by default jsonschema's message."""
    described = _schema_of(error).get("description")
    if described:
        return _(str(described))
    return error.message if otherwise == "" else otherwise


def _schema_of(error: ValidationError) -> dict[str, Any]:
    return dict(error.schema) if isinstance(error.schema, Mapping) else {}


def _suggest(word: object, options: Sequence[str]) -> str:
    close = difflib.get_close_matches(str(word), options, n=1)
    return did_you_mean(close[0] if close else None)


def _where(path: PathKey, data: object = None) -> str:
    """A path as a reader finds it: ``bodies[bestyrelse].seats``."""
    if not path:
        return _("the top level")
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
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)
