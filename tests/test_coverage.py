"""The linter names every rule the protocol cannot enforce (W405) and every
duty no recorded act shows (I502), each at its element with its provision."""

from __future__ import annotations

from pathlib import Path

import pytest

import foreningsregler as fr
from foreningsregler.statute.problems import Finding

ROOT = Path(__file__).resolve().parent.parent
STATUTE = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"

HEAD = """format: 1
statute: {id: lille, name: Lilleforeningen, status: draft, provision: "§ 1"}
sources:
  - {id: kilde, title: Kilden}
provisions:
  - number: 1
    title: Alt
    sources: [{document: kilde}]
    stk:
      - text: Reglerne.
"""
BODIES = """bodies:
  - id: gf
    name: Generalforsamlingen
    kind: assembly
    seats: members
    filled_by: {method: membership, provision: "§ 1"}
    voting: flertal
    provision: "§ 1"
  - id: formand
    name: Formanden
    kind: board
    seats: 1
    filled_by: {method: election, by: gf, provision: "§ 1"}
    provision: "§ 1"
voting_rules:
  - {id: flertal, majority: simple, provision: "§ 1"}
  - {id: to-tredjedele, majority: qualified, threshold: "2/3", provision: "§ 1"}
"""
MEMBERSHIP_LIFECYCLE = """lifecycles:
  - id: medlemskab
    name: Medlemskab
    kind: membership
    initial: medlem
    provision: "§ 1"
    states:
      - {id: medlem, name: Medlem, means: [member], provision: "§ 1"}
      - {id: varslet, name: Varslet, means: [member, notice], provision: "§ 1"}
      - {id: ude, name: Ude, final: true, means: [withdrawn], provision: "§ 1"}
    transitions:
      - {trigger: give-notice, source: medlem, dest: varslet, actor: member, provision: "§ 1"}
      - {trigger: withdraw, source: varslet, dest: ude, actor: member, GUARDS provision: "§ 1"}
      - {trigger: exclude, source: medlem, dest: ude, actor: gf, POWER provision: "§ 1"}
"""


def lifecycle(guards: str = "guards: [no_joined_phase_unended],", power: str = "") -> str:
    return MEMBERSHIP_LIFECYCLE.replace("GUARDS ", guards + " " if guards else "").replace(
        "POWER ", power + " " if power else ""
    )


def findings(text: str, code: str) -> list[Finding]:
    return [f for f in fr.check(fr.loads(text, name="lille.yaml")) if f.code == code]


def only(text: str, code: str) -> Finding:
    [finding] = findings(text, code)
    assert finding.file == "lille.yaml"
    return finding


def test_notice_without_a_notice_state_is_not_enforced() -> None:
    text = (
        HEAD
        + BODIES
        + 'membership:\n  withdrawal: {earliest: phase_end, notice_months: 6, provision: "§ 1"}\n'
        + lifecycle().replace("means: [member, notice]", "means: [member]")
    )
    finding = only(text, "W405")
    assert (finding.line, finding.column, finding.provision) == (29, 15, "§ 1")
    assert "6 months' notice" in finding.message


def test_withdrawal_at_phase_end_needs_the_guard() -> None:
    text = (
        HEAD
        + BODIES
        + 'membership:\n  withdrawal: {earliest: phase_end, notice_months: 6, provision: "§ 1"}\n'
        + lifecycle(guards="")
    )
    finding = only(text, "W405")
    assert finding.line == 29
    assert "no_joined_phase_unended" in finding.message


def test_exclusion_by_a_body_that_cannot_exclude() -> None:
    text = (
        HEAD + BODIES + 'membership:\n  exclusion: {by: formand, provision: "§ 1"}\n' + lifecycle()
    )
    finding = only(text, "W405")
    assert (finding.line, finding.provision) == (29, "§ 1")
    assert finding.message.startswith("exclusion by formand: no transition")


def test_an_exclusion_vote_the_excluding_power_does_not_repeat_is_enforced() -> None:
    """The protocol judges the exclusion by ``exclusion.voting`` itself
    (tests/test_exclusion_vote.py), so it is not a rule left unenforced."""
    powers = 'powers:\n  - {id: ekskluder, name: Ekskludere, holder: gf, provision: "§ 1"}\n'
    text = (
        HEAD
        + BODIES
        + powers
        + 'membership:\n  exclusion: {by: gf, voting: to-tredjedele, provision: "§ 1"}\n'
        + lifecycle(power="power: ekskluder,")
    )
    assert findings(text, "W405") == []


def test_admission_by_a_body_that_admits_nobody() -> None:
    text = (
        HEAD + BODIES + 'membership:\n  admission: {by: formand, provision: "§ 1"}\n' + lifecycle()
    )
    finding = only(text, "W405")
    assert finding.message.startswith("admission by formand")


def test_a_voting_rule_on_a_body_of_one_seat_never_applies() -> None:
    text = HEAD + BODIES.replace(
        '    filled_by: {method: election, by: gf, provision: "§ 1"}\n',
        '    filled_by: {method: election, by: gf, provision: "§ 1"}\n    voting: flertal\n',
    )
    finding = only(text, "W405")
    assert (finding.line, finding.provision) == (19, "§ 1")
    assert finding.message == "formand has one seat: its voting rule flertal never applies"


def test_a_power_whose_holders_all_act_alone_never_votes() -> None:
    powers = (
        "powers:\n  - {id: beslut, name: Beslutte, holder: formand, voting: flertal, "
        'provision: "§ 1"}\n'
    )
    finding = only(HEAD + BODIES + powers, "W405")
    assert finding.message.startswith("power beslut: its voting rule flertal never applies")


def test_a_delegation_granted_by_decision_needs_a_delegation_lifecycle() -> None:
    powers = 'powers:\n  - {id: beslut, name: Beslutte, holder: gf, provision: "§ 1"}\n'
    delegation = (
        "delegations:\n  - {id: til-formand, power: beslut, from: gf, to: formand, "
        'granted: decision, provision: "§ 1"}\n'
    )
    finding = only(HEAD + BODIES + powers + delegation, "W405")
    assert finding.message.startswith("delegation til-formand is granted by decision")


def test_a_term_is_enforced_so_not_listed() -> None:
    text = HEAD + BODIES.replace(
        'filled_by: {method: election, by: gf, provision: "§ 1"}',
        'filled_by: {method: election, by: gf, term_years: 2, provision: "§ 1"}',
    )
    assert findings(text, "W405") == []


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            'membership:\n  obligations:\n    - {kind: all_phases, provision: "§ 1"}\n',
            "obligation all_phases: a duty of every member the protocol cannot check",
        ),
        (
            "membership:\n  withdrawal: {earliest: phase_end, takes_contracts: true, "
            'provision: "§ 1"}\n',
            "withdrawal: the member takes over its share of contracts; "
            "a duty the protocol records but cannot check",
        ),
        (
            'membership:\n  exclusion: {by: gf, grounds: Grov misligholdelse., provision: "§ 1"}\n',
            "exclusion grounds: a judgement of the deciding body the protocol cannot check",
        ),
    ],
)
def test_duties_no_act_shows_are_listed(snippet: str, expected: str) -> None:
    text = HEAD + BODIES + snippet + lifecycle(power="")
    assert [f.message for f in findings(text, "I502")] == [expected]


def test_meetings_a_year_are_a_duty() -> None:
    text = HEAD + BODIES.replace(
        '    voting: flertal\n    provision: "§ 1"\n',
        '    voting: flertal\n    meetings: {ordinary_per_year: 1, provision: "§ 1"}\n'
        '    provision: "§ 1"\n',
        1,
    )
    finding = only(text, "I502")
    assert finding.message.startswith("gf meets at least 1 time(s) a year")
    assert finding.provision == "§ 1"


def test_the_bundled_statute_shows_no_rule_it_does_not_enforce() -> None:
    findings = fr.check(fr.load(STATUTE))
    assert [f for f in findings if f.code == "W405"] == []
    assert len([f for f in findings if f.code == "I502"]) == 9
