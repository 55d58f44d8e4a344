"""The typed models of what the service answers, from which its OpenAPI
document is generated.

Each model has the shape of the library's own JSON output (``Answer.to_json``,
``Finding.to_json``, the graph's node-link JSON, ``State.to_json``, the
``record --format json`` document), so a response validates against the
output's JSON Schema (src/foreningsregler/schema/output/). A response is made
by validating that JSON with its model and sent with the keys it had
(``response_model_exclude_unset``): a key the library leaves out where it has
no value (``set_up_by``, ``scope`` of an edge) stays out.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

#: A JSON value, typed: text, a number, a truth value, nothing, or a list or
#: mapping of those. An event's facts (``data``: votes, a meeting's attendees)
#: and a diff's meaning before and after are made of them.
EventValue = TypeAliasType(
    "EventValue",
    "str | int | float | bool | list[EventValue] | dict[str, EventValue] | None",
)


class Model(BaseModel):
    """A frozen record of JSON; unknown keys are an error (the shapes are exact)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


# --- statutes -------------------------------------------------------------------


class Version(Model):
    """One version of a statute. For now each loaded file is one version; the
    statutes' histories (issue 11) will give a statute several."""

    version: str | None = Field(description="The statute's own version label, if it has one.")
    date: dt.date | None = Field(description="The day the text is dated.")
    in_force: dt.date | None = Field(description="The day it comes into force.")
    status: str = Field(description="draft, adopted, ...")
    file: str = Field(description="The file the service loaded it from.")


class StatuteSummary(Model):
    id: str
    name: str
    short_name: str | None
    language: str
    versions: list[Version]


# --- answers (Answer.to_json) ------------------------------------------------------


class Step(Model):
    kind: str = Field(description="holds, delegates, ...")
    from_: str = Field(alias="from")
    to: str
    provision: str | None
    scope: list[str]


class Condition(Model):
    scope: str | None
    delegation: str | None
    body: str
    text: str
    provision: str | None
    set_up_by: str | None = None
    max_amount_kr: int | None = None


class Requirement(Model):
    kind: str
    body: str
    power: str | None
    provision: str | None
    chair: bool | None = None


class Denial(Model):
    reason: str = Field(description="A stable value: no-chain, phase-not-adopted, ...")
    message: str
    provision: str | None


class Procedure(Model):
    voting_rule: str
    name: str | None
    meeting: bool
    written_allowed: bool
    provision: str | None


class Answer(Model):
    """May ``body`` exercise ``power``: the chains, conditions and denials."""

    body: str
    power: str
    allowed: bool
    evaluated: bool
    chains: list[list[Step]]
    conditions: list[Condition]
    requires: list[Requirement]
    denials: list[Denial]
    procedure: Procedure | None


class Powers(Model):
    """The powers ``body`` may exercise by some chain, in statute order."""

    body: str
    powers: list[str]


class TreeNode(Model):
    """A body in a power's delegation tree and the step by which it has the power."""

    body: str
    step: Step
    children: list[TreeNode]


# --- the linter (Finding.to_json) -------------------------------------------------


class Finding(Model):
    code: str
    severity: str = Field(description="error, warning or info")
    message: str
    file: str | None
    line: int | None
    column: int | None
    provision: str | None


# --- the graph (node-link JSON, authority/export.py) -------------------------------


class GraphInfo(Model):
    statute: str
    format: int


class Node(Model):
    id: str
    kind: str = Field(description="body or power")
    name: str
    size: int | None = None
    body_kind: str | None = None
    area: str | None = None
    template: str | None = None
    set_up_by: str | None = None
    exclusive: bool | None = None


class Edge(Model):
    source: str
    target: str
    kind: str
    key: str
    power: str | None
    provision: str | None
    scope: list[str] | None = None
    subdelegation: bool | None = None
    requirement: str | None = None


class Graph(Model):
    directed: bool
    multigraph: bool
    graph: GraphInfo
    nodes: list[Node]
    edges: list[Edge]


# --- the protocol (State.to_json, record --format json) -----------------------------


class Protocol(Model):
    statute: str = Field(description="The id of the statute the protocol follows.")
    entries: int
    recording: bool = Field(description="Whether POST /v1/protocol/events is enabled.")


class PhaseState(Model):
    state: str
    name: str | None
    start: dt.date | None
    end: dt.date | None
    participants: list[str]


class DecisionState(Model):
    body: str
    state: str
    power: str | None
    phase: str | None


class CategoryState(Model):
    rule: str
    category: str
    since: dt.date


class DelegationState(Model):
    delegation: str
    to: str
    state: str


class SeatState(Model):
    person: str
    municipality: str | None
    role: str | None
    since: dt.date
    renewed: dt.date | None


class AlternateState(Model):
    person: str
    alternate_for: str | None
    municipality: str | None
    since: dt.date


class SetUpState(Model):
    name: str | None
    since: dt.date
    dissolved: dt.date | None
    phase: str | None = None
    budget_kr: int | None = None


class TermState(Model):
    kind: str
    subject: str
    day: dt.date
    by: str
    value: str | None = None
    year: int | None = None
    amount: int | None = None


class Status(Model):
    """The association on a day (``foreningsregler status --format json``)."""

    on: dt.date
    association: str | None
    members: list[str]
    membership: dict[str, str]
    phases: dict[str, PhaseState]
    decisions: dict[str, DecisionState]
    categories: dict[str, CategoryState]
    delegations: list[DelegationState]
    seats: dict[str, list[SeatState]]
    alternates: dict[str, list[AlternateState]]
    set_up: dict[str, SetUpState] | None = None
    terms: list[TermState] | None = None


class Entry(Model):
    seq: int
    hash: str
    kind: str
    date: dt.date
    actor: str
    data: dict[str, EventValue]


class Recorded(Model):
    """The events recorded (``foreningsregler record --format json``)."""

    recorded: list[Entry]


# --- the diff of two statutes (Diff.to_json, diff --format json) -------------------


class DiffStatute(Model):
    id: str
    name: str
    version: str | None
    path: str | None


class Change(Model):
    """A typed change of meaning of one element, with its provisions before and after."""

    type: str = Field(description="body-added, power-moved, quorum-changed, ...")
    kind: str = Field(description="The part of the statute: body, power, delegation, ...")
    element: str = Field(description="The element's id; a delegation's is power:from:to.")
    fields: list[str]
    old: EventValue = Field(description="The changed fields' meaning before; null if new.")
    new: EventValue = Field(description="The changed fields' meaning after; null if gone.")
    old_provision: str | None
    new_provision: str | None


class CompetenceAnswer(Model):
    """May the body exercise the power on one side: the chains as text, and so on."""

    allowed: bool
    chains: list[list[str]] | None = None
    conditions: list[str] | None = None
    requires: list[str] | None = None
    procedure: str | None = None


class DiffStep(Model):
    kind: str = Field(description="holds or delegates")
    from_: str = Field(alias="from")
    to: str
    scope: list[str]
    provision: str | None


class CompetenceChange(Model):
    """A (body, power) whose answer differs, the chains that came and went, in sentences."""

    body: str
    power: str
    old: CompetenceAnswer
    new: CompetenceAnswer
    appeared: list[list[DiffStep]]
    disappeared: list[list[DiffStep]]
    sentences: list[str] = Field(description="What changed, in the answer's language.")


class TextChange(Model):
    """A change of form only: a provision's words, a name, a citation."""

    kind: str
    where: str
    field: str
    old: EventValue
    new: EventValue


class Diff(Model):
    """What changes from one statute to another (``diff --format json``)."""

    version: int
    old: DiffStatute
    new: DiffStatute
    same_meaning: bool
    changes: list[Change]
    competence: list[CompetenceChange]
    text_changes: list[TextChange]


# --- problems (RFC 9457) -----------------------------------------------------------


class ProblemDetail(Model):
    message: str
    place: str | None
    code: str | None
    provision: str | None


class Problem(Model):
    """An RFC 9457 problem document with the library's code, provision and place."""

    type: str
    title: str
    status: int
    detail: str
    code: str = Field(description="The library's code: E204, no-transition, unknown-body, ...")
    provision: str | None
    place: str | None
    problems: list[ProblemDetail]
