"""SIGTERM is handled like Ctrl-C: the work in progress unwinds and its clean-up runs.

Python turns SIGINT into KeyboardInterrupt, but SIGTERM (what CI runners, `timeout` and
container stops send) kills the process outright: an update left half-merged on its
branch, a scratch folder beside a new pilot. While `handled()` is active (the command
line's whole run), SIGTERM raises `Terminated` instead, a KeyboardInterrupt, so every
`except KeyboardInterrupt` and `except BaseException` clean-up runs for both signals.

Only the first signal is raised; later ones are ignored. `timeout` sends SIGTERM twice
(to the process, then to its group), people press Ctrl-C twice, and a second exception
would break off the clean-up the first one started. A clean-up that runs after an
ordinary error (a git command failed) and must not be cut short by the first signal
runs inside `held()`, which raises that signal only once the clean-up is done.

Worker processes (`pilotkit.parallel`) wait between items with signals held: a signal
there stops the worker's next item before it starts, and one during an item unwinds it
(`working()`).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from pilotkit.errors import Terminated

SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass
class _State:
    kind: type[KeyboardInterrupt] | None = None  # the first signal's exception
    raised: bool = False
    held: int = 0
    settled: bool = False  # the work is done: later signals are ignored


_state = _State()


@contextmanager
def handled() -> Iterator[None]:
    """Within the block SIGINT raises KeyboardInterrupt and SIGTERM Terminated, once.

    A signal the process was started ignoring (`nohup`, a background job) stays ignored.
    Outside the main thread, where Python cannot take signals, nothing changes.
    """
    global _state
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {number: signal.getsignal(number) for number in SIGNALS}
    hook = sys.unraisablehook
    _state = _State()
    for number, handler in before.items():
        if handler is not signal.SIG_IGN:
            signal.signal(number, _on_signal)
    sys.unraisablehook = _quiet_when_lost(hook)
    try:
        yield
    finally:
        sys.unraisablehook = hook
        for number, handler in before.items():
            signal.signal(number, handler)


@contextmanager
def held() -> Iterator[None]:
    """A signal arriving within the block is raised when it ends, not in the middle of it."""
    _state.held += 1
    try:
        yield
    finally:
        _state.held -= 1
        if not _state.held and _state.kind is not None and not _state.raised:
            _state.raised = True
            raise _state.kind()


def arrived() -> type[KeyboardInterrupt] | None:
    """The exception of the first signal that arrived in this run, raised or not yet."""
    return _state.kind


def check() -> None:
    """Raise again a signal whose exception was lost on its way.

    Python ignores an exception raised in a destructor: a signal that lands while a
    subprocess wrapper's `__del__` polls its child is printed as "Exception ignored" and
    the work goes on as if nothing came. Called after a step that runs such code, it
    stops the work there, so the clean-up the signal asks for still runs.
    """
    if _state.kind is not None and not _state.held:
        _state.raised = True
        raise _state.kind()


def settled() -> None:
    """The command's work is done: a signal from now on is ignored, not reported.

    Printing the result takes moments; a signal then would end the run with "nothing
    was written" about work that was written. Called once the library call returned.
    """
    _state.settled = True


def serve_as_worker() -> None:
    """Set up a worker process: signals are taken, and held while it waits for an item."""
    global _state
    _state = _State(held=1)
    for number in SIGNALS:
        signal.signal(number, _on_signal)


@contextmanager
def working() -> Iterator[None]:
    """In a worker, one item: a signal that came while it waited stops it from starting."""
    _state.held -= 1
    try:
        if _state.kind is not None:  # stopping: no item starts after the first signal
            _state.raised = True
            raise _state.kind()
        yield
    finally:
        _state.held += 1


def _quiet_when_lost(
    hook: Callable[[sys.UnraisableHookArgs], object],
) -> Callable[[sys.UnraisableHookArgs], None]:
    """Python's report of a signal lost in a destructor is a traceback: `check()` says it."""

    def on_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
        ours = _state.kind is not None and type(unraisable.exc_value) is _state.kind
        if not ours:
            hook(unraisable)

    return on_unraisable


def _on_signal(number: int, _frame: FrameType | None) -> None:
    # the signature signal.signal requires; the interrupted frame is not needed
    if _state.kind is not None or _state.settled:
        return  # one signal is enough; another would cut short the clean-up it started
    _state.kind = Terminated if number == signal.SIGTERM else KeyboardInterrupt
    if not _state.held:
        _state.raised = True
        raise _state.kind()
