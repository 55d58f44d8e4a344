"""Bodies set up by decision: who may set one up, its limits, its coordinator.

A body with ``set_up_by`` is a template the statute allows, not a body that
exists: it exists from the day the creating body sets it up (the event
``set-up-body``) until the day it dissolves it (``dissolve-body``).
"""

from __future__ import annotations

import attrs

from .citation import Cited

#: What joins a template's id and an instance's name in the instance's id.
INSTANCE_SEPARATOR = "/"


def split_instance(ref: str) -> tuple[str, str] | None:
    """(template id, instance name) of an instance id ``tmpl/name``; else None."""
    template, separator, name = ref.rpartition(INSTANCE_SEPARATOR)
    return (template, name) if separator and template and name else None


@attrs.frozen(kw_only=True)
class SetUpBy(Cited):
    """The body that may set this body up and dissolve it, under ``power``."""

    body: str
    power: str
    #: ``instances: many``: a template of which each set-up makes a body of its
    #: own, ``<body id>/<instance>``; otherwise the body exists at most once.
    many: bool = False


@attrs.frozen(kw_only=True)
class Limits(Cited):
    """What a body set up by decision may not go beyond: a budget ceiling in
    whole kroner (or, ``budget_by_decision``, the one each set-up decides, at
    most ``budget_kr``), one area, one product."""

    budget_kr: int | None = None
    budget_by_decision: bool = False
    area: str | None = None
    product: str | None = None


@attrs.frozen(kw_only=True)
class Coordinator(Cited):
    """The body that appoints the set-up body's coordinator (tovholder)."""

    appointed_by: str
