"""The model built by the loader, and the linter's warnings and assumptions."""

from __future__ import annotations

from fractions import Fraction
from textwrap import dedent

import pytest

import foreningsregler as fr
from foreningsregler.statute.model import (
    BodyKind,
    FillMethod,
    Location,
    ProvisionRef,
    Quorum,
    Scope,
)

BASE = dedent(
    """\
    format: 1
    statute:
      id: lille
      name: Vedtægter for Lilleforeningen
      status: draft
      provision: "§ 1"
    sources:
      - id: kilde
        title: Kilden
        sections: ["1", "2"]
    provisions:
      - number: 1
        title: Navn
        sources: [{document: kilde, section: "1"}]
        stk:
          - text: Foreningens navn er Lilleforeningen.
      - number: 2
        title: Organer
        sources: [{document: kilde, section: "2"}]
        stk:
          - text: Generalforsamlingen består af alle medlemmer.
          - text: Generalforsamlingen vælger en bestyrelse på tre.
          - text: For hvert område vælger generalforsamlingen et udvalg på tre.
    areas:
      - {id: teknik, name: Teknik, provision: "§ 2, stk. 3"}
      - {id: social, name: Social, provision: "§ 2, stk. 3"}
    bodies:
      - id: generalforsamling
        name: Generalforsamlingen
        kind: assembly
        seats: members
        filled_by: {method: membership, provision: "§ 2, stk. 1"}
        provision: "§ 2, stk. 1"
      - id: bestyrelse
        name: Bestyrelsen
        kind: board
        seats: 3
        filled_by: {method: election, by: generalforsamling, provision: "§ 2, stk. 2"}
        provision: "§ 2, stk. 2"
      - id: udvalg
        name: Udvalget for {area}
        kind: committee
        per_area: true
        seats: 3
        drawn_from: generalforsamling
        filled_by: {method: election, by: generalforsamling, provision: "§ 2, stk. 3"}
        chair: {from: bestyrelse, provision: "§ 2, stk. 3"}
        provision: "§ 2, stk. 3"
    """
)


def lint(text: str) -> list[fr.Finding]:
    return fr.check(fr.loads(text, name="lille.yaml"))


def sub(text: str, old: str, new: str) -> str:
    """Replace text that must be there, so a test never silently tests BASE."""
    assert old in text, old
    return text.replace(old, new, 1)


def codes(findings: list[fr.Finding]) -> list[str]:
    return [f.code for f in findings]


def test_clean_statute_has_no_findings() -> None:
    assert lint(BASE) == []


def test_per_area_bodies_are_expanded_once_per_area() -> None:
    statute = fr.loads(BASE)
    committees = statute.instances("udvalg")
    assert [b.id for b in committees] == ["udvalg-teknik", "udvalg-social"]
    assert [b.name for b in committees] == ["Udvalget for Teknik", "Udvalget for Social"]
    assert {b.template for b in committees} == {"udvalg"}
    assert committees[0].area == "teknik"
    assert committees[0].chair is not None and committees[0].chair.from_body == "bestyrelse"
    assert statute.instances("bestyrelse") == (statute.body("bestyrelse"),)
    assert statute.instances("nobody") == ()


def test_body_fields_and_locations() -> None:
    board = fr.loads(BASE).body("bestyrelse")
    assert board.kind is BodyKind.BOARD
    assert board.size == 3
    assert board.filled_by.method is FillMethod.ELECTION
    assert board.filled_by.by == "generalforsamling"
    assert board.provision == ProvisionRef(2, 2)
    assert board.location is not None and board.location == Location(34, 5)
    assert fr.loads(BASE).body("generalforsamling").size is None


def test_provision_lookup() -> None:
    statute = fr.loads(BASE)
    section = statute.provision("§ 2")
    stk = statute.provision("§ 2, stk. 3")
    assert section is not None and getattr(section, "title", None) == "Organer"
    assert stk is not None and stk.text.startswith("For hvert område")
    assert statute.provision("§ 2, stk. 4") is None
    assert statute.provision("§ 9") is None


@pytest.mark.parametrize(
    ("text", "ref"),
    [("§ 5", ProvisionRef(5)), ("§ 12, stk. 3", ProvisionRef(12, 3))],
)
def test_provision_ref_round_trip(text: str, ref: ProvisionRef) -> None:
    assert ProvisionRef.parse(text) == ref
    assert str(ref) == text


@pytest.mark.parametrize("text", ["§5", "§ 0", "§ 5 stk. 2", "paragraf 5", "§ 5, stk. 0"])
def test_provision_ref_refuses_other_spellings(text: str) -> None:
    with pytest.raises(ValueError, match="not a provision reference"):
        ProvisionRef.parse(text)


def test_quorum_rounds_a_fraction_of_seats_up() -> None:
    assert Quorum(fraction=Fraction(1, 2)).required(3) == 2
    assert Quorum(fraction=Fraction(1, 2)).required(14) == 7
    assert Quorum(fraction=Fraction(2, 3)).required(14) == 10
    assert Quorum(count=2).required(3) == 2
    with pytest.raises(ValueError, match="either a count or a fraction"):
        Quorum()


def test_element_without_provision_is_w402_at_the_element() -> None:
    text = sub(BASE, '  - {id: social, name: Social, provision: "§ 2, stk. 3"}\n', "")
    text = sub(text, "areas:\n", "areas:\n  - {id: social, name: Social}\n")
    [finding] = lint(text)
    assert (finding.code, finding.line, finding.column) == ("W402", 25, 5)
    assert finding.file == "lille.yaml"
    assert "area social" in finding.message


def test_per_area_body_without_provision_is_reported_once() -> None:
    text = sub(
        BASE, 'chair: {from: bestyrelse, provision: "§ 2, stk. 3"}', "chair: {from: bestyrelse}"
    )
    findings = lint(text)
    assert codes(findings) == ["W402"]
    assert findings[0].message.startswith("body udvalg chair")


def test_uncited_stk_is_w401_with_its_provision() -> None:
    text = sub(BASE, "Lilleforeningen.\n", "Lilleforeningen.\n      - text: Hjemsted.\n")
    text = sub(text, '  provision: "§ 1"\nsources', '  provision: "§ 1, stk. 1"\nsources')
    [finding] = lint(text)
    assert finding.code == "W401"
    assert finding.provision == "§ 1, stk. 2"
    assert finding.line == 17


def test_uncited_section_is_one_w401() -> None:
    text = BASE + dedent(
        """\
        voting_rules:
          - {id: flertal, majority: simple, assumption: true, reason: Kilden er tavs.}
        """
    )
    text = sub(
        text,
        "  - number: 2\n",
        "  - number: 3\n    title: Tom\n    sources: [{document: kilde}]\n"
        "    stk:\n      - text: Intet.\n      - text: Heller intet.\n"
        "  - number: 2\n",
    )
    findings = lint(text)
    assert codes(findings) == ["W401", "W404", "I501"]
    assert findings[0].provision == "§ 3"
    assert findings[1].message == "§ 3 stands where § 2 was expected"
    assert findings[2].message == "voting rule flertal: Kilden er tavs."


def test_provision_without_source_is_w403_per_stk() -> None:
    text = sub(BASE, '    sources: [{document: kilde, section: "1"}]\n', "")
    [finding] = lint(text)
    assert (finding.code, finding.provision, finding.line) == ("W403", "§ 1, stk. 1", 15)


def test_assumptions_on_provisions_and_stk_are_listed() -> None:
    text = sub(
        BASE,
        "Lilleforeningen.\n",
        "Lilleforeningen.\n        assumption: true\n        reason: Navnet er valgt af os.\n",
    )
    [finding] = lint(text)
    assert finding.code == "I501"
    assert finding.severity is fr.Severity.INFO
    assert finding.message == "§ 1, stk. 1: Navnet er valgt af os."


def test_scope_values_are_enums() -> None:
    text = BASE + dedent(
        """\
        powers:
          - id: beslut
            name: Beslutte
            holder: generalforsamling
            provision: "§ 2, stk. 1"
        delegations:
          - power: beslut
            from: generalforsamling
            to: udvalg
            scope: [own_area, adopted_phases]
            provision: "§ 2, stk. 3"
        """
    )
    [delegation] = fr.loads(text).delegations
    assert delegation.scope == {Scope.OWN_AREA, Scope.ADOPTED_PHASES}
    assert delegation.subdelegation is False


def test_a_duplicate_section_names_the_line_of_the_first() -> None:
    text = (
        sub(BASE, "      - number: 2\n", "      - number: 1\n")
        if "      - number: 2\n" in BASE
        else (sub(BASE, "  - number: 2\n", "  - number: 1\n"))
    )
    with pytest.raises(fr.StatuteError) as caught:
        fr.loads(text, name="lille.yaml")
    [problem] = [p for p in caught.value.problems if p.code == "E309"]
    assert problem.line == 17
    assert problem.message == "two provisions are § 1 (first at line 12)"
