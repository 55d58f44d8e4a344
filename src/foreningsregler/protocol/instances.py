"""Several bodies from one template set up by decision (``instances: many``).

The statute writes the template once; each ``set-up-body`` with ``instance``
makes a body of its own, ``<template>/<instance>``, which acts and is acted on
under that id. Its seats, meetings, coordinator, budget and dissolution are
kept under the instance's id, so two instances never share them. The template
itself never acts (``instance-required``); an instance that is not set up on
the day is refused as any body set up by decision is (``not-set-up``), with
the nearest instance on record where the name looks mistyped.
"""

from __future__ import annotations

import difflib
import re

from ..i18n import _
from ..statute.model import Body
from ..statute.setup import INSTANCE_SEPARATOR
from .ledger import Event
from .reading import ReplayView
from .state import RuleViolation

#: An instance's name is an id, as the statute writes its own.
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def instance_required(template: Body, what: str) -> RuleViolation:
    """The template of several instances named where one instance must be, by
    ``what``: the event that names it, quoted (``'exercise'``)."""
    made = template.set_up_by
    assert made is not None
    message = _(
        "{template} is set up as several bodies (instances: many): {what} "
        "names one of them, {instance}",
        template=template.id,
        what=what,
        instance=f"{template.id}{INSTANCE_SEPARATOR}<instance>",
    )
    return RuleViolation("instance-required", message, made.provision)


def _instance_to_set_up(template: Body) -> RuleViolation:
    """A set-up of the template of several instances that names none."""
    made = template.set_up_by
    assert made is not None
    message = _(
        "{template} is set up as several bodies (instances: many): setting it up (instance) "
        "names one of them, {instance}",
        template=template.id,
        instance=f"{template.id}{INSTANCE_SEPARATOR}<instance>",
    )
    return RuleViolation("instance-required", message, made.provision)


def check_template_named(replay: ReplayView, event: Event, refs: tuple[object, ...]) -> None:
    """No event acts as, or names, the template of several instances."""
    for ref in refs:
        body = replay.rules.set_up_bodies.get(ref) if isinstance(ref, str) else None
        if body is not None and body.many:
            raise instance_required(body, f"'{event.kind}'")


def new_instance(replay: ReplayView, template: Body, event: Event) -> Body:
    """The body a ``set-up-body`` of ``template`` makes: an instance named by
    ``instance`` where the template allows several, else the template itself."""
    made = template.set_up_by
    assert made is not None
    name = event.data.get("instance")
    if not template.many:
        if name is not None:
            message = _(
                "{template} exists at most once: it is set up without an instance",
                template=template.id,
            )
            raise RuleViolation("no-instances", message, made.provision)
        return template
    if name is None:
        raise _instance_to_set_up(template)
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        message = _(
            "an instance is named by an id (lower-case kebab-case), not {value}", value=repr(name)
        )
        raise RuleViolation("bad-data", message, made.provision)
    return replay.rules.statute.body(f"{template.id}{INSTANCE_SEPARATOR}{name}")


def nearest(replay: ReplayView, body: Body) -> str:
    """'; did you mean ...?' naming the nearest instance of the same template on
    record, where ``body`` is an instance never set up; else ''."""
    template = body.instance_of
    if template is None or body.id in replay.set_up:
        return ""
    prefix = f"{template}{INSTANCE_SEPARATOR}"
    known = sorted(b for b in replay.set_up if b.startswith(prefix))
    close = difflib.get_close_matches(body.id, known, n=1)
    return _("; did you mean '{name}'?", name=close[0]) if close else ""
