"""The task dependency graph: cycles, parallel waves, transitive order and the critical path.

Functions take `deps`, a mapping from each task id to the ids it depends on, in file
order. Dependencies on ids that are not keys are ignored here (the linter reports them).
Everything is iterative, and the transitive closure uses integers as bit sets, so 2,000
tasks take milliseconds.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

Deps = Mapping[str, Sequence[str]]


def find_cycle(deps: Deps) -> list[str] | None:
    """A dependency cycle as a path that ends where it starts (T01 → T02 → T01), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in deps:
        if state.get(root):
            continue
        path: list[str] = [root]
        stack = [iter(_known(deps, root))]
        state[root] = 1
        while stack:
            child = next(stack[-1], None)
            if child is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(child) == 1:
                return [*path[path.index(child) :], child]
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append(iter(_known(deps, child)))
    return None


def cycles(deps: Deps) -> list[list[str]]:
    """One cycle per group of tasks that wait on each other (strongly connected component).

    Each cycle is a closed path as `find_cycle` returns it; groups come in file order.
    """
    found = []
    for group in _tangles(deps):
        inside = set(group)
        sub = {task: [d for d in _known(deps, task) if d in inside] for task in group}
        cycle = find_cycle(sub)
        if cycle is not None:
            found.append(cycle)
    return found


def describe_cycle(cycle: Sequence[str]) -> str:
    """The one way pilotkit prints a cycle: `dependency cycle: T01 → T02 → T01`."""
    return "dependency cycle: " + " → ".join(cycle)


def _tangles(deps: Deps) -> list[list[str]]:
    """Strongly connected components with a cycle (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    for root in deps:
        if root in index:
            continue
        work = [(root, iter(_known(deps, root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            task, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[task])
                if low[task] == index[task]:
                    group = _pop_component(stack, on_stack, task)
                    if len(group) > 1 or task in _known(deps, task):
                        groups.append(group)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(_known(deps, child))))
            elif child in on_stack:
                low[task] = min(low[task], index[child])
    position = {task: number for number, task in enumerate(deps)}
    for group in groups:
        group.sort(key=position.__getitem__)
    return sorted(groups, key=lambda group: position[group[0]])


def _pop_component(stack: list[str], on_stack: set[str], root: str) -> list[str]:
    """The component Tarjan's algorithm closes at ROOT: STACK down to and with ROOT."""
    group = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        group.append(member)
        if member == root:
            return group


def waves(deps: Deps) -> list[list[str]]:
    """Tasks grouped by topological level: a wave can start once every earlier wave is done.

    Tasks on a cycle (and those waiting on one) are left out; call `find_cycle` first.
    """
    level: dict[str, int] = {}
    for task in topological_order(deps):
        level[task] = 1 + max((level[d] for d in _known(deps, task) if d in level), default=-1)
    grouped: dict[int, list[str]] = {}
    for task in deps:  # file order within a wave
        if task in level:
            grouped.setdefault(level[task], []).append(task)
    return [grouped[index] for index in sorted(grouped)]


def topological_order(deps: Deps) -> list[str]:
    """Tasks with every dependency before its dependents (Kahn); cycles are left out."""
    waiting = {task: len(set(_known(deps, task))) for task in deps}
    dependents: dict[str, list[str]] = {task: [] for task in deps}
    for task in deps:
        for dep in set(_known(deps, task)):
            dependents[dep].append(task)
    ready = deque(task for task, count in waiting.items() if count == 0)
    order: list[str] = []
    while ready:
        task = ready.popleft()
        order.append(task)
        for child in dependents[task]:
            waiting[child] -= 1
            if waiting[child] == 0:
                ready.append(child)
    return order


@dataclass(frozen=True)
class Closure:
    """Who comes before whom, transitively: answers "can these two run at the same time?".

    Each task has a position (its bit); `before` and `after` hold, per task, the bit set of
    the tasks that must finish before it starts and of those that wait for it, so a rule
    can ask for all the tasks that may run beside one task in one operation.
    """

    index: Mapping[str, int]
    before: Mapping[str, int]  # bit set of every task that must finish first
    after: Mapping[str, int]  # bit set of every task that waits for it

    def ordered(self, a: str, b: str) -> bool:
        """Whether one of A and B must finish before the other starts."""
        return bool(self.before[a] >> self.index[b] & 1 or self.before[b] >> self.index[a] & 1)

    def bit(self, task: str) -> int:
        return 1 << self.index[task]

    def concurrent(self, task: str) -> int:
        """The bit set of the tasks that may run at the same time as TASK (all bits but
        its own, those before it and those after it: AND it with a set of candidates)."""
        return ~(self.before[task] | self.after[task] | self.bit(task))

    def ancestors(self, task: str) -> list[str]:
        bits = self.before[task]
        return [other for other, position in self.index.items() if bits >> position & 1]


def positions(bits: int) -> Iterator[int]:
    """The positions of the set bits of BITS (a non-negative bit set), lowest first."""
    while bits:
        low = bits & -bits
        yield low.bit_length() - 1
        bits ^= low


def closure(deps: Deps) -> Closure:
    """The transitive closure of DEPS (tasks on a cycle get what is reachable before it)."""
    index = {task: position for position, task in enumerate(deps)}
    before: dict[str, int] = {}
    order = topological_order(deps)
    placed = set(order)
    for task in [*order, *(t for t in deps if t not in placed)]:
        bits = 0
        for dep in _known(deps, task):
            bits |= 1 << index[dep] | before.get(dep, 0)
        before[task] = bits
    return Closure(index, before, _after(deps, index, before, order))


def _after(
    deps: Deps, index: Mapping[str, int], before: Mapping[str, int], order: list[str]
) -> dict[str, int]:
    """`before` turned around: for each task, the bit set of the tasks that wait for it.

    Tasks in ORDER (off any cycle) have only such tasks before them, so one pass from the
    last backwards collects each one's dependents; the few tasks on or behind a cycle are
    turned around bit by bit.
    """
    after = dict.fromkeys(deps, 0)
    names = list(deps)
    placed = set(order)
    for task in deps:
        if task not in placed:
            for position in positions(before[task]):
                after[names[position]] |= 1 << index[task]
    dependents: dict[str, list[str]] = {task: [] for task in deps}
    for task in order:
        for dep in set(_known(deps, task)):
            dependents[dep].append(task)
    for task in reversed(order):
        for child in dependents[task]:
            after[task] |= 1 << index[child] | after[child]
    return after


def critical_path(deps: Deps, weights: Mapping[str, float]) -> tuple[float, list[str]]:
    """The longest chain by weight (hand-estimate hours; missing weights count as 0)."""
    best: dict[str, tuple[float, str | None]] = {}
    for task in topological_order(deps):
        previous = max(
            ((best[d][0], d) for d in _known(deps, task) if d in best),
            default=(0.0, None),
        )
        best[task] = (previous[0] + float(weights.get(task, 0.0)), previous[1])
    if not best:
        return 0.0, []
    position = {task: index for index, task in enumerate(deps)}
    end = max(best, key=lambda task: (best[task][0], -position[task]))
    length, path = best[end][0], [end]
    while (parent := best[path[-1]][1]) is not None:
        path.append(parent)
    return length, path[::-1]


def longest_chain(deps: Deps) -> list[str]:
    """The chain of the most tasks, each depending directly on the one before it."""
    return critical_path(deps, dict.fromkeys(deps, 1.0))[1]


def _known(deps: Deps, task: str) -> list[str]:
    return [dep for dep in deps[task] if dep in deps]


def remaining(deps: Deps, weights: Mapping[str, float]) -> dict[str, float]:
    """For each task, the heaviest chain from it to the end (itself included).

    Starting the task with the most work behind it first is what keeps the critical
    path short, so `tasks next` orders ready tasks by this number.
    """
    after: dict[str, list[str]] = {task: [] for task in deps}
    for task in deps:
        for dep in _known(deps, task):
            after[dep].append(task)
    chain: dict[str, float] = {}
    for task in reversed(topological_order(deps)):
        rest = max((chain[child] for child in after[task] if child in chain), default=0.0)
        chain[task] = float(weights.get(task, 0.0)) + rest
    return chain


def peak_parallelism(deps: Deps, weights: Mapping[str, float]) -> int:
    """The most tasks running at once when each starts as soon as its dependencies end.

    With these durations that schedule finishes in the critical path's time, so more
    agents than this cannot finish sooner. Tasks of zero duration take no agent; with
    unit durations the answer is the width of the widest wave.
    """
    finish: dict[str, float] = {}
    events: list[tuple[float, int]] = []
    for task in topological_order(deps):
        start = max((finish[d] for d in _known(deps, task) if d in finish), default=0.0)
        finish[task] = start + float(weights.get(task, 0.0))
        if finish[task] > start:
            events += [(start, 1), (finish[task], -1)]
    running = peak = 0
    for _, change in sorted(events):  # at equal times an end (-1) sorts before a start
        running += change
        peak = max(peak, running)
    return peak
