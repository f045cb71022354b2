"""Where pilotkit creates a repository (a pilot, a lead's template): never half of one.

The new repository is built in a scratch directory beside its destination and moved into
place in one step only when everything worked; on any failure or Ctrl-C the scratch
directory goes, with any parent directory pilotkit had to create. SIGTERM counts as a
Ctrl-C.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pilotkit import interrupts
from pilotkit.errors import PilotkitError
from pilotkit.files import file_in_the_way, why_not_written


def check_destination(dest: Path) -> None:
    """Refuse a DEST that is a file, a directory with something in it, or below a file."""
    blocker = file_in_the_way(dest)
    if blocker is not None:
        raise _cannot_create(dest, f"{blocker} is a file, not a directory")
    if dest.is_file() or dest.is_symlink():
        raise PilotkitError(f"{dest} exists and is not a directory; choose a new path")
    if dest.is_dir() and any(dest.iterdir()):
        raise PilotkitError(f"{dest} exists and is not empty; choose a new path or empty it first")


@contextmanager
def staging(dest: Path) -> Iterator[Path]:
    """A scratch path beside DEST; it and what pilotkit created are removed on failure."""
    created = _outermost_missing(dest)
    holder: Path | None = None
    try:
        with interrupts.held():  # the scratch folder is known before a signal can stop us
            holder = _make_holder(dest)
        yield holder / dest.name
    except BaseException:  # an error, Ctrl-C or SIGTERM (`pilotkit.interrupts`)
        with interrupts.held():  # a signal arriving now waits until all is removed
            if holder is not None:
                _remove(holder)
            if created is not None:
                _remove(created)
        raise
    shutil.rmtree(holder, ignore_errors=True)


def _make_holder(dest: Path) -> Path:
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{dest.name}.pilotkit-", dir=dest.parent))
    except OSError as err:
        raise _cannot_create(dest, why_not_written(dest, err)[0]) from None


def _remove(path: Path, timeout: float = 5.0) -> None:
    """Remove the tree at PATH, again while something still writes into it.

    git stopped in the middle of a commit leaves its helper (`git maintenance run
    --auto`) to finish on its own in the repository being removed; one pass of rmtree
    can miss what it writes.
    """
    deadline = time.monotonic() + timeout
    shutil.rmtree(path, ignore_errors=True)
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
        shutil.rmtree(path, ignore_errors=True)


def _cannot_create(dest: Path, reason: str) -> PilotkitError:
    return PilotkitError(f"cannot create {dest}: {reason}; choose another path")


def _outermost_missing(dest: Path) -> Path | None:
    """The outermost ancestor of DEST that does not exist yet, which pilotkit will create."""
    missing = [parent for parent in dest.parents if not parent.exists()]
    return missing[-1] if missing else None
