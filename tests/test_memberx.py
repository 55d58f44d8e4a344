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
from foreningsregler.economy import EconomyError, fee_for, partner_fee
from foreningsregler.statute.model import COUNCIL_DECISION, MemberKind, ProvisionRef

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


@pytest.mark.parametrize("code", ["E325", "E326", "E665", "E666", "W440", "W441"])
def test_the_docs_show_the_real_output_of_each_code(code: str) -> None:
    doc = (DOCS / "errors.md").read_text("utf-8")
    section = doc[doc.index(f"## {code} ") :]
    section = section[: section.index("\n## ", 5)]
    [statute] = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    [console] = re.findall(r"```console\n(.*?)```", section, re.DOTALL)
    try:
        found = [f for f in fr.check(fr.loads(statute, name="statut.yaml")) if f.code == code]
        lines = [f"  {f.line}:{f.column} {f.code} {f.message} [{f.provision}]" for f in found]
    except fr.StatuteError as error:
        lines = [str(p) for p in error.problems if p.code == code]
    assert lines
    for line in lines:
        assert line in console


# --- Membership classes and partners ---------------------------------------------------


def test_classes_partners_and_their_fees_load() -> None:
    statute = fr.load(FIXTURE)
    membership = statute.membership
    assert membership is not None
    assert [c.id for c in membership.classes] == ["ordinaer", "basis"]
    basis = membership.classes[1]
    assert (basis.paid_by, basis.duties, basis.provision) == (
        "kl",
        ("fem-datasaet",),
        ProvisionRef(5, 2),
    )
    assert [p.id for p in membership.partners] == ["kl", "erst", "leverandoer"]
    assert membership.partner("Erhvervsstyrelsen") == membership.partners[1]
    assert membership.partners[1].kind is MemberKind.STATE
    kontingent, partnergebyr = statute.money_rules[1:]
    assert [(c.member_class, c.amount) for c in kontingent.per_class] == [
        ("ordinaer", 10000),
        ("basis", 5000),
    ]
    assert (partnergebyr.kind.value, partnergebyr.amount, partnergebyr.payers) == (
        "partner_fee",
        25000,
        ("leverandoer",),
    )
    # The partners are not members: the roster and the names events use leave them out.
    assert membership.names == frozenset({"Arendal", "Borre", "Dalby"})
    assert membership.class_of("Arendal") == membership.classes[0]


def _admitted(town: str, **data: Any) -> fr.Association:
    association = _founded()
    _record(association, "kommunalbestyrelse-decision", town, matter="admission")
    _record(association, "admit", "generalforsamling", municipality=town, vote=_vote(3), **data)
    return association


def test_a_member_is_admitted_to_the_class_it_states_and_it_is_recorded() -> None:
    association = _admitted("Arendal", member_class="basis")
    state = association.at(DAY)
    placed = state.term("class", "Arendal")
    assert placed is not None
    assert (placed.value, placed.by, placed.provision) == (
        "basis",
        "generalforsamling",
        ProvisionRef(5, 2),
    )
    assert state.to_json()["terms"] == [
        {
            "kind": "class",
            "subject": "Arendal",
            "by": "generalforsamling",
            "value": "basis",
            "day": "2019-03-01",
        }
    ]


def test_a_member_that_states_no_class_is_of_the_first() -> None:
    association = _admitted("Borre")
    placed = association.at(DAY).term("class", "Borre")
    assert placed is not None and placed.value == "ordinaer"


def test_a_class_the_statute_does_not_list_is_refused() -> None:
    association = _founded()
    _record(association, "kommunalbestyrelse-decision", "Arendal", matter="admission")
    refusal = _refused(
        association,
        "admit",
        "generalforsamling",
        municipality="Arendal",
        member_class="guld",
        vote=_vote(3),
    )
    assert refusal.rule == "unknown-member-class"
    assert refusal.provision == ProvisionRef(5, 1)
    assert refusal.message == "'member_class' is one of ordinaer, basis, not 'guld'"


def test_a_class_against_the_statutes_placement_is_refused() -> None:
    source = replace(
        text(),
        '  provision: "§ 2, stk. 2"\n  admission:',
        '  provision: "§ 2, stk. 2"\n'
        "  members:\n"
        "    - {id: region, name: Region Midt, kind: region, class: basis,"
        ' provision: "§ 5, stk. 2"}\n'
        "  admission:",
    )
    association = fr.Association(load(source))
    _record(association, "apply", "region")
    _record(association, "hold-meeting", "generalforsamling")
    _record(association, "hold-founding-assembly", "generalforsamling", vote=_vote(1))
    refusal = _refused(
        association,
        "admit",
        "generalforsamling",
        municipality="region",
        member_class="ordinaer",
        vote=_vote(1),
    )
    assert (refusal.rule, refusal.provision) == ("member-class", ProvisionRef(5, 2))
    assert refusal.message == "the statute places region in the class basis, not ordinaer"
    _record(association, "admit", "generalforsamling", municipality="region", vote=_vote(1))
    placed = association.at(DAY).term("class", "region")
    assert placed is not None and placed.value == "basis"


@pytest.mark.parametrize("partner", ["kl", "erst", "Erhvervsstyrelsen"])
def test_a_partner_is_never_admitted(partner: str) -> None:
    association = fr.Association(fr.load(FIXTURE))
    refusal = _refused(association, "apply", partner)
    assert refusal.rule == "partner-not-member"
    assert refusal.provision == ProvisionRef(5, 3)
    assert "is a partner the statute names, not a member" in refusal.message
    _record(association, "apply", "Arendal")  # beside it, a municipality applies


def test_a_partner_is_not_admitted_by_the_assembly_either() -> None:
    association = _founded()
    refusal = _refused(
        association, "admit", "generalforsamling", municipality="leverandoer", vote=_vote(3)
    )
    assert (refusal.rule, refusal.provision) == ("partner-not-member", ProvisionRef(5, 4))
    assert "leverandoer" not in association.at(DAY).members


def test_the_fee_follows_the_class_and_names_its_payer() -> None:
    statute = fr.load(FIXTURE)
    state = _admitted("Arendal", member_class="basis").at(DAY)
    fee = fee_for(statute, "Arendal", 2019, state=state)
    assert (fee.amount, fee.basis, fee.member_class, fee.paid_by) == (
        500000,
        "class",
        "basis",
        "kl",
    )
    assert fee.provisions == (ProvisionRef(5, 5), ProvisionRef(5, 2))
    ordinary = fee_for(statute, "Borre", 2019)
    assert (ordinary.amount, ordinary.member_class, ordinary.paid_by) == (1000000, "ordinaer", None)
    stated = fee_for(statute, "Borre", 2019, member_class="basis")
    assert stated.amount == 500000


def test_a_partner_pays_its_partner_fee_and_no_other() -> None:
    statute = fr.load(FIXTURE)
    fee = fee_for(statute, "leverandoer", 2019)
    assert (fee.rule, fee.amount, fee.basis, fee.kind) == (
        "partnergebyr",
        2500000,
        "partner",
        MemberKind.COMPANY,
    )
    assert fee.provisions == (ProvisionRef(5, 4),)
    assert partner_fee(statute, "leverandoer", 2019) == fee
    with pytest.raises(EconomyError, match="erst pays no single partner fee"):
        fee_for(statute, "erst", 2019)
    with pytest.raises(EconomyError, match="names no partner Arendal"):
        partner_fee(statute, "Arendal", 2019)
    with pytest.raises(EconomyError, match="no membership class guld"):
        fee_for(statute, "Borre", 2019, member_class="guld")


def test_a_class_duty_is_listed_as_its_classs() -> None:
    [duty] = [f for f in fr.check(fr.load(FIXTURE)) if f.code == "I502"]
    assert duty.message == (
        "obligation fem-datasaet: a duty of members of the class basis the protocol cannot check"
    )


@pytest.mark.parametrize(
    ("old", "new", "target", "message"),
    [
        ("paid_by: kl,", "paid_by: kommunernes,", "kommunernes", "unknown payer 'kommunernes'"),
        (
            "duties: [fem-datasaet]",
            "duties: [ti-datasaet]",
            "ti-datasaet",
            "unknown obligation 'ti-datasaet'",
        ),
        (
            "{class: basis, amount: 5000}",
            "{class: basic, amount: 5000}",
            "basic",
            "unknown membership class 'basic'; did you mean 'basis'?",
        ),
        (
            "payers: [leverandoer]",
            "payers: [leverandor]",
            "leverandor",
            "unknown partner 'leverandor'; did you mean 'leverandoer'?",
        ),
    ],
)
def test_a_name_the_statute_does_not_list_is_e325(
    tmp_path: Path, old: str, new: str, target: str, message: str
) -> None:
    source = replace(text(), old, new)
    problem = one_problem(write(tmp_path, source), "E325")
    assert problem.message.startswith(message)
    assert (problem.line, problem.column) == pos(source, new, target)


def test_a_partner_named_as_a_member_is_e326(tmp_path: Path) -> None:
    source = replace(text(), "{id: erst, name: Erhvervsstyrelsen,", "{id: erst, name: Borre,")
    problem = one_problem(write(tmp_path, source), "E326")
    assert (
        problem.message
        == "the partner 'Borre' is also named as a member; a partner is never a member"
    )
    assert (problem.line, problem.column) == pos(source, "{id: erst, name: Borre", "Borre")
    assert problem.provision == "§ 5, stk. 3"


def test_two_classes_with_one_id_are_e308(tmp_path: Path) -> None:
    source = replace(
        text(), "{id: basis, name: Basismedlemskab,", "{id: ordinaer, name: Basismedlemskab,"
    )
    source = replace(source, "{class: basis, amount: 5000}", "{class: ordinaer, amount: 5000}")
    problem = one_problem(write(tmp_path, source), "E308")
    assert problem.message.startswith("two membership classes have the id 'ordinaer'")
    assert (problem.line, problem.column) == pos(source, "{id: ordinaer, name: Basis", "ordinaer")


@pytest.mark.parametrize(
    ("old", "new", "code", "says"),
    [
        ("amount: 25000, payers", "payers", "E203", "missing key 'amount'"),
        (
            "kind: partner_fee",
            "kind: membership_fee",
            "E204",
            "'membership_fee' is not one of 'partner_fee'",
        ),
    ],
)
def test_a_partner_fee_without_its_amount_or_on_a_membership_fee_is_refused(
    tmp_path: Path, old: str, new: str, code: str, says: str
) -> None:
    source = replace(text(), old, new)
    problem = one_problem(write(tmp_path, source), code)
    assert says in problem.message
    assert problem.provision == "§ 5, stk. 4"


def test_a_class_without_an_amount_is_e666_and_its_payer_w441() -> None:
    source = replace(text(), "      - {class: basis, amount: 5000}\n", "")
    [error] = findings(source, "E666")
    assert error.message == (
        "kontingent fixes amounts only per membership class, but none for the class basis: "
        "its members have no fee"
    )
    assert (error.line, error.column) == pos(source, "  - id: kontingent", "id")
    assert error.provision == "§ 5, stk. 5"
    [warning] = findings(source, "W441")
    assert warning.message.startswith("the class basis is paid by kl, but no membership fee")
    assert (warning.line, warning.column) == pos(source, "{id: basis, name: Basis")
    assert warning.provision == "§ 5, stk. 2"
