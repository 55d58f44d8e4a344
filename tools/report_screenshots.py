"""Screenshots of the report on the bundled statute for docs/ (docs/report.md).

    python tools/report_screenshots.py   # writes docs/report-*.png

Needs what the browser tests need: Playwright for Python (the dev extra),
Debian's chromium and graphviz (.ci/debian-packages.sh). The report is made in
Danish, with Graphviz, and opened in headless Chromium as in
tests/test_report_browser.py.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import foreningsregler as fr  # noqa: E402
from foreningsregler.i18n import use_language  # noqa: E402
from foreningsregler.report import render_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: docs/report-<name>.png: what each shows (a CSS selector), at most how tall.
SHOTS = {
    "summary": ("body", 1150),
    "provision": ("#p6", 1400),
    "who": ("#who", 1300),
    "graph": ("#graph figure", 2400),
    "lifecycle": ("#lifecycle-3", 1200),
}


def main() -> None:
    statute = fr.load(ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml")
    with use_language("da"):
        html = render_html(statute)
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "rapport.html"
        page_file.write_text(html, encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(page_file.as_uri(), wait_until="load")
            for name, (selector, most) in SHOTS.items():
                _shoot(page, selector, most, ROOT / "docs" / f"report-{name}.png")
            browser.close()


def _shoot(page: Page, selector: str, most: int, target: Path) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], most)}
    page.screenshot(path=str(target), clip=clip, full_page=True)
    print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
