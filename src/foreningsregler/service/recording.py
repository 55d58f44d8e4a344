"""Recording a request's events, read and judged exactly as ``record`` does.

The body is read by the protocol's own reader of events files
(``read_events``: safe YAML, of which JSON is a part, and the events schema),
so a malformed event gets the same code (E2xx) as in a file; the events are
recorded together or not at all (``Association.record_all``), and a refusal
carries the rule and provision of the library's ``RuleViolation``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from ..i18n import _
from ..protocol.association import Association, BatchRefusal
from ..protocol.event_files import read_events
from ..protocol.ledger import Entry
from ..statute.problems import StatuteError
from .problems import ProblemError, from_findings

#: How a finding names the request's body instead of the temporary file.
BODY = "body"


def record_events(association: Association, body: bytes) -> list[dict[str, object]]:
    """Record the events of ``body``; their entries as ``record --format json``
    gives them. ``ProblemError`` for a body that is no events document, and
    for an event the statute refuses (nothing is recorded then)."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        raise ProblemError("bad-json", _("the body is not valid JSON")) from None
    with tempfile.TemporaryDirectory(prefix="foreningsregler-") as folder:
        path = Path(folder) / "events.json"
        path.write_bytes(body)
        try:
            events = read_events(path)
        except StatuteError as error:
            raise from_findings(error.problems, file=BODY) from None
    batch = isinstance(document, dict) and "events" in document
    try:
        entries = association.record_all(events)
    except BatchRefusal as refusal:
        provision = str(refusal.provision) if refusal.provision else None
        place = f"/events/{refusal.number - 1}" if batch else "/"
        raise ProblemError(
            refusal.rule, str(refusal), title_code="refused", provision=provision, place=place
        ) from None
    return [entry_json(entry) for entry in entries]


def entry_json(entry: Entry) -> dict[str, object]:
    """An entry as ``record --format json`` prints it."""
    return {"seq": entry.seq, "hash": entry.hash, **entry.event.to_json()}
