"""What a service holds: the statutes it loaded, the protocol, the token.

Nothing here needs the web framework, so ``serve`` loads and checks
everything (a statute that cannot be loaded is exit 2) before it imports it.
"""

from __future__ import annotations

import hmac
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import attrs

from ..authority.index import Authority
from ..checks import check as lint
from ..errors import ForeningsreglerError
from ..i18n import N_, _, language
from ..protocol.association import Association
from ..protocol.opening import open_ledger
from ..protocol.protection import Key, head_path
from ..statute.loading import load
from ..statute.model import Statute
from ..statute.problems import Finding
from ..versions.diff import diff
from ..versions.history import is_history, load_history
from ..versions.meaning import Json

#: The environment variable that holds the write endpoint's token.
TOKEN_VARIABLE = "FORENINGSREGLER_SERVICE_TOKEN"
#: The largest request body the service reads (a batch of events), in bytes.
MAX_BODY = 1_000_000
TOKEN_EMPTY = N_("{source}: the token is empty")


class ServiceError(ForeningsreglerError):
    """The service cannot start: a token or protocol it cannot use."""


@attrs.frozen
class Loaded:
    """One loaded statute: its file, the statute, and its compiled authority."""

    file: str
    statute: Statute
    authority: Authority
    #: The id it is served under where not the statute's own: a version of a
    #: history, ``<id>@<number>`` (``Version.key``).
    key: str | None = None

    @property
    def id(self) -> str:
        return self.key or self.statute.metadata.id


@attrs.define
class Service:
    """The statutes by id, the protocol (if any) and the write token (if any)."""

    statutes: dict[str, Loaded]
    protocol: ProtocolFile | None = None
    token: str | None = None
    max_body: int = MAX_BODY
    _findings: dict[tuple[str, str], tuple[Finding, ...]] = attrs.field(factory=dict)
    _diffs: dict[tuple[str, str, str], dict[str, Json]] = attrs.field(factory=dict)
    _lock: threading.Lock = attrs.field(factory=threading.Lock)

    def findings(self, statute: str) -> tuple[Finding, ...]:
        """The linter's findings on a loaded statute, worked out once per language."""
        key = (statute, language())
        with self._lock:
            found = self._findings.get(key)
        if found is None:
            found = tuple(lint(self.statutes[statute].statute))
            with self._lock:
                self._findings[key] = found
        return found

    def diff(self, old: str, new: str) -> dict[str, Json]:
        """The diff's JSON from one loaded statute to another, worked out once per
        language (its sentences are in the request's language)."""
        key = (old, new, language())
        with self._lock:
            found = self._diffs.get(key)
        if found is None:
            found = diff(self.statutes[old].statute, self.statutes[new].statute).to_json()
            with self._lock:
                self._diffs[key] = found
        return found

    def token_matches(self, given: str) -> bool:
        """Whether ``given`` is the token, compared in constant time."""
        if self.token is None:
            return False
        return hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))


def load_statutes(paths: Sequence[Path]) -> dict[str, Loaded]:
    """Each statute by its id, each version of a history file by ``<id>@<number>``;
    ``StatuteError`` for one that cannot be loaded, ``ServiceError`` for two
    with the same id."""
    loaded: dict[str, Loaded] = {}
    for one in (one for path in paths for one in _loaded(path)):
        if one.id in loaded:
            raise ServiceError(
                _(
                    "{path}: a statute with the id '{id}' is already loaded from {other}",
                    path=one.file,
                    id=one.id,
                    other=loaded[one.id].file,
                )
            )
        loaded[one.id] = one
    return loaded


def _loaded(path: Path) -> list[Loaded]:
    """A statute file's statute, or each version of a history file (docs/versions.md)."""
    if not is_history(path):
        statute = load(path)
        return [Loaded(os.fspath(path), statute, Authority(statute))]
    history = load_history(path)
    return [
        Loaded(os.fspath(path.parent / v.file), v.statute, Authority(v.statute), v.key)
        for v in history.versions
    ]


def read_token(token_file: Path | None) -> str | None:
    """The write endpoint's token: from ``token_file``, else the environment,
    else none (recording stays off). Surrounding whitespace is not part of it."""
    if token_file is not None:
        try:
            text = token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or type(error).__name__
            raise ServiceError(
                _("{path}: cannot read the token: {reason}", path=token_file, reason=reason)
            ) from None
        source = os.fspath(token_file)
    else:
        text = os.environ.get(TOKEN_VARIABLE, "").strip()
        if not text:
            return None
        source = TOKEN_VARIABLE
    if not text:
        raise ServiceError(_(TOKEN_EMPTY, source=source))
    return text


class ProtocolFile:
    """The protocol the service serves, reopened when another writer (``record``
    beside the service) has changed it: its head file, rewritten after every
    commit, is the sign. Read-only unless recording is enabled."""

    def __init__(
        self, statute: Loaded, path: Path, *, writable: bool, key_file: Path | None
    ) -> None:
        self.statute, self.path, self.writable = statute, path, writable
        self._key = Key.from_file(key_file) if key_file is not None else Key.from_environment()
        self._lock = threading.Lock()
        self._head = self._read_head()
        self._association = self._open()

    def current(self) -> Association:
        """The association on the protocol as it is on disk now."""
        with self._lock:
            head = self._read_head()
            if head != self._head:
                stale, self._association = self._association, self._open()
                self._head = head
                close = getattr(stale.ledger, "close", None)
                if close is not None:
                    close()
            return self._association

    def _open(self) -> Association:
        ledger = open_ledger(self.path, read_only=not self.writable, key=self._key)
        return Association(self.statute.statute, ledger)

    def _read_head(self) -> bytes | None:
        try:
            return head_path(self.path).read_bytes()
        except OSError:
            return None
