"""Authority benchmark: ``Authority.check`` against fair baselines, in one run.

On the bundled statute every (body, power) is asked with the facts its
conditions read (phases, municipalities, areas, a person), all against one
protocol state (``state_of``: phases adopted and running, participants, a
seat, one delegation withheld, all bodies set up by decision but one).
Four ways answer every question, and the run fails unless they agree on
every one:

- ``Authority.check``, the compiled index;
- a plain search over the ``Statute`` objects per question, as a competent
  developer writes it with nothing precomputed: the power's delegations
  gathered in one pass, then a depth-first search over (body, may pass on),
  each scope tested once per question;
- pycasbin's ``FastEnforcer`` on an RBAC-with-domains policy (a role per
  chain, granted in the domains and objects where the chain's conditions
  hold on ``STATE``), with ``g()`` last in the matcher and the cache key
  order that filters the policy by action, domain and object;
- the old naive search of the networkx graph (scopes re-parsed per edge).

Warm figures are the median (and spread) of several interleaved rounds of the
mean time per call; cold figures time the first call of each question on a
fresh index; allowed and refused questions are timed apart. Generated
statutes growing ten times a step measure compile and check with allowable
questions only, and two delegation shapes that once compiled in exponential
time (a ladder of 40 levels of two bodies, 30 bodies delegating to each
other) measure compile, the first check and the linter.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/authority.py [--quick]

Prints one JSON line per statute (the first: the bundled statute and the
shapes) and, without --quick, rewrites the "Authority" section of
docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import itertools
import json
import math
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import casbin
from _authority_baselines import (
    CACHE_KEY_ORDERS,
    Question,
    casbin_answer,
    casbin_enforcer,
    naive_answer,
    plain_answer,
)
from _authority_shapes import clique, generated, ladder
from _report import replace_section

import foreningsregler as fr
from foreningsregler.authority.answers import SetUp, StaticState, Withheld
from foreningsregler.authority.index import Authority
from foreningsregler.checks import check as lint_statute
from foreningsregler.i18n import language, use_language
from foreningsregler.statute.model import Scope, Statute

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
K14 = [
    "Greve",
    "Guldborgsund",
    "Holbæk",
    "Kalundborg",
    "Køge",
    "Lejre",
    "Lolland",
    "Næstved",
    "Odsherred",
    "Ringsted",
    "Roskilde",
    "Slagelse",
    "Solrød",
    "Sorø",
]
PHASES = ("fase-1", "fase-2", "fase-3")
MUNICIPALITIES = ("Sorø", "Greve")
PERSON = "anne"
Method = Callable[[Question], bool]


def state_of(statute: Statute) -> StaticState:
    """The protocol's state every question is asked against."""
    seats = {(b.id, PERSON): "Sorø" for b in statute.bodies}
    made = [b.id for b in statute.bodies if b.set_up_by is not None and not b.many]
    withheld = {}
    for delegation in statute.delegations[:1]:
        target = statute.instances(delegation.to_body)[-1].id
        withheld[(delegation.key, target)] = Withheld("suspenderet", None, delegation.provision)
    return StaticState(
        adopted=frozenset({"fase-1", "fase-2"}),
        running=frozenset({"fase-1"}),
        participants={"fase-1": frozenset(K14), "fase-2": frozenset(K14[:7])},
        proposed=frozenset({"fase-3"}),
        seats=seats,
        withheld_delegations=withheld,
        set_up_bodies={body: SetUp(body, dt.date(2024, 1, 1)) for body in made[:-1]},
    )


# --- Questions and timing ---------------------------------------------------------


_PHASE_SCOPES = {Scope.ADOPTED_PHASES, Scope.RUNNING_PHASES, Scope.PARTICIPATING_MUNICIPALITIES}


def bundled_questions(statute: Statute) -> list[Question]:
    """Every (body, power), with every combination of the facts its conditions read."""
    areas = [a.id for a in statute.areas]
    questions: list[Question] = []
    for power in statute.powers:
        scopes = set(power.scope).union(
            *(d.scope for d in statute.delegations if d.power == power.id)
        )
        for body in statute.bodies:
            dimensions: list[list[dict[str, str]]] = []
            if scopes & _PHASE_SCOPES or Scope.OWN_MUNICIPALITY in scopes:
                dimensions.append([{"municipality": m} for m in MUNICIPALITIES])
            if scopes & _PHASE_SCOPES:
                dimensions.append([{"phase": p} for p in PHASES])
            if Scope.OWN_AREA in scopes:
                own = body.area or areas[0]
                dimensions.append([{"area": own}, {"area": next(a for a in areas if a != own)}])
            if Scope.OWN_MUNICIPALITY in scopes:
                dimensions.append([{"person": PERSON}])
            for combination in itertools.product(*dimensions):
                facts: dict[str, str] = {}
                for part in combination:
                    facts |= part
                questions.append(
                    Question(
                        body.id,
                        power.id,
                        facts.get("phase"),
                        facts.get("municipality"),
                        facts.get("area"),
                        facts.get("person"),
                    )
                )
    return questions


def check_method(authority: Authority, state: StaticState) -> Method:
    def answer(q: Question) -> bool:
        return authority.check(
            q.body,
            q.power,
            phase=q.phase,
            municipality=q.municipality,
            area=q.area,
            person=q.person,
            state=state,
        ).allowed

    return answer


def per_call_us(answer: Method, questions: list[Question], seconds: float = 0.0) -> float:
    """The mean time of one call over the questions, in microseconds; with
    ``seconds``, the questions are asked over and over for about that long
    (after one pass that is not timed), so a fast method is not timed on a
    few microseconds alone, nor on caches the method before it left cold."""
    repeat = 1
    if seconds:
        start = time.perf_counter()
        for question in questions:
            answer(question)
        repeat = max(1, round(seconds / max(time.perf_counter() - start, 1e-9)))
    start_ns = time.perf_counter_ns()
    for _ in range(repeat):
        for question in questions:
            answer(question)
    return (time.perf_counter_ns() - start_ns) / len(questions) / repeat / 1000


def interleaved(
    methods: dict[str, Method], sets: dict[str, list[Question]], rounds: int
) -> dict[str, list[float]]:
    """Per method and question set, the mean time per call of each round; the
    methods take turns within a round, each round starting with the next one."""
    samples: dict[str, list[float]] = {f"{m}/{s}": [] for m in methods for s in sets}
    names = list(methods)
    for number in range(rounds):
        for name in names[number % len(names) :] + names[: number % len(names)]:
            for label, questions in sets.items():
                if questions:
                    sample = per_call_us(methods[name], questions, seconds=0.02)
                    samples[f"{name}/{label}"].append(sample)
    return samples


def fastest_enforcer(
    statute: Statute, state: StaticState, questions: list[Question]
) -> tuple[tuple[int, ...], Any]:
    """FastEnforcer with the cache key order that answers these questions fastest
    (the best of three interleaved passes over every order)."""
    enforcers = {
        order: casbin_enforcer(statute, state, questions, casbin.FastEnforcer, order)
        for order in CACHE_KEY_ORDERS
    }
    times: dict[tuple[int, ...], list[float]] = {order: [] for order in enforcers}
    for _ in range(3):
        for order, enforcer in enforcers.items():
            answer = functools.partial(casbin_answer, enforcer)
            times[order].append(per_call_us(answer, questions))
    best = min(times, key=lambda order: min(times[order]))
    return best, enforcers[best]


def _evaluated(authority: Authority, state: StaticState, q: Question) -> bool:
    """Whether the answer evaluated conditions on the state (the pair has some)."""
    facts = {"phase": q.phase, "municipality": q.municipality, "area": q.area, "person": q.person}
    return authority.check(q.body, q.power, state=state, **facts).evaluated


def cold_us(
    statute: Statute, state: StaticState, questions: list[Question], rounds: int
) -> list[float]:
    """The first call of each question on a fresh index, per round."""
    samples = []
    for _ in range(rounds):
        answer = check_method(Authority(statute), state)
        samples.append(per_call_us(answer, questions))
    return samples


def compile_s(statute: Statute, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        Authority(statute)
        samples.append(time.perf_counter() - start)
    return samples


def agreeing(
    questions: list[Question], methods: dict[str, Method]
) -> tuple[list[Question], list[Question]]:
    """The allowed and the refused questions; exits where the methods disagree."""
    allowed, refused, disagreeing = [], [], []
    for question in questions:
        answers = {name: method(question) for name, method in methods.items()}
        if len(set(answers.values())) != 1:
            disagreeing.append((question, answers))
        (allowed if answers["check"] else refused).append(question)
    if disagreeing:
        raise SystemExit(f"the answers disagree on {len(disagreeing)}: {disagreeing[:3]}")
    return allowed, refused


def spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


# --- The bundled statute --------------------------------------------------------------


def bundled(rounds: int) -> tuple[dict[str, object], dict[str, dict[str, float]]]:
    statute = fr.load(BUNDLED)
    state = state_of(statute)
    authority = Authority(statute)
    methods: dict[str, Method] = {
        "check": check_method(authority, state),
        "plain": lambda q: plain_answer(statute, state, q),
        "casbin": lambda q: casbin_answer(enforcer, q),
        "naive": lambda q: naive_answer(statute, graph, state, q),
    }
    questions = bundled_questions(statute)
    graph = authority.graph
    order, enforcer = fastest_enforcer(statute, state, questions)
    allowed, refused = agreeing(questions, methods)
    conditioned = [q for q in allowed if _evaluated(authority, state, q)]
    fresh = max(rounds, 15)  # a cold pass is short: more of them
    cold = {
        "allowed": cold_us(statute, state, allowed, fresh),
        "conditioned": cold_us(statute, state, conditioned, fresh),
        "refused": cold_us(statute, state, refused, fresh),
    }
    sets = {"allowed": allowed, "conditioned": conditioned, "refused": refused}
    warm = interleaved(methods, sets, rounds)
    with use_language(language()):  # the language chosen: no look-up of the environment
        warm["check-chosen/refused"] = [
            per_call_us(methods["check"], refused, seconds=0.02) for _ in range(rounds)
        ]
    figures = {key: spread(values) for key, values in warm.items()}
    figures |= {f"check-cold/{key}": spread(values) for key, values in cold.items()}
    figures["compile"] = spread(compile_s(statute, rounds))
    m = {key: value["median"] for key, value in figures.items()}
    row: dict[str, object] = {
        "statute": "bundled",
        "check_us": round(m["check/allowed"], 3),
        "check_cold_us": round(m["check-cold/allowed"], 3),
        "plain_search_us": round(m["plain/allowed"], 3),
        "casbin_fast_us": round(m["casbin/allowed"], 2),
        "naive_us": round(m["naive/allowed"], 2),
        "compile_s": round(m["compile"], 5),
        "check_conditioned_us": round(m["check/conditioned"], 3),
        "check_conditioned_cold_us": round(m["check-cold/conditioned"], 3),
        "plain_search_conditioned_us": round(m["plain/conditioned"], 3),
        "casbin_fast_conditioned_us": round(m["casbin/conditioned"], 2),
        "check_refused_us": round(m["check/refused"], 3),
        "check_refused_cold_us": round(m["check-cold/refused"], 3),
        "plain_search_refused_us": round(m["plain/refused"], 3),
        "casbin_fast_refused_us": round(m["casbin/refused"], 2),
        "naive_refused_us": round(m["naive/refused"], 2),
        "check_refused_language_chosen_us": round(m["check-chosen/refused"], 3),
        "questions": len(questions),
        "allowed": len(allowed),
        "conditioned": len(conditioned),
        "refused": len(refused),
        "casbin_cache_key_order": list(order),
        "bodies": len(statute.bodies),
        "powers": len(statute.powers),
        "delegations": len(statute.delegations),
    }
    return row, figures


# --- Generated statutes: growth, with allowable questions only --------------------------


def growth(step: int, rounds: int, rng: random.Random) -> dict[str, object]:
    text = generated(step)
    statute = fr.loads(text, name=f"generated-{step}", max_bytes=len(text.encode()) + 1)
    state = state_of(statute)
    authority = Authority(statute)
    graph = authority.graph
    powers = [p.id for p in statute.powers]
    questions = []
    for _ in range(2000):
        power = rng.choice(powers)
        body = rng.choice(authority.list_bodies(power))
        questions.append(Question(body, power, "fase-1", "Sorø"))
    few = questions[: 2000 if step <= 10 else 200 if step <= 100 else 20]
    methods: dict[str, Method] = {
        "check": check_method(authority, state),
        "plain": lambda q: plain_answer(statute, state, q),
        "naive": lambda q: naive_answer(statute, graph, state, q),
    }
    _allowed, refused = agreeing(few, methods)
    if refused or not all(check_method(authority, state)(q) for q in questions):
        raise SystemExit(f"generated x{step}: a question meant to be allowed is refused")
    warm = interleaved({"check": methods["check"]}, {"all": questions}, rounds)
    slow = interleaved(
        {"plain": methods["plain"], "naive": methods["naive"]}, {"all": few}, min(rounds, 3)
    )
    return {
        "statute": f"generated x{step}",
        "bodies": len(statute.bodies),
        "powers": len(statute.powers),
        "delegations": len(statute.delegations),
        "check_us": round(statistics.median(warm["check/all"]), 3),
        "check_cold_us": round(
            statistics.median(cold_us(statute, state, questions, 15 if step <= 100 else 3)), 3
        ),
        "plain_search_us": round(statistics.median(slow["plain/all"]), 2),
        "naive_us": round(statistics.median(slow["naive/all"]), 2),
        "compile_s": round(statistics.median(compile_s(statute, 3 if step < 1000 else 1)), 5),
    }


# --- Delegation shapes that were exponential ---------------------------------------------


def shapes() -> dict[str, object]:
    """Compile, the first check of the last body (with a state) and the linter,
    for a ladder of 40 levels and a clique of 30 bodies; load is shown apart."""
    row: dict[str, object] = {}
    for name, text in (("ladder40", ladder(40)), ("clique30", clique(30))):
        start = time.perf_counter()
        statute = fr.loads(text, name=name, max_bytes=len(text.encode()) + 1)
        loaded = time.perf_counter()
        authority = Authority(statute)
        compiled = time.perf_counter()
        answer = authority.check(statute.bodies[-1].id, "beslut", state=StaticState())
        checked = time.perf_counter()
        findings = lint_statute(statute)
        linted = time.perf_counter()
        if not answer.allowed:
            raise SystemExit(f"{name}: the last body may not exercise the power")
        row |= {
            f"{name}_load_s": round(loaded - start, 4),
            f"{name}_compile_s": round(compiled - loaded, 4),
            f"{name}_check_s": round(checked - compiled, 4),
            f"{name}_lint_s": round(linted - checked, 4),
            f"{name}_e602": sum(f.code == "E602" for f in findings),
            f"{name}_chains": len(answer.chains) + answer.more_chains,
            f"{name}_chains_exact": answer.more_chains_exact,
        }
    return row


# --- Report ----------------------------------------------------------------------------------


def _cell(figure: dict[str, float], digits: int = 2) -> str:
    return (
        f"{figure['median']:.{digits}f} ({figure['min']:.{digits}f} to {figure['max']:.{digits}f})"
    )


def _target(ratio: float, goal: float) -> str:
    return "met" if ratio >= goal else f"**missed** (target {goal:g}x)"


def write_report(
    first: dict[str, object],
    figures: dict[str, dict[str, float]],
    rows: list[dict[str, object]],
    rounds: int,
    command: str,
) -> None:
    m = {key: value["median"] for key, value in figures.items()}
    kinds = (
        ("allowed", "allowed"),
        ("conditioned", "allowed, conditions evaluated on the state"),
        ("refused", "refused"),
    )
    table = [
        "| questions | n | check warm µs | check cold µs | plain search µs | "
        "FastEnforcer µs | networkx search µs |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for key, label in kinds:
        table.append(
            f"| {label} | {first[key]} | {_cell(figures[f'check/{key}'], 3)} | "
            f"{_cell(figures[f'check-cold/{key}'], 3)} | {_cell(figures[f'plain/{key}'])} | "
            f"{_cell(figures[f'casbin/{key}'], 1)} | {_cell(figures[f'naive/{key}'], 1)} |"
        )
    ratios = []
    for key, label in kinds:
        check = m[f"check/{key}"]
        plain, fast = m[f"plain/{key}"] / check, m[f"casbin/{key}"] / check
        cold = m[f"check-cold/{key}"] / check
        targeted = key != "refused"  # the targets are set for allowed questions
        ratios.append(
            f"| {label} | {plain:.1f}x"
            + (f": {_target(plain, 5)}" if targeted else " (no target)")
            + f" | {fast:.0f}x"
            + (f": {_target(fast, 50)}" if targeted else " (no target)")
            + f" | {cold:.2f}: "
            + ("met" if cold <= 3 else "**missed** (target at most 3)")
            + " |"
        )
    growth_rows = [
        "| statute | bodies | powers | delegations | check µs | check cold µs | "
        "plain search µs | networkx search µs | compile s | compile s / (n log n) x 1e6 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        n = sum(int(str(row[k])) for k in ("bodies", "powers", "delegations"))
        per = float(str(row["compile_s"])) / (n * math.log(n)) * 1e6
        growth_rows.append(
            f"| {row['statute']} | {row['bodies']} | {row['powers']} | {row['delegations']} | "
            f"{row['check_us']} | {row['check_cold_us']} | {row['plain_search_us']} | "
            f"{row['naive_us']} | {row['compile_s']} | {per:.3f} |"
        )
    shape_rows = [
        "| shape | load s | compile s | first check s | lint s (all rules) | E602 | chains |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, label in (("ladder40", "ladder, 40 levels of 2"), ("clique30", "clique of 30")):
        total = sum(float(str(first[f"{name}_{k}_s"])) for k in ("compile", "check", "lint"))
        exact = "" if first[f"{name}_chains_exact"] else "at least "
        shape_rows.append(
            f"| {label} | {first[f'{name}_load_s']} | {first[f'{name}_compile_s']} | "
            f"{first[f'{name}_check_s']} | {first[f'{name}_lint_s']} | {first[f'{name}_e602']} | "
            f"{exact}{first[f'{name}_chains']:,} |"
            + ("" if total < 1 else " **missed**: over a second |")
        )
    body = "\n".join(
        [
            "## Authority (check)",
            "",
            f"Measured {time.strftime('%Y-%m-%d')} on {_machine()}, with `{command}`: "
            f"{first['questions']} questions on the bundled statute, every (body, power) with the "
            "facts its conditions read, against one state (phases adopted and running, their "
            "participants, a seat, one delegation withheld, every body set up by decision but "
            "one); `check`, the plain search, pycasbin's FastEnforcer and the networkx search "
            "agree on every answer. Each figure is the median (and the spread, lowest to "
            f"highest) of {rounds} interleaved rounds of the mean time per call (each set of "
            "questions asked over and over for about 20 ms); cold is the first call of each "
            "question on a fresh index. "
            f"Compile: {_cell(figures['compile'], 5)} s.",
            "",
            *table,
            "",
            "| questions | vs plain search (target 5x) | vs FastEnforcer (target 50x) | "
            "cold / warm (target at most 3) |",
            "|---|---|---|---|",
            *ratios,
            "",
            "The plain search reads the `Statute` objects per question (the power's delegations "
            "gathered in one pass, a depth-first search over body and whether it may pass the "
            "power on, each scope tested once); FastEnforcer has `g()` last in its matcher and "
            "its policy cache keyed by the two request fields that measured fastest "
            f"(cache key order {first['casbin_cache_key_order']}, of the six pairs of domain, "
            "object and action), on a policy written for this one state. Refusals by the "
            "statute are kept in a memo of at most 4,096 answers (the oldest dropped "
            "first); their text is in the reader's language, so each costs a look-up of the "
            "language, which reads up to four environment variables where no language is "
            "chosen: with one chosen (`use_language`, or `--lang` on the command line) a "
            f"refusal takes {_cell(figures['check-chosen/refused'], 3)} µs"
            + (
                ", else more than the plain search's refusal, which says nothing."
                if m["check/refused"] > m["plain/refused"]
                else "."
            ),
            "",
            "Generated statutes, allowable questions only (2,000 random pairs some chain "
            "joins, with facts that satisfy their conditions; the baselines on the first "
            "2,000/200/20 of them as the statute grows):",
            "",
            *growth_rows,
            "",
            "Delegation shapes that compiled in exponential time before (a ladder of 20 levels "
            "took 41 s and 804 MB; 10 bodies delegating to each other 56 s and 1.9 GB, with "
            "1,112,073 E602 findings): compile, the first `check` of the last body on a state, "
            "and the whole linter (`foreningsregler.checks.check`); loading the YAML is shown "
            "apart. Chains are listed 20 at most; the rest are counted (exactly by dynamic "
            "programming where the delegations have no circle, up to 1,000 where they do). "
            "Target: compile, check and lint under a second each shape.",
            "",
            *shape_rows,
            "",
            "",
        ]
    )
    replace_section("## Authority (check)", body)


def _machine() -> str:
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} cores ({platform.machine()}, shared; load average {load:.1f} "
        f"at the end), Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and sizes")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds")
    args = parser.parse_args()
    rounds = args.rounds or (3 if args.quick else 9)
    first, figures = bundled(rounds)
    first |= shapes()
    print(json.dumps(first), flush=True)
    rng = random.Random(7)
    rows = []
    for step in (1, 10, 100) if args.quick else (1, 10, 100, 1000):
        rows.append(growth(step, rounds, rng))
        print(json.dumps(rows[-1]), flush=True)
    if not args.quick:
        command = "python benchmarks/authority.py" + (
            f" --rounds {args.rounds}" if args.rounds else ""
        )
        write_report(first, figures, rows, rounds, command)


if __name__ == "__main__":
    main()
