"""`foreningsregler who` and `explain`: the statute's central questions, cited."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from foreningsregler.cli import cli

STATUTE = str(
    Path(__file__).resolve().parent.parent / "vedtaegter" / "digitaliseringsforeningen.yaml"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_explain_answers_the_central_questions() -> None:
    result = run("explain", STATUTE)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "  bestyrelse: 3 seats, elected by generalforsamling [§ 6, stk. 2] (assumption)" in lines
    assert "  f3: 3 seats, elected by f14 [§ 10, stk. 4]" in lines
    assert "        generalforsamling holds vedtag-faser [§ 4, stk. 3]" in lines
    assert (
        "        recommendation from bestyrelse (made under indstil-faser), "
        "on the same matter [§ 13, stk. 2]"
    ) in lines
    assert (
        "      decided at a meeting, by vote: Simpelt flertal på generalforsamlingen "
        "(generalforsamlingsflertal) [§ 5, stk. 3]"
    ) in lines
    assert (
        "    f3-beskaeftigelse-og-borgerservice may exercise igangsaet-anskaffelse: "
        "ALLOWED, if the conditions below hold"
    ) in lines
    assert "        only within phases the generalforsamling has adopted [§ 11, stk. 2]" in lines


def test_explain_a_refused_act_exits_1_with_the_denial() -> None:
    result = run("explain", STATUTE, "bestyrelse", "vedtag-faser")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        # The answer in a sentence first (issue 13), then the chain of reasons.
        "No: Bestyrelsen may not vedtage indholdet af de forestående faser, because no "
        "provision gives bestyrelse the power vedtag-faser (held by generalforsamling) "
        "[§ 4, stk. 3].",
        "bestyrelse may exercise vedtag-faser: REFUSED",
        "  the decision requires first:",
        "    recommendation from bestyrelse (made under indstil-faser), on the same matter "
        "[§ 13, stk. 2]",
        "  refused because:",
        "    no provision gives bestyrelse the power vedtag-faser (held by generalforsamling) "
        "[§ 4, stk. 3]",
    ]


def test_explain_json_for_an_area_outside_the_body() -> None:
    result = run(
        "explain",
        STATUTE,
        "f3-it",
        "igangsaet-anskaffelse",
        "--area",
        "social-og-sundhed",
        "--phase",
        "fase-1",
        "--municipality",
        "Sorø",
        "--format",
        "json",
    )
    assert result.exit_code == 1
    answer = json.loads(result.output)
    assert answer["allowed"] is False
    assert answer["denials"] == [
        {
            "reason": "other-area",
            "message": "f3-it acts only in its own area (it), not in social-og-sundhed",
            "provision": "§ 11, stk. 2",
        }
    ]


def test_explain_a_body_lists_its_powers() -> None:
    result = run("explain", STATUTE, "sekretariat")
    assert result.exit_code == 0
    assert "  filled by: employed by direktion [§ 8, stk. 3] (assumption)" in result.output
    assert "        sekretariat holds portefoelje-og-programledelse [§ 8, stk. 2]" in result.output


def test_who_lists_every_body_with_its_chain() -> None:
    result = run("who", STATUTE, "igangsaet-anskaffelse", "--format", "json")
    assert result.exit_code == 0
    answers = json.loads(result.output)
    assert [a["body"] for a in answers[:2]] == [
        "generalforsamling",
        "f3-beskaeftigelse-og-borgerservice",
    ]
    assert len(answers) == 7
    assert [len(a["chains"][0]) for a in answers] == [1] + [2] * 6


def test_unknown_names_are_usage_errors_without_traceback() -> None:
    result = run("who", STATUTE, "vedtag-fase")
    assert result.exit_code == 2
    assert result.stderr == (
        "foreningsregler: unknown power 'vedtag-fase'; did you mean 'vedtag-faser'?\n"
    )
    assert isinstance(result.exception, SystemExit)


def test_explain_with_facts_that_name_nothing_exits_2() -> None:
    result = run(
        "explain", STATUTE, "f3-it", "igangsaet-anskaffelse", "--phase", "fase-99",
        "--municipality", "Atlantis",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith("foreningsregler: unknown municipality 'Atlantis'")


def test_explain_with_an_unknown_area_suggests_the_nearest() -> None:
    result = run("explain", STATUTE, "f3-it", "igangsaet-anskaffelse", "--area", "itt")
    assert result.exit_code == 2
    assert result.stderr == "foreningsregler: unknown area 'itt'; did you mean 'it'?\n"


def test_a_template_name_points_at_the_instance_ids() -> None:
    result = run("explain", STATUTE, "f3", "igangsaet-anskaffelse")
    assert result.exit_code == 2
    assert "f3 is defined per area: name one of f3-beskaeftigelse-og-borgerservice," in (
        result.stderr
    )


def test_an_unscoped_fact_left_out_is_refused_with_name_the(tmp_path: Path) -> None:
    result = run(
        "explain", STATUTE, "f3-it", "igangsaet-anskaffelse", "--phase", "fase-1",
        "--municipality", "Sorø",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "    name the area: only within the body's own area [§ 11, stk. 2]" in (
        result.output.splitlines()
    )


def test_ledger_needs_a_day(tmp_path: Path) -> None:
    result = run("explain", STATUTE, "f3-it", "igangsaet-anskaffelse", "--ledger", "x.jsonl")
    assert result.exit_code == 2
    assert "--ledger needs --on" in result.output


def test_a_phase_not_in_the_protocol_exits_2(tmp_path: Path) -> None:
    import datetime as dt

    import foreningsregler as fr

    ledger = tmp_path / "protokol.jsonl"
    association = fr.Association(fr.load(STATUTE), fr.JsonlLedger(ledger))
    association.record(fr.Event("sign-declaration", dt.date(2015, 3, 1), "Sorø"))
    result = run(
        "explain", STATUTE, "f3-it", "igangsaet-anskaffelse", "--phase", "fase-99",
        "--municipality", "Sorø", "--area", "it", "--ledger", str(ledger), "--on", "2016-01-01",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "foreningsregler: unknown phase 'fase-99'; no phase of that id is on record\n"
    )
