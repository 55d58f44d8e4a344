"""What the library says to a person, in Danish (the default) or English.

Every message is written once, in English, as a gettext message id with
named fields: ``_("the statute knows no body '{body}'", body=name)``. The
Danish catalogs give its translation, one per wing of the code
(``locale/da/LC_MESSAGES/<wing>.po``: statute, authority, protocol, economy,
testing, cli), managed with Babel (docs/i18n.md); English needs none. The
catalogs are compiled to ``.mo`` when the wheel is built; a checkout without
them compiles the ``.po`` files in memory, as Babel would, without Babel. Whole
numbers and days are written here too; Babel (its locale data) is loaded only
for a number with decimals.

The language is, in this order: the one set for the current context
(``use_language``, which the command line's ``--lang`` sets), the variable
``FORENINGSREGLER_LANG``, the environment's locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG``) where it names Danish or English, and else Danish,
the statutes' own language. Error codes never change with the language.

Like ``errors``, this module imports nothing else of the package, so every
wing may use it.
"""

from __future__ import annotations

import array
import contextlib
import contextvars
import datetime as dt
import functools
import gettext
import io
import os
import re
import struct
from collections.abc import Iterator
from pathlib import Path

from .errors import ForeningsreglerError, translate_with

LANGUAGES = ("da", "en")
DEFAULT = "da"
DOMAIN = "foreningsregler"
LOCALE_DIR = Path(__file__).parent / "locale"
#: The variable that chooses the language when no --lang is given.
LANGUAGE_VARIABLE = "FORENINGSREGLER_LANG"

_chosen: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "foreningsregler_language", default=None
)


class UnknownLanguage(ForeningsreglerError, ValueError):
    """A language the library does not speak (it speaks da and en)."""


def language() -> str:
    """The language messages are given in now."""
    chosen = _chosen.get()
    if chosen is not None:
        return chosen
    # Read afresh on every call (a test, or a program, may set the variables at
    # any time), the first that names a language deciding: usually the first.
    for variable in _VARIABLES:
        found = _from_locale(os.environ.get(variable, ""))
        if found is not None:
            return found
    return DEFAULT


#: The variables that may choose the language, in order.
_VARIABLES = (LANGUAGE_VARIABLE, "LC_ALL", "LC_MESSAGES", "LANG")


@functools.lru_cache(maxsize=64)
def _from_locale(value: str) -> str | None:
    """``da_DK.UTF-8`` is Danish, ``en_GB`` English; ``C``, ``POSIX`` or other
    languages say nothing."""
    code = value.split(".")[0].split("_")[0].split("-")[0].lower()
    return code if code in LANGUAGES else None


def set_language(code: str) -> None:
    """Give messages in ``code`` (``da`` or ``en``) from now on, in this context."""
    _chosen.set(_checked(code))


@contextlib.contextmanager
def use_language(code: str) -> Iterator[None]:
    """Give messages in ``code`` inside the ``with`` block."""
    token = _chosen.set(_checked(code))
    try:
        yield
    finally:
        _chosen.reset(token)


def _checked(code: str) -> str:
    if code not in LANGUAGES:
        raise UnknownLanguage(_("unknown language {code}: da or en", code=repr(code)))
    return code


@functools.cache
def catalog(code: str) -> gettext.NullTranslations:
    """The translations of ``code``: every wing's catalog, compiled or not, in
    one table (a chain of fallbacks made each message look through up to a
    dozen catalogs; the first wing that has a message gives it, as before)."""
    if code == "en":
        return gettext.NullTranslations()
    folder = LOCALE_DIR / code / "LC_MESSAGES"
    wings = [_one(source) for source in sorted(folder.glob("*.po"))]
    if not wings:
        return gettext.NullTranslations()
    joined, *others = wings
    table: dict[object, str] = vars(joined)["_catalog"]  # GNUTranslations' own table
    for other in others:
        for key, text in vars(other)["_catalog"].items():
            table.setdefault(key, text)
    return joined


def _one(source: Path) -> gettext.NullTranslations:
    compiled = source.with_suffix(".mo")
    if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
        with compiled.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    return _compiled_in_memory(source)


def _compiled_in_memory(source: Path) -> gettext.NullTranslations:
    """A ``.po`` catalog compiled as Babel's ``write_mo`` would, without Babel
    (importing its message tools cost a checkout's first message some 100 ms)."""
    buffer = io.BytesIO(_mo(_po_messages(source.read_text("utf-8"))))
    return gettext.GNUTranslations(buffer)


_PO_ESCAPES = {"\\": "\\", "t": "\t", "r": "\r", "n": "\n", '"': '"'}
_PO_STRING = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)?\s*"(.*)"\s*$')


def _po_messages(text: str) -> list[tuple[str | None, tuple[str, ...], tuple[str, ...]]]:
    """A catalog's messages (context, ids, translations) in file order; obsolete
    (``#~``) and fuzzy ones left out, as Babel leaves them out of a compiled one.
    The header (id ``""``) is kept whatever its flags."""
    found: list[tuple[str | None, tuple[str, ...], tuple[str, ...]]] = []
    entry: dict[str, str] = {}
    fuzzy, field = False, ""

    def flush() -> None:
        if "msgid" in entry and (not fuzzy or not entry["msgid"]):
            ids = tuple(entry[k] for k in ("msgid", "msgid_plural") if k in entry)
            keys = sorted((k for k in entry if k.startswith("msgstr[")), key=_index)
            strings = tuple(entry[k] for k in keys) if keys else (entry.get("msgstr", ""),)
            found.append((entry.get("msgctxt"), ids, strings))
        entry.clear()

    for line in (*text.splitlines(), ""):
        match = _PO_STRING.match(line)
        starts = match is not None and match.group(1) in ("msgctxt", "msgid")
        boundary = starts or not line.strip() or line.startswith("#")
        # At the next entry's start, the one before (which has its msgstr) is whole.
        if boundary and not line.startswith("#~") and any(k.startswith("msgstr") for k in entry):
            flush()
            fuzzy = False
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        if match is None:
            continue
        if match.group(1):
            field = match.group(1)
            entry[field] = ""
        entry[field] += re.sub(r"\\(.)", lambda m: _PO_ESCAPES.get(m[1], m[0]), match.group(2))
    return found


def _index(key: str) -> int:
    return int(key[key.index("[") + 1 : -1])


def _mo(messages: list[tuple[str | None, tuple[str, ...], tuple[str, ...]]]) -> bytes:
    """The GNU ``.mo`` bytes of ``messages``: Babel's choices (an untranslated
    message is left out, a missing plural form is its id) in gettext's layout."""
    pairs: list[tuple[bytes, bytes]] = []
    for context, ids, strings in messages:
        if len(ids) == 1 and not strings[0] and ids[0]:
            continue
        if len(ids) > 1:
            shown = [s or ids[min(i, 1)] for i, s in enumerate(strings)]
        else:
            shown = [strings[0] or ids[0]]
        joined = "\0".join(ids) if context is None else f"{context}\x04" + "\0".join(ids)
        pairs.append((joined.encode(), "\0".join(shown).encode()))
    pairs.sort()
    ids_table, strings_table = b"", b""
    offsets: list[tuple[int, int, int, int]] = []
    for key, value in pairs:
        offsets.append((len(ids_table), len(key), len(strings_table), len(value)))
        ids_table += key + b"\0"
        strings_table += value + b"\0"
    count = len(pairs)
    start_ids = 7 * 4 + 16 * count
    start_strings = start_ids + len(ids_table)
    key_index, value_index = [], []
    for key_at, key_size, value_at, value_size in offsets:
        key_index += [key_size, key_at + start_ids]
        value_index += [value_size, value_at + start_strings]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    index = array.array("i", key_index + value_index).tobytes()
    return header + index + ids_table + strings_table


def _(message: str, /, **fields: object) -> str:
    """``message`` in the current language, its ``{fields}`` filled in."""
    text = catalog(language()).gettext(message)
    return text.format(**fields) if fields else text


def ngettext(singular: str, plural: str, count: int, /, **fields: object) -> str:
    """The singular or plural of a message by ``count`` (a field of its own)."""
    text = catalog(language()).ngettext(singular, plural, count)
    return text.format(count=count, **fields)


def N_(message: str, /) -> str:
    """Mark ``message`` for the catalog; it is translated where it is shown."""
    return message


translate_with(_)  # the errors' messages (BadArgument), which cannot import this module


def format_number(value: int | float) -> str:
    """A number as the language writes it: 21.002 in Danish, 21,002 in English."""
    code = language()
    if isinstance(value, int) and not isinstance(value, bool):
        # A whole number needs only the group separator; Babel (its number
        # formats and locale data, some 30 ms to load) writes the others.
        grouped = f"{abs(value):,}".replace(",", _GROUP[code])
        return f"-{grouped}" if value < 0 else grouped
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_LOCALES[code])


def format_day(day: dt.date) -> str:
    """A day as the language writes it: 1. januar 2018, 1 January 2018 (Babel's
    long format of da_DK and en_GB, without loading Babel)."""
    if language() == "da":
        return f"{day.day}. {_MONTHS_DA[day.month - 1]} {day.year}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


_LOCALES = {"da": "da_DK", "en": "en_GB"}
_GROUP = {"da": ".", "en": ","}
_MONTHS_DA = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def shown_number(value: int | float) -> str:
    """A number inside a message: 21.002 in Danish; in English as the messages
    have always written it (21002)."""
    return format_number(value) if language() == "da" else str(value)


def shown_day(day: dt.date) -> str:
    """A day inside a message: 1. januar 2018 in Danish; ISO in English, as
    the messages have always written it."""
    return format_day(day) if language() == "da" else day.isoformat()
