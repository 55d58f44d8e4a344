"""``check``'s findings for machines: SARIF 2.1.0 and GitHub's workflow commands.

SARIF is what code-scanning services and editors read (one run, a rule per
code, a result per finding at its line and column, the provision in the
result's properties); ``github`` writes one ``::error file=...,line=...,col=...::``
line per finding, which a GitHub Actions step turns into annotations.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from ..i18n import _
from ..statute.problems import CODES
from .check_files import Checked, Problem, all_problems

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def sarif(checked: Sequence[Checked]) -> dict[str, object]:
    """A SARIF 2.1.0 log of one run over the files ``check`` read."""
    from .._version import __version__  # the package's metadata: only SARIF says it

    problems = all_problems(checked)
    codes = sorted({p.code for p in problems})
    rules = [_rule(code) for code in codes]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "foreningsregler",
                        "version": __version__,
                        "semanticVersion": _semantic(__version__),
                        "rules": rules,
                    }
                },
                "artifacts": [{"location": {"uri": _uri(c.path)}} for c in checked],
                "results": [_result(p, codes.index(p.code)) for p in problems],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def _rule(code: str) -> dict[str, object]:
    known = CODES.get(code)
    if known is None:  # a refused event: the protocol's rule, e.g. no-transition
        text = _("an event the statute refuses: rule {rule}", rule=code)
        return {"id": code, "name": code, "shortDescription": {"text": text}}
    return {
        "id": code,
        "name": known.name,
        "shortDescription": {"text": known.summary_text},
        "defaultConfiguration": {"level": _SARIF_LEVEL[known.severity.value]},
    }


def _result(problem: Problem, index: int) -> dict[str, object]:
    region: dict[str, int] = {}
    if problem.line is not None:
        region = {"startLine": problem.line, "startColumn": problem.column or 1}
    location: dict[str, object] = {"artifactLocation": {"uri": _uri(Path(problem.file))}}
    if region:
        location["region"] = region
    result: dict[str, object] = {
        "ruleId": problem.code,
        "ruleIndex": index,
        "level": _SARIF_LEVEL[problem.severity],
        "message": {"text": _cited(problem)},
        "locations": [{"physicalLocation": location}],
    }
    if problem.provision:
        result["properties"] = {"provision": problem.provision}
    return result


def _uri(path: Path) -> str:
    """A relative path as a relative URI (``vedtaegter/x.yaml``), an absolute one as ``file:``."""
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix())


def _semantic(version: str) -> str:
    parts = version.split(".")
    return version if len(parts) >= 3 and all(p.isdigit() for p in parts[:3]) else "0.0.0"


def _cited(problem: Problem) -> str:
    return f"{problem.message} [{problem.provision}]" if problem.provision else problem.message


def github(checked: Sequence[Checked]) -> list[str]:
    """One workflow command per finding: ``::error file=F,line=L,col=C,title=CODE::message``."""
    lines = []
    for problem in all_problems(checked):
        fields = [f"file={_property(problem.file)}"]
        if problem.line is not None:
            fields += [f"line={problem.line}", f"col={problem.column or 1}"]
        fields.append(f"title={_property(problem.code)}")
        level = _GITHUB_LEVEL[problem.severity]
        lines.append(f"::{level} {','.join(fields)}::{_data(_cited(problem))}")
    return lines


def _data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped, as GitHub's toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property: also ``:`` and ``,`` escaped."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
