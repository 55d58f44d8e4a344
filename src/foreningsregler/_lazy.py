"""Names imported on first use (PEP 562), one mechanism for every package.

A package's ``__init__`` maps each public name to the module that defines it;
``import foreningsregler`` then loads almost nothing, and a command that needs
only the statute never pays for the protocol or the graph library.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Collection, Mapping


def lazy_names(
    package: str, where: Mapping[str, str], modules: Collection[str] = ()
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``: each name in ``where``
    imported from its module (relative to the package) on first use and kept;
    each of ``modules`` (a submodule's name) importable as an attribute."""

    def __getattr__(name: str) -> object:
        if name in modules:
            value: object = importlib.import_module(f".{name}", package)
        elif name in where:
            value = getattr(importlib.import_module(where[name], package), name)
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *where, *modules})

    return __getattr__, __dir__
