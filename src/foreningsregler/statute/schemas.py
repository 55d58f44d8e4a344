"""The JSON Schemas in the language of their reader.

The schemas ship in English (``schema/statute.schema.json``); their titles and
descriptions, an editor's hover help, have their Danish text in the schema
catalog (``locale/da/LC_MESSAGES/schema.po``). ``statute_schema("da")`` is the
statute format with Danish help; ``write_schemas()`` writes
``statute.da.schema.json`` beside the English one, as the wheel's build (and
``pip install -e .``) does, so a statute can point its editor at it:
``# yaml-language-server: $schema=.../statute.da.schema.json``.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import BadArgument, expect_optional, expect_path
from ..i18n import _, language, use_language
from . import _schema_text
from .validation import (
    EVENTS_SCHEMA_FILE,
    SCENARIO_SCHEMA_FILE,
    SCHEMA_FILE,
    TEST_SCHEMA_FILE,
    load_schema,
)

#: The schemas a person writes files against, by the name the command line uses.
SCHEMAS = {
    "statute": SCHEMA_FILE,
    "statute-test": TEST_SCHEMA_FILE,
    "events": EVENTS_SCHEMA_FILE,
    "scenario": SCENARIO_SCHEMA_FILE,
    "law": "schema/law.schema.json",
    "history": "schema/history.schema.json",  # a statute's versions (versions/, docs/versions.md)
}


def schema(name: str = "statute", lang: str | None = None) -> dict[str, Any]:
    """The package's JSON Schema ``name`` (``statute``, ``statute-test``, ``events``,
    ``scenario``, ``law``) with its titles and descriptions in ``lang`` (``da`` or
    ``en``; by default the current language). A new copy each time."""
    expect_optional(lang, str, "lang", "a language: 'da' or 'en'")
    chosen = language() if lang is None else lang
    with use_language(chosen):  # refuses a language the library does not speak
        english = load_schema(_file(name))
        if chosen == "en":
            copy: dict[str, Any] = json.loads(json.dumps(english))
            return copy
        translated: dict[str, Any] = _schema_text.translated(english, _, chosen)
        return translated


def statute_schema(language: str | None = None) -> dict[str, Any]:
    """The statute format's JSON Schema, its descriptions in ``language`` (``da``
    or ``en``; by default the current language)."""
    return schema("statute", language)


def schema_json(name: str = "statute", lang: str | None = None) -> str:
    """``schema(name, lang)`` as the JSON text a file holds (what
    ``foreningsregler schema`` prints)."""
    return _schema_text.dumps(schema(name, lang))


def write_schemas(lang: str = "da", folder: str | os.PathLike[str] | None = None) -> list[Path]:
    """Every schema with its descriptions in ``lang``, written as
    ``<name>.<lang>.schema.json`` into ``folder`` (by default beside the English
    ones, in the package); the paths written."""
    expect_optional(lang, str, "lang", "a language: 'da' or 'en'")
    if folder is not None:
        expect_path(folder, "folder")
    with use_language(lang):
        english = Path(str(resources.files("foreningsregler").joinpath("schema")))
        target = Path(os.fsdecode(folder)) if folder is not None else None
        return _schema_text.write_translations(english, lang, _, target)


def _file(name: str) -> str:
    if name not in SCHEMAS:
        known = ", ".join(SCHEMAS)
        raise BadArgument(_("no schema '{name}': one of {known}", name=name, known=known))
    return SCHEMAS[name]
