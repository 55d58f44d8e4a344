"""``foreningsregler serve`` started as a person starts it, and what it refuses at start.

Also the helpers the other service tests import (``from test_service_server
import running``): a real server on a free port of the loopback interface, in
its own process, stopped when the test is done.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import attrs
import httpx
import pytest
import uvicorn

import foreningsregler as fr
from foreningsregler.protocol.opening import open_ledger
from foreningsregler.service.app import create_app
from foreningsregler.service.command import build_service

ROOT = Path(__file__).resolve().parent.parent
STATUTE = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
OTHER = ROOT / "vedtaegter" / "projektsamarbejde.yaml"
STATUTE_ID = "digitaliseringsforeningen"
#: How long a server may take to start (imports on a busy machine); not a measure.
START_LIMIT = 120.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_command(*args: str | os.PathLike[str]) -> list[str]:
    return [sys.executable, "-m", "foreningsregler", "serve", *map(os.fspath, args)]


@contextlib.contextmanager
def running(*args: str | os.PathLike[str], env: dict[str, str] | None = None) -> Iterator[str]:
    """A server of ``serve ARGS`` on a free loopback port; its base URL."""
    port = free_port()
    command = serve_command(*args, "--host", "127.0.0.1", "--port", str(port))
    environment = {**os.environ, **(env or {})}
    server = subprocess.Popen(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(server, base)
        yield base
    finally:
        server.terminate()
        server.communicate(timeout=30)


def _wait_for(server: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            _out, err = server.communicate()
            raise AssertionError(f"the server ended: {err.decode()}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{base}/openapi.json", timeout=5).status_code == 200:
                return
        time.sleep(0.2)
    raise AssertionError("the server did not start")


def make_protocol(path: Path) -> Path:
    """A protocol of the bundled statute with one event: Sorø signs the declaration."""
    association = fr.Association(fr.load(STATUTE), open_ledger(path))
    association.record(fr.Event("sign-declaration", dt.date(2015, 3, 1), "Sorø"))
    return path


def run_serve(*args: str | os.PathLike[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    """``serve`` that must stop at start: its exit code and what it said."""
    done = subprocess.run(
        serve_command(*args),
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr + done.stdout
    return done.returncode, done.stderr


# --- refused at start: exit 2 with the library's message ----------------------------


def test_a_statute_that_cannot_be_loaded_is_exit_2(tmp_path: Path) -> None:
    code, said = run_serve(tmp_path / "missing.yaml")
    assert code == 2
    assert f"{tmp_path / 'missing.yaml'}: E100 cannot read the file" in said
    assert "the statute cannot be loaded, so nothing is served" in said


def test_a_statute_with_problems_is_exit_2_with_its_findings(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nstatute: [\n", encoding="utf-8")
    code, said = run_serve(bad)
    assert code == 2
    assert f"{bad}:" in said and " E1" in said


def test_two_statutes_of_one_id_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(STATUTE.read_bytes())
    code, said = run_serve(STATUTE, copy)
    assert code == 2
    assert f"a statute with the id '{STATUTE_ID}' is already loaded from {STATUTE}" in said


def test_an_empty_token_file_is_refused(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("\n", encoding="utf-8")
    code, said = run_serve(STATUTE, "--token-file", token)
    assert code == 2
    assert f"foreningsregler: {token}: the token is empty" in said


def test_a_missing_token_file_is_refused(tmp_path: Path) -> None:
    code, said = run_serve(STATUTE, "--token-file", tmp_path / "none")
    assert code == 2
    assert "cannot read the token" in said


def test_a_path_that_is_no_protocol_is_refused(tmp_path: Path) -> None:
    code, said = run_serve(STATUTE, "--protocol", tmp_path / "none.db")
    assert code == 2
    missing = tmp_path / "none.db"
    assert said == f"foreningsregler: {missing}: no protocol here (the file does not exist)\n"
    altered = tmp_path / "altered.jsonl"
    altered.write_text("hello\n", encoding="utf-8")
    code, said = run_serve(STATUTE, "--protocol", altered)
    assert code == 2
    assert said.startswith(f"foreningsregler: {altered}: event 1 is unreadable")
    assert said.endswith("the protocol has been altered\n")


def test_the_help_names_the_options_in_danish() -> None:
    done = subprocess.run(
        [*serve_command("--help")],
        env={**os.environ, "FORENINGSREGLER_LANG": "da"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "Adressen der lyttes på." in done.stdout
    assert "Stil vedtægterne i PATH... til rådighed over HTTP" in done.stdout


@pytest.mark.parametrize("lang", ["en", "da"])
def test_a_started_server_serves_its_statute(lang: str) -> None:
    with running(STATUTE, env={"FORENINGSREGLER_LANG": lang}) as base:
        statutes = httpx.get(f"{base}/v1/statutes").json()
    assert [s["id"] for s in statutes] == [STATUTE_ID]


def test_the_services_language_answers_a_request_that_names_none() -> None:
    with running(STATUTE, "--lang", "da", env={"FORENINGSREGLER_LANG": "en"}) as base:
        url = f"{base}/v1/statutes/nope"
        danish = httpx.get(url).json()
        english = httpx.get(url, headers={"Accept-Language": "fr, en;q=0.8"}).json()
    assert danish["title"] == "Ingen vedtægt med det id er indlæst"
    assert english["title"] == "No statute of that id is loaded"


class _Broken:
    """An authority that fails unforeseen, as a bug would."""

    def check(self, *args: object, **facts: object) -> object:
        raise RuntimeError("a bug")


def test_an_unforeseen_failure_is_a_problem_not_a_traceback() -> None:
    """In a thread of this process, to put a failure where no input can."""
    service = build_service((STATUTE,), None, None, None)
    loaded = service.statutes[STATUTE_ID]
    service.statutes[STATUTE_ID] = attrs.evolve(loaded, authority=_Broken())
    port = free_port()
    config = uvicorn.Config(create_app(service), host="127.0.0.1", port=port, log_level="critical")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + START_LIMIT
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}/v1/statutes/{STATUTE_ID}/check"
        response = httpx.get(url, params={"body": "bestyrelse", "power": "vedtag-faser"})
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["code"], body["detail"]) == ("internal-error", "internal error: RuntimeError")
    assert "Traceback" not in response.text and "a bug" not in response.text
