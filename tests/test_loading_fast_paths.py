"""The fast paths of loading give exactly what the slow ones give.

libyaml scans and parses where it is installed (``_yaml``), and a compiled
check says whether a document is valid before jsonschema explains a failure
(``_compiled``). The bad-input tests run with both YAML readers
(test_loading_bad_input.py); here every YAML file of the repository reads the
same both ways, and the compiled check's verdict equals jsonschema's on the
shipped documents and on many mutations of them.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest

from foreningsregler.statute import _compiled, _yaml, validation
from foreningsregler.statute.loading import read_text

ROOT = Path(__file__).resolve().parent.parent
YAML_FILES = sorted(
    p
    for folder in ("vedtaegter", "tests/fixtures", "examples")
    for p in (ROOT / folder).rglob("*.yaml")
)
#: Each schema with documents written against it.
DOCUMENTS = {
    validation.SCHEMA_FILE: [p for p in YAML_FILES if not p.name.endswith(".test.yaml")],
    validation.TEST_SCHEMA_FILE: [p for p in YAML_FILES if p.name.endswith(".test.yaml")],
    validation.SCENARIO_SCHEMA_FILE: [ROOT / "examples" / "k14.scenario.yaml"],
}
ODD_VALUES: list[object] = [
    None, True, False, 0, 1, -1, 3.0, 2.5, "", "x", "ja", "2024-02-30", "2024-01-01",
    "§ 3", "bestyrelse", [], {}, ["x"], [1, 1], {"id": "x"}, 10**6,
]  # fmt: skip


def _parse(path: Path, libyaml: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setattr(_yaml, "USE_LIBYAML", libyaml)
    return _yaml.parse(read_text(path), str(path))


def test_the_tests_have_libyaml_to_compare() -> None:
    """The comparisons below need both readers: PyPI's PyYAML wheels carry libyaml,
    so a test environment without it is a gap to fix, never a reason to skip."""
    assert _yaml.LIBYAML, "PyYAML here was built without libyaml: install PyPI's wheel"


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_libyaml_and_pure_python_read_every_file_alike(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _parse(path, True, monkeypatch)
    slow = _parse(path, False, monkeypatch)
    assert fast == slow


#: Snippets at the edges of what the reader accepts: each is read alike both ways.
SNIPPETS = [
    "a: 010\n", "a: 0x1F\n", "a: 1:30\n", "a: 1_000\n", "a: yes\n", "a: 'yes'\n",
    "a: ~\n", "a: null\n", "a: 2024-01-01\n", "a: 1e3\n", "a: 1.5e+3\n", "a: .inf\n",
    "a: .nan\n", "a: -0\n", "a: '010'\n", 'a: "\\e"\n', 'a: "\\udc80"\n', "a: |\n  x\n  y\n",
    "a: >\n  x\n  y\n", "a: &x 1\nb: *x\n", "a: &x [1, 2]\nb: *x\nc: *x\n",
    "a: !!str 1\n", "a: !x 1\n", "!!map {a: 1}\n", "a: 1\na: 2\n", "{a: 1, a: 2}\n",
    "[1, 2]\n", "1\n", "", "# only\n", "a: 1\n---\nb: 2\n", "? [a]\n: 1\n",
    "a: [1, {b: 2}]\n", "a:\n- 1\n- 2\n", "a: 'x\n\n  y'\n", "a: b: c\n", "a: [1, 2\n",
    "a:\tb\n", "\ufeffa: 1\n", "a: æøå\n", "a: 9" + "9" * 5000 + "\n", "a: *nope\n",
    "a: &x [*x]\n", "a: 00\n", "a: +1\n", "a: 0o17\n", "a: 0b101\n", "a: 3.\n",
]  # fmt: skip


@pytest.mark.parametrize("text", SNIPPETS)
def test_libyaml_and_pure_python_read_every_edge_alike(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_yaml, "USE_LIBYAML", True)
    fast = _yaml.parse(text, "x.yaml")
    monkeypatch.setattr(_yaml, "USE_LIBYAML", False)
    assert fast == _yaml.parse(text, "x.yaml")


#: What a mutation inserts: YAML's indicators, line breaks, odd characters.
PIECES = [
    " ", "\n", ":", "-", "[", "]", "{", "}", ",", "#", "&", "*", "!", "|", ">", '"', "'", "?",
    "%", "@", "`", "a", "1", "0", ".", "  ", "\r\n", "\\", "~", "---\n", "...\n", "<<: ",
    "  - ", "\n  ", "ø", "\u2028", "\x85", "%TAG ! x\n", "!!", "&a ", "*a", "? ", ": ", "#x",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(4))
def test_libyaml_and_pure_python_read_mutated_statutes_alike(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fuzzed 10,500 times while writing ``_yaml``; these few stay in the suite."""
    rng = random.Random(seed)
    sources = [read_text(p)[:6000] for p in YAML_FILES[:: max(1, len(YAML_FILES) // 8)]]
    for _ in range(150):
        text = list(rng.choice(sources))
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(text))
            text[at : at + rng.randrange(2)] = [rng.choice(PIECES)]
        mutated = "".join(text)
        monkeypatch.setattr(_yaml, "USE_LIBYAML", True)
        fast = _yaml.parse(mutated, "x.yaml")
        monkeypatch.setattr(_yaml, "USE_LIBYAML", False)
        assert fast == _yaml.parse(mutated, "x.yaml"), mutated


def test_a_text_with_a_character_yaml_refuses_is_read_by_pure_python() -> None:
    parsed, problems = _yaml.parse("a: \x07\n", "x.yaml")
    assert parsed is None
    assert [(p.code, p.line, p.column) for p in problems] == [("E103", 1, 4)]


def _paths(data: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a document (the document itself included)."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*path, index))
    return found


def _mutated(data: object, rng: random.Random) -> object:
    """A copy with one change: a value replaced, a key removed or added, an item
    repeated or a list emptied."""
    copied = copy.deepcopy(data)
    path = rng.choice(_paths(copied)[1:])
    parent: Any = copied
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    action = rng.randrange(4)
    if action == 0:
        parent[last] = copy.deepcopy(rng.choice(ODD_VALUES))
    elif action == 1 and isinstance(parent, dict):
        del parent[last]
    elif action == 2 and isinstance(parent, dict):
        parent[rng.choice(["extra", "seats", "id", "provision", "name"])] = rng.choice(ODD_VALUES)
    elif isinstance(parent[last], list):
        value = parent[last]
        value[:] = value + value[:1] if rng.random() < 0.5 else []
    else:
        parent[last] = str(parent[last])
    return copied


@pytest.mark.parametrize("schema", sorted(DOCUMENTS))
def test_the_compiled_check_agrees_with_jsonschema(schema: str) -> None:
    quick = _compiled.compile_schema(validation.load_schema(schema))
    full = validation._validator(schema)
    rng = random.Random(15)
    documents = DOCUMENTS[schema]
    seen = {True: 0, False: 0}
    for path in documents:
        parsed, _ = _yaml.parse(read_text(path), str(path))
        if parsed is None:
            continue
        samples = [parsed.data] + [_mutated(parsed.data, rng) for _ in range(240 // len(documents))]
        for data in samples:
            verdict = full.is_valid(data)
            assert quick(data) is verdict, (path, data)
            seen[verdict] += 1
    assert seen[True] and seen[False]  # both verdicts were tested


def test_the_shipped_schemas_compile() -> None:
    for name in (*DOCUMENTS, validation.EVENTS_SCHEMA_FILE, "schema/law.schema.json"):
        _compiled.compile_schema(validation.load_schema(name))


@pytest.mark.parametrize(
    "schema",
    [{"contains": {"type": "string"}}, {"format": "email"}, {"$ref": "other.json"}],
)
def test_a_keyword_the_check_does_not_know_leaves_all_to_jsonschema(
    schema: dict[str, Any],
) -> None:
    with pytest.raises(_compiled.Unsupported):
        _compiled.compile_schema(schema)


@pytest.mark.parametrize(
    ("schema", "valid", "invalid"),
    [
        ({"type": "integer"}, [1, -3], [True, 3.0, "1"]),
        ({"const": 1}, [1, 1.0], [True]),
        ({"enum": [False, "x"]}, [False, "x"], [0, "y"]),
        ({"uniqueItems": True}, [[1, True], [[1], [2]]], [[1, 1.0], [{"a": 1}, {"a": 1}]]),
        ({"pattern": "^[a-z]+$"}, ["abc", 3], ["abc\n", "Abc"]),
        ({"format": "date"}, ["2024-02-29", 5], ["2023-02-29", "2024-1-1"]),
        ({"oneOf": [{"required": ["a"]}, {"required": ["b"]}]}, [{"a": 1}], [{"a": 1, "b": 2}, {}]),
        (
            {"if": {"required": ["a"]}, "then": {"required": ["b"]}},
            [{}, {"a": 1, "b": 1}],
            [{"a": 1}],
        ),
        ({"dependentRequired": {"a": ["b"]}}, [{"b": 1}, {"a": 1, "b": 1}], [{"a": 1}]),
        ({"minimum": 1, "maximum": 2}, [1, 2.0, "x", True], [0, 3]),
    ],
)  # fmt: skip
def test_the_check_follows_jsonschema_rules(
    schema: dict[str, Any], valid: list[object], invalid: list[object]
) -> None:
    quick = _compiled.compile_schema(schema)
    assert [quick(v) for v in valid] == [True] * len(valid)
    assert [quick(v) for v in invalid] == [False] * len(invalid)
