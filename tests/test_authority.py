"""The competence graph and its compiled index: chains, conditions, denials."""

from __future__ import annotations

import datetime as dt
from textwrap import dedent

import pytest

import foreningsregler as fr
from foreningsregler.authority.index import (
    Authority,
    EdgeKind,
    Reason,
    StaticState,
    UnknownName,
    build_graph,
)
from foreningsregler.statute.model import ProvisionRef, Scope

STATUTE = dedent(
    """\
    format: 1
    statute: {id: test, name: Test, status: draft, provision: "§ 1", in_force: "2016-03-17"}
    provisions:
      - number: 1
        title: Organer
        assumption: true
        reason: Et testeksempel.
        stk:
          - text: Generalforsamlingen består af alle medlemmer.
          - text: Bestyrelsen vælges af generalforsamlingen.
          - text: Direktionen udpeges af bestyrelsen.
          - text: Hvert område har et udvalg, valgt af generalforsamlingen.
      - number: 2
        title: Kompetence
        assumption: true
        reason: Et testeksempel.
        stk:
          - text: Generalforsamlingen vedtager faser efter indstilling fra bestyrelsen.
          - text: Generalforsamlingen kan overlade anskaffelser til udvalgene.
          - text: Generalforsamlingen kan overlade driften til bestyrelsen, som kan videregive.
          - text: Direktionen kan ikke videregive driften.
    areas:
      - {id: it, name: IT, provision: "§ 1, stk. 4"}
      - {id: social, name: Social, provision: "§ 1, stk. 4"}
    bodies:
      - id: gf
        name: Generalforsamlingen
        kind: assembly
        seats: members
        filled_by: {method: membership}
        provision: "§ 1, stk. 1"
      - id: bestyrelse
        name: Bestyrelsen
        kind: board
        seats: 3
        filled_by: {method: election, by: gf}
        provision: "§ 1, stk. 2"
      - id: direktion
        name: Direktionen
        kind: management
        seats: 3
        filled_by: {method: appointment, by: bestyrelse}
        provision: "§ 1, stk. 3"
      - id: sekretariat
        name: Sekretariatet
        kind: secretariat
        seats: 4
        filled_by: {method: employment, by: direktion}
        provision: "§ 1, stk. 3"
      - id: udvalg
        name: Udvalget for {area}
        kind: committee
        per_area: true
        seats: 3
        filled_by: {method: election, by: gf}
        chair: {from: direktion, provision: "§ 1, stk. 4"}
        provision: "§ 1, stk. 4"
    powers:
      - id: vedtag-fase
        name: Vedtage faser
        holder: gf
        exclusive: true
        requires: [{kind: recommendation, from: bestyrelse, provision: "§ 2, stk. 1"}]
        provision: "§ 2, stk. 1"
      - id: anskaf
        name: Igangsætte anskaffelser
        holder: gf
        provision: "§ 2, stk. 2"
      - id: drift
        name: Daglig drift
        holder: gf
        provision: "§ 2, stk. 3"
    delegations:
      - power: anskaf
        from: gf
        to: udvalg
        scope: [adopted_phases, running_phases, participating_municipalities, own_area]
        provision: "§ 2, stk. 2"
      - power: drift
        from: gf
        to: bestyrelse
        subdelegation: true
        provision: "§ 2, stk. 3"
      - power: drift
        from: bestyrelse
        to: direktion
        provision: "§ 2, stk. 3"
      - power: drift
        from: direktion
        to: sekretariat
        provision: "§ 2, stk. 4"
    """
)

FASE_1 = StaticState(
    adopted=frozenset({"fase-1", "fase-2"}),
    running=frozenset({"fase-1"}),
    participants={"fase-1": frozenset({"Sorø", "Næstved"}), "fase-2": frozenset({"Sorø"})},
    proposed=frozenset({"fase-3"}),
)


@pytest.fixture(scope="module")
def authority() -> Authority:
    return Authority(fr.loads(STATUTE, name="test.yaml"))


def test_graph_has_typed_edges_with_provisions() -> None:
    graph = build_graph(fr.loads(STATUTE))
    edges = {(u, v, d["kind"]): d for u, v, d in graph.edges(data=True)}
    assert edges[("gf", "bestyrelse", "elects")]["provision"] == "§ 1, stk. 2"
    assert edges[("bestyrelse", "direktion", "appoints")]["provision"] == "§ 1, stk. 3"
    assert edges[("gf", "vedtag-fase", "holds")]["provision"] == "§ 2, stk. 1"
    assert edges[("bestyrelse", "vedtag-fase", "recommends")]["provision"] == "§ 2, stk. 1"
    assert edges[("direktion", "udvalg-it", "chairs")]["provision"] == "§ 1, stk. 4"
    delegation = edges[("gf", "udvalg-social", "delegates")]
    assert delegation["power"] == "anskaf"
    assert delegation["provision"] == "§ 2, stk. 2"
    # No body of this statute is drawn from another or set up by decision.
    assert {d["kind"] for d in edges.values()} >= {k.value for k in EdgeKind} - {
        "member_of",
        "sets_up",
    }
    assert graph.nodes["bestyrelse"]["size"] == 3
    assert graph.nodes["gf"]["size"] is None
    assert graph.nodes["anskaf"]["kind"] == "power"


def test_holder_is_allowed_with_one_holds_step(authority: Authority) -> None:
    answer = authority.check("gf", "vedtag-fase")
    assert answer.allowed
    [chain] = answer.chains
    [step] = chain.steps
    assert (step.kind, step.source, step.target) == (EdgeKind.HOLDS, "gf", "vedtag-fase")
    assert step.provision == ProvisionRef(2, 1)
    assert [(r.kind, r.body, str(r.provision)) for r in answer.requires] == [
        ("recommendation", "bestyrelse", "§ 2, stk. 1")
    ]


def test_body_without_chain_is_refused_with_the_powers_provision(authority: Authority) -> None:
    answer = authority.check("bestyrelse", "vedtag-fase")
    assert not answer.allowed
    assert answer.chains == ()
    [denial] = answer.denials
    assert denial.reason is Reason.NO_CHAIN
    assert denial.provision == ProvisionRef(2, 1)
    assert "held by gf" in denial.message


def test_scoped_delegation_states_its_conditions_without_state(authority: Authority) -> None:
    answer = authority.check("udvalg-it", "anskaf")
    assert answer.allowed and not answer.evaluated
    assert [c.scope for c in answer.conditions] == [
        Scope.ADOPTED_PHASES,
        Scope.OWN_AREA,
        Scope.PARTICIPATING_MUNICIPALITIES,
        Scope.RUNNING_PHASES,
    ]
    assert {str(c.provision) for c in answer.conditions} == {"§ 2, stk. 2"}
    [chain] = answer.chains
    assert [s.kind for s in chain.steps] == [EdgeKind.HOLDS, EdgeKind.DELEGATES]


@pytest.mark.parametrize(
    ("phase", "municipality", "reason"),
    [
        ("fase-1", "Sorø", None),
        ("fase-3", "Sorø", Reason.PHASE_NOT_ADOPTED),
        ("fase-2", "Sorø", Reason.PHASE_NOT_RUNNING),
        ("fase-1", "Køge", Reason.NOT_PARTICIPATING),
        (None, "Sorø", Reason.PHASE_REQUIRED),
        ("fase-1", None, Reason.MUNICIPALITY_REQUIRED),
    ],
)
def test_scoped_delegation_is_evaluated_on_a_state(
    authority: Authority, phase: str | None, municipality: str | None, reason: Reason | None
) -> None:
    answer = authority.check(
        "udvalg-it", "anskaf", phase=phase, municipality=municipality, state=FASE_1, area="it"
    )
    assert answer.evaluated
    assert answer.allowed is (reason is None)
    if reason is not None:
        [denial] = answer.denials
        assert denial.reason is reason
        assert denial.provision == ProvisionRef(2, 2)


def test_own_area_refuses_another_area(authority: Authority) -> None:
    facts = {"phase": "fase-1", "municipality": "Sorø"}
    answer = authority.check("udvalg-it", "anskaf", area="social", **facts)
    [denial] = answer.denials
    assert denial.reason is Reason.OTHER_AREA
    assert authority.check("udvalg-it", "anskaf", area="it", **facts).allowed


def test_own_area_is_never_skipped_when_the_area_is_left_out(authority: Authority) -> None:
    answer = authority.check(
        "udvalg-it", "anskaf", phase="fase-1", municipality="Sorø", state=FASE_1
    )
    [denial] = answer.denials
    assert (denial.reason, denial.provision) == (Reason.AREA_REQUIRED, ProvisionRef(2, 2))
    assert denial.message.startswith("name the area")


def test_phase_scopes_need_the_phase_even_without_a_state(authority: Authority) -> None:
    answer = authority.check("udvalg-it", "anskaf", municipality="Sorø", area="it")
    [denial] = answer.denials
    assert denial.reason is Reason.PHASE_REQUIRED
    assert not answer.allowed


def test_an_unknown_area_or_municipality_is_an_unknown_name(authority: Authority) -> None:
    with pytest.raises(UnknownName, match="unknown area 'itt'; did you mean 'it'"):
        authority.check("udvalg-it", "anskaf", area="itt")


def test_a_phase_not_on_record_is_an_unknown_name_where_the_scope_needs_it(
    authority: Authority,
) -> None:
    with pytest.raises(UnknownName, match="unknown phase 'fase-99'"):
        authority.check(
            "udvalg-it", "anskaf", phase="fase-99", municipality="Sorø", area="it", state=FASE_1
        )


def test_a_template_name_points_at_the_instances(authority: Authority) -> None:
    with pytest.raises(UnknownName, match="udvalg is defined per area: name one of udvalg-"):
        authority.check("udvalg", "anskaf")


def test_subdelegation_only_where_allowed(authority: Authority) -> None:
    chains = authority.chains("direktion", "drift")
    assert [[s.source for s in c.steps] for c in chains] == [["gf", "gf", "bestyrelse"]]
    # the direktion received drift without subdelegation: its onward delegation grants nothing
    assert not authority.check("sekretariat", "drift").allowed
    assert authority.list_bodies("drift") == ("gf", "bestyrelse", "direktion")


def test_not_in_force_before_the_statute_takes_effect(authority: Authority) -> None:
    answer = authority.check("gf", "vedtag-fase", on=dt.date(2016, 1, 1))
    [denial] = answer.denials
    assert denial.reason is Reason.NOT_IN_FORCE
    assert denial.provision == ProvisionRef(1)
    assert authority.check("gf", "vedtag-fase", on=dt.date(2016, 3, 17)).allowed


def test_lists_and_tree(authority: Authority) -> None:
    assert authority.list_powers("gf") == ("vedtag-fase", "anskaf", "drift")
    assert authority.list_powers("udvalg-social") == ("anskaf",)
    assert authority.list_powers("sekretariat") == ()
    assert authority.list_bodies("anskaf") == ("gf", "udvalg-it", "udvalg-social")
    [root] = authority.expand("drift")
    assert root.body == "gf"
    [board] = root.children
    assert board.body == "bestyrelse" and board.step.provision == ProvisionRef(2, 3)
    [management] = board.children
    assert management.body == "direktion" and management.children == ()


def test_unknown_names_raise_with_a_suggestion(authority: Authority) -> None:
    with pytest.raises(UnknownName, match="unknown body 'bestyrelsen'; did you mean 'bestyrelse'"):
        authority.check("bestyrelsen", "drift")
    with pytest.raises(UnknownName, match="unknown power 'drifft'"):
        authority.list_bodies("drifft")


def test_answer_json_carries_every_provision(authority: Authority) -> None:
    data = authority.check(
        "udvalg-it", "anskaf", phase="fase-3", municipality="Sorø", state=FASE_1
    ).to_json()
    assert data["allowed"] is False
    assert data["chains"] == [
        [
            {
                "kind": "holds",
                "from": "gf",
                "to": "anskaf",
                "provision": "§ 2, stk. 2",
                "scope": [],
            },
            {
                "kind": "delegates",
                "from": "gf",
                "to": "udvalg-it",
                "provision": "§ 2, stk. 2",
                "scope": [
                    "adopted_phases",
                    "own_area",
                    "participating_municipalities",
                    "running_phases",
                ],
            },
        ]
    ]
    assert data["denials"] == [
        {
            "reason": "phase-not-adopted",
            "message": "the phase fase-3 has not been adopted",
            "provision": "§ 2, stk. 2",
        }
    ]


def test_a_template_named_from_outside_its_areas_means_every_area() -> None:
    appointed = "    filled_by: {method: appointment, by: bestyrelse}\n"
    text = STATUTE.replace(appointed, appointed + "    drawn_from: udvalg\n")
    assert text != STATUTE
    graph = build_graph(fr.loads(text))
    assert {
        v for _, v, d in graph.out_edges("direktion", data=True) if d["kind"] == "member_of"
    } == {"udvalg-it", "udvalg-social"}
    assert "udvalg" not in graph  # no bare node for the template
    assert all(graph.nodes[n]["kind"] in ("body", "power") for n in graph)
