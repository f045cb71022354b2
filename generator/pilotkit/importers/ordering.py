"""How a format's task order becomes `depends_on`, one function per rule.

spec-kit orders its tasks in phases, and marks with `[P]` the tasks of a phase that may
run side by side; Kiro and OpenSpec order their tasks one after another. Both rules give
each task the tasks just before it, never a later one, so the result has no cycle.
"""

from __future__ import annotations

from collections.abc import Sequence


def phases(steps: Sequence[Sequence[Sequence[str]]]) -> dict[str, tuple[str, ...]]:
    """Each task's dependencies for STEPS: phases, each a list of groups run in order.

    A group is one task, or a run of parallel tasks; every task of a group depends on
    every task of the group before it, across phase boundaries too.
    """
    after: dict[str, tuple[str, ...]] = {}
    previous: tuple[str, ...] = ()
    for phase in steps:
        for group in phase:
            for key in group:
                after[key] = previous
            if group:
                previous = tuple(group)
    return after


def chain(keys: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Each of KEYS depends on the one before it."""
    return {key: (keys[index - 1],) if index else () for index, key in enumerate(keys)}
