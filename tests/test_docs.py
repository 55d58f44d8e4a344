"""The documentation keeps up with the code and the bundled statute."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import foreningsregler as fr
from foreningsregler.statute.problems import CODES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
STATUTE = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"


def test_every_code_is_documented_once() -> None:
    headings = re.findall(
        r"^## ([EWI]\d{3}) ([a-z0-9-]+)$", (DOCS / "errors.md").read_text("utf-8"), re.MULTILINE
    )
    assert headings == [(code, c.name) for code, c in CODES.items()]


def glossary_terms() -> set[str]:
    text = (DOCS / "glossary.md").read_text("utf-8")
    return {
        row.split("|")[1].strip()
        for row in text.splitlines()
        if row.startswith("| ") and not row.startswith("| Danish")
    }


def test_the_glossary_covers_every_name_in_the_statute() -> None:
    statute = fr.load(STATUTE)
    names = {b.name for b in statute.bodies if b.template is None}
    names |= {
        b.name.replace(a.name, "{område}")
        for b in statute.bodies
        for a in statute.areas
        if b.area == a.id
    }
    names |= {r.name for r in statute.roles} | {a.name for a in statute.areas}
    names |= {lc.name for lc in statute.lifecycles}
    names |= {s.name for lc in statute.lifecycles for s in lc.states}
    assert names - glossary_terms() == set()


def test_the_tutorial_statute_loads_as_the_tutorial_says() -> None:
    statute = fr.load(ROOT / "examples" / "tiny.yaml")
    assert [b.id for b in statute.bodies] == ["generalforsamling", "bestyrelse"]
    assert [f.code for f in fr.check(statute)] == ["I501", "I501"]
    tutorial = (DOCS / "tutorial.md").read_text("utf-8")
    text = (ROOT / "examples" / "tiny.yaml").read_text("utf-8")
    for block in re.findall(r"```yaml\n(.*?)```", tutorial, re.DOTALL):
        assert block in text  # the tutorial shows the file as it is


def test_the_tutorial_mistake_is_reported_where_it_says() -> None:
    text = (ROOT / "examples" / "tiny.yaml").read_text("utf-8")
    broken = text.replace("by: generalforsamling,", "by: generalforsamlingen,")
    try:
        fr.loads(broken, name="tiny.yaml")
    except fr.StatuteError as error:
        [problem] = error.problems
    tutorial = (DOCS / "tutorial.md").read_text("utf-8")
    assert str(problem) in tutorial


def test_the_competence_examples_show_the_linters_real_output() -> None:
    from foreningsregler.authority.lint import lint_authority

    doc = (DOCS / "errors.md").read_text("utf-8")
    for path in sorted((ROOT / "tests" / "fixtures" / "lint").glob("e6*.yaml")):
        code = path.name[:4].upper()
        real = {
            str(f).replace(str(path), path.name)
            for f in lint_authority(fr.load(path))
            if f.code == code
        }
        section = doc[doc.index(f"## {code} ") :]
        section = section[: section.index("\n## ", 5)]
        [shown, *_] = re.findall(r"```text\n(.*?)\n```", section, re.DOTALL)
        assert shown in real, code


@pytest.mark.parametrize("code", ["W405", "I502"])
def test_the_enforcement_examples_show_the_linters_real_output(code: str) -> None:
    """The example statute of the section gives the finding line the section shows."""
    doc = (DOCS / "errors.md").read_text("utf-8")
    section = doc[doc.index(f"## {code} ") :]
    section = section[: section.index("\n## ", 5)] if "\n## " in section[5:] else section
    [statute] = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    [console] = re.findall(r"```console\n(.*?)```", section, re.DOTALL)
    real = [f for f in fr.check(fr.loads(statute, name="statut.yaml")) if f.code == code]
    assert real
    for finding in real:
        line = f"statut.yaml:{finding.line}:{finding.column}: {finding.code} {finding.message}"
        assert f"    {line}\n" in f"{console}\n" and f"  {finding.provision}\n" in console


def test_the_version_comes_from_the_package_metadata() -> None:
    from importlib.metadata import version

    assert fr.__version__ == version("foreningsregler")


def test_a_source_tree_never_installed_has_a_version_too(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import importlib.metadata

    from foreningsregler import _version

    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    try:
        assert importlib.reload(_version).__version__ == "0+unknown"
    finally:
        monkeypatch.undo()
        importlib.reload(_version)


def test_the_licence_is_the_one_the_metadata_names() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"] == "MPL-2.0"
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("Mozilla Public License Version 2.0")
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text("utf-8")
