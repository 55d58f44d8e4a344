"""The pre-commit hook (.pre-commit-hooks.yaml) on a temporary repository, run by
pre-commit itself (issue 14). pre-commit installs the package into an
environment of its own from the committed state of this repository, with its
dependencies from PyPI: without the network this test fails, it never skips."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, minimal_text, replace

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PRE_COMMIT_HOME=str(home), FORENINGSREGLER_LANG="en", GIT_CONFIG_NOSYSTEM="1")
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org")
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_the_hook_checks_statutes_and_statute_tests_in_a_repository(tmp_path: Path) -> None:
    hooks, project, home = tmp_path / "hooks", tmp_path / "project", tmp_path / "cache"
    cloned = _run(["git", "clone", "--quiet", str(ROOT), str(hooks)], tmp_path, home)
    assert cloned.returncode == 0, cloned.stderr
    folder = project / "vedtaegter"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "forening.yaml", folder / "forening.yaml")
    tests = (FIXTURES / "forening.test.yaml").read_text("utf-8").split("scenarios:")[0]
    (folder / "forening.test.yaml").write_text(tests, "utf-8")
    (project / "settings.yaml").write_text("database: sqlite\n", "utf-8")  # not a statute
    _run(["git", "init", "--quiet"], project, home)
    _run(["git", "add", "."], project, home)
    try_repo = [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), "foreningsregler-check"]

    passed = _run([*try_repo, "--all-files"], project, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "foreningsregler check" in passed.stdout and "Passed" in passed.stdout

    bad = replace(minimal_text(), "      by: generalforsamling\n", "      by: repraesentantskab\n")
    (folder / "udkast.yaml").write_text(bad, "utf-8")
    _run(["git", "add", "."], project, home)
    failed = _run([*try_repo, "--all-files"], project, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "vedtaegter/udkast.yaml:" in failed.stdout and " E301 " in failed.stdout
