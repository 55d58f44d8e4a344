"""The consequence of a change for competence: who may decide what, before and after.

``answers`` asks ``Authority`` of one statute every (body, power) it allows
and keeps what each answer means (``Competence``: its chains of steps, the
conditions, what the decision needs first, how the body decides), without the
provisions cited, so renumbering changes nothing. ``competence_changes`` gives
every pair whose meaning differs between two statutes, old and new (None where
a side refuses it), and says it in sentences (``sentences``) that cite the
provisions of the chains and requirements that appeared or disappeared.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

import attrs

from ..authority.answers import Answer, Chain, Condition, Requirement, Step
from ..authority.index import Authority
from ..authority.wording import and_list, required
from ..i18n import _
from ..statute.model import Statute
from .meaning import Json, meaning

Pair = tuple[str, str]


@attrs.frozen
class Competence:
    """What an answer that allows the act means: its chains (each a tuple of
    steps), conditions, requirements and procedure, as comparable texts."""

    chains: tuple[tuple[str, ...], ...]
    conditions: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    procedure: str | None = None

    def to_json(self) -> dict[str, Json]:
        return {
            "chains": [list(c) for c in self.chains],
            "conditions": list(self.conditions),
            "requires": list(self.requires),
            "procedure": self.procedure,
        }


def _step_key(step: Step) -> str:
    verb = "holds" if step.kind.value == "holds" else "delegates-to"
    parts = [step.source, verb, step.target]
    if step.scope:
        parts.append("within:" + ",".join(sorted(step.scope)))
    if step.subdelegation:
        parts.append("may-pass-on")
    if step.delegation is not None:
        parts.append("granted-by-decision")
    if step.max_amount_kr is not None:
        parts.append(f"max-kr:{step.max_amount_kr}")
    return " ".join(parts)


def _condition_key(c: Condition) -> str:
    return " ".join(
        str(v)
        for v in (c.scope, c.body, c.delegation, c.set_up_by, c.max_amount_kr)
        if v is not None
    )


def _requirement_key(r: Requirement) -> str:
    return " ".join([r.kind, r.body, r.power or "-", "chair" if r.chair else "vote"])


def competence(statute: Statute, answer: Answer) -> Competence:
    """The meaning of an answer that allows the act."""
    procedure = None
    if answer.procedure is not None:
        rule = meaning(statute.voting_rule(answer.procedure.voting_rule))
        written = " written" if answer.procedure.written_allowed else ""
        shown = json.dumps(rule, sort_keys=True, ensure_ascii=False)
        procedure = f"{answer.procedure.voting_rule}{written} {shown}"
    return Competence(
        tuple(sorted(tuple(_step_key(s) for s in c.steps) for c in answer.chains)),
        tuple(sorted(_condition_key(c) for c in answer.conditions)),
        tuple(sorted(_requirement_key(r) for r in answer.requires)),
        procedure,
    )


def allowed_answers(authority: Authority) -> dict[Pair, Answer]:
    """Every (body, power) the statute allows by some chain, with its answer."""
    return {
        (body.id, power): authority.check(body.id, power)
        for body in authority.statute.bodies
        for power in authority.list_powers(body.id)
    }


def answers(statute: Statute, authority: Authority | None = None) -> dict[Pair, Competence]:
    """What each (body, power) the statute allows means (refused pairs are absent)."""
    found = allowed_answers(authority or Authority(statute))
    return {pair: competence(statute, a) for pair, a in found.items() if a.allowed}


@attrs.frozen
class CompetenceChange:
    """A (body, power) whose answer differs: old and new (None: refused), the
    answers themselves for their provisions, and the names to say it with."""

    body: str
    power: str
    old: Competence | None
    new: Competence | None
    old_answer: Answer | None = attrs.field(default=None, eq=False, repr=False)
    new_answer: Answer | None = attrs.field(default=None, eq=False, repr=False)
    body_name: str = attrs.field(default="", eq=False)
    power_name: str = attrs.field(default="", eq=False)
    #: The names of the bodies a sentence names (requirements' bodies), by id.
    names: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    area: str | None = attrs.field(default=None, eq=False)

    def mirrored(self) -> CompetenceChange:
        return CompetenceChange(
            self.body,
            self.power,
            self.new,
            self.old,
            self.new_answer,
            self.old_answer,
            self.body_name,
            self.power_name,
            self.names,
            self.area,
        )

    @property
    def appeared(self) -> tuple[Chain, ...]:
        return _only(self.new_answer, self.old_answer)

    @property
    def disappeared(self) -> tuple[Chain, ...]:
        return _only(self.old_answer, self.new_answer)

    def sentences(self) -> tuple[str, ...]:
        """What changed for the pair, in the current language, each citing its provision."""
        return tuple(_sentences(self))

    def to_json(self) -> dict[str, Json]:
        return {
            "body": self.body,
            "power": self.power,
            "old": _side(self.old),
            "new": _side(self.new),
            "appeared": [_chain_json(c) for c in self.appeared],
            "disappeared": [_chain_json(c) for c in self.disappeared],
            "sentences": list(self.sentences()),
        }


def _side(value: Competence | None) -> dict[str, Json]:
    if value is None:
        return {"allowed": False}
    return {"allowed": True, **value.to_json()}


def _chain_json(chain: Chain) -> list[dict[str, Json]]:
    return [
        {
            "kind": s.kind.value,
            "from": s.source,
            "to": s.target,
            "scope": sorted(s.scope),
            "provision": str(s.provision) if s.provision else None,
        }
        for s in chain.steps
    ]


def _path(chain: Chain) -> tuple[tuple[str, str, str], ...]:
    return tuple((s.kind.value, s.source, s.target) for s in chain.steps)


def _only(side: Answer | None, other: Answer | None) -> tuple[Chain, ...]:
    """The chains of ``side`` whose path of bodies ``other`` has not."""
    if side is None or not side.allowed:
        return ()
    there = {_path(c) for c in other.chains} if other is not None and other.allowed else set()
    return tuple(c for c in side.chains if _path(c) not in there)


def competence_changes(
    old: Statute,
    new: Statute,
    old_authority: Authority | None = None,
    new_authority: Authority | None = None,
) -> tuple[CompetenceChange, ...]:
    """Every (body, power) whose answer differs from ``old`` to ``new``."""
    before = allowed_answers(old_authority or Authority(old))
    after = allowed_answers(new_authority or Authority(new))
    found = []
    named = {b.id: b.name for s in (old, new) for b in s.bodies}
    # A per-area body named by its template means the one of the acting body's area.
    named |= {f"{b.template}@{b.area}": b.name for s in (old, new) for b in s.bodies if b.template}
    areas = {b.id: b.area for s in (old, new) for b in s.bodies}
    for pair in [*before, *(p for p in after if p not in before)]:
        a, b = before.get(pair), after.get(pair)
        ca = competence(old, a) if a is not None and a.allowed else None
        cb = competence(new, b) if b is not None and b.allowed else None
        if ca != cb:
            found.append(
                CompetenceChange(
                    pair[0],
                    pair[1],
                    ca,
                    cb,
                    a,
                    b,
                    *_names(pair, new, old),
                    named,
                    areas.get(pair[0]),
                )
            )
    return tuple(found)


def _names(pair: Pair, *statutes: Statute) -> tuple[str, str]:
    """The body's and the power's names as a sentence says them (the newer side's)."""
    body, power = pair[0], pair[1]
    for statute in statutes:
        try:
            body = statute.body(pair[0]).name
            break
        except KeyError:
            continue
    for statute in statutes:
        try:
            name = statute.power(pair[1]).name
            power = name[:1].lower() + name[1:]
            break
        except KeyError:
            continue
    return body, power


def _chain_text(chain: Chain) -> str:
    return " → ".join(str(step) for step in chain.steps)


def _provision(chain: Chain) -> str:
    last = chain.steps[-1].provision if chain.steps else None
    return str(last) if last is not None else _("no provision")


def _sentences(change: CompetenceChange) -> Iterator[str]:
    names = {"body": change.body_name, "power": change.power_name}
    old, new = change.old_answer, change.new_answer
    if change.new is None:
        cited = and_list(dict.fromkeys(_provision(c) for c in old.chains)) if old else ""
        yield _("{body} may no longer exercise '{power}' [{provision}]", provision=cited, **names)
        return
    if change.old is None:
        for chain in new.chains if new else ():
            yield _(
                "{body} may now exercise '{power}', by {chain}", chain=_chain_text(chain), **names
            )
        return
    assert old is not None and new is not None
    said = 0
    for chain in change.disappeared:
        said += 1
        yield _(
            "{body} may no longer exercise '{power}' by {chain}", chain=_chain_text(chain), **names
        )
    for chain in change.appeared:
        said += 1
        yield _(
            "{body} may now also exercise '{power}' by {chain}", chain=_chain_text(chain), **names
        )
    bodies = {**change.names}
    if change.area is not None:
        bodies |= {
            key.split("@")[0]: name
            for key, name in change.names.items()
            if key.endswith(f"@{change.area}")
        }
    for text in _requirements(old, new, names, bodies):
        said += 1
        yield text
    for text in _conditions(old, new, names):
        said += 1
        yield text
    if change.old.procedure != change.new.procedure and new.procedure is not None:
        said += 1
        yield _(
            "{body} now decides on '{power}' by the voting rule {rule} [{provision}]",
            rule=new.procedure.name or new.procedure.voting_rule,
            provision=str(new.procedure.provision or _("no provision")),
            **names,
        )
    if not said:
        chains = "; ".join(_chain_text(c) for c in new.chains)
        yield _("how {body} may exercise '{power}' is changed: by {chains}", chains=chains, **names)


def _requirements(
    old: Answer, new: Answer, names: dict[str, str], bodies: Mapping[str, str]
) -> Iterator[str]:
    before = {_requirement_key(r): r for r in old.requires}
    after = {_requirement_key(r): r for r in new.requires}
    for key, r in after.items():
        if key not in before:
            yield _(
                "{body} may no longer exercise '{power}' without {required} from {source}, "
                "{provision}",
                required=required(r.kind),
                source=bodies.get(r.body, r.body),
                provision=str(r.provision or _("no provision")),
                **names,
            )
    for key, r in before.items():
        if key not in after:
            yield _(
                "{body} may now exercise '{power}' without {required} from {source}, {provision}",
                required=required(r.kind),
                source=bodies.get(r.body, r.body),
                provision=str(r.provision or _("no provision")),
                **names,
            )


def _conditions(old: Answer, new: Answer, names: dict[str, str]) -> Iterator[str]:
    before = {_condition_key(c): c for c in old.conditions}
    after = {_condition_key(c): c for c in new.conditions}
    for key, c in after.items():
        if key not in before:
            yield _(
                "{body} may now exercise '{power}' only on this condition: {condition}",
                condition=str(c),
                **names,
            )
    for key, c in before.items():
        if key not in after:
            yield _(
                "{body} may now exercise '{power}' without the condition: {condition}",
                condition=str(c),
                **names,
            )
