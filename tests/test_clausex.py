"""Round 2 clauses (issue 10): liability split, ownership, licences, IP on
dissolution; delegations with an amount limit; and the other clausex features.
Good input loads as typed data; bad input gets its exact code, place and provision."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import minimal_text, one_problem, pos, write

import foreningsregler as fr
from foreningsregler.statute.model import (
    IpTo,
    IpTransfer,
    Liability,
    LiabilityShare,
    LicenceExceptions,
    LicensedWork,
    Owner,
    Ownership,
    ProvisionRef,
)

CLAUSES = """clauses:
  liability: {third_parties: joint, between_members: by_population, provision: "§ 5"}
  ownership: {solutions: association, contracts: association, provision: "§ 5"}
  licences:
    works:
      - {what: kode, licence: MPL-2.0}
      - {what: dokumentation, licence: CC-BY-SA-4.0}
    exceptions: {by: bestyrelse, conditions: Kun for enkelte leverancer.}
    provision: "§ 1, stk. 2"
  dissolution:
    assets: members_by_population
    ip: {to: named, recipient: KL, provision: "§ 5"}
    conditions: ["Rettighederne overdrages, før foreningen opløses."]
    provision: "§ 5"
"""


def findings(text: str, code: str, tmp_path: Path) -> list[fr.Finding]:
    return [f for f in fr.check(fr.load(write(tmp_path, text))) if f.code == code]


def test_the_clauses_load_as_typed_data(tmp_path: Path) -> None:
    clauses = fr.load(write(tmp_path, minimal_text() + CLAUSES)).clauses
    assert clauses.liability == Liability(
        third_parties=LiabilityShare.JOINT,
        between_members=LiabilityShare.BY_POPULATION,
        provision=ProvisionRef(5),
    )
    assert clauses.liability.towards_third_parties is LiabilityShare.JOINT
    assert clauses.liability.among_members is LiabilityShare.BY_POPULATION
    assert clauses.ownership == Ownership(
        solutions=Owner.ASSOCIATION, contracts=Owner.ASSOCIATION, provision=ProvisionRef(5)
    )
    assert clauses.licences is not None
    assert clauses.licences.works == (
        LicensedWork(what="kode", licence="MPL-2.0"),
        LicensedWork(what="dokumentation", licence="CC-BY-SA-4.0"),
    )
    assert clauses.licences.exceptions == LicenceExceptions(
        by="bestyrelse", conditions="Kun for enkelte leverancer."
    )
    assert clauses.dissolution is not None
    assert clauses.dissolution.ip == IpTransfer(
        to=IpTo.NAMED, recipient="KL", provision=ProvisionRef(5)
    )
    assert clauses.dissolution.conditions == ("Rettighederne overdrages, før foreningen opløses.",)
    assert [n for n, _ in clauses.items()][-2:] == ["ownership", "licences"]


def test_the_clauses_check_clean(tmp_path: Path) -> None:
    def codes(text: str) -> list[str]:
        found = fr.check(fr.load(write(tmp_path, text)))
        return sorted(f.code for f in found if f.code[0] in "EW" and f.code != "W401")

    assert codes(minimal_text() + CLAUSES) == codes(minimal_text())


def test_the_single_liability_value_stays_valid(tmp_path: Path) -> None:
    text = minimal_text() + 'clauses:\n  liability: {members: none, provision: "§ 5"}\n'
    liability = fr.load(write(tmp_path, text)).clauses.liability
    assert liability is not None
    assert liability.towards_third_parties is liability.among_members is LiabilityShare.NONE


def test_liability_both_ways_is_e675(tmp_path: Path) -> None:
    clause = '{members: none, third_parties: joint, provision: "§ 5"}'
    text = minimal_text() + f"clauses:\n  liability: {clause}\n"
    [finding] = findings(text, "E675", tmp_path)
    assert (finding.line, finding.column) == pos(text, clause)
    assert finding.provision == "§ 5"


def test_joint_liability_without_a_split_is_w451(tmp_path: Path) -> None:
    clause = '{third_parties: joint, provision: "§ 5"}'
    text = minimal_text() + f"clauses:\n  liability: {clause}\n"
    [finding] = findings(text, "W451", tmp_path)
    assert (finding.line, finding.column) == pos(text, clause)
    assert finding.provision == "§ 5"


@pytest.mark.parametrize(
    ("clause", "target"),
    [
        ('  liability: {between_members: joint, provision: "§ 1"}\n', "joint"),
        ('  liability: {provision: "§ 1"}\n', "{provision"),
        ('  ownership: {solutions: kommunerne, provision: "§ 1"}\n', "kommunerne"),
        ('  ownership: {provision: "§ 1"}\n', "{provision"),
        ('  licences: {works: [], provision: "§ 1"}\n', "[]"),
        ('  licences: {works: [{what: kode, licence: "MPL 2"}], provision: "§ 1"}\n', '"MPL 2"'),
        ('  dissolution: {assets: purpose, ip: {to: named}, provision: "§ 1"}\n', "{to: named}"),
        ('  dissolution: {assets: purpose, ip: {to: kl}, provision: "§ 1"}\n', "kl}"),
    ],
)
def test_malformed_clauses_are_schema_errors(tmp_path: Path, clause: str, target: str) -> None:
    text = minimal_text() + "clauses:\n" + clause
    problem = one_problem(write(tmp_path, text))
    assert problem.code.startswith("E2")
    assert (problem.line, problem.column) == pos(text, clause.strip(), target)
    assert problem.provision == "§ 1"


def test_contracts_owned_and_outside_accounts_is_e676(tmp_path: Path) -> None:
    clause = '{contracts: association, provision: "§ 5"}'
    rule = (
        "  - id: indkoeb\n    name: Indkøb\n    kind: outside_accounts\n"
        '    provision: "§ 4, stk. 3"\n'
    )
    text = minimal_text() + rule + f"clauses:\n  ownership: {clause}\n"
    [finding] = findings(text, "E676", tmp_path)
    assert (finding.line, finding.column) == pos(text, clause)
    assert finding.provision == "§ 5"
    assert "indkoeb" in finding.message and "§ 4, stk. 3" in finding.message


def test_the_same_work_licensed_twice_is_e677(tmp_path: Path) -> None:
    second = "{what: kode, licence: EUPL-1.2}"
    text = minimal_text() + (
        "clauses:\n  licences:\n    works:\n      - {what: kode, licence: MPL-2.0}\n"
        f'      - {second}\n    provision: "§ 1, stk. 2"\n'
    )
    [finding] = findings(text, "E677", tmp_path)
    assert (finding.line, finding.column) == pos(text, second)
    assert finding.provision == "§ 1, stk. 2"


def test_an_unknown_licence_is_w450(tmp_path: Path) -> None:
    work = '{what: kode, licence: MPL-2, provision: "§ 5"}'
    text = minimal_text() + f'clauses:\n  licences:\n    works: [{work}]\n    provision: "§ 1"\n'
    [finding] = findings(text, "W450", tmp_path)
    assert (finding.line, finding.column) == pos(text, work)
    assert finding.provision == "§ 5"


def test_licence_exceptions_by_an_unknown_body_is_e301(tmp_path: Path) -> None:
    text = minimal_text() + (
        "clauses:\n  licences:\n    works: [{what: kode, licence: MPL-2.0}]\n"
        '    exceptions: {by: sekretariatet}\n    provision: "§ 1"\n'
    )
    problem = one_problem(write(tmp_path, text), "E301")
    assert (problem.line, problem.column) == pos(text, "{by: sekretariatet}", "sekretariatet")


def test_ip_the_members_own_is_e678(tmp_path: Path) -> None:
    ip = "{to: purpose}"
    text = minimal_text() + (
        'clauses:\n  ownership: {solutions: members, provision: "§ 1"}\n'
        f'  dissolution: {{assets: purpose, ip: {ip}, provision: "§ 5"}}\n'
    )
    [finding] = findings(text, "E678", tmp_path)
    assert (finding.line, finding.column) == pos(text, ip)
    assert finding.provision == "§ 5"
