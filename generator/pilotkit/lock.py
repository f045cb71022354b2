"""One pilotkit command at a time may change a pilot's task files: an exclusive file lock.

Two agents running `pilotkit tasks claim` on the same checkout at the same moment must
not both win. The lock file lives in the pilot's git directory (never in the work
tree, so it is never committed), or in the temporary directory for a pilot without git.
The operating system releases the lock when the process ends, even on a crash.

The lock is re-entrant within one thread: `--push` holds it around a whole fetch, move,
commit and push, and the move inside takes it again (a second `flock` on a new file
handle of the same process would wait for the first one forever).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pilotkit.errors import PilotkitError

NAME = "pilotkit.lock"
# Lock files this process holds, each with the thread that holds it.
_held: dict[str, int] = {}


def lock_path(root: Path) -> Path:
    """Where the lock for the pilot at ROOT lives."""
    dot_git = root / ".git"
    if dot_git.is_dir():
        return dot_git / NAME
    if dot_git.is_file():  # a worktree or submodule: `gitdir: PATH`
        text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
        if text.startswith("gitdir:"):
            gitdir = Path(text.removeprefix("gitdir:").strip())
            gitdir = gitdir if gitdir.is_absolute() else root / gitdir
            if gitdir.is_dir():
                return gitdir / NAME
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"pilotkit-{digest}.lock"


@contextmanager
def exclusive(root: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the pilot's lock for the duration of the block; wait up to TIMEOUT seconds."""
    path = lock_path(root)
    key, me = str(path.absolute()), threading.get_ident()
    if _held.get(key) == me:  # this thread holds it already, further out
        yield
        return
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(handle):
            if time.monotonic() > deadline:
                raise PilotkitError(
                    f"another pilotkit command has held {path} for {timeout:.0f} s; "
                    "retry when it has finished"
                )
            time.sleep(0.02)
        _held[key] = me
        try:
            yield
        finally:
            del _held[key]
    finally:
        os.close(handle)  # closing releases the lock


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: int) -> bool:
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(handle: int) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
