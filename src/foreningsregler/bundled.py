"""The statutes that ship with the package: ``fr.bundled()`` and ``fr.bundled(name)``.

The wheel carries the repository's ``vedtaegter/`` (each statute with its
statute test beside it) as ``foreningsregler/vedtaegter/`` (pyproject.toml,
``force-include``). Run from a source tree or an editable install, where the
package folder has no copy, the repository's own ``vedtaegter/`` is used: one
set of files, never two to keep in step.
"""

from __future__ import annotations

from pathlib import Path
from typing import overload

from .errors import BadArgument, expect_optional
from .i18n import N_, _

#: Where the wheel puts the statutes, and where a source tree keeps them.
_IN_PACKAGE = Path(__file__).resolve().parent / "vedtaegter"
_IN_REPOSITORY = Path(__file__).resolve().parent.parent.parent / "vedtaegter"
_TEST_SUFFIX = ".test.yaml"

UNKNOWN = N_("no bundled statute '{name}': the package has {known}")


def bundled_folder() -> Path:
    """The folder of the bundled statutes: the installed package's, else the source tree's."""
    return _IN_PACKAGE if _IN_PACKAGE.is_dir() else _IN_REPOSITORY


@overload
def bundled(name: None = None) -> tuple[str, ...]: ...
@overload
def bundled(name: str) -> Path: ...
def bundled(name: str | None = None) -> tuple[str, ...] | Path:
    """The bundled statutes' names, or with ``name`` the path of that statute,
    which :func:`foreningsregler.load` accepts (its statute test lies beside it
    as ``NAME.test.yaml``).

    >>> "digitaliseringsforeningen" in bundled()
    True
    >>> bundled("digitaliseringsforeningen").name
    'digitaliseringsforeningen.yaml'

    An unknown name is a :class:`~foreningsregler.errors.BadArgument` that
    lists the names there are.
    """
    expect_optional(name, str, "name", N_("the name of a bundled statute"))
    names = bundled_names()
    if name is None:
        return names
    if name not in names:
        raise BadArgument(_(UNKNOWN, name=name, known=", ".join(names) or "-"))
    return bundled_folder() / f"{name}.yaml"


def bundled_names() -> tuple[str, ...]:
    """The names of the bundled statutes, sorted (always a tuple, for typed callers)."""
    folder = bundled_folder()
    if not folder.is_dir():
        return ()
    return tuple(
        sorted(
            p.name.removesuffix(".yaml")
            for p in folder.glob("*.yaml")
            if not p.name.endswith(_TEST_SUFFIX)
        )
    )


def bundled_path(name: str) -> Path:
    """The path of the bundled statute ``name`` (BadArgument if there is none)."""
    return bundled(name)
