"""From a built wheel, in a fresh environment outside the repository (issue 14):
the bundled statutes ship inside the package and the command line finds them by
name. Built and installed without the network: hatchling comes from the dev
extra (--no-build-isolation), the dependencies from the test's own environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_the_wheel_carries_the_bundled_statutes(tmp_path: Path) -> None:
    dist, home, elsewhere = tmp_path / "dist", tmp_path / "venv", tmp_path / "elsewhere"
    elsewhere.mkdir()
    built = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(ROOT),
        ],
        elsewhere,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("foreningsregler-*.whl")
    venv.EnvBuilder(with_pip=False).create(home)
    python = home / "bin" / "python"
    site = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], elsewhere
    )
    # The dependencies from this environment (no network), after the wheel's own files.
    Path(site.stdout.strip(), "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", str(wheel)],
        elsewhere,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr

    script = (
        "import json, foreningsregler as fr\n"
        "s = fr.load(fr.bundled('digitaliseringsforeningen'))\n"
        "print(json.dumps([fr.__file__, list(fr.bundled()), s.body('bestyrelse').seats,"
        " fr.output_schema('check')['$id']]))\n"
    )
    loaded = _run([str(python), "-c", script], elsewhere)
    assert loaded.returncode == 0, loaded.stderr
    where, names, seats, schema_id = json.loads(loaded.stdout)
    assert where.startswith(str(home)), "the wheel's package, not the repository's"
    assert "digitaliseringsforeningen" in names and "projektsamarbejde" in names
    assert (seats, schema_id) == (3, "urn:foreningsregler:output:check:1")

    checked = _run(
        [str(home / "bin" / "foreningsregler"), "check", "digitaliseringsforeningen"], elsewhere
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = _run(
        [str(python), "-m", "foreningsregler", "test", "faelles-kerne", "--format", "json"],
        elsewhere,
    )
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert json.loads(tested.stdout)["failed"] == 0
