"""Shell completion of the ids a statute defines: bodies, powers, lifecycles.

click completes commands and options itself (``_FORENINGSREGLER_COMPLETE``,
docs/cli.md); these complete an argument from the statute named earlier on
the line (``explain STATUTE <TAB>`` offers its bodies). A statute that cannot
be loaded offers nothing: completion never prints an error into a shell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import click
from click.shell_completion import CompletionItem

from ..errors import ForeningsreglerError
from ..statute.loading import load
from ..statute.model import Statute
from .common import statute_path


def _statute(ctx: click.Context) -> Statute | None:
    named = ctx.params.get("path")
    if not isinstance(named, (str, Path)):
        return None
    try:
        return load(statute_path(Path(named)))
    except (ForeningsreglerError, OSError):
        return None


def _items(
    ids: Callable[[Statute], Iterable[tuple[str, str]]],
) -> Callable[[click.Context, click.Parameter, str], list[CompletionItem]]:
    """A completer offering ``ids(statute)`` (id and help) that start as typed."""

    def complete(
        ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        statute = _statute(ctx)
        if statute is None:
            return []
        return [
            CompletionItem(value, help=help)
            for value, help in ids(statute)
            if value.startswith(incomplete)
        ]

    return complete


complete_body = _items(lambda s: ((b.id, b.name) for b in s.bodies))
complete_power = _items(lambda s: ((p.id, p.name) for p in s.powers))
complete_lifecycle = _items(
    lambda s: dict(
        [
            *((lc.id, lc.name) for lc in s.lifecycles),
            *((lc.kind.value, lc.name) for lc in s.lifecycles),
        ]
    ).items()
)
