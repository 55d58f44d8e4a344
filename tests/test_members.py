"""Members that are not municipalities (issue 10, item 1): kinds open or closed,
named members, admission by kind, fees by size band, by kind and by a category
a body assigns, and the population date they use."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import minimal_text, one_problem, pos, replace, write

import foreningsregler as fr
from foreningsregler.economy import EconomyError, PopulationTable, fee_for, region_sjaelland_2023
from foreningsregler.economy.money import split_by_rule
from foreningsregler.statute.model import (
    Band,
    CategoryRule,
    KindAmount,
    KindRule,
    Member,
    MemberKind,
    MoneyKind,
    PopulationDate,
    ProvisionRef,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "members" / "medlemmer.yaml"
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
DOCS = ROOT / "docs"
DAY = dt.date(2024, 3, 1)
YES = {"present": 6, "yes": 6, "no": 0}
FOUNDERS = ["Sorø", "Solrød", "naestved", "region-sjaelland", "kl", "digst"]
K = MemberKind


def text() -> str:
    return FIXTURE.read_text("utf-8")


def load(source: str) -> fr.Statute:
    return fr.loads(source, name="medlemmer.yaml")


def findings(source: str, code: str) -> list[fr.Finding]:
    return [f for f in fr.check(load(source)) if f.code == code]


# --- The model -------------------------------------------------------------------


def test_kinds_and_named_members_load_with_their_provisions() -> None:
    membership = fr.load(FIXTURE).membership
    assert membership is not None
    assert membership.kinds[0] == KindRule(kind=K.KOMMUNE, open=True, provision=ProvisionRef(2, 1))
    assert membership.kind_rule(K.COMPANY) == KindRule(
        kind=K.COMPANY, open=False, provision=ProvisionRef(2, 2)
    )
    assert membership.members[0] == Member(
        id="region-sjaelland", name="Region Sjælland", kind=K.REGION, provision=ProvisionRef(2, 3)
    )


def test_municipalities_are_members_of_kind_kommune_beside_the_named_members() -> None:
    membership = fr.load(FIXTURE).membership
    assert membership is not None
    assert [(m.id, m.kind) for m in membership.roster] == [
        ("Sorø", K.KOMMUNE),
        ("Solrød", K.KOMMUNE),
        ("region-sjaelland", K.REGION),
        ("kl", K.ASSOCIATION),
        ("naestved", K.KOMMUNE),
        ("digst", K.STATE),
    ]
    assert membership.roster[0].provision == ProvisionRef(2, 1)  # the membership's
    assert membership.names == frozenset(FOUNDERS)


def test_a_fee_by_band_kind_and_category_loads() -> None:
    [rule] = fr.load(FIXTURE).money_rules
    assert rule.population_date == PopulationDate(
        month=1, day=1, years_before=1, provision=ProvisionRef(4, 1)
    )
    assert rule.bands[1] == Band(
        id="mellem", name="25.000-60.000 indbyggere", lower=25000, under=60000, amount=40000
    )
    assert rule.bands[-1].under is None
    assert rule.population_kinds == (K.KOMMUNE,)
    assert rule.per_kind == (KindAmount(kind=K.STATE, amount=50000, provision=ProvisionRef(4, 3)),)
    assert rule.category == CategoryRule(by="generalforsamling", provision=ProvisionRef(4, 4))
    assert rule.split is None


def test_the_fixture_and_the_bundled_statute_have_no_findings_of_their_own() -> None:
    assert [f for f in fr.check(fr.load(FIXTURE))] == []
    bundled = fr.check(fr.load(BUNDLED))
    assert not [f for f in bundled if f.code in {"W410", "W411", "E620", "E621", "E622"}]


def test_the_population_date_counts_from_the_start_of_the_financial_year() -> None:
    date = PopulationDate(month=1, day=1, years_before=1)
    assert date.for_year(dt.date(2024, 1, 1)) == dt.date(2023, 1, 1)
    assert date.for_year(dt.date(2024, 4, 1)) == dt.date(2023, 1, 1)  # regnskabsår from April
    assert PopulationDate(month=7).for_year(dt.date(2024, 1, 1)) == dt.date(2024, 7, 1)


def test_the_bundled_statute_states_its_population_date_as_an_assumption() -> None:
    kontingent = fr.load(BUNDLED).money_rules[0]
    stated = kontingent.population_date
    assert stated is not None and stated.assumption
    assert (stated.month, stated.day, stated.years_before) == (1, 1, 1)
    assert stated.provision == ProvisionRef(16, 4)


# --- Bad input at loading --------------------------------------------------------


def test_an_unknown_member_kind_is_e204_at_the_value(tmp_path: Path) -> None:
    source = replace(text(), "name: KL, kind: association", "name: KL, kind: forening")
    problem = one_problem(write(tmp_path, source), "E204")
    assert (problem.line, problem.column) == pos(source, "kind: forening", "forening")
    assert "'forening' is not one of 'kommune'" in problem.message
    assert problem.provision == "§ 2, stk. 3"


def test_a_kind_without_open_is_e203(tmp_path: Path) -> None:
    source = replace(
        text(), '{kind: region, open: true, provision: "§ 2, stk. 1"}', "{kind: region}"
    )
    problem = one_problem(write(tmp_path, source), "E203")
    assert "missing key 'open'" in problem.message
    assert (problem.line, problem.column) == pos(source, "{kind: region}")


def test_a_member_named_twice_is_e315_at_the_second(tmp_path: Path) -> None:
    source = replace(text(), "{id: naestved, name: Næstved,", "{id: naestved, name: Sorø,")
    problem = one_problem(write(tmp_path, source), "E315")
    first = pos(source, "municipalities: [Sorø")[0]
    assert problem.message == f"the member 'Sorø' is named twice (first at line {first})"
    assert (problem.line, problem.column) == pos(source, "name: Sorø,", "Sorø")
    assert problem.provision == "§ 2, stk. 3"


def test_a_member_id_twice_is_e315(tmp_path: Path) -> None:
    source = replace(text(), "{id: digst,", "{id: kl,")
    problem = one_problem(write(tmp_path, source), "E315")
    assert (problem.line, problem.column) == pos(source, "{id: kl, name: Digi", "kl")


def test_a_kind_listed_twice_is_e316(tmp_path: Path) -> None:
    source = replace(
        text(),
        '{kind: company, open: false, provision: "§ 2, stk. 2"}',
        '{kind: region, open: false, provision: "§ 2, stk. 2"}',
    )
    problem = one_problem(write(tmp_path, source), "E316")
    first = pos(source, "{kind: region, open: true")[0]
    assert problem.message == f"the kind 'region' is listed twice (first at line {first})"
    assert (problem.line, problem.column) == pos(source, "{kind: region, open: false", "region")
    assert problem.provision == "§ 2, stk. 2"


def test_an_amount_for_a_kind_twice_is_e316(tmp_path: Path) -> None:
    source = replace(
        text(),
        '      - {kind: state, amount: 50000, provision: "§ 4, stk. 3"}\n',
        '      - {kind: state, amount: 50000, provision: "§ 4, stk. 3"}\n'
        '      - {kind: state, amount: 10000, provision: "§ 4, stk. 3"}\n',
    )
    problem = one_problem(write(tmp_path, source), "E316")
    assert (problem.line, problem.column) == pos(source, "{kind: state, amount: 10000", "state")


def test_two_bands_with_one_id_is_e308(tmp_path: Path) -> None:
    source = replace(text(), "{id: stor, name:", "{id: mellem, name:")
    problem = one_problem(write(tmp_path, source), "E308")
    assert problem.message.startswith("two bands of kontingent have the id 'mellem'")
    assert (problem.line, problem.column) == pos(source, "{id: mellem, name: 60", "mellem")


def test_a_category_by_an_unknown_body_is_e301(tmp_path: Path) -> None:
    source = replace(text(), "category: {by: generalforsamling,", "category: {by: bestyrelse,")
    problem = one_problem(write(tmp_path, source), "E301")
    assert (problem.line, problem.column) == pos(source, "by: bestyrelse", "bestyrelse")
    assert problem.provision == "§ 4, stk. 4"


def test_bands_on_a_phase_payment_are_e204(tmp_path: Path) -> None:
    source = replace(text(), "kind: membership_fee", "kind: phase_payment")
    problem = one_problem(write(tmp_path, source), "E204")
    assert "'phase_payment' is not one of 'membership_fee'" in problem.message
    assert (problem.line, problem.column) == pos(source, "kind: phase_payment", "phase_payment")


def test_a_category_without_bands_is_e203(tmp_path: Path) -> None:
    source = re.sub(r"    bands:\n(      - .*\n)+", "", text())
    problem = one_problem(write(tmp_path, source), "E203")
    assert "missing key 'bands'" in problem.message
    assert "(required because of 'category')" in problem.message


def test_a_fee_without_split_bands_or_amounts_is_e203_for_split(tmp_path: Path) -> None:
    source = minimal_text().replace(
        "    split: {by: population, among: members, apportionment: largest_remainder}\n", ""
    )
    problem = one_problem(write(tmp_path, source), "E203")
    assert problem.message.startswith("missing key 'split'")


def test_a_negative_amount_and_a_band_without_from_are_refused(tmp_path: Path) -> None:
    source = replace(text(), "from: 0, under: 25000, amount: 20000", "under: 25000, amount: -1")
    problems = {p.code: p for p in fr_problems(write(tmp_path, source))}
    assert "missing key 'from'" in problems["E203"].message
    assert (problems["E204"].line, problems["E204"].column) == pos(source, "amount: -1", "-1")


def test_a_population_date_in_month_13_is_e204(tmp_path: Path) -> None:
    source = replace(text(), "population_date: {month: 1,", "population_date: {month: 13,")
    problem = one_problem(write(tmp_path, source), "E204")
    assert (problem.line, problem.column) == pos(source, "month: 13", "13")
    assert problem.provision == "§ 4, stk. 1"


def fr_problems(path: Path) -> list[fr.Finding]:
    with pytest.raises(fr.StatuteError) as caught:
        fr.load(path)
    return list(caught.value.problems)


# --- The linter ------------------------------------------------------------------


def _bands(*rows: str) -> str:
    start = text().index("    bands:\n")
    end = text().index("    per_kind:")
    return text()[:start] + "    bands:\n" + "".join(f"      - {r}\n" for r in rows) + text()[end:]


def test_an_upside_down_band_is_e620() -> None:
    source = _bands(
        "{id: lille, from: 0, under: 25000, amount: 1}",
        "{id: mellem, from: 60000, under: 25000, amount: 2}",
        "{id: stor, from: 25000, amount: 3}",
    )
    [finding] = findings(source, "E620")
    assert finding.message == (
        "kontingent: the band mellem (from 60.000 under 25.000) ends where or before it starts"
    )
    assert (finding.line, finding.column) == pos(source, "{id: mellem")
    assert finding.provision == "§ 4, stk. 2"
    assert not findings(source, "E621") and not findings(source, "E622")


def test_overlapping_bands_are_e621() -> None:
    source = _bands(
        "{id: lille, from: 0, under: 25000, amount: 1}",
        "{id: mellem, from: 20000, under: 60000, amount: 2}",
        "{id: stor, from: 60000, amount: 3}",
    )
    [finding] = findings(source, "E621")
    assert finding.message == (
        "kontingent: the bands lille (from 0 under 25.000) and mellem (from 20.000 under 60.000)"
        " overlap"
    )
    assert (finding.line, finding.column) == pos(source, "{id: mellem")
    assert finding.provision == "§ 4, stk. 2"


def test_two_open_ended_bands_overlap() -> None:
    source = _bands("{id: lille, from: 0, amount: 1}", "{id: stor, from: 60000, amount: 3}")
    [finding] = findings(source, "E621")
    assert (finding.line, finding.column) == pos(source, "{id: stor")


def test_a_gap_between_bands_is_e622() -> None:
    source = _bands(
        "{id: lille, from: 0, under: 25000, amount: 1}",
        "{id: mellem, from: 30000, under: 60000, amount: 2}",
        "{id: stor, from: 60000, amount: 3}",
    )
    [finding] = findings(source, "E622")
    assert finding.message == "kontingent: no band holds 25.000 to 29.999 inhabitants"
    assert (finding.line, finding.column) == pos(source, "{id: mellem")
    assert finding.provision == "§ 4, stk. 2"


def test_bands_that_start_above_zero_or_stop_are_e622() -> None:
    source = _bands(
        "{id: mellem, from: 25000, under: 60000, amount: 2}",
        "{id: stor, from: 60000, under: 120000, amount: 3}",
    )
    low, high = sorted(findings(source, "E622"), key=lambda f: f.line or 0)
    assert low.message == "kontingent: no band holds a population under 25.000"
    assert (low.line, low.column) == pos(source, "{id: mellem")
    assert high.message == "kontingent: no band holds 120.000 inhabitants or more"
    assert (high.line, high.column) == pos(source, "{id: stor")


def test_bands_given_out_of_order_but_whole_are_fine() -> None:
    source = _bands(
        "{id: stor, from: 60000, amount: 3}",
        "{id: lille, from: 0, under: 25000, amount: 1}",
        "{id: mellem, from: 25000, under: 60000, amount: 2}",
    )
    assert not [f for f in fr.check(load(source)) if f.code.startswith("E62")]


def test_a_named_member_of_a_closed_kind_is_e623() -> None:
    source = replace(text(), "name: KL, kind: association", "name: KL, kind: company")
    [finding] = findings(source, "E623")
    assert finding.message == "the member kl is of the kind company, which is closed to membership"
    assert (finding.line, finding.column) == pos(source, "{id: kl,")
    assert finding.provision == "§ 2, stk. 3"


def test_a_named_municipality_of_an_unlisted_kind_is_e623_at_the_membership() -> None:
    source = replace(text(), '    - {kind: kommune, open: true, provision: "§ 2, stk. 1"}\n', "")
    found = findings(source, "E623")
    assert [f.message for f in found] == [
        "the member Sorø is of the kind kommune, which is not listed in membership.kinds",
        "the member Solrød is of the kind kommune, which is not listed in membership.kinds",
        "the member naestved is of the kind kommune, which is not listed in membership.kinds",
    ]
    assert (found[0].line, found[0].column) == pos(source, "eligible: Kommuner")
    assert found[0].provision == "§ 2, stk. 1"


def test_an_open_kind_without_a_fee_is_e624() -> None:
    source = replace(
        text(), '    category: {by: generalforsamling, provision: "§ 4, stk. 4"}\n', ""
    )
    found = findings(source, "E624")
    assert [f.message.split(" no fee")[0] for f in found] == [
        "kontingent gives members of the kind region",
        "kontingent gives members of the kind public_body",
        "kontingent gives members of the kind association",
    ]
    assert (found[0].line, found[0].column) == pos(source, "id: kontingent")
    assert found[0].provision == "§ 4, stk. 2"


def test_a_fee_by_population_without_its_date_is_w410() -> None:
    source = replace(
        text(),
        '    population_date: {month: 1, day: 1, years_before: 1, provision: "§ 4, stk. 1"}\n',
        "",
    )
    [finding] = findings(source, "W410")
    assert finding.message.startswith(
        "kontingent goes by population, but states no population date"
    )
    assert (finding.line, finding.column) == pos(source, "id: kontingent")
    assert finding.provision == "§ 4, stk. 2"


def test_members_of_other_kinds_without_kinds_listed_is_w411() -> None:
    source = re.sub(r"  kinds:\n(    - .*\n)+", "", text())
    [finding] = findings(source, "W411")
    assert finding.message == (
        "members of the kinds association, region, state are named, but membership.kinds lists "
        "no kind open or closed: admission is not checked by kind"
    )
    assert (finding.line, finding.column) == pos(source, "eligible: Kommuner")
    assert finding.provision == "§ 2, stk. 1"


def test_a_kind_and_a_population_date_that_cite_nothing_are_w402() -> None:
    source = replace(
        text(), '{kind: region, open: true, provision: "§ 2, stk. 1"}', "{kind: region, open: true}"
    )
    source = replace(source, 'years_before: 1, provision: "§ 4, stk. 1"}', "years_before: 1}")
    found = findings(source, "W402")
    assert [f.message for f in found] == [
        "membership kind region cites no provision and is not marked as an assumption",
        "money rule kontingent population date cites no provision and is not marked as an "
        "assumption",
    ]
    assert (found[0].line, found[0].column) == pos(source, "{kind: region, open: true}")


def test_kinds_without_a_transition_that_admits_are_w405() -> None:
    source = text()[: text().index("lifecycles:")]
    [finding] = findings(source, "W405")
    assert finding.message.startswith("membership.kinds opens and closes kinds, but no membership")
    assert (finding.line, finding.column) == pos(source, "{kind: kommune, open: true")
    assert finding.provision == "§ 2, stk. 1"


@pytest.mark.parametrize(
    "code", ["E315", "E316", "W410", "W411", "E620", "E621", "E622", "E623", "E624"]
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


# --- Admission by kind -----------------------------------------------------------


def _association(source: str | None = None) -> fr.Association:
    return fr.Association(load(source) if source else fr.load(FIXTURE))


def _record(association: fr.Association, kind: str, actor: str, **data: object) -> None:
    association.record(fr.Event(kind, DAY, actor, data))


def _refused(
    association: fr.Association, kind: str, actor: str, **data: object
) -> fr.RuleViolation:
    before = association.at(DAY)
    count = len(association.events)
    with pytest.raises(fr.RuleViolation) as caught:
        _record(association, kind, actor, **data)
    assert len(association.events) == count and association.at(DAY) == before
    return caught.value


def _founded(source: str | None = None, founders: list[str] = FOUNDERS) -> fr.Association:
    association = _association(source)
    for member in founders:
        _record(association, "apply", member)
    _record(association, "hold-meeting", "generalforsamling")
    yes = {"present": len(founders), "yes": len(founders), "no": 0}
    for member in founders:
        _record(association, "admit", "generalforsamling", municipality=member, vote=yes)
    return association


def test_members_of_open_kinds_are_admitted() -> None:
    association = _founded()
    assert association.at(DAY).members == frozenset(FOUNDERS)


def test_a_named_member_of_a_closed_kind_is_refused_at_admission() -> None:
    source = replace(text(), "name: KL, kind: association", "name: KL, kind: company")
    association = _association(source)
    _record(association, "apply", "kl")
    _record(association, "hold-meeting", "generalforsamling")
    refusal = _refused(association, "admit", "generalforsamling", municipality="kl", vote=YES)
    assert refusal.rule == "member-kind-closed"
    assert refusal.provision == ProvisionRef(2, 2)
    assert refusal.message == "membership is closed to the kind company; kl cannot be admitted"


UNNAMED = re.sub(r"  members:\n(    - .*\n)+", "", text()).replace(
    "  municipalities: [Sorø, Solrød]\n", ""
)


def _applied(name: str) -> fr.Association:
    association = _association(UNNAMED)
    _record(association, "apply", name)
    _record(association, "hold-meeting", "generalforsamling")
    return association


ONE = {"present": 1, "yes": 1, "no": 0}


def test_an_unnamed_member_states_its_kind_and_a_closed_one_is_refused() -> None:
    association = _applied("It-huset A/S")
    refusal = _refused(
        association,
        "admit",
        "generalforsamling",
        municipality="It-huset A/S",
        member_kind="company",
        vote=ONE,
    )
    assert (refusal.rule, refusal.provision) == ("member-kind-closed", ProvisionRef(2, 2))


def test_an_unnamed_member_of_an_open_kind_is_admitted() -> None:
    association = _applied("Region Hovedstaden")
    _record(
        association,
        "admit",
        "generalforsamling",
        municipality="Region Hovedstaden",
        member_kind="region",
        vote=ONE,
    )
    assert association.at(DAY).members == {"Region Hovedstaden"}


def test_a_kind_the_statute_does_not_list_is_refused() -> None:
    source = replace(UNNAMED, '    - {kind: state, open: true, provision: "§ 2, stk. 1"}\n', "")
    association = _association(source)
    _record(association, "apply", "Digitaliseringsstyrelsen")
    _record(association, "hold-meeting", "generalforsamling")
    refusal = _refused(
        association,
        "admit",
        "generalforsamling",
        municipality="Digitaliseringsstyrelsen",
        member_kind="state",
        vote=ONE,
    )
    assert refusal.rule == "member-kind-not-listed"
    assert refusal.provision == ProvisionRef(2, 1)
    assert "which the statute does not list" in refusal.message


def test_an_unnamed_member_without_its_kind_is_refused() -> None:
    association = _applied("Region Hovedstaden")
    refusal = _refused(
        association, "admit", "generalforsamling", municipality="Region Hovedstaden", vote=ONE
    )
    assert (refusal.rule, refusal.provision) == ("missing-data", ProvisionRef(2, 1))
    assert "member_kind" in refusal.message


def test_a_member_kind_that_is_no_kind_is_bad_data() -> None:
    association = _applied("Region Hovedstaden")
    refusal = _refused(
        association,
        "admit",
        "generalforsamling",
        municipality="Region Hovedstaden",
        member_kind="regionen",
        vote=ONE,
    )
    assert (refusal.rule, refusal.provision) == ("bad-data", ProvisionRef(2, 1))
    assert refusal.message.startswith("'member_kind' is one of kommune, region,")


def test_a_member_kind_against_the_statute_is_refused() -> None:
    association = _association()
    _record(association, "apply", "kl")
    _record(association, "hold-meeting", "generalforsamling")
    refusal = _refused(
        association,
        "admit",
        "generalforsamling",
        municipality="kl",
        member_kind="kommune",
        vote={"present": 1, "yes": 1, "no": 0},
    )
    assert (refusal.rule, refusal.provision) == ("member-kind", ProvisionRef(2, 3))
    assert refusal.message == "the statute names kl a member of the kind association, not kommune"


def test_a_member_the_statute_does_not_name_is_refused_where_it_names_members() -> None:
    association = _association()
    refusal = _refused(association, "apply", "Region Hovedstaden")
    assert refusal.rule == "unknown-municipality"


def test_without_kinds_admission_does_not_look_at_kinds() -> None:
    source = re.sub(r"  kinds:\n(    - .*\n)+", "", UNNAMED)
    association = _association(source)
    _record(association, "apply", "It-huset A/S")
    _record(association, "hold-meeting", "generalforsamling")
    _record(association, "admit", "generalforsamling", municipality="It-huset A/S", vote=ONE)
    assert association.at(DAY).members == {"It-huset A/S"}


# --- A category by decision ------------------------------------------------------


def test_the_body_assigns_a_band_to_a_member_without_population() -> None:
    association = _founded()
    _record(
        association,
        "assign-category",
        "generalforsamling",
        municipality="region-sjaelland",
        category="storst",
        vote=YES,
    )
    placed = association.at(DAY).categories["region-sjaelland"]
    assert (placed.rule, placed.category, placed.since) == ("kontingent", "storst", DAY)
    assert placed.provision == ProvisionRef(4, 4)
    assert association.at(DAY).to_json()["categories"] == {
        "region-sjaelland": {"rule": "kontingent", "category": "storst", "since": "2024-03-01"}
    }


@pytest.mark.parametrize(
    ("member", "rule", "provision"),
    [
        ("Sorø", "category-not-needed", ProvisionRef(4, 2)),  # placed by its population
        ("naestved", "category-not-needed", ProvisionRef(4, 2)),
        ("digst", "category-not-needed", ProvisionRef(4, 3)),  # the state's fixed amount
    ],
)
def test_a_category_for_a_member_already_placed_is_refused(
    member: str, rule: str, provision: ProvisionRef
) -> None:
    association = _founded()
    refusal = _refused(
        association,
        "assign-category",
        "generalforsamling",
        municipality=member,
        category="lille",
        vote=YES,
    )
    assert (refusal.rule, refusal.provision) == (rule, provision)


def test_a_category_the_fee_does_not_have_is_refused() -> None:
    association = _founded()
    refusal = _refused(
        association,
        "assign-category",
        "generalforsamling",
        municipality="kl",
        category="kaempe",
        vote=YES,
    )
    assert (refusal.rule, refusal.provision) == ("unknown-category", ProvisionRef(4, 2))
    assert refusal.message == "the fee kontingent knows no category 'kaempe'"


def test_a_category_needs_the_bodys_vote_and_meeting() -> None:
    association = _founded()
    refusal = _refused(
        association, "assign-category", "generalforsamling", municipality="kl", category="lille"
    )
    assert (refusal.rule, refusal.provision) == ("no-vote", ProvisionRef(3, 2))
    failed = _refused(
        association,
        "assign-category",
        "generalforsamling",
        municipality="kl",
        category="lille",
        vote={"present": 6, "yes": 2, "no": 4},
    )
    assert (failed.rule, failed.provision) == ("vote-failed", ProvisionRef(3, 2))
    later = fr.Event(
        "assign-category",
        DAY + dt.timedelta(days=1),
        "generalforsamling",
        {"municipality": "kl", "category": "lille", "vote": YES},
    )
    with pytest.raises(fr.RuleViolation) as caught:
        association.record(later)
    assert (caught.value.rule, caught.value.provision) == ("no-meeting", ProvisionRef(3, 1))


def test_a_category_by_another_body_or_for_a_non_member_is_refused() -> None:
    source = replace(
        text(), "category: {by: generalforsamling,", "category: {by: generalforsamling-x,"
    ).replace(
        "bodies:\n",
        "bodies:\n  - id: generalforsamling-x\n    name: Udvalget\n    kind: committee\n"
        "    seats: 1\n    filled_by: {method: election, by: generalforsamling, "
        'provision: "§ 4, stk. 4"}\n    provision: "§ 4, stk. 4"\n',
    )
    association = _founded(source)
    refusal = _refused(
        association,
        "assign-category",
        "generalforsamling",
        municipality="kl",
        category="lille",
        vote=YES,
    )
    assert (refusal.rule, refusal.provision) == ("actor", ProvisionRef(4, 4))
    fresh = _association()
    stranger = _refused(
        fresh, "assign-category", "generalforsamling", municipality="kl", category="lille"
    )
    assert (stranger.rule, stranger.provision) == ("not-a-member", ProvisionRef(4, 4))


def test_a_statute_without_category_refuses_assign_category() -> None:
    association = fr.Association(fr.load(BUNDLED))
    refusal = _refused(
        association, "assign-category", "generalforsamling", municipality="Sorø", category="x"
    )
    assert (refusal.rule, refusal.provision) == ("no-category-rule", None)


# --- Fees for a member and a year, by hand ----------------------------------------

TABLE_2023 = region_sjaelland_2023()  # 1 January 2023: Sorø 30.444, Solrød 24.216, Næstved 84.574


def _fee_state() -> fr.State:
    association = _founded()
    _record(
        association,
        "assign-category",
        "generalforsamling",
        municipality="region-sjaelland",
        category="storst",
        vote=YES,
    )
    return association.at(DAY)


def test_a_municipalitys_fee_is_its_band_on_the_population_date() -> None:
    statute = fr.load(FIXTURE)
    soroe = fee_for(statute, "Sorø", 2024, population=TABLE_2023)
    # 30.444 inhabitants on 1 January 2023: 25.000-60.000, 40.000 kr.
    assert (soroe.band, soroe.population, soroe.amount) == ("mellem", 30444, 4_000_000)
    assert soroe.population_date == dt.date(2023, 1, 1)
    assert soroe.basis == "population" and soroe.kind is K.KOMMUNE
    assert soroe.provisions == (ProvisionRef(4, 2), ProvisionRef(4, 1))
    solroed = fee_for(statute, "Solrød", 2024, population=TABLE_2023)
    assert (solroed.band, solroed.amount) == ("lille", 2_000_000)  # 24.216: under 25.000
    naestved = fee_for(statute, "naestved", 2024, population=[TABLE_2023])
    assert (naestved.band, naestved.population, naestved.amount) == ("stor", 84574, 6_000_000)


def test_the_band_limits_hold_from_inclusive_under_exclusive() -> None:
    statute = fr.load(FIXTURE)
    counts = {"A": 24999, "B": 25000, "C": 59999, "D": 60000, "E": 120000, "F": 0}
    table = PopulationTable(dt.date(2023, 1, 1), "hånd", counts)
    bands = {m: fee_for(statute, m, 2024, population=table, kind=K.KOMMUNE).band for m in counts}
    assert bands == {
        "A": "lille",
        "B": "mellem",
        "C": "mellem",
        "D": "stor",
        "E": "storst",
        "F": "lille",
    }


def test_a_state_body_pays_the_amount_for_its_kind() -> None:
    fee = fee_for(fr.load(FIXTURE), "digst", 2024)
    assert (fee.basis, fee.amount, fee.band) == ("kind", 5_000_000, None)
    assert fee.provisions == (ProvisionRef(4, 2), ProvisionRef(4, 3))


def test_a_member_without_population_pays_the_band_assigned_by_decision() -> None:
    fee = fee_for(fr.load(FIXTURE), "region-sjaelland", 2024, state=_fee_state())
    assert (fee.basis, fee.band, fee.amount, fee.kind) == (
        "category",
        "storst",
        8_000_000,
        K.REGION,
    )
    assert fee.provisions == (ProvisionRef(4, 2), ProvisionRef(4, 4))


def test_a_member_without_a_category_yet_has_no_fee() -> None:
    with pytest.raises(EconomyError) as caught:
        fee_for(fr.load(FIXTURE), "kl", 2024, state=_fee_state())
    assert str(caught.value) == (
        "kl has no category under kontingent: generalforsamling assigns one by decision "
        "(assign-category) [§ 4, stk. 4]"
    )


def test_a_table_of_another_date_is_refused_with_the_date_it_needs() -> None:
    with pytest.raises(EconomyError) as caught:
        fee_for(fr.load(FIXTURE), "Sorø", 2025, population=TABLE_2023)
    assert str(caught.value) == (
        "kontingent for 2025 counts the population of 2024-01-01 [§ 4, stk. 1]; "
        "no table of that date is given (given: 2023-01-01)"
    )


def test_a_fee_for_a_member_of_unknown_kind_or_no_population_is_refused() -> None:
    statute = fr.load(FIXTURE)
    with pytest.raises(EconomyError, match="does not name Greve: give its kind"):
        fee_for(statute, "Greve", 2024, population=TABLE_2023)
    with pytest.raises(EconomyError, match="names kl a association, not a kommune"):
        fee_for(statute, "kl", 2024, kind=K.KOMMUNE)
    with pytest.raises(EconomyError, match="no population for Atlantis"):
        fee_for(statute, "Atlantis", 2024, population=TABLE_2023, kind=K.KOMMUNE)
    with pytest.raises(EconomyError, match="fixes no fee per member"):
        fee_for(fr.load(BUNDLED), "Sorø", 2024, population=TABLE_2023)


def test_a_split_by_population_checks_the_tables_date_for_the_year() -> None:
    statute = fr.load(BUNDLED)
    members = ["Sorø", "Næstved"]
    split = split_by_rule(statute, MoneyKind.MEMBERSHIP_FEE, 100, members, TABLE_2023, 2024)
    assert sum(split.shares.values()) == 100
    with pytest.raises(EconomyError, match="counts the population of 2022-01-01"):
        split_by_rule(statute, MoneyKind.MEMBERSHIP_FEE, 100, members, TABLE_2023, 2023)


def test_a_category_under_a_fee_that_has_none_is_refused() -> None:
    association = _founded()
    refusal = _refused(
        association,
        "assign-category",
        "generalforsamling",
        municipality="kl",
        category="lille",
        rule="fasebetaling",
        vote=YES,
    )
    assert (refusal.rule, refusal.provision) == ("unknown-rule", None)
    assert refusal.message == "name the fee the category is for: rule: one of kontingent"
