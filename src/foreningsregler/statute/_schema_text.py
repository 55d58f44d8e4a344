"""The texts of the package's JSON Schemas a person reads, and the schemas in
another language.

An editor shows a schema's ``title`` and ``description`` of each key as hover
help; they are written in English, and the schema catalog
(``locale/<lang>/LC_MESSAGES/schema.po``) holds their translations. This
module finds those texts and writes a schema with them translated,
``statute.da.schema.json`` beside ``statute.schema.json``. Everything else of
a schema (keys, patterns, enum values, examples) is the format and stays.

It imports nothing but the standard library, so the build (``hatch_build.py``)
and ``tools/catalogs.py`` load it by its path, without the package installed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

#: The keywords whose text a person reads.
TEXT_KEYWORDS = ("title", "description")
#: Keywords whose value is data of the format, never a schema: not descended into.
DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples", "required"})
#: Keywords whose value maps names (of keys, of definitions) to schemas.
NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})
#: The English schemas' file names end so; a translation's ``<stem>.<lang>.schema.json``.
SUFFIX = ".schema.json"


def texts(schema: Any) -> Iterator[str]:
    """Every title and description of ``schema``, in the order written."""
    found: list[str] = []

    def note(text: str) -> str:
        found.append(text)
        return text

    _translated(schema, note)
    yield from found


def translated(schema: Any, translate: Callable[[str], str], language: str) -> Any:
    """A copy of ``schema`` with each title and description passed through
    ``translate``, and its ``$id`` marked with ``language``."""
    copy = _translated(schema, translate)
    if isinstance(copy, dict) and isinstance(copy.get("$id"), str):
        copy["$id"] = f"{copy['$id']}:{language}"
    return copy


def _translated(schema: Any, translate: Callable[[str], str]) -> Any:
    """A copy of a schema (a mapping of keywords, a list of schemas, or a boolean)."""
    if isinstance(schema, list):
        return [_translated(item, translate) for item in schema]
    if not isinstance(schema, dict):
        return schema
    copy: dict[str, Any] = {}
    for keyword, value in schema.items():
        if keyword in TEXT_KEYWORDS and isinstance(value, str):
            copy[keyword] = translate(value)
        elif keyword in DATA_KEYWORDS:
            copy[keyword] = value
        elif keyword in NAME_MAPS and isinstance(value, dict):
            copy[keyword] = {name: _translated(sub, translate) for name, sub in value.items()}
        else:
            copy[keyword] = _translated(value, translate)
    return copy


def is_translation(path: Path) -> bool:
    """Whether ``path`` is a schema written in another language (``x.da.schema.json``)."""
    stem = path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem
    return "." in stem


def english_schemas(folder: Path) -> list[Path]:
    """The English schemas in ``folder`` (the package's ``schema/``)."""
    return sorted(p for p in folder.glob(f"*{SUFFIX}") if not is_translation(p))


def translation_path(english: Path, language: str, folder: Path | None = None) -> Path:
    """Where ``english``'s translation into ``language`` is written."""
    stem = english.name[: -len(SUFFIX)]
    return (folder or english.parent) / f"{stem}.{language}{SUFFIX}"


def dumps(schema: Any) -> str:
    """A schema as the package writes it: indented, UTF-8 text, a final newline."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_translations(
    source: Path, language: str, translate: Callable[[str], str], folder: Path | None = None
) -> list[Path]:
    """Each English schema of ``source`` translated into ``language``, written
    beside it (or into ``folder``); the paths written."""
    written = []
    for english in english_schemas(source):
        schema = json.loads(english.read_text("utf-8"))
        target = translation_path(english, language, folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dumps(translated(schema, translate, language)), "utf-8")
        written.append(target)
    return written
