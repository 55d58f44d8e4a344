"""Scenarios and statute variants for the decision flows' tests, written as real
files: a statute changed by loading its YAML and writing the change back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
TOWNS = ("Greve", "Holbæk", "Køge", "Næstved", "Roskilde", "Sorø")


def variant(folder: Path, name: str, *, unanimity: str = "", board_seats: int = 0) -> Path:
    """The bundled statute with a voting rule made unanimous and/or the board's seats
    changed, written to ``folder/name``."""
    data = yaml.safe_load(BUNDLED.read_text("utf-8"))
    for rule in data["voting_rules"]:
        if rule["id"] == unanimity:
            rule["majority"], rule["name"] = "unanimity", "Enstemmighed"
            rule.pop("threshold", None)
    for body in data["bodies"]:
        if body["id"] == "bestyrelse" and board_seats:
            body["seats"] = board_seats
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def scenario(
    folder: Path,
    flows: dict[str, Any],
    *,
    statute: Path = BUNDLED,
    years: int = 4,
    name: str = "scenario.yaml",
) -> Path:
    """A scenario of six members over ``years`` with ``flows``, written to ``folder``."""
    data = {
        "format": 1,
        "statute": str(statute),
        "founding": "2015-10-01",
        "years": years,
        "municipalities": [{"name": town} for town in TOWNS],
        "phases": [],
        "flows": flows,
    }
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path
