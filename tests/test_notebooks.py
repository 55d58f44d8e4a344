"""The notebooks in examples/ run, and are kept in git without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "compare_statutes.ipynb",
        "decision_flows.ipynb",
        "k14.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_notebook_is_kept_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_notebook_runs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(EXAMPLES)}},
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    text = "".join(output.get("text", "") for output in outputs)
    shown = [mime for output in outputs for mime in output.get("data", {})]
    assert "IProgress not found" not in text  # ipywidgets is in the notebooks extra
    if path.name == "decision_flows.ipynb":
        assert "unanimity      statute changes: unanimity  board seats: 3" in text
        assert "board of five  statute changes: qualified  board seats: 5" in text
        assert "statute changes, failure rate:" in text
        assert shown.count("image/png") == 2  # failure rates, time to decision; why they fail
    elif path.name == "k14.ipynb":
        assert "Sorø                 860.105,04 kr." in text
        assert "saving of Køge: printed 750 t.kr., computed 751 t.kr." in text
        assert "image/png" in shown  # the plots are shown inline, no backend is forced
    else:
        assert "taken as one because their names are" in text  # a match said as an assumption
        assert (
            "version 2 - who sets the year's activities: ('generalforsamling', 'bestyrelse')"
        ) in text
        assert "version 1 -> 2:" in text and "Bestyrelsen may now exercise" in text
        # The statute, the answers and the comparison draw themselves as HTML, the graph as SVG.
        assert shown.count("text/html") >= 5 and "image/svg+xml" in shown


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_notebook_forces_no_plotting_backend(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    assert not any("matplotlib.use(" in cell.source for cell in notebook.cells)
