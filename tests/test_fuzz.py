"""A fuzzer for the command line: mutated statutes, statute tests, scenarios,
events files and protocols never end in exit 3, a traceback or a hang (issue 12, item 8).

Every example starts from a real file -- the statutes in vedtaegter/ and
examples/tiny.yaml, their *.test.yaml, examples/k14.scenario.yaml, and the
small events files below, which their statutes accept -- and mutates it:

- gently, keeping each value's type, so that most files still load and reach
  the builders, linters, exports and the protocol's rules: odd ints (0,
  negative, huge), floats (NaN, infinities), days far in the past or future,
  text with control characters, zero-width spaces, lone surrogates, terminal
  escapes, a trailing newline or other Unicode forms; items duplicated or
  deleted, ids made to collide, values of one type swapped;
- structurally: keys deleted, renamed and added, values swapped, copied,
  wrapped or emptied, any value replaced by one of another type;
- with YAML's own tricks: tags (``!!python/object``, ``!!binary``, ``!!set``),
  anchors and aliases (recursive ones, a billion laughs), merge keys, YAML 1.1
  numbers and booleans (``010``, ``1:30``, ``yes``), deep nesting;
- as text: truncated anywhere, lines deleted, duplicated or swapped, byte
  noise, invalid UTF-8, a BOM, UTF-16, other line endings, two documents.

Protocols are tampered with too (rows deleted or edited, the chain forged, the
file cut or replaced), or are paths that are no protocol (missing, a folder,
another program's database, a statute), and are opened with odd keys and
expected heads.

Each command runs in-process through ``foreningsregler.cli.main`` and must

- exit 0, 1 or 2 -- never 3 -- with no Python traceback on stdout or stderr
  (commands: check, explain, who, graph in every format, diagram, compare,
  report, test, simulate, record, status, verify, repair);
- return within LIMIT seconds (an alarm in-process; a FIFO and /dev/zero,
  which would block or feed a reader for ever, run in a subprocess with a
  timeout);
- print strict JSON for ``--format json`` (no NaN) and well-formed GraphML,
  and no control character in text (a terminal would act on it);
- after every ``record``, leave a protocol that the library reopens and
  replays and ``verify`` accepts, whose earlier entries are still its first
  ones, unchanged when ``record`` failed (it is atomic per file), with no new
  event outside 1900-2199, nor after today unless ``--planning``;
- as a read-only command (``status``, ``verify``, ``explain --ledger``),
  create no file and change none;
- refuse a protocol whose tampering docs/protocol.md says is detected (any
  exit but 0), also after ``repair``, which mends only a torn last line; and
  a path that is no protocol (exit 2; ``verify`` and ``repair`` may say 1,
  "does not verify"; ``record`` may start a protocol where none is).

Budget. By default each target runs a bounded number of examples, the same on
every run (derandomized) and without shrinking, so CI stays fast and
reproducible. A deeper search, one target at a time (failures are shrunk):

    FORENINGSREGLER_FUZZ_EXAMPLES=2000 PYTHONPATH=src nice -n 10 \\
        pytest -q -p no:cacheprovider tests/test_fuzz.py -k record

FORENINGSREGLER_FUZZ_EXAMPLES  examples per target (default: 25 to 40 by target)
FORENINGSREGLER_FUZZ_SEED      other examples than the default (derandomized) ones
FORENINGSREGLER_FUZZ_LIMIT     seconds a command may take before it counts as a hang (default 15)
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import gc
import inspect
import io
import json
import math
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

import foreningsregler as fr
from foreningsregler.cli import main
from foreningsregler.protocol import open_ledger
from foreningsregler.protocol.ledger import GENESIS, Event, chain_hash
from foreningsregler.protocol.protection import Key

ROOT = Path(__file__).resolve().parents[1]
VEDTAEGTER = ROOT / "vedtaegter"
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures"

EXAMPLES_ENV = os.environ.get("FORENINGSREGLER_FUZZ_EXAMPLES")
SEED_ENV = os.environ.get("FORENINGSREGLER_FUZZ_SEED")
LIMIT = float(os.environ.get("FORENINGSREGLER_FUZZ_LIMIT", "15"))


def _budget(default: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A target's settings: ``default`` examples, or as many as the environment says."""
    deep = EXAMPLES_ENV is not None
    chosen = settings(
        max_examples=int(EXAMPLES_ENV) if deep else default,
        deadline=None,  # the alarm bounds each command instead
        derandomize=SEED_ENV is None,
        database=None,
        phases=[Phase.explicit, Phase.generate, *([Phase.shrink] if deep else [])],
        suppress_health_check=list(HealthCheck),
    )

    def apply(test: Callable[..., None]) -> Callable[..., None]:
        test = chosen(test)
        return seed(int(SEED_ENV))(test) if SEED_ENV is not None else test

    return apply


# -- the corpus -------------------------------------------------------------

STATUTES = sorted(p for p in VEDTAEGTER.glob("*.yaml") if not p.name.endswith(".test.yaml"))
STATUTES.append(EXAMPLES / "tiny.yaml")
STATUTE_TESTS = sorted(VEDTAEGTER.glob("*.test.yaml"))
SCENARIO = EXAMPLES / "k14.scenario.yaml"


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2's booleans only, so a key ``on:`` stays text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile("^(?:true|false)$"), ["t", "f"])


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # a safe loader


@cache
def _tree(path: Path) -> Any:
    return _load(path.read_text(encoding="utf-8"))


@dataclasses.dataclass(frozen=True)
class Events:
    """A statute, events it accepts in this order, and one more act that may follow."""

    statute: Path
    text: str

    @property
    def events(self) -> list[Any]:
        return list(_load(self.text))


def _events_file(events: list[Any]) -> bytes:
    return yaml.safe_dump({"events": events}, allow_unicode=True, sort_keys=False).encode()


EVENTS = (
    Events(
        FIXTURES / "forening.yaml",
        """
        - {kind: sign-declaration, date: "2015-03-01", actor: Sorø}
        - {kind: approve-in-principle, date: "2015-06-01", actor: Sorø}
        - {kind: hold-meeting, date: "2015-10-01", actor: generalforsamling}
        - kind: hold-founding-assembly
          date: "2015-10-01"
          actor: generalforsamling
          data: {vote: {present: 1, yes: 1, no: 0}}
        - kind: admit
          date: "2015-10-01"
          actor: generalforsamling
          data: {municipality: Sorø, vote: {present: 1, yes: 1, no: 0}}
        - kind: elect
          date: "2015-10-01"
          actor: generalforsamling
          data: {body: bestyrelse, person: Direktør Sorø, municipality: Sorø,
                 role: kommunaldirektoer, vote: {present: 1, yes: 1, no: 0}}
        """,
    ),
    Events(
        VEDTAEGTER / "faelles-kerne.yaml",
        """
        - {kind: approve-in-principle, date: "2015-06-01", actor: Greve}
        - {kind: approve-in-principle, date: "2015-06-01", actor: Sorø}
        - {kind: hold-meeting, date: "2015-10-01", actor: generalforsamling}
        - kind: hold-founding-assembly
          date: "2015-10-01"
          actor: generalforsamling
          data: {vote: {present: 2, yes: 2, no: 0}}
        - kind: admit
          date: "2015-10-01"
          actor: generalforsamling
          data: {municipality: Greve, vote: {present: 2, yes: 2, no: 0}}
        - kind: admit
          date: "2015-10-01"
          actor: generalforsamling
          data: {municipality: Sorø, vote: {present: 2, yes: 2, no: 0}}
        - kind: elect
          date: "2015-10-01"
          actor: generalforsamling
          data: {body: bestyrelse, person: Direktør Greve, municipality: Greve,
                 role: kommunaldirektoer, vote: {present: 2, yes: 2, no: 0}}
        - kind: hold-meeting
          date: "2016-03-01"
          actor: bestyrelse
          data: {called_on: "2016-02-01"}
        """,
    ),
    Events(
        VEDTAEGTER / "projektsamarbejde.yaml",
        """
        - {kind: accede, date: "2015-03-01", actor: Sorø}
        - {kind: accede, date: "2015-03-01", actor: Køge}
        - kind: hold-meeting
          date: "2015-04-01"
          actor: koordinationsforum
          data: {called_on: "2015-03-15"}
        - kind: enter-into-force
          date: "2015-04-01"
          actor: koordinationsforum
          data: {vote: {present: 2, yes: 2, no: 0}}
        - {kind: accede, date: "2015-05-01", actor: Næstved}
        """,
    ),
    Events(
        VEDTAEGTER / "projektsamarbejde.yaml",
        """
        - {kind: accede, date: "2015-03-01", actor: Sorø}
        - {kind: accede, date: "2015-03-01", actor: Køge}
        - {kind: accede, date: "2015-03-02", actor: Næstved}
        - kind: correct
          date: "2015-03-03"
          actor: Næstved
          data: {corrects: [3], reason: Tastet for den forkerte kommune}
        - {kind: accede, date: "2015-03-04", actor: Slagelse}
        """,
    ),
    Events(
        VEDTAEGTER / "os2.yaml",
        """
        - {kind: hold-meeting, date: "2012-04-24", actor: generalforsamling}
        - kind: sign-partner-agreement
          date: "2012-04-24"
          actor: Ballerup
          data: {member_kind: kommune}
        - kind: sign-partner-agreement
          date: "2012-04-24"
          actor: Syddjurs
          data: {member_kind: kommune}
        - kind: elect
          date: "2012-04-24"
          actor: generalforsamling
          data: {body: bestyrelse, person: Jens Ballerup, municipality: Ballerup,
                 vote: {present: 2, yes: 2, no: 0}}
        - kind: sign-partner-agreement
          date: "2012-06-01"
          actor: Ishøj
          data: {member_kind: kommune}
        """,
    ),
)


@cache
def _corpus_keys() -> tuple[str, ...]:
    """Every key the real files use, so renamed and added keys reach the later stages."""
    keys: set[str] = set()
    for path in [*STATUTES, *STATUTE_TESTS, SCENARIO]:
        for node in _walk(_tree(path)):
            if isinstance(node, dict):
                keys.update(k for k in node if isinstance(k, str))
    return tuple(sorted(keys))


def _walk(node: Any) -> Iterator[Any]:
    stack, seen = [node], set()
    while stack:
        node = stack.pop()
        if isinstance(node, dict | list):
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.extend(node.values() if isinstance(node, dict) else node)
        yield node


def _names(tree: Any, section: str, key: str = "id") -> list[str]:
    items = tree.get(section) if isinstance(tree, dict) else None
    found = [i.get(key) for i in items or [] if isinstance(i, dict)]
    return [n for n in found if isinstance(n, str)]


# -- odd values -------------------------------------------------------------

NFD_SORO = unicodedata.normalize("NFD", "Sorø")
# fmt: off
ODD_TEXT = [
    "", " ", "\t", "x\n", "bestyrelse\n", " Sorø", "Sorø ", "Sor\u200bø", NFD_SORO, "SORØ",
    "\x00", "a\x07b", "\x1b[2J\x1b[H", "\x1b]0;owned\x07", "\u202eevil", "\ufeffid", "\u2028",
    "\x85", "\ud800", "x\udfffy", "\U0010ffff", "\U0001f600", "§ 99, stk. 9", "../../etc/passwd",
    "x" * 100_000, "a-" * 5_000 + "a", "<tag>&amp;</tag>", '"; DROP TABLE protocol; --',
    "{{ x }}", "%s%n", "0", "-1", "nan", "NaN", "Infinity", "true", "null",
]
ODD_NUMBERS = [
    0, -1, 1, 2, 3, 7, 2**31, 2**63, -(2**63) - 1, 10**30, 0.5, -0.0, 1e308,
    math.nan, math.inf, -math.inf, True, False,
]
ODD_DATES = [
    "0001-01-01", "0000-01-01", "1900-02-29", "2015-02-29", "2015-02-30", "2015-13-01",
    "2015-1-1", "20151001", "2015-W40-4", "2015-274", "2015-10-01T10:00:00",
    "2015-10-01 10:00:00", "2015-10-01T10:00:00+02:00", "2015-10-01Z", "+2015-10-01",
    "-2015-10-01", "9950-01-01", "9999-12-30", "9999-12-31", "10000-01-01", "2015-10-01\n",
    " 2015-10-01", "2015-10-01\u200b", "\u0662\u0660\u0661\u0665-\u0661\u0660-\u0660\u0661",
    "2015\u201010\u201001", dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2015, 10, 1),
    dt.datetime(2015, 10, 1, 10, 30), dt.datetime(9999, 12, 31, 23, 59, 59),
    dt.datetime(2015, 10, 1, tzinfo=dt.UTC),
]
#: YAML spelled out, spliced in where a value goes (one line each, flow style).
RAW_YAML = [
    '!!python/object/apply:os.system ["echo fuzz"]', "!!python/name:os.system",
    "!!python/object/new:collections.OrderedDict [[[a, 1]]]", "!!binary aGVsbG8=",
    "!!set {a: null, b: null}", "!!omap [{a: 1}, {b: 2}]", "!!pairs [[a, 1]]",
    "!!timestamp 2015-10-01T10:00:00Z", "2015-10-01 10:00:00", "2015-10-01", "!!float .nan",
    ".nan", ".inf", "-.inf", "1e400", "-1e400", "010", "0o10", "0x1F", "0b101", "1:30",
    "190:20:30", "1_000", "+12", "-0", "685_230.15", "yes", "No", "on", "OFF", "y", "~",
    "!!str 010", '!!int "12"', "!!int 1:30", "!!bool yes", '!!null ""', "!fuzz x",
    "!<tag:example.com,2000:x> y", "!!map {}", "!!seq []", "*nosuchanchor", "&a [*a]",
    "&r {self: *r}", "{? [a, b] : c}", "{[1, 2]: x}", "{1: a, 2: b}", "{null: x}",
    "{true: x}", "{2015-01-01: x}", '"\\ud800"', '"x\\udfffy"', '"\\x00"', '"\\e[2J\\e[H"',
    '"\\u200b"', '"Sor\\u00f8\\u200b"', '"So\\u0301r\\u00f8"', '"\\N\\L\\P"', '"\\U0010FFFF"',
    "9" * 5000, "-" + "9" * 5000, "1" + "0" * 400 + ".5", "[" * 200 + "]" * 200,
    "{a: " * 100 + "b" + "}" * 100, '"' + "x" * 200_000 + '"',
    "[&a [x, x, x, x, x, x, x, x, x], &b [*a, *a, *a, *a, *a, *a, *a, *a, *a],"
    " &c [*b, *b, *b, *b, *b, *b, *b, *b, *b], &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]]",
    "[&a [x, x, x, x, x, x, x, x, x, x], &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a],"
    " &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b], &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c],"
    " &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d], &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e],"
    " &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f], &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]]",
]
# fmt: on

odd_scalars = (
    st.sampled_from(ODD_TEXT)
    | st.sampled_from(ODD_NUMBERS)
    | st.sampled_from(ODD_DATES)
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.dates().map(str)
    | st.datetimes()
    | st.sampled_from([None, [], {}, [None], {"": None}, b"\x00\xff"])
)

STRING_EDITS: dict[str, Callable[[str], str]] = {
    "trailing newline": lambda s: s + "\n",
    "trailing space": lambda s: s + " ",
    "leading space": lambda s: " " + s,
    "zero-width space": lambda s: s[: len(s) // 2] + "\u200b" + s[len(s) // 2 :],
    "NFD": lambda s: unicodedata.normalize("NFD", s),
    "upper case": str.upper,
    "terminal escape": lambda s: "\x1b[31m" + s + "\x1b[0m",
    "control character": lambda s: s + "\x01",
    "lone surrogate": lambda s: s + "\udc80",
    "right-to-left override": lambda s: "\u202e" + s,
    "repeated": lambda s: (s or "x") * 2000,
    "empty": lambda s: "",
    "one character less": lambda s: s[:-1],
}


# -- mutations of a YAML tree ----------------------------------------------

PathKey = tuple[Any, ...]


@dataclasses.dataclass
class Mutant:
    """A tree being mutated, what was done to it, and YAML text to splice in."""

    tree: Any
    done: list[str] = dataclasses.field(default_factory=list)
    raw: list[str] = dataclasses.field(default_factory=list)

    def splice(self, text: str) -> str:
        """A placeholder that the dumped text has replaced by ``text``."""
        self.raw.append(text)
        return f"ZZRAW{len(self.raw) - 1}ZZ"

    def paths(self) -> list[PathKey]:
        found: list[PathKey] = []
        stack: list[tuple[PathKey, Any]] = [((), self.tree)]
        seen: set[int] = set()
        while stack:
            path, node = stack.pop()
            if isinstance(node, dict | list) and id(node) not in seen:
                seen.add(id(node))
                for key, value in node.items() if isinstance(node, dict) else enumerate(node):
                    found.append((*path, key))
                    stack.append(((*path, key), value))
        return sorted(found, key=repr)

    def get(self, path: PathKey) -> Any:
        node = self.tree
        for key in path:
            node = node[key]
        return node

    def set(self, path: PathKey, value: Any) -> None:
        self.get(path[:-1])[path[-1]] = value

    def pick(self, data: st.DataObject, keep: Callable[[PathKey, Any], bool]) -> PathKey | None:
        paths = [p for p in self.paths() if keep(p, self.get(p))]
        return data.draw(st.sampled_from(paths), label="path") if paths else None

    def pick_other(self, data: st.DataObject, first: PathKey | None, keep: Any = None) -> Any:
        """A second path, neither inside the first nor around it."""
        if first is None:
            return None
        return self.pick(data, lambda p, v: _apart(p, first) and (keep is None or keep(p, v)))


def _apart(a: PathKey, b: PathKey) -> bool:
    return a[: len(b)] != b and b[: len(a)] != a


def _any(_: PathKey, __: Any) -> bool:
    return True


def _container(_: PathKey, value: Any) -> bool:
    return isinstance(value, dict | list)


def _op_delete(data: st.DataObject, m: Mutant) -> None:
    if (path := m.pick(data, _any)) is not None:
        del m.get(path[:-1])[path[-1]]
        m.done.append(f"delete {path}")


def _op_duplicate_item(data: st.DataObject, m: Mutant) -> None:
    if (path := m.pick(data, lambda p, v: isinstance(m.get(p[:-1]), list))) is not None:
        m.get(path[:-1]).insert(path[-1], copy.deepcopy(m.get(path)))
        m.done.append(f"duplicate item {path}")


def _op_swap(data: st.DataObject, m: Mutant) -> None:
    first = m.pick(data, _any)
    if (second := m.pick_other(data, first)) is not None:
        a, b = m.get(first), m.get(second)  # type: ignore[arg-type]
        m.set(first, b)  # type: ignore[arg-type]
        m.set(second, a)
        m.done.append(f"swap {first} and {second}")


def _op_copy(data: st.DataObject, m: Mutant) -> None:
    source = m.pick(data, _any)
    if (target := m.pick_other(data, source)) is not None:
        m.set(target, copy.deepcopy(m.get(source)))  # type: ignore[arg-type]
        m.done.append(f"copy {source} to {target}")


def _op_odd_value(data: st.DataObject, m: Mutant) -> None:
    if (path := m.pick(data, _any)) is not None:
        value = data.draw(odd_scalars, label="value")
        m.set(path, value)
        m.done.append(f"set {path} to {value!r:.80}")


def _op_edit_string(data: st.DataObject, m: Mutant) -> None:
    if (path := m.pick(data, lambda p, v: isinstance(v, str))) is not None:
        name = data.draw(st.sampled_from(sorted(STRING_EDITS)), label="edit")
        m.set(path, STRING_EDITS[name](m.get(path)))
        m.done.append(f"{name} in {path}")


def _op_rename_key(data: st.DataObject, m: Mutant) -> None:
    if (path := m.pick(data, lambda p, v: isinstance(p[-1], str))) is not None:
        new = data.draw(st.sampled_from(_corpus_keys()) | st.sampled_from(ODD_TEXT[:22]))
        parent = m.get(path[:-1])
        parent[new] = parent.pop(path[-1])
        m.done.append(f"rename {path} to {new!r}")


def _op_add_key(data: st.DataObject, m: Mutant) -> None:
    if (path := m.pick(data, lambda p, v: isinstance(v, dict))) is not None:
        key = data.draw(st.sampled_from(_corpus_keys()), label="key")
        source = m.pick(data, _any)
        m.get(path)[key] = copy.deepcopy(m.get(source)) if source else None
        m.done.append(f"add {key!r} to {path} (a copy of {source})")


NAMED = ("id", "name", "municipality", "actor", "body", "power", "holder", "kind", "by")


def _op_collide(data: st.DataObject, m: Mutant) -> None:
    """Give one id (or name, or municipality...) the value of another."""
    path = m.pick(data, lambda p, v: p[-1] in NAMED and isinstance(v, str))
    other = m.pick_other(data, path, lambda p, v: isinstance(v, str) and p[-1] == path[-1])  # type: ignore[index]
    if other is not None:
        m.set(path, m.get(other))  # type: ignore[arg-type]
        m.done.append(f"{path} takes the value of {other}")


def _date_like(_: PathKey, value: Any) -> bool:
    return isinstance(value, dt.date) or (
        isinstance(value, str) and len(value) == 10 and value[4:5] == "-" == value[7:8]
    )


def _op_date(data: st.DataObject, m: Mutant) -> None:
    if (path := m.pick(data, _date_like)) is not None:
        odd = st.sampled_from(ODD_DATES) | st.dates().map(str) | st.datetimes()
        value = data.draw(odd, label="date")
        m.set(path, value)
        m.done.append(f"date {path} = {value!r}")


def _op_number(data: st.DataObject, m: Mutant) -> None:
    if (path := m.pick(data, lambda p, v: isinstance(v, int | float))) is not None:
        value = data.draw(st.sampled_from(ODD_NUMBERS) | st.integers(), label="number")
        m.set(path, value)
        m.done.append(f"number {path} = {value!r}")


def _op_raw(data: st.DataObject, m: Mutant) -> None:
    if (path := m.pick(data, _any)) is not None:
        raw = data.draw(st.sampled_from(RAW_YAML), label="yaml")
        m.set(path, m.splice(raw))
        m.done.append(f"{path} = YAML {raw!r:.80}")


def _op_alias(data: st.DataObject, m: Mutant) -> None:
    """The same node in two places: PyYAML writes an anchor and an alias."""
    source = m.pick(data, _container)
    if (target := m.pick_other(data, source)) is not None:
        m.set(target, m.get(source))  # type: ignore[arg-type]
        m.done.append(f"alias {source} at {target}")


def _op_recursive(data: st.DataObject, m: Mutant) -> None:
    if (path := m.pick(data, _container)) is not None:
        node = m.get(path)
        node.append(node) if isinstance(node, list) else node.update(self=node)
        m.done.append(f"{path} contains itself")


def _op_merge(data: st.DataObject, m: Mutant) -> None:
    path = m.pick(data, lambda p, v: isinstance(v, dict))
    if (other := m.pick_other(data, path, lambda p, v: isinstance(v, dict))) is not None:
        m.get(path)[m.splice("<<")] = m.get(other)  # type: ignore[arg-type]
        m.done.append(f"merge {other} into {path}")


def _op_wrap(data: st.DataObject, m: Mutant) -> None:
    if (path := m.pick(data, _any)) is not None:
        value = m.get(path)
        wrappers = [[value], {"id": value}] + ([{value: 1}] if isinstance(value, str) else [])
        m.set(path, data.draw(st.sampled_from(wrappers)))
        m.done.append(f"wrap {path}")


def _op_empty(data: st.DataObject, m: Mutant) -> None:
    if (path := m.pick(data, _container)) is not None:
        m.set(path, data.draw(st.sampled_from([[], {}, None, ""])))
        m.done.append(f"empty {path}")


# -- gentle mutations: a value of the same type, so more files load and reach
# the later stages (builders, linters, exports, the protocol's rules).


@dataclasses.dataclass(frozen=True)
class Raw:
    """YAML text to splice in as it is (what PyYAML would not write)."""

    text: str


VALID_DATES = [
    "0001-01-01", "0001-12-31", "1900-02-28", "1970-01-01", "2000-02-29", "2038-01-19",
    "2099-12-31", "9950-01-01", "9999-01-01", "9999-12-30", "9999-12-31",
]  # fmt: skip
ODD_INTS = [0, -1, 1, 2, 7, 100, 2**31, 2**63, 10**30, -(10**30), *map(Raw, RAW_YAML[16:29])]
ODD_INTS += [Raw("9" * 5000), Raw("-" + "9" * 5000), Raw("!!float 3"), Raw("3.0")]
ODD_FLOATS = [0.0, -0.0, 0.5, 1.0, 1.5, -0.1, 1e-300, 1e308, Raw(".nan"), Raw(".inf"), Raw("-.inf")]


def _same_type(data: st.DataObject, value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return data.draw(st.sampled_from(ODD_INTS) | st.integers(), label="int")
    if isinstance(value, float):
        return data.draw(st.sampled_from(ODD_FLOATS) | st.floats(), label="float")
    if _date_like((), value):
        dates = st.sampled_from(VALID_DATES) | st.dates().map(str)
        return data.draw(dates | st.sampled_from(ODD_DATES[:21]), label="date")
    name = data.draw(st.sampled_from(sorted(STRING_EDITS)), label="edit")
    return STRING_EDITS[name](value)


def _op_same_type(data: st.DataObject, m: Mutant) -> None:
    """An odd value of the same type: an int for an int, a day for a day, text for text."""
    if (path := m.pick(data, lambda p, v: isinstance(v, str | int | float))) is not None:
        value = _same_type(data, m.get(path))
        m.set(path, m.splice(value.text) if isinstance(value, Raw) else value)
        m.done.append(f"{path} = {value!r:.80}")


def _op_delete_item(data: st.DataObject, m: Mutant) -> None:
    if (path := m.pick(data, lambda p, v: isinstance(m.get(p[:-1]), list))) is not None:
        del m.get(path[:-1])[path[-1]]
        m.done.append(f"delete item {path}")


def _op_swap_same_type(data: st.DataObject, m: Mutant) -> None:
    first = m.pick(data, lambda p, v: isinstance(v, str | int | float))
    kind = type(m.get(first)) if first is not None else None
    if (second := m.pick_other(data, first, lambda p, v: type(v) is kind)) is not None:
        a, b = m.get(first), m.get(second)  # type: ignore[arg-type]
        m.set(first, b)  # type: ignore[arg-type]
        m.set(second, a)
        m.done.append(f"swap {first} and {second}")


PROSE = {"name", "short_name", "title", "text", "reason", "description", "eligible", "person"}


def _op_prose(data: st.DataObject, m: Mutant) -> None:
    """Odd text where a statute has prose, which loads and is then printed and exported."""
    if (path := m.pick(data, lambda p, v: p[-1] in PROSE and isinstance(v, str))) is not None:
        value = data.draw(st.sampled_from(ODD_TEXT) | st.text(max_size=40), label="prose")
        m.set(path, m.get(path) + value if data.draw(st.booleans()) else value)
        m.done.append(f"{path} = {m.get(path)!r:.80}")


# fmt: off
GENTLE_OPS = [
    _op_same_type, _op_same_type, _op_same_type, _op_edit_string, _op_duplicate_item,
    _op_delete_item, _op_collide, _op_swap_same_type,
]
ROUGH_OPS = [
    _op_delete, _op_swap, _op_copy, _op_odd_value, _op_rename_key, _op_add_key, _op_date,
    _op_number, _op_raw, _op_alias, _op_recursive, _op_merge, _op_wrap, _op_empty,
]
# fmt: on
TREE_OPS = [_op_prose] * 4 + GENTLE_OPS * 2 + ROUGH_OPS
EVENT_OPS = [*GENTLE_OPS, _op_odd_value, _op_delete, _op_wrap, _op_empty, _op_add_key]


def _dump(m: Mutant) -> bytes:
    text = yaml.safe_dump(m.tree, allow_unicode=True, sort_keys=False, width=1 << 20)
    for i, raw in reversed(list(enumerate(m.raw))):
        text = text.replace(f"ZZRAW{i}ZZ", raw)
    return text.encode("utf-8", "surrogatepass")


# -- mutations of the text --------------------------------------------------


def _lines(raw: bytes) -> list[bytes]:
    return raw.splitlines(keepends=True) or [b""]


def _nested(depth: int) -> bytes:
    return b"deep: " + b"[" * depth + b"]" * depth + b"\n"


#: name -> (raw, a byte position, a line, the text's lines, data) -> new text
TEXT_OPS: dict[str, Callable[[bytes, int, int, list[bytes], st.DataObject], bytes]] = {
    "truncate": lambda raw, at, n, lines, data: raw[:at],
    "delete line": lambda raw, at, n, lines, data: b"".join(lines[:n] + lines[n + 1 :]),
    "duplicate line": lambda raw, at, n, lines, data: b"".join(lines[: n + 1] + lines[n:]),
    "swap with the next line": lambda raw, at, n, lines, data: b"".join(
        [*lines[:n], *lines[n + 1 : n + 2], lines[n], *lines[n + 2 :]]
    ),
    "noise": lambda raw, at, n, lines, data: (
        raw[:at] + data.draw(st.binary(min_size=1, max_size=8), label="noise") + raw[at:]
    ),
    "flip a byte": lambda raw, at, n, lines, data: (
        raw[:at] + bytes([raw[at] ^ 0x80] if at < len(raw) else []) + raw[at + 1 :]
    ),
    "indent": lambda raw, at, n, lines, data: b"".join(
        [*lines[:n], data.draw(st.sampled_from([b" ", b"\t"])) + lines[n], *lines[n + 1 :]]
    ),
    "BOM": lambda raw, at, n, lines, data: b"\xef\xbb\xbf" + raw,
    "UTF-16": lambda raw, at, n, lines, data: raw.decode("utf-8", "replace").encode("utf-16"),
    "CRLF": lambda raw, at, n, lines, data: raw.replace(b"\n", b"\r\n"),
    "CR": lambda raw, at, n, lines, data: raw.replace(b"\n", b"\r"),
    "two documents": lambda raw, at, n, lines, data: raw + b"---\n" + raw,
    "NUL": lambda raw, at, n, lines, data: raw[:at] + b"\x00" + raw[at:],
    "invalid UTF-8": lambda raw, at, n, lines, data: raw[:at] + b"\xff\xfe\xc3" + raw[at:],
    "empty": lambda raw, at, n, lines, data: data.draw(
        st.sampled_from([b"", b"\n", b"   \n", b"---\n", b"...\n", b"# nothing\n"])
    ),
    "deep nesting": lambda raw, at, n, lines, data: b"".join(
        [*lines[:n], _nested(data.draw(st.sampled_from([60, 1000, 100_000]))), *lines[n:]]
    ),
}


def _text_op(data: st.DataObject, raw: bytes) -> tuple[bytes, str]:
    name = data.draw(st.sampled_from(sorted(TEXT_OPS)), label="text op")
    at = data.draw(st.integers(0, len(raw)), label="at")
    lines = _lines(raw)
    line = data.draw(st.integers(0, len(lines) - 1), label="line")
    return TEXT_OPS[name](raw, at, line, lines, data), f"{name} (byte {at}, line {line + 1})"


def mutated(data: st.DataObject, tree: Any, most: int = 4) -> tuple[bytes, list[str]]:
    """A YAML file made from ``tree`` by up to ``most`` tree mutations, then perhaps text ones."""
    m = Mutant({"": copy.deepcopy(tree)})  # a root above the root, so the root can change
    count = data.draw(st.sampled_from([0, 1, 1, 1, 1, 1, 2, 2, 3, most]), label="tree ops")
    for _ in range(count):
        data.draw(st.sampled_from(TREE_OPS), label="op")(data, m)
    m.tree = m.tree.get("", None)
    raw = _dump(m)
    for _ in range(data.draw(st.sampled_from([0, 0, 0, 0, 0, 0, 0, 1, 2]), label="text ops")):
        raw, what = _text_op(data, raw)
        m.done.append(what)
    return raw, m.done


# -- running the command line -----------------------------------------------


class Hang(BaseException):
    """Raised by the alarm in a command still running after LIMIT seconds (not an
    Exception, so the CLI's last guard does not turn it into exit 3)."""


@contextlib.contextmanager
def _time_guard(seconds: float) -> Iterator[None]:
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:  # Windows, or not the main thread: no alarm
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclasses.dataclass(frozen=True)
class Outcome:
    args: tuple[str, ...]
    code: int | str  # the exit code, or "hang", or "escaped" (an exception main let through)
    stdout: str
    stderr: str
    seconds: float
    trace: str  # the traceback behind an internal error, if any


class _Stderr(io.TextIOBase):
    """stderr for ``main``: keeps the traceback of the exception main is reporting."""

    def __init__(self) -> None:
        self.trace = ""

    def write(self, text: str) -> int:
        if not self.trace and sys.exc_info()[0] is not None:
            self.trace = traceback.format_exc()
        return sys.stderr.write(text)


_MAIN_TAKES_STDERR = "stderr" in inspect.signature(main).parameters


def run(*args: str | os.PathLike[str]) -> Outcome:
    """``foreningsregler ARGS``, in-process, with its output captured."""
    argv = [os.fspath(a) for a in args]
    stderr = _Stderr()
    code: int | str
    with CliRunner().isolation() as (out, err, _):
        start = time.monotonic()
        try:
            with _time_guard(LIMIT):
                main(argv, stderr=stderr) if _MAIN_TAKES_STDERR else main(argv)
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
        except Hang:
            code, stderr.trace = "hang", traceback.format_exc()
        except BaseException:
            code, stderr.trace = "escaped", traceback.format_exc()
        seconds = time.monotonic() - start
        if argv[:1] == ["record"]:
            gc.collect()  # as a process's end would: close the protocol the writer left open
        sys.stdout.flush()
        sys.stderr.flush()
        stdout = out.getvalue().decode("utf-8", "replace")
        errors = err.getvalue().decode("utf-8", "replace")
    return Outcome(tuple(argv), code, stdout, errors, seconds, stderr.trace)


@dataclasses.dataclass(frozen=True)
class Problem:
    """One failed property of one run (what a hunt for crashes collects)."""

    target: str
    kind: str
    outcome: Outcome | None
    detail: str
    inputs: dict[str, bytes]
    done: tuple[str, ...]

    def __str__(self) -> str:
        lines = [f"[{self.target}] {self.kind}: {self.detail}"]
        if (o := self.outcome) is not None:
            lines += [
                f"command: foreningsregler {' '.join(o.args)}",
                f"exit: {o.code} after {o.seconds:.1f} s",
                f"stderr (end): {o.stderr[-1000:]}",
                f"traceback:\n{o.trace[-4000:]}" if o.trace else "",
            ]
        lines.append(f"mutations: {list(self.done)}")
        lines += [f"--- {n} ({len(r)} bytes): {r[:2000]!r}" for n, r in self.inputs.items()]
        return "\n".join(lines)


def fail(problem: Problem) -> None:
    """A property failed: the test fails (a hunt for crashes replaces this to collect them)."""
    raise AssertionError(str(problem))


#: What a terminal would act on; text output is stripped of it (JSON escapes it).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


@dataclasses.dataclass
class Case:
    """One example: its target, the files it wrote, the mutations that made them."""

    target: str
    inputs: dict[str, bytes] = dataclasses.field(default_factory=dict)
    done: list[str] = dataclasses.field(default_factory=list)

    def problem(self, kind: str, outcome: Outcome | None, detail: str = "") -> None:
        fail(Problem(self.target, kind, outcome, detail, dict(self.inputs), tuple(self.done)))

    def write(self, folder: Path, name: str, raw: bytes) -> Path:
        (folder / name).write_bytes(raw)
        self.inputs[name] = raw
        return folder / name

    def judge(self, o: Outcome) -> Outcome:
        """No exit 3, no traceback, no hang; strict JSON and well-formed GraphML."""
        last = (o.trace or o.stderr).strip().splitlines()[-1:]
        if o.code == 3:
            self.problem("exit 3", o, " ".join(last))
        elif o.code == "hang":
            self.problem("hang", o, f"still running after {LIMIT} s")
        elif o.code == "escaped":
            self.problem("exception escaped main", o, " ".join(last))
        elif o.code not in (0, 1, 2):
            self.problem("exit code", o, f"exit {o.code} is none of 0, 1, 2")
        if "Traceback (most recent call last)" in o.stdout + o.stderr:
            self.problem("traceback in output", o)
        fmt = o.args[o.args.index("--format") + 1] if "--format" in o.args else None
        shown = o.stdout + (o.stderr.replace("\r", "") if "--runs" in o.args else o.stderr)
        if fmt != "json" and (control := CONTROL.search(shown)):
            self.problem("control character printed", o, f"{control.group()!r} in the text")
        if o.code in (0, 1) and o.stdout.strip() and fmt in ("json", "graphml"):
            try:
                if fmt == "json":
                    json.loads(o.stdout, parse_constant=_no_constant)
                else:
                    ET.fromstring(o.stdout.encode("utf-8"))
            except (ValueError, ET.ParseError) as error:
                self.problem(f"invalid {fmt}", o, str(error))
        return o


@contextlib.contextmanager
def _folder() -> Iterator[Path]:
    # A fresh folder per example: pytest's tmp_path is one per test, not per example.
    with tempfile.TemporaryDirectory(prefix="fuzz-") as name:
        yield Path(name)


# -- protocols ------------------------------------------------------------------

FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)  # docs/protocol.md


@dataclasses.dataclass(frozen=True)
class Store:
    """A protocol's file, and its key file if it is written with a key."""

    path: Path
    key: Path | None = None

    def options(self) -> list[str]:
        key = ["--key-file", os.fspath(self.key)] if self.key else []
        return ["--ledger", os.fspath(self.path), *key]

    def entries(self) -> list[Any]:
        """The entries as the library reads (and verifies) them, read-only."""
        key = Key.from_file(self.key) if self.key else None
        ledger = open_ledger(self.path, read_only=True, key=key)
        try:
            return list(ledger.entries())
        finally:
            getattr(ledger, "close", lambda: None)()

    def hashes(self) -> list[str]:
        return [entry.hash for entry in self.entries()]


@cache
def _statute(path: Path) -> fr.Statute:
    return fr.load(path)


def _replays(statute: Path, store: Store) -> None:
    """The statute's association replays the protocol: it holds no event it would refuse."""
    ledger = open_ledger(store.path, read_only=True)
    try:
        fr.Association(_statute(statute), ledger)
    finally:
        getattr(ledger, "close", lambda: None)()


def _still_verifies(
    case: Case, statute: Path, store: Store, before: list[str], o: Outcome, *, planning: bool
) -> None:
    """After ``record``: the protocol reopens, replays and verifies; nothing before is
    lost; a failed run recorded nothing of its file; no new event is out of range."""
    try:
        entries = store.entries()
        _replays(statute, store)
    except Exception as error:
        case.problem("protocol broken", o, f"{type(error).__name__}: {error}")
        return
    after = [entry.hash for entry in entries]
    if after[: len(before)] != before:
        case.problem("entries lost", o, f"{len(before)} entries before, {len(after)} after")
    elif o.code != 0 and after != before:
        case.problem("not atomic", o, f"exit {o.code}, yet {len(after) - len(before)} recorded")
    last = LAST_DAY if planning else min(dt.date.today(), LAST_DAY)
    for entry in entries[len(before) :]:
        if not FIRST_DAY <= entry.event.date <= last:
            case.problem("event out of range recorded", o, f"{entry.event.date}")
    checked = case.judge(run("verify", *store.options()))
    if checked.code != 0:
        case.problem("verify fails", checked, "after record")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        os.fspath(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _read_only(case: Case, folder: Path, args: list[Any]) -> Outcome:
    """Run a read-only command: it creates no file and changes none (docs/protocol.md)."""
    before = _snapshot(folder)
    o = case.judge(run(*args))
    after = _snapshot(folder)
    if changed := sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n)):
        case.problem("read-only command wrote", o, f"{o.args[0]} changed {changed}")
    return o


KEY = b"fuzz-key-0123456789abcdef"
_TEMPLATES: list[Path] = []


@cache
def _template(index: int, count: int, suffix: str, keyed: bool) -> Path:
    """A folder with a protocol of the first ``count`` events of ``EVENTS[index]``, made
    once, through the library (each example's own ``record`` runs the command line)."""
    folder = Path(tempfile.mkdtemp(prefix="fuzz-template-"))
    _TEMPLATES.append(folder)
    corpus = EVENTS[index]
    if keyed:
        (folder / "key").write_bytes(KEY)
    ledger = open_ledger(folder / f"protokol{suffix}", key=Key(KEY) if keyed else None)
    try:
        events = [Event.from_json({"data": {}, **e}) for e in corpus.events[:count]]
        fr.Association(_statute(corpus.statute), ledger).record_all(events)
    finally:
        getattr(ledger, "close", lambda: None)()
    gc.collect()
    return folder


@pytest.fixture(scope="module", autouse=True)
def _remove_templates() -> Iterator[None]:
    yield
    for folder in _TEMPLATES:
        shutil.rmtree(folder, ignore_errors=True)


def _protocol(data: st.DataObject, index: int, count: int, into: Path) -> Store:
    """A copy of a template protocol in ``into``: SQLite or JSON Lines, with a key or not."""
    suffix = data.draw(st.sampled_from([".db", ".jsonl"]), label="store")
    keyed = data.draw(st.booleans(), label="keyed")
    for file in _template(index, count, suffix, keyed).iterdir():
        shutil.copy2(file, into / file.name)
    return Store(into / f"protokol{suffix}", into / "key" if keyed else None)


# -- statutes, statute tests, scenarios -------------------------------------------

DAYS = ["2015-10-01", "2016-06-30", "2012-04-24", "0001-01-01", "9999-12-31", "1900-01-01"]
GRAPH_FORMATS = ["mermaid", "dot", "graphml", "json"]


def _facts(data: st.DataObject, tree: Any) -> list[str]:
    """Some of the options that give an act its facts: from the statute, or odd."""
    membership = tree.get("membership") if isinstance(tree, dict) else None
    listed = membership.get("municipalities") if isinstance(membership, dict) else None
    pools = {
        "--on": DAYS,
        "--phase": ["fase-1", "fase-2", "projekt", "fase-9", ""],
        "--municipality": [*(listed or [])[:3], "Sorø", "Sorø ", NFD_SORO, "Faxe", ""],
        "--area": [*_names(tree, "areas")[:3], "it", "oekonomi", ""],
        "--person": ["Direktør Greve", "Jens Ballerup", "\x1b[2J", ""],
    }
    args: list[str] = []
    for option, values in pools.items():
        if data.draw(st.booleans(), label=option):
            args += [option, data.draw(st.sampled_from(values) | st.sampled_from(ODD_TEXT[:22]))]
    return args


def _statute_args(data: st.DataObject, tree: Any, path: Path) -> list[Any]:
    """One command on a statute, asking with names the unmutated statute knows."""
    body = data.draw(st.sampled_from([*_names(tree, "bodies"), "f3-it", "", "bestyrelse\n"]))
    power = data.draw(st.sampled_from([*_names(tree, "powers"), "", "x" * 300]))
    lifecycles = [*_names(tree, "lifecycles"), *_names(tree, "lifecycles", "kind"), "", "nope"]
    fmt = ["--format", data.draw(st.sampled_from(["text", "json"]), label="format")]
    other = os.fspath(data.draw(st.sampled_from(STATUTES), label="other statute"))
    p = os.fspath(path)

    def language() -> list[str]:
        return data.draw(st.sampled_from([[], ["--lang", "da"], ["--lang", "en"]]))

    commands: dict[str, Callable[[], list[Any]]] = {
        "check": lambda: ["check", *fmt, p],
        "check two": lambda: ["check", *fmt, p, other],
        "explain": lambda: ["explain", *fmt, p],
        "explain a body": lambda: ["explain", *fmt, p, body],
        "explain an act": lambda: ["explain", *fmt, p, body, power, *_facts(data, tree)],
        "who": lambda: ["who", *fmt, p, power, *_facts(data, tree)],
        "graph": lambda: ["graph", "--format", data.draw(st.sampled_from(GRAPH_FORMATS)), p],
        "diagram": lambda: ["diagram", p, data.draw(st.sampled_from(lifecycles))],
        "compare": lambda: ["compare", *fmt, *data.draw(st.permutations([p, other]))],
        "report": lambda: ["report", p, "-o", path.with_name("report.html"), *language()],
    }
    return commands[data.draw(st.sampled_from(sorted(commands)), label="command")]()


@_budget(40)
@given(data=st.data())
def test_statute_commands_survive_mutated_statutes(data: st.DataObject) -> None:
    base = data.draw(st.sampled_from(STATUTES), label="statute")
    case = Case("statute")
    raw, case.done = mutated(data, _tree(base))
    with _folder() as folder:
        path = case.write(folder, base.name, raw)
        case.judge(run(*_statute_args(data, _tree(base), path)))


@_budget(25)
@given(data=st.data())
def test_a_protocol_under_a_mutated_statute(data: st.DataObject) -> None:
    """status, and explain --ledger, replay a protocol under a mutant of its statute."""
    index = data.draw(st.integers(0, len(EVENTS) - 1), label="events")
    corpus = EVENTS[index]
    tree = _tree(corpus.statute)
    case = Case("statute+protocol")
    raw, case.done = mutated(data, tree, most=2)
    with _folder() as folder:
        store = _protocol(data, index, len(corpus.events), folder)
        statute = case.write(folder, corpus.statute.name, raw)
        day = data.draw(st.sampled_from(DAYS), label="day")
        if data.draw(st.booleans(), label="status"):
            fmt = data.draw(st.sampled_from(["text", "json"]), label="format")
            args = ["status", "--statute", statute, *store.options(), "--on", day]
            _read_only(case, folder, [*args, "--format", fmt])
        else:
            body = data.draw(st.sampled_from(_names(tree, "bodies")), label="body")
            power = data.draw(st.sampled_from(_names(tree, "powers")), label="power")
            facts = _facts(data, tree)
            facts += [] if "--on" in facts else ["--on", day]
            args = ["explain", statute, body, power, *facts, "--ledger", store.path]
            _read_only(case, folder, args)


def _trimmed(data: st.DataObject, tree: dict[str, Any]) -> dict[str, Any]:
    """A statute test cut down to a few of its checks and the start of one of its
    scenarios, as the file has them, so that an example runs in well under a second."""
    tree = dict(tree)
    checks = tree.get("checks") or []
    start = data.draw(st.integers(0, max(len(checks) - 1, 0)), label="first check")
    tree["checks"] = checks[start : start + data.draw(st.integers(0, 4), label="checks")]
    if scenarios := tree.get("scenarios"):
        scenario = data.draw(st.sampled_from(scenarios), label="scenario")
        steps = scenario.get("steps") or []
        count = data.draw(st.integers(0, min(len(steps), 40)), label="steps")
        tree["scenarios"] = [{**scenario, "steps": steps[:count]}] if count else []
    for key in ("list_bodies", "list_powers"):
        if key in tree and data.draw(st.booleans(), label=f"drop {key}"):
            del tree[key]
    return tree


@_budget(30)
@given(data=st.data())
def test_the_test_command_survives_mutated_statute_tests(data: st.DataObject) -> None:
    base = data.draw(st.sampled_from(STATUTE_TESTS), label="statute test")
    statute = base.with_name(base.name.replace(".test.yaml", ".yaml"))
    case = Case("test")
    test_raw, case.done = mutated(data, _trimmed(data, _tree(base)))
    statute_raw = statute.read_bytes()
    if data.draw(st.integers(0, 3), label="mutate the statute too") == 0:
        statute_raw, done = mutated(data, _tree(statute), most=1)
        case.done += [f"statute: {d}" for d in done]
    with _folder() as folder:
        case.write(folder, statute.name, statute_raw)
        test = case.write(folder, base.name, test_raw)
        case.judge(run("test", data.draw(st.sampled_from([test, folder]), label="path")))


SIMULATE_OPTIONS = [
    [], ["--format", "json"], ["--seed", "7"], ["--seed", str(-(2**70))],
    ["--runs", "2", "--workers", "1"], ["--runs", "2", "--workers", "1", "--format", "json"],
]  # fmt: skip


@_budget(25)
@given(data=st.data())
def test_simulate_survives_mutated_scenarios(data: st.DataObject) -> None:
    tree = dict(_tree(SCENARIO))
    tree["statute"] = os.fspath((SCENARIO.parent / tree["statute"]).resolve())
    tree["municipalities"] = tree["municipalities"][: data.draw(st.integers(1, 14))]
    case = Case("simulate")
    with _folder() as folder:
        if data.draw(st.integers(0, 3), label="mutate the statute") == 0:
            statute = Path(tree["statute"])
            raw, done = mutated(data, _tree(statute), most=1)
            tree["statute"] = os.fspath(case.write(folder, statute.name, raw))
            case.done += [f"statute: {d}" for d in done]
        raw, done = mutated(data, tree)
        case.done += done
        scenario = case.write(folder, "k14.scenario.yaml", raw)
        options = data.draw(st.sampled_from(SIMULATE_OPTIONS), label="options")
        case.judge(run("simulate", *options, scenario))


# -- events and protocols ----------------------------------------------------------


@_budget(30)
@given(data=st.data())
def test_record_survives_mutated_events_and_the_protocol_still_verifies(
    data: st.DataObject,
) -> None:
    index = data.draw(st.integers(0, len(EVENTS) - 1), label="events")
    corpus = EVENTS[index]
    events = corpus.events
    count = data.draw(st.integers(1, len(events) - 1), label="recorded before")
    case = Case("record")
    one = data.draw(st.integers(0, 4), label="one event alone") == 0
    tree = events[count] if one else {"events": events[count:]}
    raw, case.done = mutated(data, tree)
    with _folder() as folder:
        store = _protocol(data, index, count, folder)
        before = store.hashes()
        path = case.write(folder, "events.yaml", raw)
        fmt = ["--format", data.draw(st.sampled_from(["text", "json"]), label="format")]
        planning = ["--planning"] if data.draw(st.integers(0, 3), label="plan") == 0 else []
        record = ["record", "--statute", corpus.statute, *store.options(), *planning, *fmt]
        o = case.judge(run(*record, path))
        _still_verifies(case, corpus.statute, store, before, o, planning=bool(planning))
        day = data.draw(st.sampled_from(DAYS) | st.dates().map(str), label="status on")
        status = ["status", "--statute", corpus.statute, *store.options(), "--on", day]
        _read_only(case, folder, [*status, *fmt])


def _edited_event(data: st.DataObject, event: Any, case: Case) -> Any:
    m = Mutant({"": copy.deepcopy(event)})
    for _ in range(data.draw(st.integers(1, 3), label="event ops")):
        data.draw(st.sampled_from(EVENT_OPS), label="op")(data, m)
    case.done += m.done
    return m.tree.get("")


def _forged(events: list[Any]) -> list[tuple[Any, str, str]]:
    """Events with their chain recomputed, as a forger without the key would."""
    prev, out = GENESIS, []
    for event in events:
        try:
            digest = chain_hash(prev, Event.from_json(event))
        except Exception:  # not an event the library builds: a hash that does not match
            digest = "0" * 64
        out.append((event, prev, digest))
        prev = digest
    return out


def _canonical(event: Any) -> str | None:
    try:
        return Event.from_json(event).canonical()
    except Exception:  # no event at all: changed
        return None


def _changed(before: list[Any], after: list[Any]) -> bool:
    """Whether an event means something else now: the library normalises names and
    leaves out what no event has, and the chain covers what it keeps."""
    return [_canonical(e) for e in before] != [_canonical(e) for e in after]


def _json(value: Any, *, ascii: bool = False) -> str:
    return json.dumps(value, ensure_ascii=ascii, sort_keys=True, default=str)


DEEP = "[" * 100_000 + "]" * 100_000


def _tamper_jsonl(data: st.DataObject, path: Path, case: Case, how: str) -> bool:
    """Change a JSON Lines protocol; True when docs/protocol.md says it is detected."""
    raw = path.read_bytes()
    lines = _lines(raw)
    if how == "drop last line":
        new = b"".join(lines[:-1])
    elif how == "drop final newline":
        new = raw.rstrip(b"\n")
    elif how in ("edit event", "forge chain"):
        records = [json.loads(line) for line in lines]
        at = data.draw(st.integers(0, len(records) - 1), label="line")
        records[at]["event"] = _edited_event(data, records[at]["event"], case)
        if how == "forge chain":
            chain = enumerate(_forged([r["event"] for r in records]), start=1)
            records = [{"seq": n, "event": e, "prev": p, "hash": h} for n, (e, p, h) in chain]
        new = "".join(_json(r) + "\n" for r in records).encode("utf-8", "surrogatepass")
        path.write_bytes(new)
        return _changed([json.loads(x)["event"] for x in lines], [r["event"] for r in records])
    elif how == "deep nesting":
        new = raw.replace(b'"data": {', b'"data": {"deep": ' + DEEP.encode() + b", ", 1)
    elif how == "huge int":
        new = raw.replace(b'"seq": 1', b'"seq": 1' + b"0" * 5000, 1)
    elif how == "SQLite bytes":
        new = (_template(0, 2, ".db", False) / "protokol.db").read_bytes()
    else:
        new, what = _text_op(data, raw)
        case.done.append(what)
        path.write_bytes(new)
        return False  # bytes that may mean the same entries
    path.write_bytes(new)
    return new != raw


def _tamper_sqlite_file(data: st.DataObject, path: Path, how: str) -> bool:
    raw = path.read_bytes()
    if how == "truncate":
        new = raw[: data.draw(st.integers(0, len(raw)), label="size")]
    elif how == "noise":
        at = data.draw(st.integers(0, len(raw) - 1), label="at")
        new = raw[:at] + data.draw(st.binary(min_size=1, max_size=64)) + raw[at + 1 :]
    elif how == "empty":
        new = b""
    else:
        new = (_template(0, 2, ".jsonl", False) / "protokol.jsonl").read_bytes()
    for wal in path.parent.glob(path.name + "-*"):
        wal.unlink()
    path.write_bytes(new)
    return how in ("empty", "JSON Lines bytes")  # truncation and noise may hit free pages


def _sqlite_statements(
    data: st.DataObject, rows: list[tuple[int, str]], how: str, case: Case
) -> tuple[list[tuple[str, tuple[Any, ...]]], bool]:
    seq = data.draw(st.sampled_from([s for s, _ in rows]), label="row")
    update = "UPDATE protocol SET event = ? WHERE seq = ?"
    if how in ("edit event", "forge chain"):
        events = [json.loads(e) for _, e in rows]
        edited = _edited_event(data, events[seq - 1], case)
        changed, events[seq - 1] = _changed([events[seq - 1]], [edited]), edited
        if how == "edit event":
            return [(update, (_json(edited, ascii=True), seq))], changed
        edits = [
            (update, (_json(e, ascii=True), s)) for (s, _), e in zip(rows, events, strict=True)
        ]
        chain = "UPDATE protocol SET prev = ?, hash = ? WHERE seq = ?"
        forged = zip(rows, _forged(events), strict=True)
        rechained = [(chain, (p, h, s)) for (s, _), (_, p, h) in forged]
        return [*edits, ("UPDATE protocol SET hash = 'x' || seq", ()), *rechained], changed
    huge = '"n": ' + "9" * 5000 + ', "date"'
    statements: dict[str, list[tuple[str, tuple[Any, ...]]]] = {
        "delete last row": [("DELETE FROM protocol WHERE seq = ?", (rows[-1][0],))],
        "delete a row": [("DELETE FROM protocol WHERE seq = ?", (seq,))],
        "event not JSON": [(update, ("{not json", seq))],
        "event a blob": [(update, (b"\xff\xfe{\x00}\x00", seq))],
        "deep nesting": [(update, (DEEP, seq))],
        "huge int": [("UPDATE protocol SET event = replace(event, '\"date\"', ?)", (huge,))],
        "gap": [("UPDATE protocol SET seq = seq + 1000 WHERE seq = ?", (rows[-1][0],))],
        "bad hash": [("UPDATE protocol SET hash = ? WHERE seq = ?", ("0" * 64, seq))],
        "drop table": [("DROP TABLE protocol", ())],
        "rename table": [("ALTER TABLE protocol RENAME TO old", ())],
        "view": [
            ("ALTER TABLE protocol RENAME TO everything", ()),
            ("CREATE VIEW protocol AS SELECT * FROM everything WHERE seq < 3", ()),
        ],
        "other table": [("CREATE TABLE notes (text TEXT)", ())],
        "add column": [("ALTER TABLE protocol ADD COLUMN note TEXT DEFAULT 'x'", ())],
    }
    return statements[how], True


def _tamper_sqlite(data: st.DataObject, path: Path, case: Case, how: str) -> bool:
    """Change a SQLite protocol; True when docs/protocol.md says it is detected."""
    if how in ("truncate", "noise", "empty", "JSON Lines bytes"):
        return _tamper_sqlite_file(data, path, how)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        rows = connection.execute("SELECT seq, event FROM protocol ORDER BY seq").fetchall()
        statements, detected = _sqlite_statements(data, rows, how, case)
        for sql, params in statements:
            connection.execute(sql, params)
    return detected


# fmt: off
JSONL_TAMPERING = [
    "drop last line", "drop final newline", "text", "edit event", "forge chain",
    "deep nesting", "huge int", "SQLite bytes",
]
SQLITE_TAMPERING = [
    "delete last row", "delete a row", "edit event", "forge chain", "event not JSON",
    "event a blob", "deep nesting", "huge int", "gap", "bad hash", "drop table",
    "rename table", "view", "other table", "add column", "truncate", "noise", "empty",
    "JSON Lines bytes",
]
# fmt: on
NOT_PROTOCOLS = ["missing", "missing folder", "folder", "other database", "statute", "test"]


def _no_protocol(folder: Path, corpus: Events, how: str, suffix: str) -> Path:
    """A ledger path that is no protocol of this library."""
    path = folder / f"{how.replace(' ', '-')}{suffix}"
    if how == "missing folder":
        path = folder / "missing" / f"protokol{suffix}"
    elif how == "folder":
        path.mkdir()
    elif how == "other database":
        with contextlib.closing(sqlite3.connect(path)) as connection:
            connection.execute("CREATE TABLE users (name TEXT)")
            connection.commit()
    elif how in ("statute", "test"):
        shutil.copy(corpus.statute if how == "statute" else VEDTAEGTER / "os2.test.yaml", path)
    return path


ODD_HEADS = [
    "", ":", "1:", "x:y", "-1:" + "0" * 64, "0:" + "0" * 64, "1:" + "g" * 64,
    "99999999999999999999999:" + "f" * 64, "1:" + "0" * 64 + "\n", "\x1b[2J",
]  # fmt: skip
ODD_KEYS = {"empty": b"", "short": b"abc", "wrong": b"w" * 32, "not UTF-8": b"\xff" * 20}


def _protection(data: st.DataObject, store: Store, folder: Path) -> list[str]:
    """The protocol's options: as it is, or with an odd key file or expected head."""
    what = data.draw(
        st.sampled_from(["as is"] * 4 + ["head", "odd head", "missing key", "key folder"])
        | st.sampled_from(sorted(ODD_KEYS)),
        label="protection",
    )
    if what in ("head", "odd head"):
        head = folder / f"{store.path.name}.head"
        record = json.loads(head.read_text()) if head.is_file() else {"count": 0, "hash": ""}
        good = f"{record['count']}:{record['hash']}"
        value = good if what == "head" else data.draw(st.sampled_from(ODD_HEADS))
        return [*store.options(), "--expect-head", value]
    if what == "as is":
        return store.options()
    key = folder / "odd-key"
    if what == "key folder":
        key.mkdir()
    elif what in ODD_KEYS:
        key.write_bytes(ODD_KEYS[what])
    return ["--ledger", os.fspath(store.path), "--key-file", os.fspath(key)]


def _protocol_args(data: st.DataObject, corpus: Events, store: Store, folder: Path) -> list[Any]:
    options = _protection(data, store, folder)
    tree = _tree(corpus.statute)
    day = data.draw(st.sampled_from(DAYS), label="day")
    fmt = ["--format", data.draw(st.sampled_from(["text", "json"]), label="format")]
    command = data.draw(st.sampled_from(["status", "explain", "verify", "record", "repair"]))
    if command == "repair":
        return ["repair", *store.options()]
    if command == "status":
        return ["status", "--statute", corpus.statute, *options, "--on", day, *fmt]
    if command == "verify":
        return ["verify", *options, *fmt]
    if command == "explain":
        body = data.draw(st.sampled_from(_names(tree, "bodies")), label="body")
        power = data.draw(st.sampled_from(_names(tree, "powers")), label="power")
        return ["explain", corpus.statute, body, power, "--on", day, "--ledger", store.path]
    events = folder / "events.yaml"
    events.write_bytes(_events_file(corpus.events[-1:]))
    return ["record", "--statute", corpus.statute, *options, *fmt, events]


@_budget(40)
@given(data=st.data())
def test_protocol_commands_survive_a_tampered_or_wrong_protocol(data: st.DataObject) -> None:
    """Tampering that docs/protocol.md says is detected is refused by every command; a
    path that is no protocol is refused with exit 2 (record may start a missing one)."""
    index = data.draw(st.integers(0, len(EVENTS) - 1), label="events")
    corpus = EVENTS[index]
    case = Case("protocol")
    with _folder() as folder:
        store = _protocol(data, index, len(corpus.events) - 1, folder)
        jsonl = store.path.suffix == ".jsonl"
        how = data.draw(
            st.sampled_from((JSONL_TAMPERING if jsonl else SQLITE_TAMPERING) + NOT_PROTOCOLS)
        )
        case.done.append(how)
        detected = False
        if how in NOT_PROTOCOLS:
            store = Store(_no_protocol(folder, corpus, how, store.path.suffix), store.key)
        elif jsonl:
            detected = _tamper_jsonl(data, store.path, case, how)
        else:
            detected = _tamper_sqlite(data, store.path, case, how)
        if store.path.is_file():
            case.inputs[store.path.name] = store.path.read_bytes()
        args = _protocol_args(data, corpus, store, folder)
        writes = args[0] in ("record", "repair")
        o = case.judge(run(*args)) if writes else _read_only(case, folder, args)
        refusals = (1, 2) if args[0] in ("verify", "repair") else (2,)  # 1: does not verify
        if how in NOT_PROTOCOLS and not (args[0] == "record" and how == "missing"):
            if o.code not in refusals:
                case.problem("no protocol, yet not refused", o, how)
        elif how == "drop final newline" and args[0] == "repair":
            _mended(case, store, o)
        elif detected and o.code == 0:
            case.problem("tampering not detected", o, how)
        if args[0] == "repair" and detected and how != "drop final newline":
            _still_refused(case, store, how)


def _still_refused(case: Case, store: Store, how: str) -> None:
    """repair never hides tampering: the protocol still does not verify."""
    if (checked := case.judge(run("verify", *store.options()))).code == 0:
        case.problem("repair hid tampering", checked, how)


def _mended(case: Case, store: Store, o: Outcome) -> None:
    """A last line that lost its newline is a whole entry: repair completes it."""
    checked = case.judge(run("verify", *store.options()))
    if o.code != 0 or checked.code != 0:
        case.problem("torn line not mended", checked, f"repair exit {o.code}")


# -- what the fuzzer found, shrunk: replayed on every run (/work/briefs/fuzz-findings.md)

_STEP = "format: 1\nscenarios:\n  - name: x\n    steps:\n      - record: {}\n"
FOUND_TESTS = {
    "a day out of range": '{kind: sign-declaration, date: "0001-01-01", actor: Sorø}',
    "an invisible character": '{kind: sign-declaration, date: "2015-03-01", actor: "Sor\\u200bø"}',
}
FOUND_NO_PROTOCOLS = ["other database", "text without a newline", "empty"]


@pytest.mark.parametrize("step", sorted(FOUND_TESTS))
def test_statute_tests_the_fuzzer_broke(step: str, tmp_path: Path) -> None:
    """F1: a scenario's event the protocol cannot hold is no internal error."""
    shutil.copy(FIXTURES / "forening.yaml", tmp_path / "forening.yaml")
    case = Case("found")
    test = case.write(tmp_path, "forening.test.yaml", _STEP.format(FOUND_TESTS[step]).encode())
    case.judge(run("test", test))


@pytest.mark.parametrize("how", FOUND_NO_PROTOCOLS)
def test_repair_refuses_a_jsonl_that_is_no_protocol(how: str, tmp_path: Path) -> None:
    """F3: repair does not turn another file into an empty protocol."""
    path = tmp_path / "notes.jsonl"
    if how == "other database":
        path = _no_protocol(tmp_path, EVENTS[0], "other database", ".jsonl")
    else:
        path.write_bytes(b"important notes" if how == "text without a newline" else b"")
    content = path.read_bytes()
    case = Case("found", inputs={path.name: content})
    o = case.judge(run("repair", "--ledger", path))
    if o.code not in (1, 2) or path.read_bytes() != content:
        case.problem("no protocol, yet not refused", o, how)


# -- special files, in a subprocess with a timeout ------------------------------


def _special_cases() -> list[str]:
    fifo = ["check", "simulate", "record", "status .jsonl", "status .db"]
    cases = [f"{c} FIFO" for c in fifo] if hasattr(os, "mkfifo") else []
    return cases + (["check /dev/zero"] if Path("/dev/zero").exists() else [])


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@pytest.mark.parametrize("case", _special_cases())
def test_special_files_neither_hang_nor_crash(case: str, tmp_path: Path) -> None:
    """A FIFO would block a reader for ever, /dev/zero feed it for ever: refused, not read."""
    fifo = tmp_path / (
        "fifo" + (".jsonl" if ".jsonl" in case else ".db" if ".db" in case else ".yaml")
    )
    if "FIFO" in case:
        os.mkfifo(fifo)
    statute = EVENTS[0].statute
    events = tmp_path / "events.yaml"
    events.write_bytes(_events_file(EVENTS[0].events[:1]))
    status = ["status", "--statute", statute, "--ledger", fifo, "--on", "2016-01-01"]
    args = {
        "check FIFO": ["check", fifo],
        "simulate FIFO": ["simulate", fifo],
        "record FIFO": ["record", "--statute", statute, "--ledger", tmp_path / "p.db", fifo],
        "status .jsonl FIFO": status,
        "status .db FIFO": status,
        "check /dev/zero": ["check", "/dev/zero"],
    }[case]
    command = [sys.executable, "-m", "foreningsregler", *map(os.fspath, args)]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    posix = os.name == "posix"
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=LIMIT, env=environment, cwd=tmp_path,
            preexec_fn=_limit_memory if posix else None, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(map(os.fspath, args))}: still running after {LIMIT} s")
    output = (done.stdout + done.stderr).decode("utf-8", "replace")
    assert done.returncode in (0, 1, 2), output
    assert "Traceback (most recent call last)" not in output, output
