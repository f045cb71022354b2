"""Run a function over items in worker processes, N at a time, never in threads.

copier changes the process's working directory while it renders, so two renders must
never share a process at the same time. Each worker is a fresh interpreter (`spawn`),
not a fork of a process that may hold threads or locks.

Ctrl-C or SIGTERM stops everything: items not yet started never start, and the workers
are told to stop (SIGTERM), so the items they are on unwind and undo what they did, as
they would in one process. A worker takes signals only while it works on an item (see
`pilotkit.interrupts`): a signal from the terminal or from `timeout`, which reach the
workers too, never kills one between items.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import TypeVar

from pilotkit import interrupts

Item = TypeVar("Item")
Result = TypeVar("Result")


def run_each(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int,
    on_done: Callable[[Result], None] | None = None,
) -> list[Result]:
    """FUNCTION applied to each of ITEMS, in their order; ON_DONE sees each as it finishes.

    With JOBS 1 (or one item) everything runs in this process, one item after another.
    FUNCTION must be a module-level function and items and results picklable.
    """
    if jobs <= 1 or len(items) <= 1:
        results = []
        for item in items:
            results.append(function(item))
            if on_done:
                on_done(results[-1])
        return results
    context = multiprocessing.get_context("spawn")
    others = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(items)),
        mp_context=context,
        initializer=interrupts.serve_as_worker,
    )
    try:
        futures: dict[Future[Result], int] = {
            pool.submit(_work, function, item): index for index, item in enumerate(items)
        }
        workers = [child for child in multiprocessing.active_children() if child not in others]
        done: dict[int, Result] = {}

        def finished(future: Future[Result]) -> None:
            done[futures[future]] = future.result()
            if on_done:
                on_done(done[futures[future]])

        try:
            for future in as_completed(futures):
                finished(future)
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM here, or a worker that got one
            started = [future for future in futures if not future.cancel()]
            _stop(workers)
            for future in as_completed(started):  # each restored, or finished before
                if futures[future] not in done and future.exception() is None:
                    finished(future)
            raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [done[index] for index in range(len(items))]


def _work(function: Callable[[Item], Result], item: Item) -> Result:
    with interrupts.working():
        return function(item)


def _stop(workers: Sequence[multiprocessing.process.BaseProcess]) -> None:
    """Send SIGTERM to each worker: the signal may have reached this process alone."""
    for worker in workers:
        if worker.pid is not None and worker.is_alive():
            with contextlib.suppress(ProcessLookupError):  # it has just ended
                os.kill(worker.pid, signal.SIGTERM)
