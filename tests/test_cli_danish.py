"""Issue 13: the command line speaks Danish by default, English on request,
and says first what a person asks: the result, the verdict, the provision."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from foreningsregler.cli import cli

ROOT = Path(__file__).resolve().parent.parent
STATUTE = str(ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml")
FIXTURE = str(ROOT / "tests" / "fixtures" / "forening.yaml")


def run(*args: str, lang: str | None = "da") -> Result:
    env = {"FORENINGSREGLER_LANG": lang} if lang else {"FORENINGSREGLER_LANG": ""}
    return CliRunner(env=env).invoke(cli, list(args))


def test_check_says_the_result_and_what_to_do_first_in_danish() -> None:
    lines = run("check", STATUTE).output.splitlines()
    assert lines[2] == "Resultat: 0 fejl, 0 advarsler, 75 antagelser, 9 pligter ikke kontrolleret"
    assert lines[3] == (
        "Intet at rette; 75 antagelser skal bekræftes mod kilderne (--verbose viser dem)."
    )
    assert "Antagelser: 75 i 24 bestemmelser (--verbose viser dem)" in lines
    assert len(lines) < 10  # a short account by default


def test_without_any_language_setting_the_output_is_danish(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert run("check", STATUTE, lang=None).output.splitlines()[2].startswith("Resultat: 0 fejl")


def test_lang_en_and_the_environment_give_english() -> None:
    assert (
        run("check", STATUTE, "--lang", "en").output.splitlines()[2].startswith("Result: 0 errors")
    )
    assert run("check", STATUTE, lang="en").output.splitlines()[2].startswith("Result: 0 errors")


def test_verbose_lists_every_assumption_by_provision_with_its_place() -> None:
    lines = run("check", STATUTE, "--verbose").output.splitlines()
    assert "Antagelser (75)" in lines
    assert "  § 14, stk. 2" in lines
    at = lines.index("  § 14, stk. 2")
    assert lines[at + 1].startswith(f"    {STATUTE}:")  # path:line:col: for editors and CI
    assert "Organer (" in "\n".join(lines)


def test_check_groups_errors_by_provision_and_says_which_to_fix_first(tmp_path: Path) -> None:
    text = Path(FIXTURE).read_text(encoding="utf-8")
    broken = tmp_path / "forening.yaml"
    broken.write_text(text, encoding="utf-8")
    result = run("check", str(broken))
    assert result.exit_code in (0, 1)
    assert result.output.splitlines()[2].startswith("Resultat: ")


def test_explain_answers_in_a_sentence_first() -> None:
    result = run("explain", STATUTE, "bestyrelse", "vedtag-faser")
    first = result.output.splitlines()[0]
    assert first.startswith(
        "Nej: Bestyrelsen må ikke vedtage indholdet af de forestående faser, fordi "
    )
    assert first.endswith("[§ 4, stk. 3].")
    assert result.exit_code == 1
    allowed = run(
        "explain",
        STATUTE,
        "f3-it",
        "igangsaet-anskaffelse",
        "--municipality",
        "Sorø",
        "--phase",
        "fase-1",
        "--area",
        "it",
    )
    assert allowed.output.splitlines()[0].startswith(
        "Ja, hvis betingelserne nedenfor er opfyldt: Fagforretningsudvalget (F3) for IT må "
        "igangsætte systemanskaffelser og implementering for Sorø i fase-1 inden for området it, "
        "fordi "
    )


def test_show_prints_a_provision_with_its_encoding() -> None:
    result = run("show", STATUTE, "§", "14", "stk.", "2")
    lines = result.output.splitlines()
    assert result.exit_code == 0
    assert lines[0] == "§ 14. Udtræden"
    assert lines[1].startswith("  Stk. 2. Udtræden varsles skriftligt")
    assert not any(line.startswith("  Stk. 1.") for line in lines)
    assert any("medlemskab, udtræden [§ 14, stk. 2] (antagelse: " in line for line in lines)
    assert lines[-1].startswith("  ") and "I501" in "\n".join(lines)


@pytest.mark.parametrize("written", [["14"], ["§14"], ["§ 14,", "stk.", "1"], ["14", "stk", "1"]])
def test_show_reads_the_provision_as_written(written: list[str]) -> None:
    assert run("show", STATUTE, *written).output.startswith("§ 14. Udtræden")


def test_show_refuses_a_provision_the_statute_lacks() -> None:
    missing = run("show", STATUTE, "§", "99")
    assert missing.exit_code == 2
    assert "vedtægterne har ingen § 99" in missing.output
    garbled = run("show", STATUTE, "paragraf", "fjorten")
    assert garbled.exit_code == 2
    assert "skriv bestemmelsen som § 14 eller § 14, stk. 2" in garbled.output


def test_help_and_clicks_own_words_are_danish() -> None:
    help_text = run("check", "--help").output
    assert help_text.startswith("Brug: cli check")  # CliRunner names the program cli
    assert "Kontrollér vedtægter, vedtægtstests, hændelsesfiler og scenarier" in help_text
    assert "Tilvalg:" in help_text
    wrong = run("check", STATUTE, "--verbos")
    assert wrong.exit_code == 2
    assert "Fejl: Tilvalget '--verbos' findes ikke." in wrong.output
    english = run("--lang", "en", "check", "--help").output
    assert english.startswith("Usage: cli check")


def test_status_writes_days_the_danish_way(tmp_path: Path) -> None:
    events = tmp_path / "e.yaml"
    events.write_text('kind: sign-declaration\ndate: "2015-03-01"\nactor: Sorø\n', encoding="utf-8")
    ledger = str(tmp_path / "p.db")
    assert run("record", "--statute", FIXTURE, "--ledger", ledger, str(events)).exit_code == 0
    shown = run("status", "--statute", FIXTURE, "--ledger", ledger, "--on", "2015-03-02")
    assert shown.output.splitlines()[0].startswith("Fællesskabet den 2. marts 2015: ")


def test_schema_prints_the_format_with_danish_descriptions() -> None:
    import json

    danish = json.loads(run("schema").output)
    english = json.loads(run("schema", "--lang", "en").output)
    assert danish.keys() == english.keys()
    assert danish["description"] != english["description"]
    assert json.loads(run("schema", "events", "--lang", "en").output)["$schema"]
    assert run("schema", "nope").exit_code == 2
