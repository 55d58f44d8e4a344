"""The chains of one power, found lazily and bounded, and circles of delegation.

A chain is a simple path of steps: a holder holds the power, then each
delegation passes it on, and only a holder or a body whose delegation allows
sub-delegation passes it further. Their number can grow exponentially with the
statute (a ladder of n levels of two bodies has 2^n chains to its last level;
bodies delegating to each other have one per ordering), so nothing here lists
them all: ``PowerChains`` finds the first chains to a body in depth-first
order, pruned so that every branch it enters ends in a chain (polynomial time
per chain), and counts them by dynamic programming where the power's
delegations have no circle, or by enumeration up to ``COUNT_LIMIT`` where they
have one. ``walk`` is the whole delegation tree at once, for powers whose tree
is small. Every search is iterative: no chain is too long for the stack.

``circles`` finds the strongly connected components of a delegation graph
(Tarjan's algorithm): the linter reports each once, however many simple
circles run through it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from .answers import Chain, Step, TreeNode

#: The most chains an answer lists; ``Answer.more_chains`` counts the rest.
CHAIN_LIMIT = 20
#: Where a power's delegations run in a circle, chains are counted up to this many.
COUNT_LIMIT = 1000
#: The most bodies ``Authority.expand`` shows of a power whose tree is large.
TREE_LIMIT = 500

#: Whether a step's conditions hold for one question (None: every step counts).
Passes = Callable[[Step], bool] | None

_NO_STEPS: tuple[Step, ...] = ()


class PowerChains:
    """The holders and delegations of one power, and the chains they make."""

    __slots__ = ("_incoming", "_reaching", "acyclic", "outgoing", "roots")

    def __init__(self, roots: tuple[Step, ...], outgoing: Mapping[str, Sequence[Step]]) -> None:
        self.roots = roots
        self.outgoing = {body: tuple(steps) for body, steps in outgoing.items()}
        incoming: dict[str, list[Step]] = {}
        for steps in self.outgoing.values():
            for step in steps:
                incoming.setdefault(step.target, []).append(step)
        self._incoming = incoming
        edges = {body: [s.target for s in steps] for body, steps in self.outgoing.items()}
        # No delegate passing the power on again: no circle, without a search.
        onward = any(t in edges for targets in edges.values() for t in targets)
        self.acyclic = not onward or not circles(edges)
        self._reaching: dict[str, frozenset[str]] = {}

    @property
    def size(self) -> int:
        """Holders and delegation steps: what a search of the power reads."""
        return len(self.roots) + sum(len(s) for s in self.outgoing.values())

    def reachable(self) -> tuple[str, ...]:
        """Every body some chain reaches, in the order a depth-first search meets it."""
        found: dict[str, None] = {}
        seen: set[tuple[str, bool]] = set()
        for root in self.roots:
            stack = [(root.source, True)]
            while stack:
                state = stack.pop()
                if state in seen:
                    continue
                seen.add(state)
                found.setdefault(state[0], None)
                if state[1]:
                    steps = self.outgoing.get(state[0], _NO_STEPS)
                    stack.extend((s.target, s.subdelegation) for s in reversed(steps))
        return tuple(found)

    # -- chains to one body --

    def chains_to(self, target: str, limit: int, passes: Passes = None) -> tuple[Chain, ...]:
        """The first ``limit`` chains to ``target`` whose steps all pass, depth first."""
        found: list[Chain] = []
        for steps in self._paths(target, passes):
            found.append(Chain(steps))
            if len(found) >= limit:
                break
        return tuple(found)

    def count_to(self, target: str, passes: Passes = None) -> tuple[int, bool]:
        """How many chains reach ``target``, and whether that is exact (False:
        at least that many, where the delegations run in a circle)."""
        if self.acyclic:
            return self._count_acyclic(target, passes), True
        count = 0
        for _steps in self._paths(target, passes):
            count += 1
            if count >= COUNT_LIMIT:
                return count, False
        return count, True

    def _paths(self, target: str, passes: Passes) -> Iterator[tuple[Step, ...]]:
        can = self._can_reach(target, passes)
        for root in self.roots:
            if passes is not None and not passes(root):
                continue
            if root.source == target:
                yield (root,)
            elif root.source in can:
                yield from self._descend(root, target, can, passes)

    def _descend(
        self, root: Step, target: str, can: frozenset[str], passes: Passes
    ) -> Iterator[tuple[Step, ...]]:
        path, bodies = [root], [root.source]
        on_path = {root.source}
        pending = [iter(self.outgoing.get(root.source, _NO_STEPS))]
        while pending:
            step = next(pending[-1], None)
            if step is None:
                pending.pop()
                path.pop()
                on_path.discard(bodies.pop())
                continue
            body = step.target
            if body in on_path or (passes is not None and not passes(step)):
                continue
            if body == target:
                yield (*path, step)
            elif step.subdelegation and body in can and self._worth(body, target, on_path, can):
                path.append(step)
                bodies.append(body)
                on_path.add(body)
                pending.append(iter(self.outgoing.get(body, _NO_STEPS)))

    def _worth(self, start: str, target: str, on_path: set[str], can: frozenset[str]) -> bool:
        """Whether ``target`` is still reachable from ``start`` without passing a
        body on the path: always where there is no circle, searched where there is."""
        if self.acyclic:
            return True
        seen, queue = {start}, [start]
        while queue:
            for step in self.outgoing.get(queue.pop(), _NO_STEPS):
                body = step.target
                if body == target:
                    return True
                if step.subdelegation and body in can and body not in seen and body not in on_path:
                    seen.add(body)
                    queue.append(body)
        return False

    def _can_reach(self, target: str, passes: Passes) -> frozenset[str]:
        """Bodies from which, able to pass the power on, a chain leads to ``target``
        (through passing steps; circles not yet excluded)."""
        if passes is None and target in self._reaching:
            return self._reaching[target]
        can: set[str] = set()
        queue = [target]
        while queue:
            body = queue.pop()
            for step in self._incoming.get(body, ()):
                if body != target and not step.subdelegation:
                    continue
                source = step.source
                if source == target or source in can:
                    continue
                if passes is None or passes(step):
                    can.add(source)
                    queue.append(source)
        found = frozenset(can)
        if passes is None:
            self._reaching[target] = found
        return found

    def _count_acyclic(self, target: str, passes: Passes) -> int:
        can = self._can_reach(target, passes)
        counts: dict[str, int] = {}
        for start in can:
            stack = [(start, False)]
            while stack:
                body, ready = stack.pop()
                if body in counts:
                    continue
                steps = [
                    s for s in self.outgoing.get(body, _NO_STEPS) if passes is None or passes(s)
                ]
                onward = [s.target for s in steps if s.target != target and s.subdelegation]
                if ready:
                    counts[body] = sum(1 for s in steps if s.target == target) + sum(
                        counts.get(b, 0) for b in onward
                    )
                    continue
                stack.append((body, True))
                stack.extend((b, False) for b in onward if b in can and b not in counts)
        return sum(
            1 if root.source == target else counts.get(root.source, 0)
            for root in self.roots
            if passes is None or passes(root)
        )

    # -- the whole tree --

    def walk(
        self, limit: int
    ) -> tuple[dict[str, list[tuple[Step, ...]]], tuple[TreeNode, ...], bool]:
        """The steps of every chain, by the body it reaches, and the tree of
        every holder, depth first; past ``limit`` bodies the rest is left out
        (False)."""
        found: dict[str, list[tuple[Step, ...]]] = {}
        roots: list[TreeNode] = []
        budget = [limit]
        for root in self.roots:
            roots.append(self._grow(root, found, budget))
        return found, tuple(roots), budget[0] >= 0

    def _grow(
        self, root: Step, found: dict[str, list[tuple[Step, ...]]], budget: list[int]
    ) -> TreeNode:
        """One holder's tree (the holder is always in it)."""
        budget[0] -= 1
        found.setdefault(root.source, []).append((root,))
        # Each frame: body, its chain, may it pass on, its steps left, its children.
        frames: list[tuple[str, tuple[Step, ...], Iterator[Step], list[TreeNode]]] = [
            (root.source, (root,), iter(self.outgoing.get(root.source, _NO_STEPS)), [])
        ]
        on_path = {root.source}
        while True:
            body, steps, left, children = frames[-1]
            step = next((s for s in left if s.target not in on_path), None)
            if step is not None and budget[0] > 0:
                budget[0] -= 1
                chain = (*steps, step)
                found.setdefault(step.target, []).append(chain)
                onward = self.outgoing.get(step.target, _NO_STEPS) if step.subdelegation else ()
                frames.append((step.target, chain, iter(onward), []))
                on_path.add(step.target)
                continue
            omitted = 0
            if step is not None:  # out of budget: count what is left out here
                budget[0] = min(budget[0], -1)
                omitted = 1 + sum(1 for s in left if s.target not in on_path)
            frames.pop()
            on_path.discard(body)
            node = TreeNode(body, steps[-1], tuple(children), omitted)
            if not frames:
                return node
            frames[-1][3].append(node)


# --- Circles --------------------------------------------------------------------------


def circles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components that hold a circle (two bodies or
    more, or one that delegates to itself), each in the order found; Tarjan's
    algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    successors = {node: list(targets) for node, targets in edges.items()}
    for start in successors:
        if start in index:
            continue
        work = [(start, iter(successors[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(successors.get(target, ()))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in successors.get(node, ()):
                    found.append(component[::-1])
    return found


def least_circle(component: Iterable[str], edges: Mapping[str, Iterable[str]]) -> list[str]:
    """The circle through a component's least body that comes first in
    alphabetical order, found depth first with every branch pruned to those
    that can still close it."""
    members = set(component)
    start = min(members)
    successors = {
        node: sorted({t for t in edges.get(node, ()) if t in members}) for node in members
    }
    path, on_path = [start], {start}
    pending = [iter(successors[start])]
    while pending:
        body = next(pending[-1], None)
        if body is None:
            pending.pop()
            on_path.discard(path.pop())
            continue
        if body == start:
            return path
        if body not in on_path and _closes(body, start, on_path, successors):
            path.append(body)
            on_path.add(body)
            pending.append(iter(successors[body]))
    raise AssertionError("a strongly connected component has a circle through every body")


def _closes(body: str, start: str, on_path: set[str], successors: Mapping[str, list[str]]) -> bool:
    seen, queue = {body}, [body]
    while queue:
        for target in successors[queue.pop()]:
            if target == start:
                return True
            if target not in seen and target not in on_path:
                seen.add(target)
                queue.append(target)
    return False
