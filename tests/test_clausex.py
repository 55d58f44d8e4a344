"""Round 2 clauses (issue 10): liability split, ownership, licences, IP on
dissolution; delegations with an amount limit; and the other clausex features.
Good input loads as typed data; bad input gets its exact code, place and provision."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import minimal_text, one_problem, pos, write

import foreningsregler as fr
from foreningsregler.economy.events import Clerk
from foreningsregler.economy.stories import found
from foreningsregler.statute.law import kommunestyrelsesloven
from foreningsregler.statute.model import (
    IpTo,
    IpTransfer,
    Liability,
    LiabilityShare,
    LicenceExceptions,
    LicensedWork,
    LifecycleKind,
    Owner,
    Ownership,
    ProvisionRef,
    Term,
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


# --- A delegation with an amount limit per act ------------------------------------


ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
DAY = dt.date(2016, 3, 1)
VOTE3 = {"present": 3, "yes": 3, "no": 0}
P72 = ProvisionRef(7, 2)
PURCHASES = """
  - id: indkoeb
    name: Foretage indkøb
    holder: bestyrelse
    provision: "§ 7, stk. 2"

delegations:
  - id: indkoeb-til-direktion
    power: indkoeb
    from: bestyrelse
    to: direktion
    max_amount_kr: 100000
    provision: "§ 7, stk. 2"
"""


def bundled_with(old: str, new: str) -> str:
    text = BUNDLED.read_text("utf-8")
    assert text.count(old) == 1
    return text.replace(old, new)


LIMITED = fr.loads(bundled_with("\ndelegations:\n", PURCHASES), name="v.yaml")


def founded(statute: fr.Statute) -> fr.Association:
    # Planning: some acts here lie beyond today (the law's data ends before them).
    association = fr.Association(statute, planning=True)
    assert statute.membership is not None
    found(Clerk(association), statute.membership.municipalities, dt.date(2015, 10, 1))
    return association


@pytest.fixture(scope="module")
def purchasing() -> fr.Association:
    association = founded(LIMITED)
    association.record(fr.Event("hold-meeting", DAY, "direktion", {}))
    association.record(fr.Event("hold-meeting", DAY, "bestyrelse", {}))
    return association


def purchase(body: str, **data: Any) -> fr.Event:
    return fr.Event("exercise", DAY, body, {"power": "indkoeb", "vote": VOTE3, **data})


def refusal(association: fr.Association, event: fr.Event) -> fr.RuleViolation:
    before = len(list(association.ledger.entries()))
    with pytest.raises(fr.RuleViolation) as caught:
        association.record(event)
    assert len(list(association.ledger.entries())) == before  # nothing written
    return caught.value


def test_the_limit_loads_and_is_shown_as_a_condition() -> None:
    [delegation] = [d for d in LIMITED.delegations if d.id == "indkoeb-til-direktion"]
    assert delegation.max_amount_kr == 100000
    answer = fr.Authority(LIMITED).check("direktion", "indkoeb")
    [limit] = [c for c in answer.conditions if c.max_amount_kr is not None]
    assert (limit.max_amount_kr, limit.body, limit.provision) == (100000, "direktion", P72)
    assert (
        str(limit)
        == "only for acts of at most 100000 kr. each by direktion (amount_kr) [§ 7, stk. 2]"
    )
    [shown] = [c for c in answer.to_json()["conditions"] if "max_amount_kr" in c]  # type: ignore[union-attr]
    assert shown["max_amount_kr"] == 100000 and shown["provision"] == "§ 7, stk. 2"
    holder = fr.Authority(LIMITED).check("bestyrelse", "indkoeb")
    assert all(c.max_amount_kr is None for c in holder.conditions)


def test_a_purchase_within_the_limit_is_recorded(purchasing: fr.Association) -> None:
    purchasing.record(purchase("direktion", amount_kr=100000))


def test_a_purchase_above_the_limit_is_refused_citing_the_delegation(
    purchasing: fr.Association,
) -> None:
    error = refusal(purchasing, purchase("direktion", amount_kr=100001))
    assert error.rule == "delegation-limit"
    assert error.provision == P72
    assert "100001 kr. exceeds the limit of 100000 kr." in str(error)
    assert "from bestyrelse to direktion" in str(error)


def test_a_purchase_without_its_amount_is_refused(purchasing: fr.Association) -> None:
    error = refusal(purchasing, purchase("direktion"))
    assert (error.rule, error.provision) == ("delegation-limit", P72)


def test_an_amount_that_is_not_whole_kroner_is_refused(purchasing: fr.Association) -> None:
    assert refusal(purchasing, purchase("direktion", amount_kr="mange")).rule == "bad-data"


def test_the_holder_itself_has_no_limit(purchasing: fr.Association) -> None:
    purchasing.record(purchase("bestyrelse", amount_kr=5000000))


def test_a_negative_limit_is_a_schema_error(tmp_path: Path) -> None:
    text = minimal_text().replace(
        "    subdelegation: false\n", "    subdelegation: false\n    max_amount_kr: -1\n"
    )
    problem = one_problem(write(tmp_path, text))
    assert problem.code.startswith("E2")
    assert (problem.line, problem.column) == pos(text, "max_amount_kr: -1", "-1")
    assert problem.provision == "§ 4, stk. 3"


# --- A power exercised together with another body's chair --------------------------

DRIFT = """
  - id: drift
    name: Varetage den daglige drift
    holder: direktion
    requires:
      - {kind: agreement, from: bestyrelse, chair: true, provision: "§ 7, stk. 2"}
    provision: "§ 7, stk. 2"

delegations:
"""
JOINT = fr.loads(bundled_with("\ndelegations:\n", DRIFT), name="v.yaml")


def operate(**data: Any) -> fr.Event:
    return fr.Event("exercise", DAY, "direktion", {"power": "drift", "vote": VOTE3, **data})


def agree(person: str | None) -> fr.Event:
    data = {"power": "drift"} | ({"person": person} if person is not None else {})
    return fr.Event("agree", DAY, "bestyrelse", data)


@pytest.fixture
def joint() -> fr.Association:
    association = founded(JOINT)
    association.record(fr.Event("hold-meeting", DAY, "direktion", {}))
    return association


def board_chair(association: fr.Association) -> str:
    chair = association._replay.chairs["bestyrelse"]
    assert chair is not None
    return chair


def test_the_chairs_agreement_loads_and_is_shown() -> None:
    [requirement] = JOINT.power("drift").requires
    assert requirement.chair and requirement.from_body == "bestyrelse"
    answer = fr.Authority(JOINT).check("direktion", "drift")
    assert answer.to_json()["requires"] == [
        {
            "kind": "agreement",
            "body": "bestyrelse",
            "power": None,
            "provision": "§ 7, stk. 2",
            "chair": True,
        }
    ]
    assert [f for f in fr.check(JOINT) if f.severity.value == "error"] == []


def test_the_act_waits_for_the_chairs_agreement(joint: fr.Association) -> None:
    error = refusal(joint, operate())
    assert (error.rule, error.provision) == ("requires-agreement", P72)
    joint.record(agree(board_chair(joint)))  # the chair's own act: no meeting, no vote
    joint.record(operate())


@pytest.mark.parametrize("person", ["Kommunaldirektør, Sorø", None])
def test_only_the_chair_in_person_agrees(joint: fr.Association, person: str | None) -> None:
    error = refusal(joint, agree(person))
    assert (error.rule, error.provision) == ("chair-agreement", P72)
    assert board_chair(joint) in str(error)
    assert refusal(joint, operate()).rule == "requires-agreement"  # no agreement recorded


def test_a_chair_agreement_of_a_chairless_body_is_e679(tmp_path: Path) -> None:
    requirement = '{kind: agreement, from: udvalg, chair: true, provision: "§ 4, stk. 3"}'
    text = minimal_text().replace(
        "    scope: [adopted_phases]\n",
        f"    scope: [adopted_phases]\n    requires:\n      - {requirement}\n",
    )
    [finding] = findings(text, "E679", tmp_path)
    assert (finding.line, finding.column) == pos(text, requirement)
    assert finding.provision == "§ 4, stk. 3"


@pytest.mark.parametrize(
    "requirement",
    [
        '{kind: recommendation, from: bestyrelse, chair: true, provision: "§ 1"}',
        '{kind: agreement, from: bestyrelse, chair: true, power: kontingent, provision: "§ 1"}',
    ],
)
def test_chair_only_with_an_agreement_and_no_power(tmp_path: Path, requirement: str) -> None:
    text = minimal_text().replace(
        "    scope: [adopted_phases]\n",
        f"    scope: [adopted_phases]\n    requires:\n      - {requirement}\n",
    )
    problem = one_problem(write(tmp_path, text))
    assert problem.code.startswith("E2")
    assert problem.line == pos(text, requirement)[0]
    assert problem.provision == "§ 1"


# --- A power of attorney (fuldmagt) extending the signing rule --------------------

P62 = ProvisionRef(6, 2)
SIGNING = """
signing:
  alternatives:
    - [{body: bestyrelse, chair: true}, {body: bestyrelse}]
  attorney: {granted_by: bestyrelse, max_amount_kr: 500000, provision: "§ 6, stk. 2"}
  provision: "§ 6, stk. 2"
"""
ATTORNEY = fr.loads(BUNDLED.read_text("utf-8") + SIGNING, name="v.yaml")
HEAD = "Sekretariatschef"


def grant(actor: str = "bestyrelse", **data: Any) -> fr.Event:
    facts = {"person": HEAD, "max_amount_kr": 100000, "end": "2016-12-31", "vote": VOTE3}
    given = {k: v for k, v in {**facts, **data}.items() if v is not None}  # None: left out
    return fr.Event("grant-attorney", DAY, actor, given)


def sign(day: dt.date = DAY, **data: Any) -> fr.Event:
    return fr.Event("sign", day, "bestyrelse", {"signers": [HEAD], **data})


@pytest.fixture
def board_met() -> fr.Association:
    association = founded(ATTORNEY)
    association.record(fr.Event("hold-meeting", DAY, "bestyrelse", {}))
    return association


@pytest.fixture
def granted(board_met: fr.Association) -> fr.Association:
    board_met.record(grant())
    return board_met


def test_the_attorney_clause_loads() -> None:
    assert ATTORNEY.signing is not None and ATTORNEY.signing.attorney is not None
    attorney = ATTORNEY.signing.attorney
    assert (attorney.granted_by, attorney.max_amount_kr, attorney.provision) == (
        "bestyrelse",
        500000,
        P62,
    )
    assert [f for f in fr.check(ATTORNEY) if f.severity.value == "error"] == []


def test_the_head_signs_within_the_grant(granted: fr.Association) -> None:
    granted.record(sign(amount_kr=100000))
    granted.record(sign(dt.date(2016, 12, 31), amount_kr=1))


def test_before_the_grant_the_signing_rule_alone_applies(board_met: fr.Association) -> None:
    error = refusal(board_met, sign(amount_kr=1000))
    assert (error.rule, error.provision) == ("signing", P62)


@pytest.mark.parametrize(
    ("day", "data", "rule"),
    [
        (DAY, {"amount_kr": 100001}, "attorney-limit"),
        (DAY, {}, "attorney-limit"),
        (dt.date(2017, 1, 2), {"amount_kr": 10}, "attorney-period"),
        (DAY, {"amount_kr": 10, "signers": [HEAD, "En anden"]}, "signing"),
    ],
)
def test_outside_the_grant_the_head_cannot_sign(
    granted: fr.Association, day: dt.date, data: dict[str, Any], rule: str
) -> None:
    error = refusal(granted, sign(day, **data))
    assert (error.rule, error.provision) == (rule, P62)


@pytest.mark.parametrize(
    ("event", "rule", "provision"),
    [
        (grant("direktion"), "actor", P62),
        (grant(max_amount_kr=500001), "attorney-limit", P62),
        (grant(max_amount_kr=None), "attorney-limit", P62),
        (grant(person=None), "missing-data", None),
        (grant(end="2016-01-01"), "bad-data", None),
        (grant(vote={"present": 3, "yes": 1, "no": 2}), "vote-failed", None),
    ],
)
def test_a_grant_outside_the_statute_is_refused(
    board_met: fr.Association, event: fr.Event, rule: str, provision: ProvisionRef | None
) -> None:
    error = refusal(board_met, event)
    assert error.rule == rule
    if provision is not None:
        assert error.provision == provision


def test_a_grant_from_a_later_day_does_not_hold_yet(board_met: fr.Association) -> None:
    board_met.record(grant(start="2016-04-01"))
    error = refusal(board_met, sign(amount_kr=10))
    assert (error.rule, error.provision) == ("attorney-period", P62)
    assert "2016-04-01 to 2016-12-31" in str(error)


def test_a_grant_needs_the_boards_meeting() -> None:
    error = refusal(founded(ATTORNEY), grant())
    assert error.rule == "no-meeting"


def test_without_an_attorney_clause_no_grant(purchasing: fr.Association) -> None:
    error = refusal(purchasing, grant())
    assert error.rule == "no-attorney"


def test_attorney_granted_by_an_unknown_body_is_e301(tmp_path: Path) -> None:
    text = minimal_text() + (
        "signing:\n  alternatives: [[{body: bestyrelse, count: 2}]]\n"
        '  attorney: {granted_by: direktionen}\n  provision: "§ 3, stk. 2"\n'
    )
    problem = one_problem(write(tmp_path, text), "E301")
    assert (problem.line, problem.column) == pos(text, "{granted_by: direktionen}", "direktionen")


# --- Dissolution by the supervisory authority on one participant's request -----------

KSTL_60_2 = "kstl. § 60, stk. 2"
AUTHORITY_TRANSITION = """      - trigger: ophaev-efter-anmodning
        source: [founded, operating]
        dest: dissolved
        actor: tilsynsmyndighed
        provision: "§ 19, stk. 1"
"""
DISSOLVE = "      - trigger: dissolve\n        source: [founded, operating]"
BY_AUTHORITY = fr.loads(bundled_with(DISSOLVE, AUTHORITY_TRANSITION + DISSOLVE), name="v.yaml")
LATE = dt.date(2018, 3, 1)


def law_event(kind: str, actor: str, day: dt.date = LATE, **data: Any) -> fr.Event:
    return fr.Event(kind, day, actor, data)


def association_state(association: fr.Association, day: dt.date) -> str | None:
    return association._replay.state(LifecycleKind.ASSOCIATION, "association", day)


@pytest.fixture
def supervised() -> fr.Association:
    return founded(BY_AUTHORITY)


def test_the_authority_dissolves_on_a_participants_request(supervised: fr.Association) -> None:
    assert [f for f in fr.check(BY_AUTHORITY) if f.severity.value != "info"] == []
    supervised.record(law_event("request-dissolution", "Sorø"))
    supervised.record(law_event("ophaev-efter-anmodning", "tilsynsmyndighed", on_request_of="Sorø"))
    assert association_state(supervised, LATE) == "dissolved"


def test_the_authority_named_by_its_id_on_the_day(supervised: fr.Association) -> None:
    supervised.record(law_event("request-dissolution", "Sorø"))
    supervised.record(law_event("ophaev-efter-anmodning", "ankestyrelsen", on_request_of="Sorø"))
    assert association_state(supervised, LATE) == "dissolved"


def test_refused_before_the_participants_request(supervised: fr.Association) -> None:
    event = law_event("ophaev-efter-anmodning", "tilsynsmyndighed", on_request_of="Sorø")
    error = refusal(supervised, event)
    assert (error.rule, str(error.provision)) == ("no-request", KSTL_60_2)
    supervised.record(law_event("request-dissolution", "Greve"))
    error = refusal(supervised, event)  # another participant's request is not Sorø's
    assert (error.rule, str(error.provision)) == ("no-request", KSTL_60_2)
    assert association_state(supervised, LATE) == "operating"


@pytest.mark.parametrize("actor", ["bestyrelse", "statsforvaltningen"])
def test_only_the_authority_of_the_day_dissolves(supervised: fr.Association, actor: str) -> None:
    supervised.record(law_event("request-dissolution", "Sorø"))
    error = refusal(supervised, law_event("ophaev-efter-anmodning", actor, on_request_of="Sorø"))
    assert (error.rule, str(error.provision)) == ("wrong-authority", KSTL_60_2)
    assert "ankestyrelsen" in str(error)


def test_a_request_is_a_participants_own(supervised: fr.Association) -> None:
    error = refusal(supervised, law_event("request-dissolution", "bestyrelse"))
    assert (error.rule, str(error.provision)) == ("not-a-member", KSTL_60_2)


def test_stk_2_does_not_govern_a_60a_community() -> None:
    text = bundled_with(DISSOLVE, AUTHORITY_TRANSITION + DISSOLVE).replace(
        "    law: kstl-60\n", "    law: kstl-60a\n", 1
    )
    statute = fr.loads(text, name="v.yaml")
    [warning] = [f for f in fr.check(statute) if f.code == "W452"]
    assert warning.line == pos(text, AUTHORITY_TRANSITION)[0]
    assert warning.provision == "§ 19, stk. 1"
    association = fr.Association(statute)
    error = refusal(association, law_event("request-dissolution", "Sorø", dt.date(2019, 3, 1)))
    assert error.rule == "stk-2-not-applicable"
    assert str(error.provision) == "kstl. § 60 a, stk. 2"


def test_without_a_legal_basis_the_authority_cannot_dissolve() -> None:
    text = bundled_with(DISSOLVE, AUTHORITY_TRANSITION + DISSOLVE)
    start = text.index("  legal_basis:\n")
    end = text.index("\n  ", text.index("reason: >-", start) + 12)
    while text[end + 3 : end + 4] == " ":  # the folded reason's further lines
        end = text.index("\n  ", end + 1)
    statute = fr.loads(text[:start] + text[end + 1 :], name="v.yaml")
    assert statute.metadata.legal_basis is None
    assert [f.code for f in fr.check(statute) if f.code == "W452"] == ["W452"]
    error = refusal(fr.Association(statute), law_event("request-dissolution", "Sorø"))
    assert (error.rule, str(error.provision)) == ("no-legal-basis", KSTL_60_2)


# --- Terms to the end of the municipal election period -----------------------------

ELECTED = """      method: election
      by: generalforsamling
      term_years: 2
      provision: "§ 6, stk. 2\""""
PERIOD = fr.loads(
    bundled_with(ELECTED, ELECTED.replace("term_years: 2", "term: election_period")), name="v.yaml"
)


def board_members(association: fr.Association, day: dt.date) -> list[str]:
    return [s.person for s in association.at(day).seats.get("bestyrelse", ())]


def assembly_elects(association: fr.Association, day: dt.date, person: str) -> None:
    """An extraordinary general assembly on every member's demand, electing ``person``."""
    members = sorted(association.at(day).members)
    everyone = {"present": len(members), "yes": len(members), "no": 0}
    meeting = {"extraordinary": True, "demanded_by": members}
    association.record(fr.Event("hold-meeting", day, "generalforsamling", meeting))
    seat = {"body": "bestyrelse", "person": person, "municipality": "Sorø"}
    seat |= {"role": "kommunaldirektoer", "vote": everyone}
    association.record(fr.Event("elect", day, "generalforsamling", seat))


def test_the_election_periods_are_law_data_with_their_source() -> None:
    law = kommunestyrelsesloven()
    period = law.election_period_on(dt.date(2019, 5, 1))
    assert period is not None
    assert (period.id, period.start, period.end) == (
        "2018-2021",
        dt.date(2018, 1, 1),
        dt.date(2021, 12, 31),
    )
    assert period.elected == dt.date(2017, 11, 21)  # the third Tuesday of November
    assert law.source(period.sources[0]).title.startswith("Lov om kommunale og regionale valg")
    assert [p.id for p in law.election_periods][-2:] == ["2022-2025", "2026-2029"]
    assert law.election_period_on(dt.date(2030, 1, 1)) is None


def test_a_seat_ends_with_the_election_period_it_began_in() -> None:
    assert PERIOD.body("bestyrelse").filled_by.term is Term.ELECTION_PERIOD
    association = founded(PERIOD)  # elected on 1 October 2015: the period 2014-2017
    assert len(board_members(association, dt.date(2017, 12, 31))) == 3
    assert board_members(association, dt.date(2018, 1, 1)) == []
    assembly_elects(association, dt.date(2018, 3, 1), "Kommunaldirektør, Sorø")
    assert board_members(association, dt.date(2021, 12, 31)) == ["Kommunaldirektør, Sorø"]
    assert board_members(association, dt.date(2022, 1, 1)) == []


def test_an_election_outside_the_law_data_is_refused() -> None:
    association = founded(PERIOD)
    with pytest.raises(fr.RuleViolation) as caught:
        assembly_elects(association, dt.date(2030, 3, 1), "Kommunaldirektør, Sorø")
    assert caught.value.rule == "law-not-covered"
    assert caught.value.provision == P62
    assert board_members(association, dt.date(2030, 3, 2)) == []


@pytest.mark.parametrize(
    ("fill", "target"),
    [
        ("{method: election, by: generalforsamling, term: election_period, term_years: 2}", "{"),
        ("{method: election, by: generalforsamling, term: valgperiode}", "valgperiode"),
    ],
)
def test_a_malformed_term_is_a_schema_error(tmp_path: Path, fill: str, target: str) -> None:
    old = '      term_years: 2\n      provision: "§ 3, stk. 2"\n'
    text = minimal_text().replace(
        "    filled_by:\n      method: election\n      by: generalforsamling\n" + old,
        f"    filled_by: {fill}\n",
    )
    problem = one_problem(write(tmp_path, text))
    assert problem.code.startswith("E2")
    assert (problem.line, problem.column) == pos(text, fill, target)


# --- compare shows the new keys ----------------------------------------------------


def aspect_texts(statute: fr.Statute, key: str) -> set[str]:
    comparison = fr.compare([fr.load(BUNDLED), statute])
    [aspect] = [a for a in comparison.aspects if a.key == key]
    return {text for text, _ in aspect.cells[1].items} - {text for text, _ in aspect.cells[0].items}


def test_compare_shows_each_new_key() -> None:
    assert aspect_texts(LIMITED, "delegations") == {
        "indkoeb: bestyrelse to direktion, at most 100000 kr. per act"
    }
    assert aspect_texts(JOINT, "priors") == {"drift needs agreement of the chair of bestyrelse"}
    assert aspect_texts(ATTORNEY, "clauses") == {"signing", "power of attorney"}
    [board] = aspect_texts(PERIOD, "bodies")
    assert board.endswith("term to the end of the municipal election period")


def test_a_limit_raised_on_the_way_down_is_w453() -> None:
    onward = (
        "  - {id: indkoeb-til-sekretariat, power: indkoeb, from: direktion, to: sekretariat,"
        ' max_amount_kr: 250000, provision: "§ 8, stk. 1"}\n'
    )
    text = bundled_with(
        "\ndelegations:\n",
        PURCHASES.replace(
            "    max_amount_kr: 100000\n", "    max_amount_kr: 100000\n    subdelegation: true\n"
        )
        + onward,
    )
    statute = fr.loads(text, name="v.yaml")
    [warning] = [f for f in fr.check(statute) if f.code == "W453"]
    assert (warning.line, warning.column) == pos(text, onward.strip(), "{id")
    assert warning.provision == "§ 8, stk. 1"
    assert "receives it with 100000 kr. (§ 7, stk. 2)" in warning.message
    [limit] = [
        c
        for c in fr.Authority(statute).check("sekretariat", "indkoeb").conditions
        if c.max_amount_kr == 100000
    ]
    assert limit.body == "direktion"


def test_a_revoked_power_of_attorney_no_longer_signs(granted: fr.Association) -> None:
    later = dt.date(2016, 6, 1)
    granted.record(fr.Event("hold-meeting", later, "bestyrelse", {}))
    revoke = {"person": HEAD, "vote": VOTE3}
    granted.record(fr.Event("revoke-attorney", later, "bestyrelse", revoke))
    error = refusal(granted, sign(later, amount_kr=10))
    assert (error.rule, error.provision) == ("attorney-period", P62)
    assert "2016-03-01 to 2016-05-31" in str(error)
    again = refusal(granted, fr.Event("revoke-attorney", later, "bestyrelse", revoke))
    assert (again.rule, again.provision) == ("no-attorney-grant", P62)
    other = refusal(granted, fr.Event("revoke-attorney", later, "direktion", revoke))
    assert (other.rule, other.provision) == ("actor", P62)
