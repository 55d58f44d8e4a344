"""Shared helpers for the loader's tests.

The helpers are plain functions (import them with ``from conftest import ...``)
and, where a test wants them as fixtures, also fixtures of the same name.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import foreningsregler
from foreningsregler.protocol import ledger, quick, sqlite_store
from foreningsregler.statute.problems import Finding, StatuteError

# The tests read the library's English messages (the message ids); Danish, the
# default for a person, is tested where a test asks for it (use_language, --lang).
os.environ["FORENINGSREGLER_LANG"] = "en"
# Every act the replay's quick way accepts is judged in full as well, and the
# verdicts compared (protocol/quick.py): the whole suite checks that way, in
# this process (the plugin imported the library before) and in its children.
os.environ["FORENINGSREGLER_VERIFY_QUICK"] = "1"
quick.VERIFY = True

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal.yaml"


def minimal_text() -> str:
    """The valid minimal statute, as text; tests mutate copies of it."""
    return MINIMAL.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str | bytes, name: str = "statute.yaml") -> Path:
    """Write ``text`` (UTF-8) or ``bytes`` (as they are) to a file under ``tmp_path``."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


def problems_of(path: Path, **options: object) -> list[Finding]:
    """The problems of a file that must not load."""
    with pytest.raises(StatuteError) as caught:
        foreningsregler.load(path, **options)
    problems = list(caught.value.problems)
    assert problems, "a StatuteError must carry at least one problem"
    return problems


def one_problem(path: Path, code: str | None = None, **options: object) -> Finding:
    """The single problem of a file; with ``code``, the first problem with that code.

    Without ``code`` the file must have exactly one problem. With ``code`` the
    file may have others, but one with that code must be among them.
    """
    problems = problems_of(path, **options)
    if code is None:
        assert len(problems) == 1, "expected one problem, got:\n" + _listing(problems)
        return problems[0]
    matching = [p for p in problems if p.code == code]
    assert matching, f"expected a {code}, got:\n" + _listing(problems)
    return matching[0]


def only_problem(path: Path, code: str, **options: object) -> Finding:
    """The single problem of a file, which must have ``code``."""
    problem = one_problem(path, **options)
    assert problem.code == code, f"expected {code}, got {problem}"
    return problem


def replace(text: str, old: str, new: str) -> str:
    """``text`` with the single occurrence of ``old`` replaced by ``new``."""
    count = text.count(old)
    assert count == 1, f"{old!r} occurs {count} times, not once"
    return text.replace(old, new)


def pos(text: str, context: str, target: str | None = None) -> tuple[int, int]:
    """1-based (line, column) of ``target`` inside the unique occurrence of ``context``.

    Columns count characters, as an editor shows them. Without ``target`` the
    position is the start of ``context``.
    """
    count = text.count(context)
    assert count == 1, f"{context!r} occurs {count} times, not once"
    start = text.index(context)
    if target is not None:
        assert target in context, f"{target!r} is not in {context!r}"
        start += context.index(target)
    before = text[:start]
    line = before.count("\n") + 1
    column = start - (before.rfind("\n") + 1) + 1
    return line, column


def place(problem: Finding) -> tuple[int | None, int | None]:
    return problem.line, problem.column


def _listing(problems: list[Finding]) -> str:
    return "\n".join(str(p) for p in problems) or "(none)"


@pytest.fixture
def minimal() -> str:
    return minimal_text()


@pytest.fixture(name="write")
def write_fixture(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``write(text, name=...)`` writing under this test's ``tmp_path``."""

    def _write(text: str | bytes, name: str = "statute.yaml") -> Path:
        return write(tmp_path, text, name)

    return _write


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the ledger and the SQLite store hash from here on (``text_hash``)."""
    hashed: list[str] = []
    real = ledger.text_hash

    def counting(prev: str, text: str) -> str:
        hashed.append(text)
        return real(prev, text)

    monkeypatch.setattr(ledger, "text_hash", counting)
    monkeypatch.setattr(sqlite_store, "text_hash", counting)
    return hashed
