"""PyYAML's syntax errors (E103) in the library's own words.

PyYAML says what went wrong in English, in two parts: what it was reading
(``while parsing a flow mapping``) and the problem (``expected ',' or '}', but
got '<stream end>'``). The parts a statute's writer meets most often are
matched here and said through the catalog, with PyYAML's quoted details as
fields; a rarer part is shown as PyYAML wrote it. In English the message is
exactly PyYAML's.
"""

from __future__ import annotations

import re

import yaml

from ..i18n import N_, _

#: PyYAML's parts (a pattern over the whole part) and the message each becomes;
#: a group of the pattern is the message's field of the same name.
_PARTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"while parsing a block mapping", N_("while parsing a block mapping")),
        (r"while parsing a block collection", N_("while parsing a block collection")),
        (r"while parsing a flow mapping", N_("while parsing a flow mapping")),
        (r"while parsing a flow sequence", N_("while parsing a flow sequence")),
        (r"while parsing a block node", N_("while parsing a block node")),
        (r"while parsing a flow node", N_("while parsing a flow node")),
        (r"while scanning a simple key", N_("while scanning a simple key")),
        (r"while scanning a quoted scalar", N_("while scanning a quoted scalar")),
        (r"while scanning a double-quoted scalar", N_("while scanning a double-quoted scalar")),
        (r"while scanning a block scalar", N_("while scanning a block scalar")),
        (r"while scanning a plain scalar", N_("while scanning a plain scalar")),
        (r"while scanning an anchor", N_("while scanning an anchor")),
        (r"while scanning an alias", N_("while scanning an alias")),
        (r"while scanning for the next token", N_("while scanning for the next token")),
        (r"while composing a mapping", N_("while composing a mapping")),
        (r"mapping values are not allowed here", N_("mapping values are not allowed here")),
        (r"sequence entries are not allowed here", N_("sequence entries are not allowed here")),
        (r"could not find expected ':'", N_("could not find expected ':'")),
        (r"found unexpected end of stream", N_("found unexpected end of stream")),
        (
            r"found character (?P<char>.+) that cannot start any token",
            N_("found character {char} that cannot start any token"),
        ),
        (
            r"found unknown escape character (?P<char>.+)",
            N_("found unknown escape character {char}"),
        ),
        (r"found undefined alias (?P<name>.+)", N_("found undefined alias {name}")),
        (
            r"expected <block end>, but found (?P<found>.+)",
            N_("expected <block end>, but found {found}"),
        ),
        (
            r"expected ',' or '}', but got (?P<found>.+)",
            N_("expected ',' or '}}', but got {found}"),
        ),
        (
            r"expected ',' or '\]', but got (?P<found>.+)",
            N_("expected ',' or ']', but got {found}"),
        ),
        (
            r"expected the node content, but found (?P<found>.+)",
            N_("expected the node content, but found {found}"),
        ),
        (
            r"expected alphabetic or numeric character, but found (?P<found>.+)",
            N_("expected alphabetic or numeric character, but found {found}"),
        ),
        (
            r"expected a comment or a line break, but found (?P<found>.+)",
            N_("expected a comment or a line break, but found {found}"),
        ),
        (
            r"invalid indentation or unclosed '\[' or '\{'",
            N_("invalid indentation or unclosed '[' or '{'"),
        ),
    )
)


def message(error: yaml.MarkedYAMLError) -> str:
    """The E103 message for PyYAML's ``error``: ``invalid YAML: <what>, <problem>``."""
    parts = [_part(p) for p in (error.context, error.problem) if p]
    if not parts:
        return _("invalid YAML")
    return _("invalid YAML: {details}", details=", ".join(parts))


def _part(text: str) -> str:
    for pattern, said in _PARTS:
        found = pattern.fullmatch(text)
        if found is not None:
            return _(said, **found.groupdict()) if found.groupdict() else _(said)
    return text
