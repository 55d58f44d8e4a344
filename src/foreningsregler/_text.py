"""Text that is safe to show: no control character of the data reaches a terminal or an export.

A statute, a scenario or an event is written by someone else: a name may hold
ANSI escape codes (``\\x1b[2J`` clears the screen), other C0 or C1 controls,
bidi overrides that reorder a line, lone surrogates that no encoder writes, or
line separators. ``visible`` writes each such character as an escape
(``\\x1b``, ``\\u202e``), keeping newlines and tabs; ``json_text`` and
``xml_text`` do the same for a finished JSON or XML document in the escapes
of the format, so the document still says exactly what the data says.
This module imports nothing of the package, so every wing may use it.
"""

from __future__ import annotations

import re
import unicodedata

#: Controls (C0, DEL, C1), format characters (bidi overrides, zero-width
#: characters), lone surrogates, and the line and paragraph separators.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

# Anything but printable ASCII, newline and tab is looked at; most of it (æ, ø, §) is kept.
_SUSPECT = re.compile(r"[^\t\n\x20-\x7e]")


def hidden(char: str) -> bool:
    """Whether ``char`` acts on a terminal, or cannot be seen, rather than printing."""
    return char not in "\t\n" and unicodedata.category(char) in HIDDEN_CATEGORIES


def escape(char: str) -> str:
    """One character as Python writes it in a string literal: ``\\x1b``, ``\\u202e``."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with every hidden character written as its escape; newlines and tabs kept."""
    return _SUSPECT.sub(lambda m: escape(m[0]) if hidden(m[0]) else m[0], text)


def json_text(document: str) -> str:
    """A JSON document (``ensure_ascii=False``) with every hidden character
    written as a ``\\uXXXX`` escape, which JSON reads back as the same text.

    ``json.dumps`` escapes the C0 controls itself but writes DEL, C1, bidi
    overrides and lone surrogates as they are; outside strings a JSON
    document holds none, so every one found is inside a string."""
    return _SUSPECT.sub(lambda m: _json_escape(m[0]) if hidden(m[0]) else m[0], document)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a surrogate pair, as JSON writes a character beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def xml_text(document: str) -> str:
    """An XML document made well-formed and safe to show: a character XML 1.0
    forbids even as a reference (most C0 controls, surrogates, U+FFFE, U+FFFF)
    becomes its visible escape (text); another hidden one a character reference.

    Our serialiser writes no such character of its own, so every one found is
    in a text or attribute value, where both forms are allowed."""
    return _SUSPECT.sub(lambda m: _xml_escape(m[0]), document)


def _xml_escape(char: str) -> str:
    if not _xml_char(char):
        return escape(char)
    return f"&#x{ord(char):x};" if hidden(char) else char


def _xml_char(char: str) -> bool:
    """XML 1.0's Char production."""
    code = ord(char)
    return (
        char in "\t\n\r"
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def one_line(text: str) -> str:
    """``text`` on one line: a line break in the data would start a line of its own."""
    return " ".join(visible(text).splitlines())
