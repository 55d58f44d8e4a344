"""``foreningsregler serve PATH... [--host 127.0.0.1] [--port 8000]``.

The command is registered on the command line's group in ``cli/commands.py``.
Everything is loaded and checked before the web framework is imported, so
the command line works without the extra ``service``. Exit code 0: the
service stopped; 2: a statute cannot be loaded, the protocol, key or token
cannot be used, or the extra ``service`` is not installed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TypeVar

import click

from .._text import visible
from ..errors import ForeningsreglerError
from ..i18n import N_, _
from ..statute.problems import StatuteError
from .loaded import MAX_BODY, ProtocolFile, Service, load_statutes, read_token

EXIT_UNUSABLE = 2
SERVING = N_("serving {count} statute(s) on http://{host}:{port}/v1/")
T = TypeVar("T")


@click.command("serve")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--host", default="127.0.0.1", show_default=True, help=N_("The address to listen on.")
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help=N_("The port.")
)
@click.option(
    "--protocol",
    "protocol_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_(
        "A protocol that follows the first statute: its state on a day is served, "
        "read-only unless recording is enabled."
    ),
)
@click.option(
    "--key-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_("The protocol's key (HMAC); else $FORENINGSREGLER_KEY."),
)
@click.option(
    "--token-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_(
        "Enable recording events (POST /v1/protocol/events) with the token in this "
        "file; else $FORENINGSREGLER_SERVICE_TOKEN. Without a token recording is off."
    ),
)
def serve_command(
    paths: tuple[Path, ...],
    host: str,
    port: int,
    protocol_path: Path | None,
    key_file: Path | None,
    token_file: Path | None,
) -> None:
    """Serve the statutes at PATH... over HTTP: a JSON API under /v1/, its
    OpenAPI document at /openapi.json, errors as problem documents (docs/service.md).
    """
    service = build_service(paths, protocol_path, key_file, token_file)
    try:
        import uvicorn

        from .app import create_app
    except ImportError:
        _fail(_("serve needs the extra service: pip install 'foreningsregler[service]'"))
    count = len(service.statutes)
    click.echo(
        visible(
            _(
                "serving {count} statute(s) on http://{host}:{port}/v1/",
                count=count,
                host=host,
                port=port,
            )
        ),
        err=True,
    )
    uvicorn.run(create_app(service), host=host, port=port, log_level="warning")


def build_service(
    paths: tuple[Path, ...],
    protocol_path: Path | None,
    key_file: Path | None,
    token_file: Path | None,
) -> Service:
    """What the service holds, or exit 2 with the library's message."""
    try:
        statutes = load_statutes(paths)
    except StatuteError as error:
        for problem in error.problems:
            click.echo(visible(str(problem)), err=True)
        _fail(_("the statute cannot be loaded, so nothing is served"))
    except ForeningsreglerError as error:  # two statutes of one id
        _fail(str(error))
    token = _guarded(lambda: read_token(token_file))
    service = Service(statutes, token=token, max_body=MAX_BODY)
    if protocol_path is not None:
        first, writable = next(iter(statutes.values())), token is not None
        service.protocol = _guarded(
            lambda: ProtocolFile(first, protocol_path, writable=writable, key_file=key_file)
        )
    return service


def _guarded(work: Callable[[], T]) -> T:
    try:
        return work()
    except StatuteError as error:
        for problem in error.problems:
            click.echo(visible(str(problem)), err=True)
        _fail(_("the protocol cannot be used, so nothing is served"))
    except ForeningsreglerError as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"{os.fspath(error.filename or '')}: {error.strerror}")


def _fail(message: str) -> NoReturn:
    click.echo(visible(f"foreningsregler: {message}"), err=True)
    sys.exit(EXIT_UNUSABLE)
