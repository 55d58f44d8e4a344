"""The ASGI app: read endpoints under ``/v1/`` on the loaded statutes and the
protocol, and the write endpoint that records events (off without a token).

Each route answers with a typed model of ``models`` (the OpenAPI document at
``/openapi.json`` is generated from them) and every refusal is a problem
document (``problems``). The library does the work; the routes only ask it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from .._version import __version__
from ..authority.answers import TreeNode
from ..authority.export import render
from ..errors import ForeningsreglerError
from ..i18n import N_, _
from ..protocol.association import Association
from . import models
from .loaded import Loaded, Service
from .middleware import RequestLimits
from .problems import MEDIA_TYPE, Detail, ProblemError, from_library
from .recording import record_events

DESCRIPTION = N_(
    "Ask the loaded statutes who may decide what, read the linter's findings, the "
    "competence graph and the protocol's state on a day; record events with a token. "
    "Errors are RFC 9457 problem documents carrying the library's codes."
)
F = TypeVar("F", bound=Callable[..., Any])
_PROBLEM = {
    "model": models.Problem,
    "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
}
#: The problems every route may answer with.
PROBLEMS: dict[int | str, dict[str, Any]] = {
    status: _PROBLEM for status in (400, 404, 405, 413, 422, 500)
}
RECORD_PROBLEMS: dict[int | str, dict[str, Any]] = {
    status: _PROBLEM for status in (400, 401, 403, 404, 405, 409, 413, 415, 422, 500, 503)
}


class Facts(BaseModel):
    """The facts of an act: its phase, municipality, area, person and day."""

    phase: str | None = Field(None, description="The phase the act falls under, e.g. fase-1.")
    municipality: str | None = Field(None, description="The municipality the act concerns.")
    area: str | None = Field(None, description="The area the act falls in (id, e.g. it).")
    person: str | None = Field(None, description="The person who acts, where the scope needs one.")
    on: dt.date | None = Field(None, description="The day (YYYY-MM-DD).")
    protocol: bool = Field(
        False, description="Judge the act on the protocol's state on `on` (needs `on`)."
    )


class Question(Facts):
    """May ``body`` exercise ``power`` on these facts?"""

    body: str = Field(description="A body's id, or an instance <template>/<name>.")
    power: str = Field(description="A power's id.")


def create_app(service: Service) -> FastAPI:
    """The service's app on what ``service`` holds."""
    app = FastAPI(
        title="foreningsregler",
        version=__version__,
        description=_(DESCRIPTION),
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    _handlers(app)
    _statute_routes(app, service)
    _protocol_routes(app, service)
    app.add_middleware(RequestLimits, max_body=service.max_body)
    return app


def _get(app: FastAPI, path: str) -> Callable[[F], F]:
    """A read route: its problems documented, keys the library leaves out left out."""
    return app.get(path, responses=PROBLEMS, response_model_exclude_unset=True)


def _post(app: FastAPI, path: str) -> Callable[[F], F]:
    return app.post(path, responses=PROBLEMS, response_model_exclude_unset=True)


# --- the statutes -------------------------------------------------------------------


def _statute_routes(app: FastAPI, service: Service) -> None:
    @_get(app, "/v1/statutes")
    def statutes() -> list[models.StatuteSummary]:
        """The loaded statutes and their versions."""
        return [_summary(one) for one in service.statutes.values()]

    @_get(app, "/v1/statutes/{statute}")
    def statute(statute: str) -> models.StatuteSummary:
        """One loaded statute and its versions."""
        return _summary(_loaded(service, statute))

    @_get(app, "/v1/statutes/{statute}/versions")
    def versions(statute: str) -> list[models.Version]:
        """The versions of a statute (for now each loaded file is one)."""
        return _summary(_loaded(service, statute)).versions

    @_get(app, "/v1/statutes/{statute}/check")
    def check(statute: str, question: Annotated[Question, Query()]) -> models.Answer:
        """May a body exercise a power, by which chains of provisions, and if not, why not."""
        return _answer(service, statute, question)

    @_post(app, "/v1/statutes/{statute}/check")
    def check_posted(statute: str, question: Question) -> models.Answer:
        """``check`` with the question as a JSON body."""
        return _answer(service, statute, question)

    @_get(app, "/v1/statutes/{statute}/powers/{power}/who")
    def who(statute: str, power: str, facts: Annotated[Facts, Query()]) -> list[models.Answer]:
        """Which bodies may exercise the power on the facts, each with its answer."""
        loaded = _loaded(service, statute)
        asked = _facts(service, loaded, facts)
        authority = loaded.authority
        bodies = authority.list_bodies(power, asked["state"])
        return [_answer_model(authority.check(b, power, **asked).to_json()) for b in bodies]

    @_get(app, "/v1/statutes/{statute}/powers/{power}/tree")
    def expand(statute: str, power: str) -> list[models.TreeNode]:
        """The power's whole delegation tree, one root per holder."""
        trees = _loaded(service, statute).authority.expand(power)
        return [models.TreeNode.model_validate(_tree_json(node)) for node in trees]

    @_get(app, "/v1/statutes/{statute}/bodies/{body}/powers")
    def list_powers(statute: str, body: str) -> models.Powers:
        """Every power the body may exercise by some chain, in statute order."""
        powers = _loaded(service, statute).authority.list_powers(body)
        return models.Powers(body=body, powers=list(powers))

    @_get(app, "/v1/statutes/{statute}/graph")
    def graph(statute: str) -> models.Graph:
        """The competence graph in networkx's node-link JSON (docs/format.md)."""
        text = render(_loaded(service, statute).statute, "json")
        return models.Graph.model_validate(json.loads(text))

    @_get(app, "/v1/statutes/{statute}/findings")
    def findings(statute: str) -> list[models.Finding]:
        """The linter's findings: errors, warnings and assumptions, each with its provision."""
        _loaded(service, statute)
        found = service.findings(statute)
        return [models.Finding.model_validate(f.to_json()) for f in found]

    @_get(app, "/v1/diff")
    def diff(
        old: Annotated[str, Query(description="The id of the statute compared from.")],
        new: Annotated[str, Query(description="The id of the statute compared to.")],
    ) -> models.Diff:
        """What changes in meaning from ``old`` to ``new`` (two loaded statutes): the
        typed changes, who may decide what, and the changes of text apart."""
        _loaded(service, old, "query.old")
        _loaded(service, new, "query.new")
        return models.Diff.model_validate(service.diff(old, new))


def _loaded(service: Service, statute: str, place: str = "path.statute") -> Loaded:
    found = service.statutes.get(statute)
    if found is None:
        known = ", ".join(service.statutes)
        message = _("no statute '{id}' is loaded (loaded: {known})", id=statute, known=known)
        raise ProblemError("unknown-statute", message, place=place)
    return found


def _summary(loaded: Loaded) -> models.StatuteSummary:
    meta = loaded.statute.metadata
    version = models.Version(
        version=meta.version,
        date=meta.date,
        in_force=meta.in_force,
        status=str(meta.status.value),
        file=loaded.file,
    )
    return models.StatuteSummary(
        id=loaded.id,
        name=meta.name,
        short_name=meta.short_name,
        language=meta.language,
        versions=[version],
    )


def _answer(service: Service, statute: str, question: Question) -> models.Answer:
    loaded = _loaded(service, statute)
    asked = _facts(service, loaded, question)
    answer = loaded.authority.check(question.body, question.power, **asked)
    return _answer_model(answer.to_json())


def _answer_model(data: dict[str, object]) -> models.Answer:
    return models.Answer.model_validate(data)


def _facts(service: Service, loaded: Loaded, facts: Facts) -> dict[str, Any]:
    """The facts as ``Authority.check`` takes them; with ``protocol``, the
    protocol's state on ``on``."""
    state = None
    if facts.protocol:
        if facts.on is None:
            message = _("protocol needs on (the day to judge the act on)")
            raise ProblemError("invalid-request", message, place="query.on")
        state = _association(service, loaded.id).at(facts.on)
    return {
        "phase": facts.phase,
        "municipality": facts.municipality,
        "on": facts.on,
        "area": facts.area,
        "person": facts.person,
        "state": state,
    }


def _tree_json(node: TreeNode) -> dict[str, object]:
    step = node.step
    return {
        "body": node.body,
        "step": {
            "kind": step.kind.value,
            "from": step.source,
            "to": step.target,
            "provision": str(step.provision) if step.provision is not None else None,
            "scope": sorted(s.value for s in step.scope),
        },
        "children": [_tree_json(child) for child in node.children],
    }


# --- the protocol ---------------------------------------------------------------------


def _protocol_routes(app: FastAPI, service: Service) -> None:
    @_get(app, "/v1/protocol")
    def protocol() -> models.Protocol:
        """The protocol the service was started with, and whether it records events."""
        association = _association(service, None)
        return models.Protocol(
            statute=association.statute.metadata.id,
            entries=len(association.ledger.entries()),
            recording=service.token is not None and service.protocol is not None,
        )

    @_get(app, "/v1/protocol/status")
    def status(on: Annotated[dt.date, Query(description="The day (YYYY-MM-DD).")]) -> models.Status:
        """The association on a day: members, phases and participants, seats, decisions."""
        state = _association(service, None).at(on)
        return models.Status.model_validate(state.to_json())

    @app.post(
        "/v1/protocol/events",
        responses=RECORD_PROBLEMS,
        response_model_exclude_unset=True,
        openapi_extra={"requestBody": _EVENTS_BODY},
    )
    async def record(request: Request) -> models.Recorded:
        """Record events in the protocol, all of them or none (as ``record`` does).

        Off unless the service was started with a token; send it as
        ``Authorization: Bearer TOKEN``. The body is an events document: one
        event, or ``{"events": [...]}``.
        """
        _authorised(service, request.headers.get("authorization"))
        association = _association(service, None)
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            message = _("send the events as application/json")
            raise ProblemError("unsupported-media-type", message, place="header.content-type")
        recorded = record_events(association, await request.body())
        return models.Recorded.model_validate({"recorded": recorded})


_EVENTS_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "description": "An events document (schema/events.schema.json): "
                "one event, or {events: [...]}.",
                "type": "object",
                "properties": {
                    "kind": {"type": "string"},
                    "date": {"type": "string", "format": "date"},
                    "actor": {"type": "string"},
                    "data": {"type": "object"},
                    "events": {"type": "array", "items": {"type": "object"}},
                },
            }
        }
    },
}


def _association(service: Service, statute: str | None) -> Association:
    """The protocol's association; for a question on ``statute``, only if the
    protocol follows that statute."""
    protocol = service.protocol
    if protocol is None:
        raise ProblemError("no-protocol", _("start the service with --protocol PATH"))
    if statute is not None and statute != protocol.statute.id:
        message = _(
            "the protocol follows the statute '{followed}', not '{asked}'",
            followed=protocol.statute.id,
            asked=statute,
        )
        raise ProblemError("no-protocol", message, place="query.protocol")
    return protocol.current()


def _authorised(service: Service, header: str | None) -> None:
    """Refuse unless recording is on and the request carries its token."""
    if service.token is None:
        raise ProblemError(
            "recording-disabled", _("start the service with --token-file to record events")
        )
    challenge = {"WWW-Authenticate": 'Bearer realm="foreningsregler"'}
    scheme, _sep, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        message = _("send the token as: Authorization: Bearer TOKEN")
        raise ProblemError(
            "token-missing", message, place="header.authorization", headers=challenge
        )
    if not service.token_matches(given.strip()):
        raise ProblemError(
            "token-wrong", _("the token does not match"), place="header.authorization"
        )


# --- problems -------------------------------------------------------------------------


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def problem(request: Request, error: ProblemError) -> JSONResponse:
        return _problem_response(error)

    @app.exception_handler(ForeningsreglerError)
    async def library(request: Request, error: ForeningsreglerError) -> JSONResponse:
        return _problem_response(from_library(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return _problem_response(_invalid(error))

    @app.exception_handler(HTTPException)
    async def http(request: Request, error: HTTPException) -> JSONResponse:
        if error.status_code == 405:
            message = _("{method} is not allowed here", method=request.method)
            return _problem_response(ProblemError("method-not-allowed", message))
        if error.status_code == 404:
            message = _("no resource at {path}", path=request.url.path)
            return _problem_response(ProblemError("not-found", message))
        message = _("the request cannot be read: {reason}", reason=error.detail)
        status = error.status_code
        return _problem_response(ProblemError("invalid-request", message, status=status))

    @app.exception_handler(Exception)
    async def unforeseen(request: Request, error: Exception) -> JSONResponse:
        message = _("internal error: {kind}", kind=type(error).__name__)
        return _problem_response(ProblemError("internal-error", message))


def _invalid(error: RequestValidationError) -> ProblemError:
    details = [
        Detail(str(e.get("msg", "")), ".".join(str(p) for p in e.get("loc", ())))
        for e in error.errors()
    ]
    if any(e.get("type") == "json_invalid" for e in error.errors()):
        return ProblemError("bad-json", _("the body is not valid JSON"), problems=details)
    first = details[0] if details else Detail("")
    message = _("{place}: {message}", place=first.place, message=first.message)
    return ProblemError("invalid-request", message, place=first.place, problems=details)


def _problem_response(error: ProblemError) -> JSONResponse:
    return JSONResponse(
        error.to_json(), status_code=error.status, media_type=MEDIA_TYPE, headers=error.headers
    )
