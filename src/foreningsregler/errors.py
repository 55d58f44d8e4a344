"""The root of every error the library raises on purpose.

Integrators catch ``ForeningsreglerError`` once. Each wing derives its own:
``StatuteError`` (a file that cannot be loaded), ``RuleViolation`` (an event
the statute refuses), ``TamperedLedger`` (a protocol whose chain does not
hold), ``UnknownName`` (a body or power the statute does not define; still a
``KeyError``), ``BadEvent`` (an event that cannot be an act) and
``EconomyError`` (amounts or shares that cannot be split). ``BadArgument`` is
a value of the wrong type or out of range given to the public API;
``MissingExtra`` a call whose optional library is not installed.
This module imports nothing of the package, so every wing may import it; its
messages reach the reader's language through the translation ``i18n`` lends
it when imported (``translate_with``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable, Mapping
from typing import Any


def _english(message: str, /, **fields: object) -> str:
    return message.format(**fields) if fields else message


_translation: Callable[..., str] = _english


def translate_with(translation: Callable[..., str]) -> None:
    """Give this module's messages through ``translation`` (``i18n._``): i18n
    imports this module, so this one cannot import it."""
    global _translation
    _translation = translation


def _(message: str, /, **fields: object) -> str:
    """``message`` in the reader's language, its ``{fields}`` filled in."""
    return _translation(message, **fields)


def N_(message: str, /) -> str:
    """Mark ``message`` for the catalog; it is translated where it is shown."""
    return message


class ForeningsreglerError(Exception):
    """Base class of the library's errors."""


class BadArgument(ForeningsreglerError, TypeError, ValueError):
    """A value of the wrong type, or out of range, given to the public API:
    ``Authority("x")``, ``check(..., on="2020-01-01")``, ``sweep(runs=0)``.

    Also a ``TypeError`` and a ``ValueError``, so an ``except`` clause written
    for the builtin error Python raised before still catches it."""


class MissingExtra(ForeningsreglerError, ImportError):
    """An optional library a call needs is not installed (an extra of the
    package: ``pip install 'foreningsregler[notebooks]'``). Also an
    ``ImportError``, as the failed import was before."""


def optional_module(name: str, call: str, extra: str) -> Any:
    """The optional module ``name`` (a library of the extra ``extra``), imported
    when ``call`` is made; ``MissingExtra``, naming both, where it is not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:
        message = _(
            "{call} needs {module}, in the {extra} extra: pip install 'foreningsregler[{extra}]'",
            call=call,
            module=name,
            extra=extra,
        )
        raise MissingExtra(message) from None


def shown(value: object) -> str:
    """A value as a message names it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def expect(value: object, kind: type | tuple[type, ...], what: str, wanted: str) -> None:
    """Refuse ``value`` unless it is a ``kind``; ``wanted`` says what belongs there."""
    if not isinstance(value, kind):
        raise BadArgument(
            _("{what}: {wanted}, not {value}", what=what, wanted=_(wanted), value=shown(value))
        )


def expect_optional(value: object, kind: type | tuple[type, ...], what: str, wanted: str) -> None:
    """``expect``, where None (not given) is allowed too."""
    if value is not None:
        expect(value, kind, what, wanted)


def expect_counts(value: object, what: str) -> None:
    """A mapping of names (text) to whole numbers, such as populations or weights."""
    expect(value, Mapping, what, N_("a mapping of names to whole numbers"))
    assert isinstance(value, Mapping)
    for name, count in value.items():
        expect(name, str, what, N_("a mapping of names (text) to whole numbers"))
        if isinstance(count, bool) or not isinstance(count, int):  # named only when refused
            expect_int(count, _("{what} of {name}", what=what, name=name))


def expect_int(value: object, what: str, least: int | None = None, most: int | None = None) -> int:
    """A whole number (not a bool) from ``least`` to ``most``, or BadArgument."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadArgument(
            _("{what}: a whole number (int), not {value}", what=what, value=shown(value))
        )
    if (least is not None and value < least) or (most is not None and value > most):
        names = {"what": what, "value": shown(value), "least": least, "most": most}
        raise BadArgument(_(_limits(least, most), **names))
    return value


def _limits(least: int | None, most: int | None) -> str:
    if least is not None and most is not None:
        return N_("{what}: a whole number from {least} to {most}, not {value}")
    if least is not None:
        return N_("{what}: a whole number at least {least}, not {value}")
    return N_("{what}: a whole number at most {most}, not {value}")


def expect_day(value: object, what: str) -> dt.date:
    """A day: a ``date``; a ``datetime`` counts by its date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, dt.date):
        raise BadArgument(
            _("{what}: a day (datetime.date), not {value}", what=what, value=shown(value))
        )
    return value


def expect_path(value: object, what: str = "path") -> None:
    """A file's path: text, bytes or an ``os.PathLike``."""
    expect(value, (str, bytes, os.PathLike), what, N_("a file path (str or pathlib.Path)"))
