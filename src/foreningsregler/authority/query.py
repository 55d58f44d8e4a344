"""One question's facts checked against a chain's conditions, in order.

Split out of ``index``: the compiled index finds the chains, a ``Query``
says which condition of a chain the question's facts (and the protocol
state) fail first.
"""

from __future__ import annotations

import datetime as dt

import attrs

from ..i18n import _, shown_day
from ..statute.model import Body, ProvisionRef, Scope, Statute
from ..statute.setup import INSTANCE_SEPARATOR
from .answers import (
    SCOPE_TEXT,
    Answer,
    AuthorityState,
    Chain,
    Condition,
    Denial,
    Reason,
    Step,
)


def set_up_condition(body: Body) -> tuple[Condition, ...]:
    """A body set up by decision acts only while it exists: shown as a condition."""
    made = body.set_up_by
    if made is None:
        return ()
    return (Condition(None, body.id, made.provision, set_up_by=made.body),)


def as_instance(answer: Answer, body: Body) -> Answer:
    """The template's answer, given for its instance ``body``: the condition of
    being set up names the instance."""
    template = body.instance_of
    conditions = tuple(
        attrs.evolve(c, body=body.id) if c.set_up_by is not None and c.body == template else c
        for c in answer.conditions
    )
    return attrs.evolve(answer, body=body.id, conditions=conditions)


def with_instances(
    statute: Statute, bodies: tuple[str, ...], state: AuthorityState
) -> tuple[str, ...]:
    """``bodies``, each template set up as several replaced by its instances
    on record in ``state`` (none where none is)."""
    names = sorted(state.set_up_names())
    result: list[str] = []
    for body in bodies:
        found = statute.instances(body)
        if found and found[0].many:
            prefix = f"{body}{INSTANCE_SEPARATOR}"
            result.extend(n for n in names if n.startswith(prefix))
        else:
            result.append(body)
    return tuple(result)


def unknown_instance(statute: Statute, ref: str) -> str:
    """Why ``<template>/<name>`` names no body: the hint of an ``UnknownName``."""
    template, _sep, name = ref.rpartition(INSTANCE_SEPARATOR)
    found = statute.instances(template)
    if not found:
        return ""  # the template is unknown: the nearest id is the hint
    if not any(b.many for b in found):
        return _(
            "; {template} is not set up as several bodies (instances: many)", template=template
        )
    return _("; '{name}' is not an instance's name (lower-case kebab-case)", name=name)


def not_set_up(body: Body, state: AuthorityState, on: dt.date | None) -> Denial | None:
    """Why a body set up by decision does not exist in ``state``; None if it does."""
    made = body.set_up_by
    if made is None:
        return None
    if body.many:
        message = _(
            "{body} is set up as several bodies (instances: many): name one of them, {example}",
            body=body.id,
            example=f"{body.id}{INSTANCE_SEPARATOR}<instance>",
        )
        return Denial(Reason.INSTANCE_REQUIRED, message, made.provision)
    record = state.set_up(body.id)
    names = {"body": body.id, "by": made.body}
    if record is None and on is not None:
        message = _(
            "{body} is set up by decision of {by}; it has not been set up on {day}",
            day=shown_day(on),
            **names,
        )
    elif record is None:
        message = _("{body} is set up by decision of {by}; it has not been set up", **names)
    elif record.dissolved is not None:
        message = _(
            "{body} was dissolved by {by} on {day}", day=shown_day(record.dissolved), **names
        )
    else:
        return None
    return Denial(Reason.NOT_SET_UP, message, made.provision)


@attrs.frozen
class Query:
    """One question's facts, checked against a chain's conditions in order."""

    body: Body
    phase: str | None
    municipality: str | None
    area: str | None
    person: str | None
    state: AuthorityState | None

    def first_failure(self, chain: Chain) -> Denial | None:
        for condition in chain.conditions:
            denial = self._test(condition)
            if denial is not None:
                return denial
        return None

    def step_passes(self, step: Step) -> bool:
        """Whether every condition of one step holds: a chain grants the act
        when all its steps pass (no condition depends on the rest of the chain)."""
        return self.first_failure(Chain((step,))) is None

    def _test(self, condition: Condition) -> Denial | None:
        cited = condition.provision
        if condition.scope is None:
            return self._test_grant(condition)
        scope = condition.scope
        if scope is Scope.OWN_AREA:
            return self._test_area(cited)
        if scope is Scope.OWN_MUNICIPALITY:
            return self._test_municipality(cited)
        if self.phase is None:
            message = _("name the phase: {condition}", condition=_(SCOPE_TEXT[scope]))
            return Denial(Reason.PHASE_REQUIRED, message, cited)
        if scope is Scope.PARTICIPATING_MUNICIPALITIES and self.municipality is None:
            message = _("name the municipality: {condition}", condition=_(SCOPE_TEXT[scope]))
            return Denial(Reason.MUNICIPALITY_REQUIRED, message, cited)
        if self.state is None:
            return None  # the facts are there; the protocol decides the rest
        return self._test_state(scope, cited, self.state, self.phase)

    def _test_grant(self, condition: Condition) -> Denial | None:
        if self.state is None or condition.delegation is None:
            return None
        withheld = self.state.withheld(condition.delegation, condition.body)
        if withheld is None:
            return None
        names = {"delegation": condition.delegation, "body": condition.body}
        if withheld.since is None:
            message = _(
                "the delegation {delegation} to {body} is {state}", state=withheld.state, **names
            )
        else:
            message = _(
                "the delegation {delegation} to {body} is {state} since {day}",
                state=withheld.state,
                day=shown_day(withheld.since),
                **names,
            )
        return Denial(
            Reason.DELEGATION_WITHHELD, message, withheld.provision or condition.provision
        )

    def _test_area(self, cited: ProvisionRef | None) -> Denial | None:
        if self.area is None:
            message = _("name the area: {condition}", condition=_(SCOPE_TEXT[Scope.OWN_AREA]))
            return Denial(Reason.AREA_REQUIRED, message, cited)
        if self.area != self.body.area:
            message = _(
                "{body} acts only in its own area ({area}), not in {other}",
                body=self.body.id,
                area=self.body.area,
                other=self.area,
            )
            return Denial(Reason.OTHER_AREA, message, cited)
        return None

    def _test_municipality(self, cited: ProvisionRef | None) -> Denial | None:
        text = _(SCOPE_TEXT[Scope.OWN_MUNICIPALITY])
        if self.municipality is None:
            message = _("name the municipality: {condition}", condition=text)
            return Denial(Reason.MUNICIPALITY_REQUIRED, message, cited)
        if self.person is None:
            message = _("name the person who acts: {condition}", condition=text)
            return Denial(Reason.PERSON_REQUIRED, message, cited)
        if self.state is None:
            return None
        seat = self.state.seat_municipality(self.body.id, self.person)
        if seat == self.municipality:
            return None
        names = {"person": self.person, "municipality": self.municipality, "condition": text}
        if seat:
            message = _(
                "{person} sits for {seat}, not for {municipality}: {condition}", seat=seat, **names
            )
        else:
            message = _(
                "{person} has no seat in {body}, not for {municipality}: {condition}",
                body=self.body.id,
                **names,
            )
        return Denial(Reason.OTHER_MUNICIPALITY, message, cited)

    def _test_state(
        self, scope: Scope, cited: ProvisionRef | None, state: AuthorityState, phase: str
    ) -> Denial | None:
        if scope is Scope.ADOPTED_PHASES and not state.phase_adopted(phase):
            message = _("the phase {phase} has not been adopted", phase=phase)
            return Denial(Reason.PHASE_NOT_ADOPTED, message, cited)
        if scope is Scope.RUNNING_PHASES and not state.phase_running(phase):
            message = _("the phase {phase} is not running", phase=phase)
            return Denial(Reason.PHASE_NOT_RUNNING, message, cited)
        if scope is Scope.PARTICIPATING_MUNICIPALITIES:
            assert self.municipality is not None
            if not state.participates(self.municipality, phase):
                message = _(
                    "{municipality} has not joined the phase {phase}",
                    municipality=self.municipality,
                    phase=phase,
                )
                return Denial(Reason.NOT_PARTICIPATING, message, cited)
        return None
