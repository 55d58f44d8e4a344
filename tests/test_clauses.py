"""The standard clauses as data: loaded, cited, refused when malformed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import minimal_text, one_problem, pos, write

import foreningsregler as fr
from foreningsregler.statute.model import (
    Accounts,
    AssetsTo,
    Auditor,
    DisputeForum,
    Disputes,
    DissolutionClause,
    Domicile,
    Liability,
    LiabilityShare,
    ProvisionRef,
)

CLAUSES = """clauses:
  domicile: {municipality: Sorø, provision: "§ 1"}
  accounts: {auditor: municipal, approved_by: generalforsamling, provision: "§ 5"}
  liability: {members: by_population, provision: "§ 5"}
  disputes: {forum: supervisory_authority, provision: "§ 2, stk. 2"}
  dissolution:
    assets: members_by_population
    contracts_to_members: true
    notify_authority: true
    provision: "§ 5"
"""


def test_every_clause_loads_as_typed_data(tmp_path: Path) -> None:
    statute = fr.load(write(tmp_path, minimal_text() + CLAUSES))
    clauses = statute.clauses
    assert clauses.domicile == Domicile(municipality="Sorø", provision=ProvisionRef(1))
    assert clauses.accounts == Accounts(
        auditor=Auditor.MUNICIPAL, approved_by="generalforsamling", provision=ProvisionRef(5)
    )
    assert clauses.liability == Liability(
        members=LiabilityShare.BY_POPULATION, provision=ProvisionRef(5)
    )
    assert clauses.disputes == Disputes(
        forum=DisputeForum.SUPERVISORY_AUTHORITY, provision=ProvisionRef(2, 2)
    )
    assert clauses.dissolution == DissolutionClause(
        assets=AssetsTo.MEMBERS_BY_POPULATION,
        contracts_to_members=True,
        notify_authority=True,
        provision=ProvisionRef(5),
    )
    assert [name for name, _ in clauses.items()] == [
        "domicile",
        "accounts",
        "liability",
        "disputes",
        "dissolution",
    ]


def test_a_statute_without_clauses_has_none() -> None:
    assert fr.loads(minimal_text()).clauses.items() == ()


def test_an_uncited_clause_is_w402(tmp_path: Path) -> None:
    text = minimal_text() + "clauses:\n  disputes: {forum: courts}\n"
    findings = [f for f in fr.check(fr.load(write(tmp_path, text))) if f.code == "W402"]
    assert [f.message for f in findings] == [
        "clause disputes cites no provision and is not marked as an assumption"
    ]
    assert (findings[0].line, findings[0].column) == pos(text, "{forum: courts}")


def test_an_assumed_clause_is_listed(tmp_path: Path) -> None:
    text = minimal_text() + (
        "clauses:\n  liability: {members: none, assumption: true, reason: Almindelig praksis.}\n"
    )
    [finding] = [f for f in fr.check(fr.load(write(tmp_path, text))) if "liability" in f.message]
    assert finding.code == "I501"


@pytest.mark.parametrize(
    ("clause", "target"),
    [
        ('  disputes: {forum: the_minister, provision: "§ 1"}\n', "the_minister"),
        ('  accounts: {auditor: cousin, provision: "§ 1"}\n', "cousin"),
        ('  liability: {members: some, provision: "§ 1"}\n', "some"),
        ('  dissolution: {assets: charity, provision: "§ 1"}\n', "charity"),
    ],
)
def test_a_value_outside_the_clause_is_e204(tmp_path: Path, clause: str, target: str) -> None:
    text = minimal_text() + "clauses:\n" + clause
    problem = one_problem(write(tmp_path, text), "E204")
    assert (problem.line, problem.column) == pos(text, clause.strip(), target)
    assert problem.provision == "§ 1"


def test_accounts_approved_by_an_unknown_body_is_e301(tmp_path: Path) -> None:
    clause = '  accounts: {auditor: registered, approved_by: revisionen, provision: "§ 1"}\n'
    text = minimal_text() + "clauses:\n" + clause
    problem = one_problem(write(tmp_path, text), "E301")
    assert (problem.line, problem.column) == pos(text, clause.strip(), "revisionen")
    assert problem.provision == "§ 1"


def test_a_domicile_needs_its_municipality(tmp_path: Path) -> None:
    text = minimal_text() + 'clauses:\n  domicile: {provision: "§ 1"}\n'
    problem = one_problem(write(tmp_path, text), "E203")
    assert problem.provision == "§ 1"
    assert "municipality" in problem.message


def test_obligations_are_an_open_list(tmp_path: Path) -> None:
    text = minimal_text().replace(
        "membership:\n",
        "membership:\n  obligations:\n    - kind: shared_procurement\n"
        "      text: Medlemmet deltager i fælles indkøb.\n"
        '      provision: "§ 2, stk. 1"\n',
        1,
    )
    statute = fr.load(write(tmp_path, text))
    assert statute.membership is not None
    [obligation] = statute.membership.obligations
    assert obligation.kind == "shared_procurement"
    duties = [f for f in fr.check(statute) if f.code == "I502"]
    [duty] = [f for f in duties if f.message.startswith("obligation")]
    assert duty.message == (
        "obligation shared_procurement: a duty of every member the protocol cannot check"
    )
    assert duty.provision == "§ 2, stk. 1"
