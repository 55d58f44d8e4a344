"""Compile the message catalogs (.po to .mo) into the wheel as it is built, and
write the JSON Schemas in each catalog's language (``statute.da.schema.json``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogsHook(BuildHookInterface):  # type: ignore[type-arg]
    """Each ``locale/<lang>/LC_MESSAGES/<wing>.po`` gets its ``.mo`` beside it;
    each ``schema/<name>.schema.json`` gets ``<name>.<lang>.schema.json``, its
    titles and descriptions from ``locale/<lang>/LC_MESSAGES/schema.po``."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        package = Path(self.root) / "src" / "foreningsregler"
        locale = package / "locale"
        for source in sorted(locale.glob("*/LC_MESSAGES/*.po")):
            with source.open("rb") as handle:
                catalog = read_po(handle, locale=source.parent.parent.name)
            with source.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog)
        build_data["artifacts"].append("src/foreningsregler/locale/*/LC_MESSAGES/*.mo")
        schema_text = _schema_text(package)
        for source in sorted(locale.glob("*/LC_MESSAGES/schema.po")):
            language = source.parent.parent.name
            with source.open("rb") as handle:
                catalog = read_po(handle, locale=language)
            texts = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
            schema_text.write_translations(
                package / "schema", language, lambda text, t=texts: t.get(text) or text
            )
            build_data["artifacts"].append(f"src/foreningsregler/schema/*.{language}.schema.json")


def _schema_text(package: Path) -> Any:
    """The package's ``statute/_schema_text.py``, which needs only the standard library."""
    path = package / "statute" / "_schema_text.py"
    spec = importlib.util.spec_from_file_location("_foreningsregler_schema_text", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
