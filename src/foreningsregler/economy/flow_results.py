"""What decision flows give: each proposal's outcome, and per kind of decision the
time from proposal to decision and why proposals fail, each failure with the
provision the protocol cited. A sweep gathers the outcomes of many seeded runs.
"""

from __future__ import annotations

import datetime as dt
import enum
import statistics
from collections.abc import Iterable
from typing import Any

import attrs

from ..i18n import N_
from ..protocol.state import RuleViolation
from ..statute.law import LawRef
from ..statute.model import ProvisionRef
from .tables import _pandas


class Reason(enum.StrEnum):
    """How a proposal ended: passed, or why it failed, or still open."""

    PASSED = "passed"
    NO_QUORUM = "no-quorum"  # its body was inquorate at every try
    VOTED_DOWN = "voted-down"  # the vote did not reach the majority
    NO_PRIOR = "no-prior"  # a recommendation (proposal, ...) it needs failed
    REFUSED = "refused"  # the protocol refused the act for another rule
    OPEN = "open"  # not decided when the scenario's years ended


#: What each reason means, for a person.
REASONS = {
    Reason.PASSED: N_("passed"),
    Reason.NO_QUORUM: N_("no quorum"),
    Reason.VOTED_DOWN: N_("voted down"),
    Reason.NO_PRIOR: N_("no recommendation (or proposal, consultation, agreement)"),
    Reason.REFUSED: N_("refused by the protocol"),
    Reason.OPEN: N_("still open"),
}


@attrs.frozen
class Outcome:
    """One proposal: when it arose and was decided, how, and (if it failed) at
    which step, under which rule and provision."""

    kind: str
    number: int
    proposed: dt.date
    decided: dt.date | None
    reason: Reason
    body: str | None = None  # the body of the step where it failed
    step: str | None = None  # that step: exercise, a trigger, or a prior's kind
    rule: str | None = None  # the protocol's rule that refused it
    provision: ProvisionRef | LawRef | None = None
    message: str = ""

    @property
    def days(self) -> int | None:
        """Days from proposal to decision; None while open."""
        return (self.decided - self.proposed).days if self.decided is not None else None

    @classmethod
    def passed(cls, kind: str, number: int, proposed: dt.date, day: dt.date) -> Outcome:
        return cls(kind, number, proposed, day, Reason.PASSED)

    @classmethod
    def failed(
        cls,
        proposal: tuple[str, int, dt.date],
        step: tuple[str, str, ProvisionRef | None],
        day: dt.date,
        reason: Reason,
        refusal: RuleViolation | None,
    ) -> Outcome:
        """A proposal (kind, number, day) that failed at ``step`` (body, what, and
        the provision of the requirement it makes, if a prior): the refusal's
        provision, or, for a prior that failed, its requirement's."""
        body, what, required = step
        provision = refusal.provision if refusal is not None else None
        if reason is Reason.NO_PRIOR and required is not None:
            provision = required
        rule = refusal.rule if refusal is not None else None
        message = refusal.message if refusal is not None else ""
        return cls(*proposal, day, reason, body, what, rule, provision, message)

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "number": self.number,
            "proposed": self.proposed.isoformat(),
            "decided": self.decided.isoformat() if self.decided else None,
            "days": self.days,
            "outcome": self.reason.value,
            "body": self.body,
            "step": self.step,
            "rule": self.rule,
            "provision": str(self.provision) if self.provision else None,
            "message": self.message,
        }


@attrs.frozen
class KindSummary:
    """One kind of decision over one run or many: how many proposals, how long
    those passed took (median and 90th percentile, in days), how many failed and
    why (reason -> count), and the provisions cited (reason -> provisions)."""

    kind: str
    proposals: int
    passed: int
    median_days: float | None
    p90_days: float | None
    failed: tuple[tuple[str, int], ...]
    provisions: tuple[tuple[str, tuple[str, ...]], ...]
    open: int

    @property
    def failure_rate(self) -> float:
        decided = self.proposals - self.open
        return sum(n for _, n in self.failed) / decided if decided else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "proposals": self.proposals,
            "passed": self.passed,
            "open": self.open,
            "failure_rate": self.failure_rate,
            "days_to_decision": {"median": self.median_days, "p90": self.p90_days},
            "failed": dict(self.failed),
            "provisions": {k: list(v) for k, v in self.provisions},
        }


def summarise(kind: str, outcomes: Iterable[Outcome]) -> KindSummary:
    mine = [o for o in outcomes if o.kind == kind]
    days = sorted(o.days for o in mine if o.reason is Reason.PASSED and o.days is not None)
    failed: dict[str, int] = {}
    cited: dict[str, set[str]] = {}
    for o in mine:
        if o.reason not in (Reason.PASSED, Reason.OPEN):
            failed[o.reason.value] = failed.get(o.reason.value, 0) + 1
            if o.provision is not None:
                cited.setdefault(o.reason.value, set()).add(str(o.provision))
    return KindSummary(
        kind,
        len(mine),
        len(days),
        statistics.median(days) if days else None,
        _percentile(days, 0.9) if days else None,
        tuple(sorted(failed.items())),
        tuple(sorted((k, tuple(sorted(v))) for k, v in cited.items())),
        sum(o.reason is Reason.OPEN for o in mine),
    )


def _percentile(ordered: list[int], share: float) -> float:
    """The ``share`` quantile of sorted values (linear between neighbours)."""
    if len(ordered) == 1:
        return float(ordered[0])
    return float(statistics.quantiles(ordered, n=100, method="inclusive")[round(share * 100) - 1])


def _kinds(outcomes: Iterable[Outcome]) -> list[str]:
    return sorted({o.kind for o in outcomes})


def _frame(rows: list[dict[str, object]], call: str) -> Any:
    pandas = _pandas(call)
    columns = [
        "run", "kind", "number", "proposed", "decided", "days", "outcome", "body", "step",
        "rule", "provision",
    ]  # fmt: skip
    return pandas.DataFrame(rows, columns=columns)


@attrs.frozen
class Flows:
    """One run's decision flows: every proposal's outcome, and the assumptions."""

    seed: int
    outcomes: tuple[Outcome, ...]
    assumptions: tuple[str, ...]

    def summary(self) -> dict[str, KindSummary]:
        """Per kind of decision: counts, time to decision, failures and why."""
        return {k: summarise(k, self.outcomes) for k in _kinds(self.outcomes)}

    def to_pandas(self) -> Any:
        """One row per proposal: ``run`` (0), ``kind``, ``number``, ``proposed``,
        ``decided``, ``days``, ``outcome``, ``body``, ``step``, ``rule``, ``provision``."""
        return _frame([_row(0, o) for o in self.outcomes], "Flows.to_pandas")

    def to_json(self) -> dict[str, object]:
        """The run as the output schema ``flows`` has it: per kind, every proposal."""
        return {
            "version": "1.0",
            "seed": self.seed,
            "runs": 1,
            "kinds": [s.to_json() for s in self.summary().values()],
            "proposals": [o.to_json() for o in self.outcomes],
            "assumptions": list(self.assumptions),
        }


def _row(run: int, outcome: Outcome) -> dict[str, object]:
    row = outcome.to_json()
    row.pop("message")
    row["run"] = run
    return row


@attrs.frozen
class FlowSweep:
    """The outcomes of many runs (``runs[i]``: run i's outcomes)."""

    seed: int
    runs: tuple[tuple[Outcome, ...], ...]
    assumptions: tuple[str, ...]

    def summary(self) -> dict[str, KindSummary]:
        """Per kind of decision, over every run: counts, time to decision, failures."""
        every = [o for run in self.runs for o in run]
        return {k: summarise(k, every) for k in _kinds(every)}

    def to_pandas(self) -> Any:
        """One row per proposal of every run (the columns of ``Flows.to_pandas``)."""
        rows = [_row(i, o) for i, run in enumerate(self.runs) for o in run]
        return _frame(rows, "FlowSweep.to_pandas")

    def to_json(self) -> dict[str, object]:
        """The sweep as the output schema ``flows`` has it: per kind, over every run."""
        return {
            "version": "1.0",
            "seed": self.seed,
            "runs": len(self.runs),
            "kinds": [s.to_json() for s in self.summary().values()],
            "assumptions": list(self.assumptions),
        }
