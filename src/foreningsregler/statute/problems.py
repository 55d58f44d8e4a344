"""Findings and the catalogue of their codes.

One class serves both the loader (problems that make a file unusable) and
the linter (warnings and the list of assumptions), so the CLI prints and
serialises them the same way. Codes are stable: tools and tests match on
them, and ``docs/errors.md`` documents each one with an example.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import attrs

from ..errors import ForeningsreglerError
from ..i18n import N_, _
from .citation import Cited


class Severity(StrEnum):
    """How serious a finding is: an error, a warning, or information."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@attrs.frozen
class Code:
    code: str
    name: str
    severity: Severity
    #: What the code means, in English (the catalog's message id).
    summary: str

    @property
    def summary_text(self) -> str:
        """What the code means, in the current language."""
        return _(self.summary)


def _catalogue(*codes: Code) -> dict[str, Code]:
    return {c.code: c for c in codes}


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Every code the library emits. Keep docs/errors.md in step (a test checks).
CODES: dict[str, Code] = _catalogue(
    # Reading and parsing: the file is not a usable YAML document.
    Code("E100", "cannot-read", _E, N_("the file does not exist or cannot be read")),
    Code("E101", "too-large", _E, N_("the file is larger than the size limit")),
    Code("E102", "not-utf8", _E, N_("the file is not valid UTF-8")),
    Code("E103", "yaml-syntax", _E, N_("the file is not valid YAML")),
    Code("E104", "duplicate-key", _E, N_("a mapping has the same key twice")),
    Code("E105", "tag-refused", _E, N_("an explicit YAML tag (e.g. !!python/object) is used")),
    Code("E106", "alias-limit", _E, N_("too many YAML aliases or too large an expansion")),
    Code("E107", "empty-document", _E, N_("the file holds no YAML document")),
    Code("E108", "multiple-documents", _E, N_("the file holds more than one YAML document")),
    Code("E109", "not-a-mapping", _E, N_("the top level is not a mapping of keys")),
    Code("E110", "too-deep", _E, N_("the document is nested too deeply")),
    Code("E111", "ambiguous-value", _E, N_("a plain value YAML 1.1 and 1.2 read differently")),
    Code("E112", "not-finite", _E, N_("a number that is not finite (.nan, .inf)")),
    Code("E113", "number-too-large", _E, N_("a number larger than the largest allowed")),
    # Schema: the document does not have the statute format's shape.
    Code("E201", "unknown-key", _E, N_("a key the format does not define")),
    Code("E202", "wrong-type", _E, N_("a value of the wrong type")),
    Code("E203", "missing-key", _E, N_("a required key is missing")),
    Code("E204", "invalid-value", _E, N_("a value outside what the format allows")),
    # References: names that do not resolve, or contradict each other.
    Code("E301", "unknown-body", _E, N_("a body is named that the statute does not define")),
    Code("E302", "unknown-power", _E, N_("a power is named that the statute does not define")),
    Code("E303", "unknown-role", _E, N_("a role is named that the statute does not define")),
    Code("E304", "unknown-area", _E, N_("an area is named that the statute does not define")),
    Code(
        "E305", "unknown-provision", _E, N_("a § or stk. is cited that the statute does not have")
    ),
    Code("E306", "unknown-source", _E, N_("a source document or section that is not listed")),
    Code("E307", "unknown-voting-rule", _E, N_("a voting rule is named that is not defined")),
    Code("E308", "duplicate-id", _E, N_("two elements of one kind share an id")),
    Code("E309", "duplicate-provision", _E, N_("two provisions have the same § number")),
    Code("E310", "self-elected", _E, N_("a body is elected or appointed by itself")),
    Code("E311", "scope-mismatch", _E, N_("an area scope on a body that is not defined per area")),
    Code("E313", "unknown-state", _E, N_("a lifecycle names a state it does not define")),
    Code(
        "E314", "duplicate-lifecycle-kind", _E, N_("two lifecycles govern the same kind of record")
    ),
    Code("E315", "duplicate-member", _E, N_("a member is named twice, by id or name")),
    Code("E316", "duplicate-member-kind", _E, N_("a member kind is listed twice in one list")),
    Code(
        "E317",
        "seat-range-upside-down",
        _E,
        N_("a range of seats whose minimum is above its maximum"),
    ),
    Code("E318", "unknown-member", _E, N_("a rotating chair or a weight names no member")),
    Code(
        "E319",
        "limits-without-set-up",
        _E,
        N_("limits or a coordinator on a body not set up"),
    ),
    Code("E320", "set-up-by-itself", _E, N_("a body is set up by decision of itself")),
    # Meetings that can never be held as the statute says (bodyx).
    Code(
        "E327",
        "meeting-window-upside-down",
        _E,
        N_("an ordinary meeting's window closes before it opens"),
    ),
    Code(
        "E328",
        "extraordinary-deadline-within-notice",
        _E,
        N_("a demanded meeting must be held sooner than its notice allows"),
    ),
    # The law (kommunestyrelsesloven § 60, § 60 a) as data: names and the data itself.
    Code(
        "E321", "unknown-legal-basis", _E, N_("a statute declares a legal basis the law data lacks")
    ),
    Code(
        "E322", "bad-law-data", _E, N_("the law data names what it lacks or has periods that clash")
    ),
    Code(
        "E323",
        "template-of-many-acts",
        _E,
        N_("a template set up as several instances named as the body that acts"),
    ),
    Code(
        "E324",
        "participants-not-by-membership",
        _E,
        N_("a body of a phase's participants filled otherwise than by membership"),
    ),
    # Membership classes and partners.
    Code(
        "E325",
        "unknown-membership-name",
        _E,
        N_("a membership class, partner or obligation is named that the statute does not list"),
    ),
    Code("E326", "partner-is-member", _E, N_("a partner the statute also names as a member")),
    # Names that would be confused: in the competence graph, or as one member.
    Code("E329", "body-power-same-id", _E, N_("a body and a power have the same id")),
    Code("E330", "invisible-character", _E, N_("a name holds an invisible or control character")),
    # Linter warnings: the file loads but is incomplete or unsourced.
    Code("W401", "provision-encodes-nothing", _W, N_("no element cites this provision")),
    Code("W402", "element-without-provision", _W, N_("an element cites no provision")),
    Code("W403", "provision-without-source", _W, N_("a provision cites no source")),
    Code("W404", "provisions-out-of-order", _W, N_("§ numbers do not run 1, 2, 3 ...")),
    Code(
        "W405", "not-enforced", _W, N_("a rule the statute states that the protocol cannot enforce")
    ),
    Code("W410", "population-date-not-stated", _W, N_("a fee by population without its date")),
    Code(
        "W411",
        "member-kinds-not-listed",
        _W,
        N_("members of other kinds named, but no kinds listed"),
    ),
    Code("W415", "quorum-above-minimum", _W, N_("a quorum above a ranged body's least seats")),
    Code(
        "W445",
        "proposals-sent-before-due",
        _W,
        N_("proposals are sent out earlier than they must reach the body"),
    ),
    Code("W446", "deadline-without-demand", _W, N_("a deadline after a demand no member can make")),
    Code(
        "W447", "role-outlives-seat", _W, N_("a chair's or officer's term longer than its seat's")
    ),
    Code("W448", "election-year-odd-term", _W, N_("odd or even election years with an odd term")),
    Code("W449", "exclusion-never-lapses", _W, N_("an exclusion to be ratified that never lapses")),
    Code(
        "W430",
        "in-force-before-approval",
        _W,
        N_("a fixed in_force where the law's approval decides it"),
    ),
    Code(
        "W440",
        "withdrawal-unregistrable",
        _W,
        N_("a withdrawal a body registers, but no transition of that body's"),
    ),
    Code("W441", "class-fee-open", _W, N_("a class another pays for, without an amount")),
    Code(
        "W442", "indexation-without-amount", _W, N_("an index on a fee with no amount of its own")
    ),
    Code("W443", "core-without-effect", _W, N_("a core, but declining any phase has one effect")),
    Code("W450", "unknown-licence", _W, N_("a licence that is not an SPDX identifier known")),
    Code(
        "W451", "joint-liability-unsplit", _W, N_("joint liability with no split among the members")
    ),
    Code(
        "W452",
        "authority-act-without-60",
        _W,
        N_(
            "a transition by the authority § 60, stk. 2 does not give",
        ),
    ),
    Code("W453", "limit-raised", _W, N_("a delegation passed on with a higher amount limit")),
    # The competence graph: bodies, powers and delegations that cannot work.
    Code("E601", "illegitimate-body", _E, N_("a body's seats do not trace back to the members")),
    Code("E602", "delegation-cycle", _E, N_("a power is delegated around a circle")),
    Code("E603", "subdelegation-not-allowed", _E, N_("a delegate passes on a power it may not")),
    Code("E604", "delegates-power-not-held", _E, N_("a body delegates a power it does not have")),
    Code("E605", "power-without-holder", _E, N_("no body holds the power")),
    Code("E606", "exclusive-power-shared", _E, N_("two bodies hold the same exclusive power")),
    Code("E607", "recommendation-impossible", _E, N_("a required recommendation cannot be made")),
    Code(
        "E608",
        "drawn-from-smaller-body",
        _E,
        N_("a body has more seats than the body it is drawn from"),
    ),
    Code(
        "E609", "role-unfillable", _E, N_("no member of the source body can have a required role")
    ),
    Code("E610", "quorum-unreachable", _E, N_("a quorum larger than the body")),
    Code("E611", "majority-unreachable", _E, N_("a majority threshold above the whole body")),
    Code("E612", "signing-impossible", _E, N_("a signing rule no one can ever meet")),
    # Members and fees that cannot work.
    Code("E620", "band-upside-down", _E, N_("a size band that ends where or before it starts")),
    Code("E621", "band-overlap", _E, N_("two size bands hold the same population")),
    Code("E622", "band-gap", _E, N_("a population that no size band holds")),
    Code(
        "E623", "member-kind-not-admissible", _E, N_("a named member of a closed or unlisted kind")
    ),
    Code(
        "E624",
        "kind-without-fee",
        _E,
        N_("members of an open kind for whom the fee says no amount"),
    ),
    # Composition and voting variants that cannot work.
    Code("E630", "rotation-and-choice", _E, N_("a chair that rotates and is also chosen")),
    Code("E631", "vice-chair-without-chair", _E, N_("a vice-chair of a body that has no chair")),
    Code("E632", "staggered-unfillable", _E, N_("staggered terms that can never fill every seat")),
    Code(
        "E633",
        "participants-outside-assembly",
        _E,
        N_("a phase's participants vote in a body not of all members"),
    ),
    Code(
        "E634",
        "weights-without-members",
        _E,
        N_("weights by member kind in a body that sits for no member"),
    ),
    Code(
        "E640", "set-up-without-power", _E, N_("a body is set up by a body that may not create it")
    ),
    Code("E641", "set-up-cycle", _E, N_("bodies set up by each other in a circle")),
    # A statute against the law in force on its date (kommunestyrelsesloven § 60, § 60 a).
    Code(
        "E650", "legal-basis-not-in-force", _E, N_("the declared legal basis is not in force then")
    ),
    Code(
        "E651", "clause-missing", _E, N_("a clause the supervisory authority looks for is missing")
    ),
    Code("E652", "dissolution-conflicts-law", _E, N_("a dissolution rule the law does not allow")),
    Code(
        "E653", "withdrawal-conflicts-law", _E, N_("a withdrawal the statute allows without terms")
    ),
    Code(
        "E660",
        "participants-without-phases",
        _E,
        N_("a body of a phase's participants where no member can join a phase"),
    ),
    # The terms of joining and leaving that cannot work.
    Code(
        "E665",
        "council-decision-unrecordable",
        _E,
        N_("admission needs a council's decision, but the statute has no legal basis"),
    ),
    Code(
        "E666", "class-without-fee", _E, N_("a fee fixed per class leaves a class without amount")
    ),
    Code("E667", "pro-rata-above-whole", _E, N_("a pro-rata share above the whole fee")),
    Code("E668", "pro-rata-day-impossible", _E, N_("a pro-rata day the month does not have")),
    Code("E669", "core-missing", _E, N_("declining applies to core phases, but there is no core")),
    # Officers (bodyx).
    Code(
        "E670",
        "officer-role-clash",
        _E,
        N_("an officer named like the chair, vice-chair, or twice"),
    ),
    Code("E671", "lapse-without-ratifier", _E, N_("an exclusion lapses, but no body ratifies it")),
    # Standard clauses that contradict each other or the money rules.
    Code("E675", "liability-both-ways", _E, N_("liability as one value and also split")),
    Code(
        "E676",
        "contracts-outside-accounts",
        _E,
        N_("contracts owned by the association and outside it"),
    ),
    Code("E677", "licensed-twice", _E, N_("the same kind of work under two licences")),
    Code("E678", "ip-not-owned", _E, N_("rights transferred on dissolution the members own")),
    Code(
        "E679", "chair-agreement-without-chair", _E, N_("agreement of a chair of a chairless body")
    ),
    # Lifecycles that cannot work.
    Code("E701", "unreachable-state", _E, N_("no sequence of transitions reaches the state")),
    Code("E702", "trap-state", _E, N_("a state that is not final has no way out")),
    # Scenarios that cannot be simulated.
    Code("E801", "unknown-municipality", _E, N_("a municipality with no known population")),
    Code(
        "E802",
        "phase-outside-timeline",
        _E,
        N_("a phase outside the scenario's years or backwards"),
    ),
    Code("E803", "duplicate-municipality", _E, N_("a municipality named twice")),
    Code("E804", "year-out-of-range", _E, N_("a scenario's date outside the years 1900 to 2200")),
    Code("E805", "not-a-member", _E, N_("a municipality the scenario's statute does not name")),
    Code(
        "E806",
        "unknown-flow-member",
        _E,
        N_("a flow behaviour for no municipality of the scenario"),
    ),
    Code("E807", "unknown-flow-body", _E, N_("a flow names a body the statute does not have")),
    Code(
        "E808",
        "unknown-decision-kind",
        _E,
        N_("not a kind of decision the statute's bodies vote on"),
    ),
    Code("E809", "bad-calendar", _E, N_("a meeting calendar given twice or never meeting")),
    # The list of assumptions.
    Code("I501", "assumption", _I, N_("a rule the sources do not settle, marked as an assumption")),
    Code(
        "I502", "duty-not-checked", _I, N_("a duty the statute states that no recorded act shows")
    ),
    Code(
        "I510", "law-duties", _I, N_("what the law requires of the statute's acts, and from when")
    ),
    Code(
        "I511",
        "law-duty-by-clock",
        _I,
        N_("a withdrawal by the clock the law's duty cannot precede"),
    ),
    # A statute's history of versions (``versions``): the file and its amendments.
    Code(
        "E901", "versions-out-of-order", _E, N_("a version in force on or before the one above it")
    ),
    Code("E902", "version-file-missing", _E, N_("a version's statute file does not exist")),
    Code("E903", "version-unloadable", _E, N_("a version's statute file cannot be loaded")),
    Code(
        "E904",
        "in-force-before-adoption",
        _E,
        N_("a version in force before its adoption or approval"),
    ),
    Code(
        "E905",
        "amendment-without-power",
        _E,
        N_("an amendment adopted by a body without the power to amend"),
    ),
    Code(
        "E906",
        "amendment-provision-unknown",
        _E,
        N_("an amendment cites a provision the version in force lacks"),
    ),
    Code("E907", "approval-missing", _E, N_("an amendment the law requires approved is not")),
    Code(
        "E908",
        "approval-wrong-authority",
        _E,
        N_("an approval by another authority than the day's"),
    ),
    Code("E909", "amendment-not-adopted", _E, N_("a later version that names no adoption")),
    Code(
        "E910",
        "version-in-force-differs",
        _E,
        N_("a statute's own in_force differs from its version's"),
    ),
    Code(
        "E911", "version-of-another-statute", _E, N_("a version of another statute than the first")
    ),
    Code("E912", "no-version-on-day", _E, N_("no version of the statute is in force on the day")),
)


@attrs.frozen
class Finding:
    """One problem or remark about a statute file, at a place in it."""

    code: str = attrs.field(validator=attrs.validators.in_(CODES))
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    provision: str | None = None

    @classmethod
    def at(cls, file: str | None, code: str, message: str, where: Cited, *cited: Cited) -> Finding:
        """A finding at ``where``'s place in ``file``, citing the first provision
        of ``cited`` (by default ``where``'s own) that there is."""
        place = where.location
        line, column = (place.line, place.column) if place else (None, None)
        first = next((c.provision for c in cited or (where,) if c.provision is not None), None)
        return cls(code, message, file, line, column, str(first) if first else None)

    @property
    def severity(self) -> Severity:
        """error, warning or info, from the finding's code."""
        return CODES[self.code].severity

    @property
    def name(self) -> str:
        """The code's short name, e.g. ``unknown-body`` for E301."""
        return CODES[self.code].name

    def __str__(self) -> str:
        place = self.file or "<statute>"
        if self.line is not None:
            place += f":{self.line}:{self.column or 1}"
        cited = f" [{self.provision}]" if self.provision else ""
        return f"{place}: {self.code} {self.message}{cited}"

    def to_json(self) -> dict[str, object]:
        """The finding as plain JSON data, its provision and place included."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "provision": self.provision,
        }


class StatuteError(ForeningsreglerError):
    """A statute file that cannot be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: Iterable[Finding]) -> None:
        self.problems: tuple[Finding, ...] = tuple(sorted(problems, key=_order))
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(close: str | None) -> str:
    """The hint that closes a message about an unknown name, or nothing."""
    return _("; did you mean '{name}'?", name=close) if close else ""


def first_at(line: int | None) -> str:
    """Where a name given twice was first written, closing a message, or nothing."""
    return _(" (first at line {line})", line=line) if line is not None else ""


def _order(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.file or "", finding.line or 0, finding.column or 0, finding.code)
