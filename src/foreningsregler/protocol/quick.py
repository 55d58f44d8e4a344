"""The quick way to judge a power exercised again on the same day.

Most events a replay judges are acts under a power (``exercise``), and most
of those repeat an act judged in full that day: an F3 starting, after one
vote, an acquisition for each participant. While nothing has changed since
(the replay's memo is cleared at any change), an act by the same body under
the same power, on the same day, with the same vote and matter, passes every
check of the day as that one did: the association not ended, the statute in
force and the association founded, the body in office, its meeting, quorum
and vote. Only the checks of the act's own facts remain: its names known and
on record, and the conditions of the chains that grant it, for those facts.

This way only ever accepts. An act it cannot read whole (a fact it does not
know, a power that needs a recommendation or spends a budget, a body set up
by decision or acting in the interim, a chain with an amount limit), or one
whose facts fail a test, goes to the full judge (``acts``), which says why.
With ``FORENINGSREGLER_VERIFY_QUICK`` set (the test suite sets it), every
quick verdict is checked against the full one.
"""

from __future__ import annotations

import os
from collections.abc import Hashable
from typing import cast

import attrs

from ..authority.answers import AuthorityState
from ..authority.entries import OWN_FACTS, Passes
from ..statute.model import Body
from .facts import counts_key
from .ledger import Event
from .reading import ReplayView
from .rules import Rules

#: The event kind this way judges.
EXERCISE = "exercise"
#: The facts it reads; an act with any other goes to the full judge.
_READ = frozenset({"power", "phase", "municipality", "area", "person", "vote", "written"})
#: Whether every quick verdict is checked against the full judge's.
VERIFY = bool(os.environ.get("FORENINGSREGLER_VERIFY_QUICK"))


@attrs.frozen(eq=False)
class Plan:
    """What the statute alone settles of one body's acts under one power."""

    body: Body
    power: str
    #: The chains' tests of the act's own area, municipality and person on the
    #: day's view (the authority's compiled ``Entry.passes_own``); None where
    #: no such test is asked. Its phase is its day key's, judged in full.
    passes: Passes | None


def plan_of(rules: Rules, actor: str, power: object) -> Plan | None:
    """The plan of ``actor``'s acts under ``power``, made once per statute; None
    where the quick way cannot judge them."""
    key = (actor, power)
    try:
        found: Plan | None = rules.quick_plans[key]
        return found
    except KeyError:
        pass
    except TypeError:  # a power that is no name
        return None
    plan = _plan(rules, actor, power) if power.__class__ is str else None
    if len(rules.quick_plans) < _PLANS_KEPT:
        rules.quick_plans[key] = plan
    return plan


#: Plans kept per statute (the pairs of a protocol are few; odd input is not kept).
_PLANS_KEPT = 4096


def _plan(rules: Rules, actor: str, power_id: str) -> Plan | None:
    body = rules.body(actor)
    if (
        power_id not in rules.power_ids
        or power_id in rules.carried
        or power_id in rules.made_under
        or body is None
        or body.interim
        or not rules.is_body(actor)
        or rules.set_up_body(actor) is not None
        or EXERCISE in rules.member_triggers
        or rules.creates.get(EXERCISE)
    ):
        return None
    power = rules.statute.power(power_id)
    rule = rules.deciding_rule(body, power)
    if power.requires or (rule is not None and not rules.reads_counts_only(body, rule)):
        return None
    entry = rules.authority.entry_of(actor, power_id)
    if entry is None or not entry.quick:
        return None
    if all(chain.max_amount_kr is not None for chain in entry.chains):
        return None  # every chain limits the amount: the act must name it
    # What ``Authority.quickly`` asks of a question its day key already
    # passed in full (the statute in force, a state of its type, the phase
    # and what it reads): only the tests of the act's own facts, which are
    # plain names it knows (checked here).
    own = entry.conditioned and any(test[0] in OWN_FACTS for test in entry.tests)
    return Plan(body, power_id, entry.passes_own if own else None)


#: What the quick way reads of an act: its plan, the key of its day's checks,
#: and its facts (phase, municipality, area, person).
Read = tuple[Plan, Hashable, tuple[str | None, str | None, str | None, str | None]]


def read(rules: Rules, event: Event) -> Read | None:
    """The plan, day key and facts of an act the quick way can read whole; None
    for any other (a fact it does not know, a name that is not plain text, a
    vote or ``written`` that is not plain). The day key holds what the checks
    of the day read: the day, the vote's counts and their types (``True == 1``,
    but a vote of ``True`` is refused), ``written`` and the matter.

    The first act of a day is read up to three times (the replay asks the
    quick way, the judge asks it again, then notes the day): the last act
    read is kept, with its statute's rules, and read once."""
    global _LAST
    last = _LAST  # one tuple, read at once: another thread may replace it
    if last[0] is event and last[1] is rules:
        return last[2]
    found = _read(rules, event)
    _LAST = (event, rules, found)
    return found


#: The last act read: (event, rules, what ``read`` found).
_LAST: tuple[object, object, Read | None] = (None, None, None)


def _read(rules: Rules, event: Event) -> Read | None:
    data = event.data
    get = data.get
    try:  # the plan made before (``plan_of``), looked up without a call
        plan: Plan | None = rules.quick_plans[(event.actor, get("power"))]
    except (KeyError, TypeError):
        plan = plan_of(rules, event.actor, get("power"))
    if plan is None or not _READ.issuperset(data):
        return None
    facts = (get("phase"), get("municipality"), get("area"), get("person"))
    for value in facts:
        if value is not None and (value.__class__ is not str or not value):
            return None
    counts = counts_key(data)
    if counts is None:
        return None
    # The matter (``facts.matter``): the phase, else the municipality, named.
    phase = facts[0]
    matter = ("phase", phase) if phase is not None else ("municipality", facts[1])
    return plan, (plan, event.date, counts, matter), facts


def accepted(replay: ReplayView, event: Event) -> bool:
    """Whether the quick way accepts ``event`` (an act under a power): its day
    judged in full already, and its own facts pass."""
    rules = replay.rules
    found = read(rules, event)
    if found is None:
        return False
    view = replay.memo.get(found[1])  # the day's view, where the day passed in full
    if view is None:
        return False
    plan, _key, (phase, municipality, area, person) = found
    named = rules.municipalities
    if municipality is not None and named and municipality not in named:
        return False
    if area is not None and area not in rules.area_ids:
        return False
    passes = plan.passes
    return passes is None or passes(phase, municipality, area, person, cast("AuthorityState", view))


def passes_quickly(replay: ReplayView, event: Event) -> bool:
    """Whether ``judge`` would accept ``event`` without a change, found the
    quick way: an act under a power, in order, repeating one its
    day already judged in full. False under ``FORENINGSREGLER_VERIFY_QUICK``,
    where ``judge`` checks every quick verdict against the full one."""
    return (
        event.kind == EXERCISE
        and not VERIFY
        and (replay.last is None or event.date >= replay.last)
        and accepted(replay, event)
    )


def note_day(replay: ReplayView, event: Event) -> None:
    """The full judge accepted ``event`` (an act under a power) and changed
    nothing: the checks of its day pass for its body, power, vote and matter
    until the next change."""
    found = read(replay.rules, event)
    if found is not None:  # the memo is emptied at any change, the views at some
        replay.memo[found[1]] = replay.view(event.date)
