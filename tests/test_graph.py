"""The task graph: cycles, waves, transitive order, critical path."""

from __future__ import annotations

import random

import pytest

from pilotkit.pilot import graph

EXAMPLE = {
    "T01": [],
    "T02": [],
    "T03": [],
    "T04": ["T01", "T02", "T03"],
    "T05": ["T04"],
    "T06": ["T04", "T05"],
}
HOURS = {"T01": 4, "T02": 5, "T03": 4, "T04": 5, "T05": 6, "T06": 4}


def test_waves_group_tasks_by_level() -> None:
    assert graph.waves(EXAMPLE) == [["T01", "T02", "T03"], ["T04"], ["T05"], ["T06"]]


def test_no_cycle_in_a_dag() -> None:
    assert graph.find_cycle(EXAMPLE) is None


def test_cycle_is_printed_as_a_closed_path() -> None:
    deps = {"T01": ["T03"], "T02": ["T01"], "T03": ["T02"], "T04": []}
    cycle = graph.find_cycle(deps)
    assert cycle is not None
    assert cycle[0] == cycle[-1] and set(cycle) == {"T01", "T02", "T03"}


def test_self_dependency_is_a_cycle() -> None:
    assert graph.find_cycle({"T01": ["T01"]}) == ["T01", "T01"]


def test_unknown_dependencies_are_ignored() -> None:
    assert graph.waves({"T01": ["T99"], "T02": ["T01"]}) == [["T01"], ["T02"]]


def test_closure_knows_what_can_run_together() -> None:
    order = graph.closure(EXAMPLE)
    assert not order.ordered("T01", "T02")
    assert order.ordered("T01", "T06") and order.ordered("T06", "T01")
    assert sorted(order.ancestors("T06")) == ["T01", "T02", "T03", "T04", "T05"]


@pytest.mark.parametrize("seed", range(20))
def test_closure_gives_all_the_tasks_that_may_run_beside_one_at_once(seed: int) -> None:
    """`concurrent` is `ordered` for every pair, also on and behind cycles."""
    rng = random.Random(seed)  # noqa: S311 (test data, not security)
    ids = [f"T{number:02}" for number in range(1, 26)]
    deps = {task: rng.sample(ids, k=rng.choice([0, 1, 1, 2])) for task in ids}
    if seed % 2:  # only earlier tasks: no cycle
        deps = {task: [d for d in found if d < task] for task, found in deps.items()}
    order = graph.closure(deps)
    for a in ids:
        beside = set(graph.positions(order.concurrent(a) & ((1 << len(ids)) - 1)))
        assert beside == {order.index[b] for b in ids if b != a and not order.ordered(a, b)}
        assert set(graph.positions(order.after[a])) == {
            order.index[b] for b in ids if order.before[b] >> order.index[a] & 1
        }


def test_critical_path_follows_the_heaviest_chain() -> None:
    length, path = graph.critical_path(EXAMPLE, HOURS)
    assert path == ["T02", "T04", "T05", "T06"]
    assert length == 20


def test_long_chain_has_no_recursion_limit() -> None:
    deps = {f"T{i:04}": [f"T{i - 1:04}"] if i else [] for i in range(5000)}
    assert graph.find_cycle(deps) is None
    assert len(graph.waves(deps)) == 5000
    assert graph.critical_path(deps, dict.fromkeys(deps, 1.0))[0] == 5000


def test_describe_cycle() -> None:
    assert graph.describe_cycle(["T01", "T02", "T01"]) == "dependency cycle: T01 → T02 → T01"


def test_remaining_work_behind_each_task() -> None:
    chain = graph.remaining(EXAMPLE, HOURS)
    assert chain == {"T01": 19, "T02": 20, "T03": 19, "T04": 15, "T05": 10, "T06": 4}


def test_peak_parallelism_of_the_earliest_start_schedule() -> None:
    assert graph.peak_parallelism(EXAMPLE, HOURS) == 3
    assert graph.peak_parallelism(EXAMPLE, dict.fromkeys(EXAMPLE, 1.0)) == 3  # widest wave
    # A short task frees its successor early, which then runs beside a long one.
    deps = {"A": [], "B": [], "C": ["A"], "D": ["A"]}
    assert graph.peak_parallelism(deps, {"A": 1, "B": 10, "C": 1, "D": 1}) == 3
    # Back to back (one ends as the next starts) is not at the same time.
    assert graph.peak_parallelism({"A": [], "B": ["A"]}, {"A": 1, "B": 1}) == 1
    assert graph.peak_parallelism({"A": []}, {"A": 0}) == 0
