"""The graph exports: the same nodes and edges in Mermaid, DOT, GraphML and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import foreningsregler as fr
from foreningsregler.authority.export import FORMATS, render
from foreningsregler.authority.index import build_graph
from foreningsregler.cli import cli
from foreningsregler.i18n import use_language

ROOT = Path(__file__).resolve().parent.parent
STATUTE = fr.load(ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml")


def test_json_nodes_and_edges_have_the_documented_keys() -> None:
    data = json.loads(render(STATUTE, "json"))
    assert (data["directed"], data["multigraph"]) == (True, True)
    assert data["graph"] == {"statute": "digitaliseringsforeningen", "format": 1}
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["bestyrelse"] == {
        "id": "bestyrelse",
        "kind": "body",
        "name": "Bestyrelsen",
        "size": 3,
        "body_kind": "board",
        "area": None,
        "template": None,
    }
    assert nodes["generalforsamling"]["size"] is None
    assert nodes["f3-it"]["template"] == "f3"
    assert nodes["vedtag-faser"] == {
        "id": "vedtag-faser",
        "kind": "power",
        "exclusive": True,
        "name": "Vedtage indholdet af de forestående faser",
    }
    for edge in data["edges"]:
        assert {"source", "target", "kind", "power", "provision", "key"} <= set(edge)
    elects = [e for e in data["edges"] if e["kind"] == "elects" and e["target"] == "bestyrelse"]
    assert elects == [
        {
            "source": "generalforsamling",
            "target": "bestyrelse",
            "kind": "elects",
            "key": "elects",
            "power": None,
            "provision": "§ 6, stk. 2",
        }
    ]
    [delegation] = [e for e in data["edges"] if e["kind"] == "delegates" and e["target"] == "f3-it"]
    assert delegation["power"] == "igangsaet-anskaffelse"
    assert delegation["provision"] == "§ 11, stk. 2"
    assert delegation["scope"] == [
        "adopted_phases",
        "own_area",
        "participating_municipalities",
        "running_phases",
    ]
    assert delegation["subdelegation"] is False


def test_json_round_trips_through_networkx() -> None:
    graph = build_graph(STATUTE)
    back = nx.node_link_graph(json.loads(render(STATUTE, "json")), edges="edges")
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert {d["kind"] for *_, d in back.edges(data=True)} == {
        "elects",
        "appoints",
        "holds",
        "delegates",
        "recommends",
        "chairs",
        "member_of",
        "sets_up",
    }


def test_graphml_parses_back_with_the_same_counts() -> None:
    graph = build_graph(STATUTE)
    back = nx.parse_graphml(render(STATUTE, "graphml"))
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes["bestyrelse"]["size"] == 3
    assert "size" not in back.nodes["generalforsamling"]  # GraphML holds no nulls


def test_dot_and_mermaid_have_one_line_per_edge() -> None:
    edges = build_graph(STATUTE).number_of_edges()
    dot = render(STATUTE, "dot")
    assert dot.startswith('digraph "digitaliseringsforeningen" {')
    assert dot.count(" -> ") == edges
    assert dot.count("{") == dot.count("}")
    mermaid = render(STATUTE, "mermaid").splitlines()
    assert mermaid[0] == "flowchart LR"
    assert sum(" -->|" in line for line in mermaid) == edges
    assert '    b_generalforsamling -->|"elects [§ 6, stk. 2]"| b_bestyrelse' in mermaid


def test_quotes_and_danish_letters_survive_every_format() -> None:
    text = (ROOT / "examples" / "tiny.yaml").read_text("utf-8")
    statute = fr.loads(text.replace("name: Bestyrelsen", 'name: Bestyrelsen "Ø"'))
    assert json.loads(render(statute, "json"))["nodes"][1]["name"] == 'Bestyrelsen "Ø"'
    assert nx.parse_graphml(render(statute, "graphml")).nodes["bestyrelse"]["name"] == (
        'Bestyrelsen "Ø"'
    )
    assert 'label="Bestyrelsen \\"Ø\\" (3 seats)"' in render(statute, "dot")
    with use_language("da"):
        assert 'label="Bestyrelsen \\"Ø\\" (3 pladser)"' in render(statute, "dot")
        mermaid = render(statute, "mermaid")
    assert 'b_bestyrelse("Bestyrelsen #quot;Ø#quot; (3 pladser)")' in mermaid


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'svg'"):
        render(STATUTE, "svg")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_graph_command_prints_each_format(fmt: str) -> None:
    path = str(ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml")
    result = CliRunner().invoke(cli, ["graph", path, "--format", fmt])
    assert result.exit_code == 0
    assert result.output == render(STATUTE, fmt)
