"""One spelling for a member's name: the same municipality is one member.

"Sorø", "Sorø " and a "Sorø" whose ø is written as o and a combining stroke
look alike but are different texts, so a statute, a scenario or an event
could name one municipality as several members. ``normalise_name`` gives
each name one form (Unicode NFC, spaces trimmed and single) and refuses a
name that holds an invisible or control character (a zero-width space, a
soft hyphen, a byte order mark, a tab), which no reader could see.
Statutes and scenarios use it where they name members; the protocol uses it
for an event's actor and the members its facts name.
"""

from __future__ import annotations

import functools
import unicodedata

from ..errors import ForeningsreglerError
from ..i18n import N_, _

#: Unicode categories of characters that print as nothing, or move the cursor:
#: controls, formats (zero-width space, soft hyphen, BOM, bidi marks),
#: surrogates, private use, unassigned; and line and paragraph separators.
INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})

_INVISIBLE_MESSAGE = N_(
    "the name {shown} holds the invisible or control character U+{code:04X} ({what}); "
    "write the name without it"
)
_EMPTY_MESSAGE = N_("a name must hold more than spaces")
# Ø has no canonical decomposition, so NFC leaves an o with a combining stroke
# as it is; it is the letter ø all the same.
_STROKED = {
    f"{base}{stroke}": letter
    for base, letter in (("o", "ø"), ("O", "Ø"))
    for stroke in ("\u0337", "\u0338")
}
# Tabs and line breaks (a folded YAML value) are spaces in a name, not invisible.
_BREAKS = frozenset("\t\n\r")


class InvalidName(ForeningsreglerError, ValueError):
    """A name that cannot name a member: empty, or holding an invisible or
    control character."""


def normalise_name(name: str) -> str:
    """``name`` in its one form: NFC, without spaces at either end, and one space
    between words; InvalidName for an empty name or one with a character that
    does not show (e.g. U+200B ZERO WIDTH SPACE)."""
    found = _one_form(name)
    if found is None:
        raise InvalidName(name_problem(name) or _(_EMPTY_MESSAGE))
    return found


@functools.lru_cache(maxsize=4096)
def _one_form(name: str) -> str | None:
    """The one form of ``name``, or None where it has a problem: kept, as the
    same few names are given with every event, and the problem is said in the
    language of the moment by ``name_problem``."""
    if name_problem(name) is not None:
        return None
    text = unicodedata.normalize("NFC", name)
    for written, letter in _STROKED.items():
        text = text.replace(written, letter)
    return " ".join(text.split())


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a member, or None when it can."""
    text = unicodedata.normalize("NFC", name)
    for char in text:
        category = unicodedata.category(char)
        if category in INVISIBLE and char not in _BREAKS:
            what = unicodedata.name(char, category)
            return _(_INVISIBLE_MESSAGE, shown=shown(text), code=ord(char), what=what)
    if not text.split():
        return _(_EMPTY_MESSAGE)
    return None


def shown(text: str) -> str:
    """``text`` quoted, with each character that does not show as its escape."""
    visible = "".join(
        c if unicodedata.category(c) not in INVISIBLE else f"\\u{ord(c):04x}" for c in text
    )
    return f"'{visible}'"
