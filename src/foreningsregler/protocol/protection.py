"""What the chain alone cannot detect: the head kept outside, and a key.

A hash chain shows that no stored entry was changed, removed from the middle
or reordered. It cannot show that entries were cut off the end, or that
someone appended entries and recomputed the hashes. Two guards close that:

- the head file (``<protocol>.head``), written after every commit, records
  the count and the last hash; a store shorter than its head, or whose entry
  at that count has another hash, was truncated or rewritten. A head the
  caller keeps elsewhere (``--expect-head``) guards against a head file
  deleted or rewritten along with the store.
- a key (HMAC-SHA256): every entry and the head carry a code only the key's
  holder can compute, so forged appends and rewritten chains are detected.

docs/protocol.md states the threat model: what is detected, with and
without a key, and what is not.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

import attrs

from ..errors import ForeningsreglerError
from ..i18n import _
from .ledger import Entry, Head, TamperedLedger

#: Where the command line finds a key when no --key-file is given.
KEY_VARIABLE = "FORENINGSREGLER_KEY"
#: A key shorter than this is refused: HMAC is only as strong as its key.
MIN_KEY_BYTES = 16
HEAD_SUFFIX = ".head"
_HEAD_FORMAT = "foreningsregler-protocol-head/1"


class BadKey(ForeningsreglerError, ValueError):
    """A key that cannot authenticate a protocol: missing, unreadable or short."""


@attrs.frozen(repr=False)
class Key:
    """A secret that authenticates each entry (never printed)."""

    secret: bytes

    def __attrs_post_init__(self) -> None:
        if len(self.secret) < MIN_KEY_BYTES:
            raise BadKey(
                _(
                    "a key has at least {least} bytes, this one {size}",
                    least=MIN_KEY_BYTES,
                    size=len(self.secret),
                )
            )

    def __repr__(self) -> str:
        return "Key(…)"

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Key:
        """The key in a file (a trailing newline is not part of it)."""
        try:
            return cls(Path(path).read_bytes().rstrip(b"\r\n"))
        except OSError as error:
            message = _("{path}: the key cannot be read ({why})", path=path, why=error.strerror)
            raise BadKey(message) from None

    @classmethod
    def from_environment(cls) -> Key | None:
        """The key in ``FORENINGSREGLER_KEY``, if it is set."""
        value = os.environ.get(KEY_VARIABLE)
        return cls(value.encode("utf-8", "surrogateescape")) if value else None

    def entry_code(self, entry: Entry) -> str:
        return self.code_of(entry.seq, entry.hash)

    def code_of(self, seq: int, digest: str) -> str:
        """The code of the entry ``seq`` whose hash is ``digest``."""
        return self._code(f"entry\n{seq}\n{digest}")

    def head_code(self, head: Head) -> str:
        return self._code(f"head\n{head.count}\n{head.hash}")

    def _code(self, text: str) -> str:
        return hmac.new(self.secret, text.encode(), hashlib.sha256).hexdigest()


def check_codes(entries: list[Entry], codes: list[str | None], key: Key, where: str) -> None:
    """Raise TamperedLedger unless every entry carries its key's code."""
    for entry, code in zip(entries, codes, strict=True):
        check_code(entry, code, key, where)


def check_code(entry: Entry, code: str | None, key: Key, where: str) -> None:
    """Raise TamperedLedger unless ``entry`` carries its key's code."""
    check_code_of(entry.seq, entry.hash, code, key, where)


def check_code_of(seq: int, digest: str, code: str | None, key: Key, where: str) -> None:
    """``check_code`` of the entry ``seq`` whose hash is ``digest``."""
    if code is None:
        raise TamperedLedger(where, seq, _("carries no authentication code"))
    if not hmac.compare_digest(code, key.code_of(seq, digest)):
        raise TamperedLedger(where, seq, _("was not written with this key"))


@attrs.frozen
class HeadRecord:
    """What a head file holds: the head, whether entries carry codes, and the
    head's own code when they do."""

    head: Head
    authenticated: bool
    code: str | None = None


def head_path(store: str | os.PathLike[str]) -> Path:
    return Path(f"{os.fspath(store)}{HEAD_SUFFIX}")


def read_head(store: str | os.PathLike[str]) -> HeadRecord | None:
    """The head file beside ``store``, or None when there is none."""
    path = head_path(store)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        why = _("head cannot be read ({why})", why=error.strerror)
        raise TamperedLedger(str(path), 0, why) from None
    try:
        value = json.loads(raw)
        if value["format"] != _HEAD_FORMAT:
            raise ValueError(_("format {format}", format=repr(value["format"])))
        head = Head(int(value["count"]), str(value["hash"]))
        return HeadRecord(head, bool(value["authenticated"]), value.get("code"))
    except (ValueError, KeyError, TypeError, RecursionError) as error:
        why = _("head is unreadable ({why})", why=error)
        raise TamperedLedger(str(path), 0, why) from None


def write_head(store: str | os.PathLike[str], head: Head, key: Key | None) -> None:
    """Replace the head file in one step (a crash leaves the old or the new)."""
    path = head_path(store)
    record = {
        "format": _HEAD_FORMAT,
        "count": head.count,
        "hash": head.hash,
        "authenticated": key is not None,
        "code": key.head_code(head) if key is not None else None,
    }
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as handle:
        json.dump(record, handle, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


def check_head_code(record: HeadRecord, key: Key | None, where: str) -> None:
    """With a key, the head file must carry the key's code; without one, a
    head written with a key is a protocol that needs its key to be written to."""
    if key is None:
        return
    if not record.authenticated or record.code is None:
        why = _("has a head without authentication")
        raise TamperedLedger(where, record.head.count, why)
    if not hmac.compare_digest(record.code, key.head_code(record.head)):
        why = _("has a head not written with this key")
        raise TamperedLedger(where, record.head.count, why)
