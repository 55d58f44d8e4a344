"""Messages in Danish or English: the language chosen, numbers and dates, catalogs."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path

import pytest

from foreningsregler import i18n
from foreningsregler.i18n import _, format_day, format_number, language, use_language

ROOT = Path(__file__).resolve().parent.parent


def catalogs_tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "tools" / "catalogs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "da"),
        ({"LANG": "C.UTF-8"}, "da"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "da_DK.UTF-8"}, "da"),
        ({"LANG": "de_DE.UTF-8"}, "da"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "da_DK.UTF-8"}, "da"),
        ({"LANG": "da_DK.UTF-8", "FORENINGSREGLER_LANG": "en"}, "en"),
    ],
)
def test_the_language_follows_the_environment_else_danish(
    environment: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("FORENINGSREGLER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    with use_language(expected):  # a chosen language wins over the environment
        assert language() == expected
    token = i18n._chosen.set(None)
    try:
        assert language() == expected
    finally:
        i18n._chosen.reset(token)


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(i18n.UnknownLanguage, match="da or en"), use_language("sv"):
        pass


def test_numbers_and_dates_are_written_the_languages_way() -> None:
    with use_language("da"):
        assert (format_number(21002), format_day(dt.date(2018, 1, 1))) == (
            "21.002",
            "1. januar 2018",
        )
    with use_language("en"):
        assert (format_number(21002), format_day(dt.date(2018, 1, 1))) == (
            "21,002",
            "1 January 2018",
        )


def test_an_untranslated_message_is_the_english_text_with_its_fields() -> None:
    with use_language("da"):
        assert _("no such message {n}", n=3) == "no such message 3"


def test_every_message_the_code_says_has_its_danish_text() -> None:
    assert catalogs_tool().missing() == []


#: A term and its Danish, the same way in every message (docs/i18n.md, "Terms").
GLOSSARY = (
    (r"\bgeneral assembl", "generalforsamling"),
    (r"\bboard\b", "bestyrelse"),
    (r"\bquorum\b", "beslutningsdygtig"),
    (r"\bqualified majority\b", "kvalificeret flertal"),
    (r"\brecommendation", "indstilling"),
    (r"\bhandover of competence\b", "kompetenceafgivelse"),
    (r"\bwithdrawal\b", "udtræd"),
    (r"\bnotice\b(?! of)", "varsel"),
    (r"\bsupervisory authority\b", "tilsynsmyndighed"),
    (r"\bassumption", "antagelse"),
    (r"(?<!{)\bprovisions?\b(?!})", "bestemmelse"),
)


def danish_messages() -> list[tuple[str, str]]:
    tool = catalogs_tool()
    pairs = []
    for wing in tool.WINGS:
        path = tool.po_path(wing)
        if not path.exists():
            continue
        for message in tool.read(path):
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            texts = message.string if isinstance(message.string, tuple) else (message.string,)
            pairs += list(zip(ids, texts, strict=False))
    return pairs


@pytest.mark.parametrize(("english", "danish"), GLOSSARY)
def test_a_term_is_translated_the_same_way_everywhere(english: str, danish: str) -> None:
    pattern = re.compile(english, re.IGNORECASE)
    using = [(en, da) for en, da in danish_messages() if pattern.search(en)]
    assert using, f"no message uses {english!r}: drop it from the glossary"
    astray = [(en, da) for en, da in using if danish not in da.lower()]
    assert astray == []
