"""Errors as RFC 9457 problem documents (``application/problem+json``).

Every refusal of the service is a ``Problem``: the standard members
``type``, ``title``, ``status`` and ``detail``, and the library's own
``code`` (a finding's code such as ``E204``, a protocol rule such as
``no-transition``, or the service's own such as ``unknown-body``), the
``provision`` it rests on and the ``place`` in the request it concerns. The
titles are messages of the catalog, in the request's language.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..authority.answers import UnknownName
from ..errors import BadArgument, ForeningsreglerError
from ..i18n import N_, _
from ..protocol.ledger import BadEvent, TamperedLedger
from ..protocol.state import RuleViolation
from ..statute.problems import Finding, StatuteError

MEDIA_TYPE = "application/problem+json"
#: Where a problem type is described (docs/service.md), one anchor per code.
TYPE_BASE = "https://foreningsregler.invalid/problems/"

#: The title of each of the service's own codes, and its HTTP status.
TITLES: dict[str, tuple[int, str]] = {
    "bad-json": (400, N_("The request's body is not valid JSON")),
    "invalid-request": (422, N_("The request does not fit the API")),
    "unknown-statute": (404, N_("No statute of that id is loaded")),
    "unknown-name": (404, N_("The statute does not name it")),
    "not-found": (404, N_("No such resource")),
    "method-not-allowed": (405, N_("The resource does not allow this method")),
    "too-large": (413, N_("The request's body is too large")),
    "unsupported-media-type": (415, N_("The request's body must be JSON")),
    "no-protocol": (404, N_("The service was started without a protocol")),
    "recording-disabled": (403, N_("Recording events is not enabled on this service")),
    "token-missing": (401, N_("Recording events needs the service's token")),
    "token-wrong": (403, N_("The token is not the service's token")),
    "bad-argument": (422, N_("A value the library does not accept")),
    "bad-events": (422, N_("The events cannot be read")),
    "refused": (409, N_("The statute refuses the event")),
    "tampered": (409, N_("The protocol does not verify")),
    "protocol-unusable": (503, N_("The protocol cannot be used")),
    "internal-error": (500, N_("The service failed unforeseen")),
}


@attrs.frozen
class Detail:
    """One problem of a request, e.g. a field that does not fit or a finding."""

    message: str
    place: str | None = None
    code: str | None = None
    provision: str | None = None

    def to_json(self) -> dict[str, object]:
        return attrs.asdict(self)


class ProblemError(Exception):
    """A refusal the service answers with a problem document."""

    def __init__(
        self,
        code: str,
        detail: str,
        *,
        status: int | None = None,
        title_code: str | None = None,
        provision: str | None = None,
        place: str | None = None,
        problems: Sequence[Detail] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        known, title = TITLES[title_code or code]
        self.code, self.detail, self.status = code, detail, status or known
        self.title, self.provision, self.place = _(title), provision, place
        self.problems, self.headers = tuple(problems), headers or {}
        super().__init__(detail)

    def to_json(self) -> dict[str, object]:
        return {
            "type": TYPE_BASE + self.code,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
            "provision": self.provision,
            "place": self.place,
            "problems": [p.to_json() for p in self.problems],
        }


def from_library(error: ForeningsreglerError) -> ProblemError:
    """The problem document of one of the library's errors."""
    if isinstance(error, UnknownName):
        return ProblemError(f"unknown-{error.kind}", str(error), title_code="unknown-name")
    if isinstance(error, RuleViolation):
        provision = str(error.provision) if error.provision else None
        return ProblemError(error.rule, str(error), title_code="refused", provision=provision)
    if isinstance(error, StatuteError):
        return from_findings(error.problems)
    if isinstance(error, TamperedLedger):
        return ProblemError("tampered", _("the protocol does not verify: {error}", error=error))
    if isinstance(error, BadEvent):
        return ProblemError("bad-events", str(error))
    if isinstance(error, BadArgument):
        return ProblemError("bad-argument", str(error))
    return ProblemError("protocol-unusable", str(error))


def from_findings(findings: Sequence[Finding], file: str | None = None) -> ProblemError:
    """The problem of a document that cannot be read: its first finding's code
    and place, every finding listed (``file`` names the document instead)."""
    details = [
        Detail(f.message, _place(f, file), f.code, str(f.provision) if f.provision else None)
        for f in findings
    ]
    first = details[0] if details else Detail(_("no events"))
    return ProblemError(
        first.code or "bad-events",
        first.message,
        title_code="bad-events",
        provision=first.provision,
        place=first.place,
        problems=details,
    )


def _place(finding: Finding, file: str | None) -> str | None:
    parts = [file if file is not None else finding.file, finding.line, finding.column]
    shown = [str(p) for p in parts if p is not None]
    return ":".join(shown) or None
