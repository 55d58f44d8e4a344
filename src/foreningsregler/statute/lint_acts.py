"""The linter's rules for acts done jointly or on another's authority.

An agreement required from a body's chair in person, of a body that has no
chair (E679).
"""

from __future__ import annotations

from collections.abc import Iterator

from .model import Cited, Statute
from .problems import Finding


def lint_acts(statute: Statute) -> list[Finding]:
    """Every finding about joint acts and acts on another's authority."""
    return [*_chairless_agreements(statute)]


def _finding(statute: Statute, code: str, message: str, element: Cited) -> Finding:
    where = element.location
    line, column = (where.line, where.column) if where else (None, None)
    cited = str(element.provision) if element.provision is not None else None
    return Finding(code, message, statute.path, line, column, cited)


def _chairless_agreements(statute: Statute) -> Iterator[Finding]:
    for power in statute.powers:
        for requirement in power.requires:
            bodies = statute.instances(requirement.from_body)
            if requirement.chair and bodies and all(b.chair is None for b in bodies):
                message = (
                    f"{power.id} needs the agreement of the chair of {requirement.from_body}, "
                    f"but the statute gives {requirement.from_body} no chair"
                )
                yield _finding(statute, "E679", message, requirement)
