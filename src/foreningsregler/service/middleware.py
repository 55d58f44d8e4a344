"""Around every request: its language, and a limit on the size of its body.

A pure ASGI middleware, so the language is set in the context the route and
the error handlers run in (also in the worker thread of a plain ``def`` route,
which runs in a copy of that context).
"""

from __future__ import annotations

import contextlib
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..i18n import LANGUAGES, N_, _, language, use_language
from .problems import MEDIA_TYPE, ProblemError

TOO_LARGE = N_("the body has more than {limit} bytes")


def chosen_language(header: str, fallback: str) -> str:
    """The language an ``Accept-Language`` header asks for, of those the library
    speaks, by its quality values; ``fallback`` when it names none of them."""
    best, best_q = fallback, 0.0
    for item in header.split(","):
        name, _sep, params = item.strip().partition(";")
        code = name.strip().split("-")[0].lower()
        quality = 1.0
        for param in params.split(";"):
            key, _eq, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if code in LANGUAGES and quality > best_q:
            best, best_q = code, quality
    return best


class _TooLarge(Exception):
    """The body went over the limit (caught by ``RequestLimits`` itself)."""


class RequestLimits:
    """Set the request's language; refuse a body over ``max_body`` bytes (413)."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        code = chosen_language(headers.get("accept-language", ""), language())
        with use_language(code):
            length = headers.get("content-length", "0")
            if not length.isdigit() or int(length) > self.max_body:
                await self._refuse(send)
                return
            await self._limited(scope, receive, send)

    async def _limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app on a body cut off after ``max_body`` bytes; then answer 413
        in its stead (the framework turns an error while reading into its own 400)."""
        seen, over, started = 0, False, False

        async def limited() -> Message:
            nonlocal seen, over
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                over = True
                raise _TooLarge
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            if not over:
                started = True
                await send(message)

        with contextlib.suppress(_TooLarge):
            await self.app(scope, limited, sending)
        if over and not started:
            await self._refuse(send)

    def _problem(self) -> ProblemError:
        return ProblemError("too-large", _(TOO_LARGE, limit=self.max_body))

    async def _refuse(self, send: Send) -> None:
        problem = self._problem()
        body = json.dumps(problem.to_json(), ensure_ascii=False).encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": problem.status,
                "headers": [
                    (b"content-type", MEDIA_TYPE.encode()),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
