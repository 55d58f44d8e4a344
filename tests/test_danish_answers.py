"""Who may decide what, money, statute tests and the API's refusals in Danish.

The same questions put in both languages: Danish gives the Danish text of the
catalogs (authority.po, economy.po, testing.po, core.po), with days, amounts
and lists the Danish way; English stays exactly the text it always was.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from textwrap import dedent

import pytest
from test_authority import STATUTE as SMALL

import foreningsregler as fr
from foreningsregler.authority.comparison import compare
from foreningsregler.authority.export import render
from foreningsregler.economy.foranalyse import check_figures
from foreningsregler.economy.money import EconomyError, apportion
from foreningsregler.economy.simulation import load_scenario
from foreningsregler.i18n import language, use_language
from foreningsregler.protocol.state import RuleViolation
from foreningsregler.testing.statute_tests import _compare_refusal, load_suite, run_suite

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = fr.load(ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml")
AUTHORITY = fr.Authority(BUNDLED)
LINT = Path(__file__).parent / "fixtures" / "lint"


def both(ask):  # type: ignore[no-untyped-def]
    """What ``ask()`` says in English and in Danish."""
    with use_language("en"):
        english = ask()
    with use_language("da"):
        danish = ask()
    return english, danish


# --- Answers -------------------------------------------------------------------


def test_a_refusal_of_the_bundled_statute_in_danish() -> None:
    english, danish = both(lambda: str(AUTHORITY.check("bestyrelse", "vedtag-faser").denials[0]))
    assert english == (
        "no provision gives bestyrelse the power vedtag-faser (held by generalforsamling)"
        " [§ 4, stk. 3]"
    )
    assert danish == (
        "ingen bestemmelse giver bestyrelse kompetencen vedtag-faser"
        " (den ligger hos generalforsamling) [§ 4, stk. 3]"
    )


def test_the_statutes_own_answer_is_kept_per_language() -> None:
    """The index keeps the statute's answer once made; its denial is a text, so
    one made in English is not given to a Danish reader."""
    authority = fr.Authority(BUNDLED)
    with use_language("en"):
        assert authority.check("direktion", "vedtag-faser").denials[0].message.startswith("no ")
    with use_language("da"):
        assert authority.check("direktion", "vedtag-faser").denials[0].message.startswith("ingen ")


def test_chains_conditions_and_procedure_in_danish() -> None:
    answer = AUTHORITY.check("f3-teknik-og-miljoe", "igangsaet-anskaffelse")
    with use_language("da"):
        steps = [str(step) for step in answer.chains[0].steps]
        conditions = [str(condition) for condition in answer.conditions]
        procedure = str(answer.procedure)
    assert steps == [
        "generalforsamling har kompetencen igangsaet-anskaffelse inden for adopted_phases,"
        " participating_municipalities [§ 11, stk. 2]",
        "generalforsamling delegerer til f3-teknik-og-miljoe inden for adopted_phases, own_area,"
        " participating_municipalities, running_phases [§ 11, stk. 2]",
    ]
    assert conditions[:2] == [
        "kun inden for faser, som generalforsamlingen har vedtaget [§ 11, stk. 2]",
        "kun for kommuner, der har tilsluttet sig fasen [§ 11, stk. 2]",
    ]
    assert procedure.startswith("besluttes på et møde, ved afstemning: Simpelt flertal")
    # The statute test files' notation stays as the files write it.
    assert answer.chains[0].steps[0].notation == (
        "generalforsamling holds igangsaet-anskaffelse [§ 11, stk. 2]"
    )
    assert str(answer.chains[0].steps[1]).startswith("generalforsamling delegates to f3-")


def test_denials_of_the_facts_in_danish() -> None:
    state = fr.StaticState(
        adopted=frozenset({"fase-1"}),
        running=frozenset({"fase-1"}),
        participants={"fase-1": frozenset({"Køge"})},
    )

    def ask(municipality: str | None) -> str:
        return (
            AUTHORITY.check(
                "f3-teknik-og-miljoe",
                "igangsaet-anskaffelse",
                phase="fase-1",
                municipality=municipality,
                area="teknik-og-miljoe",
                state=state,
            )
            .denials[0]
            .message
        )

    assert both(lambda: ask("Sorø")) == (
        "Sorø has not joined the phase fase-1",
        "Sorø har ikke tilsluttet sig fasen fase-1",
    )
    assert both(lambda: ask(None)) == (
        "name the municipality: only for municipalities that joined the phase",
        "angiv kommunen: kun for kommuner, der har tilsluttet sig fasen",
    )


def test_a_day_in_a_denial_is_written_the_danish_way() -> None:
    authority = fr.Authority(fr.loads(SMALL))
    english, danish = both(
        lambda: authority.check("gf", "vedtag-fase", on=dt.date(2016, 1, 1)).denials[0].message
    )
    assert english == "the statute is in force from 2016-03-17, not on 2016-01-01"
    assert danish == "vedtægterne er i kraft fra 17. marts 2016, ikke den 1. januar 2016"


def test_an_unknown_name_in_danish() -> None:
    def ask() -> str:
        with pytest.raises(fr.UnknownName) as caught:
            AUTHORITY.check("bestyrelsen", "vedtag-faser")
        return str(caught.value)

    assert both(ask) == (
        "unknown body 'bestyrelsen'; did you mean 'bestyrelse'?",
        "ukendt organ 'bestyrelsen'; mente du 'bestyrelse'?",
    )


# --- The competence linter, the exports, the comparison --------------------------


@pytest.mark.parametrize(
    ("fixture", "english", "danish"),
    [
        (
            "e602_cycle",
            "beslut is delegated in a circle: bestyrelse -> udvalg-it -> bestyrelse",
            "beslut delegeres i ring: bestyrelse -> udvalg-it -> bestyrelse",
        ),
        (
            "e607_recommendation",
            "beslut requires a recommendation from gf, which holds the power itself",
            "beslut kræver indstilling fra gf, som selv har kompetencen",
        ),
        (
            "e610_quorum",
            "bestyrelse votes by flertal, but its quorum of 4 present is more than the 3 seats",
            "bestyrelse stemmer efter flertal, men reglens krav om 4 til stede for"
            " beslutningsdygtighed overstiger de 3 pladser",
        ),
    ],
)
def test_the_competence_linter_in_danish(fixture: str, english: str, danish: str) -> None:
    statute = fr.load(LINT / f"{fixture}.yaml")

    def messages() -> list[str]:
        return [f.message for f in fr.check(statute) if f.code.startswith("E6")]

    assert both(messages) == ([english], [danish])


def test_the_drawing_and_the_comparison_in_danish() -> None:
    def drawn() -> list[str]:
        lines = render(BUNDLED, "mermaid").splitlines()
        return [lines[2], next(line for line in lines if "-->" in line)]

    assert both(drawn) == (
        [
            '    b_bestyrelse("Bestyrelsen (3 seats)")',
            '    b_generalforsamling -->|"elects [§ 6, stk. 2]"| b_bestyrelse',
        ],
        [
            '    b_bestyrelse("Bestyrelsen (3 pladser)")',
            '    b_generalforsamling -->|"vælger [§ 6, stk. 2]"| b_bestyrelse',
        ],
    )
    with use_language("da"):
        bodies = compare([BUNDLED]).aspects[2]
    assert bodies.key == "bodies"
    assert bodies.title == "Organer og deres pladser"
    assert bodies.cells[0].items[1] == (
        "bestyrelse (board): 3 pladser, election ved generalforsamling, 2-årig valgperiode",
        "§ 6, stk. 1",
    )


def test_the_linter_of_the_whole_statute_in_danish() -> None:
    statute = fr.load(LINT / "ok.yaml")
    english, danish = both(lambda: sorted(f.message for f in fr.check(statute) if f.code == "W401"))
    assert len(english) == len(danish)
    assert all(m.endswith("encodes nothing: no element cites it") for m in english)
    assert all(m.endswith("koder intet: intet element henviser til den") for m in danish)


# --- Statute tests --------------------------------------------------------------


def test_a_statute_test_failure_in_danish(tmp_path: Path) -> None:
    (tmp_path / "test.yaml").write_text(SMALL, encoding="utf-8")
    (tmp_path / "test.test.yaml").write_text(
        dedent(
            """\
            format: 1
            checks:
              - {body: gf, power: vedtag-fase, allowed: false, denials: [no-chain]}
              - {body: bestyrelse, power: vedtag-fase, allowed: true, chains: []}
            list_bodies:
              - {power: drift, bodies: [gf, sekretariat]}
            """
        ),
        encoding="utf-8",
    )

    def failures() -> list[tuple[str, ...]]:
        return [r.failures for r in run_suite(load_suite(tmp_path / "test.test.yaml"))]

    english, danish = both(failures)
    assert english == [
        ("expected refused, got allowed", "missing denial: no-chain"),
        (
            "expected allowed, got refused: no provision gives bestyrelse the power vedtag-fase"
            " (held by gf) [§ 2, stk. 1]",
        ),
        ("unexpected body: bestyrelse", "unexpected body: direktion", "missing body: sekretariat"),
    ]
    assert danish == [
        ("forventet afvist, men tilladt", "manglende afvisningsgrund: no-chain"),
        (
            "forventet tilladt, men afvist: ingen bestemmelse giver bestyrelse kompetencen"
            " vedtag-fase (den ligger hos gf) [§ 2, stk. 1]",
        ),
        ("uventet organ: bestyrelse", "uventet organ: direktion", "manglende organ: sekretariat"),
    ]


def test_a_quoted_refusal_matches_in_the_readers_language_or_in_english() -> None:
    """A test file quotes a refusal in its writer's language; a Danish reader's
    refusal is judged again in English (recording nothing) to compare it."""
    danish = RuleViolation("not-a-member", "Esbjerg er ikke medlem", None)

    def judge_again() -> None:
        assert language() == "en"
        raise RuleViolation("not-a-member", "Esbjerg is not a member", None)

    expected = {"rule": "not-a-member"}
    with use_language("da"):
        assert (
            _compare_refusal(danish, {**expected, "message": "is not a member"}, judge_again) == []
        )
        assert (
            _compare_refusal(danish, {**expected, "message": "er ikke medlem"}, judge_again) == []
        )
        assert _compare_refusal(danish, {**expected, "message": "is no member"}, judge_again) == [
            "afvisningen siger 'Esbjerg er ikke medlem', forventet 'is no member'"
        ]


# --- Money ------------------------------------------------------------------------


def test_an_economy_error_in_danish() -> None:
    def refused() -> str:
        with pytest.raises(EconomyError) as caught:
            apportion(-150_000, {"Sorø": 1})
        return str(caught.value)

    assert both(refused) == (
        "cannot split a negative amount (-150000 øre)",
        "et negativt beløb kan ikke fordeles (-150.000 øre)",
    )


def test_the_foranalyse_discrepancies_in_danish() -> None:
    english, danish = both(lambda: [str(d) for d in check_figures()])
    assert english[0] == (
        "total of the column uden_samarbejde: printed 70722 t.kr., computed 70721 t.kr."
        " (difference +1); likely cause: rows rounded to whole t.kr. before the total was"
        " taken from unrounded figures [Foranalyse 5.5]"
    )
    assert danish[0] == (
        "total for kolonnen uden_samarbejde: trykt 70.722 t.kr., beregnet 70.721 t.kr."
        " (forskel +1); sandsynlig årsag: rækkerne er afrundet til hele t.kr., før totalen"
        " blev taget af de uafrundede tal [Foranalyse 5.5]"
    )
    assert "besparelse for Køge: trykt 750 t.kr., beregnet 751 t.kr. (forskel -1)" in danish[2]


def test_a_scenario_out_of_the_calendar_in_danish(tmp_path: Path) -> None:
    scenario = (ROOT / "examples" / "k14.scenario.yaml").read_text("utf-8")
    statute = "../vedtaegter/digitaliseringsforeningen.yaml"
    assert 'founding: "2015-10-01"' in scenario and statute in scenario
    scenario = scenario.replace(
        statute, str(ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml")
    )
    bad = tmp_path / "k14.scenario.yaml"
    bad.write_text(scenario.replace('founding: "2015-10-01"', 'founding: "1066-10-14"'), "utf-8")

    def problem() -> str:
        with pytest.raises(fr.StatuteError) as caught:
            load_scenario(bad)
        return next(p.message for p in caught.value.problems if p.code == "E804")

    assert both(problem) == (
        "the date 1066-10-14 is not within the years 1901 to 2199",
        "datoen 14. oktober 1066 ligger ikke inden for årene 1901 til 2199",
    )


# --- The API's arguments --------------------------------------------------------


def test_a_bad_argument_in_danish() -> None:
    def refused() -> str:
        with pytest.raises(fr.BadArgument) as caught:
            fr.Authority("vedtaegter.yaml")  # type: ignore[arg-type]
        return str(caught.value)

    assert both(refused) == (
        "statute: a Statute (from load), not 'vedtaegter.yaml'",
        "statute: en Statute (en vedtægt fra load), ikke 'vedtaegter.yaml'",
    )
