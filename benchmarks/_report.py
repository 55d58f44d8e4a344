"""Shared by the benchmarks: rewrite one section of docs/performance.md."""

from __future__ import annotations

from pathlib import Path

PERFORMANCE = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
HEADER = """# Performance

Figures from the benchmarks in `benchmarks/`, run on demand (never in the test
suite). Each section names the command that made it; run it again to update
the section. Absolute times depend on the machine; the ratios are the point.
"""


def replace_section(title: str, body: str) -> None:
    """Put ``body`` (which starts with the ``title`` heading) in place of that section."""
    text = PERFORMANCE.read_text("utf-8") if PERFORMANCE.exists() else HEADER
    body = body.rstrip("\n") + "\n\n"  # one blank line before the next section
    start = text.find(title)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + body
    else:
        end = text.find("\n## ", start + len(title))
        text = text[:start] + body + (text[end + 1 :] if end != -1 else "")
    PERFORMANCE.write_text(text.rstrip("\n") + "\n", "utf-8")
