"""Interim bodies, bodies the statute designates, and decisions made together
with another body (agreement): read from the file, linted, and enforced."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import minimal_text, one_problem, pos, write

import foreningsregler as fr
from foreningsregler.economy.events import Clerk
from foreningsregler.economy.stories import found
from foreningsregler.statute.model import FillMethod, ProvisionRef, RequirementKind

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
D = dt.date

INTERIM = """
  - id: interim
    name: Interimbestyrelsen
    kind: board
    seats: 3
    interim: true
    filled_by: {method: designation, provision: "§ 3, stk. 2"}
    provision: "§ 3, stk. 2"
"""


def _with_interim(text: str) -> str:
    return text.replace("\nbodies:\n", "\nbodies:" + INTERIM, 1)


def test_an_interim_body_designated_by_the_statute_loads(tmp_path: Path) -> None:
    statute = fr.load(write(tmp_path, _with_interim(minimal_text())))
    body = statute.body("interim")
    assert body.interim is True
    assert body.filled_by.method is FillMethod.DESIGNATION
    assert body.filled_by.by is None
    assert body.filled_by.provision == ProvisionRef(3, 2)


def test_a_designated_body_traces_back_to_the_members(tmp_path: Path) -> None:
    statute = fr.load(write(tmp_path, _with_interim(minimal_text())))
    assert [f for f in fr.check(statute) if f.code == "E601"] == []


def test_interim_must_be_a_boolean_e202(tmp_path: Path) -> None:
    text = _with_interim(minimal_text()).replace("interim: true", 'interim: "ja"')
    problem = one_problem(write(tmp_path, text), "E202")
    assert (problem.line, problem.column) == pos(text, 'interim: "ja"', '"ja"')
    assert problem.provision == "§ 3, stk. 2"


def test_an_unknown_fill_method_is_e204_and_lists_designation(tmp_path: Path) -> None:
    text = _with_interim(minimal_text()).replace("method: designation", "method: udpegning")
    problem = one_problem(write(tmp_path, text), "E204")
    assert (problem.line, problem.column) == pos(text, "method: udpegning", "udpegning")
    assert "designation" in problem.message


def test_agreement_is_a_kind_of_requirement() -> None:
    statute = fr.load(BUNDLED)
    [requirement] = statute.power("beslut-sekretariatsopgaven").requires
    assert requirement.kind is RequirementKind.AGREEMENT
    assert requirement.from_body == "direktion"
    assert requirement.provision == ProvisionRef(6, 8)


def test_an_unknown_requirement_kind_is_e204(tmp_path: Path) -> None:
    text = BUNDLED.read_text(encoding="utf-8").replace(
        "{kind: agreement, from: direktion", "{kind: samtykke, from: direktion"
    )
    problem = one_problem(write(tmp_path, text), "E204")
    assert (problem.line, problem.column) == pos(text, "{kind: samtykke", "samtykke")
    assert problem.provision == "§ 6, stk. 8"


def _refusal(
    association: fr.Association, kind: str, day: dt.date, actor: str, **data: object
) -> fr.RuleViolation:
    with pytest.raises(fr.RuleViolation) as caught:
        association.record(fr.Event(kind, day, actor, data))
    return caught.value


def test_the_interim_board_acts_before_the_founding_and_not_after() -> None:
    statute = fr.load(BUNDLED)
    association = fr.Association(statute)
    association.record(
        fr.Event("exercise", D(2015, 3, 1), "interim-bestyrelse", {"power": "led-etableringen"})
    )
    refused = _refusal(
        association,
        "exercise",
        D(2015, 3, 1),
        "bestyrelse",
        power="udarbejd-strategiplan",
        vote={"present": 3, "yes": 3, "no": 0},
    )
    assert (refused.rule, str(refused.provision)) == ("not-founded", "§ 20, stk. 2")
    assert statute.membership is not None
    found(Clerk(association), statute.membership.municipalities, D(2015, 10, 1))
    refused = _refusal(
        association, "exercise", D(2015, 10, 2), "interim-bestyrelse", power="led-etableringen"
    )
    assert (refused.rule, str(refused.provision)) == ("interim-ended", "§ 20, stk. 4")
    assert "served until the founding" in refused.message


def test_no_event_fills_a_designated_seat() -> None:
    association = fr.Association(fr.load(BUNDLED))
    refused = _refusal(
        association,
        "elect",
        D(2015, 7, 2),
        "generalforsamling",
        body="interim-ledelse",
        person="Digitaliseringschef Køge",
        municipality="Køge",
    )
    assert (refused.rule, str(refused.provision)) == ("designated", "§ 20, stk. 5")
