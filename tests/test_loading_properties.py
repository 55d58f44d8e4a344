"""Property tests: whatever the input, loading either succeeds or raises StatuteError.

Never another exception, and every problem is from the catalogue, an error,
and placed at a line (only E100 has no place, and it cannot happen here).
"""

from __future__ import annotations

import copy
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import minimal_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import foreningsregler
from foreningsregler.statute.problems import CODES, Severity, StatuteError

# Loading the minimal statute takes ~40 ms (PyYAML in pure Python), so the
# tests that load it run fewer examples; the whole file stays under ~30 s.
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MEDIUM = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Keys the format knows, so generated documents reach the schema and reference stages.
KEYS = sorted(
    {
        "format", "statute", "sources", "provisions", "membership", "roles", "areas",
        "bodies", "powers", "delegations", "voting_rules", "money_rules", "id", "name",
        "kind", "seats", "filled_by", "method", "by", "holder", "power", "from", "to",
        "scope", "number", "title", "stk", "text", "provision", "assumption", "reason",
        "per_area", "drawn_from", "voting", "majority", "threshold", "quorum", "status",
        "set_by", "split", "document", "section", "sections", "eligible", "chair",
    }
)  # fmt: skip
WORDS = ["members", "election", "membership", "board", "assembly", "§ 1", "§ 1, stk. 1",
         "bestyrelse", "udvalg", "own_area", "qualified", "2/3", "draft", "Økonomi"]  # fmt: skip

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(WORDS)
)
keys = st.sampled_from(KEYS) | st.text(max_size=10)
json_like = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=30,
)
documents = json_like | st.dictionaries(keys, json_like, max_size=8)


def assert_outcome(load: Any) -> None:
    """``load()`` returns a statute or raises a StatuteError of catalogue errors."""
    try:
        statute = load()
    except StatuteError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.code in CODES, problem
            assert problem.severity is Severity.ERROR, problem
            assert problem.line is not None and problem.line >= 1, problem
            assert problem.column is not None and problem.column >= 1, problem
            assert str(problem)
        return
    assert isinstance(statute, foreningsregler.Statute)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory) / "statute.yaml"


# --- (a) arbitrary documents, text and bytes ----------------------------------------


@MEDIUM
@given(documents)
def test_any_yaml_document_loads_or_raises_statute_error(document: object) -> None:
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    assert_outcome(lambda: foreningsregler.loads(text))


@MEDIUM
@given(documents, st.sampled_from([None, "'", '"', "|"]))
def test_any_yaml_document_in_other_styles(document: object, style: str | None) -> None:
    text = yaml.safe_dump(document, default_style=style, default_flow_style=True)
    assert_outcome(lambda: foreningsregler.loads(text))


@FAST
@given(st.text(max_size=300))
def test_any_text_loads_or_raises_statute_error(text: str) -> None:
    assert_outcome(lambda: foreningsregler.loads(text))


@FAST
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=100))
def test_any_text_with_surrogates_loads_or_raises_statute_error(text: str) -> None:
    # A str from Python may hold lone surrogates, which no file can.
    assert_outcome(lambda: foreningsregler.loads(text))


@FAST
@given(st.text(alphabet="abc:-[]{}&*!#|>'\"\n \t?,.~0123456789", max_size=120))
def test_yaml_punctuation_soup_loads_or_raises_statute_error(text: str) -> None:
    assert_outcome(lambda: foreningsregler.loads(text))


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_in_a_file_load_or_raise_statute_error(scratch: Path, data: bytes) -> None:
    scratch.write_bytes(data)
    assert_outcome(lambda: foreningsregler.load(scratch))


# --- (b) mutations of the minimal statute ------------------------------------------

MINIMAL = yaml.safe_load(minimal_text())


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value in the document (not the root)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*prefix, index)
            yield from paths(value, (*prefix, index))


ALL_PATHS = list(paths(MINIMAL))


def parent_of(document: Any, path: tuple[Any, ...]) -> Any:
    node = document
    for step in path[:-1]:
        node = node[step]
    return node


def test_minimal_statute_has_many_places_to_mutate() -> None:
    assert len(ALL_PATHS) > 200
    foreningsregler.loads(minimal_text())


@SLOW
@given(st.sampled_from(ALL_PATHS))
def test_deleting_any_key_or_item_loads_or_raises(path: tuple[Any, ...]) -> None:
    document = copy.deepcopy(MINIMAL)
    del parent_of(document, path)[path[-1]]
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    assert_outcome(lambda: foreningsregler.loads(text))


@SLOW
@given(st.sampled_from(ALL_PATHS), scalars)
def test_replacing_any_value_with_a_scalar_loads_or_raises(
    path: tuple[Any, ...], value: object
) -> None:
    document = copy.deepcopy(MINIMAL)
    parent_of(document, path)[path[-1]] = value
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    assert_outcome(lambda: foreningsregler.loads(text))


@SLOW
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), json_like), min_size=1, max_size=4))
def test_several_replacements_load_or_raise(changes: list[tuple[tuple[Any, ...], object]]) -> None:
    document = copy.deepcopy(MINIMAL)
    for path, value in changes:
        try:
            parent_of(document, path)[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    assert_outcome(lambda: foreningsregler.loads(text))


@MEDIUM
@given(st.data())
def test_editing_the_text_loads_or_raises(data: st.DataObject) -> None:
    text = minimal_text()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    insert = data.draw(st.text(alphabet="ab: -[]{}&*!#\n'\"", max_size=10))
    edited = text[:start] + insert + text[end:]
    assert_outcome(lambda: foreningsregler.loads(edited))
