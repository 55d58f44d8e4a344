"""What the protocol needs of a statute, compiled once and shared.

The competence index and the compiled lifecycles, with the look-ups acts and
the replay make for every event. Many replays of one statute (the runs of a
simulation) share one ``Rules``.
"""

from __future__ import annotations

from ..authority.index import Authority
from ..statute.model import BodyKind, LifecycleKind, Statute
from .lifecycle import Compiled, Meaning, compile_all


class Rules:
    """What a replay needs of the statute, looked up once."""

    @classmethod
    def of(cls, statute: Statute) -> Rules:
        """The statute's rules: its competence index and its compiled lifecycles."""
        return cls(statute, Authority(statute))

    def __init__(self, statute: Statute, authority: Authority) -> None:
        self.statute = statute
        self.authority = authority
        self.lifecycles = compile_all(statute)
        self.by_trigger: dict[str, Compiled] = {}
        for compiled in self.lifecycles.values():
            for trigger in sorted(compiled.triggers):
                self.by_trigger.setdefault(trigger, compiled)
        self.means = {
            (c.kind, s.id): s.means for c in self.lifecycles.values() for s in c.lifecycle.states
        }
        self.body_ids = frozenset(b.id for b in statute.bodies)
        self.power_ids = frozenset(p.id for p in statute.powers)
        self.assembly = next((b for b in statute.bodies if b.kind is BodyKind.ASSEMBLY), None)
        withdrawal = statute.membership.withdrawal if statute.membership else None
        self.notice_months = withdrawal.notice_months or 0 if withdrawal else 0
        self.withdrawal_provision = withdrawal.provision if withdrawal else None

    def has(self, kind: LifecycleKind, state: str | None, meaning: Meaning) -> bool:
        return state is not None and meaning in self.means.get((kind, state), frozenset())

    def initial(self, kind: LifecycleKind) -> str | None:
        compiled = self.lifecycles.get(kind)
        return compiled.lifecycle.initial if compiled else None
