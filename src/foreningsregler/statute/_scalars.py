"""Plain YAML values that YAML 1.1 and 1.2 read alike, and only those.

PyYAML reads YAML 1.1, where ``010`` is 8, ``1:30`` is 90, ``0x1F`` 31,
``1_000`` 1000 and ``yes``, ``no``, ``on``, ``off`` are booleans; a YAML 1.2
reader (and most people) read several of them otherwise, and ``09``, ``0o17``
and ``1e3`` are numbers to YAML 1.2 but text to YAML 1.1. A statute's values
must mean one thing, so a plain value is accepted only in a form both read
alike (E111). Numbers are finite (E112), and a whole number has no more digits
than Python reads from text (4,300; E113), checked before it is read. Text
holds only characters a YAML file may hold, so an escape (``"\\udc80"``,
``"\\e"``) cannot bring in what the file itself could not (E103).
"""

from __future__ import annotations

import math
import re
import sys

from ..i18n import N_, _

_STD = "tag:yaml.org,2002:"
INT, FLOAT, BOOL, STR = (f"{_STD}{t}" for t in ("int", "float", "bool", "str"))

#: The most digits of a whole number: Python refuses to read more from text
#: (``sys.set_int_max_str_digits``), and JSON's reader with it.
MAX_DIGITS = 4300

_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?")
_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
# What YAML 1.2's core schema reads as a number (PyYAML reads some as text).
_NUMBER_12 = re.compile(
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
)
# The characters YAML allows in a file (YAML 1.1, 5.1); an escape writes no other.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

#: Forms of a number YAML 1.1 and 1.2 read differently, each with its message.
_FORMS = (
    (
        re.compile(r"[-+]?0b[01_]+"),
        N_(
            "'{value}' is a binary number; write the number in plain decimal digits, "
            "or quote it if it is text"
        ),
    ),
    (
        re.compile(r"[-+]?0x[0-9a-fA-F_]+"),
        N_(
            "'{value}' is a hexadecimal number; write the number in plain decimal digits, "
            "or quote it if it is text"
        ),
    ),
    (
        re.compile(r"[-+]?0[0-7_]+"),
        N_(
            "'{value}' is an octal number to YAML 1.1 and a decimal one to YAML 1.2; "
            "write the number in plain decimal digits, or quote it if it is text"
        ),
    ),
    (
        re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"),
        N_(
            "'{value}' is a number in base 60 to YAML 1.1; write the number in plain "
            "decimal digits, or quote it if it is text"
        ),
    ),
    (
        re.compile(r".*_.*"),
        N_(
            "'{value}' is a number with digit separators (_) that YAML 1.2 reads as text; "
            "write the number in plain decimal digits, or quote it if it is text"
        ),
    ),
)
_NOT_DECIMAL_MESSAGE = N_(
    "'{value}' is not decimal; write the number in plain decimal digits, or quote it if it is text"
)
_BOOL_MESSAGE = N_(
    "'{value}' is true or false to YAML 1.1 but text to YAML 1.2; "
    "write true or false, or quote it if it is text"
)
_TEXT_MESSAGE = N_(
    "'{value}' is a number to YAML 1.2 but text to YAML 1.1; "
    "write the number in plain decimal digits (e.g. 10, 2.5), or quote it if it is text"
)
_NOT_FINITE_MESSAGE = N_("'{value}' is not a finite number; write a number")
_TOO_LONG_MESSAGE = N_("the number {shown} has more than {most} digits")
_TOO_LARGE_MESSAGE = N_("the number {shown} is too large to hold (the largest is about 1.8e308)")
_CHARACTER_MESSAGE = N_(
    "the text holds the character U+{code:04X}, which a YAML file may not hold; "
    "remove the escape that writes it"
)


def refused(tag: str, value: str) -> tuple[str, str] | None:
    """The code and message for a plain value (implicitly tagged ``tag``) that
    is refused, or None for one that YAML 1.1 and 1.2 read alike."""
    if tag == INT:
        if not _DECIMAL.fullmatch(value):
            return "E111", _(_number_form(value), value=value)
        return _too_large(value)
    if tag == FLOAT:
        if _NOT_FINITE.fullmatch(value):
            return "E112", _(_NOT_FINITE_MESSAGE, value=value)
        if not _FLOAT.fullmatch(value):
            return "E111", _(_number_form(value), value=value)
        if not math.isfinite(float(value)):
            return "E113", _(_TOO_LARGE_MESSAGE, shown=_short(value))
        return None
    if tag == BOOL and value.lower() not in ("true", "false"):
        return "E111", _(_BOOL_MESSAGE, value=value)
    if tag == STR and _NUMBER_12.fullmatch(value):
        return "E111", _(_TEXT_MESSAGE, value=value)
    return None


def bad_character(text: str) -> str | None:
    """Why a text value (or key) is refused: a character no YAML file may hold."""
    found = _NOT_PRINTABLE.search(text)
    return _(_CHARACTER_MESSAGE, code=ord(found.group())) if found else None


def _too_large(value: str) -> tuple[str, str] | None:
    # The interpreter's own limit, where it was set lower (0 means none).
    most = min(MAX_DIGITS, sys.get_int_max_str_digits() or MAX_DIGITS)
    if len(value.lstrip("+-")) <= most:
        return None
    return "E113", _(_TOO_LONG_MESSAGE, shown=_short(value), most=most)


def _number_form(value: str) -> str:
    """The message for a number not in plain decimal digits, by its form."""
    return next((said for form, said in _FORMS if form.fullmatch(value)), _NOT_DECIMAL_MESSAGE)


def _short(value: str) -> str:
    if len(value) <= 24:
        return value
    return _("{start}... ({count} characters)", start=value[:20], count=len(value))
