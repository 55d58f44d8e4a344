"""Start-up and loading benchmark: what a command costs before it does anything.

    .venv/bin/python benchmarks/startup.py [--rounds N] [--quick]

Each figure is the median of several fresh processes, the kinds interleaved
round by round so a shared host's noise hits them alike: a bare Python start
(``python_ms``), ``import foreningsregler`` (``import_ms``, the whole process),
``foreningsregler check`` on the bundled statute (``cli_check_ms``, the whole
command), ``fr.load`` of the bundled statute in a process that has imported the
package (``load_ms``, the median of five loads after a first; the first is
``load_first_ms``) and of the generated 1,000x statute of the authority
benchmark (``load_x1000_s``); and the command again as an installed package runs it,
its bytecode compiled in advance as pip does (``cli_check_compiled_ms``: a copy
of the package compiled with ``compileall`` in a temporary folder; a checkout
run with ``PYTHONDONTWRITEBYTECODE`` compiles every module of the package from
its source at each start). The message catalogs are compiled first where a
``.mo`` is missing or older than its ``.po`` (as ``pip install -e .`` and the
wheel's build do): a stale one is compiled in memory at every start, a cost
of the checkout, not of the command. Prints them as its first JSON line and rewrites
the "Start-up and loading" section of docs/performance.md (not with
``--quick``, one round).
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _authority_shapes import generated as generated_statute
from _report import replace_section

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
SECTION = "## Start-up and loading"
#: The targets of issue 15, and the figures before it (2026-11-23, this machine).
TARGETS = {"import_extra_ms": 120.0, "cli_check_ms": 300.0, "load_ms": 50.0, "load_x1000_s": 3.0}
BEFORE = {"import_ms": 280.0, "cli_check_ms": 600.0, "load_ms": 124.0, "load_x1000_s": 11.7}

LOAD = """
import json, sys, time
import foreningsregler as fr
path, rounds = sys.argv[1], int(sys.argv[2])
times = []
for _ in range(rounds):
    start = time.perf_counter()
    fr.load(path, max_bytes=1 << 30)
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""


def _wall_ms(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return (time.perf_counter() - start) * 1000


def _loads(path: Path, rounds: int) -> list[float]:
    done = subprocess.run(
        [sys.executable, "-c", LOAD, str(path), str(rounds)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    times: list[float] = json.loads(done.stdout)
    return times


def _check_command() -> list[str]:
    """The installed ``foreningsregler`` script beside this Python, else ``-m``."""
    script = shutil.which("foreningsregler", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "foreningsregler"]
    return [*command, "check", str(BUNDLED.relative_to(ROOT))]


def catalogs_current() -> bool:
    """Compile the message catalogs where a ``.mo`` is missing or stale; True if
    they were current already."""
    folder = ROOT / "src" / "foreningsregler" / "locale"
    stale = [
        po
        for po in folder.glob("*/LC_MESSAGES/*.po")
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        tool = [sys.executable, str(ROOT / "tools" / "catalogs.py"), "compile"]
        subprocess.run(tool, check=True, capture_output=True, cwd=ROOT)
    return not stale


def compiled_copy(folder: Path) -> dict[str, str]:
    """The package copied into ``folder`` with its bytecode compiled, as an
    install has it; the environment that imports it from there."""
    package = Path(__import__("foreningsregler").__file__).parent
    shutil.copytree(package, folder / package.name, ignore=shutil.ignore_patterns("__pycache__"))
    compileall.compile_dir(folder / package.name, quiet=1)
    return {**os.environ, "PYTHONPATH": str(folder)}


def _wall_env_ms(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
    return (time.perf_counter() - start) * 1000


def measure(rounds: int, big: Path, installed: dict[str, str]) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {
        k: []
        for k in (
            "python_ms",
            "import_ms",
            "cli_check_ms",
            "cli_check_compiled_ms",
            "load_first_ms",
            "load_ms",
        )
    }
    samples["load_x1000_s"] = []
    check = _check_command()
    by_path = [sys.executable, "-m", "foreningsregler", "check", str(BUNDLED)]
    for _ in range(rounds):
        samples["python_ms"].append(_wall_ms([sys.executable, "-c", "pass"]))
        samples["import_ms"].append(_wall_ms([sys.executable, "-c", "import foreningsregler"]))
        samples["cli_check_ms"].append(_wall_ms(check))
        samples["cli_check_compiled_ms"].append(_wall_env_ms(by_path, installed))
        first, *warm = _loads(BUNDLED, 6)
        samples["load_first_ms"].append(first * 1000)
        samples["load_ms"].append(statistics.median(warm) * 1000)
    for _ in range(max(1, min(3, rounds))):
        samples["load_x1000_s"] += _loads(big, 1)
    return samples


def _row(name: str, values: list[float], unit: str, target: str, met: str) -> str:
    median = statistics.median(values)
    digits = 2 if unit == "s" else 1
    spread = f"{min(values):.{digits}f}-{max(values):.{digits}f}"
    return f"| {name} | {median:.{digits}f} {unit} | {spread} | {target} | {met} |"


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def write_section(samples: dict[str, list[float]], figures: dict[str, float], command: str) -> None:
    extra = figures["import_ms"] - figures["python_ms"]
    rows = [
        _row("bare `python -c pass`", samples["python_ms"], "ms", "", ""),
        _row(
            "`import foreningsregler` (process)",
            samples["import_ms"],
            "ms",
            f"under {TARGETS['import_extra_ms']:.0f} ms more than bare Python: +{extra:.1f} ms",
            _met(extra < TARGETS["import_extra_ms"]),
        ),
        _row(
            "`foreningsregler check` bundled statute",
            samples["cli_check_ms"],
            "ms",
            f"under {TARGETS['cli_check_ms']:.0f} ms",
            _met(figures["cli_check_ms"] < TARGETS["cli_check_ms"]),
        ),
        _row(
            "`foreningsregler check`, bytecode compiled (as installed)",
            samples["cli_check_compiled_ms"],
            "ms",
            "",
            "",
        ),
        _row("`fr.load` bundled, first in a process", samples["load_first_ms"], "ms", "", ""),
        _row(
            "`fr.load` bundled, after the first",
            samples["load_ms"],
            "ms",
            f"under {TARGETS['load_ms']:.0f} ms",
            _met(figures["load_ms"] < TARGETS["load_ms"]),
        ),
        _row(
            "`fr.load` generated x1000",
            samples["load_x1000_s"],
            "s",
            f"under {TARGETS['load_x1000_s']:.0f} s",
            _met(figures["load_x1000_s"] < TARGETS["load_x1000_s"]),
        ),
    ]
    ratios = ", ".join(
        f"{name} {BEFORE[name] / figures[name]:.1f}x"
        for name in ("import_ms", "cli_check_ms", "load_ms", "load_x1000_s")
    )
    body = "\n".join(
        [
            SECTION,
            "",
            f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores "
            f"({platform.processor() or platform.machine()}), Python "
            f"{platform.python_version()}, with `{command}`: medians of "
            f"{len(samples['python_ms'])} fresh processes per figure, the kinds interleaved "
            "(their range beside them); the 1,000x statute is the authority benchmark's "
            f"generated one ({figures['x1000_kb']:.0f} KB, 21,001 elements).",
            "",
            "| figure | median | range | target | |",
            "|---|---:|---|---|---|",
            *rows,
            "",
            f"Faster than before issue 15 (import about {BEFORE['import_ms']:.0f} ms, check "
            f"{BEFORE['cli_check_ms']:.0f} ms, load {BEFORE['load_ms']:.0f} ms, 1,000x "
            f"{BEFORE['load_x1000_s']} s): {ratios}.",
            "",
            "The package's names are imported on first use (PEP 562), so `import "
            "foreningsregler` loads nearly nothing. Loading scans and parses YAML with "
            "libyaml where it is installed (PyYAML's own reader reads a text libyaml might "
            "read otherwise, and every text with a problem, so the findings are the same), "
            "checks the schema with plain Python checks compiled once from it (jsonschema "
            "is imported only to explain a failure), and pauses the cyclic garbage "
            "collector while it builds (it made a large statute's loading grow faster than "
            "its size). `check` imports only what a valid statute's text account needs "
            "(tests/test_startup.py): the package's files are read by path, not through "
            "`importlib.resources`; PyYAML's errors in our words, `--verbose`'s sections, "
            "the SARIF and GitHub formats and click's completion are imported when asked. "
            "What it still spends is mostly compiling the package's modules from their "
            "source (a checkout run with `PYTHONDONTWRITEBYTECODE` keeps no bytecode; an "
            "installed package has it: the row `bytecode compiled`), making the model's "
            "attrs classes, and the linter's authority and protocol.",
            "",
            "The message catalogs were "
            + ("current" if figures["catalogs_current"] else "compiled first (a `.mo` was stale)")
            + ": a stale `.mo` is compiled from its `.po` in memory at every start.",
            "",
        ]
    )
    replace_section(SECTION, body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--quick", action="store_true", help="one round, no report")
    args = parser.parse_args()
    rounds = 1 if args.quick else args.rounds
    current = catalogs_current()
    text = generated_statute(1000)
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "generated-1000.yaml"
        big.write_text(text, "utf-8")
        samples = measure(rounds, big, compiled_copy(Path(folder)))
    figures = {key: statistics.median(values) for key, values in samples.items()}
    keys = (
        "python_ms",
        "import_ms",
        "cli_check_ms",
        "load_ms",
        "load_x1000_s",
        "load_first_ms",
        "cli_check_compiled_ms",
    )
    shown = {key: round(figures[key], 3 if key.endswith("_s") else 1) for key in keys}
    print(json.dumps(shown))
    if args.quick:
        return
    figures["x1000_kb"] = len(text.encode()) / 1024
    figures["catalogs_current"] = float(current)
    command = "python benchmarks/startup.py" + (
        f" --rounds {args.rounds}" if args.rounds != 9 else ""
    )
    write_section(samples, figures, command)


if __name__ == "__main__":
    main()
