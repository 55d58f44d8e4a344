"""What the library says to a person, in Danish (the default) or English.

Every message is written once, in English, as a gettext message id with
named fields: ``_("the statute knows no body '{body}'", body=name)``. The
Danish catalogs give its translation, one per wing of the code
(``locale/da/LC_MESSAGES/<wing>.po``: statute, authority, protocol, economy,
testing, cli), managed with Babel (docs/i18n.md); English needs none. The
catalogs are compiled to ``.mo`` when the wheel is built; a checkout without
them compiles the ``.po`` files in memory.

The language is, in this order: the one set for the current context
(``use_language``, which the command line's ``--lang`` sets), the variable
``FORENINGSREGLER_LANG``, the environment's locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG``) where it names Danish or English, and else Danish,
the statutes' own language. Error codes never change with the language.

Like ``errors``, this module imports nothing else of the package, so every
wing may use it.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import gettext
import io
import os
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
    for variable in (LANGUAGE_VARIABLE, "LC_ALL", "LC_MESSAGES", "LANG"):
        found = _from_locale(os.environ.get(variable, ""))
        if found is not None:
            return found
    return DEFAULT


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
    """The translations of ``code``: every wing's catalog, compiled or not."""
    joined = gettext.NullTranslations()
    if code == "en":
        return joined
    folder = LOCALE_DIR / code / "LC_MESSAGES"
    for source in sorted(folder.glob("*.po")):
        joined.add_fallback(_one(source))
    return joined


def _one(source: Path) -> gettext.NullTranslations:
    compiled = source.with_suffix(".mo")
    if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
        with compiled.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    return _compiled_in_memory(source)


def _compiled_in_memory(source: Path) -> gettext.NullTranslations:
    # Babel is imported here only: a built wheel carries compiled catalogs.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as handle:
        messages = read_po(handle, locale=source.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, messages)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


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
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_LOCALES[language()])


def format_day(day: dt.date) -> str:
    """A day as the language writes it: 1. januar 2018, 1 January 2018."""
    from babel.dates import format_date

    return format_date(day, format="long", locale=_LOCALES[language()])


_LOCALES = {"da": "da_DK", "en": "en_GB"}


def shown_number(value: int | float) -> str:
    """A number inside a message: 21.002 in Danish; in English as the messages
    have always written it (21002)."""
    return format_number(value) if language() == "da" else str(value)


def shown_day(day: dt.date) -> str:
    """A day inside a message: 1. januar 2018 in Danish; ISO in English, as
    the messages have always written it."""
    return format_day(day) if language() == "da" else day.isoformat()
