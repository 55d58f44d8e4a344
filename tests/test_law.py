"""Kommunestyrelseslovens § 60 and § 60 a: the law as dated data, the statute's
own lifecycle under it, and the council's decision behind every handover of
competence. Each refusal is checked for its rule and its provision (cited as
``kstl. § 60 ...``) beside the lawful act.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import foreningsregler as fr
from foreningsregler.protocol.association import Association
from foreningsregler.protocol.ledger import Event
from foreningsregler.protocol.state import RuleViolation
from foreningsregler.statute.law import Act, Duty, kommunestyrelsesloven
from foreningsregler.statute.model import Statute

ROOT = Path(__file__).resolve().parent.parent
STATUTE = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
LAW = kommunestyrelsesloven()
K14 = [
    "Greve",
    "Guldborgsund",
    "Holbæk",
    "Kalundborg",
    "Køge",
    "Lejre",
    "Lolland",
    "Næstved",
    "Odsherred",
    "Ringsted",
    "Roskilde",
    "Slagelse",
    "Solrød",
    "Sorø",
]
FOUNDERS = K14[:3]
D = dt.date


def ref(text: str) -> str:
    return f"kstl. {text}"


# --- The law as data --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "authority"),
    [
        (D(2012, 5, 1), "statsforvaltningerne"),
        (D(2015, 10, 1), "statsforvaltningen"),
        (D(2017, 3, 31), "statsforvaltningen"),
        (D(2017, 4, 1), "ankestyrelsen"),
        (D(2024, 1, 1), "ankestyrelsen"),
    ],
)
def test_the_supervisory_authority_by_date(day: dt.date, authority: str) -> None:
    found = LAW.authority_on(day)
    assert found is not None and found.id == authority


def test_before_the_data_there_is_no_authority_rather_than_a_guess() -> None:
    assert LAW.authority_on(D(2006, 12, 31)) is None
    assert LAW.covers_from == D(2007, 1, 1)


def test_every_authority_and_rule_cites_its_sources_and_unconfirmed_ones_are_assumptions() -> None:
    listed = {s.id for s in LAW.sources}
    for item in (*LAW.authorities, *LAW.bases, *LAW.rules):
        assert item.sources and set(item.sources) <= listed
        assert not item.assumption or item.reason
    # What the sources here do not confirm is marked: the 2013 merger, the act's number.
    assert {a.id for a in LAW.authorities if a.assumption} == {
        "statsforvaltningerne",
        "statsforvaltningen",
    }
    assert LAW.source("l78-2017-18").assumption


def test_section_60a_exists_only_from_1_july_2018() -> None:
    basis = LAW.basis("kstl-60a")
    assert basis is not None and basis.start == D(2018, 7, 1)
    assert not basis.in_force(D(2018, 6, 30))
    assert LAW.rules_on("kstl-60a", D(2018, 6, 30)) == ()


@pytest.mark.parametrize(
    ("basis", "act", "day", "duty", "provision"),
    [
        ("kstl-60", Act.STATUTE, D(2015, 10, 1), Duty.APPROVAL, "§ 60, stk. 1"),
        ("kstl-60", Act.ADMISSION, D(2019, 1, 1), Duty.APPROVAL, "§ 60, stk. 1"),
        ("kstl-60", Act.DISSOLUTION, D(2019, 1, 1), Duty.APPROVAL, "§ 60, stk. 3"),
        ("kstl-60a", Act.STATUTE, D(2019, 1, 1), Duty.NOTIFICATION, "§ 60 a, stk. 3"),
        ("kstl-60a", Act.CHANGE, D(2019, 1, 1), Duty.NONE, "§ 60 a, stk. 1"),
        ("kstl-60a", Act.WITHDRAWAL, D(2019, 1, 1), Duty.NOTIFICATION, "§ 60 a, stk. 3"),
    ],
)
def test_what_an_act_needs_under_each_basis(
    basis: str, act: Act, day: dt.date, duty: Duty, provision: str
) -> None:
    found, rule = LAW.duty(basis, act, day)
    assert found is duty and rule is not None and str(rule.provision) == ref(provision)


def test_the_laws_citations_are_distinct_from_the_statutes() -> None:
    cited = LAW.ref("§ 60 a, stk. 2")
    assert str(cited) == "kstl. § 60 a, stk. 2"
    with pytest.raises(ValueError, match="not a provision reference"):
        fr.ProvisionRef.parse(str(cited))


# --- Bad law data -------------------------------------------------------------------------


def _law_text() -> str:
    return (ROOT / "src" / "foreningsregler" / "data" / "kommunestyrelsesloven.yaml").read_text(
        "utf-8"
    )


def _problem(text: str) -> fr.Finding:
    from foreningsregler.statute.law import loads_law

    with pytest.raises(fr.StatuteError) as caught:
        loads_law(text, name="law.yaml")
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0]


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_law_data_with_overlapping_authorities_is_refused_at_the_clash() -> None:
    text = _law_text().replace('from: "2017-04-01"', 'from: "2017-03-01"')
    problem = _problem(text)
    assert (problem.code, problem.line) == ("E322", _line_of(text, '"2017-03-01"'))
    assert "ankestyrelsen" in problem.message


def test_law_data_citing_an_unlisted_source_is_refused_there() -> None:
    text = _law_text().replace("sources: [lov-2017-176, ast-2017]", "sources: [lov-2017-999]")
    problem = _problem(text)
    assert (problem.code, problem.line) == ("E322", _line_of(text, "lov-2017-999"))


def test_law_data_with_an_unknown_duty_fails_the_schema() -> None:
    text = _law_text().replace(
        "duty: approval\n    acts: [statute]", "duty: godkend\n    acts: [statute]"
    )
    problem = _problem(text)
    assert (problem.code, problem.line) == ("E204", _line_of(text, "godkend\n"))


# --- The statute declares its basis; the linter ---------------------------------------------


def test_the_bundled_statute_is_a_section_60_statute_with_every_clause() -> None:
    statute = fr.load(STATUTE)
    basis = statute.metadata.legal_basis
    assert basis is not None and (basis.law, basis.changes) == ("kstl-60", "godkend-vedtaegter")
    findings = fr.check(statute)
    assert [f for f in findings if f.code.startswith("E65")] == []
    (duties,) = [f for f in findings if f.code == "I510"]
    assert "supervisory authority: Statsforvaltningen" in duties.message
    assert duties.provision == "kstl. § 60"


def _statute(tmp_path: Path, old: str, new: str, *more: tuple[str, str]) -> tuple[Path, str]:
    text = STATUTE.read_text("utf-8")
    for a, b in ((old, new), *more):
        assert a in text, a
        text = text.replace(a, b, 1)
    path = tmp_path / "statute.yaml"
    path.write_text(text, "utf-8")
    return path, text


def test_an_unknown_legal_basis_is_refused_where_it_is_named(tmp_path: Path) -> None:
    path, text = _statute(tmp_path, "law: kstl-60\n", "law: kstl-61\n")
    with pytest.raises(fr.StatuteError) as caught:
        fr.load(path)
    (problem,) = caught.value.problems
    assert (problem.code, problem.line) == ("E321", _line_of(text, "kstl-61"))
    assert "did you mean 'kstl-60'" in problem.message


def test_a_changes_power_the_statute_lacks_is_refused(tmp_path: Path) -> None:
    path, text = _statute(tmp_path, "changes: godkend-vedtaegter", "changes: aendr-vedtaegter")
    with pytest.raises(fr.StatuteError) as caught:
        fr.load(path)
    (problem,) = caught.value.problems
    assert (problem.code, problem.line) == ("E302", _line_of(text, "aendr-vedtaegter"))


def _law_findings(path: Path) -> list[fr.Finding]:
    return [f for f in fr.check(fr.load(path)) if f.code.startswith("E65")]


def test_section_60a_on_a_2015_statute_is_not_in_force(tmp_path: Path) -> None:
    path, text = _statute(tmp_path, "law: kstl-60\n", "law: kstl-60a\n")
    (problem,) = _law_findings(path)
    assert (problem.code, problem.line, problem.provision) == (
        "E650",
        _line_of(text, "legal_basis:") + 1,
        "kstl. § 60 a",
    )
    assert "in force from 2018-07-01" in problem.message


def test_a_statute_dated_before_the_law_data_is_not_judged(tmp_path: Path) -> None:
    path, _ = _statute(tmp_path, 'date: "2015-02-02"', 'date: "2005-02-02"')
    (problem,) = _law_findings(path)
    assert problem.code == "E650" and "before the law data" in problem.message


def test_a_section_60_statute_without_who_changes_it_misses_a_clause(tmp_path: Path) -> None:
    path, text = _statute(tmp_path, "    changes: godkend-vedtaegter\n", "")
    (problem,) = _law_findings(path)
    assert (problem.code, problem.line, problem.provision) == (
        "E651",
        _line_of(text, "legal_basis:") + 1,
        "kstl. § 60, stk. 1",
    )
    assert "statute.legal_basis.changes" in problem.message


def test_a_section_60_statute_without_withdrawal_terms_misses_them_twice(tmp_path: Path) -> None:
    start = "  withdrawal:\n    earliest: phase_end\n"
    text = STATUTE.read_text("utf-8")
    block = text[text.index(start) : text.index("  declining_phase:")]
    path, text = _statute(tmp_path, block, "")
    codes = sorted((f.code, f.line) for f in _law_findings(path))
    withdraw = text.index("      - trigger: withdraw")
    assert codes == [
        ("E651", _line_of(text, "legal_basis:") + 1),
        ("E653", text[:withdraw].count("\n") + 1),
    ]


def test_a_60a_statute_dissolved_by_votes_cast_conflicts_with_the_law(tmp_path: Path) -> None:
    path, text = _statute(
        tmp_path,
        "law: kstl-60\n",
        "law: kstl-60a\n",
        ('date: "2015-02-02"', 'date: "2019-02-02"'),
        (
            '    tie_break: rejected\n    provision: "§ 19, stk. 1"',
            '    tie_break: rejected\n    provision: "§ 19, stk. 1"',
        ),
        (
            '    base: seats\n    tie_break: rejected\n    provision: "§ 19',
            '    base: votes_cast\n    tie_break: rejected\n    provision: "§ 19',
        ),
    )
    (problem,) = _law_findings(path)
    dissolve = text.index("      - trigger: dissolve")
    assert (problem.code, problem.line, problem.provision) == (
        "E652",
        text[:dissolve].count("\n") + 1,
        "kstl. § 60 a, stk. 2",
    )
    assert "oploesningsflertal counts votes_cast" in problem.message


def test_a_dissolution_clause_that_keeps_the_authority_out_conflicts(tmp_path: Path) -> None:
    clause = (
        "clauses:\n  dissolution:\n    assets: members_by_population\n"
        '    notify_authority: false\n    provision: "§ 19, stk. 2"\n\nroles:'
    )
    path, text = _statute(tmp_path, "\nroles:", "\n" + clause)
    (problem,) = _law_findings(path)
    assert (problem.code, problem.line, problem.provision) == (
        "E652",
        _line_of(text, "  dissolution:\n    assets") + 1,
        "kstl. § 60, stk. 3",
    )


# --- The protocol: the statute's lifecycle under § 60 ---------------------------------------


def _vote(n: int) -> dict[str, int]:
    return {"present": n, "yes": n, "no": 0}


def _record(association: Association, kind: str, day: dt.date, actor: str, **data: Any) -> None:
    association.record(Event(kind, day, actor, data))


def _refused(
    association: Association, kind: str, day: dt.date, actor: str, **data: Any
) -> RuleViolation:
    events = association.events
    with pytest.raises(RuleViolation) as caught:
        _record(association, kind, day, actor, **data)
    assert association.events == events  # nothing recorded
    return caught.value


@pytest.fixture(scope="module")
def statute() -> Statute:
    return fr.load(STATUTE)


def _established(statute: Statute, founders: list[str] = FOUNDERS) -> Association:
    """Founders sign, accept the basis and approve in principle; the founding
    general assembly meets on 1 October 2015 and adopts the statute."""
    association = Association(statute)
    for m in founders:
        _record(association, "sign-declaration", D(2015, 3, 1), m)
    _record(association, "accept-basis", D(2015, 3, 2), "bestyrelse", participants=founders)
    for m in founders:
        _record(association, "approve-in-principle", D(2015, 6, 30), m)
    _record(association, "hold-meeting", D(2015, 10, 1), "generalforsamling")
    _record(association, "adopt-statute", D(2015, 10, 1), "generalforsamling", vote=_vote(3))
    return association


def _decided(association: Association, day: dt.date, founders: list[str] = FOUNDERS) -> None:
    for m in founders:
        _record(association, "kommunalbestyrelse-decision", day, m, matter="statute")


def test_the_founding_general_assembly_adopts_the_statute_by_its_vote(statute: Statute) -> None:
    association = _established(statute)
    status = association.law(D(2015, 10, 1))
    assert (status.basis, status.authority) == ("kstl-60", "statsforvaltningen")
    assert status.in_force == {"statute": None}
    assert status.waiting == {"statute": tuple(sorted(FOUNDERS))}


def test_adopting_the_statute_is_the_general_assemblys_not_the_boards(statute: Statute) -> None:
    association = Association(statute)
    _record(association, "sign-declaration", D(2015, 3, 1), "Greve")
    error = _refused(association, "adopt-statute", D(2015, 10, 1), "bestyrelse", vote=_vote(3))
    assert (error.rule, str(error.provision)) == ("actor", ref("§ 60, stk. 1"))
    _record(association, "hold-meeting", D(2015, 10, 1), "generalforsamling")
    failed = _refused(
        association,
        "adopt-statute",
        D(2015, 10, 1),
        "generalforsamling",
        vote={"present": 1, "yes": 0, "no": 1},
    )
    assert failed.rule == "vote-failed"


def test_a_council_decides_only_on_an_adopted_text_it_is_party_to(statute: Statute) -> None:
    association = Association(statute)
    _record(association, "sign-declaration", D(2015, 3, 1), "Greve")
    early = _refused(
        association, "kommunalbestyrelse-decision", D(2015, 9, 1), "Greve", matter="statute"
    )
    assert (early.rule, str(early.provision)) == ("statute-not-adopted", ref("§ 60, stk. 1"))
    association = _established(statute)
    outsider = _refused(
        association, "kommunalbestyrelse-decision", D(2015, 11, 1), "Sorø", matter="statute"
    )
    assert outsider.rule == "not-a-participant"


def test_no_power_is_held_and_no_founding_under_a_statute_not_yet_approved(
    statute: Statute,
) -> None:
    association = _established(statute)
    _decided(association, D(2015, 11, 1))
    _record(association, "hold-meeting", D(2015, 12, 1), "generalforsamling")
    founding = _refused(
        association, "hold-founding-assembly", D(2015, 12, 1), "generalforsamling", vote=_vote(3)
    )
    assert (founding.rule, str(founding.provision)) == (
        "statute-not-in-force",
        ref("§ 60, stk. 1"),
    )
    assert "supervisory authority's approval is not recorded" in founding.message
    _record(association, "approve-statute", D(2015, 12, 1), "tilsynsmyndighed")
    _record(
        association, "hold-founding-assembly", D(2015, 12, 1), "generalforsamling", vote=_vote(3)
    )
    assert association.law(D(2015, 12, 1)).in_force == {"statute": D(2015, 12, 1)}


def test_the_approval_waits_for_every_members_council(statute: Statute) -> None:
    association = _established(statute)
    _record(association, "kommunalbestyrelse-decision", D(2015, 11, 1), "Greve", matter="statute")
    error = _refused(association, "approve-statute", D(2015, 12, 1), "tilsynsmyndighed")
    assert (error.rule, str(error.provision)) == ("council-decisions-missing", ref("§ 60, stk. 1"))
    assert "Guldborgsund, Holbæk" in error.message


def test_the_approval_is_by_the_authority_of_its_date(statute: Statute) -> None:
    association = _established(statute)
    _decided(association, D(2015, 11, 1))
    wrong = _refused(association, "approve-statute", D(2015, 12, 1), "ankestyrelsen")
    assert (wrong.rule, str(wrong.provision)) == ("wrong-authority", ref("§ 60, stk. 1"))
    assert "statsforvaltningen, not ankestyrelsen" in wrong.message
    body = _refused(association, "approve-statute", D(2015, 12, 1), "generalforsamling")
    assert (body.rule, str(body.provision)) == ("wrong-authority", ref("§ 60, stk. 1"))
    named = _refused(
        association,
        "approve-statute",
        D(2015, 12, 1),
        "tilsynsmyndighed",
        authority="ankestyrelsen",
    )
    assert named.rule == "wrong-authority"
    _record(association, "approve-statute", D(2015, 12, 1), "statsforvaltningen")
    fact = association.law(D(2015, 12, 1)).facts[-1]
    assert (fact.kind, fact.by) == ("approved", "statsforvaltningen")
    again = _refused(association, "approve-statute", D(2015, 12, 2), "tilsynsmyndighed")
    assert again.rule == "already-approved"


def test_after_1_april_2017_ankestyrelsen_approves_and_statsforvaltningen_cannot(
    statute: Statute,
) -> None:
    association = _established(statute)
    _decided(association, D(2017, 3, 1))
    wrong = _refused(association, "approve-statute", D(2017, 4, 1), "statsforvaltningen")
    assert "ankestyrelsen, not statsforvaltningen" in wrong.message
    _record(association, "approve-statute", D(2017, 4, 1), "tilsynsmyndighed")
    assert association.law(D(2017, 4, 1)).facts[-1].by == "ankestyrelsen"  # resolved by date


def test_a_section_60_statute_is_approved_not_notified(statute: Statute) -> None:
    association = _established(statute)
    _decided(association, D(2015, 11, 1))
    error = _refused(association, "notify-statute", D(2015, 12, 1), "Greve")
    assert (error.rule, str(error.provision)) == ("approval-required", ref("§ 60, stk. 1"))


def test_without_a_legal_basis_the_laws_acts_do_not_apply(tmp_path: Path) -> None:
    text = STATUTE.read_text("utf-8")
    start = text.index("  # Kommunalt fællesskab efter")
    text = text[:start] + text[text.index("  purpose:", start) :]
    path = tmp_path / "statute.yaml"
    path.write_text(text, "utf-8")
    association = Association(fr.load(path))
    error = _refused(association, "adopt-statute", D(2015, 10, 1), "generalforsamling")
    assert (error.rule, error.provision) == ("no-legal-basis", None)


def _in_force(statute: Statute) -> Association:
    """The statute approved on 1 December 2015; the association founded that day,
    its founders admitted and its board elected."""
    association = _established(statute)
    _decided(association, D(2015, 11, 1))
    day = D(2015, 12, 1)
    _record(association, "approve-statute", day, "tilsynsmyndighed")
    _record(association, "hold-meeting", day, "generalforsamling")
    _record(association, "hold-founding-assembly", day, "generalforsamling", vote=_vote(3))
    for m in FOUNDERS:  # their admission is the statute's own: decided and approved with it
        _record(association, "admit", day, "generalforsamling", municipality=m, vote=_vote(3))
    for m in FOUNDERS:
        _record(
            association,
            "elect",
            day,
            "generalforsamling",
            body="bestyrelse",
            person=f"kd-{m}",
            municipality=m,
            role="kommunaldirektoer",
            vote=_vote(3),
        )
    return association


def test_once_approved_the_founders_are_members_without_more(statute: Statute) -> None:
    association = _in_force(statute)
    assert association.at(D(2015, 12, 2)).members == frozenset(FOUNDERS)


# --- A council's decision behind every handover of competence ------------------------------


def _assembly(association: Association, day: dt.date) -> None:
    called = (day - dt.timedelta(days=28)).isoformat()
    _record(
        association,
        "hold-meeting",
        day,
        "generalforsamling",
        called_on=called,
        called_by="bestyrelse",
    )


def test_a_new_member_needs_its_councils_decision_then_the_approval(statute: Statute) -> None:
    association = _in_force(statute)
    _record(association, "sign-declaration", D(2016, 1, 4), "Sorø")
    _record(association, "approve-in-principle", D(2016, 1, 4), "Sorø")
    _assembly(association, D(2016, 3, 1))
    admit = {"municipality": "Sorø", "vote": _vote(3)}
    error = _refused(association, "admit", D(2016, 3, 1), "generalforsamling", **admit)
    assert (error.rule, str(error.provision)) == ("council-decision", ref("§ 60, stk. 1"))
    too_soon = _refused(
        association,
        "approve",
        D(2016, 3, 1),
        "tilsynsmyndighed",
        matter="admission",
        municipality="Sorø",
    )
    assert (too_soon.rule, str(too_soon.provision)) == (
        "council-decisions-missing",
        ref("§ 60, stk. 1"),
    )
    _record(
        association,
        "kommunalbestyrelse-decision",
        D(2016, 3, 1),
        "Sorø",
        matter="admission",
        municipality="Sorø",
    )
    error = _refused(association, "admit", D(2016, 3, 1), "generalforsamling", **admit)
    assert (error.rule, str(error.provision)) == ("approval-required", ref("§ 60, stk. 1"))
    _record(
        association,
        "approve",
        D(2016, 3, 1),
        "statsforvaltningen",
        matter="admission",
        municipality="Sorø",
    )
    _record(association, "admit", D(2016, 3, 1), "generalforsamling", **admit)
    assert "Sorø" in association.at(D(2016, 3, 2)).members


def test_the_general_assembly_can_pass_a_councils_decision_on_not_make_it(
    statute: Statute,
) -> None:
    association = _in_force(statute)
    day = D(2016, 2, 1)
    error = _refused(
        association,
        "kommunalbestyrelse-decision",
        day,
        "generalforsamling",
        matter="admission",
        municipality="Sorø",
    )
    assert (error.rule, str(error.provision)) == ("council-decides", ref("§ 60, stk. 1"))
    staff = _refused(
        association,
        "kommunalbestyrelse-decision",
        day,
        "Sorø",
        matter="admission",
        municipality="Sorø",
        decided_by="kommunaldirektoer",
    )
    assert staff.rule == "council-decides" and "kommunaldirektoer cannot make it" in staff.message
    other = _refused(
        association,
        "kommunalbestyrelse-decision",
        day,
        "Greve",
        matter="admission",
        municipality="Sorø",
    )
    assert (other.rule, str(other.provision)) == ("council-decides", ref("§ 60, stk. 1"))
    unknown = _refused(association, "kommunalbestyrelse-decision", day, "Sorø", matter="fusion")
    assert unknown.rule == "bad-data"


def test_an_exclusion_under_section_60_waits_for_the_approval(statute: Statute) -> None:
    association = _in_force(statute)
    day = D(2016, 3, 1)
    _assembly(association, day)
    exclude = {"municipality": "Greve", "vote": _vote(3)}
    error = _refused(association, "exclude", day, "generalforsamling", **exclude)
    assert (error.rule, str(error.provision)) == ("approval-required", ref("§ 60, stk. 1"))
    _record(
        association, "approve", day, "tilsynsmyndighed", matter="withdrawal", municipality="Greve"
    )
    _record(association, "exclude", day, "generalforsamling", **exclude)
    assert "Greve" not in association.at(D(2016, 3, 2)).members


def test_a_dissolution_under_section_60_needs_every_council_and_the_terms_approved(
    statute: Statute,
) -> None:
    association = _in_force(statute)
    day = D(2016, 3, 1)
    _assembly(association, day)
    error = _refused(association, "dissolve", day, "generalforsamling", vote=_vote(3))
    assert (error.rule, str(error.provision)) == ("approval-required", ref("§ 60, stk. 3"))
    waiting = _refused(association, "approve", day, "tilsynsmyndighed", matter="dissolution")
    assert (waiting.rule, str(waiting.provision)) == (
        "council-decisions-missing",
        ref("§ 60, stk. 2"),
    )
    # One participant asks the authority instead (§ 60, stk. 2, 2. pkt.): its own
    # request first, then the authority's approval on it.
    asked = _refused(
        association, "approve", day, "tilsynsmyndighed", matter="dissolution", on_request_of="Greve"
    )
    assert (asked.rule, str(asked.provision)) == ("no-request", ref("§ 60, stk. 2"))
    _record(association, "request-dissolution", day, "Greve")
    _record(
        association, "approve", day, "tilsynsmyndighed", matter="dissolution", on_request_of="Greve"
    )
    _record(association, "dissolve", day, "generalforsamling", vote=_vote(3))
    assert association.at(day).association == "dissolved"


# --- § 60 a: notified, not approved; phases joined on the council's decision ---------------


SMALL = ROOT / "tests" / "fixtures" / "law.yaml"
PARTICIPANTS = ["Arendal", "Borre", "Dalby"]


@pytest.fixture(scope="module")
def small() -> Statute:
    return fr.load(SMALL)


def _small_in_force(small: Statute, founders: list[str] = PARTICIPANTS[:2]) -> Association:
    association = Association(small)
    day = D(2019, 3, 1)
    for m in PARTICIPANTS:
        _record(association, "apply", day, m)
    _record(association, "hold-meeting", day, "generalforsamling")
    _record(
        association,
        "adopt-statute",
        day,
        "generalforsamling",
        participants=founders,
        vote=_vote(len(founders)),
    )
    for m in founders:
        _record(association, "kommunalbestyrelse-decision", D(2019, 4, 1), m, matter="statute")
    return association


def test_a_60a_statute_is_notified_not_approved(small: Statute) -> None:
    association = _small_in_force(small)
    day = D(2019, 4, 2)
    error = _refused(association, "approve-statute", day, "tilsynsmyndighed")
    assert (error.rule, str(error.provision)) == ("no-approval-needed", ref("§ 60 a, stk. 3"))
    wrong = _refused(association, "notify-statute", day, "Arendal", to="statsforvaltningen")
    assert wrong.rule == "wrong-authority"
    by_authority = _refused(association, "notify-statute", day, "ankestyrelsen")
    assert by_authority.rule == "actor"
    _record(association, "notify-statute", day, "Arendal", to="ankestyrelsen")
    assert association.law(day).in_force == {"statute": day}


def _small_founded(small: Statute) -> Association:
    association = _small_in_force(small)
    day = D(2019, 4, 2)
    _record(association, "notify-statute", day, "Arendal")
    _record(association, "hold-meeting", day, "generalforsamling")
    _record(association, "hold-founding-assembly", day, "generalforsamling", vote=_vote(2))
    for m in PARTICIPANTS[:2]:
        _record(association, "admit", day, "generalforsamling", municipality=m, vote=_vote(2))
    return association


def test_joining_a_phase_needs_the_councils_decision_on_that_phase(small: Statute) -> None:
    association = _small_founded(small)
    day = D(2019, 5, 1)
    _record(association, "hold-meeting", day, "generalforsamling")
    _record(
        association,
        "adopt-phase",
        day,
        "generalforsamling",
        phase="fase-1",
        start="2019-06-01",
        end="2020-05-31",
        vote=_vote(2),
    )
    error = _refused(association, "join-phase", day, "Arendal", phase="fase-1")
    assert (error.rule, str(error.provision)) == ("council-decision", ref("§ 60 a, stk. 1"))
    assert "phase fase-1" in error.message
    # A decision on another phase does not count.
    _record(
        association,
        "adopt-phase",
        day,
        "generalforsamling",
        phase="fase-2",
        start="2019-06-01",
        end="2020-05-31",
        vote=_vote(2),
    )
    _record(
        association, "kommunalbestyrelse-decision", day, "Arendal", matter="phase", phase="fase-2"
    )
    assert _refused(association, "join-phase", day, "Arendal", phase="fase-1").rule == (
        "council-decision"
    )
    _record(
        association, "kommunalbestyrelse-decision", day, "Arendal", matter="phase", phase="fase-1"
    )
    _record(association, "join-phase", day, "Arendal", phase="fase-1")
    assert association.at(day).participants("fase-1") == frozenset({"Arendal"})


def test_a_60a_admission_and_withdrawal_are_notified(small: Statute) -> None:
    association = _small_founded(small)
    day = D(2019, 6, 1)
    _record(association, "hold-meeting", day, "generalforsamling")
    _record(
        association,
        "kommunalbestyrelse-decision",
        day,
        "Dalby",
        matter="admission",
        municipality="Dalby",
    )
    admit = {"municipality": "Dalby", "vote": _vote(2)}
    error = _refused(association, "admit", day, "generalforsamling", **admit)
    assert (error.rule, str(error.provision)) == ("notification-required", ref("§ 60 a, stk. 3"))
    approval = _refused(
        association, "approve", day, "tilsynsmyndighed", matter="admission", municipality="Dalby"
    )
    assert approval.rule == "no-approval-needed"
    _record(association, "notify", day, "Dalby", matter="admission", municipality="Dalby")
    _record(association, "admit", day, "generalforsamling", **admit)
    later = D(2019, 9, 1)
    error = _refused(association, "withdraw", later, "Borre")
    assert (error.rule, str(error.provision)) == ("notification-required", ref("§ 60 a, stk. 3"))
    _record(association, "notify", later, "Borre", matter="withdrawal", municipality="Borre")
    _record(association, "withdraw", later, "Borre")
    assert association.at(later).members == frozenset({"Arendal", "Dalby"})


def test_a_60a_change_needs_only_the_councils(small: Statute) -> None:
    association = _small_founded(small)
    day = D(2019, 6, 1)
    _record(association, "hold-meeting", day, "generalforsamling")
    _record(
        association, "adopt-statute", day, "generalforsamling", change="aendring-1", vote=_vote(2)
    )
    status = association.law(day)
    assert status.in_force["aendring-1"] is None
    assert status.waiting["aendring-1"] == ("Arendal", "Borre")
    for m in ("Arendal", "Borre"):
        _record(
            association,
            "kommunalbestyrelse-decision",
            D(2019, 7, 1),
            m,
            matter="change",
            change="aendring-1",
        )
    assert association.law(D(2019, 7, 1)).in_force["aendring-1"] == D(2019, 7, 1)
    error = _refused(
        association,
        "notify-statute",
        D(2019, 7, 2),
        "Arendal",
        matter="change",
        change="aendring-1",
    )
    assert (error.rule, str(error.provision)) == ("no-notification-needed", ref("§ 60 a, stk. 1"))


def test_a_change_before_the_statute_is_in_force_is_refused(small: Statute) -> None:
    association = _small_in_force(small)
    day = D(2019, 4, 1)
    error = _refused(
        association, "adopt-statute", day, "generalforsamling", change="aendring-1", vote=_vote(2)
    )
    assert (error.rule, str(error.provision)) == ("statute-not-in-force", ref("§ 60 a, stk. 3"))


def test_a_withdrawal_by_the_clock_is_listed_as_a_duty_the_protocol_cannot_precede() -> None:
    findings = [f for f in fr.check(fr.load(STATUTE)) if f.code == "I511"]
    text = STATUTE.read_text("utf-8")
    assert [(f.line, f.provision) for f in findings] == [
        (_line_of(text, "{when: notice_and_joined_phases_ended"), "kstl. § 60, stk. 1"),
        (_line_of(text, "{when: declined_and_joined_phases_ended"), "kstl. § 60, stk. 1"),
    ]


@pytest.mark.parametrize("code", ["W430", "E650", "E651", "E652", "E653", "I510", "I511"])
def test_the_law_examples_in_errors_md_show_the_linters_real_output(code: str) -> None:
    import re

    doc = (ROOT / "docs" / "errors.md").read_text("utf-8")
    section = doc[doc.index(f"## {code} ") :]
    section = section[: section.index("\n## ", 5)] if "\n## " in section[5:] else section
    [statute] = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    [console] = re.findall(r"```console\n(.*?)```", section, re.DOTALL)
    real = [f for f in fr.check(fr.loads(statute, name="statut.yaml")) if f.code == code]
    assert real
    for finding in real:
        line = f"statut.yaml:{finding.line}:{finding.column}: {finding.code} {finding.message}"
        assert f"    {line}\n" in f"{console}\n" and f"  {finding.provision}\n" in console


def test_the_e321_example_in_errors_md_is_the_loaders_real_output() -> None:
    import re

    doc = (ROOT / "docs" / "errors.md").read_text("utf-8")
    section = doc[doc.index("## E321 ") : doc.index("## E322 ")]
    [statute] = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    with pytest.raises(fr.StatuteError) as caught:
        fr.loads(statute, name="statut.yaml")
    (problem,) = caught.value.problems
    assert str(problem) in section


def test_no_body_votes_on_a_proposal_under_a_statute_not_yet_approved(statute: Statute) -> None:
    association = _established(statute)
    _decided(association, D(2015, 11, 1))
    day = D(2015, 12, 1)
    _record(association, "hold-meeting", day, "generalforsamling")
    _record(
        association,
        "draft-proposal",
        day,
        "generalforsamling",
        proposal="aktiviteter-2016",
        body="generalforsamling",
        power="fastlaeg-aarsaktiviteter",
    )
    _record(association, "put-to-vote", day, "generalforsamling", proposal="aktiviteter-2016")
    error = _refused(
        association, "vote", day, "generalforsamling", proposal="aktiviteter-2016", vote=_vote(3)
    )
    assert (error.rule, str(error.provision)) == ("statute-not-in-force", ref("§ 60, stk. 1"))


def test_the_docs_name_the_law_page_and_its_table_matches_the_data() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "docs/law.md" in readme
    page = (ROOT / "docs" / "law.md").read_text("utf-8")
    for rule in LAW.rules:
        assert f"`{rule.id}" in page, rule.id
    for authority in LAW.authorities:
        assert authority.start.isoformat() in page


def test_a_change_under_section_60_is_adopted_by_its_power_and_approved(statute: Statute) -> None:
    association = _in_force(statute)
    _record(association, "hold-meeting", D(2016, 2, 1), "bestyrelse")
    change = {"change": "aendring-1"}
    _record(
        association,
        "recommend",
        D(2016, 2, 1),
        "bestyrelse",
        power="godkend-vedtaegter",
        vote=_vote(3),
    )
    day = D(2016, 3, 1)
    _assembly(association, day)
    board = _refused(association, "adopt-statute", day, "bestyrelse", vote=_vote(3), **change)
    assert board.rule == "power:no-chain"
    _record(association, "adopt-statute", day, "generalforsamling", vote=_vote(3), **change)
    assert association.law(day).waiting["aendring-1"] == tuple(sorted(FOUNDERS))
    early = _refused(
        association, "approve-statute", day, "tilsynsmyndighed", matter="change", **change
    )
    assert (early.rule, str(early.provision)) == ("council-decisions-missing", ref("§ 60, stk. 1"))
    for m in FOUNDERS:
        _record(
            association, "kommunalbestyrelse-decision", D(2016, 4, 1), m, matter="change", **change
        )
    notified = _refused(
        association, "notify-statute", D(2016, 4, 2), "Greve", matter="change", **change
    )
    assert (notified.rule, str(notified.provision)) == ("approval-required", ref("§ 60, stk. 1"))
    assert association.law(D(2016, 4, 2)).in_force["aendring-1"] is None
    _record(
        association,
        "approve-statute",
        D(2016, 4, 2),
        "statsforvaltningen",
        matter="change",
        **change,
    )
    assert association.law(D(2016, 4, 2)).in_force["aendring-1"] == D(2016, 4, 2)


def test_a_60a_dissolution_by_a_majority_is_notified(small: Statute) -> None:
    association = _small_founded(small)
    day = D(2019, 9, 1)
    _record(association, "hold-meeting", day, "generalforsamling")
    vote = {"present": 2, "yes": 2, "no": 0}
    error = _refused(association, "dissolve", day, "generalforsamling", vote=vote)
    assert (error.rule, str(error.provision)) == ("notification-required", ref("§ 60 a, stk. 3"))
    _record(association, "notify", day, "Arendal", matter="dissolution")
    _record(association, "dissolve", day, "generalforsamling", vote=vote)
    assert association.at(day).association == "dissolved"


# --- Bad input to the law's events ----------------------------------------------------------


def test_a_60a_act_before_section_60a_existed_is_refused(small: Statute) -> None:
    association = Association(small)
    error = _refused(association, "adopt-statute", D(2018, 6, 30), "generalforsamling")
    assert (error.rule, str(error.provision)) == ("basis-not-in-force", ref("§ 60 a"))


def test_an_act_before_the_law_data_is_not_guessed(statute: Statute) -> None:
    association = Association(statute)
    _record(association, "sign-declaration", D(2006, 3, 1), "Greve")
    _record(association, "hold-meeting", D(2006, 10, 1), "generalforsamling")
    error = _refused(
        association, "adopt-statute", D(2006, 10, 1), "generalforsamling", vote=_vote(1)
    )
    assert (error.rule, str(error.provision)) == ("law-not-covered", ref("§ 60, stk. 1"))


@pytest.mark.parametrize(
    ("data", "rule"),
    [
        ({"participants": "Greve"}, "bad-data"),
        ({"participants": []}, "bad-data"),
        ({"participants": ["Greve", "Faxe"]}, "unknown-municipality"),
        ({"change": ""}, "missing-data"),
    ],
)
def test_bad_facts_of_an_adoption_are_refused(
    statute: Statute, data: dict[str, Any], rule: str
) -> None:
    association = Association(statute)
    _record(association, "sign-declaration", D(2015, 3, 1), "Greve")
    _record(association, "hold-meeting", D(2015, 10, 1), "generalforsamling")
    error = _refused(
        association, "adopt-statute", D(2015, 10, 1), "generalforsamling", vote=_vote(1), **data
    )
    assert error.rule == rule


def test_an_adoption_twice_is_refused(statute: Statute) -> None:
    association = _established(statute)
    error = _refused(
        association, "adopt-statute", D(2015, 10, 1), "generalforsamling", vote=_vote(3)
    )
    assert (error.rule, str(error.provision)) == ("already-adopted", ref("§ 60, stk. 1"))


@pytest.mark.parametrize(
    ("kind", "actor", "data", "rule"),
    [
        ("approve", "tilsynsmyndighed", {}, "bad-data"),
        ("approve", "tilsynsmyndighed", {"matter": "admission"}, "missing-data"),
        ("approve", "tilsynsmyndighed", {"matter": "phase", "phase": "fase-1"}, "unknown-phase"),
        ("notify", "tilsynsmyndighed", {"matter": "admission", "municipality": "Sorø"}, "actor"),
        ("kommunalbestyrelse-decision", "Faxe", {"matter": "admission"}, "unknown-municipality"),
        (
            "kommunalbestyrelse-decision",
            "tilsynsmyndighed",
            {"matter": "admission"},
            "council-decides",
        ),
        ("approve", "Greve", {"matter": "withdrawal", "municipality": "Sorø"}, "wrong-authority"),
    ],
)
def test_bad_facts_of_the_laws_acts_are_refused(
    statute: Statute, kind: str, actor: str, data: dict[str, Any], rule: str
) -> None:
    association = _in_force(statute)
    error = _refused(association, kind, D(2016, 2, 1), actor, **data)
    assert error.rule == rule


def test_a_withdrawal_approved_for_a_non_member_is_refused(statute: Statute) -> None:
    association = _in_force(statute)
    error = _refused(
        association,
        "approve",
        D(2016, 2, 1),
        "tilsynsmyndighed",
        matter="withdrawal",
        municipality="Sorø",
    )
    assert (error.rule, str(error.provision)) == ("not-a-member", ref("§ 60, stk. 1"))


def test_a_fixed_in_force_under_section_60_is_only_a_plan(tmp_path: Path) -> None:
    path, text = _statute(
        tmp_path, '  date: "2015-02-02"\n', '  date: "2015-02-02"\n  in_force: "2015-10-01"\n'
    )
    findings = [f for f in fr.check(fr.load(path)) if f.code == "W430"]
    assert [(f.line, f.provision) for f in findings] == [
        (_line_of(text, "  id: digitaliseringsforeningen"), "kstl. § 60, stk. 1")
    ]
    assert "in_force 2015-10-01 is fixed" in findings[0].message


def test_law_data_with_a_rule_id_twice_is_refused_at_the_second() -> None:
    text = _law_text().replace("  - id: ophaevelse\n", "  - id: godkendelse\n")
    problem = _problem(text)
    second = text.index("  - id: godkendelse\n", text.index("  - id: godkendelse\n") + 1)
    assert (problem.code, problem.line) == ("E322", text[:second].count("\n") + 1)


def test_law_data_that_cannot_be_read_is_a_library_error(tmp_path: Path) -> None:
    from foreningsregler.statute.law import load_law

    with pytest.raises(fr.StatuteError) as caught:
        load_law(tmp_path / "missing.yaml")
    assert [p.code for p in caught.value.problems] == ["E100"]
    bad = tmp_path / "lov.yaml"
    bad.write_text("format: 1\nlaw: [", "utf-8")
    with pytest.raises(fr.StatuteError) as caught:
        load_law(bad)
    assert [p.code for p in caught.value.problems] == ["E103"]
