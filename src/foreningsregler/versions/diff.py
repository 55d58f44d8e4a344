"""The semantic diff of two statutes: what changes in meaning, and in who may decide what.

``diff(old, new)`` compares the loaded models, not the files: the typed
changes of meaning (``changes``), the consequence for every (body, power)
whose answer differs (``competence``), and, apart from them, the changes of
text. ``Diff.same_meaning`` is true where only the form changed.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ..authority.index import Authority
from ..errors import expect
from ..i18n import N_
from ..statute.model import Statute
from .changes import Change, TextChange, changes, text_changes
from .competence import Competence, CompetenceChange, Pair, competence_changes
from .meaning import Json

#: The version of the diff's JSON output (schema/output/diff.schema.json).
OUTPUT_VERSION = 1


@attrs.frozen
class Diff:
    """What changed from ``old`` to ``new``: in meaning, for competence, in text."""

    old: Statute = attrs.field(repr=False)
    new: Statute = attrs.field(repr=False)
    changes: tuple[Change, ...]
    competence: tuple[CompetenceChange, ...]
    text_changes: tuple[TextChange, ...]

    @property
    def same_meaning(self) -> bool:
        """True when only the form changed: no change of meaning, none of competence."""
        return not self.changes and not self.competence

    def __bool__(self) -> bool:
        """True where the meaning differs (an empty diff is false)."""
        return not self.same_meaning

    def apply(self, answers: Mapping[Pair, Competence]) -> dict[Pair, Competence]:
        """``answers`` of the old statute (``competence.answers``) with the
        competence changes made: the new statute's answers."""
        result = dict(answers)
        for change in self.competence:
            if change.new is None:
                result.pop((change.body, change.power), None)
            else:
                result[(change.body, change.power)] = change.new
        return result

    def to_json(self) -> dict[str, Json]:
        """The diff as JSON (schema/output/diff.schema.json)."""
        return {
            "version": OUTPUT_VERSION,
            "old": _statute_json(self.old),
            "new": _statute_json(self.new),
            "same_meaning": self.same_meaning,
            "changes": [c.to_json() for c in self.changes],
            "competence": [c.to_json() for c in self.competence],
            "text_changes": [t.to_json() for t in self.text_changes],
        }


def _statute_json(statute: Statute) -> dict[str, Json]:
    return {
        "id": statute.metadata.id,
        "name": statute.metadata.name,
        "version": statute.metadata.version,
        "path": statute.path,
    }


def diff(old: Statute, new: Statute) -> Diff:
    """What changes from ``old`` to ``new`` (two loaded statutes, ``load``)."""
    wanted = N_("a Statute (from load)")
    expect(old, Statute, "old", wanted)
    expect(new, Statute, "new", wanted)
    return Diff(
        old,
        new,
        changes(old, new),
        competence_changes(old, new, Authority(old), Authority(new)),
        text_changes(old, new),
    )
