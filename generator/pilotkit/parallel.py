"""Run a function over items in worker processes, N at a time, never in threads.

copier changes the process's working directory while it renders, so two renders must
never share a process at the same time. Each worker is a fresh interpreter (`spawn`),
not a fork of a process that may hold threads or locks.

Ctrl-C stops the caller only: workers ignore it, so the items they are on finish (an
update is never left half-done) and items not yet started are dropped.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import TypeVar

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
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(items)), mp_context=context, initializer=_ignore_interrupts
    )
    try:
        futures: dict[Future[Result], int] = {
            pool.submit(function, item): index for index, item in enumerate(items)
        }
        done: dict[int, Result] = {}

        def finished(future: Future[Result]) -> None:
            done[futures[future]] = future.result()
            if on_done:
                on_done(done[futures[future]])

        try:
            for future in as_completed(futures):
                finished(future)
        except KeyboardInterrupt:
            # Items already handed to a worker finish (and are reported); the rest never start.
            started = [future for future in futures if not future.cancel()]
            for future in as_completed(started):
                if futures[future] not in done and future.exception() is None:
                    finished(future)
            raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [done[index] for index in range(len(items))]


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
