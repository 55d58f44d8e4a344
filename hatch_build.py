"""Compile the message catalogs (.po to .mo) into the wheel as it is built."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogsHook(BuildHookInterface):  # type: ignore[type-arg]
    """Each ``locale/<lang>/LC_MESSAGES/<wing>.po`` gets its ``.mo`` beside it."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        locale = Path(self.root) / "src" / "foreningsregler" / "locale"
        for source in sorted(locale.glob("*/LC_MESSAGES/*.po")):
            with source.open("rb") as handle:
                catalog = read_po(handle, locale=source.parent.parent.name)
            with source.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog)
        build_data["artifacts"].append("src/foreningsregler/locale/*/LC_MESSAGES/*.mo")
