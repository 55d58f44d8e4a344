"""The house keeps its shape: imports flow one way, no circles, no big rooms.

Read from the ``ast`` of ``src/`` (every import, also under TYPE_CHECKING and
inside functions), so a lazy import against the flow fails here too.
docs/architecture.md describes the same order.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

import foreningsregler as fr
from foreningsregler.errors import ForeningsreglerError

SRC = Path(__file__).parent.parent / "src" / "foreningsregler"
PACKAGE = "foreningsregler"

#: The wings from the bottom up; a module may import its own wing or lower ones.
FLOW = (
    (
        "errors",
        "_version",
        "i18n",
        "_text",
        "_display",
        "_lazy",
    ),  # the foundation: nothing else of the package
    ("bundled", "outputs"),  # the package's data: bundled statutes, output schemas
    ("statute",),
    ("authority",),
    ("versions",),
    ("protocol",),
    ("economy",),
    ("testing",),
    ("checks", "cli", "report", "service", "__main__"),  # the faces (``python -m`` runs the cli)
    ("__init__",),  # the public face: ``import foreningsregler as fr``
)
MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``name`` imports, resolved to modules."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == PACKAGE}
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(name, path.name == "__init__.py", node)
            if target.split(".")[0] != PACKAGE:
                continue
            # ``from . import _yaml`` imports a module, not the package's __init__.
            subs = {f"{target}.{a.name}" for a in node.names} & known
            found |= subs or {target}
    return found - {name}


def _graph() -> nx.DiGraph[str]:
    modules = _modules()
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        graph.add_edges_from((name, target) for target in _imports(name, path, set(modules)))
    return graph


def _rank(module: str) -> int:
    wing = _wing(module)
    for rank, wings in enumerate(FLOW):
        if wing in wings:
            return rank
    raise AssertionError(f"{module} is in no wing of FLOW; add its wing to FLOW and the docs")


def test_every_module_belongs_to_a_wing() -> None:
    for module in _modules():
        _rank(module)


#: Imports between two wings of one rank that the flow allows: the command
#: line runs the linter's front door and offers the report and the service, the
#: report and the service show the linter's findings, ``python -m`` runs the command line, and the
#: messages' language refuses a language with the library's own error.
SIDEWAYS = {
    ("cli", "checks"),
    ("cli", "report"),
    ("cli", "service"),
    ("report", "checks"),
    ("service", "checks"),
    ("__main__", "cli"),
    ("i18n", "errors"),
}


def _wing(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _against_the_flow(graph: nx.DiGraph[str]) -> list[str]:
    return [
        f"{a} imports {b}"
        for a, b in graph.edges
        if _rank(b) > _rank(a)
        or (_rank(b) == _rank(a) and _wing(a) != _wing(b) and (_wing(a), _wing(b)) not in SIDEWAYS)
    ]


def test_imports_flow_down_only() -> None:
    assert _against_the_flow(_graph()) == []


def test_no_two_modules_import_each_other() -> None:
    assert list(nx.simple_cycles(_graph())) == []


def test_the_guard_sees_imports_under_type_checking(tmp_path: Path) -> None:
    module = tmp_path / "acts.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .replay import Replay\n"
    )
    replay = "foreningsregler.protocol.replay"
    assert _imports("foreningsregler.protocol.acts", module, {replay}) == {replay}


def test_the_guard_refuses_an_upward_or_sideways_import() -> None:
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_edge("foreningsregler.statute.model", "foreningsregler.protocol.replay")
    graph.add_edge("foreningsregler.economy.money", "foreningsregler.economy.simulation")
    graph.add_edge("foreningsregler.checks", "foreningsregler.cli.commands")
    graph.add_edge("foreningsregler.cli.commands", "foreningsregler.checks")
    assert _against_the_flow(graph) == [
        "foreningsregler.statute.model imports foreningsregler.protocol.replay",
        "foreningsregler.checks imports foreningsregler.cli.commands",
    ]


@pytest.mark.parametrize("module", sorted(_modules()))
def test_no_module_is_over_600_lines(module: str) -> None:
    lines = len(_modules()[module].read_text("utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it along a seam"


def test_acts_and_replay_do_not_know_each_other() -> None:
    graph = _graph()
    acts, replay = "foreningsregler.protocol.acts", "foreningsregler.protocol.replay"
    assert not graph.has_edge(acts, replay)
    assert not graph.has_edge(replay, acts)


@pytest.mark.parametrize(
    "error",
    [fr.StatuteError, fr.RuleViolation, fr.TamperedLedger, fr.UnknownName],
)
def test_every_error_derives_from_one_root(error: type[Exception]) -> None:
    assert issubclass(error, ForeningsreglerError)
    assert fr.ForeningsreglerError is ForeningsreglerError


def test_unknown_name_is_still_a_key_error() -> None:
    statute = fr.load(
        Path(__file__).parent.parent / "vedtaegter" / "digitaliseringsforeningen.yaml"
    )
    with pytest.raises(KeyError) as caught:
        fr.Authority(statute).check("bestyrelsen", "vedtag-faser")
    assert isinstance(caught.value, ForeningsreglerError)
    assert "bestyrelse" in str(caught.value)


def test_the_version_is_the_packages_metadata() -> None:
    from importlib.metadata import version

    assert fr.__version__ == version("foreningsregler")


def test_the_map_names_every_module() -> None:
    """docs/architecture.md stays true: each module is named where it lives."""
    text = (SRC.parent.parent / "docs" / "architecture.md").read_text("utf-8")
    missing = [
        name
        for name, path in _modules().items()
        if path.name != "__init__.py"
        and f"`{path.stem}`" not in text
        and f"{path.stem}.py" not in text
    ]
    assert missing == []
