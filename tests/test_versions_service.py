"""A history's versions served side by side: each under ``<id>@<number>``
(they share one statute id), asked and diffed like any loaded statute."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from conftest import FIXTURES, write
from test_service_server import running

from foreningsregler.service.loaded import ServiceError, load_statutes
from foreningsregler.statute.problems import StatuteError
from foreningsregler.versions import load_history
from foreningsregler.versions.history import is_history

HISTORY = FIXTURES / "history" / "digitaliseringsforeningen.history.yaml"
ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"


def test_each_version_of_a_history_is_loaded_under_its_own_id() -> None:
    loaded = load_statutes([HISTORY, BUNDLED])
    assert list(loaded) == [
        "digitaliseringsforeningen@1",
        "digitaliseringsforeningen@2",
        "digitaliseringsforeningen@3",
        "digitaliseringsforeningen",
    ]
    second = loaded["digitaliseringsforeningen@2"]
    assert second.file == str(HISTORY.parent / "digitaliseringsforeningen-v2.yaml")
    assert second.statute.metadata.version == "2"
    assert [v.key for v in load_history(HISTORY).versions] == list(loaded)[:3]
    # Each version answers by its own rules: the board's delegation came with version 2.
    asked = [
        loaded[f"digitaliseringsforeningen@{n}"]
        .authority.check("bestyrelse", "fastlaeg-aarsaktiviteter")
        .allowed
        for n in (1, 2, 3)
    ]
    assert asked == [False, True, True]


def test_a_history_and_its_own_version_file_share_no_id(tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="a statute with the id 'digitaliseringsforeningen@1'"):
        load_statutes([HISTORY, HISTORY])


def test_a_history_whose_version_files_are_missing_is_its_problems(tmp_path: Path) -> None:
    broken = write(tmp_path, HISTORY.read_text("utf-8"), "h.history.yaml")
    with pytest.raises(StatuteError) as caught:
        load_statutes([broken])
    assert {p.code for p in caught.value.problems} == {"E902"}


def test_a_history_is_told_by_its_keys_not_its_name(tmp_path: Path) -> None:
    assert is_history(HISTORY)
    assert not is_history(BUNDLED)
    assert not is_history(tmp_path / "mangler.yaml")
    assert is_history(write(tmp_path, "format: 1\nversions: []\n", "any.yaml"))


def test_serve_with_a_history_serves_the_versions_and_diffs_them() -> None:
    with running(HISTORY) as base, httpx.Client(base_url=base, timeout=30) as client:
        listed = client.get("/v1/statutes").json()
        assert [s["id"] for s in listed] == [f"digitaliseringsforeningen@{n}" for n in (1, 2, 3)]
        asked = client.get(
            "/v1/statutes/digitaliseringsforeningen@2/check",
            params={"body": "bestyrelse", "power": "fastlaeg-aarsaktiviteter"},
        )
        assert asked.status_code == 200 and asked.json()["allowed"] is True
        old, new = "digitaliseringsforeningen@1", "digitaliseringsforeningen@2"
        found = client.get("/v1/diff", params={"old": old, "new": new}).json()
        assert [(c["body"], c["power"]) for c in found["competence"]] == [
            ("bestyrelse", "fastlaeg-aarsaktiviteter")
        ]
        unknown = client.get(
            "/v1/statutes/digitaliseringsforeningen/check", params={"body": "x", "power": "y"}
        )
        assert unknown.status_code == 404
        assert "digitaliseringsforeningen@1" in unknown.json()["detail"]
