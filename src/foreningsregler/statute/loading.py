"""Statute files to model: read safely, check the shape, resolve names, build.

Each stage reports every problem it finds before the next one runs: the
reference checks need the schema's shape, so a file with schema errors
gets those (all of them) and no reference errors yet.
"""

from __future__ import annotations

import contextlib
import gc
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import expect, expect_int, expect_path
from ..i18n import N_, _, shown_number
from . import _build_bodies, _build_clauses, _build_law, _build_members, _build_powers, _yaml
from ._build import Reader, as_date, as_tuple
from ._check_names import normalise_names
from ._yaml import MAX_BYTES, Parsed, PathKey
from .model import (
    Attorney,
    FinancialYear,
    Lifecycle,
    LifecycleKind,
    LifecycleState,
    Metadata,
    Provision,
    PurposeItem,
    Signers,
    Signing,
    Source,
    Status,
    Statute,
    Stk,
    Transition,
)
from .problems import Finding, StatuteError
from .references import resolve
from .validation import validate


def load(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Statute:
    """Load a statute file; raises StatuteError listing every problem."""
    _arguments(path, max_bytes)
    name = os.fspath(path)
    return _from_text(read_text(path, max_bytes=max_bytes), name)


def loads(source: str | bytes, *, name: str = "<string>", max_bytes: int = MAX_BYTES) -> Statute:
    """Load a statute from text or bytes; ``name`` is used in messages."""
    expect(source, (str, bytes), "source", "a statute's text (str or bytes)")
    _arguments(name, max_bytes, what="name")
    # surrogatepass: a lone surrogate in text becomes bytes that decoding refuses (E102)
    raw = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source
    return _from_text(_decode(_limited(raw, name, max_bytes), name), name)


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> str:
    """A file's text, refused if unreadable, not a regular file, too large or not UTF-8."""
    name = os.fspath(path)
    try:
        raw = _read_regular(name, max_bytes)
    except OSError as error:
        reason = _(error.strerror) if error.strerror else type(error).__name__
        message = _("cannot read the file: {reason}", reason=reason)
        raise StatuteError([Finding("E100", message, name)]) from None
    except ValueError as error:  # a path no system accepts: it holds a NUL character
        message = _("cannot read the file: {reason}", reason=_(str(error)))
        raise StatuteError([Finding("E100", message, repr(name))]) from None
    return _decode(_limited(raw, name, max_bytes), name)


_SPECIAL = (
    (stat.S_ISDIR, N_("it is a directory, not a regular file")),
    (stat.S_ISFIFO, N_("it is a named pipe (FIFO), not a regular file")),
    (stat.S_ISCHR, N_("it is a character device, not a regular file")),
    (stat.S_ISBLK, N_("it is a block device, not a regular file")),
    (stat.S_ISSOCK, N_("it is a socket, not a regular file")),
)
_NOT_REGULAR = N_("it is a special file, not a regular file")
#: The reasons a file cannot be read that the system gives most often (its
#: ``strerror``, in English), for the catalog; another is shown as it is.
_REASONS = (
    N_("No such file or directory"),
    N_("Permission denied"),
    N_("Is a directory"),
    N_("Not a directory"),
    N_("File name too long"),
    N_("Too many levels of symbolic links"),
    N_("Input/output error"),
    N_("embedded null byte"),
)


def _read_regular(name: str, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of a regular file. A special file is refused
    before it is read: ``/dev/zero`` never ends and a FIFO waits for a writer.
    It is opened without blocking and checked again, in case it changed."""
    _refuse_special(os.stat(name).st_mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(name, flags), "rb") as handle:
        facts = os.fstat(handle.fileno())
        _refuse_special(facts.st_mode)
        if facts.st_size > max_bytes:
            raise StatuteError([_too_large(name, max_bytes)])  # without reading it
        return handle.read(max_bytes + 1)


def _refuse_special(mode: int) -> None:
    if not stat.S_ISREG(mode):
        why = next((why for test, why in _SPECIAL if test(mode)), _NOT_REGULAR)
        raise OSError(0, why)


def read_document(path: str | os.PathLike[str], schema: str) -> Parsed:
    """A YAML file read safely and checked against one of the package's schemas
    (statute test files, event files); StatuteError for every problem."""
    expect_path(path)
    name = os.fspath(path)
    text = read_text(path)
    with _collector_paused():
        parsed = _stage(_yaml.parse(text, name))
        _check(validate(parsed, name, schema))
    return parsed


def _arguments(path: object, max_bytes: object, what: str = "path") -> None:
    """A file's path (or a text's name) and the size limit, or BadArgument."""
    expect_path(path, what)
    expect_int(max_bytes, "max_bytes", 0)


def _from_text(text: str, name: str) -> Statute:
    with _collector_paused():
        parsed = _stage(_yaml.parse(text, name))
        _check(validate(parsed, name))
        _check(normalise_names(parsed, name))
        _check(resolve(parsed, name))
        return _Builder(parsed, name).statute()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading makes hundreds of thousands of objects and no cycles worth
    collecting; the cyclic collector, run again and again over the growing tree,
    made a large statute's loading grow faster than its size (1,000x: 3.3 s of
    parsing, 1.1 s without). It runs as before once the statute is built."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _limited(raw: bytes, name: str, max_bytes: int) -> bytes:
    if len(raw) > max_bytes:
        raise StatuteError([_too_large(name, max_bytes)])
    return raw


def _too_large(name: str, max_bytes: int) -> Finding:
    message = _("the file is larger than the limit of {count} bytes", count=shown_number(max_bytes))
    return Finding("E101", message, name, 1, 1)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        message = _(
            "byte {byte:#04x} is not valid UTF-8; save the file as UTF-8", byte=raw[error.start]
        )
        raise StatuteError([Finding("E102", message, name, line, column)]) from None


def _stage(result: tuple[Parsed | None, list[Finding]]) -> Parsed:
    parsed, problems = result
    _check(problems)
    assert parsed is not None
    return parsed


def _check(problems: list[Finding]) -> None:
    if problems:
        raise StatuteError(problems)


class _Builder(Reader):
    """Builds the model from a document that passed schema and references."""

    def statute(self) -> Statute:
        d = self.data
        areas = self.items("areas", _build_bodies.area)
        return Statute(
            metadata=self._metadata(d["statute"], ("statute",)),
            provisions=self.items("provisions", lambda _, x, p: self._provision(x, p)),
            sources=self.items("sources", lambda _, x, p: self._source(x, p)),
            membership=self.opt(
                d, ("membership",), lambda x, p: _build_members.membership(self, x, p)
            ),
            roles=self.items("roles", _build_bodies.role),
            areas=areas,
            bodies=tuple(
                b
                for i, raw in enumerate(d.get("bodies", []))
                for b in _build_bodies.bodies(self, raw, ("bodies", i), areas)
            ),
            powers=self.items("powers", _build_powers.power),
            delegations=self.items("delegations", _build_powers.delegation),
            voting_rules=self.items("voting_rules", _build_powers.voting_rule),
            money_rules=self.items("money_rules", _build_members.money_rule),
            lifecycles=self.items("lifecycles", lambda _, x, p: self._lifecycle(x, p)),
            financial_year=self.opt(d, ("financial_year",), self._financial_year),
            clauses=_build_clauses.clauses(self, d.get("clauses", {}), ("clauses",)),
            signing=self.opt(d, ("signing",), self._signing),
            path=self.name,
        )

    def _signing(self, d: dict[str, Any], path: PathKey) -> Signing:
        alternatives = tuple(
            tuple(
                Signers(body=s["body"], count=s.get("count", 1), chair=bool(s.get("chair", False)))
                for s in alternative
            )
            for alternative in d["alternatives"]
        )
        attorney = self.opt(
            d,
            (*path, "attorney"),
            lambda x, p: Attorney(
                granted_by=x["granted_by"], max_amount_kr=x.get("max_amount_kr"), **self.cited(x, p)
            ),
        )
        return Signing(alternatives=alternatives, attorney=attorney, **self.cited(d, path))

    def _financial_year(self, d: dict[str, Any], path: PathKey) -> FinancialYear:
        return FinancialYear(
            start_month=d["start_month"], start_day=d.get("start_day", 1), **self.cited(d, path)
        )

    # -- elements --

    def _metadata(self, d: dict[str, Any], path: PathKey) -> Metadata:
        purpose = tuple(
            PurposeItem(text=p["text"], **self.cited(p, (*path, "purpose", i)))
            for i, p in enumerate(d.get("purpose", []))
        )
        return Metadata(
            id=d["id"],
            name=d["name"],
            status=Status(d["status"]),
            short_name=d.get("short_name"),
            version=d.get("version"),
            date=as_date(d.get("date")),
            in_force=as_date(d.get("in_force")),
            language=d.get("language", "da"),
            description=d.get("description"),
            purpose=purpose,
            legal_basis=self.opt(
                d, (*path, "legal_basis"), lambda x, p: _build_law.legal_basis(self, x, p)
            ),
            **self.cited(d, path),
        )

    def _source(self, d: dict[str, Any], path: PathKey) -> Source:
        return Source(
            id=d["id"],
            title=d["title"],
            author=d.get("author"),
            publisher=d.get("publisher"),
            date=as_date(d.get("date")),
            note=d.get("note"),
            sections=tuple(d.get("sections", ())),
            location=self.parsed.value_at(path),
        )

    def _provision(self, d: dict[str, Any], path: PathKey) -> Provision:
        stk = tuple(
            Stk(
                number=i + 1,
                text=s["text"],
                sources=self.sources(s, (*path, "stk", i)),
                assumption=bool(s.get("assumption", False)),
                reason=s.get("reason"),
                location=self.parsed.value_at((*path, "stk", i)),
            )
            for i, s in enumerate(d["stk"])
        )
        return Provision(
            number=d["number"],
            title=d["title"],
            stk=stk,
            sources=self.sources(d, path),
            assumption=bool(d.get("assumption", False)),
            reason=d.get("reason"),
            location=self.parsed.value_at(path),
        )

    def _lifecycle(self, d: dict[str, Any], path: PathKey) -> Lifecycle:
        states = tuple(
            LifecycleState(
                id=x["id"],
                name=x["name"],
                final=bool(x.get("final", False)),
                means=frozenset(x.get("means", ())),
                description=x.get("description"),
                **self.cited(x, (*path, "states", i)),
            )
            for i, x in enumerate(d["states"])
        )
        transitions = tuple(
            Transition(
                sources=as_tuple(x["source"]),
                dest=x["dest"],
                trigger=x.get("trigger"),
                when=x.get("when"),
                actor=x.get("actor"),
                power=x.get("power"),
                guards=tuple(x.get("guards", ())),
                **self.cited(x, (*path, "transitions", i)),
            )
            for i, x in enumerate(d["transitions"])
        )
        return Lifecycle(
            id=d["id"],
            name=d["name"],
            kind=LifecycleKind(d["kind"]),
            initial=d["initial"],
            states=states,
            transitions=transitions,
            description=d.get("description"),
            **self.cited(d, path),
        )


def statute_files(paths: list[Path]) -> list[Path]:
    """Statute files among ``paths``: directories give their *.yaml; statute tests
    (``*.test.yaml``) are left out, also when named, as ``vedtaegter/*.yaml`` names them."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.glob("*.yaml")))
        else:
            found.append(path)
    return [p for p in found if not p.name.endswith(".test.yaml")]
