"""Every code example of README.md and docs/*.md runs, so the docs never drift.

Sybil finds the fenced blocks; each document runs in a fresh temporary working
directory holding copies of ``vedtaegter/``, ``examples/`` and ``tests/fixtures/``,
so the paths the docs use resolve and whatever an example writes is thrown away:

- ``python`` blocks are run, one namespace per document; a block of ``>>>``
  lines is a doctest, its shown output compared (ELLIPSIS allowed);
- ``console`` blocks: every ``$ command`` is run and its output compared with
  the lines shown under it (a line ``...`` stands for any lines); a file it
  names by a bare ``NAME.yaml`` holds the last ``yaml`` block shown above it
  in its section;
- ``sh`` blocks: every line is run and must succeed (exit 0, or the code its
  comment names: ``# ...; exit 1: why``);
- a block right after ``<!-- not run: REASON -->`` is left out, and the reason
  is shown to the reader in the page's source (set-up commands, a cluster).

The commands run in English (``FORENINGSREGLER_LANG=en``, as tests/conftest.py
sets it) unless the line says ``--lang``. ``yaml``, ``json`` and ``text`` blocks
are files and outputs, read by the examples around them.
"""

from __future__ import annotations

import contextvars
import doctest
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sybil import Document, Example, Region
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser

from foreningsregler.cli.commands import cli

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: The folders a document's examples find in their working directory.
COPIED = ("vedtaegter", "examples", "tests/fixtures")
#: The marker that leaves the next block out, with the reason the reader sees.
NOT_RUN = re.compile(r"<!-- not run: (?P<reason>[^>]+?) -->\s*$")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def not_run_reason(document: Document, region: Region) -> str | None:
    """The reason the block starting at ``region`` is not run, if it is marked so."""
    start = region.start
    if not document.text.startswith("```", start):  # a doctest inside its block
        start = document.text.rfind("\n```", 0, start) + 1
    before = document.text[:start].rstrip("\n").rsplit("\n", 1)[-1]
    match = NOT_RUN.search(before)
    return match["reason"] if match else None


class Runnable:
    """A parser's regions, without the blocks marked not run."""

    def __init__(self, parser: CodeBlockParser | PythonCodeBlockParser) -> None:
        self.parser = parser

    def __call__(self, document: Document) -> Iterable[Region]:
        return (r for r in self.parser(document) if not_run_reason(document, r) is None)


def run(command: str) -> tuple[int, str]:
    """Run one command line in the working directory: its exit code and output."""
    words = shlex.split(command, comments=True)
    if words[0] == "foreningsregler":
        result = CliRunner().invoke(cli, words[1:], prog_name="foreningsregler")
        if result.exit_code == 3 or not isinstance(result.exception, SystemExit | None):
            raise AssertionError(f"{command}: {result.output}") from result.exception
        return result.exit_code, result.output
    if words[0] == "python" and words[1].startswith("examples/"):
        words[0] = sys.executable
    elif words[0] not in {"cp", "sed", "mkdir"}:
        raise AssertionError(f"{command}: not a command the docs run; mark its block not run")
    done = subprocess.run(words, capture_output=True, text=True, check=False)
    return done.returncode, done.stdout + done.stderr


def commands(source: str) -> Iterator[tuple[str, str]]:
    """A console block's ``$ command`` lines, each with the output shown under it."""
    for chunk in re.split(r"^\$ ", source, flags=re.MULTILINE)[1:]:
        command, _, shown = chunk.partition("\n")
        yield command, shown


def write_shown_files(example: Example, command: str) -> None:
    """A bare ``NAME.yaml`` a command reads is the last YAML block shown above
    it in its section (docs/errors.md shows each statute, then its check)."""
    text = example.document.text
    section = text[text.rfind("\n## ", 0, example.region.start) : example.region.start]
    shown = re.findall(r"^```yaml\n(.*?)^```", section, re.DOTALL | re.MULTILINE)
    named = [w for w in shlex.split(command, comments=True) if re.fullmatch(r"[\w-]+\.yaml", w)]
    if shown and named:
        Path(named[-1]).write_text(shown[-1], "utf-8")


def evaluate_console(example: Example) -> str | None:
    failures = []
    for command, shown in commands(str(example.parsed)):
        write_shown_files(example, command)
        _, output = run(command)
        if not doctest.OutputChecker().check_output(shown, output, FLAGS):
            failures.append(f"$ {command}\n--- shown\n{shown}--- printed\n{output}")
    return "\n".join(failures) or None


def evaluate_sh(example: Example) -> str | None:
    failures = []
    for line in str(example.parsed).splitlines():
        if not line.strip():
            continue
        status, output = run(line)
        named = re.search(r"#.*\bexit (\d)\b", line)
        if status != (int(named[1]) if named else 0):
            failures.append(f"{line}: exit {status}\n{output}")
    return "\n".join(failures) or None


PARSERS = [
    Runnable(PythonCodeBlockParser(doctest_optionflags=FLAGS)),
    Runnable(CodeBlockParser(language="console", evaluator=evaluate_console)),
    Runnable(CodeBlockParser(language="sh", evaluator=evaluate_sh)),
]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    for folder in COPIED:
        shutil.copytree(ROOT / folder, work / folder)
    for folder in ("vedtaegter", "examples"):
        # A scenario written beside the examples names ../vedtaegter/..., as examples/ does.
        (tmp_path / folder).symlink_to(work / folder)
    monkeypatch.chdir(work)
    monkeypatch.setenv("FORENINGSREGLER_LANG", "en")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT / "src"), *sys.path]))
    return work


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_examples_run(path: Path, workdir: Path) -> None:
    # A copy of the context: an example's set_language stays in its document.
    contextvars.copy_context().run(_run_document, path)


def _run_document(path: Path) -> None:
    document = Document.parse(str(path), *PARSERS)
    failures = []
    for example in document:
        try:
            example.evaluate()
        except Exception as error:
            where = f"{path.relative_to(ROOT)}:{example.line}"
            failures.append(f"{where}: the example does not do what it shows\n{error}")
    assert not failures, "\n\n".join(failures)


FENCE = re.compile(r"^```(?P<language>[a-z]*)\n", re.MULTILINE)
RUN = {"python", "console", "sh"}


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_block_is_run_or_says_why_not(path: Path) -> None:
    """A block of code is run, or marked not run with a reason; none is left unsaid."""
    text = path.read_text("utf-8")
    unmarked = []
    for fence in FENCE.finditer(text):
        language = fence["language"]
        if language and language not in RUN | {"yaml", "json", "text"}:
            unmarked.append(f"line {text[: fence.start()].count(chr(10)) + 1}: ```{language}")
    assert unmarked == []


def test_the_readme_has_two_set_up_commands_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    start = readme.index("## Set up")
    set_up = readme[start : readme.index("\n## ", start + 1)]
    blocks = re.findall(r"```sh\n(.*?)```", set_up, re.DOTALL)
    assert [len(block.splitlines()) for block in blocks] == [1, 1]
    install, test = (block.strip() for block in blocks)
    assert ". .venv/bin/activate && foreningsregler check" in install
    assert (ROOT / ".ci" / "run").read_text("utf-8").rstrip().endswith(test)


def test_the_readme_records_the_events_file_it_names(tmp_path: Path) -> None:
    """examples/events.yaml is the file the README's record line names, and the
    bundled statute accepts all of it (the README's tour runs it as well)."""
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "--ledger protokol.db examples/events.yaml" in readme
    statute = str(ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml")
    args = ["record", "--statute", statute, "--ledger", str(tmp_path / "protokol.db")]
    first = CliRunner().invoke(cli, [*args, str(ROOT / "examples" / "events.yaml")])
    assert first.exit_code == 0, first.output
    last = "recorded #53: start-operation on 2015-10-02 by bestyrelse"
    assert first.output.splitlines()[-1] == last
    # As the README says: the same founding again is refused, and nothing is recorded.
    again = CliRunner().invoke(cli, [*args, str(ROOT / "examples" / "events.yaml")])
    assert again.exit_code == 1 and "rule: out-of-order" in again.output
    status = CliRunner().invoke(cli, ["status", *args[1:], "--on", "2016-01-01"])
    assert status.exit_code == 0 and "Members (14): Greve, Guldborgsund" in status.output
