"""Scenarios: the municipalities, their populations and behaviour, the years,
the phases and their budgets, and the money, read from a scenario file and
checked (``load_scenario``); what ``simulation`` runs through a statute.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import attrs

from ..authority.answers import did_you_mean
from ..i18n import N_, _, shown_day
from ..protocol.ledger import EARLIEST, LATEST
from ..statute.loading import load, read_document
from ..statute.names import name_problem, normalise_name
from ..statute.problems import Finding, StatuteError
from ..statute.validation import SCENARIO_SCHEMA_FILE
from .behaviour import FlowPlan, read_flows
from .money import region_sjaelland_2023

_UNITS = {"tkr": 100_000, "kr": 100, "oere": 1}
#: The years a scenario may span, founding to its last year: those an event may
#: carry (``ledger.EARLIEST`` to ``LATEST``), less the months a run begins
#: before its founding.
FIRST_YEAR, LAST_YEAR = EARLIEST.year + 1, LATEST.year
_NO_POPULATION = N_(
    "no population for {name}: give it, or name a municipality of Region Sjælland{hint}"
)
_NOT_A_MEMBER = N_("{name} is not a member the statute names{hint}")


def _out_of_range(day: dt.date | str) -> str:
    """E804: a day a scenario cannot carry (its years are those an event may carry)."""
    shown = shown_day(dt.date.fromisoformat(day)) if isinstance(day, str) else shown_day(day)
    return _(
        "the date {day} is not within the years {first} to {last}",
        day=shown,
        first=FIRST_YEAR,
        last=LAST_YEAR,
    )


@attrs.frozen
class Municipality:
    name: str
    population: int
    joins: float = 1.0
    gives_notice: float = 0.0


@attrs.frozen
class PhasePlan:
    id: str
    start: dt.date
    end: dt.date
    budget: int  # øre
    name: str | None = None


@attrs.frozen
class Scenario:
    """A scenario file, checked: every amount in øre, every population known."""

    statute: Path
    municipalities: tuple[Municipality, ...]
    founding: dt.date
    years: int
    phases: tuple[PhasePlan, ...]
    running_costs: int = 0
    fee_per_inhabitant: int = 0
    population_source: str = ""
    flows: FlowPlan | None = None


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and check a scenario; StatuteError with every problem and its place."""
    parsed = read_document(path, SCENARIO_SCHEMA_FILE)
    data = cast(dict[str, Any], parsed.data)
    name = os.fspath(path)
    table = region_sjaelland_2023()
    problems: list[Finding] = []

    def problem(code: str, message: str, where: tuple[str | int, ...]) -> None:
        place = parsed.value_at(where)
        line, column = (place.line, place.column) if place else (None, None)
        problems.append(Finding(code, message, name, line, column))

    named = _named_members(Path(name).parent / data["statute"])
    municipalities: list[Municipality] = []
    for index, spec in enumerate(data["municipalities"]):
        where = ("municipalities", index, "name")
        invisible = name_problem(spec["name"])
        if invisible is not None:
            problem("E330", invisible, where)
            continue
        town = normalise_name(spec["name"])
        people = spec.get("population", table.counts.get(town))
        if people is None:
            hint = did_you_mean(town, table.counts)
            problem("E801", _(_NO_POPULATION, name=town, hint=hint), where)
            continue
        if town in {m.name for m in municipalities}:
            problem("E803", _("{name} is named twice", name=town), where)
        elif named and town not in named:
            problem("E805", _(_NOT_A_MEMBER, name=town, hint=did_you_mean(town, named)), where)
        municipalities.append(
            Municipality(town, people, spec.get("joins", 1.0), spec.get("gives_notice", 0.0))
        )
    for at in (("founding",), ("population", "on")):
        day = data.get(at[0])
        day = day.get("on") if isinstance(day, dict) else day
        if day is not None and not FIRST_YEAR <= dt.date.fromisoformat(day).year <= LAST_YEAR:
            problem("E804", _out_of_range(day), at)
    founding = dt.date.fromisoformat(data["founding"])
    # A founding out of range is E804; its phases are then not compared with it.
    sane = FIRST_YEAR <= founding.year <= LAST_YEAR
    last = dt.date(founding.year + data["years"], 12, 31) if sane else dt.date.max
    if sane and last.year > LAST_YEAR:
        problem("E804", _out_of_range(last), ("years",))
    phases = []
    for index, spec in enumerate(data["phases"]):
        start, end = dt.date.fromisoformat(spec["start"]), dt.date.fromisoformat(spec["end"])
        if sane and not founding < start <= end <= last:
            message = _(
                "the phase {phase} ({start} to {end}) is not within the "
                "scenario's years ({founding} to {last})",
                phase=spec["id"],
                start=shown_day(start),
                end=shown_day(end),
                founding=shown_day(founding),
                last=shown_day(last),
            )
            problem("E802", message, ("phases", index, "start"))
        phases.append(PhasePlan(spec["id"], start, end, _oere(spec["budget"]), spec.get("name")))
    flows = read_flows(data, problem, municipalities, name)
    if problems:
        raise StatuteError(problems)
    source = data.get("population", {}).get("source", table.source)
    return Scenario(
        statute=Path(name).parent / data["statute"],
        municipalities=tuple(municipalities),
        founding=founding,
        years=data["years"],
        phases=tuple(sorted(phases, key=lambda p: p.start)),
        running_costs=_oere(data.get("running_costs", {"oere": 0})),
        fee_per_inhabitant=_oere(data.get("fee", {"oere": 0})),
        population_source=source,
        flows=flows,
    )


def _named_members(path: Path) -> frozenset[str]:
    """The members the scenario's statute names (``membership.municipalities`` and
    ``members``); none where it names none, or cannot be loaded: loading it to
    simulate then says why."""
    try:
        facts = os.stat(path)
    except OSError:
        return frozenset()
    return _members_of(os.fspath(path), facts.st_mtime_ns, facts.st_size)


@functools.lru_cache(maxsize=8)
def _members_of(path: str, _mtime: int, _size: int) -> frozenset[str]:
    # Keyed by the file's time and size too, so an edited statute is read again.
    try:
        membership = load(path).membership
    except StatuteError:
        return frozenset()
    return membership.names if membership is not None else frozenset()


def _oere(money: Mapping[str, int]) -> int:
    [(unit, amount)] = money.items()
    return amount * _UNITS[unit]
