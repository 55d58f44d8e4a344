"""Elements of several statutes matched into rows: by id, by kind, or by name.

Comparing statutes side by side needs to know which power (voting rule, money
rule) of one statute is "the same" as which of another. ``match`` decides it
in three steps, each weaker than the one before, and says which step matched
every row, so nothing is guessed silently:

1. **id**: elements of the same id are one row (the statutes' own words).
2. **kind**: where elements carry a kind (a money rule's ``membership_fee``),
   two rows that no statute shares are joined when each statute has exactly
   one element of that kind left unmatched. An assumption, and said to be one.
3. **name**: two rows that no statute shares are joined, best first, when
   their names are at least ``similarity`` alike (``difflib``'s ratio of the
   lower-cased names, from 0 to 1). An assumption, and said to be one, with
   the names and their likeness.

A row that ends in one statute only is *unmatched*, and listed as such. Only
identical names, and names that share a word of four letters or more that at
most ``_COMMON`` names have, are compared, and a pair is scored only where
difflib's quick upper bounds reach ``similarity``, so large statutes do not
cost a comparison of every name with every other (a word every name has,
like "Magt" in "Magt 1" ... "Magt 1000", tells them apart from none).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence
from enum import StrEnum

import attrs

#: How alike two names must be to be matched (``difflib.SequenceMatcher.ratio``).
SIMILARITY = 0.7
_WORD = re.compile(r"\w{4,}")
#: A word more names share than this is not looked at to find names to compare.
_COMMON = 32


class MatchKind(StrEnum):
    """How a row's elements were found to be the same."""

    ID = "id"  # the same id in every statute that has one
    KIND = "kind"  # joined by their kind (an assumption)
    NAME = "name"  # joined by the likeness of their names (an assumption)
    UNMATCHED = "unmatched"  # in one statute only


@attrs.frozen
class Item:
    """What the matcher needs of an element: its id, its name, and its kind (if any)."""

    id: str
    name: str
    kind: str | None = None


@attrs.frozen
class Joined:
    """Two rows joined by an assumption: the items whose kind or names decided it."""

    by: MatchKind  # KIND or NAME
    left: tuple[int, Item]  # (statute index, item)
    right: tuple[int, Item]
    score: float  # the names' likeness, rounded to two decimals; 1.0 for a kind
    rows: tuple[int, int] = attrs.field(eq=False, repr=False, default=(0, 0))


@attrs.frozen
class Row:
    """One element per statute (None where a statute has none), and how they were matched."""

    items: tuple[Item | None, ...]
    kind: MatchKind
    joined: tuple[Joined, ...] = ()

    @property
    def key(self) -> str:
        """The row's name in output: its first element's id."""
        return next(item.id for item in self.items if item is not None)

    @property
    def ids(self) -> tuple[str, ...]:
        """The distinct ids of the row's elements, in statute order."""
        return tuple(dict.fromkeys(item.id for item in self.items if item is not None))


def match(sides: Sequence[Sequence[Item]], similarity: float = SIMILARITY) -> tuple[Row, ...]:
    """The elements of each statute (``sides[i]``) matched into rows, in the
    order they first appear."""
    rows = _by_id(sides)
    joins: list[Joined] = []
    if any(item.kind is not None for side in sides for item in side):
        joins += _by_kind(rows)
    joins += _by_name(rows, similarity)
    return _joined(rows, joins, len(sides))


def _by_id(sides: Sequence[Sequence[Item]]) -> list[list[Item | None]]:
    rows: dict[str, list[Item | None]] = {}
    for i, side in enumerate(sides):
        for item in side:
            row = rows.setdefault(item.id, [None] * len(sides))
            if row[i] is None:
                row[i] = item
    return list(rows.values())


def _present(row: Sequence[Item | None]) -> frozenset[int]:
    return frozenset(i for i, item in enumerate(row) if item is not None)


def _open(rows: list[list[Item | None]]) -> list[int]:
    """The rows some statute lacks: the only ones a join may complete."""
    return [r for r, row in enumerate(rows) if len(_present(row)) < len(row)]


def _by_kind(rows: list[list[Item | None]]) -> list[Joined]:
    """Open rows of a kind that each statute has once among the open rows."""
    kinds: dict[str, list[int]] = {}
    for r in _open(rows):
        kind = _kind(rows[r])
        if kind is not None:
            kinds.setdefault(kind, []).append(r)
    joins = []
    for found in kinds.values():
        present = [_present(rows[r]) for r in found]
        counted = [i for p in present for i in p]
        if len(found) < 2 or len(counted) != len(set(counted)):
            continue  # a statute with two of the kind: the kind does not tell which
        for a, b in itertools.pairwise(found):
            left = next((i, item) for i, item in enumerate(rows[a]) if item is not None)
            right = next((i, item) for i, item in enumerate(rows[b]) if item is not None)
            joins.append(Joined(MatchKind.KIND, left, right, 1.0, (a, b)))
    return joins


def _kind(row: Sequence[Item | None]) -> str | None:
    kinds = {item.kind for item in row if item is not None}
    return kinds.pop() if len(kinds) == 1 else None


def _by_name(rows: list[list[Item | None]], similarity: float) -> list[Joined]:
    open_rows = _open(rows)
    words: dict[str, list[int]] = {}
    same: dict[str, list[int]] = {}  # identical names, however common their words
    for r in open_rows:
        names = {item.name.lower() for item in rows[r] if item}
        for name in names:
            same.setdefault(name, []).append(r)
        for word in {w for name in names for w in _WORD.findall(name)}:
            words.setdefault(word, []).append(r)
    pairs = set(itertools.chain.from_iterable(itertools.pairwise(rs) for rs in same.values()))
    for having in words.values():
        if len(having) <= _COMMON:  # a word many names share tells them apart from none
            pairs |= set(itertools.combinations(having, 2))
    joins = []
    for a, b in sorted(pairs):
        if _present(rows[a]) & _present(rows[b]):
            continue
        best = _likeness(rows[a], rows[b], similarity)
        if best is not None:
            score, left, right = best
            joins.append(Joined(MatchKind.NAME, left, right, round(score, 2), (a, b)))
    return joins


def _likeness(
    a: Sequence[Item | None], b: Sequence[Item | None], least: float
) -> tuple[float, tuple[int, Item], tuple[int, Item]] | None:
    """The most alike names of ``a`` and ``b`` (statute index and item of each),
    and their ratio; None where no pair reaches ``least``."""
    best = None
    for i, x in ((i, item) for i, item in enumerate(a) if item is not None):
        for j, y in ((j, item) for j, item in enumerate(b) if item is not None):
            first, second = sorted((x.name.lower(), y.name.lower()))
            matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
            if matcher.real_quick_ratio() < least or matcher.quick_ratio() < least:
                continue
            score = matcher.ratio()
            if score >= least and (best is None or score > best[0]):
                best = (score, (i, x), (j, y))
    return best


def _joined(rows: list[list[Item | None]], joins: list[Joined], count: int) -> tuple[Row, ...]:
    """The joins made best first (a kind before a name, then in row order), each
    only while the two rows still share no statute."""
    parent = list(range(len(rows)))
    reasons: dict[int, list[Joined]] = {}

    def root(r: int) -> int:
        while parent[r] != r:
            r = parent[r]
        return r

    for joined in sorted(joins, key=lambda j: (j.by is MatchKind.NAME, -j.score, j.rows)):
        ra, rb = sorted((root(joined.rows[0]), root(joined.rows[1])))
        if ra == rb or _present(rows[ra]) & _present(rows[rb]):
            continue
        rows[ra] = [x if x is not None else y for x, y in zip(rows[ra], rows[rb], strict=True)]
        parent[rb] = ra
        reasons[ra] = [*reasons.get(ra, []), *reasons.pop(rb, []), joined]
    result = []
    for r, row in enumerate(rows):
        if root(r) != r:
            continue
        made = reasons.get(r, [])
        if made:
            kind = MatchKind.NAME if any(j.by is MatchKind.NAME for j in made) else MatchKind.KIND
        elif count > 1 and len(_present(row)) == 1:
            kind = MatchKind.UNMATCHED
        else:
            kind = MatchKind.ID
        result.append(Row(tuple(row), kind, tuple(made)))
    return tuple(result)
