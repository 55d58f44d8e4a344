"""The report in a real browser: headless Chromium, driven by Playwright.

The system's Chromium (Debian's package ``chromium``, installed by
.ci/debian-packages.sh) is started with the flags of a closed machine;
Playwright never downloads a browser of its own. The page must render with
no console error and no request but its own file, show every § of the
statute, and draw a node for every body, with Graphviz and without it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_report import BUNDLED, FIXTURE, _dot, needed

import foreningsregler as fr
from foreningsregler.i18n import use_language
from foreningsregler.report import render_html

CHROMIUM = os.environ.get("FORENINGSREGLER_CHROMIUM", "/usr/bin/chromium")
#: As the machine's own check starts it: no sandbox (root), no GPU, and none
#: of the background traffic a closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    needed("Playwright for Python", sync_playwright is not None)
    needed(f"Chromium ({CHROMIUM})", shutil.which(CHROMIUM) is not None)
    assert sync_playwright is not None
    with sync_playwright() as playwright:
        started = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield started
        finally:
            started.close()


class Visit:
    """A page opened on a report, with what it logged and asked for."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.console: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.route("**/*", self._only_the_page)
        self.page.goto(self.url, wait_until="load")

    def _only_the_page(self, route: Any) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()


def _report(folder: Path, statute_path: Path, dot: str | None, lang: str = "da") -> Path:
    with _dot(dot), use_language(lang):
        html = render_html(fr.load(statute_path))
    target = folder / f"{statute_path.stem}-{'own' if dot == '' else 'dot'}.html"
    target.write_text(html, encoding="utf-8")
    return target


@pytest.mark.parametrize("dot", [None, ""], ids=["graphviz", "own-layout"])
@pytest.mark.parametrize("statute_path", [BUNDLED, FIXTURE], ids=["bundled", "fixture"])
def test_the_report_renders_in_chromium(
    browser: Any, tmp_path: Path, statute_path: Path, dot: str | None
) -> None:
    if dot is None:
        needed("Graphviz (dot)", shutil.which("dot") is not None)
    visit = Visit(browser, _report(tmp_path, statute_path, dot))
    page = visit.page
    statute = fr.load(statute_path)

    assert visit.requests == [visit.url], "the report asks for nothing but itself"
    assert visit.errors == []
    assert [m for m in visit.console if m.startswith(("error", "warning"))] == []

    for provision in statute.provisions:
        heading = page.locator(f"#p{provision.number} > h3")
        assert heading.is_visible()
        assert heading.inner_text().startswith(f"§ {provision.number}. {provision.title}")
        for stk in provision.stk:
            assert page.locator(f"#p{provision.number}-{stk.number}").is_visible()

    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll('#competence-graph g.node.body'))
            .map(g => ({id: g.querySelector('title').textContent,
                        width: g.getBBox().width, height: g.getBBox().height}))"""
    )
    assert sorted(d["id"] for d in drawn) == sorted(b.id for b in statute.bodies)
    assert all(d["width"] > 0 and d["height"] > 0 for d in drawn), "every body is drawn"
    graph = page.locator("#competence-graph").bounding_box()
    assert graph is not None and graph["width"] > 300
    for number in range(1, len(statute.lifecycles) + 1):
        assert page.locator(f"#lifecycle-{number}-graph").is_visible()

    rows = page.locator("table.powers tbody")
    assert rows.count() == len(statute.powers)

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.read_bytes().startswith(b"\x89PNG")
    page.close()


def test_the_print_view_hides_the_contents(browser: Any, tmp_path: Path) -> None:
    visit = Visit(browser, _report(tmp_path, FIXTURE, "", "en"))
    page = visit.page
    assert page.locator("nav.contents").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("nav.contents").is_visible()
    assert page.locator("#p1 > h3").is_visible()
    pdf = page.pdf()  # Chromium's own print of the page, with the print stylesheet
    assert pdf.startswith(b"%PDF-")
    assert visit.requests == [visit.url]
    page.close()
