"""Keep the message catalogs in step with the code (Babel).

    python tools/catalogs.py update [WING]  # extract each wing's messages into its .po
    python tools/catalogs.py check    # exit 1 when a message has no Danish text
    python tools/catalogs.py compile  # write the .mo files and the translated
                                      # schemas (the wheel's build does it)

One catalog per wing of the code (src/foreningsregler/<wing>/, and the
modules at the package's top as ``core``), in
src/foreningsregler/locale/da/LC_MESSAGES/<wing>.po. A message id is the
English text; ``update`` keeps every translation already made, adds new
messages untranslated and drops those the code no longer says.

The catalog ``schema`` holds the titles and descriptions of the JSON Schemas
(src/foreningsregler/schema/*.schema.json), an editor's hover help; ``compile``
writes each schema in Danish beside it (``statute.da.schema.json``, not
committed).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "foreningsregler"
LOCALE = PACKAGE / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
#: Each catalog and the modules whose messages it holds: a folder of the
#: package, and the first letters of the module names where a wing is split
#: in two (the protocol says the most).
CATALOGS = {
    "statute": ("statute", ""),
    "authority": ("authority", ""),
    "versions": ("versions", ""),
    "protocol": ("protocol", "abcdefghijkl_"),
    "protocol-m-z": ("protocol", "mnopqrstuvwxyz"),
    "economy": ("economy", ""),
    "testing": ("testing", ""),
    "cli": ("cli", ""),
    "report": ("report", ""),
    "service": ("service", ""),
    "core": (".", ""),
    # Not code: the titles and descriptions of the JSON Schemas in this folder.
    "schema": ("schema", ""),
}
WINGS = tuple(CATALOGS)
#: The catalogs of texts read from the package's JSON Schemas, not from its code.
SCHEMA_CATALOGS = frozenset({"schema"})


def schema_text() -> ModuleType:
    """The package's ``statute/_schema_text.py`` (standard library only), loaded
    by its path, as the wheel's build loads it."""
    path = PACKAGE / "statute" / "_schema_text.py"
    spec = importlib.util.spec_from_file_location("_foreningsregler_schema_text", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sources(wing: str) -> Iterator[Path]:
    """The modules whose messages go into ``wing``'s catalog."""
    folder, letters = CATALOGS[wing]
    if folder == ".":
        yield from sorted(PACKAGE.glob("*.py"))
        return
    if (PACKAGE / folder).is_dir():
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            if not letters or path.name[0] in letters:
                yield path


def extracted(wing: str) -> Catalog:
    """Every message the code of ``wing`` says, with where it says it."""
    found = Catalog(locale="da", domain=wing, project="foreningsregler")
    if wing in SCHEMA_CATALOGS:
        folder = PACKAGE / CATALOGS[wing][0]
        # The outputs' schemas (schema/output/) too: `schema output/NAME --lang da`.
        return _schema_texts(_schema_texts(found, folder), folder / "output")
    for path in sources(wing):
        where = str(path.relative_to(ROOT))
        for line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            found.add(message, locations=[(where, line)])
        for line, text in command_help(path):
            found.add(text, locations=[(where, line)])
    return found


def command_help(path: Path) -> Iterator[tuple[int, str]]:
    """The help of each click command: its function's docstring, as click shows it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        decorated = any(
            isinstance(d, ast.Call)
            and isinstance(d.func, ast.Attribute)
            and d.func.attr in ("command", "group")
            for d in node.decorator_list
        )
        text = ast.get_docstring(node, clean=True)
        if decorated and text:
            yield node.lineno, text


def _schema_texts(found: Catalog, folder: Path) -> Catalog:
    """Each title and description of the English schemas in ``folder``, at its line."""
    texts = schema_text()
    for path in texts.english_schemas(folder):
        source = path.read_text("utf-8")
        for text in texts.texts(json.loads(source)):
            written = json.dumps(text, ensure_ascii=False)
            at = source.find(written)
            if at < 0:
                at = source.find(json.dumps(text))
            line = source.count("\n", 0, at) + 1 if at >= 0 else 0
            found.add(text, locations=[(str(path.relative_to(ROOT)), line)])
    return found


def po_path(wing: str, language: str = "da") -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{wing}.po"


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale="da")


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, omit_header=False)


def update(wings: tuple[str, ...] = WINGS) -> None:
    for wing in wings:
        template = extracted(wing)
        path = po_path(wing)
        catalog = read(path) if path.exists() else Catalog(locale="da", domain=wing)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.obsolete.clear()
        catalog.project, catalog.version = "foreningsregler", "1"
        catalog.fuzzy = False
        write(path, catalog)


def missing(language: str = "da") -> list[str]:
    """``wing: message`` for each message the code says with no translation."""
    gaps: list[str] = []
    for wing in WINGS:
        path = po_path(wing, language)
        known = read(path) if path.exists() else Catalog(locale=language)
        for message in extracted(wing):
            if not message.id:
                continue
            have = known.get(message.id)
            text = have.string if have is not None else None
            if (
                have is None
                or not text
                or have.fuzzy
                or (isinstance(text, tuple) and not all(text))
            ):
                gaps.append(f"{wing}: {message.id!r}")
    return gaps


def compile_all() -> None:
    for path in LOCALE.glob("*/LC_MESSAGES/*.po"):
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, read(path))
    translate_schemas()


def translate_schemas() -> list[Path]:
    """Each schema in each catalog's language (``statute.da.schema.json``), as the
    wheel's build writes them; the paths written."""
    written: list[Path] = []
    for wing in sorted(SCHEMA_CATALOGS):
        for path in sorted(LOCALE.glob(f"*/LC_MESSAGES/{wing}.po")):
            language = path.parent.parent.name
            known = {m.id: m.string for m in read(path) if m.id and m.string and not m.fuzzy}
            written += schema_text().write_translations(
                PACKAGE / CATALOGS[wing][0],
                language,
                lambda text, known=known: known.get(text) or text,
            )
    return written


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update(tuple(sys.argv[2:]) or WINGS)
    elif command == "compile":
        compile_all()
    else:
        gaps = missing()
        print("\n".join(gaps) or "every message has its Danish text")
        sys.exit(1 if gaps else 0)
