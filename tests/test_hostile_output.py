"""What the tool prints and exports is safe whatever the statute's text holds.

A statute is written by someone else: a name with ANSI escape codes, other
controls, bidi overrides or line breaks must not act on the adviser's
terminal, and every export must stay valid for its format (issue 12).
"""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner, Result
from conftest import FIXTURES, minimal_text, replace, write

import foreningsregler as fr
from foreningsregler._text import json_text, visible, xml_text
from foreningsregler.authority.export import render
from foreningsregler.cli import check_files, cli, common
from foreningsregler.protocol.lifecycle import mermaid

#: Clears the screen, sets the window title, turns text red, reverses the line;
#: no YAML file can hold these (E103), but a statute built in code, an event or
#: a file's name can.
HOSTILE = "Vedt\x1b[2J\x1b]0;pwn\x07 \x1b[31mrød\u202e evil\x85 c1\x7f"
#: What the terminal sees instead.
SHOWN = "Vedt\\x1b[2J\\x1b]0;pwn\\x07 \\x1b[31mrød\\u202e evil\\x85 c1\\x7f"
#: What a YAML file may hold: a C1 control (NEL), a bidi override, a line
#: separator and a zero-width space, as YAML escapes write them.
IN_FILE = "Vedt\x85 \u202e evil \u2028 \u200b c1"
IN_FILE_YAML = '"Vedt\\N \\u202e evil \\u2028 \\u200b c1"'
IN_FILE_SHOWN = "Vedt\\x85 \\u202e evil \\u2028 \\u200b c1"
#: Quotes, brackets, a line break and markup in a body's name.
AWKWARD = 'Best"yrelse]) {x} |<b>#quot;`\nny linje'

MINIMAL = fr.load(FIXTURES / "minimal.yaml")


def hidden_characters(text: str) -> list[str]:
    """Characters that act on a terminal or cannot be seen (newline and tab aside)."""
    return [
        c
        for c in text
        if c not in "\n\t" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")
    ]


def hostile_statute(body_name: str = HOSTILE, path: str = "hostile.yaml") -> fr.Statute:
    """The minimal statute, its name, a body's name and an assumption's reason hostile."""
    meta = attrs.evolve(MINIMAL.metadata, name=HOSTILE, short_name=HOSTILE)
    bodies = tuple(
        attrs.evolve(b, name=body_name) if b.id == "bestyrelse" else b for b in MINIMAL.bodies
    )
    provisions = tuple(
        attrs.evolve(p, reason=HOSTILE) if p.reason else p for p in MINIMAL.provisions
    )
    return attrs.evolve(MINIMAL, metadata=meta, bodies=bodies, provisions=provisions, path=path)


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every command loads the hostile statute, whatever path it is given."""

    def load(path: object, **_: object) -> fr.Statute:
        return hostile_statute(path=str(path))

    monkeypatch.setattr(common, "load", load)
    monkeypatch.setattr(check_files, "load", load)
    return "hostile.yaml"


def invoke(*args: str) -> Result:
    # color=True: click would strip some escape codes from a stream that is no
    # terminal; a terminal gets everything, so the test does too.
    return CliRunner().invoke(cli, list(args), color=True)


@pytest.mark.parametrize(
    "args",
    [
        ["check", "{path}"],
        ["explain", "{path}"],
        ["explain", "{path}", "bestyrelse"],
        ["compare", "{path}", "zweite-{path}"],  # each file once: both load as hostile
    ],
    ids=["check", "explain", "explain-body", "compare"],
)
def test_text_output_shows_control_characters_as_escapes(hostile: str, args: list[str]) -> None:
    result = invoke(*(a.format(path=hostile) for a in args))
    assert result.exit_code == 0, result.output + result.stderr
    assert hidden_characters(result.output) == []
    assert SHOWN in result.output


def test_a_finding_message_shows_control_characters_as_escapes(hostile: str) -> None:
    result = invoke("check", hostile, "--verbose")  # assumptions are listed with --verbose
    [line] = [line for line in result.output.splitlines() if " I501 § 5 " in line]
    assert line.endswith(f"I501 § 5 (Økonomi): {SHOWN}")


def test_what_a_statute_file_may_hold_is_escaped_too(tmp_path: Path) -> None:
    text = replace(
        minimal_text(), "name: Vedtægter for Kommunefællesskabet", f"name: {IN_FILE_YAML}"
    )
    path = write(tmp_path, text)
    assert fr.load(path).metadata.name == IN_FILE
    result = invoke("check", str(path))
    assert result.exit_code == 0, result.output + result.stderr
    assert hidden_characters(result.output) == []
    assert f"{path}: {IN_FILE_SHOWN} (draft, version 0.1)" in result.output.splitlines()


def test_an_unknown_name_on_the_command_line_is_escaped_on_stderr() -> None:
    statute = str(FIXTURES / "minimal.yaml")
    result = invoke("explain", statute, "bestyrelse", "magt\x1b[2J")
    assert result.exit_code == 2
    assert result.stderr == "foreningsregler: unknown power 'magt\\x1b[2J'\n"


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "json", "{path}"],
        ["compare", "--format", "json", "{path}", "zweite-{path}"],
    ],
    ids=["check", "compare"],
)
def test_json_output_escapes_every_hidden_character_and_reads_back_the_same(
    hostile: str, args: list[str]
) -> None:
    result = invoke(*(a.format(path=hostile) for a in args))
    assert result.exit_code == 0, result.output + result.stderr
    assert hidden_characters(result.output) == []
    assert "\\u001b[2J" in result.output and "\\u202e" in result.output
    assert "\\u0085" in result.output and "\\u007f" in result.output
    data = json.loads(result.output)
    texts = data["statutes"] if "statutes" in data else [f["message"] for f in data["findings"]]
    assert any(HOSTILE in text for text in texts)


def test_a_test_file_s_name_is_escaped(tmp_path: Path) -> None:
    write(tmp_path, (FIXTURES / "forening.yaml").read_text("utf-8"), "forening.yaml")
    tests = (FIXTURES / "forening.test.yaml").read_text("utf-8").split("scenarios:")[0]
    write(tmp_path, "statute: forening.yaml\n" + tests, "fo\x1b[2Jrening.test.yaml")
    result = invoke("test", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert hidden_characters(result.output) == []
    assert f"{tmp_path}/fo\\x1b[2Jrening.test.yaml" in result.output.splitlines()


# --- The exports ------------------------------------------------------------------------------


def test_graphml_with_control_characters_is_well_formed_xml() -> None:
    document = render(hostile_statute(), "graphml")
    assert hidden_characters(document) == []
    root = ET.fromstring(document)
    names = [e.text for e in root.iter() if e.text and e.text.startswith("Vedt")]
    # XML 1.0 has no place for ESC or BEL, not even as a reference: they are
    # written as their escapes; DEL, NEL and the bidi override as references.
    assert names == ["Vedt\\x1b[2J\\x1b]0;pwn\\x07 \\x1b[31mrød\u202e evil\x85 c1\x7f"]


def test_graphml_through_the_cli_is_well_formed_too(hostile: str) -> None:
    result = invoke("graph", "--format", "graphml", hostile)
    assert result.exit_code == 0
    assert hidden_characters(result.output) == []
    ET.fromstring(result.output)


def test_the_graph_json_reads_back_the_statute_s_own_names() -> None:
    document = render(hostile_statute(), "json")
    assert hidden_characters(document) == []
    nodes = {n["id"]: n for n in json.loads(document)["nodes"]}
    assert nodes["bestyrelse"]["name"] == HOSTILE


_DOT_STRING = r'"(?:[^"\\\n]|\\.)*"'
_DOT_LINE = re.compile(
    rf"\s*(?:digraph {_DOT_STRING} \{{|rankdir=LR;|node \[fontname=\"Helvetica\"\];|\}}"
    rf"|{_DOT_STRING} \[shape=(?:box, style=rounded|ellipse), label={_DOT_STRING}\];"
    rf"|{_DOT_STRING} -> {_DOT_STRING} \[label={_DOT_STRING}\];)"
)


def test_dot_escapes_quotes_line_breaks_and_controls() -> None:
    document = render(hostile_statute(AWKWARD), "dot")
    assert hidden_characters(document) == []
    for line in document.splitlines():
        assert _DOT_LINE.fullmatch(line), line
    assert 'label="Best\\"yrelse]) {x} |<b>#quot;`\\nny linje (3 seats)"' in document


_MERMAID_LINE = re.compile(
    r'flowchart LR|    [bp]_\w+(?:\("[^"\n]*"\)|\{\{"[^"\n]*"\}\})'
    r'|    [bp]_\w+ -->\|"[^"\n|]*"\| [bp]_\w+'
)


def test_mermaid_escapes_quotes_line_breaks_and_markup() -> None:
    document = render(hostile_statute(AWKWARD), "mermaid")
    assert hidden_characters(document) == []
    for line in document.splitlines():
        assert _MERMAID_LINE.fullmatch(line), line
    label = "Best#quot;yrelse]) {x} |#lt;b#gt;#35;quot;#96;#10;ny linje (3 seats)"
    assert f'    b_bestyrelse("{label}")' in document


def test_a_lifecycle_diagram_keeps_its_labels_on_one_line() -> None:
    statute = fr.load(FIXTURES / "forening.yaml")
    [lifecycle] = [lc for lc in statute.lifecycles if lc.kind.value == "membership"]
    first = attrs.evolve(lifecycle.states[0], name=AWKWARD)
    lifecycle = attrs.evolve(
        lifecycle, name=HOSTILE + "\n" + AWKWARD, states=(first, *lifecycle.states[1:])
    )
    lines = mermaid(lifecycle).splitlines()
    assert lines[1] == f"    %% {SHOWN} Best'yrelse]) {{x}} |<b>#quot;` ny linje"
    assert lines[2].startswith('    state "Best\'yrelse]) {x} |<b>#quot;` ny linje" as s_')
    assert hidden_characters("\n".join(lines)) == []


# --- The text helpers -------------------------------------------------------------------------


def test_visible_keeps_layout_and_letters_and_escapes_the_rest() -> None:
    assert visible("Sorø §\n\tæ") == "Sorø §\n\tæ"
    assert visible("a\rb\x00c\x9bd\u2028e\ufeff\U000e0001") == (
        "a\\x0db\\x00c\\x9bd\\u2028e\\ufeff\\U000e0001"
    )
    assert visible("lone \ud800 surrogate") == "lone \\ud800 surrogate"


def test_json_text_writes_what_json_dumps_leaves_raw() -> None:
    value = {"navn": "a\x7fb\x85c\u202ed\ud800e\U000e0001 Sorø"}
    document = json_text(json.dumps(value, ensure_ascii=False))
    assert hidden_characters(document) == []
    assert "Sorø" in document  # letters stay as they are
    assert json.loads(document) == value


def test_xml_text_replaces_what_xml_forbids_and_references_the_rest() -> None:
    document = xml_text("<a b='\x01\ufffe'>\x1b\x85\u202e\r\t\ud800</a>")
    assert document == "<a b='\\x01\\ufffe'>\\x1b&#x85;&#x202e;&#xd;\t\\ud800</a>"
    element = ET.fromstring(document)
    assert element.text == "\\x1b\x85\u202e\r\t\\ud800"
