"""Membership and money beyond kinds and bands (issue 10, round 2): admission on
a council's own decision, withdrawal effective on a body's registration, and
the rest of the memberx features, each with good and bad input."""

from __future__ import annotations

import datetime as dt
import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import one_problem, pos, replace, write

import foreningsregler as fr
from foreningsregler.economy import (
    EconomyError,
    fee_for,
    instalments,
    partner_fee,
    region_sjaelland_2023,
    split_by_rule,
    split_instalments,
)
from foreningsregler.protocol.state import Term
from foreningsregler.statute.model import COUNCIL_DECISION, MemberKind, MoneyKind, ProvisionRef
from foreningsregler.testing.statute_tests import load_suite, run_suite

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


@pytest.mark.parametrize(
    "code",
    ["E325", "E326", "E665", "E666", "E667", "E668", "E669", "W440", "W441", "W442", "W443"],
)
def test_the_docs_show_the_real_output_of_each_code(code: str) -> None:
    doc = (DOCS / "errors.md").read_text("utf-8")
    section = doc[doc.index(f"## {code} ") :]
    section = section[: section.index("\n## ", 5)]
    [statute] = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    [console] = re.findall(r"```console\n(.*?)```", section, re.DOTALL)
    try:
        found = [f for f in fr.check(fr.loads(statute, name="statut.yaml")) if f.code == code]
        lines = [f"    statut.yaml:{f.line}:{f.column}: {f.code} {f.message}" for f in found]
        lines += [f"  {f.provision}" for f in found]
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


# --- Fees set each year by decision, pro rata, indexed, paid by the quarter ------------

FEES = ROOT / "tests" / "fixtures" / "memberx-fees.yaml"
MARCH, AUGUST = dt.date(2025, 3, 1), dt.date(2025, 8, 1)
TWO = {"present": 2, "yes": 2, "no": 0}
KOMMUNE = MemberKind.KOMMUNE


def fees_text() -> str:
    return FEES.read_text("utf-8")


def _on(association: fr.Association, day: dt.date, kind: str, actor: str, **data: Any) -> None:
    association.record(fr.Event(kind, day, actor, data))


def _not_on(
    association: fr.Association, day: dt.date, kind: str, actor: str, **data: Any
) -> fr.RuleViolation:
    count = len(association.events)
    with pytest.raises(fr.RuleViolation) as caught:
        _on(association, day, kind, actor, **data)
    assert len(association.events) == count
    return caught.value


def _paying(source: str | None = None) -> fr.Association:
    """Aarhus and Odense admitted in March 2025, Vejle in August."""
    association = fr.Association(fr.loads(source, name="f.yaml") if source else fr.load(FEES))
    for town in ("Aarhus", "Odense"):
        _on(association, MARCH, "apply", town)
    _on(association, MARCH, "hold-meeting", "generalforsamling")
    for town in ("Aarhus", "Odense"):
        _on(association, MARCH, "admit", "generalforsamling", municipality=town, vote=TWO)
    _on(association, AUGUST, "apply", "Vejle")
    _on(association, AUGUST, "hold-meeting", "generalforsamling")
    _on(association, AUGUST, "admit", "generalforsamling", municipality="Vejle", vote=TWO)
    return association


def test_the_fee_terms_load() -> None:
    [rule] = fr.load(FEES).money_rules
    assert rule.set_yearly is not None and rule.pro_rata is not None
    assert rule.indexation is not None
    assert (rule.set_yearly.by, rule.set_yearly.effect.value) == (
        "generalforsamling",
        "next_financial_year",
    )
    assert (rule.pro_rata.month, rule.pro_rata.day, rule.pro_rata.fraction) == (
        7,
        2,
        Fraction(1, 2),
    )
    assert (rule.indexation.index, rule.indexation.base_year) == (
        "KL's pris- og lønfremskrivning",
        2024,
    )
    assert (rule.period, rule.due) == ("quarter", "in_advance")
    assert [f for f in fr.check(fr.load(FEES)) if f.severity is not fr.Severity.INFO] == []


def test_the_assembly_sets_next_years_fee_and_fee_for_uses_it() -> None:
    association = _paying()
    _on(association, AUGUST, "set-fee", "generalforsamling", year=2026, amount=22000, vote=TWO)
    state = association.at(dt.date(2025, 12, 1))
    decided = state.term("fee", "kontingent", 2026)
    assert decided is not None
    assert (decided.amount, decided.by, decided.provision) == (
        22000,
        "generalforsamling",
        ProvisionRef(3, 2),
    )
    fee = fee_for(fr.load(FEES), "Aarhus", 2026, state=state, kind=KOMMUNE)
    assert (fee.amount, fee.basis) == (2200000, "decided")
    assert fee.provisions == (ProvisionRef(3), ProvisionRef(3, 2))
    # 2025 was not decided: the statute's own amount.
    this_year = fee_for(fr.load(FEES), "Aarhus", 2025, state=state, kind=KOMMUNE)
    assert (this_year.amount, this_year.basis) == (2000000, "kind")


def test_a_fee_for_the_running_year_is_refused_where_it_applies_from_the_next() -> None:
    association = _paying()
    refusal = _not_on(
        association, AUGUST, "set-fee", "generalforsamling", year=2025, amount=22000, vote=TWO
    )
    assert refusal.rule == "fee-effect"
    assert refusal.provision == ProvisionRef(3, 2)
    assert refusal.message == (
        "a fee decided on 2025-08-01 applies from the next financial year; the year 2025 "
        "began on 2025-01-01"
    )


def test_the_same_years_fee_may_be_set_where_the_statute_says_so_but_not_a_past_one() -> None:
    source = replace(fees_text(), "effect: next_financial_year", "effect: same_financial_year")
    association = _paying(source)
    _on(association, AUGUST, "set-fee", "generalforsamling", year=2025, amount=21000, vote=TWO)
    refusal = _not_on(
        association, AUGUST, "set-fee", "generalforsamling", year=2024, amount=21000, vote=TWO
    )
    assert (refusal.rule, refusal.provision) == ("fee-effect", ProvisionRef(3, 2))
    assert refusal.message == "the financial year 2024 ended on 2024-12-31; 2025-08-01 is too late"


@pytest.mark.parametrize(
    ("actor", "data", "rule", "says"),
    [
        (
            "Aarhus",
            {"year": 2026, "amount": 1},
            "actor",
            "decided by generalforsamling, not Aarhus",
        ),
        (
            "generalforsamling",
            {"year": 2026, "amount": -5},
            "bad-data",
            "'amount' is a whole number",
        ),
        (
            "generalforsamling",
            {"year": "2026", "amount": 5},
            "bad-data",
            "'year' is a whole number",
        ),
        (
            "generalforsamling",
            {"year": 2026, "amount": 5, "class": "basis"},
            "unknown-member-class",
            "'class' is one of",
        ),
    ],
)
def test_a_bad_fee_decision_is_refused(
    actor: str, data: dict[str, Any], rule: str, says: str
) -> None:
    association = _paying()
    refusal = _not_on(association, AUGUST, "set-fee", actor, vote=TWO, **data)
    assert refusal.rule == rule
    assert refusal.provision == ProvisionRef(3, 2)
    assert says in refusal.message


def test_a_fee_decision_that_fails_its_vote_or_without_a_meeting_is_refused() -> None:
    association = _paying()
    day = dt.date(2025, 9, 1)
    no_meeting = _not_on(
        association, day, "set-fee", "generalforsamling", year=2026, amount=1, vote=TWO
    )
    assert no_meeting.rule == "no-meeting"
    _on(association, day, "hold-meeting", "generalforsamling")
    lost = {"present": 3, "yes": 1, "no": 2}
    failed = _not_on(
        association, day, "set-fee", "generalforsamling", year=2026, amount=1, vote=lost
    )
    assert failed.rule == "vote-failed"


def test_a_statute_without_a_yearly_fee_refuses_set_fee() -> None:
    association = _founded()
    refusal = _refused(
        association, "set-fee", "generalforsamling", year=2020, amount=1, vote=_vote(3)
    )
    assert (refusal.rule, refusal.provision) == ("no-yearly-fee", None)


def test_a_member_admitted_after_1_july_pays_half() -> None:
    state = _paying().at(dt.date(2025, 12, 1))
    late = fee_for(fr.load(FEES), "Vejle", 2025, state=state, kind=KOMMUNE)
    assert (late.amount, late.share) == (1000000, Fraction(1, 2))
    assert late.provisions[-1] == ProvisionRef(3, 3)
    assert fee_for(fr.load(FEES), "Vejle", 2026, state=state, kind=KOMMUNE).amount == 2000000
    early = fee_for(fr.load(FEES), "Aarhus", 2025, state=state, kind=KOMMUNE)
    assert (early.amount, early.share) == (2000000, None)
    # Admitted on 1 July: before the day the statute's "after 1 July" begins.
    on_day = fee_for(fr.load(FEES), "X", 2025, kind=KOMMUNE, admitted=dt.date(2025, 7, 1))
    assert on_day.share is None
    after = fee_for(fr.load(FEES), "X", 2025, kind=KOMMUNE, admitted=dt.date(2025, 7, 2))
    assert after.amount == 1000000


def test_an_index_value_moves_the_statutes_amount_and_is_cited() -> None:
    fee = fee_for(fr.load(FEES), "Aarhus", 2025, kind=KOMMUNE, index=Fraction(1043, 1000))
    assert (fee.amount, fee.index) == (2086000, Fraction(1043, 1000))
    assert fee.provisions == (ProvisionRef(3), ProvisionRef(3, 1), ProvisionRef(3, 4))
    odd = fee_for(fr.load(FEES), "Aarhus", 2025, kind=KOMMUNE, index=Fraction(1, 3))
    assert odd.amount == 666667  # rounded half up to the øre
    source = re.sub(r"    indexation: .*\n", "", fees_text())
    with pytest.raises(EconomyError, match="names no indexation"):
        fee_for(load(source), "Aarhus", 2025, kind=KOMMUNE, index=Fraction(1043, 1000))


def test_a_fee_only_decided_yearly_needs_its_decision() -> None:
    source = re.sub(r"    per_kind:\n      - .*\n", "", fees_text())
    source = re.sub(r"    indexation: .*\n", "", source)
    with pytest.raises(EconomyError, match=r"no amount of kontingent is decided for 2026"):
        fee_for(load(source), "Aarhus", 2026, kind=KOMMUNE)


def test_a_quarterly_fee_is_paid_in_four_instalments_in_advance() -> None:
    statute = fr.load(FEES)
    fee = fee_for(statute, "Aarhus", 2025, kind=KOMMUNE, index=Fraction(1, 3))
    paid = instalments(statute, fee)
    assert [(p.due, p.amount) for p in paid] == [
        (dt.date(2025, 1, 1), 166667),
        (dt.date(2025, 4, 1), 166667),
        (dt.date(2025, 7, 1), 166667),
        (dt.date(2025, 10, 1), 166666),
    ]
    assert sum(p.amount for p in paid) == fee.amount
    assert (paid[0].start, paid[0].end) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))


def test_a_monthly_fee_in_arrears_falls_due_at_each_months_end() -> None:
    source = replace(
        fees_text(), "period: quarter\n    due: in_advance", "period: month\n    due: in_arrears"
    )
    statute = load(source)
    paid = instalments(statute, fee_for(statute, "Aarhus", 2025, kind=KOMMUNE))
    assert len(paid) == 12 and {p.amount for p in paid} == {166666, 166667}
    assert sum(p.amount for p in paid) == 2000000
    assert (paid[1].due, paid[-1].due) == (dt.date(2025, 2, 28), dt.date(2025, 12, 31))


def test_a_phase_payment_is_not_split_into_a_years_instalments() -> None:
    statute = fr.load(ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml")
    fee = fr.economy.Fee("fasebetaling", "Greve", KOMMUNE, 2025, 100, "kind")
    with pytest.raises(EconomyError, match="fasebetaling is paid per phase"):
        instalments(statute, fee)


@pytest.mark.parametrize(
    ("old", "new", "code", "target"),
    [
        ("effect: next_financial_year", "effect: next_year", "E204", "next_year"),
        ('fraction: "1/2"', 'fraction: "halvt"', "E204", '"halvt"'),
        ("period: quarter", "period: week", "E204", "week"),
        (
            "set_yearly: {by: generalforsamling,",
            "set_yearly: {by: bestyrelse,",
            "E301",
            "bestyrelse",
        ),
    ],
)
def test_bad_fee_terms_are_refused_at_the_value(
    tmp_path: Path, old: str, new: str, code: str, target: str
) -> None:
    source = replace(fees_text(), old, new)
    problem = one_problem(write(tmp_path, source), code)
    assert (problem.line, problem.column) == pos(source, new, target)


def test_an_index_on_a_phase_payment_is_e204(tmp_path: Path) -> None:
    source = replace(fees_text(), "kind: membership_fee", "kind: phase_payment")
    source = re.sub(
        r"    per_kind:\n      - .*\n", "    split: {by: equal, among: members}\n", source
    )
    found = {p.code for p in _problems(write(tmp_path, source))}
    assert found == {"E204"}


def _problems(path: Path) -> list[fr.Finding]:
    with pytest.raises(fr.StatuteError) as caught:
        fr.load(path)
    return list(caught.value.problems)


def test_a_share_above_the_whole_is_e667_and_an_impossible_day_e668() -> None:
    source = replace(
        fees_text(),
        'from: {month: 7, day: 2}, fraction: "1/2"',
        'from: {month: 6, day: 31}, fraction: "3/2"',
    )
    [above] = findings(source, "E667")
    assert (
        above.message
        == "kontingent: a member admitted late pays 3/2 of the fee, more than the whole"
    )
    assert (above.line, above.column) == pos(source, "pro_rata: {", "{")
    assert above.provision == "§ 3, stk. 3"
    [day] = findings(source, "E668")
    assert day.message == "kontingent: the pro-rata day 31/6 does not exist"
    assert (day.line, day.provision) == (above.line, "§ 3, stk. 3")


def test_an_index_on_a_fee_only_decided_is_w442() -> None:
    source = re.sub(r"    per_kind:\n      - .*\n", "", fees_text())
    [finding] = findings(source, "W442")
    assert finding.message.startswith(
        "kontingent is indexed to KL's pris- og lønfremskrivning, but"
    )
    assert (finding.line, finding.column) == pos(source, "indexation: {", "{")
    assert finding.provision == "§ 3, stk. 4"


# --- Core and optional phases, and extending the core -----------------------------------


def _in_phases() -> fr.Association:
    """Three members; the core phase kerne-1 and the optional valg-1 adopted."""
    association = _members()
    for phase, core in (("kerne-1", True), ("valg-1", False)):
        _record(
            association,
            "adopt-phase",
            "generalforsamling",
            phase=phase,
            start="2019-06-01",
            end="2019-12-31",
            core=core,
            vote=_vote(3),
        )
    return association


def test_the_core_and_declining_load() -> None:
    membership = fr.load(FIXTURE).membership
    assert membership is not None and membership.core is not None
    assert membership.declining_phase is not None and membership.declining_phase.core_only
    assert (membership.core.extended_by, membership.core.provision) == (
        "generalforsamling",
        ProvisionRef(3, 5),
    )


def test_a_phase_adopted_as_core_is_recorded() -> None:
    state = _in_phases().at(DAY)
    core = state.term("core", "kerne-1")
    assert core is not None and (core.value, core.provision) == ("phase", ProvisionRef(3, 5))
    assert state.term("core", "valg-1") is None


def test_declining_a_core_phase_is_withdrawal_and_an_optional_one_is_not() -> None:
    association = _in_phases()
    _record(association, "decline-phase", "Borre", phase="valg-1")
    _record(association, "decline-phase", "Dalby", phase="kerne-1")
    assert association.at(DAY).members == {"Arendal", "Borre"}
    assert association.at(dt.date(2020, 1, 2)).members == {"Arendal", "Borre"}


def test_declining_any_phase_is_withdrawal_where_the_statute_says_all() -> None:
    source = replace(text(), "applies_to: core, ", "")
    association = _founded(source)
    for town in TOWNS:
        _record(association, "kommunalbestyrelse-decision", town, matter="admission")
        _record(association, "admit", "generalforsamling", municipality=town, vote=_vote(3))
    _record(
        association,
        "adopt-phase",
        "generalforsamling",
        phase="valg-1",
        start="2019-06-01",
        end="2019-12-31",
        vote=_vote(3),
    )
    _record(association, "decline-phase", "Borre", phase="valg-1")
    assert association.at(DAY).members == {"Arendal", "Dalby"}
    [finding] = findings(source, "W443")
    assert (finding.line, finding.column) == pos(source, "core: {extended_by", "{")
    assert finding.provision == "§ 3, stk. 5"


def test_the_assembly_extends_the_core_and_declining_it_then_is_withdrawal() -> None:
    association = _in_phases()
    _record(association, "extend-core", "generalforsamling", phase="valg-1", vote=_vote(3))
    added = association.at(DAY).term("core", "valg-1")
    assert added is not None and (added.by, added.value) == ("generalforsamling", "phase")
    assert {
        "kind": "core",
        "subject": "valg-1",
        "day": "2019-03-01",
        "by": "generalforsamling",
        "value": "phase",
    } in association.at(DAY).to_json()["terms"]
    _record(association, "decline-phase", "Borre", phase="valg-1")
    assert association.at(DAY).members == {"Arendal", "Dalby"}


@pytest.mark.parametrize(
    ("actor", "data", "rule"),
    [
        ("Arendal", {"phase": "valg-1"}, "actor"),
        ("generalforsamling", {"phase": "kerne-1"}, "already-core"),
        ("generalforsamling", {}, "missing-data"),
    ],
)
def test_a_bad_extension_of_the_core_is_refused(
    actor: str, data: dict[str, Any], rule: str
) -> None:
    association = _in_phases()
    refusal = _refused(association, "extend-core", actor, vote=_vote(3), **data)
    assert (refusal.rule, refusal.provision) == (rule, ProvisionRef(3, 5))


def test_an_extension_that_fails_its_vote_is_refused() -> None:
    association = _in_phases()
    lost = {"present": 3, "yes": 1, "no": 2}
    refusal = _refused(association, "extend-core", "generalforsamling", phase="valg-1", vote=lost)
    assert refusal.rule == "vote-failed"


def test_core_needs_a_yes_or_no_and_a_statute_with_a_core() -> None:
    association = _members()
    adopt = {"phase": "p", "start": "2019-06-01", "end": "2019-12-31", "vote": _vote(3)}
    refusal = _refused(association, "adopt-phase", "generalforsamling", core="ja", **adopt)
    assert (refusal.rule, refusal.message) == ("bad-data", "'core' is true or false, not 'ja'")
    source = replace(
        text(), '  core: {extended_by: generalforsamling, provision: "§ 3, stk. 5"}\n', ""
    )
    source = replace(source, "applies_to: core, ", "")
    bare = _founded(source)
    _record(bare, "kommunalbestyrelse-decision", "Arendal", matter="admission")
    _record(bare, "admit", "generalforsamling", municipality="Arendal", vote=_vote(3))
    one = {**adopt, "vote": _vote(1)}
    assert _refused(bare, "adopt-phase", "generalforsamling", core=True, **one).rule == "no-core"
    refusal = _refused(bare, "extend-core", "generalforsamling", vote=_vote(1))
    assert (refusal.rule, refusal.provision) == ("no-core", None)


def test_declining_core_without_a_core_is_e669() -> None:
    source = replace(
        text(), '  core: {extended_by: generalforsamling, provision: "§ 3, stk. 5"}\n', ""
    )
    [finding] = findings(source, "E669")
    assert finding.message.startswith("declining a phase leads to withdrawal only for core phases")
    assert (finding.line, finding.column) == pos(source, "declining_phase: {", "{")
    assert finding.provision == "§ 3, stk. 4"


@pytest.mark.parametrize(
    ("old", "new", "code", "target"),
    [
        ("applies_to: core", "applies_to: kerne", "E204", "kerne"),
        (
            "core: {extended_by: generalforsamling,",
            "core: {extended_by: bestyrelse,",
            "E301",
            "bestyrelse",
        ),
        (
            "core: {extended_by: generalforsamling,",
            "core: {areas: [it], extended_by: generalforsamling,",
            "E304",
            "it",
        ),
        (
            "core: {extended_by: generalforsamling,",
            "core: {power: udvid, extended_by: generalforsamling,",
            "E302",
            "udvid",
        ),
    ],
)
def test_a_bad_core_is_refused_at_the_value(
    tmp_path: Path, old: str, new: str, code: str, target: str
) -> None:
    source = replace(text(), old, new)
    problem = one_problem(write(tmp_path, source), code)
    assert (problem.line, problem.column) == pos(source, new, target)


# --- In a statute's test file -----------------------------------------------------------


def _step(kind: str, day: str, actor: str, **data: Any) -> dict[str, Any]:
    return {"record": {"kind": kind, "date": day, "actor": actor, "data": data}}


def _suite(steps: list[dict[str, Any]]) -> str:
    """A statute test file of one scenario (JSON is YAML)."""
    return json.dumps({"format": 1, "scenarios": [{"name": "memberx", "steps": steps}]})


def _run(tmp_path: Path, statute: str, steps: list[dict[str, Any]]) -> tuple[str, ...]:
    (tmp_path / "s.yaml").write_text(statute, encoding="utf-8")
    (tmp_path / "s.test.yaml").write_text(_suite(steps), encoding="utf-8")
    [result] = run_suite(load_suite(tmp_path / "s.test.yaml"))
    return result.failures


def test_a_statutes_test_file_checks_fees_decided(tmp_path: Path) -> None:
    one = {"present": 1, "yes": 1, "no": 0}
    day = "2025-03-01"
    steps = [
        _step("apply", day, "Aarhus"),
        _step("hold-meeting", day, "generalforsamling"),
        _step("admit", day, "generalforsamling", municipality="Aarhus", vote=one),
        {
            **_step("set-fee", day, "generalforsamling", year=2025, amount=1, vote=one),
            "refused": {"rule": "fee-effect", "provision": "§ 3, stk. 2"},
        },
        _step("set-fee", day, "generalforsamling", year=2026, amount=22000, vote=one),
        {
            "state": {
                "on": "2025-03-02",
                "fees": [{"rule": "kontingent", "year": 2026, "amount": 22000}],
            }
        },
    ]
    assert _run(tmp_path, fees_text(), steps) == ()
    steps[-1]["state"]["fees"][0]["amount"] = 23000
    assert _run(tmp_path, fees_text(), steps) == (
        "step 6: on 2025-03-02: fee kontingent for 2026 is 22000 decided, expected 23000",
    )


def test_a_statutes_test_file_checks_classes_and_the_core(tmp_path: Path) -> None:
    vote, day = _vote(3), "2019-03-01"
    steps = [_step("apply", day, town) for town in TOWNS]
    steps += [
        _step("hold-meeting", day, "generalforsamling"),
        _step("hold-founding-assembly", day, "generalforsamling", vote=vote),
    ]
    for town, klass in zip(TOWNS, ("basis", "ordinaer", "basis"), strict=True):
        steps += [
            _step("kommunalbestyrelse-decision", day, town, matter="admission"),
            _step(
                "admit", day, "generalforsamling", municipality=town, member_class=klass, vote=vote
            ),
        ]
    period = {"start": "2019-06-01", "end": "2019-12-31"}
    steps += [
        _step(
            "adopt-phase", day, "generalforsamling", phase="kerne-1", core=True, vote=vote, **period
        ),
        {
            "state": {
                "on": "2019-03-02",
                "classes": {"Arendal": "basis", "Borre": "ordinaer"},
                "core": ["kerne-1"],
            }
        },
    ]
    assert _run(tmp_path, text(), steps) == ()
    steps[-1]["state"]["classes"]["Borre"] = "basis"
    steps[-1]["state"]["core"] = ["valg-9"]
    assert _run(tmp_path, text(), steps) == (
        "step 13: on 2019-03-02: class of Borre is ordinaer, expected basis",
        "step 13: on 2019-03-02: valg-9 is not in the common core",
    )


def test_a_split_fee_is_paid_in_its_periods_instalments() -> None:
    bundled = (ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml").read_text("utf-8")
    quarterly = replace(
        bundled,
        "    set_by: fastsaet-kontingent\n    period: year",
        "    set_by: fastsaet-kontingent\n    period: quarter",
    )
    statute = fr.loads(quarterly, name="d.yaml")
    table = region_sjaelland_2023()
    towns = ["Sorø", "Greve"]
    split = split_by_rule(statute, MoneyKind.MEMBERSHIP_FEE, 100001, towns, table)
    paid = split_instalments(statute, split, 2024)
    assert set(paid) == set(towns)
    for town in towns:
        assert len(paid[town]) == 4
        assert sum(p.amount for p in paid[town]) == split.shares[town]
    yearly = split_instalments(
        fr.load(ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"), split, 2024
    )
    assert [len(v) for v in yearly.values()] == [1, 1]


def test_compare_shows_classes_partners_and_the_core() -> None:
    comparison = fr.compare([fr.load(FIXTURE)])
    [members] = [a for a in comparison.aspects if a.key == "members"]
    lines = dict(members.cells[0].items)
    assert lines["class basis, paid by kl"] == "§ 5, stk. 2"
    assert "partner (not a member): Erhvervsstyrelsen" in lines
    assert "a common core of phases, extended by generalforsamling" in lines


def test_a_partner_fee_set_each_year_takes_the_amount_decided() -> None:
    """os2.yaml: the supplier partners' fee has no amount in the statute; the
    general assembly decides it each year (set-fee), and that amount is the fee."""
    statute = fr.load(Path(__file__).resolve().parent.parent / "vedtaegter" / "os2.yaml")
    [rule] = [r for r in statute.money_rules if r.kind.value == "partner_fee"]
    assert rule.amount is None and rule.set_yearly is not None
    [payer] = rule.payers
    state = fr.Association(statute).at(dt.date(2020, 1, 1))
    with pytest.raises(EconomyError, match=f"no amount of {rule.id} is decided for 2020"):
        partner_fee(statute, payer, 2020, state=state)
    decided = Term(
        "fee", rule.id, dt.date(2019, 5, 1), "generalforsamling", year=2020, amount=10000
    )
    fee = partner_fee(statute, payer, 2020, state=attrs.evolve(state, terms=(decided,)))
    assert (fee.amount, fee.basis) == (10000 * 100, "decided")


def test_a_class_admits_only_within_its_period() -> None:
    """Open Data DK's basis membership ran 2018-2020 (open_from, open_until)."""
    basis = "paid_by: kl, duties: [fem-datasaet],"
    closed = replace(text(), basis, basis + " open_from: '2018-01-01', open_until: '2018-12-31',")
    association = _founded(closed)
    _record(association, "kommunalbestyrelse-decision", "Arendal", matter="admission")
    refusal = _refused(
        association,
        "admit",
        "generalforsamling",
        municipality="Arendal",
        member_class="basis",
        vote=_vote(3),
    )
    assert (refusal.rule, refusal.provision) == ("member-class-closed", ProvisionRef(5, 2))
    assert refusal.message == (
        "the class basis admits members only from 2018-01-01 until 2018-12-31, not on 2019-03-01"
    )
    open_now = replace(text(), basis, basis + " open_from: '2018-01-01', open_until: '2020-12-31',")
    association = _founded(open_now)
    _record(association, "kommunalbestyrelse-decision", "Arendal", matter="admission")
    _record(
        association,
        "admit",
        "generalforsamling",
        municipality="Arendal",
        member_class="basis",
        vote=_vote(3),
    )
    placed = association.at(DAY).term("class", "Arendal")
    assert placed is not None and placed.value == "basis"
