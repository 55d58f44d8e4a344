"""`foreningsregler record`, `status` and `diagram`, and the lifecycle checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import foreningsregler as fr
from foreningsregler.cli import cli

FIXTURE = Path(__file__).parent / "fixtures" / "forening.yaml"

FOUNDING_ASSEMBLY = """\
  - kind: hold-founding-assembly
    date: "2015-10-01"
    actor: generalforsamling
    data: {vote: {present: 1, yes: 1, no: 0}}
"""
FOUNDING = """\
events:
  - {kind: sign-declaration, date: "2015-03-01", actor: Sorø}
  - {kind: approve-in-principle, date: "2015-06-01", actor: Sorø}
  - {kind: hold-meeting, date: "2015-10-01", actor: generalforsamling}
  - kind: hold-founding-assembly
    date: "2015-10-01"
    actor: generalforsamling
    data: {vote: {present: 1, yes: 1, no: 0}}
  - kind: admit
    date: "2015-10-01"
    actor: generalforsamling
    data: {municipality: Sorø, vote: {present: 1, yes: 1, no: 0}}
"""


def run(*args: str) -> Result:
    return CliRunner(env={"FORENINGSREGLER_STATUTE": str(FIXTURE)}).invoke(cli, list(args))


@pytest.fixture(params=["protokol.db", "protokol.jsonl"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    events = tmp_path / "stiftelse.yaml"
    events.write_text(FOUNDING, encoding="utf-8")
    path = tmp_path / request.param
    result = run("record", "--ledger", str(path), str(events))
    assert result.exit_code == 0, result.output
    return path


def test_record_prints_each_recorded_event(ledger: Path) -> None:
    result = run("status", "--ledger", str(ledger), "--on", "2015-10-02", "--format", "json")
    state = json.loads(result.output)
    assert state["members"] == ["Sorø"]
    assert state["membership"] == {"Sorø": "member"}


def test_a_refused_event_exits_1_with_rule_and_provision(ledger: Path, tmp_path: Path) -> None:
    event = tmp_path / "udtraeden.yaml"
    event.write_text(
        '{kind: admit, date: "2015-10-03", actor: generalforsamling, data: {municipality: Køge}}\n',
        encoding="utf-8",
    )
    result = run("record", "--ledger", str(ledger), str(event))
    assert result.exit_code == 1
    stderr = result.stderr
    assert "'admit' is not possible for Køge in the state 'outside'" in stderr
    assert "[§ 3, stk. 1]" in stderr
    assert "rule: no-transition" in stderr
    state = run("status", "--ledger", str(ledger), "--on", "2015-10-04")
    assert "Members (1): Sorø" in state.output


def test_a_decision_without_its_vote_exits_1_with_rule_and_provision(
    ledger: Path, tmp_path: Path
) -> None:
    # Its own procurement: optag-medlem, the power this test used, is admit's now.
    event = tmp_path / "anskaffelse.yaml"
    event.write_text(
        '{kind: exercise, date: "2015-10-01", actor: generalforsamling,'
        " data: {power: igangsaet-anskaffelse}}\n",
        encoding="utf-8",
    )
    result = run("record", "--ledger", str(ledger), str(event))
    assert result.exit_code == 1
    assert "the decision needs its vote" in result.stderr
    assert "[§ 4, stk. 2]" in result.stderr
    assert "rule: no-vote" in result.stderr
    event.write_text(
        '{kind: exercise, date: "2015-10-01", actor: generalforsamling,'
        " data: {power: igangsaet-anskaffelse, vote: {present: 1, yes: 1, no: 0}}}\n",
        encoding="utf-8",
    )
    assert run("record", "--ledger", str(ledger), str(event)).exit_code == 0


def test_admission_before_the_founding_exits_1_not_founded(tmp_path: Path) -> None:
    events = tmp_path / "for-tidligt.yaml"
    assert FOUNDING_ASSEMBLY in FOUNDING
    events.write_text(FOUNDING.replace(FOUNDING_ASSEMBLY, ""), encoding="utf-8")
    result = run("record", "--ledger", str(tmp_path / "protokol.jsonl"), str(events))
    assert result.exit_code == 1
    assert "the association is not founded on 2015-10-01 (state: establishment)" in result.stderr
    assert "[§ 5, stk. 1]" in result.stderr
    assert "rule: not-founded" in result.stderr


def test_a_malformed_event_file_gives_its_place(ledger: Path, tmp_path: Path) -> None:
    event = tmp_path / "fejl.yaml"
    event.write_text('kind: admit\ndate: "2015-13-40"\nactor: generalforsamling\n', "utf-8")
    result = run("record", "--ledger", str(ledger), str(event))
    assert result.exit_code == 2
    assert f"{event}:2:7: E204" in result.stderr


def test_a_tampered_ledger_is_refused_on_open(tmp_path: Path) -> None:
    events = tmp_path / "stiftelse.yaml"
    events.write_text(FOUNDING, encoding="utf-8")
    path = tmp_path / "protokol.jsonl"
    run("record", "--ledger", str(path), str(events))
    path.write_text(path.read_text("utf-8").replace("Sorø", "Slagelse", 1), "utf-8")
    result = run("status", "--ledger", str(path), "--on", "2016-01-01")
    assert result.exit_code == 2
    assert "event 1 does not match its hash" in result.stderr


def test_diagram_cites_provisions_on_transitions() -> None:
    result = run("diagram", str(FIXTURE), "membership")
    lines = result.output.splitlines()
    assert lines[0] == "stateDiagram-v2"
    assert (
        "    s_member --> s_withdrawn: withdraw if no_joined_phase_unended [§ 3, stk. 2]" in lines
    )
    assert (
        "    s_notice_given --> s_withdrawn: when notice_and_joined_phases_ended [§ 3, stk. 2]"
        in (lines)
    )
    unknown = run("diagram", str(FIXTURE), "nothing")
    assert unknown.exit_code == 2


def test_unreachable_and_trap_states_are_errors() -> None:
    text = FIXTURE.read_text("utf-8")
    broken = text.replace(
        '      - {id: failed, name: Forkastet, final: true, provision: "§ 4, stk. 1"}\n',
        '      - {id: failed, name: Forkastet, final: true, provision: "§ 4, stk. 1"}\n'
        '      - {id: appealed, name: Anket, provision: "§ 4, stk. 1"}\n',
    ).replace(
        "      - {id: passed, name: Vedtaget, final: true,",
        "      - {id: passed, name: Vedtaget,",
    )
    assert broken != text
    findings = [f for f in fr.check(fr.loads(broken, name="f.yaml")) if f.code.startswith("E7")]
    lines = broken.splitlines()
    passed = next(i for i, line in enumerate(lines, 1) if "{id: passed," in line)
    appealed = next(i for i, line in enumerate(lines, 1) if "{id: appealed," in line)
    assert (passed, appealed) == (335, 337)
    assert [(f.code, f.line) for f in findings] == [("E702", passed), ("E701", appealed)]
    assert "'passed' has no way out" in findings[0].message
    assert "no transition leads to the state 'appealed'" in findings[1].message
    assert findings[0].provision == "§ 4, stk. 1"
