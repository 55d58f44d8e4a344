"""The contracts of what the library prints as JSON: one JSON Schema per output.

Each ``schema/output/<name>.schema.json`` (JSON Schema 2020-12) has an
``$id`` (``urn:foreningsregler:output:<name>:<major>``) and a ``version``
(``MAJOR.MINOR``): a field added is a minor version, a field removed or
changed a major one, with a new ``$id``. Integrators validate against them;
the test suite validates the real output of every command against them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import BadArgument, expect
from .i18n import N_, _

_FOLDER = Path(__file__).resolve().parent / "schema" / "output"
UNKNOWN = N_("no output schema '{name}': one of {known}")


def output_schemas() -> tuple[str, ...]:
    """The names of the output schemas, sorted (``check``, ``graph``, ...)."""
    return tuple(sorted(p.name.removesuffix(".schema.json") for p in _FOLDER.glob("*.schema.json")))


def output_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the output ``name`` (see :func:`output_schemas`).

    >>> output_schema("check")["$id"]
    'urn:foreningsregler:output:check:1'

    An unknown name is a :class:`~foreningsregler.errors.BadArgument`.
    """
    expect(name, str, "name", N_("the name of an output schema"))
    if name not in output_schemas():
        known = ", ".join(output_schemas())
        raise BadArgument(_(UNKNOWN, name=name, known=known))
    loaded: dict[str, Any] = json.loads((_FOLDER / f"{name}.schema.json").read_text("utf-8"))
    return loaded


def output_schema_json(name: str) -> str:
    """The output schema ``name`` as the text of its file."""
    return json.dumps(output_schema(name), ensure_ascii=False, indent=2) + "\n"
