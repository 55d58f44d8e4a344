"""Property tests: random protocols never break the statute's invariants.

Events are drawn from the fixture statute's whole vocabulary -- meetings
(called in time or not, extraordinary ones demanded by members, F3 meetings
chaired or not), votes with random counts (some impossible), elections and
vacancies, the chair, phases, recommendations, proposals and consultations,
exercises of every power, delegation changes, proposals and their votes, the
founding, the start of operation and the dissolution -- with plausible and
implausible actors and data, on non-decreasing dates after a plausible start
(the association running, or only applied for and not founded yet), so that
some are accepted and many refused. Then:

- a refused event changed nothing (the record and the state on its day);
- nobody has left during a phase they joined;
- replaying the accepted events gives the same state;
- every accepted exercise of a power had a valid chain on its day;
- no act got through whose procedure was not followed: every accepted
  decision of a collegial body had a meeting of that body earlier that day
  (or the written procedure its statute allows) and a quorate vote that
  passed (the vote on a proposal: its outcome is the decision's state), a
  casting vote only from the chair the body chose, or else from who led the
  meeting, sitting; every election, vacancy and
  choice of a chair by a body had its meeting and a quorate vote that passed;
  every meeting of an F3 was led by a member of the direktion (and one that
  names who led it, by someone sitting where the leader comes from); no power
  was used before the association was founded, and nothing was accepted
  after it was dissolved; every act under a power with ``requires`` (a
  proposal only when adopted) had each prior on record earlier, on its
  matter (a transition's: its record), from the body the statute names, and
  used it up: no prior serves two decisions. This oracle is written here,
  from the statute, independently of the library's procedure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Iterator
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_procedure_support import (
    ANSKAF,
    DELEGATION,
    applied,
    called,
    decide,
    fixture_statute,
    founded,
    staffed,
)

from foreningsregler.protocol.association import Association, RuleViolation
from foreningsregler.protocol.ledger import Event, MemoryLedger
from foreningsregler.statute.model import Body, LifecycleKind, Power, Statute

STATUTE: Statute = fixture_statute()
MUNICIPALITIES = ["Sorø", "Køge", "Næstved"]
PHASES = ["fase-1", "fase-2"]
BODIES = ["generalforsamling", "bestyrelse", "direktion", "f3-it", "f14-it", "f14-social"]
PERIODS = {"fase-1": ("2016-01-01", "2016-12-31"), "fase-2": ("2017-01-01", "2017-12-31")}
START = dt.date(2015, 11, 4)  # the day after the plausible start
#: The stages a protocol starts from: mostly running, sometimes not yet founded.
STAGES = ["running", "running", "running", "applied"]
SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- The plausible start ---------------------------------------------------------------


@cache
def _start(founders: tuple[str, ...], joiners: tuple[str, ...], stage: str) -> tuple[Event, ...]:
    """``running``: founded, every body in office (the board's chair chosen),
    fase-1 adopted, ``joiners`` joined it; ``applied``: the founders have
    signed and approved, and the association is not founded yet."""
    if stage == "applied":
        return applied(STATUTE, members=founders).events
    association = staffed(founded(STATUTE, members=founders))
    phase = {"phase": "fase-1", "start": PERIODS["fase-1"][0], "end": PERIODS["fase-1"][1]}
    decide(association, "direktion", dt.date(2015, 11, 1), "propose-phase", **phase)
    decide(association, "bestyrelse", dt.date(2015, 11, 2), "recommend-phase", phase="fase-1")
    decide(association, "generalforsamling", dt.date(2015, 11, 3), "adopt-phase", phase="fase-1")
    for m in joiners:
        association.record(Event("join-phase", dt.date(2015, 11, 3), m, {"phase": "fase-1"}))
    return association.events


# --- The random tail -------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=4)
votes = st.one_of(
    st.builds(lambda n: {"present": n, "yes": n, "no": 0}, st.sampled_from([1, 2, 2, 3, 3, 4])),
    st.builds(
        lambda present, yes, no, abstain, chair: {
            "present": present,
            "yes": yes,
            "no": no,
            "abstain": abstain,
            **({"chair": chair} if chair else {}),
        },
        counts,
        counts,
        st.integers(min_value=0, max_value=2),
        st.integers(min_value=0, max_value=1),
        st.sampled_from([None, None, "yes", "no"]),
    ),
    st.sampled_from([None, {"present": 3, "yes": 2.5, "no": 0}, {"present": True, "yes": 1}]),
)
phases = st.sampled_from(PHASES)
municipalities = st.sampled_from([*MUNICIPALITIES, "Roskilde"])
areas = st.sampled_from(["it", "it", "social", None])
written = st.sampled_from([None, None, None, True])
#: Who chairs an F3 meeting: mostly a member of the direktion (who sits if a founder).
chairs = st.sampled_from(["DC Køge", "DC Sorø", "DC Næstved", None, "FC it Sorø"])
#: The members demanding an extraordinary generalforsamling, if any.
demands = st.sampled_from(
    [None, None, None, None, ["Sorø"], ["Sorø", "Køge"], ["Roskilde"], MUNICIPALITIES]
)
Act = tuple[str, str, dict[str, Any]]
#: The seats a body fills: person (by municipality) and role; staff for no member.
SEATS: dict[str, tuple[str, str]] = {
    "bestyrelse": ("KD", "kommunaldirektoer"),
    "direktion": ("DC", "digitaliseringschef"),
    "f3-it": ("FC it", "fagchef"),
    "f3-social": ("FC social", "fagchef"),
    "sekretariat": ("Staff", "sekretariatsmedarbejder"),
}
#: The body that fills each of them, by its decision.
ELECTOR = {
    "bestyrelse": "generalforsamling",
    "direktion": "bestyrelse",
    "f3-it": "f14-it",
    "f3-social": "f14-social",
    "sekretariat": "direktion",
}


def _data(**facts: Any) -> dict[str, Any]:
    return {k: v for k, v in facts.items() if v is not None}


member_acts = st.builds(
    lambda kind, m, phase: (kind, m, _data(phase=phase)),
    st.sampled_from(
        [
            "sign-declaration",
            "approve-in-principle",
            "give-notice",
            "withdraw",
            "join-phase",
            "decline-phase",
        ]
    ),
    st.sampled_from(MUNICIPALITIES),
    phases,
)


def _meeting(
    body: str,
    ahead: int | None,
    by: str,
    chair: str | None = None,
    demanded: list[str] | None = None,
) -> Act:
    """A meeting; ``ahead``: the call that many days before (filled in when dated);
    ``chair``: who chairs it; ``demanded``: the members demanding it (extraordinary)."""
    data: dict[str, Any] = {} if ahead is None else {"called_ahead": ahead, "called_by": by}
    if chair is not None:
        data["chaired_by"] = chair
    if demanded is not None:
        data.update(extraordinary=True, demanded_by=list(demanded))
    return ("hold-meeting", body, data)


def decisions(actor: str) -> st.SearchStrategy[Act]:
    """Lifecycle triggers a body decides, with random facts and votes."""
    return st.builds(
        lambda kind, phase, m, cast, letter: (
            kind,
            actor,
            _data(
                phase=phase,
                municipality=m,
                vote=cast,
                written=letter,
                **(
                    dict(zip(("start", "end"), PERIODS[phase], strict=True))
                    if "propose" in kind
                    else {}
                ),
            ),
        ),
        st.sampled_from(
            [
                "admit",
                "propose-phase",
                "recommend-phase",
                "adopt-phase",
                "reject-phase",
                "hold-founding-assembly",
                "start-operation",
                "dissolve",
            ]
        ),
        phases,
        st.sampled_from(MUNICIPALITIES),
        votes,
        written,
    )


def exercises(actor: str) -> st.SearchStrategy[Act]:
    return st.builds(
        lambda power, phase, m, area, cast, letter: (
            "exercise",
            actor,
            _data(
                power=power,
                phase=phase,
                municipality=m,
                area=area,
                vote=cast,
                written=letter,
                person=f"FC {area} {m}" if power == "meld-behov" else None,
            ),
        ),
        st.sampled_from([ANSKAF, ANSKAF, *(p.id for p in STATUTE.powers)]),
        st.one_of(phases, st.none()),
        st.one_of(municipalities, st.none()),
        areas,
        votes,
        written,
    )


def priors(actor: str) -> st.SearchStrategy[Act]:
    return st.builds(
        lambda kind, power, phase, area, cast: (
            kind,
            actor,
            _data(power=power, phase=phase, area=area, vote=cast),
        ),
        st.sampled_from(["recommend", "propose", "consult"]),
        st.sampled_from([p.id for p in STATUTE.powers if p.requires]),
        st.one_of(phases, st.none()),
        areas,
        votes,
    )


def delegations(actor: str) -> st.SearchStrategy[Act]:
    return st.builds(
        lambda kind, to, cast: (kind, actor, _data(delegation=DELEGATION, to=to, vote=cast)),
        st.sampled_from(["suspend-delegation", "grant-delegation", "revoke-delegation"]),
        st.sampled_from(["f3-it", "f3-social"]),
        votes,
    )


def proposals(actor: str) -> st.SearchStrategy[Act]:
    """Proposals of ``actor`` (p1, p2 without a power, p3 for the fee) and their votes."""
    return st.builds(
        lambda kind, proposal, cast: (
            kind,
            actor,
            _data(
                proposal=proposal,
                body=actor,
                power="fastsaet-kontingent" if proposal == "p3" else None,
                vote=cast if kind == "vote" else None,
            ),
        ),
        st.sampled_from(["draft-proposal", "put-to-vote", "vote", "vote"]),
        st.sampled_from(["p1", "p2", "p3"]),
        votes,
    )


def _seat(kind: str, actor: str, body: str, m: str, cast: Any, letter: Any = None) -> Act:
    """``kind`` (elect, vacate, choose-chair) of ``m``'s person in ``body``."""
    prefix, role = SEATS[body]
    staff = body == "sekretariat"
    return (
        kind,
        actor,
        _data(
            body=body,
            person=f"{prefix} {m}",
            municipality=m if kind == "elect" and not staff else None,
            role=role if kind == "elect" else None,
            vote=cast,
            written=letter,
        ),
    )


def elections(actor: str) -> st.SearchStrategy[Act]:
    """Elections, vacancies and chairs of any body, by ``actor``."""
    return st.builds(
        lambda kind, body, m, cast, letter: _seat(kind, actor, body, m, cast, letter),
        st.sampled_from(["elect", "elect", "vacate", "choose-chair"]),
        st.sampled_from(list(SEATS)),
        municipalities,
        votes,
        written,
    )


def _act(kind: str, actor: str, **fixed: Any) -> st.SearchStrategy[Act]:
    """``kind`` by ``actor`` with ``fixed`` facts, a random phase, municipality and vote."""
    return st.builds(
        lambda phase, m, cast: (
            kind,
            actor,
            _data(
                phase=phase,
                municipality=m,
                vote=cast,
                **(
                    dict(zip(("start", "end"), PERIODS[phase], strict=True))
                    if "propose-" in kind
                    else {}
                ),
                **fixed,
            ),
        ),
        st.sampled_from(["fase-1", "fase-1", "fase-2"]),
        st.sampled_from(MUNICIPALITIES),
        votes,
    )


def _seat_act(kind: str, actor: str, body: str) -> st.SearchStrategy[Act]:
    """``actor`` elects, vacates or chooses the chair of ``m``'s person in ``body``."""
    return st.builds(
        lambda m, cast: _seat(kind, actor, body, m, cast), st.sampled_from(MUNICIPALITIES), votes
    )


#: What each body plausibly does, so that some of it is accepted.
PLAUSIBLE: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "generalforsamling": [
        ("adopt-phase", {}),
        ("reject-phase", {}),
        ("admit", {}),
        ("hold-founding-assembly", {}),
        ("exercise", {"power": ANSKAF}),
        ("exercise", {"power": "fastsaet-kontingent"}),
        ("suspend-delegation", {"delegation": DELEGATION, "to": "f3-it"}),
        ("grant-delegation", {"delegation": DELEGATION, "to": "f3-it"}),
        ("revoke-delegation", {"delegation": DELEGATION, "to": "f3-it"}),
        ("vote", {"proposal": "p1"}),
    ],
    "bestyrelse": [
        ("recommend-phase", {}),
        ("recommend", {"power": "vedtag-faser"}),
        ("recommend", {"power": "fastsaet-kontingent"}),
        ("start-operation", {}),
        ("vote", {"proposal": "p2"}),
    ],
    "direktion": [
        ("propose-phase", {}),
        ("propose", {"power": "indstil-faser"}),
        ("propose-phase", {"written": True}),
    ],
    "f3-it": [
        ("exercise", {"power": ANSKAF, "area": "it"}),
        ("exercise", {"power": "vedtag-projektplan", "area": "it"}),
    ],
    "f14-it": [
        ("exercise", {"power": "prioriter-omraade", "area": "it"}),
        ("recommend", {"power": "vedtag-projektplan", "area": "it"}),
        ("consult", {"power": "fastsaet-kontingent"}),
    ],
    "f14-social": [
        ("recommend", {"power": "vedtag-projektplan", "area": "social"}),
        ("consult", {"power": "fastsaet-kontingent"}),
    ],
}
#: The seats each body plausibly fills, empties or chooses the chair of.
PLAUSIBLE_SEATS: dict[str, list[tuple[str, str]]] = {
    "generalforsamling": [("elect", "bestyrelse"), ("vacate", "bestyrelse")],
    "bestyrelse": [("elect", "direktion"), ("choose-chair", "bestyrelse")],
    "direktion": [("elect", "sekretariat"), ("choose-chair", "f3-it")],
    "f3-it": [],
    "f14-it": [("elect", "f3-it"), ("vacate", "f3-it")],
    "f14-social": [("elect", "f3-social")],
}


def by(actor: str) -> st.SearchStrategy[Act]:
    """An act of ``actor``: mostly one it plausibly does, else anything."""
    plausible = [_act(kind, actor, **fixed) for kind, fixed in PLAUSIBLE[actor]] + [
        _seat_act(kind, actor, body) for kind, body in PLAUSIBLE_SEATS[actor]
    ]
    anything = st.one_of(
        decisions(actor),
        exercises(actor),
        priors(actor),
        delegations(actor),
        proposals(actor),
        elections(actor),
    )
    return st.one_of(st.one_of(plausible), st.one_of(plausible), st.one_of(plausible), anything)


bodies = st.sampled_from(BODIES)
#: Who leads a meeting of each body, if the meeting says (an F3's must).
LEADERS = {
    "f3-it": chairs,
    "direktion": st.sampled_from([None, None, "DC Køge", "DC Sorø", "KD Sorø"]),
    "bestyrelse": st.sampled_from([None, None, "KD Køge", "DC Køge"]),
}
meetings = bodies.flatmap(
    lambda body: st.builds(
        _meeting,
        st.just(body),
        st.sampled_from([None, 0, 13, 14, 14, 30]),
        st.sampled_from(["bestyrelse", "bestyrelse", "direktion"]),
        LEADERS.get(body, st.sampled_from([None, None, None, "FC it Sorø"])),
        demands,
    )
)
#: A meeting and what its body does there (or a body acting without one).
sessions = meetings.flatmap(
    lambda meeting: st.lists(by(meeting[1]), min_size=1, max_size=4).map(
        lambda acts: [meeting, *acts]
    )
)
lone_acts = bodies.flatmap(by).map(lambda act: [act])
steps = st.tuples(
    st.one_of(member_acts.map(lambda act: [act]), sessions, sessions, lone_acts),
    st.one_of(st.just(0), st.integers(min_value=1, max_value=120)),
)
Step = tuple[list[Act], int]
#: Votes that are whole and mostly pass: present 1 to 3 (2 is quorate in every
#: body of two or three founders), some against.
fair_votes = st.builds(
    lambda present, no: {"present": present, "yes": max(present - no, 0), "no": no},
    st.sampled_from([1, 2, 2, 2, 3]),
    st.sampled_from([0, 0, 0, 0, 1, 2]),
)
later = st.integers(min_value=1, max_value=90)


def _assembly() -> Act:
    """A generalforsamling called 14 days ahead by the bestyrelse."""
    return _meeting("generalforsamling", 14, "bestyrelse")


def _fase_2(gap: int, votes: list[dict[str, Any]], joiner: str) -> list[Step]:
    """fase-2 proposed, recommended and adopted at three meetings, then joined."""
    period = dict(zip(("start", "end"), PERIODS["fase-2"], strict=True))
    return [
        (
            [
                _meeting("direktion", None, ""),
                ("propose-phase", "direktion", {"phase": "fase-2", **period, "vote": votes[0]}),
            ],
            gap,
        ),
        (
            [
                _meeting("bestyrelse", None, ""),
                ("recommend-phase", "bestyrelse", {"phase": "fase-2", "vote": votes[1]}),
            ],
            1,
        ),
        (
            [
                _assembly(),
                ("adopt-phase", "generalforsamling", {"phase": "fase-2", "vote": votes[2]}),
                ("join-phase", joiner, {"phase": "fase-2"}),
            ],
            1,
        ),
    ]


def _procurement(gap: int, cast: dict[str, Any], phase: str, m: str, chair: str) -> list[Step]:
    facts = {"power": ANSKAF, "phase": phase, "municipality": m, "area": "it", "vote": cast}
    return [([_meeting("f3-it", None, "", chair), ("exercise", "f3-it", facts)], gap)]


def _fee(gap: int, votes: list[dict[str, Any]], f14: str, again: bool) -> list[Step]:
    """The fee: the bestyrelse recommends, an f14 is consulted, the generalforsamling
    decides (``again``: twice, on the one recommendation and consultation)."""
    power = {"power": "fastsaet-kontingent"}
    decision = ("exercise", "generalforsamling", {**power, "vote": votes[2]})
    return [
        (
            [
                _meeting("bestyrelse", None, ""),
                ("recommend", "bestyrelse", {**power, "vote": votes[0]}),
            ],
            gap,
        ),
        ([_meeting(f14, None, ""), ("consult", f14, {**power, "vote": votes[1]})], 0),
        ([_assembly(), decision, *([decision] if again else [])], 1),
    ]


def _delegation(gap: int, cast: dict[str, Any], trigger: str, to: str) -> list[Step]:
    facts = {"delegation": DELEGATION, "to": to, "vote": cast}
    return [([_assembly(), (trigger, "generalforsamling", facts)], gap)]


def _proposal(gap: int, cast: dict[str, Any], proposal: str, body: str) -> list[Step]:
    """A proposal without a power, put to the vote of its body at its meeting."""
    drafted = {"proposal": proposal, "body": body}
    call = 14 if body == "generalforsamling" else None
    return [
        (
            [
                ("draft-proposal", body, drafted),
                ("put-to-vote", body, {"proposal": proposal}),
                _meeting(body, call, "bestyrelse"),
                ("vote", body, {"proposal": proposal, "vote": cast}),
            ],
            gap,
        )
    ]


def _fee_proposal(gap: int, votes: list[dict[str, Any]], f14: str, skip: int | None) -> list[Step]:
    """The fee as a proposal: recommended by the bestyrelse and put to an f14 (unless
    ``skip`` leaves one out), then voted on by the generalforsamling."""
    drafted = {"proposal": "p3", "body": "generalforsamling", "power": "fastsaet-kontingent"}
    priors = [
        [
            _meeting("bestyrelse", None, ""),
            ("recommend", "bestyrelse", {"proposal": "p3", "vote": votes[0]}),
        ],
        [_meeting(f14, None, ""), ("consult", f14, {"proposal": "p3", "vote": votes[1]})],
    ]
    return [
        (
            [
                ("draft-proposal", "bestyrelse", drafted),
                ("put-to-vote", "bestyrelse", {"proposal": "p3"}),
            ],
            gap,
        ),
        *[(acts, 0) for i, acts in enumerate(priors) if i != skip],
        (
            [_assembly(), ("vote", "generalforsamling", {"proposal": "p3", "vote": votes[2]})],
            1,
        ),
    ]


def _election(gap: int, cast: dict[str, Any], body: str, m: str, vacate: bool) -> list[Step]:
    """The body that fills ``body`` at its meeting: ``m``'s seat emptied first
    (``vacate``), then filled."""
    elector = ELECTOR[body]
    meeting = _assembly() if elector == "generalforsamling" else _meeting(elector, None, "")
    acts = [_seat("vacate", elector, body, m, cast)] if vacate else []
    return [([meeting, *acts, _seat("elect", elector, body, m, cast)], gap)]


def _chair_leaves(gap: int, cast: dict[str, Any], m: str) -> list[Step]:
    """The bestyrelse chooses ``m``'s member its chair, the generalforsamling
    vacates that seat, then the bestyrelse decides by the chair's casting vote
    (refused: its chair no longer sits)."""
    tie = {"present": 2, "yes": 1, "no": 1, "chair": "yes"}
    return [
        (
            [
                _meeting("bestyrelse", None, ""),
                _seat("choose-chair", "bestyrelse", "bestyrelse", m, cast),
            ],
            gap,
        ),
        ([_assembly(), _seat("vacate", "generalforsamling", "bestyrelse", m, cast)], 1),
        (
            [
                _meeting("bestyrelse", None, ""),
                ("recommend", "bestyrelse", {"power": "fastsaet-kontingent", "vote": tie}),
            ],
            1,
        ),
    ]


def _dissolution(gap: int, cast: dict[str, Any]) -> list[Step]:
    """The generalforsamling dissolves the association: nothing may follow."""
    return [([_assembly(), ("dissolve", "generalforsamling", {"vote": cast})], gap)]


def _founding(gap: int, cast: dict[str, Any], admitted: list[str]) -> list[Step]:
    """The founding generalforsamling (meeting, founding, admissions), or parts of it."""
    admit = [("admit", "generalforsamling", {"municipality": m, "vote": cast}) for m in admitted]
    founding = ("hold-founding-assembly", "generalforsamling", {"vote": cast})
    return [([_meeting("generalforsamling", None, ""), *admit, founding, *admit], gap)]


three_votes = st.lists(fair_votes, min_size=3, max_size=3)
#: Votes that pass in every body of two or three founders: for the pipelines that
#: are about something else than the vote.
passing = st.sampled_from(
    [
        {"present": 2, "yes": 2, "no": 0},
        {"present": 2, "yes": 2, "no": 0},
        {"present": 2, "yes": 1, "no": 0, "abstain": 1},
    ]
)
three_passing = st.lists(passing, min_size=3, max_size=3)
#: Fair votes or passing ones, for the pipelines whose point comes after the vote.
some_votes = st.one_of(fair_votes, passing)
#: Whole procedures, each step of which may still fail by its vote or its day.
pipelines = st.one_of(
    st.builds(_fase_2, later, three_votes, st.sampled_from(MUNICIPALITIES)),
    st.builds(_procurement, later, fair_votes, st.sampled_from(PHASES), municipalities, chairs),
    # Twice as likely as most: the one that decides twice on one pair of priors.
    *[
        st.builds(
            _fee,
            later,
            st.one_of(three_votes, three_passing),
            st.sampled_from(["f14-it", "f14-social"]),
            st.sampled_from([True, True, False]),
        )
    ]
    * 2,
    st.builds(
        _fee_proposal,
        later,
        three_votes,
        st.sampled_from(["f14-it", "f14-social"]),
        st.sampled_from([None, None, 0, 1]),
    ),
    st.builds(
        _proposal,
        later,
        fair_votes,
        st.sampled_from(["p1", "p2"]),
        st.sampled_from(["bestyrelse", "generalforsamling"]),
    ),
    st.builds(
        _delegation,
        later,
        fair_votes,
        st.sampled_from(["suspend-delegation", "grant-delegation", "revoke-delegation"]),
        st.sampled_from(["f3-it", "f3-social"]),
    ),
    st.builds(
        _election,
        later,
        fair_votes,
        st.sampled_from(list(SEATS)),
        st.sampled_from(MUNICIPALITIES),
        st.booleans(),
    ),
    # Twice as likely as the others: the one pipeline that tries the casting vote.
    *[st.builds(_chair_leaves, later, some_votes, st.sampled_from(MUNICIPALITIES))] * 2,
    # Twice as likely too: the one after which nothing may be accepted.
    *[st.builds(_dissolution, later, some_votes)] * 2,
    # Twice as likely too: it is the one that uses powers before the founding.
    *[
        st.builds(
            _founding,
            later,
            some_votes,
            st.lists(st.sampled_from(MUNICIPALITIES), max_size=3, unique=True),
        )
    ]
    * 2,
)


def _lapse(chunk: list[Step], lapse: str | None) -> list[Step]:
    """The procedure with its meetings left out, or replaced by ``written: true``."""
    if lapse is None:
        return chunk
    written = {"written": True} if lapse == "written" else {}
    return [
        (
            [
                (kind, actor, {**data, **written} if kind != "join-phase" else data)
                for kind, actor, data in acts
                if kind != "hold-meeting"
            ],
            gap,
        )
        for acts, gap in chunk
    ]


lapsed = st.builds(_lapse, pipelines, st.sampled_from([None, None, None, "dropped", "written"]))
protocols = st.tuples(
    st.lists(st.sampled_from(MUNICIPALITIES), min_size=2, max_size=3, unique=True),
    st.lists(st.sampled_from(MUNICIPALITIES), max_size=3, unique=True),
    st.lists(st.one_of(steps.map(lambda step: [step]), lapsed), min_size=1, max_size=10).map(
        lambda chunks: [step for chunk in chunks for step in chunk]
    ),
    st.sampled_from(STAGES),
)


def _events(tail: list[tuple[list[Act], int]]) -> Iterator[Event]:
    """The steps dated: each step ``gap`` days after the last, its acts on one day."""
    day = START
    for acts, gap in tail:
        day += dt.timedelta(days=gap)
        for kind, actor, data in acts:
            facts = dict(data)
            ahead = facts.pop("called_ahead", None)
            if ahead is not None:
                facts.update(called(day, days=ahead, by=facts["called_by"]))
            yield Event(kind, day, actor, facts)


def _association(
    protocol: tuple[list[str], list[str], list[Any], str],
) -> tuple[Association, list[Event]]:
    founders, joiners, tail, stage = protocol
    start = _start(
        tuple(sorted(founders)), tuple(sorted(j for j in joiners if j in founders)), stage
    )
    return Association(STATUTE, MemoryLedger(start)), list(_events(tail))


# --- (a) A refused event changes nothing --------------------------------------------------


@SETTINGS
@given(protocols)
def test_a_refused_event_changes_nothing(protocol: Any) -> None:
    association, events = _association(protocol)
    for event in events:
        before_events, before_state = association.events, association.at(event.date)
        try:
            association.record(event)
        except RuleViolation as refusal:
            assert refusal.rule
            assert association.events == before_events
            assert association.at(event.date) == before_state
        else:
            assert association.events == (*before_events, event)
        _nobody_left_mid_phase(association, event.date)
    _replay_is_identical(association)
    _every_exercise_had_a_chain(association)


def _nobody_left_mid_phase(association: Association, day: dt.date) -> None:
    state = association.at(day)
    for municipality, membership in state.membership.items():
        if membership != "withdrawn":
            continue
        for (m, phase), joined in state.participation.items():
            if m == municipality and joined == "joined":
                end = state.phases[phase].end
                assert end is not None and end < day, (municipality, phase, end, day)


def _replay_is_identical(association: Association) -> None:
    events = association.events
    again = Association(STATUTE, MemoryLedger(events))
    for day in [*sorted({e.date for e in events})[-3:], dt.date(2030, 1, 1)]:
        assert again.at(day) == association.at(day)


def _every_exercise_had_a_chain(association: Association) -> None:
    replay = Association(STATUTE)
    for event in association.events:
        if event.kind == "exercise":
            facts = {k: event.data.get(k) for k in ("phase", "municipality", "area", "person")}
            answer = replay.authority.check(
                event.actor,
                event.data["power"],
                on=event.date,
                state=replay.at(event.date),
                **facts,
            )
            assert answer.allowed and answer.chains, answer.denials
        replay.record(event)


# --- (b) No act gets through whose procedure was not followed ---------------------------------


@SETTINGS
@given(protocols)
def test_no_act_gets_through_without_its_procedure(protocol: Any) -> None:
    association, events = _association(protocol)
    for event in events:
        with contextlib.suppress(RuleViolation):
            association.record(event)
    _procedure_was_followed(association.events)


#: The association's states that mean it is founded, and its final ones.
_ASSOCIATION = next(lc for lc in STATUTE.lifecycles if lc.kind is LifecycleKind.ASSOCIATION)
FOUNDED = frozenset(s.id for s in _ASSOCIATION.states if "founded" in s.means)
ENDED = frozenset(s.id for s in _ASSOCIATION.states if s.final)
#: Events that decide who sits or chairs: a decision of the acting body.
SEAT_EVENTS = ("elect", "vacate", "choose-chair")
Prior = tuple[str, str, str, tuple[str, str] | None]


def _procedure_was_followed(events: tuple[Event, ...]) -> None:
    """The oracle: replay the accepted events, checking each against the statute."""
    replay = Association(STATUTE)
    proposals: dict[str, dict[str, Any]] = {}
    made: set[Prior] = set()  # priors made and not yet used up
    chosen: dict[str, str] = {}  # body -> the chair chosen for it
    led: dict[tuple[str, dt.date], str] = {}  # (body, day) -> who led its meeting
    first_member: dt.date | None = None  # the day the first member was admitted
    for index, event in enumerate(events):
        state = replay.at(event.date)
        replay.record(event)
        assert state.association not in ENDED, event  # nothing after the dissolution
        if first_member is None and replay.at(event.date).members:
            first_member = event.date
        if event.kind == "draft-proposal":
            proposals.setdefault(event.data["proposal"], dict(event.data))
        if event.kind == "hold-meeting":
            _chaired(event, state)
            if "chaired_by" in event.data:
                led[(event.actor, event.date)] = event.data["chaired_by"]
        body, power, judged = _decider(event, proposals)
        if body is None:
            continue
        if _uses_power(event, power):
            assert state.association in FOUNDED, event  # no power before the founding
        founding = first_member in (None, event.date)
        rule = _rule(body, power)
        passed = True
        if rule is not None:
            assert _met(events[:index], body, event), event
            chooses = body.chair is not None and body.chair.chosen_by is not None
            chair = chosen.get(body.id) if chooses else led.get((body.id, event.date))
            passed = _passes(rule, body, event.data["vote"], state, founding, chair)
            if judged:
                decided = replay.at(event.date).decisions[event.data["proposal"]].state
                assert decided == ("passed" if passed else "failed"), event
            else:
                assert passed, event
        if event.kind == "choose-chair":
            chosen[event.data["body"]] = event.data["person"]
        if event.kind in SEAT_EVENTS:
            continue
        matter = _record_matter(event) or _matter(event.data)
        if power is not None and passed:
            for requirement in power.requires:
                used = _prior_made(made, requirement, power, body, matter)
                assert used is not None, (event, requirement)
                made.discard(used)  # used up: it serves no second decision
        made |= _priors_of(event, body, power, matter, proposals, passed)


def _decider(
    event: Event, proposals: dict[str, dict[str, Any]]
) -> tuple[Body | None, Power | None, bool]:
    """The deciding body of an accepted event, the power it acts under, and
    whether its vote is judged by the decision lifecycle (not refused when it fails)."""
    bodies = {b.id: b for b in STATUTE.bodies}
    data = event.data
    if event.kind in SEAT_EVENTS:
        return bodies.get(event.actor), None, False
    if event.kind == "exercise":
        return bodies[event.actor], STATUTE.power(data["power"]), False
    if event.kind in ("recommend", "propose", "consult"):
        needing = STATUTE.power(
            data["power"] if "power" in data else _proposal_power(data, proposals)
        )
        under = next(
            r.power
            for r in needing.requires
            if r.kind.value == _PRIOR_KIND[event.kind]
            and event.actor in {b.id for b in STATUTE.instances(r.from_body)}
        )
        return bodies[event.actor], STATUTE.power(under) if under else None, False
    if event.kind == "vote":
        meta = proposals[data["proposal"]]
        power = STATUTE.power(meta["power"]) if meta.get("power") else None
        return bodies[meta["body"]], power, True
    found = _transition(event)
    if found is None or found[1].actor in (None, "member"):
        return None, None, False
    power = STATUTE.power(found[1].power) if found[1].power else None
    return bodies[event.actor], power, False


def _transition(event: Event) -> tuple[Any, Any] | None:
    """The lifecycle and a transition an accepted lifecycle event went by."""
    for lifecycle in STATUTE.lifecycles:
        for transition in lifecycle.transitions:
            if transition.trigger == event.kind:
                return lifecycle, transition
    return None


def _uses_power(event: Event, power: Power | None) -> bool:
    """Whether the event exercises a power (or makes a prior, which comes after the
    founding too): everything but a choice of seats or a chair, or a powerless act."""
    if event.kind in ("recommend", "propose", "consult"):
        return True
    return power is not None and event.kind not in SEAT_EVENTS


_PRIOR_KIND = {"recommend": "recommendation", "propose": "proposal", "consult": "consultation"}


def _proposal_power(data: Any, proposals: dict[str, dict[str, Any]]) -> str:
    return str(proposals[data["proposal"]]["power"])


def _rule(body: Body, power: Power | None) -> Any:
    if power is not None and power.individual:
        return None
    if body.size == 1:
        return None
    rule_id = (power.voting if power is not None else None) or body.voting
    return STATUTE.voting_rule(rule_id) if rule_id else None


def _met(earlier: tuple[Event, ...], body: Body, event: Event) -> bool:
    if event.data.get("written") is True and body.meetings and body.meetings.written_procedure:
        return True
    return any(
        e.kind == "hold-meeting" and e.actor == body.id and e.date == event.date for e in earlier
    )


def _sitting(state: Any, body: str) -> set[str]:
    """Who sits in ``body`` (every area's instance of a template) on the state's day."""
    return {s.person for b in STATUTE.instances(body) for s in state.seats.get(b.id, ())}


def _leader_pool(body: Body) -> str:
    """Where who leads the body's meetings sits: the body it is chaired from, or itself."""
    chair = body.chair
    return chair.from_body if chair is not None and chair.from_body else body.id


def _chaired(event: Event, state: Any) -> None:
    """A meeting of a body chaired from another body was led by someone sitting
    there; a meeting that names who led it, by someone sitting in that pool."""
    body = STATUTE.body(event.actor)
    leader = event.data.get("chaired_by")
    if leader is not None or (body.chair is not None and body.chair.from_body):
        assert leader in _sitting(state, _leader_pool(body)), event


def _passes(rule: Any, body: Body, cast: Any, state: Any, founding: bool, chair: Any) -> bool:
    """Quorate and passing, by the fixture's rules (simple majority of the votes cast);
    a casting vote only from ``chair``, sitting: the one the body chose, or who led
    the meeting where it chooses none."""
    present, yes, no = cast["present"], cast["yes"], cast["no"]
    for count in (present, yes, no, cast.get("abstain", 0)):
        assert isinstance(count, int) and not isinstance(count, bool) and count >= 0
    if body.size is not None:
        seats = body.size
        attend = len(state.seats.get(body.id, ()))
    else:
        # The members; on the founding day the founders (municipalities on record).
        on_record = sum(1 for s in state.membership.values() if s != "withdrawn")
        seats = attend = on_record if founding else len(state.members)
    assert yes + no + cast.get("abstain", 0) <= present <= attend
    quorum = rule.quorum
    needed = quorum.count if quorum.count is not None else math.ceil(quorum.fraction * seats)
    assert present >= needed  # an inquorate meeting decides nothing, either way
    if 2 * yes > yes + no:
        return True
    tie = yes == no and yes > 0
    casting = tie and rule.tie_break.value == "chair" and cast.get("chair") is not None
    if casting:
        # The chair the body chose (where it chooses one), else who led the meeting.
        assert chair in _sitting(state, _leader_pool(body)), (body.id, chair)
    return casting and cast.get("chair") == "yes"


def _matter(data: Any) -> tuple[str, str] | None:
    for key in ("proposal", "phase", "delegation", "municipality"):
        value = data.get(key)
        if isinstance(value, str) and value:
            return (key, value)
    return None


#: A transition's matter is its record: the fact naming it in each kind of lifecycle.
_RECORD_FACT = {
    LifecycleKind.PHASE: "phase",
    LifecycleKind.DECISION: "proposal",
    LifecycleKind.DELEGATION: "delegation",
    LifecycleKind.MEMBERSHIP: "municipality",
}


def _record_matter(event: Event) -> tuple[str, str] | None:
    found = _transition(event)
    if event.kind in ("exercise", "recommend", "propose", "consult") or found is None:
        return None
    key = _RECORD_FACT.get(found[0].kind)
    if key is None:
        return None
    return (key, str(event.data.get(key, event.actor)))


def _prior_made(
    made: set[Prior], requirement: Any, power: Power, body: Body, matter: Any
) -> Prior | None:
    """The prior the decision uses: from the named body (an area's own where the
    acting body has an area and the named body one there), in the statute's order."""
    named = list(STATUTE.instances(requirement.from_body))
    own = [b for b in named if b.area == body.area]
    if body.area is not None and own:
        named = own
    candidates = ((requirement.kind.value, power.id, b.id, matter) for b in named)
    return next((p for p in candidates if p in made), None)


def _priors_of(
    event: Event,
    body: Body,
    power: Power | None,
    matter: Any,
    proposals: dict[str, dict[str, Any]],
    passed: bool,
) -> set[Prior]:
    """The priors an accepted act makes: the prior event's own (for the power it
    names, or its proposal's), and every requirement made under the power it acts
    under (by a decision that passed: a rejected proposal recommends nothing)."""
    found = set()
    if event.kind in _PRIOR_KIND:
        data = event.data
        needing = data["power"] if "power" in data else _proposal_power(data, proposals)
        found.add((_PRIOR_KIND[event.kind], needing, body.id, matter))
    if power is None or not passed:
        return found
    for other in STATUTE.powers:
        for requirement in other.requires:
            if requirement.power == power.id and body.id in {
                b.id for b in STATUTE.instances(requirement.from_body)
            }:
                found.add((requirement.kind.value, other.id, body.id, matter))
    return found


# --- The happy path ----------------------------------------------------------------------


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from(MUNICIPALITIES), min_size=2, max_size=3, unique=True))
def test_a_full_story_is_accepted_for_any_founders(founders: list[str]) -> None:
    """The happy path always works, so the random tests do reach deep states."""
    events = _start(tuple(sorted(founders)), tuple(sorted(founders)), "running")
    association = Association(STATUTE, MemoryLedger(events))
    state = association.at(dt.date(2016, 6, 1))
    assert state.association == "founded"
    assert state.members == set(founders)
    assert state.phases["fase-1"].state == "running"
    assert state.participants("fase-1") == set(founders)
    assert {b for b, seats in state.seats.items() if seats} == {
        "bestyrelse",
        "direktion",
        "f14-it",
        "f14-social",
        "f3-it",
    }
