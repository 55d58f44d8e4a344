"""The HTTP service over real HTTP on the loopback interface: every endpoint
answers what the library answers, in the library's JSON shapes, and every bad
request is a problem document with the library's code, provision and place."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from test_service_server import OTHER, STATUTE, STATUTE_ID, make_protocol, running

import foreningsregler as fr
from foreningsregler.authority.export import render
from foreningsregler.i18n import use_language
from foreningsregler.protocol.opening import open_ledger
from foreningsregler.versions import diff

TOKEN = "a-token-for-the-tests"
PROBLEM = "application/problem+json"
CHECK = f"/v1/statutes/{STATUTE_ID}/check"
ASKED = {
    "body": "f3-it",
    "power": "igangsaet-anskaffelse",
    "phase": "fase-1",
    "municipality": "Sorø",
    "area": "it",
}


@pytest.fixture(scope="module")
def protocol(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_protocol(tmp_path_factory.mktemp("service") / "protokol.db")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, protocol: Path) -> Iterator[httpx.Client]:
    """Two statutes, the protocol of the first, recording on with a token file."""
    token = tmp_path_factory.mktemp("token") / "token"
    token.write_text(TOKEN + "\n", encoding="utf-8")
    args = (STATUTE, OTHER, "--protocol", protocol, "--token-file", token)
    with running(*args) as base, httpx.Client(base_url=base, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def closed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """The statute and a protocol, no token: recording is off."""
    protocol = make_protocol(tmp_path_factory.mktemp("closed") / "protokol.db")
    env = {"FORENINGSREGLER_SERVICE_TOKEN": ""}  # set but empty: no token
    with (
        running(STATUTE, "--protocol", protocol, env=env) as base,
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def statute() -> fr.Statute:
    return fr.load(STATUTE)


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The problem document of ``response``, checked for its status and code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["code"] == code
    assert body["type"].endswith("/" + code)
    assert set(body) == {
        "type",
        "title",
        "status",
        "detail",
        "code",
        "provision",
        "place",
        "problems",
    }
    return dict(body)


# --- the statutes ---------------------------------------------------------------------


def test_the_loaded_statutes_and_their_versions(server: httpx.Client) -> None:
    listed = server.get("/v1/statutes").json()
    assert [s["id"] for s in listed] == [STATUTE_ID, fr.load(OTHER).metadata.id]
    one = server.get(f"/v1/statutes/{STATUTE_ID}").json()
    assert one == listed[0]
    assert one["versions"] == [
        {
            "version": "0.1",
            "date": "2015-02-02",
            "in_force": None,
            "status": "draft",
            "file": os.fspath(STATUTE),
        }
    ]
    assert server.get(f"/v1/statutes/{STATUTE_ID}/versions").json() == one["versions"]


def test_an_unknown_statute_is_a_problem(server: httpx.Client) -> None:
    body = problem(server.get("/v1/statutes/nope/findings"), 404, "unknown-statute")
    assert body["place"] == "path.statute"
    assert body["detail"].startswith(
        "no statute 'nope' is loaded (loaded: digitaliseringsforeningen"
    )


def test_check_answers_as_the_library(server: httpx.Client, statute: fr.Statute) -> None:
    expected = fr.Authority(statute).check(**ASKED).to_json()
    got = server.get(CHECK, params=ASKED)
    assert got.status_code == 200 and got.headers["content-type"] == "application/json"
    assert got.json() == expected
    assert server.post(CHECK, json=ASKED).json() == expected


def test_check_in_danish_on_request(server: httpx.Client, statute: fr.Statute) -> None:
    with use_language("da"):
        expected = fr.Authority(statute).check(**ASKED).to_json()
    got = server.get(CHECK, params=ASKED, headers={"Accept-Language": "da-DK,en;q=0.5"}).json()
    assert got == expected
    assert (
        got["conditions"][0]["text"]
        != fr.Authority(statute).check(**ASKED).to_json()["conditions"][0]["text"]
    )


def test_a_refused_act_lists_its_denials(server: httpx.Client, statute: fr.Statute) -> None:
    asked = {"body": "bestyrelse", "power": "vedtag-faser"}
    got = server.get(CHECK, params=asked).json()
    assert got == fr.Authority(statute).check(**asked).to_json()
    assert got["allowed"] is False and got["denials"][0]["reason"] == "no-chain"


@pytest.mark.parametrize(
    ("asked", "code", "detail"),
    [
        ({"body": "nope", "power": "vedtag-faser"}, "unknown-body", "unknown body 'nope'"),
        ({"body": "bestyrelse", "power": "nope"}, "unknown-power", "unknown power 'nope'"),
        ({**ASKED, "area": "mars"}, "unknown-area", "unknown area 'mars'"),
    ],
)
def test_an_unknown_name_is_a_problem_with_its_code(
    server: httpx.Client, asked: dict[str, str], code: str, detail: str
) -> None:
    body = problem(server.get(CHECK, params=asked), 404, code)
    assert body["detail"].startswith(detail)
    assert body["title"] == "The statute does not name it"


def test_a_problem_in_danish(server: httpx.Client) -> None:
    asked = {"body": "nope", "power": "vedtag-faser"}
    body = problem(
        server.get(CHECK, params=asked, headers={"Accept-Language": "da"}), 404, "unknown-body"
    )
    assert body["title"] == "Vedtægten nævner det ikke"
    assert body["detail"].startswith("ukendt organ 'nope'")


@pytest.mark.parametrize("day", ["2015-13-01", "tomorrow", "2015-02-30"])
def test_a_bad_date_is_a_problem(server: httpx.Client, day: str) -> None:
    body = problem(server.get(CHECK, params={**ASKED, "on": day}), 422, "invalid-request")
    assert body["place"] == "query.on"
    assert body["problems"][0]["place"] == "query.on"


def test_a_missing_question_is_a_problem(server: httpx.Client) -> None:
    body = problem(server.post(CHECK, json={"body": "bestyrelse"}), 422, "invalid-request")
    assert body["place"] == "body.power"


def test_bad_json_is_a_problem(server: httpx.Client) -> None:
    sent = server.post(CHECK, content=b'{"body": ', headers={"content-type": "application/json"})
    problem(sent, 400, "bad-json")


def test_an_oversize_body_is_a_problem(server: httpx.Client) -> None:
    big = b'{"body": "' + b"x" * 1_000_001 + b'"}'
    body = problem(server.post(CHECK, content=big), 413, "too-large")
    assert body["detail"] == "the body has more than 1000000 bytes"


def test_an_oversize_body_without_its_length_is_a_problem(server: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:  # sent chunked: no Content-Length to go by
        yield b'{"body": "'
        for _ in range(11):
            yield b"x" * 100_000
        yield b'"}'

    headers = {"content-type": "application/json"}
    problem(server.post(CHECK, content=chunks(), headers=headers), 413, "too-large")


def test_who(server: httpx.Client, statute: fr.Statute) -> None:
    authority = fr.Authority(statute)
    expected = [
        authority.check(b, "vedtag-faser").to_json() for b in authority.list_bodies("vedtag-faser")
    ]
    got = server.get(f"/v1/statutes/{STATUTE_ID}/powers/vedtag-faser/who")
    assert got.status_code == 200 and got.json() == expected
    problem(server.get(f"/v1/statutes/{STATUTE_ID}/powers/nope/who"), 404, "unknown-power")


def test_list_powers(server: httpx.Client, statute: fr.Statute) -> None:
    got = server.get(f"/v1/statutes/{STATUTE_ID}/bodies/bestyrelse/powers").json()
    assert got == {
        "body": "bestyrelse",
        "powers": list(fr.Authority(statute).list_powers("bestyrelse")),
    }
    problem(server.get(f"/v1/statutes/{STATUTE_ID}/bodies/nope/powers"), 404, "unknown-body")


def test_expand(server: httpx.Client, statute: fr.Statute) -> None:
    trees = fr.Authority(statute).expand("igangsaet-anskaffelse")
    got = server.get(f"/v1/statutes/{STATUTE_ID}/powers/igangsaet-anskaffelse/tree").json()
    assert [t["body"] for t in got] == [t.body for t in trees]
    children = got[0]["children"]
    assert sorted(c["body"] for c in children) == sorted(c.body for c in trees[0].children)
    assert children[0]["step"]["kind"] == "delegates"
    assert children[0]["step"]["from"] == trees[0].body
    problem(server.get(f"/v1/statutes/{STATUTE_ID}/powers/nope/tree"), 404, "unknown-power")


def test_the_graph_is_the_node_link_json(server: httpx.Client, statute: fr.Statute) -> None:
    got = server.get(f"/v1/statutes/{STATUTE_ID}/graph").json()
    assert got == json.loads(render(statute, "json"))


def test_the_findings_are_the_linters(server: httpx.Client, statute: fr.Statute) -> None:
    got = server.get(f"/v1/statutes/{STATUTE_ID}/findings").json()
    assert got == [f.to_json() for f in fr.check(statute)]
    with use_language("da"):
        danish = [f.to_json() for f in fr.check(statute)]
    headers = {"Accept-Language": "da"}
    assert server.get(f"/v1/statutes/{STATUTE_ID}/findings", headers=headers).json() == danish


# --- the diff of two statutes ----------------------------------------------------------

DIFF_SCHEMA = Path(fr.__file__).parent / "schema" / "output" / "diff.schema.json"


def _diff_valid(document: object) -> None:
    schema = json.loads(DIFF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)


def test_the_diff_of_two_statutes_is_the_librarys(server: httpx.Client) -> None:
    other = fr.load(OTHER)
    response = server.get("/v1/diff", params={"old": STATUTE_ID, "new": other.metadata.id})
    assert response.status_code == 200, response.text
    got = response.json()
    assert got == diff(fr.load(STATUTE), other).to_json()
    assert got["same_meaning"] is False and got["changes"] and got["competence"]
    assert {got["old"]["id"], got["new"]["id"]} == {STATUTE_ID, other.metadata.id}
    _diff_valid(got)


def test_the_diff_of_a_statute_with_itself_is_empty(server: httpx.Client) -> None:
    got = server.get("/v1/diff", params={"old": STATUTE_ID, "new": STATUTE_ID}).json()
    assert got["same_meaning"] is True
    assert got["changes"] == [] and got["competence"] == [] and got["text_changes"] == []
    _diff_valid(got)


def test_the_diff_in_danish_on_request(server: httpx.Client) -> None:
    other = fr.load(OTHER)
    asked = {"old": other.metadata.id, "new": STATUTE_ID}
    danish = server.get("/v1/diff", params=asked, headers={"Accept-Language": "da"}).json()
    english = server.get("/v1/diff", params=asked, headers={"Accept-Language": "en"}).json()
    with use_language("da"):
        assert danish == diff(other, fr.load(STATUTE)).to_json()
    assert english == diff(other, fr.load(STATUTE)).to_json()
    sentences = [s for c in danish["competence"] for s in c["sentences"]]
    assert sentences != [s for c in english["competence"] for s in c["sentences"]]
    _diff_valid(danish)


@pytest.mark.parametrize("side", ["old", "new"])
def test_the_diff_of_an_unknown_statute_is_a_problem(server: httpx.Client, side: str) -> None:
    asked = {"old": STATUTE_ID, "new": STATUTE_ID, side: "nope"}
    body = problem(server.get("/v1/diff", params=asked), 404, "unknown-statute")
    assert body["place"] == f"query.{side}"
    assert body["detail"].startswith("no statute 'nope' is loaded (loaded: ")
    danish = server.get("/v1/diff", params=asked, headers={"Accept-Language": "da"})
    assert problem(danish, 404, "unknown-statute")["detail"] != body["detail"]


def test_the_diff_needs_both_statutes(server: httpx.Client) -> None:
    body = problem(server.get("/v1/diff", params={"old": STATUTE_ID}), 422, "invalid-request")
    assert body["place"] == "query.new"


# --- the protocol ----------------------------------------------------------------------


def test_the_protocol_on_a_day(server: httpx.Client, protocol: Path, statute: fr.Statute) -> None:
    info = server.get("/v1/protocol").json()
    assert info["statute"] == STATUTE_ID and info["recording"] is True and info["entries"] >= 1
    got = server.get("/v1/protocol/status", params={"on": "2015-03-01"}).json()
    association = fr.Association(statute, open_ledger(protocol, read_only=True))
    assert got == association.at(dt.date(2015, 3, 1)).to_json()
    assert got["membership"]["Sorø"] == "intent-declared"
    problem(server.get("/v1/protocol/status", params={"on": "1. marts"}), 422, "invalid-request")
    problem(server.get("/v1/protocol/status"), 422, "invalid-request")


def test_check_on_the_protocols_state(server: httpx.Client) -> None:
    asked = {
        "body": "f3-it",
        "power": "igangsaet-anskaffelse",
        "on": "2015-03-02",
        "protocol": "true",
    }
    got = server.get(CHECK, params=asked).json()
    assert got["evaluated"] is True
    body = problem(server.get(CHECK, params={**asked, "phase": "fase-1"}), 404, "unknown-phase")
    assert body["detail"] == "unknown phase 'fase-1'; no phase of that id is on record"
    no_day = {k: v for k, v in asked.items() if k != "on"}
    assert problem(server.get(CHECK, params=no_day), 422, "invalid-request")["place"] == "query.on"
    other = fr.load(OTHER).metadata.id
    other_check = f"/v1/statutes/{other}/check"
    asked_other = {**asked, "body": "bestyrelse", "power": "x"}
    body = problem(server.get(other_check, params=asked_other), 404, "no-protocol")
    assert body["detail"] == f"the protocol follows the statute '{STATUTE_ID}', not '{other}'"


def test_no_protocol_is_a_problem(tmp_path: Path) -> None:
    with running(STATUTE) as base:
        body = problem(httpx.get(f"{base}/v1/protocol/status?on=2015-03-01"), 404, "no-protocol")
        sent = httpx.post(f"{base}/v1/protocol/events", json={}, headers=_auth(TOKEN))
    assert body["detail"] == "start the service with --protocol PATH"
    problem(sent, 403, "recording-disabled")


# --- recording -------------------------------------------------------------------------

SIGN = {"kind": "sign-declaration", "date": "2015-03-02", "actor": "Ringsted"}


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _entries(server: httpx.Client) -> int:
    return int(server.get("/v1/protocol").json()["entries"])


def test_recording_is_off_without_a_token(closed: httpx.Client) -> None:
    assert closed.get("/v1/protocol").json()["recording"] is False
    body = problem(closed.post("/v1/protocol/events", json=SIGN), 403, "recording-disabled")
    assert body["title"] == "Recording events is not enabled on this service"
    problem(
        closed.post("/v1/protocol/events", json=SIGN, headers=_auth(TOKEN)),
        403,
        "recording-disabled",
    )
    assert closed.get("/v1/protocol").json()["entries"] == 1


def test_recording_needs_the_token(server: httpx.Client) -> None:
    before = _entries(server)
    missing = server.post("/v1/protocol/events", json=SIGN)
    body = problem(missing, 401, "token-missing")
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert body["place"] == "header.authorization"
    problem(
        server.post("/v1/protocol/events", json=SIGN, headers=_auth("wrong")), 403, "token-wrong"
    )
    problem(
        server.post("/v1/protocol/events", json=SIGN, headers=_auth(TOKEN + "x")),
        403,
        "token-wrong",
    )
    basic = {"Authorization": f"Basic {TOKEN}"}
    problem(server.post("/v1/protocol/events", json=SIGN, headers=basic), 401, "token-missing")
    assert _entries(server) == before


def test_recording_events_and_a_refusal(server: httpx.Client) -> None:
    before = _entries(server)
    got = server.post("/v1/protocol/events", json={"events": [SIGN]}, headers=_auth(TOKEN))
    assert got.status_code == 200, got.text
    [entry] = got.json()["recorded"]
    assert entry["seq"] == before + 1 and len(entry["hash"]) == 64
    assert {k: entry[k] for k in ("kind", "date", "actor", "data")} == {**SIGN, "data": {}}
    status = server.get("/v1/protocol/status", params={"on": "2015-03-03"}).json()
    assert status["membership"]["Ringsted"] == "intent-declared"

    withdraw = {"kind": "withdraw", "date": "2015-03-04", "actor": "Sorø"}
    batch = {"events": [{**SIGN, "actor": "Køge"}, withdraw]}
    refused = server.post("/v1/protocol/events", json=batch, headers=_auth(TOKEN))
    body = problem(refused, 409, "no-transition")
    assert body["provision"] == "§ 14, stk. 1"
    assert body["place"] == "/events/1"
    assert "'withdraw' is not possible for Sorø" in body["detail"]
    assert _entries(server) == before + 1  # nothing of the refused batch


@pytest.mark.parametrize(
    ("sent", "code", "place"),
    [
        ({"kind": "sign-declaration", "date": "2015-03-02"}, "E203", "body:1:1"),
        ({"events": [{**SIGN, "date": "2015-02-30"}]}, "E204", "body:1:"),
        ([SIGN], "E109", "body:1:1"),
    ],
)
def test_events_that_cannot_be_read(
    server: httpx.Client, sent: object, code: str, place: str
) -> None:
    before = _entries(server)
    body = problem(server.post("/v1/protocol/events", json=sent, headers=_auth(TOKEN)), 422, code)
    assert body["place"].startswith(place)
    assert body["problems"][0]["code"] == code
    assert _entries(server) == before


def test_recording_refuses_bad_json_other_media_and_oversize(server: httpx.Client) -> None:
    headers = {**_auth(TOKEN), "content-type": "application/json"}
    problem(server.post("/v1/protocol/events", content=b"{nope", headers=headers), 400, "bad-json")
    as_yaml = {**_auth(TOKEN), "content-type": "application/yaml"}
    problem(
        server.post("/v1/protocol/events", content=b"kind: x", headers=as_yaml),
        415,
        "unsupported-media-type",
    )
    big = json.dumps({**SIGN, "data": {"note": "x" * 1_000_000}}).encode()
    problem(server.post("/v1/protocol/events", content=big, headers=headers), 413, "too-large")


# --- the rest --------------------------------------------------------------------------


def test_unknown_routes_and_methods_are_problems(server: httpx.Client) -> None:
    body = problem(server.get("/v2/nothing"), 404, "not-found")
    assert body["detail"] == "no resource at /v2/nothing"
    problem(server.delete("/v1/statutes"), 405, "method-not-allowed")


def _untyped(schema: object, where: str) -> Iterator[str]:
    """Places in a schema that allow any value: ``{}``, or an object without properties."""
    if isinstance(schema, dict):
        if schema == {} or (
            schema.get("type") == "object"
            and "properties" not in schema
            and not isinstance(schema.get("additionalProperties"), dict)
        ):
            yield where
        for key, value in schema.items():
            if key not in ("example", "examples", "default"):
                yield from _untyped(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for number, value in enumerate(schema):
            yield from _untyped(value, f"{where}/{number}")


def test_the_openapi_document_types_every_response(server: httpx.Client) -> None:
    document = server.get("/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) >= {
        "/v1/statutes",
        "/v1/statutes/{statute}",
        "/v1/statutes/{statute}/versions",
        "/v1/statutes/{statute}/check",
        "/v1/statutes/{statute}/powers/{power}/who",
        "/v1/statutes/{statute}/powers/{power}/tree",
        "/v1/statutes/{statute}/bodies/{body}/powers",
        "/v1/statutes/{statute}/graph",
        "/v1/statutes/{statute}/findings",
        "/v1/diff",
        "/v1/protocol",
        "/v1/protocol/status",
        "/v1/protocol/events",
    }
    responses = [
        (f"{path} {method} {status}", response)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
        for status, response in operation["responses"].items()
    ]
    for where, response in responses:
        assert "content" in response, where
        assert list(_untyped(response["content"], where)) == []
    for name, schema in document["components"]["schemas"].items():
        assert list(_untyped(schema, name)) == [], name


def test_the_token_from_the_environment(tmp_path: Path) -> None:
    protocol = make_protocol(tmp_path / "protokol.jsonl")
    env = {"FORENINGSREGLER_SERVICE_TOKEN": f"  {TOKEN}\n"}
    with running(STATUTE, "--protocol", protocol, env=env) as base:
        url = f"{base}/v1/protocol/events"
        refused = httpx.post(url, json=SIGN, headers=_auth("other"))
        got = httpx.post(url, json=SIGN, headers=_auth(TOKEN))
    problem(refused, 403, "token-wrong")
    assert got.status_code == 200 and got.json()["recorded"][0]["seq"] == 2
    lines = protocol.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and "Ringsted" in lines[1]


def test_the_service_sees_what_record_wrote_beside_it(tmp_path: Path) -> None:
    protocol = make_protocol(tmp_path / "protokol.db")
    with running(STATUTE, "--protocol", protocol) as base:
        status = f"{base}/v1/protocol/status?on=2015-03-03"
        before = httpx.get(status).json()["membership"]
        beside = fr.Association(fr.load(STATUTE), open_ledger(protocol))
        beside.record(fr.Event("sign-declaration", dt.date(2015, 3, 2), "Ringsted"))
        after = httpx.get(status).json()["membership"]
        entries = httpx.get(f"{base}/v1/protocol").json()["entries"]
    assert before == {"Sorø": "intent-declared"}
    assert after == {"Ringsted": "intent-declared", "Sorø": "intent-declared"}
    assert entries == 2
