"""The statute wing in Danish: findings, the codes, and the JSON Schemas' help.

Each finding is checked with its exact text in both languages: Danish through
the catalog, English as it always was (the message id).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

import foreningsregler as fr
from foreningsregler.errors import BadArgument
from foreningsregler.i18n import use_language
from foreningsregler.statute import (
    CODES,
    _schema_text,
    schema,
    schema_json,
    statute_schema,
    write_schemas,
)
from foreningsregler.statute.calendar import Duration
from foreningsregler.statute.validation import load_schema

ROOT = Path(__file__).resolve().parent.parent
TINY = (ROOT / "examples" / "tiny.yaml").read_text("utf-8")
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
SCHEMA_NAMES = ("statute", "statute-test", "events", "scenario", "law", "history")


def catalogs_tool() -> Any:
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "tools" / "catalogs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def refused(text: str, language: str, code: str) -> str:
    """The message of the first problem with ``code`` of a statute that must not load."""
    with use_language(language), pytest.raises(fr.StatuteError) as caught:
        fr.loads(text, name="statut.yaml")
    return next(str(p) for p in caught.value.problems if p.code == code)


# -- findings ------------------------------------------------------------------

#: A broken copy of the tutorial's statute, the code, and the problem in English and Danish.
LOAD_PROBLEMS = [
    pytest.param(
        TINY.replace("status: draft", "status: udkast"),
        "E204",
        "statut.yaml:6:11: E204 'statute.status': 'udkast' is not one of 'draft', 'adopted' [§ 1]",
        "statut.yaml:6:11: E204 'statute.status': 'udkast' er ikke en af 'draft', 'adopted' [§ 1]",
        id="enum",
    ),
    pytest.param(
        TINY.replace("    kind: board\n", "    kind: board\n    farve: rød\n"),
        "E201",
        "statut.yaml:42:5: E201 unknown key 'farve' in 'bodies[bestyrelse]' [§ 2, stk. 2]",
        "statut.yaml:42:5: E201 ukendt nøgle 'farve' i 'bodies[bestyrelse]' [§ 2, stk. 2]",
        id="unknown-key",
    ),
    pytest.param(
        TINY.replace("  status: draft\n", ""),
        "E203",
        "statut.yaml:4:3: E203 missing key 'status' in 'statute' [§ 1]",
        "statut.yaml:4:3: E203 nøglen 'status' mangler i 'statute' [§ 1]",
        id="missing-key",
    ),
    pytest.param(
        TINY.replace("seats: 3", "seats: [3]"),
        "E202",
        "statut.yaml:42:12: E202 'bodies[bestyrelse].seats': a list is not allowed; A number "
        "of seats, 'members' for one seat per member, 'participants' for one seat per member "
        "that has joined the phase the body is for (filled by membership, E324), a range "
        "{min, max} (e.g. three to seven), or {min} alone for at least min seats and no most. "
        "[§ 2, stk. 2]",
        "statut.yaml:42:12: E202 'bodies[bestyrelse].seats': en liste er ikke tilladt; Et "
        "antal pladser, 'members' for én plads pr. medlem, 'participants' for én plads pr. "
        "medlem, der har tilsluttet sig den fase, organet er for (besat ved medlemskab, E324), "
        "et spænd {min, max} (f.eks. tre til syv) eller {min} alene for mindst min pladser og "
        "intet højeste antal. [§ 2, stk. 2]",
        id="any-of-with-the-schemas-description",
    ),
    pytest.param(
        TINY.replace("id: lilleforeningen", "id: Lille Foreningen"),
        "E204",
        "statut.yaml:4:7: E204 'statute.id': 'Lille Foreningen' is not valid here. Lower-case "
        "ASCII kebab-case identifier (æ->ae, ø->oe, å->aa). [§ 1]",
        "statut.yaml:4:7: E204 'statute.id': 'Lille Foreningen' er ikke gyldig her. Id med små "
        "ASCII-bogstaver og bindestreger (æ->ae, ø->oe, å->aa). [§ 1]",
        id="pattern",
    ),
    pytest.param(
        TINY.replace("seats: 3", "seats: 010"),
        "E111",
        "statut.yaml:42:12: E111 '010' is an octal number to YAML 1.1 and a decimal one to "
        "YAML 1.2; write the number in plain decimal digits, or quote it if it is text",
        "statut.yaml:42:12: E111 '010' er et oktaltal for YAML 1.1 og et decimaltal for YAML "
        "1.2; skriv tallet med almindelige decimale cifre, eller sæt det i anførselstegn, hvis "
        "det er tekst",
        id="scalar",
    ),
    pytest.param(
        "format: 1\nstatute: [1, 2\n",
        "E103",
        "statut.yaml:3:1: E103 invalid YAML: while parsing a flow sequence, expected ',' or "
        "']', but got '<stream end>'",
        "statut.yaml:3:1: E103 ugyldig YAML: i en liste skrevet med [ ], forventede ',' eller "
        "']', men fandt '<stream end>'",
        id="yaml-syntax",
    ),
    pytest.param(
        "- 1\n- 2\n",
        "E109",
        "statut.yaml:1:1: E109 the top level is a list; a statute is a mapping of keys",
        "statut.yaml:1:1: E109 øverste niveau er en liste; en vedtægt er en tabel af nøgler",
        id="not-a-mapping",
    ),
    pytest.param(
        TINY.replace("by: generalforsamling", "by: generalforsamlingen"),
        "E301",
        "statut.yaml:43:39: E301 unknown body 'generalforsamlingen'; did you mean "
        "'generalforsamling'? [§ 2, stk. 2]",
        "statut.yaml:43:39: E301 ukendt organ 'generalforsamlingen'; mente du "
        "'generalforsamling'? [§ 2, stk. 2]",
        id="reference",
    ),
]


@pytest.mark.parametrize(("text", "code", "english", "danish"), LOAD_PROBLEMS)
def test_a_load_problem_is_said_in_danish_and_in_english_as_before(
    text: str, code: str, english: str, danish: str
) -> None:
    assert refused(text, "en", code) == english
    assert refused(text, "da", code) == danish


def test_a_file_that_cannot_be_read_is_said_in_danish(tmp_path: Path) -> None:
    missing = tmp_path / "findes-ikke.yaml"
    for language, reason in (
        ("en", "cannot read the file: No such file or directory"),
        ("da", "filen kan ikke læses: filen eller mappen findes ikke"),
    ):
        with use_language(language), pytest.raises(fr.StatuteError) as caught:
            fr.load(missing)
        assert [p.message for p in caught.value.problems] == [reason]
    with use_language("da"), pytest.raises(fr.StatuteError) as caught:
        fr.load(tmp_path)
    assert [p.message for p in caught.value.problems] == [
        "filen kan ikke læses: det er en mappe, ikke en almindelig fil"
    ]


def test_the_law_linters_findings_are_danish_with_danish_dates() -> None:
    statute = fr.load(BUNDLED)
    with use_language("da"):
        [duties] = [f.message for f in fr.check(statute) if f.code == "I510"]
    assert duties.startswith(
        "kstl-60 den 2. februar 2015: vedtægt: godkendelse [kstl. § 60, stk. 1]; ændring: "
        "godkendelse [kstl. § 60, stk. 1]; optagelse: godkendelse [kstl. § 60, stk. 1]; "
        "udtræden: godkendelse [kstl. § 60, stk. 1]; opløsning: godkendelse [kstl. § 60, "
        "stk. 3]; tilsynsmyndighed: Statsforvaltningen; hvert medlems kommunalbestyrelse "
        "beslutter vedtægten"
    )
    with use_language("en"):
        [english] = [f.message for f in fr.check(statute) if f.code == "I510"]
    assert english.startswith(
        "kstl-60 on 2015-02-02: statute: approval [kstl. § 60, stk. 1]; change: approval"
    )


def test_a_member_linters_finding_in_danish() -> None:
    """W410: a fee by population without its population date."""
    statute = fr.load(ROOT / "tests" / "fixtures" / "memberx.yaml")
    said = {}
    for language in ("en", "da"):
        with use_language(language):
            said[language] = [f.message for f in fr.check(statute) if f.code == "W410"]
    assert said == {
        "en": [
            "udgifter goes by population, but states no population date (population_date): "
            "whose figures count is left open"
        ],
        "da": [
            "udgifter går efter indbyggertal, men angiver ingen opgørelsesdato "
            "(population_date): hvilke tal der gælder, står åbent"
        ],
    }


def test_durations_and_elements_labels_follow_the_language() -> None:
    with use_language("da"):
        assert (str(Duration(days=14)), str(Duration(days=1)), str(Duration(months=3))) == (
            "14 dage",
            "1 dag",
            "3 måneder",
        )
    with use_language("en"):
        assert (str(Duration(days=14)), str(Duration(days=1)), str(Duration(months=3))) == (
            "14 days",
            "1 day",
            "3 months",
        )
    statute = fr.load(BUNDLED)
    with use_language("da"):
        labels = {label for label, _ in statute.elements()}
    assert {"vedtægt", "organ bestyrelse, formand", "organ generalforsamling"} <= labels


def test_the_codes_summaries_are_danish_where_shown() -> None:
    with use_language("da"):
        assert CODES["E100"].summary_text == "filen findes ikke eller kan ikke læses"
        assert CODES["E610"].summary_text == (
            "et krav til beslutningsdygtighed, der er større end organet"
        )
    with use_language("en"):
        assert CODES["E100"].summary_text == CODES["E100"].summary


def test_every_message_of_the_statute_and_schema_catalogs_has_its_danish_text() -> None:
    gaps = catalogs_tool().missing()
    assert [g for g in gaps if g.startswith(("statute:", "schema:"))] == []


# -- the schemas ---------------------------------------------------------------


def _texts_stripped(node: Any) -> Any:
    """A schema without its titles and descriptions (and $id): the format itself."""
    if isinstance(node, dict):
        return {
            key: _texts_stripped(value)
            for key, value in node.items()
            if not (key in ("title", "description", "$id") and isinstance(value, str))
        }
    if isinstance(node, list):
        return [_texts_stripped(item) for item in node]
    return node


def _pairs(english: Any, danish: Any, path: str = "") -> list[tuple[str, str, str]]:
    """(where, English, Danish) of every title and description, walked side by side."""
    found: list[tuple[str, str, str]] = []
    if isinstance(english, dict):
        assert isinstance(danish, dict) and danish.keys() == english.keys(), path
        for key, value in english.items():
            if key in ("title", "description") and isinstance(value, str):
                found.append((f"{path}/{key}", value, danish[key]))
            else:
                found += _pairs(value, danish[key], f"{path}/{key}")
    elif isinstance(english, list):
        assert isinstance(danish, list) and len(danish) == len(english), path
        for i, (e, d) in enumerate(zip(english, danish, strict=True)):
            found += _pairs(e, d, f"{path}/{i}")
    return found


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_the_danish_schema_explains_every_key_the_english_one_does(name: str) -> None:
    english, danish = schema(name, "en"), schema(name, "da")
    pairs = _pairs(english, danish)
    assert pairs
    left_in_english = [where for where, e, d in pairs if d == e or not d.strip()]
    assert left_in_english == []
    assert _texts_stripped(danish) == _texts_stripped(english)  # the same format
    assert danish["$id"] == f"{english['$id']}:da"


def test_statute_schema_follows_the_language_asked_or_the_current_one() -> None:
    english = load_schema()
    assert statute_schema("en") == english
    assert statute_schema() == english  # the tests run in English
    with use_language("da"):
        danish = statute_schema()
    assert danish == statute_schema("da")
    assert danish["properties"]["format"]["description"] == "Versionen af dette filformat."
    danish["properties"]["format"]["description"] = "changed"  # a copy, not the package's
    assert statute_schema("da")["properties"]["format"]["description"] != "changed"
    assert fr.statute_schema("da") == statute_schema("da")


def test_an_unknown_schema_or_language_is_refused() -> None:
    with pytest.raises(BadArgument, match="no schema 'statut'"):
        schema("statut")
    with pytest.raises(ValueError, match="da or en"):
        statute_schema("sv")


def test_write_schemas_writes_the_danish_schemas_beside_each_other(tmp_path: Path) -> None:
    written = write_schemas("da", tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{n}.da.schema.json" for n in SCHEMA_NAMES)
    for name in SCHEMA_NAMES:
        text = (tmp_path / f"{name}.da.schema.json").read_text("utf-8")
        assert text == schema_json(name, "da")
        assert json.loads(text) == schema(name, "da")


def test_the_build_writes_the_same_danish_schema_as_the_api() -> None:
    """hatch_build.py and tools/catalogs.py translate with schema.po's texts."""
    tool = catalogs_tool()
    known = {m.id: m.string for m in tool.read(tool.po_path("schema")) if m.id and m.string}
    english = json.loads((ROOT / "src/foreningsregler/schema/statute.schema.json").read_text())
    built = _schema_text.translated(english, lambda text: known.get(text) or text, "da")
    assert built == statute_schema("da")


def test_the_bundled_statutes_point_their_editor_at_the_danish_schema() -> None:
    for path in sorted((ROOT / "vedtaegter").glob("*.yaml")):
        first = path.read_text("utf-8").splitlines()[0]
        kind = "statute-test" if path.name.endswith(".test.yaml") else "statute"
        assert first == (
            f"# yaml-language-server: $schema=../src/foreningsregler/schema/{kind}.da.schema.json"
        ), path.name


def test_a_schema_text_is_found_once_per_place_it_is_written() -> None:
    english = load_schema()
    texts = list(_schema_text.texts(english))
    assert texts[0] == english["title"]
    assert len(texts) == len(_pairs(english, english))
