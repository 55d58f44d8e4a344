"""A finding of ``check`` as the report shows it: what is wrong, and what to do.

The message is the linter's own (in the language of the moment); the fix is
the report's advice for the finding's code, or for its family of codes, in
plain words for an adviser who does not read YAML every day.
"""

from __future__ import annotations

import attrs

from ..i18n import N_, _
from ..statute.problems import CODES, Finding, Severity


@attrs.frozen
class FindingView:
    code: str
    severity: str
    #: ``error``, ``warning``, ``information`` in the report's language.
    severity_text: str
    message: str
    #: What the finding's code means, in a line.
    meaning: str
    fix: str
    provision: str | None
    line: int | None


SEVERITIES = {
    Severity.ERROR: N_("error"),
    Severity.WARNING: N_("warning"),
    Severity.INFO: N_("information"),
}

#: The advice for single codes; ``FAMILIES`` covers the rest by the code's start.
FIXES = {
    "W401": N_(
        "Read the provision: if it lays down a rule, a body, a power or an amount, encode it"
        " and cite the provision; if it only describes, nothing is missing."
    ),
    "W402": N_(
        "Name the provision the element comes from, or mark it as an assumption and give"
        " the reason."
    ),
    "W403": N_(
        "Name the source the provision is drawn from (e.g. the section of the preliminary"
        " study), or mark it as an assumption and give the reason."
    ),
    "W404": N_("Number the sections 1, 2, 3 … without gaps, in the order they stand."),
    "W405": N_(
        "The protocol cannot check this rule by itself: whoever keeps the minutes must"
        " check it by hand when the decision is made."
    ),
    "I502": N_(
        "The protocol cannot check this duty by itself: whoever keeps the minutes checks"
        " it by hand when it applies."
    ),
}

FAMILIES = (
    ("E65", N_("Bring the statute in line with kommunestyrelsesloven as in force on its date.")),
    ("E6", N_("Correct the bodies, powers or delegations named so that they fit together.")),
    ("E7", N_("Correct the lifecycle's states and transitions so that each can be reached.")),
    ("E", N_("Correct the statute where the finding points; the tool cannot use it as it is.")),
    ("W", N_("Check the provision and complete what the finding says is missing.")),
    ("I", N_("Nothing to correct: read it as a note on how the statute will work.")),
)


def finding_view(finding: Finding) -> FindingView:
    code = CODES[finding.code]
    fix = FIXES.get(finding.code) or next(
        text for prefix, text in FAMILIES if finding.code.startswith(prefix)
    )
    return FindingView(
        finding.code,
        code.severity.value,
        _(SEVERITIES[code.severity]),
        finding.message,
        _(code.summary),
        _(fix),
        finding.provision,
        finding.line,
    )
