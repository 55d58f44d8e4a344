"""A statute, an answer and the competence graph draw themselves in Jupyter."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from IPython.core.formatters import DisplayFormatter

import foreningsregler as fr
from foreningsregler import _display
from foreningsregler.i18n import use_language

STATUTE = Path(__file__).resolve().parent.parent / "vedtaegter" / "digitaliseringsforeningen.yaml"
TINY = Path(__file__).resolve().parent.parent / "examples" / "tiny.yaml"
FACTS = {"phase": "fase-1", "municipality": "Sorø", "area": "it"}


@pytest.fixture(scope="module")
def statute() -> fr.Statute:
    return fr.load(STATUTE)


def test_jupyter_shows_a_statute_as_html_with_its_summary_and_graph(statute: fr.Statute) -> None:
    data, _ = DisplayFormatter().format(statute)
    html = data["text/html"]
    assert html.startswith("<div><h3>Vedtægter for Digitaliseringsforeningen (draft)</h3>")
    assert "<li>The statute has 21 sections (§) with 78 subsections (stk.).</li>" in html
    assert 'id="competence-graph"' in html and html.endswith("</svg></div>")


def test_an_allowed_answer_shows_its_chain_and_conditions_with_provisions(
    statute: fr.Statute,
) -> None:
    answer = fr.Authority(statute).check("f3-it", "igangsaet-anskaffelse", **FACTS)
    html = DisplayFormatter().format(answer)[0]["text/html"]
    assert "<strong>f3-it may exercise igangsaet-anskaffelse: ALLOWED, if the conditions" in html
    assert "<p>chain 1:</p>" in html
    for condition in answer.conditions:
        assert f"<li>{str(condition).replace(chr(39), '&#39;')}</li>" in html
    assert "by vote: Simpelt flertal i udvalg og direktion" in html and "[§ 10, stk. 5]" in html


def test_a_refused_answer_shows_why_with_its_provision(statute: fr.Statute) -> None:
    answer = fr.Authority(statute).check("bestyrelse", "vedtag-faser")
    html = answer._repr_html_()
    assert html is not None
    assert "vedtag-faser: REFUSED" in html and "chain 1" not in html
    assert "<p>refused because:</p>" in html
    assert "(held by generalforsamling) [§ 4, stk. 3]</li>" in html


def test_the_answer_speaks_danish_when_asked(statute: fr.Statute) -> None:
    with use_language("da"):
        html = fr.Authority(statute).check("bestyrelse", "vedtag-faser")._repr_html_()
    assert html is not None and "må udøve vedtag-faser: AFVIST" in html and "afvist, fordi:" in html


def test_the_competence_graph_is_an_svg_document(statute: fr.Statute) -> None:
    svg = DisplayFormatter().format(fr.Authority(statute))[0]["image/svg+xml"]
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "generalforsamling" in svg and "bestyrelse" in svg


def test_what_a_statute_names_is_escaped_not_run() -> None:
    text = TINY.read_text("utf-8")
    assert "name: Vedtægter for Lilleforeningen" in text
    hostile = text.replace("name: Vedtægter for Lilleforeningen", "name: Lille<script>", 1)
    html = fr.loads(hostile, name="tiny.yaml")._repr_html_()
    assert html is not None and "<script>" not in html
    assert "<h3>Lille&lt;script&gt; (draft)</h3>" in html


def test_a_kind_without_a_drawing_falls_back_to_the_plain_repr() -> None:
    assert _display.shown("nothing-registered", "text/html", object()) is None
