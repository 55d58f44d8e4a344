"""Messages, whole numbers and days without loading Babel, exactly as Babel gives them.

A checkout without compiled catalogs compiles its ``.po`` files in memory,
and whole numbers and days are written by ``i18n`` itself: Babel's message
tools and locale data cost a command's start some 100 ms. Babel stays the
reference: these tests compare with it.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from foreningsregler import i18n

CATALOGS = sorted((i18n.LOCALE_DIR / "da" / "LC_MESSAGES").glob("*.po"))

ODD_PO = r"""# A catalog with what the shipped ones do not use (yet).
msgid ""
msgstr ""
"Language: da\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
"Content-Type: text/plain; charset=utf-8\n"

#: x.py:1
#, python-brace-format
msgid "one {count} member"
msgid_plural "{count} members"
msgstr[0] "ét {count} medlem"
msgstr[1] "{count} medlemmer"

#, fuzzy
msgid "not sure"
msgstr "ikke sikker"

msgctxt "month"
msgid "May"
msgstr "maj"

msgid ""
"a long message "
"over \"two\" lines\twith\\escapes\n"
msgstr ""
"en lang besked "
"over \"to\" linjer\tmed\\escapes\n"

msgid "untranslated"
msgstr ""

msgid "a plural left"
msgid_plural "plurals left"
msgstr[0] ""
msgstr[1] ""

#~ msgid "gone"
#~ msgstr "væk"
"""


def _babel(path: Path) -> gettext.GNUTranslations:
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="da")
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _messages(translations: gettext.GNUTranslations) -> dict[object, str]:
    catalog: dict[object, str] = translations._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in catalog.items() if key != ""}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_a_shipped_catalog_compiles_as_babel_compiles_it(path: Path) -> None:
    ours = i18n._compiled_in_memory(path)
    assert isinstance(ours, gettext.GNUTranslations)
    assert ours._catalog == _babel(path)._catalog  # type: ignore[attr-defined]


def test_plurals_context_escapes_fuzzy_and_obsolete_compile_as_babel(tmp_path: Path) -> None:
    path = tmp_path / "odd.po"
    path.write_text(ODD_PO, "utf-8")
    ours, theirs = i18n._compiled_in_memory(path), _babel(path)
    # Babel writes its own header; gettext reads only the plural rule and charset from it.
    assert _messages(ours) == _messages(theirs)
    assert [ours.plural(n) for n in range(5)] == [theirs.plural(n) for n in range(5)]  # type: ignore[attr-defined]
    assert ours.ngettext("one {count} member", "{count} members", 3) == "{count} medlemmer"
    assert ours.pgettext("month", "May") == "maj"
    assert ours.gettext("not sure") == "not sure"  # fuzzy: not used
    assert ours.gettext("gone") == "gone"
    long = 'a long message over "two" lines\twith\\escapes\n'
    assert ours.gettext(long) == 'en lang besked over "to" linjer\tmed\\escapes\n'


@pytest.mark.parametrize(("code", "locale"), [("da", "da_DK"), ("en", "en_GB")])
def test_whole_numbers_and_days_are_written_as_babel_writes_them(code: str, locale: str) -> None:
    numbers = [0, 7, -7, 999, 1000, -1000, 21_002, 1_234_567, -98_765_432_101, 10**15]
    days = [dt.date(1900, 1, 1), dt.date(2018, 1, 1), dt.date(2024, 2, 29), dt.date(2199, 12, 31)]
    days += [dt.date(2025, month, 17) for month in range(1, 13)]
    with i18n.use_language(code):
        assert [i18n.format_number(n) for n in numbers] == [
            format_decimal(n, locale=locale) for n in numbers
        ]
        assert [i18n.format_number(x) for x in (0.5, -1234.5678)] == [
            format_decimal(x, locale=locale) for x in (0.5, -1234.5678)
        ]
        assert [i18n.format_day(d) for d in days] == [
            format_date(d, format="long", locale=locale) for d in days
        ]


def test_messages_numbers_and_days_load_no_babel(tmp_path: Path) -> None:
    """In a fresh interpreter, with the catalogs compiled in memory."""
    code = (
        "import datetime, sys\n"
        "from foreningsregler import i18n\n"
        "i18n.LOCALE_DIR = __import__('pathlib').Path(sys.argv[1])\n"
        "with i18n.use_language('da'):\n"
        "    print(i18n._('the top level'), i18n.shown_number(21002),"
        " i18n.shown_day(datetime.date(2018, 1, 1)))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))\n"
    )
    folder = tmp_path / "locale" / "da" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    for path in CATALOGS:  # the .po files alone, as in a checkout
        (folder / path.name).write_bytes(path.read_bytes())
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "locale")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines() == ["øverste niveau 21.002 1. januar 2018", "[]"]
