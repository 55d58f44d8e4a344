"""`foreningsregler check`: exit codes, where problems go, and the JSON form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import minimal_text, pos, replace, write

import foreningsregler
from foreningsregler.cli import cli, main

JSON_KEYS = {"code", "severity", "message", "file", "line", "column", "provision"}


def run(*args: str) -> Result:
    # Click 8.2+ keeps stderr apart by default (mix_stderr is gone); result.stderr works.
    return CliRunner().invoke(cli, ["check", *args])


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    # A non-zero exit is a SystemExit, never an uncaught exception.
    assert result.exception is None or isinstance(result.exception, SystemExit)


def bad_statute(tmp_path: Path) -> tuple[Path, str]:
    text = replace(minimal_text(), "      by: generalforsamling\n", "      by: repraesentantskab\n")
    return write(tmp_path, text, "bad.yaml"), text


def test_minimal_statute_exits_0(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_text())
    result = run(str(path))
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output + result.stderr
    assert result.stderr == ""
    assert str(path) in result.output


def test_file_that_cannot_be_loaded_exits_2_with_problems_on_stderr(tmp_path: Path) -> None:
    path, text = bad_statute(tmp_path)
    result = run(str(path))
    assert_no_traceback(result)
    assert result.exit_code == 2
    line, column = pos(text, "repraesentantskab")
    assert f"{path}:{line}:{column}: E301 " in result.stderr
    assert "E301" not in result.stdout


def test_stderr_lines_are_the_problems_as_str(tmp_path: Path) -> None:
    path, _ = bad_statute(tmp_path)
    with pytest.raises(foreningsregler.StatuteError) as caught:
        foreningsregler.load(path)
    result = run(str(path))
    for problem in caught.value.problems:
        assert str(problem) in result.stderr.splitlines()


def test_missing_file_exits_2_with_e100(tmp_path: Path) -> None:
    path = tmp_path / "findes-ikke.yaml"
    result = run(str(path))
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert f"{path}: E100 " in result.stderr


@pytest.mark.parametrize(
    "data",
    [b"", b"- a\n", b"a: [1\n", b"\xff\xfe", b"a: !!python/object/apply:os.system [ls]\n"],
    ids=["empty", "list", "syntax", "not-utf8", "tag"],
)
def test_malformed_input_exits_2_without_traceback(tmp_path: Path, data: bytes) -> None:
    result = run(str(write(tmp_path, data)))
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr.strip()


def test_alias_bomb_exits_2(tmp_path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    result = run(str(write(tmp_path, "\n".join(lines) + "\n")))
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert "E106" in result.stderr


def test_good_and_bad_file_together_exit_2(tmp_path: Path) -> None:
    good = write(tmp_path, minimal_text(), "good.yaml")
    bad, _ = bad_statute(tmp_path)
    result = run(str(good), str(bad))
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert str(good) in result.stdout
    assert str(bad) in result.stderr
    assert str(bad) not in result.stdout


def test_json_for_a_good_file_lists_its_findings(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_text())
    result = run(str(path), "--format", "json")
    assert_no_traceback(result)
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["files"] == [
        {
            "path": str(path),
            "kind": "statute",
            "loaded": True,
            "summary": document["files"][0]["summary"],
        }
    ]
    assert document["exit_code"] == 0
    findings = document["findings"]
    for finding in findings:
        assert set(finding) == JSON_KEYS
        assert finding["code"] in foreningsregler.CODES
        assert finding["severity"] in {"warning", "info"}
        assert finding["file"] == str(path)
    # § 5 is marked as an assumption, so it is listed.
    assert any(f["code"] == "I501" for f in findings)


def test_json_for_a_bad_file_is_one_document_on_stdout(tmp_path: Path) -> None:
    """Issue 14: the problems were a second document on stderr, so a CI job that
    read stdout saw [] for a file that cannot be loaded."""
    path, text = bad_statute(tmp_path)
    result = run("--format", "json", str(path))
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert document["exit_code"] == 2
    assert document["files"][0]["loaded"] is False
    assert document["counts"] == {"error": 1, "warning": 0, "info": 0}
    problems = document["findings"]
    line, column = pos(text, "repraesentantskab")
    assert problems == [
        {
            "code": "E301",
            "severity": "error",
            "message": problems[0]["message"],
            "file": str(path),
            "line": line,
            "column": column,
            "provision": "§ 3, stk. 2",
        }
    ]


def test_json_for_a_missing_file_has_null_position(tmp_path: Path) -> None:
    path = tmp_path / "findes-ikke.yaml"
    result = run(str(path), "--format", "json")
    assert result.exit_code == 2
    (problem,) = json.loads(result.stdout)["findings"]
    assert set(problem) == JSON_KEYS
    assert (problem["code"], problem["file"], problem["line"], problem["column"]) == (
        "E100",
        str(path),
        None,
        None,
    )


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = run(str(write(tmp_path, minimal_text())), "--format", "xml")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_main_entry_point_exits_with_the_same_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, minimal_text(), "good.yaml")
    with pytest.raises(SystemExit) as exited:
        main(["check", str(good)])
    assert exited.value.code == 0
    bad, _ = bad_statute(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(["check", str(bad)])
    assert exited.value.code == 2
    assert "E301" in capsys.readouterr().err
