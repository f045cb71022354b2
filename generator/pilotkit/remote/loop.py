"""The fetch–apply–push loop: a change to the pilot as a compare-and-swap on its remote.

A push without force succeeds only if the remote branch is still at the commit the
change was made on; git's receiving side checks that under a lock. So: fetch the
branch, put the clone on it, make the change there (a claim checks the task's state as
the remote has it), commit it alone and push. Refused because someone pushed first?
Fetch again and make the change again on top of theirs — a move that is no longer
allowed (they claimed the same task) is refused like any move, and the clone stays on
the remote's commit, clean. Every other failure puts the clone back as it was.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pilotkit import git, interrupts, lock
from pilotkit.errors import ExitCode, PilotkitError
from pilotkit.remote import clone, settings, transport
from pilotkit.remote.clone import Before, Commit
from pilotkit.remote.target import RemoteError, Target, resolve

T = TypeVar("T")
# Ten agents pushing at one instant land one after another: the last one needs ten
# tries. Twice that leaves room for bad luck; past it, the remote is too busy to wait for.
ATTEMPTS = 20
# Another command in the same clone waits for this one's tries, each bounded: longer
# than the lock's usual wait, which is for a single read and write.
LOCK_WAIT = 180.0
# The longest pause between two tries, in seconds.
MOST_PAUSE = 2.0


class Refused(PilotkitError):
    """The change is not allowed on the remote's state (exit 1); the clone is now there."""

    exit_code = ExitCode.PROBLEMS


@dataclass(frozen=True)
class Push:
    """How a command was asked to push; None: `.pilotkit.yaml`, then the upstream, decide."""

    enabled: bool | None = None
    remote: str | None = None
    branch: str | None = None


@dataclass(frozen=True)
class Pushed:
    """Where a change went: the remote branch, the commit (None: nothing to push), tries."""

    remote: str
    branch: str
    commit: str | None
    attempts: int

    @property
    def where(self) -> str:
        return f"{self.remote}/{self.branch}"


def chosen(root: Path, push: Push | None) -> Push | None:
    """PUSH completed from the pilot's settings; None when the command does not push."""
    push = push or Push()
    if push.enabled is False:
        return None
    if push.enabled and push.remote and push.branch:
        return push
    found = settings.read(root)
    if not (push.enabled or found.push):
        return None
    return Push(True, push.remote or found.name, push.branch or found.branch)


def apply(
    root: Path,
    push: Push | None,
    change: Callable[[], T],
    commit: Callable[[T], Commit | None],
) -> tuple[T, Pushed | None]:
    """Run CHANGE in the pilot at ROOT; with PUSH, as a compare-and-swap on the remote.

    CHANGE makes the change in the work tree (taking the pilot's lock itself, which is
    re-entrant) and returns its result; COMMIT says which files to commit for that
    result, with which message (None: nothing changed).
    """
    wanted = chosen(root, push)
    if wanted is None:
        return change(), None
    with lock.exclusive(root, timeout=LOCK_WAIT):
        target = resolve(root, wanted.remote, wanted.branch)
        before = clone.record(root, target)
        return _Loop(root, target, before).run(change, commit)


def pause(attempt: int, spent: float) -> float:
    """How long to wait after the ATTEMPTth try was overtaken; SPENT: how long it took.

    Random, and growing with each try in units of one try's length (binary exponential
    backoff): the losers of one round spread out instead of all trying again at once
    and, but for one, losing again — work that only slows the winner down.
    """
    spread = spent * 2 ** min(attempt - 1, 4)
    return min(MOST_PAUSE, random.uniform(0, spread))  # noqa: S311 (jitter, not secrets)


class _Loop:
    """One command's tries, and the clone's state before the first of them.

    Whatever stops the tries — an error, a refusal by the remote, Ctrl-C or SIGTERM at
    any step, even in the pause between two tries — puts the clone back as it was, but
    for two endings: the change landed (the clone holds it), or the move is not allowed
    on the remote's state (`Refused`: the clone stays on that state, clean).
    """

    def __init__(self, root: Path, target: Target, before: Before) -> None:
        self.root, self.target, self.before = root, target, before
        self.landed = False

    def run(
        self, change: Callable[[], T], commit: Callable[[T], Commit | None]
    ) -> tuple[T, Pushed | None]:
        try:
            return self._tries(change, commit)
        except Refused:
            raise
        except BaseException:
            if not self.landed:
                with interrupts.held():  # a signal now waits until the clone is back
                    clone.restore(self.root, self.target, self.before)
            raise

    def _tries(
        self, change: Callable[[], T], commit: Callable[[T], Commit | None]
    ) -> tuple[T, Pushed | None]:
        seen = self.before.tracking
        rejection: transport.Rejection | None = None
        for attempt in range(1, ATTEMPTS + 1):
            started = time.monotonic()
            head = self._fetch(seen, rejection, first=attempt == 1)
            result, sha = self._try(head, change, commit)
            if sha is None:
                return result, Pushed(self.target.remote, self.target.branch, None, attempt)
            rejection = self._push(sha)
            if rejection is None:
                short = sha[:7]
                return result, Pushed(self.target.remote, self.target.branch, short, attempt)
            seen = head
            time.sleep(pause(attempt, time.monotonic() - started))
        raise RemoteError(
            f"{self.target} moved on {ATTEMPTS} times while this change was being pushed; "
            "the clone is as it was: retry in a moment"
        )

    def _fetch(
        self, seen: str | None, rejection: transport.Rejection | None, *, first: bool
    ) -> str:
        """The remote's head now, checked against what was seen of it before."""
        head = transport.fetch(self.root, self.target)
        if rejection is not None and head == seen:  # refused, yet nobody else pushed
            raise RemoteError(
                f"{self.target.remote} refused the push to {self.target.branch} "
                f"({rejection}); the clone is as it was: ask who runs {self.target.remote} "
                "whether you may push to this branch, or name another with --remote-branch"
            )
        if seen is not None and not clone.contains(self.root, head, seen):
            raise RemoteError(
                f"{self.target} was rewritten (force-pushed): it no longer contains "
                f"{seen[:7]}, which this clone fetched before; look at what changed "
                f"(`git log {self.target}`), bring your branch onto it on purpose "
                "(`git reset --keep`), then retry; the clone is as it was"
            )
        if first and not clone.contains(self.root, head, self.before.head):
            ahead = clone.count(self.root, head, self.before.head)
            raise RemoteError(
                f"{self.target.local} has {ahead} commit(s) that {self.target} does not: "
                "push them first (`git push`), or move them away; then retry; "
                "the clone is as it was"
            )
        return head

    def _try(
        self, head: str, change: Callable[[], T], commit: Callable[[T], Commit | None]
    ) -> tuple[T, str | None]:
        """CHANGE made on HEAD and committed: its result and the commit (None: no change)."""
        clone.move_to(self.root, head, str(self.target))
        try:
            result = change()
        except PilotkitError as err:
            if err.exit_code != ExitCode.PROBLEMS:
                raise
            # Not allowed as the remote has it: stay there, clean, and say where it was read.
            clone.discard(self.root)
            raise Refused(f"{self.target}: {err}") from None
        wanted = commit(result)
        return result, clone.commit(self.root, wanted) if wanted else None

    def _push(self, sha: str) -> transport.Rejection | None:
        rejection = transport.push(self.root, self.target, sha)
        if rejection is None:
            self.landed = True
            git.run(["update-ref", self.target.tracking, sha], self.root)
            return None
        if not transport.contended(rejection):  # a hook or a rule said no: no retry helps
            raise RemoteError(
                f"{self.target.remote} refused the push to {self.target.branch} "
                f"({rejection}); the clone is as it was"
            )
        return rejection
