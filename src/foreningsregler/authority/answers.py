"""The answers of the competence index: chains of cited steps, conditions, denials.

Plain frozen values, so systems that import the library can keep, compare
and serialise them; ``authority`` makes them.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from enum import StrEnum
from typing import Any, Protocol

import attrs

from ..errors import BadArgument, ForeningsreglerError, shown
from ..i18n import N_, _, ngettext, shown_number
from ..statute.model import ProvisionRef, Scope


class EdgeKind(StrEnum):
    ELECTS = "elects"
    APPOINTS = "appoints"
    HOLDS = "holds"
    DELEGATES = "delegates"
    RECOMMENDS = "recommends"
    CHAIRS = "chairs"
    MEMBER_OF = "member_of"
    SETS_UP = "sets_up"


#: What each scope demands of an act, in English (the message id): ``_()`` it to show it.
SCOPE_TEXT = {
    Scope.ADOPTED_PHASES: N_("only within phases the generalforsamling has adopted"),
    Scope.RUNNING_PHASES: N_("only while the phase is running"),
    Scope.PARTICIPATING_MUNICIPALITIES: N_("only for municipalities that joined the phase"),
    Scope.OWN_AREA: N_("only within the body's own area"),
    Scope.OWN_MUNICIPALITY: N_("only for the member's own municipality"),
}


def cited(provision: ProvisionRef | None) -> str:
    """A provision as a message cites it in brackets, or that there is none."""
    return str(provision) if provision is not None else _("no provision")


# --- Answers ------------------------------------------------------------------


@attrs.frozen
class Step:
    """One link of a chain: a body holds a power, or passes it on."""

    kind: EdgeKind
    source: str
    target: str
    provision: ProvisionRef | None
    scope: frozenset[Scope] = frozenset()
    assumption: bool = False
    subdelegation: bool = False  # may the receiver pass the power on
    #: The delegation's record key where its grant is a lifecycle (else None).
    delegation: str | None = None
    #: The delegation's amount limit per act, in kroner (None: no limit).
    max_amount_kr: int | None = None

    @property
    def notation(self) -> str:
        """The step as statute test files write it: ``gf holds anskaf [§ 2, stk. 2]``."""
        verb = "holds" if self.kind is EdgeKind.HOLDS else "delegates to"
        return f"{self.source} {verb} {self.target} [{self.provision or 'no provision'}]"

    def __str__(self) -> str:
        """The step for a reader, in the current language (``notation`` is the files' form)."""
        where = cited(self.provision)
        names = {"source": self.source, "target": self.target, "provision": where}
        holds = self.kind is EdgeKind.HOLDS
        if not self.scope:
            if holds:
                return _("{source} holds {target} [{provision}]", **names)
            return _("{source} delegates to {target} [{provision}]", **names)
        scopes = ", ".join(sorted(self.scope))
        if holds:
            return _(
                "{source} holds {target} within {scopes} [{provision}]", scopes=scopes, **names
            )
        return _(
            "{source} delegates to {target} within {scopes} [{provision}]", scopes=scopes, **names
        )


@attrs.frozen
class Condition:
    """What must hold for a chain to grant the act, and where it is written.

    A scope of the statute, or (``delegation`` set, ``scope`` None) that a
    delegation whose grant is a lifecycle is in force for ``body``.
    """

    scope: Scope | None
    body: str
    provision: ProvisionRef | None
    delegation: str | None = None
    #: The body that sets ``body`` up, where ``body`` exists only once set up.
    set_up_by: str | None = None
    #: An amount limit per act of the delegation to ``body`` (checked by the protocol).
    max_amount_kr: int | None = None

    @property
    def text(self) -> str:
        """What must hold, in the current language."""
        if self.scope is not None:
            return _(SCOPE_TEXT[self.scope])
        if self.max_amount_kr is not None:
            return _(
                "only for acts of at most {amount} kr. each by {body} (amount_kr)",
                amount=shown_number(self.max_amount_kr),
                body=self.body,
            )
        if self.set_up_by is not None:
            return _(
                "only while {body} is set up by decision of {by}", body=self.body, by=self.set_up_by
            )
        return _(
            "only while the delegation {delegation} to {body} is granted",
            delegation=self.delegation,
            body=self.body,
        )

    def __str__(self) -> str:
        return _("{text} [{provision}]", text=self.text, provision=cited(self.provision))


@attrs.frozen
class Chain:
    """Steps from a holder to the body; its conditions are computed once."""

    steps: tuple[Step, ...]
    conditions: tuple[Condition, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        seen: dict[Scope | str, Condition] = {}
        for step in self.steps:
            actor = step.source if step.kind is EdgeKind.HOLDS else step.target
            if step.delegation is not None:
                grant = Condition(None, actor, step.provision, step.delegation)
                seen[f"{step.delegation}@{actor}"] = grant
            if step.max_amount_kr is not None:
                limit = Condition(None, actor, step.provision, max_amount_kr=step.max_amount_kr)
                seen[f"amount@{actor}"] = limit
            for scope in sorted(step.scope):
                seen.setdefault(scope, Condition(scope, actor, step.provision))
        object.__setattr__(self, "conditions", tuple(seen.values()))

    @property
    def provisions(self) -> tuple[ProvisionRef | None, ...]:
        return tuple(step.provision for step in self.steps)

    @property
    def max_amount_kr(self) -> int | None:
        """The most one act by this chain may commit: its lowest delegation limit."""
        limits = [s.max_amount_kr for s in self.steps if s.max_amount_kr is not None]
        return min(limits) if limits else None


class Reason(StrEnum):
    """Why an act is refused; stable values for systems that react to them."""

    NO_CHAIN = "no-chain"
    NOT_IN_FORCE = "not-in-force"
    PHASE_REQUIRED = "phase-required"
    PHASE_NOT_ADOPTED = "phase-not-adopted"
    PHASE_NOT_RUNNING = "phase-not-running"
    MUNICIPALITY_REQUIRED = "municipality-required"
    NOT_PARTICIPATING = "not-participating"
    AREA_REQUIRED = "area-required"
    OTHER_AREA = "other-area"
    PERSON_REQUIRED = "person-required"
    OTHER_MUNICIPALITY = "other-municipality"
    DELEGATION_WITHHELD = "delegation-withheld"
    NOT_SET_UP = "not-set-up"
    INSTANCE_REQUIRED = "instance-required"


@attrs.frozen
class Denial:
    reason: Reason
    message: str
    provision: ProvisionRef | None

    def __str__(self) -> str:
        return _("{text} [{provision}]", text=self.message, provision=cited(self.provision))


@attrs.frozen
class Requirement:
    """What the decision needs first, e.g. the bestyrelse's recommendation."""

    kind: str
    body: str
    provision: ProvisionRef | None
    power: str | None = None  # the power under which the body makes it
    chair: bool = False  # made by the body's chair in person, not by its vote


@attrs.frozen
class Procedure:
    """How the body decides the act: at its meeting, by a vote under a voting rule."""

    voting_rule: str
    name: str | None
    provision: ProvisionRef | None
    written_allowed: bool = False

    def __str__(self) -> str:
        named = f"{self.name} ({self.voting_rule})" if self.name else self.voting_rule
        fields = {"rule": named, "provision": cited(self.provision)}
        if self.written_allowed:
            return _("decided at a meeting or in writing, by vote: {rule} [{provision}]", **fields)
        return _("decided at a meeting, by vote: {rule} [{provision}]", **fields)


@attrs.frozen
class Answer:
    """May ``body`` exercise ``power``, by which chains, and if not, why not."""

    body: str
    power: str
    allowed: bool
    chains: tuple[Chain, ...]
    denials: tuple[Denial, ...] = ()
    conditions: tuple[Condition, ...] = ()
    requires: tuple[Requirement, ...] = ()
    evaluated: bool = False
    procedure: Procedure | None = None
    #: Chains of the same kind beyond those listed (``chains`` lists at most
    #: ``CHAIN_LIMIT``): those of the statute, or those granted on the state.
    more_chains: int = 0
    #: False where ``more_chains`` is a lower bound: chains through a circle of
    #: delegations are counted only up to ``COUNT_LIMIT``.
    more_chains_exact: bool = True

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def more_text(self) -> str:
        """How many chains are not listed, in the current language, or ""."""
        count = self.more_chains
        if not count:
            return ""
        if self.more_chains_exact:
            return ngettext(
                "and {number} more chain, not listed",
                "and {number} more chains, not listed",
                count,
                number=shown_number(count),
            )
        return ngettext(
            "and at least {number} more chain, not listed",
            "and at least {number} more chains, not listed",
            count,
            number=shown_number(count),
        )

    def to_json(self) -> dict[str, object]:
        """The answer as plain JSON data: chains, conditions, denials, provisions."""
        return {
            "body": self.body,
            "power": self.power,
            "allowed": self.allowed,
            "evaluated": self.evaluated,
            "chains": [[_step_json(step) for step in chain.steps] for chain in self.chains],
            "conditions": [
                {
                    "scope": c.scope.value if c.scope is not None else None,
                    "delegation": c.delegation,
                    "body": c.body,
                    "text": c.text,
                    "provision": _cited(c.provision),
                }
                | ({"set_up_by": c.set_up_by} if c.set_up_by is not None else {})
                | ({"max_amount_kr": c.max_amount_kr} if c.max_amount_kr is not None else {})
                for c in self.conditions
            ],
            "requires": [
                {
                    "kind": r.kind,
                    "body": r.body,
                    "power": r.power,
                    "provision": _cited(r.provision),
                }
                | ({"chair": True} if r.chair else {})
                for r in self.requires
            ],
            "denials": [
                {"reason": d.reason.value, "message": d.message, "provision": _cited(d.provision)}
                for d in self.denials
            ],
            "procedure": None
            if self.procedure is None
            else {
                "voting_rule": self.procedure.voting_rule,
                "name": self.procedure.name,
                "meeting": True,
                "written_allowed": self.procedure.written_allowed,
                "provision": _cited(self.procedure.provision),
            },
        } | (
            {"more_chains": self.more_chains, "more_chains_exact": self.more_chains_exact}
            if self.more_chains
            else {}
        )

    def _repr_html_(self) -> str | None:
        """The answer in Jupyter: verdict, chains, conditions, denials (see _display)."""
        from .._display import shown

        return shown("answer", "text/html", self)


def _cited(provision: ProvisionRef | None) -> str | None:
    return str(provision) if provision is not None else None


def _step_json(step: Step) -> dict[str, object]:
    return {
        "kind": step.kind.value,
        "from": step.source,
        "to": step.target,
        "provision": _cited(step.provision),
        "scope": sorted(s.value for s in step.scope),
    }


@attrs.frozen
class Withheld:
    """A delegation not in force for a body on a day: its state, since when, and why."""

    state: str
    since: dt.date | None
    provision: ProvisionRef | None


@attrs.frozen
class SetUp:
    """A body set up by decision: from ``since``, until ``dissolved`` (the day it
    no longer exists), under the name the decision gave it. A state gives the
    last one set up by its day, ``dissolved`` only where that is by its day."""

    body: str
    since: dt.date
    name: str | None = None
    dissolved: dt.date | None = None
    #: The phase whose participants sit in it (a body of ``seats: participants``).
    phase: str | None = None
    #: The budget its set-up decided (``limits.budget_by_decision``).
    budget_kr: int | None = None


class AuthorityState(Protocol):
    """What the index needs to know of the protocol on one day."""

    def phase_known(self, phase: str) -> bool: ...
    def known_phases(self) -> Iterable[str]: ...
    def phase_adopted(self, phase: str) -> bool: ...
    def phase_running(self, phase: str) -> bool: ...
    def participates(self, municipality: str, phase: str) -> bool: ...
    def withheld(self, delegation: str, body: str) -> Withheld | None: ...
    def seat_municipality(self, body: str, person: str) -> str | None: ...
    def set_up(self, body: str) -> SetUp | None: ...
    #: Every body set up by decision on record by this day (dissolved or not).
    def set_up_names(self) -> Iterable[str]: ...


def _names(_instance: Any, attribute: Any, value: Any) -> None:
    """A set of names (a frozenset of text): a single text would match its substrings."""
    _name_set(attribute.name, value)


def _participants(_instance: Any, attribute: Any, value: Any) -> None:
    """A phase's participants: phase id -> a set of municipalities."""
    if not isinstance(value, Mapping):
        raise BadArgument(
            _(
                "{what}: a mapping of phase to names, not {value}",
                what=attribute.name,
                value=shown(value),
            )
        )
    for phase, names in value.items():
        _name_set(f"{attribute.name}[{phase!r}]", names)


def _name_set(what: str, value: object) -> None:
    if not isinstance(value, AbstractSet) or not all(isinstance(v, str) for v in value):
        raise BadArgument(
            _("{what}: a set of names (frozenset), not {value}", what=what, value=shown(value))
        )


@attrs.frozen
class StaticState:
    """A state given by hand: adopted and running phases and their participants."""

    adopted: frozenset[str] = attrs.field(default=frozenset(), validator=_names)
    running: frozenset[str] = attrs.field(default=frozenset(), validator=_names)
    participants: Mapping[str, frozenset[str]] = attrs.field(factory=dict, validator=_participants)
    #: Phases known but not (yet) adopted.
    proposed: frozenset[str] = attrs.field(default=frozenset(), validator=_names)
    #: (delegation key, body) -> why it is not in force; absent means granted.
    withheld_delegations: Mapping[tuple[str, str], Withheld] = attrs.field(factory=dict)
    #: (body, person) -> the municipality the person's seat is for.
    seats: Mapping[tuple[str, str], str] = attrs.field(factory=dict)
    #: Bodies set up by decision that exist in this state; the rest do not.
    set_up_bodies: Mapping[str, SetUp] = attrs.field(factory=dict)

    def phase_adopted(self, phase: str) -> bool:
        """Whether ``phase`` is among the adopted ones."""
        return phase in self.adopted

    def phase_running(self, phase: str) -> bool:
        """Whether ``phase`` is among the running ones."""
        return phase in self.running

    def participates(self, municipality: str, phase: str) -> bool:
        """Whether ``municipality`` is among ``phase``'s participants."""
        return municipality in self.participants.get(phase, frozenset())

    def phase_known(self, phase: str) -> bool:
        """Whether ``phase`` is adopted, proposed or has participants."""
        return phase in self.adopted or phase in self.participants or phase in self.proposed

    def known_phases(self) -> Iterable[str]:
        """Every phase the state names."""
        return self.adopted | self.running | self.proposed | set(self.participants)

    def withheld(self, delegation: str, body: str) -> Withheld | None:
        """The withholding of ``delegation`` from ``body``, if given."""
        return self.withheld_delegations.get((delegation, body))

    def seat_municipality(self, body: str, person: str) -> str | None:
        """The municipality ``person`` sits for in ``body``, if given."""
        return self.seats.get((body, person))

    def set_up(self, body: str) -> SetUp | None:
        """The record of ``body`` set up by decision, if given."""
        return self.set_up_bodies.get(body)

    def set_up_names(self) -> Iterable[str]:
        """The bodies given as set up by decision."""
        return self.set_up_bodies.keys()


#: The message of an unknown name, by its kind (``kind`` stays the English id).
_UNKNOWN = {
    "body": N_("unknown body '{name}'"),
    "power": N_("unknown power '{name}'"),
    "phase": N_("unknown phase '{name}'"),
    "area": N_("unknown area '{name}'"),
    "municipality": N_("unknown municipality '{name}'"),
    "person": N_("unknown person '{name}'"),
}


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """The hint of the nearest known name (``; did you mean 'x'?``), or ""."""
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return _("; did you mean '{name}'?", name=close[0]) if close else ""


class UnknownName(ForeningsreglerError, KeyError):
    """A name (body, power, area, municipality, phase) the statute or protocol lacks.

    ``kind`` is the English id of what the name should name; ``hint`` (a clause
    starting with ``; ``, in the current language) replaces the nearest name.
    """

    def __init__(self, kind: str, name: str, known: Iterable[str], hint: str = "") -> None:
        hint = hint or did_you_mean(name, known)
        self.kind, self.name = kind, name
        template = _UNKNOWN.get(kind)
        if template is None:
            message = _("unknown {kind} '{name}'", kind=kind, name=name)
        else:
            message = _(template, name=name)
        super().__init__(message + hint)

    def __str__(self) -> str:
        return str(self.args[0])


@attrs.frozen
class TreeNode:
    """A body in a power's delegation tree and how it got the power."""

    body: str
    step: Step
    children: tuple[TreeNode, ...] = ()
    #: Steps onward from here left out of a tree too large to show whole.
    omitted: int = 0
