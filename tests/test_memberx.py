"""Membership and money beyond kinds and bands (issue 10, round 2): admission on
a council's own decision, withdrawal effective on a body's registration, and
the rest of the memberx features, each with good and bad input."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import one_problem, pos, replace, write

import foreningsregler as fr
from foreningsregler.statute.model import COUNCIL_DECISION, ProvisionRef

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "memberx.yaml"
DOCS = ROOT / "docs"
DAY = dt.date(2019, 3, 1)
TOWNS = ["Arendal", "Borre", "Dalby"]


def text() -> str:
    return FIXTURE.read_text("utf-8")


def load(source: str) -> fr.Statute:
    return fr.loads(source, name="memberx.yaml")


def findings(source: str, code: str) -> list[fr.Finding]:
    return [f for f in fr.check(load(source)) if f.code == code]


def _vote(n: int) -> dict[str, int]:
    return {"present": n, "yes": n, "no": 0}


def _record(association: fr.Association, kind: str, actor: str, **data: Any) -> None:
    association.record(fr.Event(kind, DAY, actor, data))


def _refused(association: fr.Association, kind: str, actor: str, **data: Any) -> fr.RuleViolation:
    before, count = association.at(DAY), len(association.events)
    with pytest.raises(fr.RuleViolation) as caught:
        _record(association, kind, actor, **data)
    assert len(association.events) == count and association.at(DAY) == before
    return caught.value


def _founded(source: str | None = None) -> fr.Association:
    """Founded, all three applied; no one admitted yet."""
    association = fr.Association(load(source) if source else fr.load(FIXTURE))
    for town in TOWNS:
        _record(association, "apply", town)
    _record(association, "hold-meeting", "generalforsamling")
    _record(association, "hold-founding-assembly", "generalforsamling", vote=_vote(3))
    # The general assembly employs the secretariat, which registers withdrawals.
    person = {"body": "sekretariat", "person": "Jensen", "vote": _vote(3)}
    _record(association, "elect", "generalforsamling", **person)
    return association


# --- The model ---------------------------------------------------------------------


def test_the_fixture_loads_the_requirement_and_the_registering_body() -> None:
    membership = fr.load(FIXTURE).membership
    assert membership is not None and membership.admission is not None
    assert membership.admission.requires == (COUNCIL_DECISION,)
    assert membership.admission.needs_council
    assert membership.withdrawal is not None
    assert membership.withdrawal.registered_by == "sekretariat"
    assert membership.withdrawal.provision == ProvisionRef(3, 3)


def test_the_fixture_has_no_memberx_findings() -> None:
    found = [f for f in fr.check(fr.load(FIXTURE)) if f.code in {"E665", "W440"}]
    assert found == []
    assert not [f for f in fr.check(fr.load(FIXTURE)) if f.severity is fr.Severity.ERROR]


# --- Admission on the council's own decision -----------------------------------------


def test_admission_waits_for_the_councils_decision() -> None:
    association = _founded()
    refusal = _refused(
        association, "admit", "generalforsamling", municipality="Arendal", vote=_vote(3)
    )
    assert refusal.rule == "council-decision-required"
    assert refusal.provision == ProvisionRef(2, 3)
    assert "Arendal is admitted only on its kommunalbestyrelse's own decision" in refusal.message
    _record(association, "kommunalbestyrelse-decision", "Arendal", matter="admission")
    _record(association, "admit", "generalforsamling", municipality="Arendal", vote=_vote(3))
    assert association.at(DAY).members == {"Arendal"}


def test_another_municipalitys_decision_does_not_count() -> None:
    association = _founded()
    _record(association, "kommunalbestyrelse-decision", "Borre", matter="admission")
    refusal = _refused(
        association, "admit", "generalforsamling", municipality="Arendal", vote=_vote(3)
    )
    assert (refusal.rule, refusal.provision) == ("council-decision-required", ProvisionRef(2, 3))


def test_a_council_decision_on_another_matter_does_not_count() -> None:
    association = _founded()
    _record(association, "hold-meeting", "generalforsamling")
    _record(
        association,
        "adopt-phase",
        "generalforsamling",
        phase="fase-1",
        start="2019-06-01",
        end="2020-05-31",
        vote=_vote(3),
    )
    _record(association, "kommunalbestyrelse-decision", "Arendal", matter="phase", phase="fase-1")
    refusal = _refused(
        association, "admit", "generalforsamling", municipality="Arendal", vote=_vote(3)
    )
    assert refusal.rule == "council-decision-required"


def test_the_assembly_cannot_make_the_councils_decision() -> None:
    association = _founded()
    refusal = _refused(
        association,
        "kommunalbestyrelse-decision",
        "generalforsamling",
        matter="admission",
        municipality="Arendal",
    )
    assert refusal.rule == "council-decides"


def test_without_the_requirement_admission_asks_no_council() -> None:
    source = replace(text(), "requires: [kommunalbestyrelse_decision], ", "")
    association = _founded(source)
    _record(association, "admit", "generalforsamling", municipality="Arendal", vote=_vote(3))
    assert association.at(DAY).members == {"Arendal"}


def test_a_member_of_another_kind_has_no_council_to_ask() -> None:
    source = replace(
        text(),
        '  provision: "§ 2, stk. 2"\n  admission:',
        '  provision: "§ 2, stk. 2"\n'
        "  members:\n"
        '    - {id: region, name: Region Midt, kind: region, provision: "§ 2, stk. 2"}\n'
        "  admission:",
    )
    association = fr.Association(load(source))
    _record(association, "apply", "region")
    _record(association, "hold-meeting", "generalforsamling")
    _record(association, "hold-founding-assembly", "generalforsamling", vote=_vote(1))
    _record(association, "admit", "generalforsamling", municipality="region", vote=_vote(1))
    assert association.at(DAY).members == {"region"}


def test_an_unknown_requirement_is_e204_at_the_value(tmp_path: Path) -> None:
    source = replace(
        text(), "requires: [kommunalbestyrelse_decision]", "requires: [byraadsbeslutning]"
    )
    problem = one_problem(write(tmp_path, source), "E204")
    assert (problem.line, problem.column) == pos(source, "byraadsbeslutning")
    assert "'byraadsbeslutning' is not one of" in problem.message
    assert problem.provision == "§ 2, stk. 3"


def test_the_requirement_without_a_legal_basis_is_e665() -> None:
    source = re.sub(r"  legal_basis:\n(    .*\n)+", "", text())
    [finding] = findings(source, "E665")
    assert finding.message.startswith(
        "admission requires the municipality's kommunalbestyrelse decision, but the statute "
        "declares no legal basis"
    )
    assert (finding.line, finding.column) == pos(source, "admission: {by", "{")
    assert finding.provision == "§ 2, stk. 3"


# --- Withdrawal effective on registration ---------------------------------------------


def _members() -> fr.Association:
    association = _founded()
    for town in TOWNS:
        _record(association, "kommunalbestyrelse-decision", town, matter="admission")
        _record(association, "admit", "generalforsamling", municipality=town, vote=_vote(3))
    return association


def test_the_secretariat_registers_a_withdrawal_and_it_takes_effect() -> None:
    association = _members()
    _record(association, "register-withdrawal", "sekretariat", municipality="Arendal")
    assert association.at(DAY).members == {"Borre", "Dalby"}


@pytest.mark.parametrize("actor", ["Arendal", "generalforsamling", "Borre"])
def test_a_withdrawal_registered_by_another_is_refused(actor: str) -> None:
    association = _members()
    refusal = _refused(association, "register-withdrawal", actor, municipality="Arendal")
    assert refusal.rule == "withdrawal-registered-by"
    assert refusal.provision == ProvisionRef(3, 3)
    assert refusal.message == (
        f"a withdrawal takes effect when sekretariat registers it; 'register-withdrawal' by "
        f"{actor} is not that registration"
    )


def test_the_members_own_withdrawal_is_refused_where_the_secretariat_registers() -> None:
    source = replace(
        text(),
        "trigger: register-withdrawal, source: member, dest: withdrawn, actor: sekretariat",
        "trigger: register-withdrawal, source: member, dest: withdrawn, actor: member",
    )
    association = _founded(source)
    for town in TOWNS:
        _record(association, "kommunalbestyrelse-decision", town, matter="admission")
        _record(association, "admit", "generalforsamling", municipality=town, vote=_vote(3))
    refusal = _refused(association, "register-withdrawal", "Arendal")
    assert (refusal.rule, refusal.provision) == ("withdrawal-registered-by", ProvisionRef(3, 3))
    [finding] = findings(source, "W440")
    assert finding.message == (
        "a withdrawal takes effect when sekretariat registers it, but no membership transition "
        "into a withdrawn state is sekretariat's: no withdrawal can be registered"
    )
    assert (finding.line, finding.column) == pos(source, "withdrawal: {earliest", "{")
    assert finding.provision == "§ 3, stk. 3"


def test_the_registration_waits_for_the_notice() -> None:
    source = replace(
        text(),
        "withdrawal: {earliest: phase_end,",
        "withdrawal: {earliest: phase_end, notice_months: 3,",
    )
    association = _founded(source)
    _record(association, "kommunalbestyrelse-decision", "Arendal", matter="admission")
    _record(association, "admit", "generalforsamling", municipality="Arendal", vote=_vote(3))
    refusal = _refused(association, "register-withdrawal", "sekretariat", municipality="Arendal")
    assert refusal.rule == "notice"
    assert refusal.provision == ProvisionRef(3, 3)


def test_registered_by_an_unknown_body_is_e301(tmp_path: Path) -> None:
    source = replace(text(), "registered_by: sekretariat", "registered_by: sekretariatet")
    problem = one_problem(write(tmp_path, source), "E301")
    assert (problem.line, problem.column) == pos(
        source, "registered_by: sekretariatet", "sekretariatet"
    )
    assert problem.provision == "§ 3, stk. 3"


# --- The docs --------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["E665", "W440"])
def test_the_docs_show_the_real_output_of_each_code(code: str) -> None:
    doc = (DOCS / "errors.md").read_text("utf-8")
    section = doc[doc.index(f"## {code} ") :]
    section = section[: section.index("\n## ", 5)]
    [statute] = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    [console] = re.findall(r"```console\n(.*?)```", section, re.DOTALL)
    found = [f for f in fr.check(fr.loads(statute, name="statut.yaml")) if f.code == code]
    lines = [f"  {f.line}:{f.column} {f.code} {f.message} [{f.provision}]" for f in found]
    assert lines
    for line in lines:
        assert line in console
