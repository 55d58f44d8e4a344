"""The signing rule (tegningsregel): who may bind the association."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import minimal_text, one_problem, pos, replace, write

import foreningsregler as fr
from foreningsregler.economy.events import Clerk
from foreningsregler.economy.stories import found
from foreningsregler.statute.model import ProvisionRef, Signers, Signing

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
D = dt.date
SIGNING = """signing:
  alternatives:
    - [{body: bestyrelse, chair: true}, {body: bestyrelse}]
    - [{body: bestyrelse, count: 2}]
  provision: "§ 6, stk. 1"
"""


def test_a_signing_rule_loads(tmp_path: Path) -> None:
    statute = fr.load(write(tmp_path, minimal_text() + SIGNING.replace("§ 6, stk. 1", "§ 3")))
    assert statute.signing == Signing(
        alternatives=(
            (Signers(body="bestyrelse", chair=True), Signers(body="bestyrelse")),
            (Signers(body="bestyrelse", count=2),),
        ),
        provision=ProvisionRef(3),
    )


def test_a_signer_from_an_unknown_body_is_e301(tmp_path: Path) -> None:
    text = minimal_text() + 'signing:\n  alternatives: [[{body: formanden}]]\n  provision: "§ 3"\n'
    problem = one_problem(write(tmp_path, text), "E301")
    assert (problem.line, problem.column) == pos(text, "{body: formanden}", "formanden")
    assert problem.provision == "§ 3"


def test_no_signers_at_all_is_e204(tmp_path: Path) -> None:
    text = (
        minimal_text()
        + 'signing:\n  alternatives: [[{body: bestyrelse, count: 0}]]\n  provision: "§ 3"\n'
    )
    problem = one_problem(write(tmp_path, text), "E204")
    assert (problem.line, problem.column) == pos(text, "count: 0", "0")
    assert problem.provision == "§ 3"


def test_a_chair_of_a_body_without_one_is_e612(tmp_path: Path) -> None:
    text = minimal_text() + (
        'signing:\n  alternatives: [[{body: generalforsamling, chair: true}]]\n  provision: "§ 3"\n'
    )
    [finding] = [f for f in fr.check(fr.load(write(tmp_path, text))) if f.code == "E612"]
    assert finding.message == (
        "signing alternative 1 needs the chair of generalforsamling, which has none"
    )
    assert finding.provision == "§ 3"


@pytest.fixture(scope="module")
def association() -> fr.Association:
    text = BUNDLED.read_text("utf-8")
    statute = fr.loads(replace(text, "voting_rules:\n", SIGNING + "voting_rules:\n"), name="v.yaml")
    association = fr.Association(statute)
    assert statute.membership is not None
    found(Clerk(association), statute.membership.municipalities, D(2015, 10, 1))
    return association


def _board(association: fr.Association, day: dt.date) -> tuple[str, list[str]]:
    state = association.at(day)
    members = [s.person for s in state.seats["bestyrelse"]]
    chair = association._replay.chairs["bestyrelse"]  # the chosen chair
    return chair, [m for m in members if m != chair]


def sign(association: fr.Association, day: dt.date, *signers: object) -> None:
    data = {"signers": list(signers), "document": "Rammeaftale"}
    association.check(fr.Event("sign", day, "bestyrelse", data))


def test_the_chair_with_a_member_binds(association: fr.Association) -> None:
    chair, others = _board(association, D(2016, 1, 4))
    sign(association, D(2016, 1, 4), chair, others[0])


def test_two_members_bind(association: fr.Association) -> None:
    _, others = _board(association, D(2016, 1, 4))
    sign(association, D(2016, 1, 4), *others[:2])


@pytest.mark.parametrize("who", ["one", "outsider", "the same twice"])
def test_others_do_not_bind(association: fr.Association, who: str) -> None:
    chair, others = _board(association, D(2016, 1, 4))
    signers = {
        "one": [others[0]],
        "outsider": [others[0], "Borgmester Sorø"],
        "the same twice": [chair, chair],
    }[who]
    with pytest.raises(fr.RuleViolation) as caught:
        sign(association, D(2016, 1, 4), *signers)
    assert (caught.value.rule, caught.value.provision) == ("signing", ProvisionRef(6, 1))
    assert "it is bound by (the chair of bestyrelse with 1 of bestyrelse) or" in (
        caught.value.message
    )


@pytest.mark.parametrize("signers", [[], [3], "Direktør"])
def test_signers_are_a_list_of_names(association: fr.Association, signers: object) -> None:
    with pytest.raises(fr.RuleViolation) as caught:
        association.check(fr.Event("sign", D(2016, 1, 4), "bestyrelse", {"signers": signers}))
    assert caught.value.rule == "bad-data"


def test_without_a_signing_rule_no_one_binds() -> None:
    association = fr.Association(fr.load(BUNDLED))
    with pytest.raises(fr.RuleViolation) as caught:
        association.check(fr.Event("sign", D(2016, 1, 4), "bestyrelse", {"signers": ["A"]}))
    assert (caught.value.rule, caught.value.provision) == ("no-signing-rule", None)
