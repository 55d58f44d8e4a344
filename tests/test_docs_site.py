"""The documentation site builds strictly, and every public name is documented.

The site (mkdocs.yml) is built with ``mkdocs build --strict`` into a temporary
directory: a broken link, a page missing from the files, or an API reference
that does not resolve fails here. The docstrings it shows are checked too.
"""

from __future__ import annotations

import enum
import inspect
import os
import subprocess
import sys
from pathlib import Path

import foreningsregler as fr

ROOT = Path(__file__).resolve().parent.parent


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    env = os.environ | {
        "FORENINGSREGLER_LANG": "en",  # the CLI reference is in English
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        "NO_MKDOCS_2_WARNING": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    api = (tmp_path / "site" / "api" / "index.html").read_text("utf-8")
    assert all(f'id="foreningsregler.{name}"' in api for name in fr.__all__)
    cli = (tmp_path / "site" / "cli-reference" / "index.html").read_text("utf-8")
    assert "Check statutes, statute tests, events files and scenarios" in cli and "--statute" in cli


def test_the_api_page_names_every_public_name() -> None:
    page = (ROOT / "docs" / "api.md").read_text("utf-8")
    shown = [line.removeprefix("::: foreningsregler.") for line in page.splitlines()]
    assert [name for name in shown if name in fr.__all__] == list(fr.__all__)


def public_members(cls: type) -> list[str]:
    """The public methods and properties a class defines itself (not inherited)."""
    names = []
    for name, value in vars(cls).items():
        if name.startswith("_") or isinstance(value, enum.Enum):
            continue
        if inspect.isfunction(value) or isinstance(value, property | classmethod | staticmethod):
            names.append(name)
    return names


def undocumented() -> list[str]:
    missing = []
    for name in fr.__all__:
        value = getattr(fr, name)
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue  # a constant (CODES) is documented where it is defined
        if not (value.__doc__ or "").strip():  # its own, not its base class's
            missing.append(name)
        if inspect.isclass(value):
            missing += [
                f"{name}.{member}"
                for member in public_members(value)
                # A method may take its docstring from the interface it implements.
                if not inspect.getdoc(getattr(value, member))
            ]
    return missing


def test_every_public_name_has_a_docstring() -> None:
    assert undocumented() == []
